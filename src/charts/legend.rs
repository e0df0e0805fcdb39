//! The title and the flowing legend at the top of every chart.

use super::*;

#[derive(Debug, Clone, Copy)]
pub(super) enum LegendMark {
    Series(SeriesStyle),
    Whisker,
    /// A round marker, filled or hollow.
    Dot(bool),
    /// A dashed reference line.
    Reference,
}

#[derive(Debug, Clone)]
pub(super) struct LegendEntry {
    pub(super) mark: LegendMark,
    pub(super) label: String,
    /// Top-left corner of the entry, in pixels.
    pub(super) at: (i32, i32),
}

#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) title_lines: Vec<String>,
    pub(super) legend: Vec<LegendEntry>,
    /// Total header height from the top edge, including the gap before the plot.
    pub(super) height: u32,
}

/// Lay out the title (wrapped) and a left-aligned flowing legend for a chart `width` wide.
pub(super) fn header_layout(title: &str, entries: Vec<(LegendMark, String)>, width: u32) -> Header {
    let avail = width.saturating_sub(2 * MARGIN).max(200);
    let title_lines = wrap(
        &one_line(title),
        avail,
        MAX_TITLE_LINES,
        &bold_font(TITLE_PX),
    );
    let legend_top = MARGIN + title_lines.len() as u32 * TITLE_LINE + GAP_TITLE_LEGEND;
    let label_font = font(LABEL_PX);
    let max_label = avail.saturating_sub(SWATCH as u32 + 8);
    let mut legend = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (MARGIN, 0u32);
    for (mark, label) in entries {
        let label = fit(&label, max_label, &label_font);
        let entry_w = SWATCH as u32 + 8 + text_width(&label, &label_font);
        if x > MARGIN && x + entry_w > width.saturating_sub(MARGIN) {
            x = MARGIN;
            row += 1;
        }
        legend.push(LegendEntry {
            mark,
            label,
            at: (x as i32, (legend_top + row * LEGEND_ROW) as i32),
        });
        x += entry_w + LEGEND_GAP;
    }
    let rows = if legend.is_empty() { 0 } else { row + 1 };
    Header {
        title_lines,
        legend,
        height: legend_top + rows * LEGEND_ROW + GAP_LEGEND_PLOT,
    }
}

pub(super) fn draw_header<DB: Surface>(root: &Canvas<DB>, header: &Header) -> Result<(), String> {
    let title = Ink {
        bold: true,
        ..Ink::new(TITLE_PX, INK, HPos::Left, VPos::Top)
    };
    for (i, text) in header.title_lines.iter().enumerate() {
        let y = (MARGIN + i as u32 * TITLE_LINE) as i32;
        draw_text(root, text, (MARGIN as i32, y), title)?;
    }
    let label = Ink::new(LABEL_PX, INK, HPos::Left, VPos::Center);
    for entry in &header.legend {
        let (x, y) = entry.at;
        match entry.mark {
            LegendMark::Series(style) => {
                fill_rect(root, (x, y), (x + SWATCH, y + SWATCH), style, Some(OUTLINE))?;
            }
            LegendMark::Whisker => {
                draw_whisker(root, x + SWATCH / 2, (y + SWATCH - 1, y + 1), 5, INK, 2)?;
            }
            LegendMark::Dot(solid) => dot(root, (x + SWATCH / 2, y + SWATCH / 2), 6, solid)?,
            LegendMark::Reference => {
                dashed_vline(root, x + SWATCH / 2, (y, y + SWATCH), MUTED)?;
            }
        }
        draw_text(root, &entry.label, (x + SWATCH + 8, y + SWATCH / 2), label)?;
    }
    Ok(())
}
