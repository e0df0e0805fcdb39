//! A group's label mix: one horizontal 100% stacked bar per outlet with its
//! n, segments labelled with their percentage where wide enough.

use super::*;

/// Pixel size `(width, height)` that [`draw_shares`] uses for `chart`.
///
/// Width is at least 1,000 px (more when outlet labels are long); height
/// gives each outlet a 46 px row plus the title, legend and axis.
pub(super) fn shares_chart_size(chart: &SharesChart) -> (u32, u32) {
    let layout = shares_layout(chart);
    (layout.width, layout.height)
}

impl Figure for (&SharesChart, SharesLayout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        draw_shares_on(root, self.0, &self.1, drawn)
    }
}

/// Draw a group's label mix as horizontal 100% stacked bars and write it to
/// `path` (PNG, or SVG when the path ends in `.svg`).
///
/// One bar per outlet, labelled "Outlet (n = matches)"; segments are
/// categories, labelled with their percentage when wide enough. An outlet
/// with no matches in the group gets an empty bar labelled "no matches".
///
/// # Errors
/// [`ChartError::Nothing`] without outlets or categories; `Shape` when
/// `counts` does not match them; `TooLarge`, `Font`, `Draw`, `Write` otherwise.
pub(super) fn draw_shares(chart: &SharesChart, path: &Path) -> Result<Drawn, ChartError> {
    validate_shares(chart, path)?;
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let layout = shares_layout(chart);
    render(path, (layout.width, layout.height), &(chart, layout))
}

fn validate_shares(chart: &SharesChart, path: &Path) -> Result<(), ChartError> {
    if chart.outlets.is_empty() || chart.categories.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    let shape = |detail: String| ChartError::Shape {
        path: path.to_path_buf(),
        detail,
    };
    if chart.counts.len() != chart.outlets.len() {
        return Err(shape(format!(
            "counts has {} outlet rows but there are {} outlets",
            chart.counts.len(),
            chart.outlets.len()
        )));
    }
    for (row, outlet) in chart.counts.iter().zip(&chart.outlets) {
        if row.len() != chart.categories.len() {
            return Err(shape(format!(
                "counts for outlet {outlet:?} has {} entries but there are {} categories",
                row.len(),
                chart.categories.len()
            )));
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
struct SharesLayout {
    width: u32,
    height: u32,
    header: Header,
    plot: Rect,
    outlet_labels: Vec<String>,
}

impl SharesLayout {
    fn x_px(&self, percent: f64) -> i32 {
        let p = self.plot;
        (f64::from(p.left) + percent.clamp(0.0, 100.0) / 100.0 * f64::from(p.right - p.left))
            .round() as i32
    }

    /// Vertical centre of outlet `o`'s bar out of `n` (outlet 0 at the top).
    fn row_mid(&self, o: usize, n: usize) -> i32 {
        let p = self.plot;
        let h = f64::from(p.bottom - p.top) / n.max(1) as f64;
        (f64::from(p.top) + (o as f64 + 0.5) * h).round() as i32
    }
}

fn row_total(row: &[u64]) -> u128 {
    row.iter().map(|&c| u128::from(c)).sum()
}

fn shares_layout(chart: &SharesChart) -> SharesLayout {
    let n_out = u32::try_from(chart.outlets.len().max(1)).unwrap_or(u32::MAX);
    let plot_h = n_out.saturating_mul(SHARES_ROW_PX).max(2 * SHARES_ROW_PX);
    if plot_h > MAX_SIDE {
        // Refused by `check_size`; skip the text work that would only be thrown away.
        return SharesLayout {
            width: MIN_WIDTH,
            height: plot_h,
            header: Header {
                title_lines: Vec::new(),
                legend: Vec::new(),
                height: 0,
            },
            plot: Rect::NONE,
            outlet_labels: Vec::new(),
        };
    }
    let label_font = font(LABEL_PX);
    let outlet_labels: Vec<String> = chart
        .outlets
        .iter()
        .enumerate()
        .map(|(o, name)| {
            let total = chart.counts.get(o).map_or(0, |r| row_total(r));
            let total = u64::try_from(total).unwrap_or(u64::MAX);
            let name = fit(&one_line(name), MAX_NAME_PX, &label_font);
            format!("{} (n = {})", isolate(&name), thousands(total))
        })
        .collect();
    let widest = outlet_labels
        .iter()
        .map(|s| text_width(s, &label_font))
        .max()
        .unwrap_or(0);
    let left = MARGIN + widest + 12;
    // Room on the right for the "100" tick label.
    let width = (left + SHARES_PLOT_WIDTH + MARGIN + 12).max(MIN_WIDTH);
    let right = width - MARGIN - 12;

    let entries: Vec<(LegendMark, String)> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(c, name)| {
            let label = fit(&one_line(name), MAX_NAME_PX, &label_font);
            (LegendMark::Series(series_style(c)), label)
        })
        .collect();
    let header = header_layout(&chart.title, entries, width);
    let top = header.height + 4;
    let bottom = top + plot_h;
    // Tick labels, then the axis title below them.
    let height = bottom + TICK as u32 + 24 + AXIS_TITLE_LINE + MARGIN;
    SharesLayout {
        width,
        height,
        header,
        plot: Rect::new(left, top, right, bottom),
        outlet_labels,
    }
}

fn draw_shares_on<DB: Surface>(
    root: &Canvas<DB>,
    chart: &SharesChart,
    l: &SharesLayout,
    drawn: &mut Drawn,
) -> Result<(), String> {
    drawn.px_per_unit = f64::from(l.plot.right - l.plot.left) / 100.0;
    draw_header(root, &l.header)?;
    let n_out = chart.outlets.len();
    let p = l.plot;

    // Vertical grid every 10 %, ticks and labels below the plot.
    let tick_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
    for i in 0..=10 {
        let percent = f64::from(i) * 10.0;
        let x = l.x_px(percent);
        if i > 0 {
            line(root, (x, p.top), (x, p.bottom), GRID, 1)?;
        }
        line(root, (x, p.bottom), (x, p.bottom + TICK), OUTLINE, 1)?;
        draw_text(
            root,
            &format!("{}", i * 10),
            (x, p.bottom + TICK + 4),
            tick_ink,
        )?;
    }
    let axis_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
    let axis_y = p.bottom + TICK + 4 + 24;
    draw_text(
        root,
        "share of the group's matches (%)",
        ((p.left + p.right) / 2, axis_y),
        axis_ink,
    )?;

    let name_ink = Ink::new(LABEL_PX, INK, HPos::Right, VPos::Center);
    let seg_font = font(SMALL_PX);
    let row_h = (p.bottom - p.top) / n_out.max(1) as i32;
    let half_bar = (SHARES_BAR_PX.min(row_h * 7 / 10)) / 2;

    for (o, row) in chart.counts.iter().enumerate() {
        let y_mid = l.row_mid(o, n_out);
        let (top, bottom) = (y_mid - half_bar, y_mid + half_bar);
        if let Some(label) = l.outlet_labels.get(o) {
            draw_text(root, label, (p.left - 10, y_mid), name_ink)?;
        }
        let total = row_total(row);
        if total == 0 {
            filled(root, (p.left, top), (p.right, bottom), EMPTY_BAR)?;
            outlined(root, (p.left, top), (p.right, bottom), GRID)?;
            let ink = Ink::new(SMALL_PX, MUTED, HPos::Center, VPos::Center);
            draw_text(root, "no matches", ((p.left + p.right) / 2, y_mid), ink)?;
            continue;
        }
        let mut cumulative: u128 = 0;
        for (c, &count) in row.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let start = cumulative as f64 / total as f64 * 100.0;
            cumulative += u128::from(count);
            let end = cumulative as f64 / total as f64 * 100.0;
            let (x0, x1) = (l.x_px(start), l.x_px(end));
            let style = series_style(c);
            drawn.marks.push(Mark {
                series: chart.outlets.get(o).cloned().unwrap_or_default(),
                category: chart.categories.get(c).cloned().unwrap_or_default(),
                value: end - start,
                extent_px: x1 - x0,
                text: String::new(),
            });
            fill_rect(root, (x0, top), (x1, bottom), style, None)?;
            // A white hairline separates neighbouring segments.
            if x0 > p.left {
                line(root, (x0, top), (x0, bottom), WHITE, 1)?;
            }
            let label = format!("{:.0}%", end - start);
            let tw = text_width(&label, &seg_font) as i32;
            if x1 - x0 >= tw + 10 {
                let cx = (x0 + x1) / 2;
                if style.hatch != Hatch::Solid {
                    // Plain backing so the number stays legible on stripes.
                    filled(
                        root,
                        (cx - tw / 2 - 3, y_mid - 9),
                        (cx + tw / 2 + 3, y_mid + 9),
                        style.colour,
                    )?;
                }
                let ink = Ink::new(
                    SMALL_PX,
                    text_colour_on(style.colour),
                    HPos::Center,
                    VPos::Center,
                );
                draw_text(root, &label, (cx, y_mid), ink)?;
            }
        }
        outlined(root, (p.left, top), (p.right, bottom), OUTLINE)?;
    }
    // Axes on top.
    line(root, (p.left, p.top), (p.left, p.bottom), OUTLINE, 1)?;
    line(root, (p.left, p.bottom), (p.right, p.bottom), OUTLINE, 1)?;
    Ok(())
}

impl Chart for SharesChart {
    fn size(&self) -> (u32, u32) {
        shares_chart_size(self)
    }

    fn draw(&self, path: &Path) -> Result<Drawn, ChartError> {
        draw_shares(self, path)
    }
}
