//! Timeline: one line per outlet across periods (months, years), each point
//! with its interval, for rates or shares over time. Periods without data for
//! an outlet break its line rather than being drawn as zero. Outlets past the
//! eighth keep their colour cycle and are told apart by marker shape
//! (circle, square, triangle), as hatching tells them apart in bar charts.

use super::*;

/// One outlet's value in one period, with its interval and its n.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimelinePoint {
    /// The value, in the chart's unit.
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// The count behind the value (matches, or articles), shown nowhere but kept for readers of the data.
    pub n: u64,
}

/// One outlet's line.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineSeries {
    /// Outlet name, in the legend.
    pub outlet: String,
    /// The outlet's position in the fixed outlet order: its colour is
    /// [`series_style`]`(style)`, as in every other chart.
    pub style: usize,
    /// One entry per period; `None` where the outlet has no data.
    pub points: Vec<Option<TimelinePoint>>,
}

/// Values per period and outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineChart {
    /// What is compared, e.g. "armed_groups / terrorist: matches per 1,000 tokens by month".
    pub title: String,
    /// The value axis' title with its unit, e.g. "matches per 1,000 tokens".
    pub y_label: String,
    /// Period labels along the x axis, in time order.
    pub periods: Vec<String>,
    /// One line per outlet.
    pub series: Vec<TimelineSeries>,
    /// The largest value the unit allows (100 for percentages), so the axis
    /// stops there.
    pub max: Option<f64>,
}

const PLOT_H: u32 = 400;
const MIN_PERIOD_PX: f64 = 14.0;
const MAX_PERIOD_PX: f64 = 90.0;

#[derive(Debug, Clone)]
struct Layout {
    width: u32,
    height: u32,
    header: Header,
    plot: Rect,
    ticks: Ticks,
    /// Label every `label_every`-th period.
    label_every: usize,
}

impl Layout {
    fn x_px(&self, period: usize, n: usize) -> i32 {
        let p = self.plot;
        let step = f64::from(p.right - p.left) / n.max(1) as f64;
        (f64::from(p.left) + (period as f64 + 0.5) * step).round() as i32
    }

    fn y_px(&self, v: f64) -> i32 {
        self.plot.y_px(v, self.ticks.top())
    }
}

fn points(chart: &TimelineChart) -> impl Iterator<Item = &TimelinePoint> {
    chart.series.iter().flat_map(|s| s.points.iter().flatten())
}

fn layout(chart: &TimelineChart) -> Layout {
    let n = chart.periods.len().max(1);
    let label_font = font(LABEL_PX);
    // y_scale leaves 5% headroom: none past the unit's largest value.
    let cap = chart.max.map_or(f64::INFINITY, |m| m / 1.05);
    let (ticks, left) = y_scale(
        points(chart)
            .flat_map(|p| [p.value, p.high])
            .map(|v| v.min(cap)),
    );
    let natural = (n as f64 * MIN_PERIOD_PX).max(f64::from(MIN_WIDTH - left - MARGIN));
    let plot_w = natural
        .min(n as f64 * MAX_PERIOD_PX)
        .max(n as f64 * MIN_PERIOD_PX);
    let width = ((f64::from(left + MARGIN) + plot_w).ceil() as u32).max(MIN_WIDTH);
    if width > MAX_SIDE {
        return Layout {
            width,
            height: PLOT_H,
            header: no_header(),
            plot: Rect::NONE,
            ticks,
            label_every: 1,
        };
    }
    let right = width - MARGIN;
    let step = f64::from(right - left) / n as f64;
    let widest = chart
        .periods
        .iter()
        .map(|p| text_width(p, &label_font))
        .max()
        .unwrap_or(0);
    let label_every = ((f64::from(widest) + 12.0) / step).ceil().max(1.0) as usize;
    let mut entries: Vec<(LegendMark, String)> = chart
        .series
        .iter()
        .map(|s| {
            (
                LegendMark::Line(series_style(s.style)),
                fit(&one_line(&s.outlet), MAX_NAME_PX, &label_font),
            )
        })
        .collect();
    entries.push((LegendMark::Whisker, "interval".to_string()));
    let header = header_layout(&chart.title, entries, width);
    let top = header.height + AXIS_TITLE_LINE + 8;
    let bottom = top + PLOT_H;
    Layout {
        width,
        height: bottom + 12 + CATEGORY_LINE + MARGIN,
        header,
        plot: Rect::new(left, top, right, bottom),
        ticks,
        label_every,
    }
}

/// Pixel size `(width, height)` that [`draw_timeline`] uses for `chart`.
pub(super) fn timeline_chart_size(chart: &TimelineChart) -> (u32, u32) {
    let l = layout(chart);
    (l.width, l.height)
}

/// Draw values per period as one line per outlet with intervals and write
/// the chart to `path` (PNG, or SVG when the path ends in `.svg`).
///
/// # Errors
/// [`ChartError::Nothing`] without periods or series; `Shape` when a
/// series does not have one entry per period; `InvalidValue` for a value
/// that is NaN, infinite or negative or a reversed interval; `TooLarge`,
/// `Font`, `Draw`, `Write` otherwise.
pub(super) fn draw_timeline(chart: &TimelineChart, path: &Path) -> Result<Drawn, ChartError> {
    if chart.periods.is_empty() || chart.series.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    for s in &chart.series {
        if s.points.len() != chart.periods.len() {
            return Err(ChartError::Shape {
                path: path.to_path_buf(),
                detail: format!(
                    "outlet {:?} has {} points but there are {} periods",
                    s.outlet,
                    s.points.len(),
                    chart.periods.len()
                ),
            });
        }
        for (p, period) in s.points.iter().zip(&chart.periods) {
            let Some(p) = p else { continue };
            let ok = [p.value, p.low, p.high]
                .iter()
                .all(|v| v.is_finite() && *v >= 0.0)
                && p.low <= p.high;
            if !ok {
                return Err(ChartError::InvalidValue {
                    path: path.to_path_buf(),
                    detail: format!(
                        "outlet {:?}, period {period:?}: value {}, interval {} to {}",
                        s.outlet, p.value, p.low, p.high
                    ),
                });
            }
        }
    }
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let l = layout(chart);
    render(path, (l.width, l.height), &(chart, l))
}

/// A marker of `style`'s shape: circle (solid pass), square, triangle.
pub(super) fn marker<DB: Surface>(
    root: &Canvas<DB>,
    (x, y): (i32, i32),
    style: SeriesStyle,
) -> Result<(), String> {
    let fill = style.colour.filled();
    let edge = OUTLINE.stroke_width(1);
    match style.hatch {
        Hatch::Solid => {
            root.draw(&Circle::new((x, y), 5, fill)).map_err(de)?;
            root.draw(&Circle::new((x, y), 5, edge)).map_err(de)
        }
        Hatch::Diagonal => {
            root.draw(&Rectangle::new([(x - 5, y - 5), (x + 5, y + 5)], fill))
                .map_err(de)?;
            root.draw(&Rectangle::new([(x - 5, y - 5), (x + 5, y + 5)], edge))
                .map_err(de)
        }
        Hatch::Cross => {
            let corners = vec![(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)];
            root.draw(&Polygon::new(corners.clone(), fill))
                .map_err(de)?;
            let mut ring = corners;
            ring.push((x, y - 6));
            root.draw(&PathElement::new(ring, edge)).map_err(de)
        }
    }
}

impl Figure for (&TimelineChart, Layout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        let (chart, l) = (self.0, &self.1);
        draw_header(root, &l.header)?;
        let p = l.plot;
        let n = chart.periods.len();
        draw_y_axis(root, p, &l.ticks, &chart.y_label)?;
        let period_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
        for (i, period) in chart.periods.iter().enumerate() {
            let x = l.x_px(i, n);
            line(root, (x, p.bottom), (x, p.bottom + TICK), OUTLINE, 1)?;
            if i % l.label_every == 0 {
                draw_text(root, period, (x, p.bottom + 12), period_ink)?;
            }
        }
        drawn.px_per_unit = f64::from(p.bottom - p.top) / l.ticks.top();
        // Points of different outlets in one period are spread a little so
        // their intervals do not hide each other.
        let step = f64::from(p.right - p.left) / n.max(1) as f64;
        let k = chart.series.len();
        let spread = (step * 0.6 / k as f64).min(8.0);
        for (s_i, s) in chart.series.iter().enumerate() {
            let style = series_style(s.style);
            let dx = ((s_i as f64 - (k as f64 - 1.0) / 2.0) * spread).round() as i32;
            let at = |i: usize, v: f64| (l.x_px(i, n) + dx, l.y_px(v));
            for i in 1..n {
                if let (Some(Some(a)), Some(Some(b))) = (s.points.get(i - 1), s.points.get(i)) {
                    line(root, at(i - 1, a.value), at(i, b.value), style.colour, 2)?;
                }
            }
            for (i, point) in s.points.iter().enumerate() {
                let Some(pt) = point else { continue };
                let (x, _) = at(i, pt.value);
                draw_whisker(
                    root,
                    x,
                    (l.y_px(pt.low), l.y_px(pt.high)),
                    3,
                    style.colour,
                    1,
                )?;
            }
            for (i, point) in s.points.iter().enumerate() {
                let Some(pt) = point else { continue };
                let xy = at(i, pt.value);
                marker(root, xy, style)?;
                drawn.marks.push(Mark {
                    series: s.outlet.clone(),
                    category: chart.periods.get(i).cloned().unwrap_or_default(),
                    value: pt.value,
                    extent_px: p.bottom - xy.1,
                    text: String::new(),
                });
            }
        }
        line(root, (p.left, p.top), (p.left, p.bottom), OUTLINE, 1)?;
        line(root, (p.left, p.bottom), (p.right, p.bottom), OUTLINE, 1)?;
        Ok(())
    }
}

impl Chart for TimelineChart {
    fn size(&self) -> (u32, u32) {
        timeline_chart_size(self)
    }

    fn draw(&self, path: &Path) -> Result<Drawn, ChartError> {
        draw_timeline(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(v: f64) -> Option<TimelinePoint> {
        Some(TimelinePoint {
            value: v,
            low: v * 0.5,
            high: v * 1.5,
            n: 10,
        })
    }

    fn chart(series: usize, periods: usize) -> TimelineChart {
        TimelineChart {
            title: "armed_groups / terrorist: matches per 1,000 tokens by month".into(),
            y_label: "matches per 1,000 tokens (95% exact Poisson CI)".into(),
            periods: (0..periods)
                .map(|i| format!("{}-{:02}", 2015 + i / 12, i % 12 + 1))
                .collect(),
            series: (0..series)
                .map(|s| TimelineSeries {
                    outlet: format!("Outlet {s}"),
                    style: s,
                    points: (0..periods)
                        .map(|i| {
                            if (i + s) % 5 == 4 {
                                None
                            } else {
                                point(1.0 + ((i * 3 + s * 7) % 10) as f64 / 4.0)
                            }
                        })
                        .collect(),
                })
                .collect(),
            max: None,
        }
    }

    #[test]
    fn points_sit_at_their_values_and_gaps_stay_gaps() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = chart(3, 12);
        let path = dir.path().join("t.png");
        let drawn = draw_timeline(&c, &path).expect("drawn");
        let expected: usize = c
            .series
            .iter()
            .map(|s| s.points.iter().flatten().count())
            .sum();
        assert_eq!(drawn.marks.len(), expected);
        assert!(expected < 36, "some periods are gaps");
        for m in &drawn.marks {
            let want = m.value * drawn.px_per_unit;
            assert!((f64::from(m.extent_px) - want).abs() <= 1.0, "{m:?}");
        }
        super::super::tests::assert_drawn(&path, timeline_chart_size(&c), &OKABE_ITO[..3]);
    }

    #[test]
    fn many_series_and_periods_draw() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = chart(20, 60);
        let path = dir.path().join("t.svg");
        let drawn = draw_timeline(&c, &path).expect("drawn");
        assert!(!drawn.marks.is_empty());
        let l = layout(&c);
        assert!(l.label_every > 1, "crowded period labels are thinned");
    }

    #[test]
    fn bad_input_is_an_error() {
        let p = Path::new("t.png");
        let mut c = chart(2, 3);
        c.periods.clear();
        assert!(matches!(draw_timeline(&c, p), Err(ChartError::Nothing(_))));
        let mut c = chart(2, 3);
        c.series[1].points.pop();
        assert!(matches!(
            draw_timeline(&c, p),
            Err(ChartError::Shape { .. })
        ));
        let mut c = chart(2, 3);
        c.series[0].points[0] = Some(TimelinePoint {
            value: 1.0,
            low: 2.0,
            high: 1.5,
            n: 1,
        });
        assert!(matches!(
            draw_timeline(&c, p),
            Err(ChartError::InvalidValue { .. })
        ));
    }
}
