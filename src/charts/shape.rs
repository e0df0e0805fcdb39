//! Right-to-left and joined scripts in charts: text with Arabic, Persian,
//! Hebrew or other right-to-left characters is put in visual order with
//! the Unicode bidirectional algorithm (`unicode-bidi`), shaped run by run
//! with `rustybuzz` (a HarfBuzz port: Arabic letters take their joined
//! initial, medial and final forms, lam-alef becomes one ligature, marks sit
//! on their letters), and drawn glyph by glyph by id with `ab_glyph`, the
//! rasteriser plotters itself uses. Plotters' own text drawing knows
//! neither: it draws one glyph per character, left to right, in isolated
//! forms.
//!
//! Text with no right-to-left character keeps plotters' measuring and the
//! per-character placement of `draw_text` (`text.rs`), so charts in
//! left-to-right scripts come out exactly as before. Knows no chart kind.
//!
//! A chart's text is laid out left to right (its titles, axes and the
//! "(n = 12)" after a name are English), so the paragraph direction is
//! left to right and a right-to-left name inside it is one right-to-left
//! run. Where a name is followed by other text, the caller wraps the name
//! in the Unicode isolates FSI ... PDI ([`isolate`]) so that its neutral
//! characters (brackets, digits) stay with the name.

use super::*;
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo};

/// One glyph of a shaped line, in visual order (left to right).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct PlacedGlyph {
    /// The glyph id in the embedded font (0: the font has no glyph for it).
    pub(super) id: u16,
    /// Left edge of the glyph's advance from the start of the line, in
    /// pixels (the pen position plus the shaper's offset).
    pub(super) x: f64,
    /// The shaper's vertical offset, in pixels, up positive (marks).
    pub(super) y: f64,
}

/// A line shaped and in visual order.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Shaped {
    pub(super) glyphs: Vec<PlacedGlyph>,
    /// The line's advance width in pixels.
    pub(super) width: f64,
}

/// Does `text` need bidi ordering and shaping: does it hold a right-to-left
/// character (Hebrew, Arabic, Persian, Syriac, Thaana, N'Ko...), an Arabic
/// digit or an explicit direction control? Left-to-right text does not and
/// is drawn as it always was.
pub(super) fn needs_shaping(text: &str) -> bool {
    use BidiClass::*;
    text.chars().any(|c| {
        matches!(
            unicode_bidi::bidi_class(c),
            R | AL | AN | RLE | RLO | RLI | LRE | LRO | LRI | FSI | PDF | PDI
        )
    })
}

/// A directional formatting character (embeddings, overrides, isolates)
/// or another boundary neutral: invisible, never drawn.
fn is_direction_control(c: char) -> bool {
    use BidiClass::*;
    matches!(
        unicode_bidi::bidi_class(c),
        BN | RLE | RLO | RLI | LRE | LRO | LRI | FSI | PDF | PDI
    )
}

/// `name` wrapped in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE when it
/// needs shaping, so that text placed after it ("(n = 12)") keeps its own
/// direction; a left-to-right name is returned as it is.
pub fn isolate(name: &str) -> String {
    if needs_shaping(name) {
        format!("\u{2068}{name}\u{2069}")
    } else {
        name.to_string()
    }
}

/// The script a character fixes for shaping, when it is one whose letters
/// change form or order (the neutral characters go with their neighbours).
fn shaping_script(c: char) -> Option<rustybuzz::Script> {
    match u32::from(c) {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(rustybuzz::script::ARABIC)
        }
        0x0591..=0x05FF | 0xFB1D..=0xFB4F => Some(rustybuzz::script::HEBREW),
        0x0700..=0x074F => Some(rustybuzz::script::SYRIAC),
        0x0780..=0x07BF => Some(rustybuzz::script::THAANA),
        0x07C0..=0x07FF => Some(rustybuzz::script::NKO),
        _ => None,
    }
}

/// Splits a run into pieces of one shaping script each: a character of no
/// such script (Latin, digits, spaces, punctuation) joins the piece before
/// it (or the next one, at the start).
fn script_pieces(text: &str) -> Vec<(&str, Option<rustybuzz::Script>)> {
    let mut pieces: Vec<(usize, Option<rustybuzz::Script>)> = Vec::new();
    for (i, c) in text.char_indices() {
        let script = shaping_script(c);
        match (pieces.last().map(|p| p.1), script) {
            (None, _) => pieces.push((i, script)),
            // A neutral start takes the first script met.
            (Some(None), Some(_)) => {
                if let Some(last) = pieces.last_mut() {
                    last.1 = script;
                }
            }
            (Some(Some(current)), Some(s)) if current != s => pieces.push((i, script)),
            _ => {}
        }
    }
    let mut out = Vec::with_capacity(pieces.len());
    for (k, &(start, script)) in pieces.iter().enumerate() {
        let end = pieces.get(k + 1).map_or(text.len(), |p| p.0);
        out.push((&text[start..end], script));
    }
    out
}

/// Shapes one line of `text` at `size` pixels: bidi runs in visual order,
/// each shaped in its direction and script. `None` when the embedded font
/// cannot be parsed.
pub(super) fn shape_line(text: &str, size: f64, bold: bool) -> Option<Shaped> {
    let metrics = glyph_metrics(bold)?;
    let px_per_unit = size / metrics.units_per_px_size;
    let info = ParagraphBidiInfo::new(text, Some(Level::ltr()));
    let (levels, runs) = info.visual_runs(0..text.len());
    let mut glyphs = Vec::new();
    let mut pen = 0.0f64;
    for run in runs {
        let Some(&level) = levels.get(run.start) else {
            continue;
        };
        let rtl = level.is_rtl();
        let Some(run_text) = text.get(run.clone()) else {
            continue;
        };
        let mut pieces = script_pieces(run_text);
        // A right-to-left run's pieces go right to left too.
        if rtl {
            pieces.reverse();
        }
        for (piece, script) in pieces {
            let mut buffer = rustybuzz::UnicodeBuffer::new();
            buffer.push_str(piece);
            buffer.set_direction(if rtl {
                rustybuzz::Direction::RightToLeft
            } else {
                rustybuzz::Direction::LeftToRight
            });
            match script {
                Some(s) => buffer.set_script(s),
                None => buffer.guess_segment_properties(),
            }
            // Shaped output is in visual order, left to right, in either direction.
            let shaped = rustybuzz::shape(&metrics.shaper, &[], buffer);
            for (g, p) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
                // The isolates and other direction controls have done their work.
                let source = usize::try_from(g.cluster)
                    .ok()
                    .and_then(|at| piece.get(at..))
                    .and_then(|rest| rest.chars().next());
                if source.is_some_and(is_direction_control) {
                    pen += f64::from(p.x_advance) * px_per_unit;
                    continue;
                }
                glyphs.push(PlacedGlyph {
                    id: u16::try_from(g.glyph_id).unwrap_or(0),
                    x: pen + f64::from(p.x_offset) * px_per_unit,
                    y: f64::from(p.y_offset) * px_per_unit,
                });
                pen += f64::from(p.x_advance) * px_per_unit;
            }
        }
    }
    Some(Shaped { glyphs, width: pen })
}

/// Width in pixels of a line that needs shaping.
pub(super) fn shaped_width(text: &str, size: f64, bold: bool) -> Option<u32> {
    shape_line(text, size, bold).map(|s| s.width.round().max(0.0) as u32)
}

/// Draws a shaped line with its left end at `left` and its baseline at
/// `baseline`, each glyph rasterised by id (as plotters rasterises a
/// character: anti-aliased coverage mixed into the ink colour).
pub(super) fn draw_shaped<DB: Surface>(
    root: &Canvas<DB>,
    shaped: &Shaped,
    (left, baseline): (i32, f64),
    ink: Ink,
) -> Result<(), String> {
    use ab_glyph::Font;
    let Some(font) = glyph_metrics(ink.bold).map(|m| &m.raster) else {
        return Err("the embedded font could not be parsed".into());
    };
    let (w, h) = root.dim_in_pixel();
    let scale = ab_glyph::PxScale::from(ink.size as f32);
    for g in &shaped.glyphs {
        // Positioned at its fraction of a pixel, the rest added as whole pixels.
        let x = f64::from(left) + g.x;
        let y = baseline - g.y;
        let (x0, y0) = (x.floor(), y.floor());
        let glyph = ab_glyph::GlyphId(g.id)
            .with_scale_and_position(scale, ab_glyph::point((x - x0) as f32, (y - y0) as f32));
        let Some(outline) = font.outline_glyph(glyph) else {
            continue; // a space or another glyph with no ink
        };
        let bounds = outline.px_bounds();
        let (bx, by) = (
            x0 as i32 + bounds.min.x as i32,
            y0 as i32 + bounds.min.y as i32,
        );
        let mut pixels = Vec::new();
        outline.draw(|px, py, coverage| pixels.push((px, py, coverage)));
        for (px, py, coverage) in pixels {
            let (px, py) = (bx + px as i32, by + py as i32);
            if px < 0 || py < 0 || px >= w as i32 || py >= h as i32 || coverage <= 0.0 {
                continue;
            }
            root.draw_pixel((px, py), &ink.colour.mix(f64::from(coverage)))
                .map_err(de)?;
        }
    }
    Ok(())
}

/// The characters of `text` the embedded font has no glyph for (Chinese,
/// Japanese and Korean among them: DejaVu Sans does not cover them), each
/// once, in order of appearance. Charts draw them as empty boxes; the
/// report says so beside the chart.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let Some(metrics) = glyph_metrics(false) else {
        return Vec::new();
    };
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        let covered = c.is_whitespace()
            || c.is_control()
            || is_direction_control(c)
            || metrics.face.glyph_index(c).is_some();
        if !covered && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}
