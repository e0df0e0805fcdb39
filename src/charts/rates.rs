//! Rates with intervals: grouped bars, one group per category and one bar
//! per outlet, whiskers for the interval. Width grows with categories and
//! outlets so labels never overlap; a pooled "other outlets" series is grey.

use super::*;

/// Pixel size `(width, height)` that [`draw_rates`] uses for `chart`.
///
/// Width grows with the number of categories and outlets (at least 1,000 px):
/// each category group gets `max(120, outlets * bar + 28)` px, with bars of
/// 30, 22, 16 or 12 px for up to 3, 6, 10 or more outlets. Height is a 440 px
/// plot plus the lines needed by the title, legend and wrapped category labels.
pub(super) fn rates_chart_size(chart: &RatesChart) -> (u32, u32) {
    let layout = rates_layout(chart);
    (layout.width, layout.height)
}

/// Draw rates with intervals as grouped bars and write them to `path`
/// (PNG, or SVG when the path ends in `.svg`).
///
/// Categories run along the x axis, one bar per outlet in each category
/// group, with whiskers from `low` to `high`. The legend maps each outlet's
/// colour to "Outlet (n = tokens tokens)" (the largest token count given for
/// that outlet).
///
/// # Errors
/// [`ChartError::Nothing`] without outlets or categories; `Shape` when `bars`
/// does not match them; `InvalidValue` for NaN, infinite or negative values or
/// `low > high`; `TooLarge`, `Font`, `Draw`, `Write` otherwise.
pub(super) fn draw_rates(chart: &RatesChart, path: &Path) -> Result<Drawn, ChartError> {
    validate_rates(chart, path)?;
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let layout = rates_layout(chart);
    render(path, (layout.width, layout.height), &(chart, layout))
}

impl Figure for (&RatesChart, RatesLayout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        draw_rates_on(root, self.0, &self.1, drawn)
    }
}

fn validate_rates(chart: &RatesChart, path: &Path) -> Result<(), ChartError> {
    if chart.outlets.is_empty() || chart.categories.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    let shape = |detail: String| ChartError::Shape {
        path: path.to_path_buf(),
        detail,
    };
    if chart.bars.len() != chart.categories.len() {
        return Err(shape(format!(
            "bars has {} category rows but there are {} categories",
            chart.bars.len(),
            chart.categories.len()
        )));
    }
    for (row, category) in chart.bars.iter().zip(&chart.categories) {
        if row.len() != chart.outlets.len() {
            return Err(shape(format!(
                "bars for category {category:?} has {} entries but there are {} outlets",
                row.len(),
                chart.outlets.len()
            )));
        }
        for (bar, outlet) in row.iter().zip(&chart.outlets) {
            let invalid = |what: &str| ChartError::InvalidValue {
                path: path.to_path_buf(),
                detail: format!(
                    "outlet {outlet:?}, category {category:?}: {what} (rate {}, low {}, high {})",
                    bar.rate, bar.low, bar.high
                ),
            };
            for (name, v) in [("rate", bar.rate), ("low", bar.low), ("high", bar.high)] {
                if !v.is_finite() {
                    return Err(invalid(&format!("{name} is not a finite number")));
                }
                if v < 0.0 {
                    return Err(invalid(&format!("{name} is negative")));
                }
            }
            if bar.low > bar.high {
                return Err(invalid("the interval's low end is above its high end"));
            }
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub(super) struct RatesLayout {
    width: u32,
    height: u32,
    header: Header,
    plot: Rect,
    ticks: Ticks,
    bar_px: f64,
    category_lines: Vec<Vec<String>>,
}

impl RatesLayout {
    /// The layout of a chart too large to draw: only its size is meaningful.
    fn oversized(width: u32) -> Self {
        Self {
            width,
            height: MIN_WIDTH,
            header: Header {
                title_lines: Vec::new(),
                legend: Vec::new(),
                height: 0,
            },
            plot: Rect::NONE,
            ticks: Ticks::covering(1.0, 8),
            bar_px: 0.0,
            category_lines: Vec::new(),
        }
    }

    pub(super) fn y_max(&self) -> f64 {
        self.ticks.top()
    }

    fn y_px(&self, v: f64) -> i32 {
        self.plot.y_px(v, self.y_max())
    }

    /// Left and right pixel edges of category group `c` out of `n`.
    fn group_px(&self, c: usize, n: usize) -> (f64, f64) {
        let p = self.plot;
        let w = f64::from(p.right - p.left) / n.max(1) as f64;
        (
            f64::from(p.left) + c as f64 * w,
            f64::from(p.left) + (c + 1) as f64 * w,
        )
    }
}

fn base_bar_px(outlets: usize) -> f64 {
    match outlets {
        0..=3 => 30.0,
        4..=6 => 22.0,
        7..=10 => 16.0,
        _ => 12.0,
    }
}

pub(super) fn rates_layout(chart: &RatesChart) -> RatesLayout {
    let n_out = chart.outlets.len().max(1);
    let n_cat = chart.categories.len().max(1);
    let label_font = font(LABEL_PX);

    let (ticks, left) = y_scale(chart.bars.iter().flatten().flat_map(|b| [b.rate, b.high]));

    let natural_group =
        (n_out as f64 * base_bar_px(n_out) + RATES_GROUP_GAP).max(RATES_MIN_GROUP_PX);
    let natural_w = f64::from(left + MARGIN) + natural_group * n_cat as f64;
    let width = (natural_w.ceil() as u32).max(MIN_WIDTH);
    if width > MAX_SIDE {
        // Refused by `check_size`; skip the text work that would only be thrown away.
        return RatesLayout::oversized(width);
    }
    let right = width - MARGIN;
    let group_px = f64::from(right - left) / n_cat as f64;
    let bar_px = ((group_px - RATES_GROUP_GAP) / n_out as f64).clamp(2.0, RATES_MAX_BAR_PX);

    let label_w = (group_px - 10.0).max(40.0) as u32;
    let category_lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| wrap(c, label_w, MAX_CATEGORY_LINES, &label_font))
        .collect();
    let max_lines = category_lines.iter().map(Vec::len).max().unwrap_or(1) as u32;

    let mut entries: Vec<(LegendMark, String)> = chart
        .outlets
        .iter()
        .enumerate()
        .map(|(o, name)| {
            let tokens = chart
                .bars
                .iter()
                .filter_map(|row| row.get(o).map(|b| b.tokens))
                .max()
                .unwrap_or(0);
            let name = fit(&one_line(name), MAX_NAME_PX, &label_font);
            (
                LegendMark::Series(rates_style(chart, o)),
                format!("{} (n = {} tokens)", isolate(&name), thousands(tokens)),
            )
        })
        .collect();
    entries.push((
        LegendMark::Whisker,
        "interval (thin grey: no match)".to_string(),
    ));
    let header = header_layout(&chart.title, entries, width);

    let top = header.height + AXIS_TITLE_LINE + 8;
    let bottom = top + RATES_PLOT_HEIGHT;
    let height = bottom + 12 + max_lines * CATEGORY_LINE + MARGIN;
    RatesLayout {
        width,
        height,
        header,
        plot: Rect::new(left, top, right, bottom),
        ticks,
        bar_px,
        category_lines,
    }
}

fn draw_rates_on<DB: Surface>(
    root: &Canvas<DB>,
    chart: &RatesChart,
    l: &RatesLayout,
    drawn: &mut Drawn,
) -> Result<(), String> {
    draw_header(root, &l.header)?;
    let n_cat = chart.categories.len();
    let n_out = chart.outlets.len();
    let p = l.plot;

    // Light bands behind every other category group make groups easy to tell apart.
    for c in (1..n_cat).step_by(2) {
        let (x0, x1) = l.group_px(c, n_cat);
        filled(
            root,
            (x0.round() as i32, p.top),
            (x1.round() as i32, p.bottom),
            BAND,
        )?;
    }
    draw_y_axis(root, p, &l.ticks, "matches per 1,000 tokens")?;

    let inner_gap = if l.bar_px >= 10.0 { 2.0 } else { 1.0 };
    let half_cap = (l.bar_px * 0.3).clamp(2.0, 9.0) as i32;
    for (c, row) in chart.bars.iter().enumerate() {
        let (g0, g1) = l.group_px(c, n_cat);
        let start = (g0 + g1) / 2.0 - l.bar_px * n_out as f64 / 2.0;
        // Bars first, then whiskers, so no bar covers a neighbour's whisker cap.
        for (o, bar) in row.iter().enumerate() {
            let x0 = (start + o as f64 * l.bar_px).round() as i32;
            let x1 = (start + (o + 1) as f64 * l.bar_px - inner_gap).round() as i32;
            let top = l.y_px(bar.rate);
            fill_rect(
                root,
                (x0, p.bottom),
                (x1, top),
                rates_style(chart, o),
                Some(OUTLINE),
            )?;
            drawn.marks.push(Mark {
                series: chart.outlets.get(o).cloned().unwrap_or_default(),
                category: chart.categories.get(c).cloned().unwrap_or_default(),
                value: bar.rate,
                extent_px: p.bottom - top,
                text: String::new(),
            });
        }
        for (o, bar) in row.iter().enumerate() {
            let mid = (start + (o as f64 + 0.5) * l.bar_px - inner_gap / 2.0).round() as i32;
            let (y_low, y_high) = (l.y_px(bar.low), l.y_px(bar.high));
            if bar.count == 0 {
                // No match: a thin grey line up to the largest rate consistent with zero.
                draw_whisker(root, mid, (y_low, y_high), half_cap, MUTED, 1)?;
                continue;
            }
            draw_whisker(root, mid, (y_low, y_high), half_cap, INK, 2)?;
            // On a dark bar, the part of the whisker inside it is drawn in white.
            let colour = rates_style(chart, o).colour;
            let top = l.y_px(bar.rate);
            if luminance(colour) < 0.1 && y_low > top {
                line(root, (mid, y_low), (mid, top), WHITE, 2)?;
            }
        }
    }
    // Axes on top of everything.
    line(root, (p.left, p.top), (p.left, p.bottom), OUTLINE, 1)?;
    line(root, (p.left, p.bottom), (p.right, p.bottom), OUTLINE, 1)?;
    drawn.px_per_unit = f64::from(p.bottom - p.top) / l.y_max();
    let all_zero = chart
        .bars
        .iter()
        .flatten()
        .all(|b| b.high <= 0.0 && b.rate <= 0.0);
    if all_zero {
        let ink = Ink::new(LABEL_PX, MUTED, HPos::Center, VPos::Center);
        let centre = ((p.left + p.right) / 2, (p.top + p.bottom) / 2);
        draw_text(root, "every rate and interval is zero", centre, ink)?;
    }

    // Category labels, wrapped, centred under their group.
    let label_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
    for (c, lines) in l.category_lines.iter().enumerate() {
        let (g0, g1) = l.group_px(c, n_cat);
        let centre = ((g0 + g1) / 2.0).round() as i32;
        for (i, text) in lines.iter().enumerate() {
            let y = p.bottom + 12 + (i as u32 * CATEGORY_LINE) as i32;
            draw_text(root, text, (centre, y), label_ink)?;
        }
    }
    Ok(())
}

impl Chart for RatesChart {
    fn size(&self) -> (u32, u32) {
        rates_chart_size(self)
    }

    fn draw(&self, path: &Path) -> Result<Drawn, ChartError> {
        draw_rates(self, path)
    }
}
