//! Timeline: small multiples over time, one panel per outlet, each a
//! column per period (months, years) stacked from its series (a group's
//! labels): shares that fill 100%, or rates whose stack is the group's
//! rate, with an interval whisker on the stack's total. Contiguous periods
//! touch, so the columns read as a stacked area. All panels share the axes.
//! A period with little data behind it is drawn faded (its colours mixed
//! with white), a period without data is left empty. Change points are
//! dark dashed lines between two periods, named at the top.
//!
//! Series get the styles the caller names (a label's colour of the shares
//! chart, [`series_style`]); each panel's title carries its outlet's swatch
//! in the outlet's colour of the other charts (grey for pooled outlets).
//! Periods written `YYYY-MM` or `YYYY-Www` are labelled by year when they
//! span several years, by their own names within one year.

use super::*;

/// One outlet's panel.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelinePanel {
    /// The outlet, the panel's title.
    pub outlet: String,
    /// The outlet's position in the fixed outlet order (its colour in the
    /// other charts); `None` for the pooled rest, drawn grey.
    pub style: Option<usize>,
    /// The data behind each period (matches, articles): below
    /// [`TimelineChart::few`] a period is drawn faded.
    pub totals: Vec<u64>,
    /// `values[series][period]`, stacked in series order; `None` (in every
    /// series) where the period has no data.
    pub values: Vec<Vec<Option<f64>>>,
    /// Per period, the interval of the stack's total (`None`: no whisker).
    pub intervals: Vec<Option<(f64, f64)>>,
    /// Change points to mark: the first period after each.
    pub changes: Vec<usize>,
}

/// Stacked values per period, one panel per outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineChart {
    /// What is compared.
    pub title: String,
    /// The value axis' title with its unit.
    pub y_label: String,
    /// Period labels along the x axis, in time order.
    pub periods: Vec<String>,
    /// The series' names (labels), in the legend.
    pub series: Vec<String>,
    /// Each series' style index ([`series_style`]).
    pub styles: Vec<usize>,
    /// The panels, in the outlets' fixed order.
    pub panels: Vec<TimelinePanel>,
    /// The largest value the unit allows (100 for percentages).
    pub max: Option<f64>,
    /// A period whose total is below this is drawn faded.
    pub few: u64,
    /// What a faded period is, for the legend.
    pub few_label: String,
    /// What the whiskers are, for the legend (empty: none drawn).
    pub interval_label: String,
    /// What the totals count, for the panel titles ("matches").
    pub unit: String,
}

const PANEL_H: u32 = 170;
const PANEL_TITLE: u32 = 28;
const PANEL_GAP_X: u32 = 30;
const PANEL_GAP_Y: u32 = 16;
const MAX_COLUMNS: usize = 3;
/// Pixels per period a panel aims for, and the plot widths it stays within.
const PERIOD_PX: u32 = 9;
const MIN_PANEL_W: u32 = 300;
const MAX_PANEL_W: u32 = 1150;
/// The charts' target width: panels are laid out in as many columns as fit.
const TARGET_W: u32 = 1300;
/// How much white a faded period's colours are mixed with.
const FADE: f64 = 0.65;

#[derive(Debug, Clone)]
struct Layout {
    width: u32,
    height: u32,
    header: Header,
    ticks: Ticks,
    /// Width of the tick labels left of each plot.
    axis_w: u32,
    panel_w: u32,
    columns: usize,
    /// The periods labelled on the x axis, with their labels.
    labels: Vec<(usize, String)>,
    top: u32,
}

impl Layout {
    /// The plot rectangle of panel `i`.
    fn plot(&self, i: usize) -> Rect {
        let (row, col) = (i / self.columns, i % self.columns);
        let left = MARGIN + self.axis_w + col as u32 * (self.axis_w + self.panel_w + PANEL_GAP_X);
        let top = self.top + row as u32 * Self::row_h() + PANEL_TITLE;
        Rect::new(left, top, left + self.panel_w, top + PANEL_H)
    }

    fn row_h() -> u32 {
        PANEL_TITLE + PANEL_H + TICK as u32 + 4 + CATEGORY_LINE + PANEL_GAP_Y
    }

    /// The left and right pixel of period `t`'s column out of `n`.
    fn column(p: Rect, t: usize, n: usize) -> (i32, i32) {
        let step = f64::from(p.right - p.left) / n.max(1) as f64;
        let at = |t: usize| (f64::from(p.left) + t as f64 * step).round() as i32;
        (at(t), at(t + 1))
    }

    fn y_px(&self, p: Rect, v: f64) -> i32 {
        p.y_px(v, self.ticks.top())
    }
}

/// Whether period `t` of `panel` has enough data to be drawn in full.
fn thick(chart: &TimelineChart, panel: &TimelinePanel, t: usize) -> bool {
    panel.totals.get(t).copied().unwrap_or(0) >= chart.few
}

/// A column's stacked total.
fn stack(panel: &TimelinePanel, t: usize) -> f64 {
    panel
        .values
        .iter()
        .filter_map(|s| s.get(t).copied().flatten())
        .sum()
}

/// What the axis must cover: the unit's largest value when it has one,
/// else every full period's stack and whisker (a faded period's may run
/// off the top), or every stack when no period is full.
fn values(chart: &TimelineChart) -> Vec<f64> {
    if let Some(max) = chart.max {
        // y_scale adds 5% headroom: the axis ends at `max`.
        return vec![max / 1.05];
    }
    let n = chart.periods.len();
    let covered = |full: bool| -> Vec<f64> {
        chart
            .panels
            .iter()
            .flat_map(|p| {
                (0..n)
                    .filter(move |&t| !full || thick(chart, p, t))
                    .flat_map(move |t| {
                        let high = p.intervals.get(t).copied().flatten().map_or(0.0, |i| i.1);
                        [stack(p, t), if full { high } else { 0.0 }]
                    })
            })
            .collect()
    };
    let full = covered(true);
    if full.iter().any(|&v| v > 0.0) {
        full
    } else {
        covered(false)
    }
}

/// Year labels for `YYYY-MM` and `YYYY-Www` periods over more than one
/// year (at each year's first period), else every period's own; thinned to
/// what fits in `width`.
fn period_labels(periods: &[String], width: u32) -> Vec<(usize, String)> {
    let by_year = periods.len() > 1
        && periods.iter().all(|p| {
            let b = p.as_bytes();
            b.len() >= 7 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
        })
        && periods
            .iter()
            .any(|p| p.get(..4) != periods.first().and_then(|f| f.get(..4)));
    let candidates: Vec<(usize, String)> = if by_year {
        let mut last = "";
        periods
            .iter()
            .enumerate()
            .filter_map(|(t, p)| {
                let year = &p[..4];
                (year != last).then(|| {
                    last = year;
                    (t, year.to_string())
                })
            })
            .collect()
    } else {
        periods.iter().cloned().enumerate().collect()
    };
    let small = font(SMALL_PX);
    let widest = candidates
        .iter()
        .map(|(_, l)| text_width(l, &small))
        .max()
        .unwrap_or(0);
    let step = f64::from(width) / periods.len().max(1) as f64;
    let mut out: Vec<(usize, String)> = Vec::new();
    for (t, label) in candidates {
        let clear = out
            .last()
            .is_none_or(|(u, _)| (t - u) as f64 * step >= f64::from(widest) + 12.0);
        if clear {
            out.push((t, label));
        }
    }
    out
}

fn layout(chart: &TimelineChart) -> Layout {
    let label_font = font(LABEL_PX);
    let (ticks, left) = y_scale(values(chart));
    let axis_w = left - MARGIN;
    let n = chart.periods.len().max(1) as u32;
    let want = (n.saturating_mul(PERIOD_PX)).clamp(MIN_PANEL_W, MAX_PANEL_W);
    let fits = ((TARGET_W + PANEL_GAP_X) / (axis_w + want + PANEL_GAP_X)).max(1) as usize;
    let columns = fits.min(MAX_COLUMNS).min(chart.panels.len()).max(1);
    // Panels share the width when there are fewer than would fit.
    let panel_w = if columns == 1 {
        want.max(TARGET_W - axis_w)
    } else {
        (TARGET_W - columns as u32 * axis_w - (columns as u32 - 1) * PANEL_GAP_X) / columns as u32
    }
    .max(MIN_PANEL_W);
    let rows = chart.panels.len().div_ceil(columns).max(1);
    let width =
        (MARGIN * 2 + columns as u32 * (axis_w + panel_w) + (columns as u32 - 1) * PANEL_GAP_X)
            .max(MIN_WIDTH);
    let mut entries: Vec<(LegendMark, String)> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let style = series_style(chart.styles.get(i).copied().unwrap_or(i));
            (
                LegendMark::Series(style),
                fit(&one_line(s), MAX_NAME_PX, &label_font),
            )
        })
        .collect();
    entries.push((
        LegendMark::Series(SeriesStyle {
            colour: faded(OKABE_ITO[0]),
            hatch: Hatch::Solid,
        }),
        chart.few_label.clone(),
    ));
    if !chart.interval_label.is_empty() {
        entries.push((LegendMark::Whisker, chart.interval_label.clone()));
    }
    if chart.panels.iter().any(|p| !p.changes.is_empty()) {
        entries.push((LegendMark::Reference, "change point".into()));
    }
    let header = header_layout(&chart.title, entries, width);
    let top = header.height + AXIS_TITLE_LINE + 4;
    let height = top + rows as u32 * Layout::row_h() + MARGIN;
    Layout {
        width,
        height,
        header,
        ticks,
        axis_w,
        panel_w,
        columns,
        labels: period_labels(&chart.periods, panel_w),
        top,
    }
}

/// `c` mixed with white: a faded period.
fn faded(c: RGBColor) -> RGBColor {
    let mix = |v: u8| (f64::from(v) * (1.0 - FADE) + 255.0 * FADE).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Pixel size `(width, height)` that [`draw_timeline`] uses for `chart`.
pub(super) fn timeline_chart_size(chart: &TimelineChart) -> (u32, u32) {
    let l = layout(chart);
    (l.width, l.height)
}

/// Checks `chart` and draws it into `path` (PNG, or SVG when the path ends
/// in `.svg`).
///
/// # Errors
/// [`ChartError::Nothing`] without periods, series or panels; `Shape` when
/// a panel does not have one total, interval and value per series and
/// period, or the styles are not one per series; `InvalidValue` for a
/// value that is NaN, infinite or negative or a reversed interval;
/// `TooLarge`, `Font`, `Draw`, `Write` otherwise.
pub(super) fn draw_timeline(chart: &TimelineChart, path: &Path) -> Result<Drawn, ChartError> {
    if chart.periods.is_empty() || chart.series.is_empty() || chart.panels.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    let n = chart.periods.len();
    let shape = |detail: String| ChartError::Shape {
        path: path.to_path_buf(),
        detail,
    };
    if chart.styles.len() != chart.series.len() {
        return Err(shape(format!(
            "{} styles for {} series",
            chart.styles.len(),
            chart.series.len()
        )));
    }
    let invalid = |detail: String| ChartError::InvalidValue {
        path: path.to_path_buf(),
        detail,
    };
    for p in &chart.panels {
        let o = &p.outlet;
        if p.totals.len() != n || p.intervals.len() != n {
            return Err(shape(format!(
                "outlet {o:?} has {} totals and {} intervals but there are {n} periods",
                p.totals.len(),
                p.intervals.len()
            )));
        }
        if p.values.len() != chart.series.len() {
            return Err(shape(format!(
                "outlet {o:?} has {} series but the chart names {}",
                p.values.len(),
                chart.series.len()
            )));
        }
        for (s, name) in p.values.iter().zip(&chart.series) {
            if s.len() != n {
                return Err(shape(format!(
                    "outlet {o:?}, {name:?}: {} values but there are {n} periods",
                    s.len()
                )));
            }
            if let Some((v, period)) = s
                .iter()
                .zip(&chart.periods)
                .find(|(v, _)| v.is_some_and(|v| !(v.is_finite() && v >= 0.0)))
            {
                return Err(invalid(format!(
                    "outlet {o:?}, {name:?}, period {period:?}: value {v:?}"
                )));
            }
        }
        if let Some(((lo, hi), period)) = p
            .intervals
            .iter()
            .zip(&chart.periods)
            .filter_map(|(i, period)| i.map(|i| (i, period)))
            .find(|((lo, hi), _)| !(lo.is_finite() && hi.is_finite() && *lo >= 0.0 && lo <= hi))
        {
            return Err(invalid(format!(
                "outlet {o:?}, period {period:?}: interval {lo} to {hi}"
            )));
        }
    }
    let l = layout(chart);
    render(path, (l.width, l.height), &(chart, l))
}

impl Figure for (&TimelineChart, Layout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        let (chart, l) = (self.0, &self.1);
        draw_header(root, &l.header)?;
        let axis_ink = Ink::new(LABEL_PX, INK, HPos::Left, VPos::Bottom);
        let y_title = fit(
            &one_line(&chart.y_label),
            l.width - 2 * MARGIN,
            &font(LABEL_PX),
        );
        draw_text(
            root,
            &y_title,
            (MARGIN as i32, (l.top - 6) as i32),
            axis_ink,
        )?;
        drawn.px_per_unit = f64::from(PANEL_H) / l.ticks.top();
        for (i, panel) in chart.panels.iter().enumerate() {
            paint_panel(root, chart, l, i, panel, drawn)?;
        }
        Ok(())
    }
}

/// One outlet's panel: title, axes, stacked columns, whiskers, change points.
fn paint_panel<DB: Surface>(
    root: &Canvas<DB>,
    chart: &TimelineChart,
    l: &Layout,
    i: usize,
    panel: &TimelinePanel,
    drawn: &mut Drawn,
) -> Result<(), String> {
    let p = l.plot(i);
    let n = chart.periods.len();

    // Title: its name and its total, underlined in the outlet's colour of
    // the other charts (a bar, unlike the series' square swatches).
    let colour = match panel.style {
        Some(s) => series_style(s).colour,
        None => OTHER,
    };
    let title_y = p.top - PANEL_TITLE as i32 + 2;
    let total: u64 = panel.totals.iter().sum();
    let title = format!(
        "{} (n = {} {})",
        isolate(&one_line(&panel.outlet)),
        thousands(total),
        chart.unit
    );
    let bold = bold_font(LABEL_PX);
    let title = fit(&title, l.panel_w, &bold);
    let ink = Ink {
        bold: true,
        ..Ink::new(LABEL_PX, INK, HPos::Left, VPos::Center)
    };
    draw_text(root, &title, (p.left, title_y + 8), ink)?;
    let w = text_width(&title, &bold) as i32;
    filled(
        root,
        (p.left, title_y + 17),
        (p.left + w, title_y + 21),
        colour,
    )?;

    // The value axis, ticks labelled on every panel.
    let tick_ink = Ink::new(SMALL_PX, INK, HPos::Right, VPos::Center);
    for &t in &l.ticks.values {
        let y = l.y_px(p, t);
        if t > 0.0 {
            line(root, (p.left, y), (p.right, y), GRID, 1)?;
        }
        line(root, (p.left - TICK, y), (p.left, y), OUTLINE, 1)?;
        draw_text(root, &l.ticks.label(t), (p.left - TICK - 4, y), tick_ink)?;
    }
    let period_ink = Ink::new(SMALL_PX, INK, HPos::Left, VPos::Top);
    for (t, label) in &l.labels {
        let (x, _) = Layout::column(p, *t, n);
        line(root, (x, p.bottom), (x, p.bottom + TICK), OUTLINE, 1)?;
        draw_text(root, label, (x + 2, p.bottom + TICK + 2), period_ink)?;
    }

    // Columns: series stacked from the bottom, faded where thin.
    for t in 0..n {
        let (x0, x1) = Layout::column(p, t, n);
        let full = thick(chart, panel, t);
        let mut base = 0.0;
        for (s, series) in panel.values.iter().enumerate() {
            let Some(v) = series.get(t).copied().flatten() else {
                continue;
            };
            let style = series_style(chart.styles.get(s).copied().unwrap_or(s));
            let (y0, y1) = (l.y_px(p, base), l.y_px(p, base + v));
            if y1 < y0 {
                let style = if full {
                    style
                } else {
                    SeriesStyle {
                        colour: faded(style.colour),
                        hatch: Hatch::Solid,
                    }
                };
                fill_rect(root, (x0, y1), (x1.max(x0 + 1), y0), style, None)?;
            }
            drawn.marks.push(Mark {
                series: format!(
                    "{} / {}",
                    panel.outlet,
                    chart.series.get(s).map_or("", String::as_str)
                ),
                category: chart.periods.get(t).cloned().unwrap_or_default(),
                value: v,
                extent_px: y0 - y1,
                text: if full { String::new() } else { "thin".into() },
            });
            base += v;
        }
        if let (true, Some((lo, hi))) = (full, panel.intervals.get(t).copied().flatten()) {
            let cx = (x0 + x1) / 2;
            let half = ((x1 - x0) / 3).clamp(1, 4);
            draw_whisker(root, cx, (l.y_px(p, lo), l.y_px(p, hi)), half, INK, 1)?;
        }
    }
    // Change points between two periods, named at the top.
    let small = font(SMALL_PX);
    let mut named_until = i32::MIN;
    for &t in &panel.changes {
        if t == 0 || t >= n {
            continue;
        }
        let (x, _) = Layout::column(p, t, n);
        dashed_vline(root, x, (p.top, p.bottom), INK)?;
        dashed_vline(root, x + 1, (p.top, p.bottom), INK)?;
        let label = chart.periods.get(t).map_or("", String::as_str);
        let w = text_width(label, &small) as i32;
        if x + 4 > named_until && x + 4 + w <= p.right {
            let ink = Ink::new(SMALL_PX, INK, HPos::Left, VPos::Top);
            filled(root, (x + 3, p.top + 2), (x + 6 + w, p.top + 18), WHITE)?;
            draw_text(root, label, (x + 4, p.top + 4), ink)?;
            named_until = x + 8 + w;
        }
    }
    line(root, (p.left, p.top), (p.left, p.bottom), OUTLINE, 1)?;
    line(root, (p.left, p.bottom), (p.right, p.bottom), OUTLINE, 1)?;
    Ok(())
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
mod tests;
