//! Text in charts: the embedded font (registered with plotters once per
//! process), glyph placement with the font's own metrics (read with
//! `ttf-parser`), and fitting labels into a width by cutting or wrapping.
//! Knows no chart kind and no statistics.

use super::*;

/// The embedded regular font (DejaVu Sans, Bitstream Vera licence, see `assets/fonts/LICENSE`).
pub(super) static FONT_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
/// The embedded bold font, used for titles only.
pub(super) static FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// Register the embedded fonts as plotters' "sans-serif" family, once per process.
pub(super) fn ensure_font() -> Result<(), ()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        register_font("sans-serif", FontStyle::Normal, FONT_REGULAR).is_ok()
            && register_font("sans-serif", FontStyle::Bold, FONT_BOLD).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(())
    }
}

// A `FontDesc` looks its font up when it is created, so register first: a
// description made before registration measures nothing and draws nothing.
pub(super) fn font(size: f64) -> FontDesc<'static> {
    let _ = ensure_font();
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
}

pub(super) fn bold_font(size: f64) -> FontDesc<'static> {
    let _ = ensure_font();
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold)
}

/// Width in pixels of `text` drawn in `desc` (sum of advances and kerning;
/// of the shaped glyphs' advances for right-to-left text); a generous
/// estimate if the font is unavailable.
pub(super) fn text_width(text: &str, desc: &FontDesc<'_>) -> u32 {
    if needs_shaping(text) {
        let bold = matches!(desc.get_style(), FontStyle::Bold);
        if let Some(w) = shaped_width(text, desc.get_size(), bold) {
            return w;
        }
    }
    match desc.box_size(text) {
        Ok((w, _)) => w,
        Err(_) => (text.chars().count() as f64 * desc.get_size() * 0.65).ceil() as u32,
    }
}

/// The embedded font of one weight, parsed once: the metrics needed to
/// place glyphs correctly, read with `ttf-parser` (the parser ab_glyph
/// itself uses), and the same face for shaping (`rustybuzz`) and for
/// drawing shaped glyphs by id (`ab_glyph`), both used by `shape.rs`.
///
/// Plotters' ab_glyph renderer (0.3.7) draws each glyph's ink at the pen
/// position and drops its left side bearing, so "180" reads as "1 80". We
/// draw text one glyph at a time at pen + bearing instead, scaled the way
/// ab_glyph scales (font size = ascender - descender).
pub(super) struct GlyphMetrics {
    pub(super) face: ttf_parser::Face<'static>,
    /// `face` for the shaper (no second parse).
    pub(super) shaper: rustybuzz::Face<'static>,
    /// The rasteriser's own parse of the font.
    pub(super) raster: ab_glyph::FontRef<'static>,
    pub(super) units_per_px_size: f64,
    /// Capital height as a fraction of the font size.
    pub(super) cap_height: f64,
}

impl GlyphMetrics {
    pub(super) fn parse(data: &'static [u8]) -> Option<Self> {
        let face = ttf_parser::Face::parse(data, 0).ok()?;
        // `ascender` and `descender` follow OS/2's USE_TYPO_METRICS, as ab_glyph does.
        let height = f64::from(face.ascender()) - f64::from(face.descender());
        if height <= 0.0 {
            return None;
        }
        // OS/2 sCapHeight (version 2 and later); 0.6 of the height is the fallback.
        let cap_units = face
            .capital_height()
            .map(f64::from)
            .filter(|&c| c > 0.0)
            .unwrap_or(0.6 * height);
        Some(Self {
            shaper: rustybuzz::Face::from_face(face.clone()),
            raster: ab_glyph::FontRef::try_from_slice(data).ok()?,
            face,
            units_per_px_size: height,
            cap_height: cap_units / height,
        })
    }

    /// Glyph id for `ch`, from the Basic Multilingual Plane only (as the
    /// glyph placement was measured for).
    pub(super) fn glyph(&self, ch: char) -> Option<ttf_parser::GlyphId> {
        u16::try_from(u32::from(ch)).ok()?;
        self.face.glyph_index(ch)
    }

    /// Left side bearing of `ch` in pixels at `size`, floored as ab_glyph's pixel bounds are.
    pub(super) fn bearing_px(&self, ch: char, size: f64) -> i32 {
        let lsb = self
            .glyph(ch)
            .and_then(|g| self.face.glyph_hor_side_bearing(g));
        match lsb {
            Some(units) => (f64::from(units) * size / self.units_per_px_size).floor() as i32,
            None => 0,
        }
    }
}

pub(super) fn glyph_metrics(bold: bool) -> Option<&'static GlyphMetrics> {
    static REGULAR: OnceLock<Option<GlyphMetrics>> = OnceLock::new();
    static BOLD: OnceLock<Option<GlyphMetrics>> = OnceLock::new();
    if bold {
        BOLD.get_or_init(|| GlyphMetrics::parse(FONT_BOLD)).as_ref()
    } else {
        REGULAR
            .get_or_init(|| GlyphMetrics::parse(FONT_REGULAR))
            .as_ref()
    }
}

/// How a piece of text looks and where it hangs from its anchor point:
/// `VPos::Top` puts the top of capitals at the point, `Center` centres
/// capitals on it, `Bottom` sets the baseline on it.
#[derive(Clone, Copy)]
pub(super) struct Ink {
    pub(super) size: f64,
    pub(super) bold: bool,
    pub(super) colour: RGBColor,
    pub(super) h: HPos,
    pub(super) v: VPos,
}

impl Ink {
    pub(super) fn new(size: f64, colour: RGBColor, h: HPos, v: VPos) -> Self {
        Self {
            size,
            bold: false,
            colour,
            h,
            v,
        }
    }

    pub(super) fn desc(&self) -> FontDesc<'static> {
        if self.bold {
            bold_font(self.size)
        } else {
            font(self.size)
        }
    }
}

/// Draw one line of text anchored at `at`, one glyph at a time with its
/// side bearing; text with right-to-left characters in visual order and
/// shaped (`shape.rs`).
pub(super) fn draw_text<DB: Surface>(
    root: &Canvas<DB>,
    text: &str,
    at: (i32, i32),
    ink: Ink,
) -> Result<(), String> {
    let desc = ink.desc();
    let total = text_width(text, &desc) as i32;
    let left = match ink.h {
        HPos::Left => at.0,
        HPos::Center => at.0 - total / 2,
        HPos::Right => at.0 - total,
    };
    // Plotters puts the baseline half a font size below a top-anchored position;
    // anchor on capital letters instead so text centres on grid lines and swatches.
    let metrics = glyph_metrics(ink.bold);
    let cap = metrics.map_or(0.7, |m| m.cap_height) * ink.size;
    let baseline = f64::from(at.1)
        + match ink.v {
            VPos::Top => cap,
            VPos::Center => cap / 2.0,
            VPos::Bottom => 0.0,
        };
    if !DB::PER_GLYPH {
        // plotters' SVG text hangs 0.76 em below `y`, with em = size / 1.24.
        let y = (baseline - 0.76 * ink.size / 1.24).round() as i32;
        let style = desc.color(&ink.colour).pos(Pos::new(ink.h, VPos::Top));
        return root.draw_text(text, &style, (at.0, y)).map_err(de);
    }
    if needs_shaping(text) {
        if let Some(shaped) = shape_line(text, ink.size, ink.bold) {
            return draw_shaped(root, &shaped, (left, baseline), ink);
        }
    }
    let y = (baseline - ink.size / 2.0).round() as i32;
    let style = desc.color(&ink.colour).pos(Pos::new(HPos::Left, VPos::Top));
    let Some(metrics) = metrics else {
        return root.draw_text(text, &style, (left, y)).map_err(de);
    };
    let mut prefix = String::with_capacity(text.len());
    let mut glyph = String::with_capacity(4);
    for ch in text.chars() {
        if !ch.is_whitespace() {
            let pen = text_width(&prefix, &desc) as i32;
            glyph.clear();
            glyph.push(ch);
            let x = left + pen + metrics.bearing_px(ch, ink.size);
            root.draw_text(&glyph, &style, (x, y)).map_err(de)?;
        }
        prefix.push(ch);
    }
    Ok(())
}

/// Collapse runs of whitespace (including newlines and tabs) to single spaces.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No label needs more characters than this; longer input is cut before measuring.
pub(super) const MAX_LABEL_CHARS: usize = 400;

/// Cut `text` to at most `max_px` wide, ending in an ellipsis when cut.
pub(super) fn fit(text: &str, max_px: u32, desc: &FontDesc<'_>) -> String {
    let text: String = text.chars().take(MAX_LABEL_CHARS).collect();
    if text_width(&text, desc) <= max_px {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    // Longest prefix that fits with the ellipsis (width grows with length).
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if text_width(&candidate, desc) <= max_px {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let prefix: String = chars[..lo].iter().collect();
    format!("{}…", prefix.trim_end())
}

/// Wrap `text` into lines at most `max_px` wide, at most `max_lines` of them.
///
/// Lines break at spaces; a word too long for a line breaks after `_`, `-`,
/// `/` or `.` where it can and between characters where it must. Text that
/// still does not fit ends in an ellipsis.
pub(super) fn wrap(text: &str, max_px: u32, max_lines: usize, desc: &FontDesc<'_>) -> Vec<String> {
    let text: String = text.chars().take(MAX_LABEL_CHARS).collect();
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, desc) <= max_px {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        let mut pieces = break_word(word, max_px, desc);
        current = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    let max_lines = max_lines.max(1);
    if lines.len() > max_lines {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        let mut last = fit(&rest, max_px, desc);
        if !last.ends_with('…') {
            last = fit(&format!("{last}…"), max_px, desc);
        }
        lines.push(last);
    }
    lines
}

/// Break one word into pieces at most `max_px` wide, preferring breaks after punctuation.
pub(super) fn break_word(word: &str, max_px: u32, desc: &FontDesc<'_>) -> Vec<String> {
    let mut segments: Vec<String> = Vec::new();
    let mut segment = String::new();
    for ch in word.chars() {
        segment.push(ch);
        if matches!(ch, '_' | '-' | '/' | '.') {
            segments.push(std::mem::take(&mut segment));
        }
    }
    if !segment.is_empty() {
        segments.push(segment);
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for segment in segments {
        let candidate = format!("{piece}{segment}");
        if text_width(&candidate, desc) <= max_px {
            piece = candidate;
            continue;
        }
        if !piece.is_empty() {
            pieces.push(std::mem::take(&mut piece));
        }
        if text_width(&segment, desc) <= max_px {
            piece = segment;
            continue;
        }
        for ch in segment.chars() {
            let mut next = piece.clone();
            next.push(ch);
            if !piece.is_empty() && text_width(&next, desc) > max_px {
                pieces.push(std::mem::replace(&mut piece, ch.to_string()));
            } else {
                piece = next;
            }
        }
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    pieces
}

/// `1234567` -> `"1,234,567"`.
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
