//! The timeline drawn and read back: stacks at their values, thin periods
//! faded, gaps kept, change points and outlet colours drawn, bad input refused.

use super::*;

/// `panels` outlets, 3 labels, `periods` months; every fifth period of a
/// panel is thin (total 3), every seventh has no data. Shares fill 100.
fn chart(panels: usize, periods: usize) -> TimelineChart {
    let share = |t: usize, o: usize| 10.0 + ((t * 7 + o * 5) % 50) as f64;
    TimelineChart {
        title: "armed_groups: share of each label among the group's matches, by month".into(),
        y_label: "% of the group's matches".into(),
        periods: (0..periods)
            .map(|i| format!("{}-{:02}", 2015 + i / 12, i % 12 + 1))
            .collect(),
        series: vec!["terrorist".into(), "rebel".into(), "militant".into()],
        styles: vec![0, 1, 4],
        panels: (0..panels)
            .map(|o| {
                let gap = |t: usize| (t + o) % 7 == 6;
                TimelinePanel {
                    outlet: format!("Outlet {o}"),
                    style: (o + 1 < panels || panels == 1).then_some(o),
                    totals: (0..periods)
                        .map(|t| match t {
                            _ if gap(t) => 0,
                            _ if (t + o) % 5 == 4 => 3,
                            _ => 40,
                        })
                        .collect(),
                    values: (0..3)
                        .map(|s| {
                            (0..periods)
                                .map(|t| {
                                    (!gap(t)).then(|| match s {
                                        0 => share(t, o),
                                        1 => 30.0,
                                        _ => 70.0 - share(t, o),
                                    })
                                })
                                .collect()
                        })
                        .collect(),
                    intervals: vec![None; periods],
                    changes: vec![periods / 2],
                }
            })
            .collect(),
        max: Some(100.0),
        few: 10,
        few_label: "fewer than 10 matches in the month".into(),
        interval_label: String::new(),
        unit: "matches".into(),
    }
}

#[test]
fn stacks_sit_at_their_values_and_thin_periods_are_faded() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = chart(4, 12);
    let path = dir.path().join("t.png");
    let drawn = draw_timeline(&c, &path).expect("drawn");
    let expected: usize = c
        .panels
        .iter()
        .map(|p| {
            p.values
                .iter()
                .map(|s| s.iter().flatten().count())
                .sum::<usize>()
        })
        .sum();
    assert_eq!(drawn.marks.len(), expected);
    assert!(expected < 4 * 3 * 12, "some periods are gaps");
    for m in &drawn.marks {
        let want = m.value * drawn.px_per_unit;
        assert!((f64::from(m.extent_px) - want).abs() <= 1.5, "{m:?}");
    }
    // Outlet 0's 5th period (index 4) is thin: total 3 < 10.
    let thin: Vec<&Mark> = drawn
        .marks
        .iter()
        .filter(|m| m.series.starts_with("Outlet 0 /") && m.category == "2015-05")
        .collect();
    assert_eq!(thin.len(), 3);
    assert!(thin.iter().all(|m| m.text == "thin"));
    let l = layout(&c);
    assert_eq!(l.columns, 3, "12 periods: three panels side by side");
    // Twelve months of one year: labelled by month, as many as fit.
    assert_eq!(l.labels.first(), Some(&(0, "2015-01".to_string())));
    assert!(
        l.labels.len() > 1 && l.labels.iter().all(|(t, s)| c.periods[*t] == *s),
        "months of one year are labelled by month: {:?}",
        l.labels
    );
    super::super::tests::assert_drawn(
        &path,
        timeline_chart_size(&c),
        &[OKABE_ITO[0], OKABE_ITO[1], OKABE_ITO[4], OTHER],
    );
    let img = super::super::tests::decode(&path);
    let at = |x: i32, y: i32| img.pixels[(y as u32 * img.width + x as u32) as usize];
    let rgb = |c: RGBColor| [c.0, c.1, c.2];
    let p = l.plot(0);
    let middle = |t: usize| {
        let (x0, x1) = Layout::column(p, t, 12);
        (x0 + x1) / 2
    };
    // Period 0 of outlet 0 is full: its bottom is the first label's colour;
    // period 4 is thin: faded.
    assert_eq!(at(middle(0), p.bottom - 3), rgb(OKABE_ITO[0]));
    assert_eq!(at(middle(4), p.bottom - 3), rgb(faded(OKABE_ITO[0])));
    // Period 6 has no data: the plot shows through.
    assert_eq!(at(middle(6), p.bottom - 3), [255, 255, 255]);
    // The outlet's colour underlines the panel title: orange for outlet 0,
    // grey for the pooled last panel.
    for (i, colour) in [(0, OKABE_ITO[0]), (3, OTHER)] {
        let p = l.plot(i);
        let y = p.top - PANEL_TITLE as i32 + 2 + 19;
        assert_eq!(at(p.left + 3, y), rgb(colour), "panel {i}");
    }
    // A dark dashed line marks the change before period 6.
    let (x, _) = Layout::column(p, 6, 12);
    let ink = (p.top..p.bottom).filter(|&y| at(x, y) == rgb(INK)).count();
    assert!(ink > 40, "{ink} ink pixels on the change point");
}

#[test]
fn many_panels_and_periods_stack_in_one_column_with_years_labelled() {
    let dir = tempfile::tempdir().expect("tempdir");
    let c = chart(13, 100);
    let path = dir.path().join("t.svg");
    let drawn = draw_timeline(&c, &path).expect("drawn");
    assert!(!drawn.marks.is_empty());
    let l = layout(&c);
    assert_eq!(l.columns, 1, "100 months need the whole width");
    let years: Vec<&str> = l.labels.iter().map(|(_, y)| y.as_str()).collect();
    assert_eq!(years[..3], ["2015", "2016", "2017"]);
    let (w, h) = timeline_chart_size(&c);
    assert!(w <= 1400 && h < 13 * 300, "{w} x {h}");
}

#[test]
fn a_rates_axis_covers_full_periods_and_their_whiskers() {
    let mut c = chart(2, 6);
    c.max = None;
    for p in &mut c.panels {
        p.intervals = (0..6).map(|t| Some((50.0, 120.0 + t as f64))).collect();
    }
    // A thin period's tall stack does not stretch the axis.
    c.panels[0].values[0][4] = Some(1000.0);
    let l = layout(&c);
    assert!(
        l.ticks.top() >= 125.0 && l.ticks.top() < 200.0,
        "{:?}",
        l.ticks
    );
}

#[test]
fn bad_input_is_an_error() {
    let p = Path::new("t.png");
    let mut c = chart(2, 3);
    c.periods.clear();
    assert!(matches!(draw_timeline(&c, p), Err(ChartError::Nothing(_))));
    let mut c = chart(2, 3);
    c.panels[1].values[0].pop();
    assert!(matches!(
        draw_timeline(&c, p),
        Err(ChartError::Shape { .. })
    ));
    let mut c = chart(2, 3);
    c.panels[0].totals.pop();
    assert!(matches!(
        draw_timeline(&c, p),
        Err(ChartError::Shape { .. })
    ));
    let mut c = chart(2, 3);
    c.styles.pop();
    assert!(matches!(
        draw_timeline(&c, p),
        Err(ChartError::Shape { .. })
    ));
    let mut c = chart(2, 3);
    c.panels[0].values[0][0] = Some(f64::NAN);
    assert!(matches!(
        draw_timeline(&c, p),
        Err(ChartError::InvalidValue { .. })
    ));
    let mut c = chart(2, 3);
    c.panels[0].intervals[1] = Some((2.0, 1.0));
    assert!(matches!(
        draw_timeline(&c, p),
        Err(ChartError::InvalidValue { .. })
    ));
}

#[test]
fn months_of_one_year_are_labelled_by_month_and_several_years_by_year() {
    let months: Vec<String> = (1..=12).map(|m| format!("2019-{m:02}")).collect();
    let labels = period_labels(&months, 1000);
    assert_eq!(labels.first(), Some(&(0, "2019-01".to_string())));
    assert!(labels.len() > 1, "{labels:?}");
    assert!(labels.iter().all(|(t, l)| *l == months[*t]), "{labels:?}");
    let years: Vec<String> = ["2018-11", "2018-12", "2019-01", "2019-02"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        period_labels(&years, 1000),
        vec![(0, "2018".to_string()), (2, "2019".to_string())]
    );
}
