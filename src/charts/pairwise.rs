//! Pairwise outlet comparison: one row per (category, outlet pair), a
//! lollipop from zero to the pair's log ratio, the dot filled when the
//! adjusted p-value is below the significance level and hollow otherwise.
//! Each row names both outlets, with their colour swatches and counts, so
//! the direction of a difference never has to be looked up.

use super::*;

/// One comparison of two outlets on one category.
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseRow {
    /// Category label, e.g. "terrorist".
    pub category: String,
    /// First outlet: a positive log ratio means the category is more frequent here.
    pub outlet_a: String,
    /// Second outlet.
    pub outlet_b: String,
    /// Matches in the first and second outlet.
    pub counts: (u64, u64),
    /// `log2(rate_a / rate_b)` (Hardie's log ratio).
    pub log_ratio: f64,
    /// The family-wise adjusted p-value; `None` when undefined.
    pub p_adjusted: Option<f64>,
}

/// Log ratios of outlet pairs, with significance marks.
#[derive(Debug, Clone, PartialEq)]
pub struct PairwiseChart {
    /// What is compared, naming the adjustment, e.g. "... (Holm-adjusted p < 0.05 filled)".
    pub title: String,
    /// Outlets in the fixed colour order used by every chart: outlet `i` gets
    /// [`series_style`]`(i)`; a row's outlet not in this list gets [`OTHER`] grey.
    pub outlets: Vec<String>,
    /// Rows, top to bottom.
    pub rows: Vec<PairwiseRow>,
    /// Significance level: a dot is filled when `p_adjusted < alpha`.
    pub alpha: f64,
}

const ROW_PX: u32 = 28;
const PLOT_W: u32 = 560;
const SMALL_SWATCH: i32 = 12;
/// Longest outlet or category name in a row label.
const OUTLET_NAME_PX: u32 = 190;

#[derive(Debug, Clone)]
struct Layout {
    width: u32,
    height: u32,
    header: Header,
    plot: Rect,
    scale: SignedScale,
    labels: Vec<String>,
    p_labels: Vec<String>,
}

fn p_label(p: Option<f64>) -> String {
    match p {
        Some(p) if p < 0.001 => "p_adj < 0.001".to_string(),
        Some(p) => format!("p_adj = {p:.3}"),
        None => "p_adj n/a".to_string(),
    }
}

fn layout(chart: &PairwiseChart) -> Layout {
    let n = u32::try_from(chart.rows.len().max(1)).unwrap_or(u32::MAX);
    let plot_h = n.saturating_mul(ROW_PX);
    if plot_h > MAX_SIDE {
        return Layout {
            width: MIN_WIDTH,
            height: plot_h,
            header: no_header(),
            plot: Rect::NONE,
            scale: SignedScale::new([1.0], 1.0, (0, 1)),
            labels: Vec::new(),
            p_labels: Vec::new(),
        };
    }
    // Each name is cut on its own so both counts stay readable.
    let name_font = font(LABEL_PX);
    let name = |n: &str| isolate(&fit(&one_line(n), OUTLET_NAME_PX, &name_font));
    let (labels, widest) = row_labels(chart.rows.iter().map(|r| {
        format!(
            "{}: {} ({}) vs {} ({})",
            isolate(&fit(&one_line(&r.category), OUTLET_NAME_PX, &name_font)),
            name(&r.outlet_a),
            thousands(r.counts.0),
            name(&r.outlet_b),
            thousands(r.counts.1)
        )
    }));
    let p_labels: Vec<String> = chart.rows.iter().map(|r| p_label(r.p_adjusted)).collect();
    let small = font(SMALL_PX);
    let p_w = p_labels
        .iter()
        .map(|l| text_width(l, &small))
        .max()
        .unwrap_or(0);
    // Swatches of both outlets sit left of the label.
    let left = MARGIN + 2 * (SMALL_SWATCH as u32 + 4) + widest + 16;
    let right = left + PLOT_W;
    let width = (right + 16 + p_w + MARGIN).max(MIN_WIDTH);
    let entries = vec![
        (
            LegendMark::Dot(true),
            format!("adjusted p < {}", chart.alpha),
        ),
        (LegendMark::Dot(false), "not significant".to_string()),
    ];
    let header = header_layout(&chart.title, entries, width);
    let top = header.height + 4;
    let bottom = top + plot_h;
    let scale = SignedScale::new(
        chart.rows.iter().map(|r| r.log_ratio),
        1.0,
        (left as i32, right as i32),
    );
    Layout {
        width,
        height: bottom + SIGNED_AXIS_PX + 24 + MARGIN,
        header,
        plot: Rect::new(left, top, right, bottom),
        scale,
        labels,
        p_labels,
    }
}

/// Pixel size `(width, height)` that [`draw_pairwise`] uses for `chart`.
pub(super) fn pairwise_chart_size(chart: &PairwiseChart) -> (u32, u32) {
    let l = layout(chart);
    (l.width, l.height)
}

/// Draw pairwise log ratios as lollipops with significance marks and write
/// the chart to `path` (PNG, or SVG when the path ends in `.svg`).
///
/// # Errors
/// [`ChartError::Nothing`] without rows; `InvalidValue` for a log ratio
/// that is not finite; `TooLarge`, `Font`, `Draw`, `Write` otherwise.
pub(super) fn draw_pairwise(chart: &PairwiseChart, path: &Path) -> Result<Drawn, ChartError> {
    if chart.rows.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    if let Some(r) = chart.rows.iter().find(|r| !r.log_ratio.is_finite()) {
        return Err(ChartError::InvalidValue {
            path: path.to_path_buf(),
            detail: format!(
                "{} vs {}, category {:?}: log ratio is not a finite number",
                r.outlet_a, r.outlet_b, r.category
            ),
        });
    }
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let l = layout(chart);
    render(path, (l.width, l.height), &(chart, l))
}

fn outlet_style(chart: &PairwiseChart, outlet: &str) -> SeriesStyle {
    match chart.outlets.iter().position(|o| o == outlet) {
        Some(i) => series_style(i),
        None => SeriesStyle {
            colour: OTHER,
            hatch: Hatch::Solid,
        },
    }
}

impl Figure for (&PairwiseChart, Layout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        let (chart, l) = (self.0, &self.1);
        draw_header(root, &l.header)?;
        let p = l.plot;
        // Light bands on every other row.
        for i in (1..chart.rows.len()).step_by(2) {
            let y0 = p.top + i as i32 * ROW_PX as i32;
            filled(
                root,
                (MARGIN as i32, y0),
                (p.right, y0 + ROW_PX as i32),
                BAND,
            )?;
        }
        let axis_title =
            "log2 ratio of rates (first / second outlet): +1 = twice as frequent in the first";
        let below = l.scale.draw(root, (p.top, p.bottom), axis_title)?;
        let hint = Ink::new(SMALL_PX, MUTED, HPos::Center, VPos::Top);
        let zero = l.scale.x_px(0.0);
        draw_text(
            root,
            "← more in the second outlet",
            ((p.left + zero) / 2, below),
            hint,
        )?;
        draw_text(
            root,
            "more in the first outlet →",
            ((zero + p.right) / 2, below),
            hint,
        )?;
        drawn.px_per_unit = l.scale.px_per_unit();
        let name_ink = Ink::new(LABEL_PX, INK, HPos::Right, VPos::Center);
        let p_ink = Ink::new(SMALL_PX, INK, HPos::Left, VPos::Center);
        for (i, row) in chart.rows.iter().enumerate() {
            let y = p.top + i as i32 * ROW_PX as i32 + ROW_PX as i32 / 2;
            for (k, outlet) in [&row.outlet_a, &row.outlet_b].into_iter().enumerate() {
                let x = MARGIN as i32 + k as i32 * (SMALL_SWATCH + 4);
                let half = SMALL_SWATCH / 2;
                let style = outlet_style(chart, outlet);
                fill_rect(
                    root,
                    (x, y - half),
                    (x + SMALL_SWATCH, y + half),
                    style,
                    Some(OUTLINE),
                )?;
            }
            if let Some(label) = l.labels.get(i) {
                draw_text(root, label, (p.left - 10, y), name_ink)?;
            }
            let x = l.scale.x_px(row.log_ratio);
            line(root, (zero, y), (x, y), MUTED, 2)?;
            let significant = row.p_adjusted.is_some_and(|q| q < chart.alpha);
            dot(root, (x, y), 6, significant)?;
            if let Some(text) = l.p_labels.get(i) {
                draw_text(root, text, (p.right + 16, y), p_ink)?;
            }
            drawn.marks.push(Mark {
                series: format!("{} vs {}", row.outlet_a, row.outlet_b),
                category: row.category.clone(),
                value: row.log_ratio,
                extent_px: x - zero,
                text: if significant { "significant" } else { "" }.to_string(),
            });
        }
        l.scale.draw_zero(root, (p.top, p.bottom))?;
        Ok(())
    }
}

impl Chart for PairwiseChart {
    fn size(&self) -> (u32, u32) {
        pairwise_chart_size(self)
    }

    fn draw(&self, path: &Path) -> Result<Drawn, ChartError> {
        draw_pairwise(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(category: &str, a: &str, b: &str, lr: f64, p: Option<f64>) -> PairwiseRow {
        PairwiseRow {
            category: category.into(),
            outlet_a: a.into(),
            outlet_b: b.into(),
            counts: (5, 2),
            log_ratio: lr,
            p_adjusted: p,
        }
    }

    fn chart() -> PairwiseChart {
        PairwiseChart {
            title: "terrorist: log ratio of rates between outlets (Holm-adjusted p < 0.05 filled)"
                .into(),
            outlets: vec![
                "Alalam".into(),
                "Press TV".into(),
                "The Moscow Times".into(),
            ],
            rows: vec![
                row("terrorist", "Alalam", "Press TV", 2.5, Some(0.001)),
                row("terrorist", "Alalam", "The Moscow Times", -1.25, Some(0.4)),
                row("rebel", "Press TV", "Unlisted", 0.0, None),
            ],
            alpha: 0.05,
        }
    }

    #[test]
    fn lollipops_have_the_length_of_their_log_ratio() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = chart();
        let drawn = draw_pairwise(&c, &dir.path().join("p.png")).expect("drawn");
        assert_eq!(drawn.marks.len(), 3);
        for (m, r) in drawn.marks.iter().zip(&c.rows) {
            assert_eq!(m.value, r.log_ratio);
            let expected = r.log_ratio * drawn.px_per_unit;
            assert!((f64::from(m.extent_px) - expected).abs() <= 1.0, "{m:?}");
        }
        assert!(drawn.marks[0].extent_px > 0 && drawn.marks[1].extent_px < 0);
        assert_eq!(drawn.marks[0].text, "significant");
        assert_eq!(drawn.marks[1].text, "");
        assert_eq!(drawn.marks[2].extent_px, 0);
        assert_eq!(outlet_style(&c, "Unlisted").colour, OTHER);
        assert_eq!(outlet_style(&c, "Press TV"), series_style(1));
        let (w, h) = pairwise_chart_size(&c);
        assert!(w >= MIN_WIDTH && h > 3 * ROW_PX);
    }

    #[test]
    fn empty_and_invalid_rows_are_errors() {
        let p = Path::new("p.png");
        let mut c = chart();
        c.rows.clear();
        assert!(matches!(draw_pairwise(&c, p), Err(ChartError::Nothing(_))));
        let mut c = chart();
        c.rows[1].log_ratio = f64::NAN;
        let err = draw_pairwise(&c, p).expect_err("NaN");
        assert!(err.to_string().contains("The Moscow Times"), "{err}");
        assert_eq!(p_label(Some(0.0001)), "p_adj < 0.001");
        assert_eq!(p_label(Some(0.25)), "p_adj = 0.250");
        assert_eq!(p_label(None), "p_adj n/a");
    }
}
