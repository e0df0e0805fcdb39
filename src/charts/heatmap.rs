//! Adjusted-residual heatmap: one row per outlet, one column per category of
//! a group, each cell coloured by its Haberman adjusted residual on a
//! diverging blue-white-vermillion scale (colour-blind safe: the two ends
//! differ in lightness as well as hue) and printed with its value, so the
//! chart reads without the colour bar. Cells beyond +-1.96 are printed bold.

use super::*;

/// A group's outlet x category table of adjusted residuals.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatmapChart {
    /// What is compared, e.g. "armed_groups: adjusted residuals of the outlet x label table".
    pub title: String,
    /// Row labels, top to bottom.
    pub outlets: Vec<String>,
    /// Each row's matches in the group (shown as "n = ...").
    pub totals: Vec<u64>,
    /// Column labels, left to right.
    pub categories: Vec<String>,
    /// `residuals[outlet][category]`; a non-finite value is drawn as an empty cell.
    pub residuals: Vec<Vec<f64>>,
}

/// Residuals beyond this are drawn in the full colour.
const SATURATE: f64 = 4.0;
/// Two-sided 5% critical value of the standard normal.
const CRITICAL: f64 = 1.96;
const CELL_W: u32 = 112;
const CELL_H: u32 = 40;
const COLOUR_BAR_W: u32 = 360;
const COLOUR_BAR_H: u32 = 14;
const MIN_HEATMAP_WIDTH: u32 = 720;
const NEGATIVE: RGBColor = RGBColor(0, 114, 178);
const POSITIVE: RGBColor = RGBColor(213, 94, 0);

/// The cell colour of residual `r`: white at 0, Okabe-Ito blue below, vermillion above.
pub(super) fn residual_colour(r: f64) -> RGBColor {
    if !r.is_finite() {
        return EMPTY_BAR;
    }
    let t = (r.abs() / SATURATE).clamp(0.0, 1.0);
    let end = if r < 0.0 { NEGATIVE } else { POSITIVE };
    let mix = |e: u8| (255.0 + (f64::from(e) - 255.0) * t).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

#[derive(Debug, Clone)]
struct Layout {
    width: u32,
    height: u32,
    header: Header,
    grid: Rect,
    row_labels: Vec<String>,
    column_lines: Vec<Vec<String>>,
}

fn layout(chart: &HeatmapChart) -> Layout {
    let n_out = u32::try_from(chart.outlets.len().max(1)).unwrap_or(u32::MAX);
    let n_cat = u32::try_from(chart.categories.len().max(1)).unwrap_or(u32::MAX);
    let grid_h = n_out.saturating_mul(CELL_H);
    let grid_w = n_cat.saturating_mul(CELL_W);
    if grid_h > MAX_SIDE || grid_w > MAX_SIDE {
        return Layout {
            width: grid_w,
            height: grid_h,
            header: no_header(),
            grid: Rect::NONE,
            row_labels: Vec::new(),
            column_lines: Vec::new(),
        };
    }
    let (row_labels, widest) = row_labels(chart.outlets.iter().enumerate().map(|(o, name)| {
        let n = chart.totals.get(o).copied().unwrap_or(0);
        format!("{} (n = {})", isolate(name), thousands(n))
    }));
    let left = MARGIN + widest + 12;
    let width = (left + grid_w + MARGIN).max(MIN_HEATMAP_WIDTH);
    let label_font = font(LABEL_PX);
    let column_lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| wrap(c, CELL_W - 8, MAX_CATEGORY_LINES, &label_font))
        .collect();
    let lines = column_lines.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let header = header_layout(&chart.title, Vec::new(), width);
    let top = header.height + lines * CATEGORY_LINE + 8;
    let bottom = top + grid_h;
    let height = bottom + 24 + COLOUR_BAR_H + SIGNED_AXIS_PX + MARGIN;
    Layout {
        width,
        height,
        header,
        grid: Rect::new(left, top, left + grid_w, bottom),
        row_labels,
        column_lines,
    }
}

/// Pixel size `(width, height)` that [`draw_heatmap`] uses for `chart`.
pub(super) fn heatmap_chart_size(chart: &HeatmapChart) -> (u32, u32) {
    let l = layout(chart);
    (l.width, l.height)
}

/// Draw a group's adjusted residuals as a heatmap with values and write it
/// to `path` (PNG, or SVG when the path ends in `.svg`).
///
/// # Errors
/// [`ChartError::Nothing`] without outlets or categories; `Shape` when
/// `residuals` or `totals` do not match them; `TooLarge`, `Font`, `Draw`,
/// `Write` otherwise.
pub(super) fn draw_heatmap(chart: &HeatmapChart, path: &Path) -> Result<Drawn, ChartError> {
    if chart.outlets.is_empty() || chart.categories.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    let shape_ok = chart.residuals.len() == chart.outlets.len()
        && chart.totals.len() == chart.outlets.len()
        && chart
            .residuals
            .iter()
            .all(|r| r.len() == chart.categories.len());
    if !shape_ok {
        return Err(ChartError::Shape {
            path: path.to_path_buf(),
            detail: format!(
                "residuals and totals need {} rows of {} values",
                chart.outlets.len(),
                chart.categories.len()
            ),
        });
    }
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let l = layout(chart);
    render(path, (l.width, l.height), &(chart, l))
}

impl Figure for (&HeatmapChart, Layout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        let (chart, l) = (self.0, &self.1);
        draw_header(root, &l.header)?;
        let g = l.grid;
        let label_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
        let lines = l.column_lines.iter().map(Vec::len).max().unwrap_or(1) as i32;
        for (c, col) in l.column_lines.iter().enumerate() {
            let centre = g.left + c as i32 * CELL_W as i32 + CELL_W as i32 / 2;
            for (i, text) in col.iter().enumerate() {
                let y = g.top - 8 - (lines - i as i32) * CATEGORY_LINE as i32 + 4;
                draw_text(root, text, (centre, y), label_ink)?;
            }
        }
        let name_ink = Ink::new(LABEL_PX, INK, HPos::Right, VPos::Center);
        for (o, row) in chart.residuals.iter().enumerate() {
            let y0 = g.top + o as i32 * CELL_H as i32;
            if let Some(label) = l.row_labels.get(o) {
                draw_text(root, label, (g.left - 10, y0 + CELL_H as i32 / 2), name_ink)?;
            }
            for (c, &r) in row.iter().enumerate() {
                let x0 = g.left + c as i32 * CELL_W as i32;
                let bg = residual_colour(r);
                filled(root, (x0, y0), (x0 + CELL_W as i32, y0 + CELL_H as i32), bg)?;
                outlined(
                    root,
                    (x0, y0),
                    (x0 + CELL_W as i32, y0 + CELL_H as i32),
                    WHITE,
                )?;
                let text = if r.is_finite() {
                    format!("{r:+.2}")
                } else {
                    "n/a".to_string()
                };
                let ink = Ink {
                    bold: r.abs() >= CRITICAL,
                    ..Ink::new(LABEL_PX, text_colour_on(bg), HPos::Center, VPos::Center)
                };
                let centre = (x0 + CELL_W as i32 / 2, y0 + CELL_H as i32 / 2);
                draw_text(root, &text, centre, ink)?;
                drawn.marks.push(Mark {
                    series: chart.outlets.get(o).cloned().unwrap_or_default(),
                    category: chart.categories.get(c).cloned().unwrap_or_default(),
                    value: r,
                    extent_px: 0,
                    text,
                });
            }
        }
        outlined(root, (g.left, g.top), (g.right, g.bottom), OUTLINE)?;
        // Colour bar from -4 to +4 with its scale.
        let bar_left = g.left.max(MARGIN as i32);
        let scale = SignedScale {
            left: bar_left,
            right: bar_left + COLOUR_BAR_W as i32,
            ticks: Ticks::covering(SATURATE, 4),
        };
        let bar_top = g.bottom + 24;
        let bar_bottom = bar_top + COLOUR_BAR_H as i32;
        for x in scale.left..scale.right {
            let v = (f64::from(x - scale.left) / f64::from(scale.right - scale.left) * 2.0 - 1.0)
                * scale.top();
            line(root, (x, bar_top), (x, bar_bottom), residual_colour(v), 1)?;
        }
        outlined(
            root,
            (scale.left, bar_top),
            (scale.right, bar_bottom),
            OUTLINE,
        )?;
        for v in [-CRITICAL, CRITICAL] {
            let x = scale.x_px(v);
            line(root, (x, bar_top - 4), (x, bar_bottom + 4), INK, 2)?;
        }
        scale.draw(
            root,
            (bar_top, bar_bottom),
            "adjusted residual (bold, and marks on the bar: beyond ±1.96, 5% level)",
        )?;
        Ok(())
    }
}

impl Chart for HeatmapChart {
    fn size(&self) -> (u32, u32) {
        heatmap_chart_size(self)
    }

    fn draw(&self, path: &Path) -> Result<Drawn, ChartError> {
        draw_heatmap(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(outlets: usize, categories: usize) -> HeatmapChart {
        HeatmapChart {
            title: "armed_groups: adjusted residuals, outlet x label".into(),
            outlets: (0..outlets).map(|o| format!("Outlet {o}")).collect(),
            totals: (0..outlets).map(|o| 10 + o as u64).collect(),
            categories: (0..categories).map(|c| format!("label_{c}")).collect(),
            residuals: (0..outlets)
                .map(|o| {
                    (0..categories)
                        .map(|c| (o as f64 - c as f64) * 1.3)
                        .collect()
                })
                .collect(),
        }
    }

    #[test]
    fn colours_diverge_from_white() {
        assert_eq!(residual_colour(0.0), RGBColor(255, 255, 255));
        assert_eq!(residual_colour(9.0), POSITIVE);
        assert_eq!(residual_colour(-4.0), NEGATIVE);
        assert_eq!(residual_colour(f64::NAN), EMPTY_BAR);
        let mid = residual_colour(2.0);
        assert!(mid.0 > POSITIVE.0 && mid.2 > POSITIVE.2, "{mid:?}");
    }

    #[test]
    fn every_cell_is_drawn_with_its_value() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut c = chart(3, 4);
        // Saturated cells show the scale's end colours.
        c.residuals[0][1] = 5.0;
        c.residuals[0][2] = -5.0;
        let drawn = draw_heatmap(&c, &dir.path().join("h.png")).expect("drawn");
        assert_eq!(drawn.marks.len(), 12);
        for m in &drawn.marks {
            let printed: f64 = m.text.parse().expect("a number");
            assert!((printed - m.value).abs() <= 0.005, "{m:?}");
        }
        let mark = &drawn.marks[4 + 3];
        assert_eq!(
            (mark.series.as_str(), mark.category.as_str()),
            ("Outlet 1", "label_3")
        );
        assert!((mark.value - c.residuals[1][3]).abs() < 1e-12);
        let size = heatmap_chart_size(&c);
        super::super::tests::assert_drawn(&dir.path().join("h.png"), size, &[POSITIVE, NEGATIVE]);
        let svg = draw_heatmap(&c, &dir.path().join("h.svg")).expect("svg drawn");
        assert_eq!(svg.marks, drawn.marks);
        let text = std::fs::read_to_string(dir.path().join("h.svg")).expect("svg");
        assert!(text.starts_with("<svg"), "{}", &text[..40]);
        assert!(text.contains(&format!("width=\"{}\"", size.0)));
        assert!(text.contains("+2.60"), "values printed as text");
    }

    #[test]
    fn empty_and_ragged_tables_are_errors() {
        let p = Path::new("h.png");
        let mut c = chart(2, 2);
        c.outlets.clear();
        assert!(matches!(draw_heatmap(&c, p), Err(ChartError::Nothing(_))));
        let mut c = chart(2, 2);
        c.residuals[1].pop();
        assert!(matches!(draw_heatmap(&c, p), Err(ChartError::Shape { .. })));
        let mut c = chart(2, 2);
        c.totals.pop();
        assert!(matches!(draw_heatmap(&c, p), Err(ChartError::Shape { .. })));
        let c = chart(600, 2);
        assert!(matches!(
            draw_heatmap(&c, p),
            Err(ChartError::TooLarge { .. })
        ));
    }
}
