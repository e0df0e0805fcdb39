//! Distinctive terms of one outlet: one horizontal bar per term, its length
//! the z-score of the term's log-odds ratio against the other outlets
//! (Monroe, Colaresi and Quinn 2008). Bars towards the outlet are drawn in
//! its colour, bars away from it in grey, with dashed lines at +-1.96.

use super::*;

/// Terms that distinguish one outlet from the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct TermsChart {
    /// What is compared, e.g. "Press TV: distinctive terms vs all other outlets".
    pub title: String,
    /// The outlet, named in the legend.
    pub outlet: String,
    /// The outlet's position in the fixed outlet order: its colour is
    /// [`series_style`]`(style)`, as in every other chart.
    pub style: usize,
    /// `(term, z)`, drawn top to bottom in this order.
    pub terms: Vec<(String, f64)>,
}

const ROW_PX: u32 = 26;
const PLOT_W: u32 = 600;
/// Two-sided 5% critical value of the standard normal.
const CRITICAL: f64 = 1.96;
const AWAY: RGBColor = RGBColor(190, 190, 190);

#[derive(Debug, Clone)]
struct Layout {
    width: u32,
    height: u32,
    header: Header,
    plot: Rect,
    scale: SignedScale,
    labels: Vec<String>,
}

fn layout(chart: &TermsChart) -> Layout {
    let n = u32::try_from(chart.terms.len().max(1)).unwrap_or(u32::MAX);
    let plot_h = n.saturating_mul(ROW_PX);
    if plot_h > MAX_SIDE {
        return Layout {
            width: MIN_WIDTH,
            height: plot_h,
            header: no_header(),
            plot: Rect::NONE,
            scale: SignedScale::new([1.0], 1.0, (0, 1)),
            labels: Vec::new(),
        };
    }
    let (labels, widest) = row_labels(chart.terms.iter().map(|(t, _)| t.clone()));
    let left = MARGIN + widest + 12;
    // The plot takes the width left after the labels, at least PLOT_W; room for values on the right.
    let width = (left + PLOT_W + MARGIN + 60).max(MIN_WIDTH);
    let right = width - MARGIN - 60;
    let style = series_style(chart.style);
    let entries = vec![
        (
            LegendMark::Series(style),
            format!("more used by {}", isolate(&one_line(&chart.outlet))),
        ),
        (
            LegendMark::Series(SeriesStyle {
                colour: AWAY,
                hatch: Hatch::Solid,
            }),
            "more used by the other outlets".to_string(),
        ),
        (LegendMark::Reference, "z = ±1.96".to_string()),
    ];
    let header = header_layout(&chart.title, entries, width);
    let top = header.height + 4;
    let bottom = top + plot_h;
    let scale = SignedScale::new(
        chart.terms.iter().map(|(_, z)| *z),
        2.5,
        (left as i32, right as i32),
    );
    Layout {
        width,
        height: bottom + SIGNED_AXIS_PX + MARGIN,
        header,
        plot: Rect::new(left, top, right, bottom),
        scale,
        labels,
    }
}

/// Pixel size `(width, height)` that [`draw_terms`] uses for `chart`.
pub(super) fn terms_chart_size(chart: &TermsChart) -> (u32, u32) {
    let l = layout(chart);
    (l.width, l.height)
}

/// Draw an outlet's distinctive terms as signed bars of z and write the
/// chart to `path` (PNG, or SVG when the path ends in `.svg`).
///
/// # Errors
/// [`ChartError::Nothing`] without terms; `InvalidValue` for a z that is
/// not finite; `TooLarge`, `Font`, `Draw`, `Write` otherwise.
pub(super) fn draw_terms(chart: &TermsChart, path: &Path) -> Result<Drawn, ChartError> {
    if chart.terms.is_empty() {
        return Err(ChartError::Nothing(path.to_path_buf()));
    }
    if let Some((term, z)) = chart.terms.iter().find(|(_, z)| !z.is_finite()) {
        return Err(ChartError::InvalidValue {
            path: path.to_path_buf(),
            detail: format!(
                "outlet {:?}, term {term:?}: z is {z}, not a finite number",
                chart.outlet
            ),
        });
    }
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let l = layout(chart);
    render(path, (l.width, l.height), &(chart, l))
}

impl Figure for (&TermsChart, Layout) {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String> {
        let (chart, l) = (self.0, &self.1);
        draw_header(root, &l.header)?;
        let p = l.plot;
        l.scale.draw(
            root,
            (p.top, p.bottom),
            "z-score of the log-odds ratio vs the other outlets (Dirichlet prior)",
        )?;
        for v in [-CRITICAL, CRITICAL] {
            dashed_vline(root, l.scale.x_px(v), (p.top, p.bottom), MUTED)?;
        }
        drawn.px_per_unit = l.scale.px_per_unit();
        let zero = l.scale.x_px(0.0);
        let name_ink = Ink::new(LABEL_PX, INK, HPos::Right, VPos::Center);
        let value_font = SMALL_PX;
        let style = series_style(chart.style);
        for (i, (term, z)) in chart.terms.iter().enumerate() {
            let y = p.top + i as i32 * ROW_PX as i32 + ROW_PX as i32 / 2;
            if let Some(label) = l.labels.get(i) {
                draw_text(root, label, (p.left - 10, y), name_ink)?;
            }
            let x = l.scale.x_px(*z);
            let fill = if *z >= 0.0 {
                style
            } else {
                SeriesStyle {
                    colour: AWAY,
                    hatch: Hatch::Solid,
                }
            };
            if x != zero {
                fill_rect(root, (zero, y - 8), (x, y + 8), fill, Some(OUTLINE))?;
            }
            let text = format!("{z:+.1}");
            let (h, dx) = if *z >= 0.0 {
                (HPos::Left, 6)
            } else {
                (HPos::Right, -6)
            };
            draw_text(
                root,
                &text,
                (x + dx, y),
                Ink::new(value_font, INK, h, VPos::Center),
            )?;
            drawn.marks.push(Mark {
                series: chart.outlet.clone(),
                category: term.clone(),
                value: *z,
                extent_px: x - zero,
                text,
            });
        }
        l.scale.draw_zero(root, (p.top, p.bottom))?;
        Ok(())
    }
}

impl Chart for TermsChart {
    fn size(&self) -> (u32, u32) {
        terms_chart_size(self)
    }

    fn draw(&self, path: &Path) -> Result<Drawn, ChartError> {
        draw_terms(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> TermsChart {
        TermsChart {
            title: "Press TV: distinctive terms vs all other outlets".into(),
            outlet: "Press TV".into(),
            style: 2,
            terms: vec![
                ("terrorists".into(), 4.2),
                ("takfiri".into(), 2.0),
                ("rebels".into(), -3.1),
            ],
        }
    }

    #[test]
    fn bars_have_the_length_of_their_z() {
        let dir = tempfile::tempdir().expect("tempdir");
        let c = chart();
        let path = dir.path().join("t.png");
        let drawn = draw_terms(&c, &path).expect("drawn");
        assert_eq!(drawn.marks.len(), 3);
        for (m, (term, z)) in drawn.marks.iter().zip(&c.terms) {
            assert_eq!((&m.category, m.value), (term, *z));
            assert!(
                (f64::from(m.extent_px) - z * drawn.px_per_unit).abs() <= 1.0,
                "{m:?}"
            );
        }
        assert_eq!(drawn.marks[2].text, "-3.1");
        // The outlet's own colour (series 2: bluish green) is used for its bars.
        super::super::tests::assert_drawn(&path, terms_chart_size(&c), &[OKABE_ITO[2], AWAY]);
    }

    #[test]
    fn empty_and_invalid_terms_are_errors() {
        let p = Path::new("t.png");
        let mut c = chart();
        c.terms.clear();
        assert!(matches!(draw_terms(&c, p), Err(ChartError::Nothing(_))));
        let mut c = chart();
        c.terms[0].1 = f64::INFINITY;
        let err = draw_terms(&c, p).expect_err("infinite z");
        assert!(err.to_string().contains("terrorists"), "{err}");
    }
}
