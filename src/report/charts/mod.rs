//! Charts for the report: plain data in, one PNG (or SVG) file out, and
//! the geometry drawn back ([`Drawn`]) so tests can check every bar against
//! the tables.
//!
//! This module owns everything about how a chart looks: the embedded font
//! (DejaVu Sans, shipped in `assets/fonts/` with its licence, so charts render
//! on a machine without any system fonts), the colour-blind-safe Okabe-Ito
//! palette and the rule that extends it past eight series, text placement,
//! value axes, legends, and the atomic write of the finished file. One
//! submodule per chart kind lays it out and draws it: [`RatesChart`]
//! (`rates`), [`SharesChart`] (`shares`), [`HeatmapChart`] (adjusted
//! residuals), [`PairwiseChart`] (log ratios of outlet pairs), [`TermsChart`]
//! (distinctive terms) and [`TimelineChart`] (values per period).
//!
//! It knows nothing about statistics or counting: callers compute rates,
//! intervals and counts and hand them over in those structs. Outlet `i`
//! always gets series colour `i` ([`series_style`]), so passing outlets in
//! one fixed order gives each outlet the same colour in every chart.
//!
//! Drawing happens in memory first; the file is then written to a temporary
//! file beside the target and renamed over it, so a failure never leaves a
//! half-written chart behind.
//!
//! Two plotters details shape the code. The embedded font is registered as
//! plotters' `"sans-serif"` family once per process (without it drawing fails
//! with `FontUnavailable`). And plotters 0.3.7's ab_glyph renderer drops each
//! glyph's left side bearing, which spaces text unevenly ("180" reads as
//! "1 80"), so all text goes through `draw_text`, which places glyphs one at
//! a time using the font's own metrics; axes, ticks and legends are drawn
//! here in pixels rather than by plotters' mesh for the same reason.

mod heatmap;
mod pairwise;
mod rates;
mod shares;
mod terms;
mod timeline;

pub use heatmap::{draw_heatmap, heatmap_chart_size, HeatmapChart};
pub use pairwise::{draw_pairwise, pairwise_chart_size, PairwiseChart, PairwiseRow};
pub use rates::{draw_rates, rates_chart_size};
pub use shares::{draw_shares, shares_chart_size};
pub use terms::{draw_terms, terms_chart_size, TermsChart};
pub use timeline::{
    draw_timeline, timeline_chart_size, TimelineChart, TimelinePoint, TimelineSeries,
};

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontFamily, FontStyle, RGBColor};

/// The embedded regular font (DejaVu Sans, Bitstream Vera licence, see `assets/fonts/LICENSE`).
static FONT_REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans.ttf"
));
/// The embedded bold font, used for titles only.
static FONT_BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/fonts/DejaVuSans-Bold.ttf"
));

/// The Okabe-Ito colour-blind-safe palette (Okabe and Ito 2008), in its usual
/// order with black moved last: orange, sky blue, bluish green, yellow, blue,
/// vermillion, reddish purple, black.
///
/// Past eight series the colours repeat with a fill pattern added; see
/// [`series_style`].
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(0, 0, 0),       // black
];

/// The fill pattern drawn over a series colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hatch {
    /// Plain colour.
    Solid,
    /// White diagonal stripes over the colour.
    Diagonal,
    /// White crossed diagonal stripes over the colour.
    Cross,
}

/// How series number `index` is filled: its colour and its pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesStyle {
    /// The Okabe-Ito colour.
    pub colour: RGBColor,
    /// The pattern drawn over it.
    pub hatch: Hatch,
}

/// The style of series `index` (outlet `index` in a rates chart, category
/// `index` in a shares chart).
///
/// Rule: the colour is `OKABE_ITO[index % 8]`; the pattern depends on the
/// pass `index / 8`: pass 0 is solid, pass 1 adds white diagonal stripes,
/// pass 2 adds white cross-hatching, and later passes repeat that cycle
/// (`pass % 3`). So series 0 and 8 share a colour but not a pattern, and
/// identity never rests on a hue difference that colour-blind readers cannot
/// see.
pub fn series_style(index: usize) -> SeriesStyle {
    let hatch = match (index / OKABE_ITO.len()) % 3 {
        0 => Hatch::Solid,
        1 => Hatch::Diagonal,
        _ => Hatch::Cross,
    };
    SeriesStyle {
        colour: OKABE_ITO[index % OKABE_ITO.len()],
        hatch,
    }
}

/// One outlet's value for one category, with its interval and the raw numbers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct RateBar {
    /// Matches per 1,000 tokens.
    pub rate: f64,
    /// Lower end of the interval, same unit as `rate`.
    pub low: f64,
    /// Upper end of the interval, same unit as `rate`.
    pub high: f64,
    /// Raw match count behind the rate.
    pub count: u64,
    /// The outlet's token count (the rate's denominator).
    pub tokens: u64,
}

/// Rates of each category per outlet, with intervals: grouped bars, one group
/// per category and one bar per outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct RatesChart {
    /// What is compared, e.g. "Matches per 1,000 tokens by outlet and category (95% exact Poisson CI)".
    pub title: String,
    /// Outlets in a fixed order; outlet `i` gets [`series_style`]`(i)`.
    pub outlets: Vec<String>,
    /// Category labels along the x axis, e.g. "armed_groups / terrorist".
    pub categories: Vec<String>,
    /// `bars[category][outlet]`.
    pub bars: Vec<Vec<RateBar>>,
    /// The last outlet is the pooled rest ("other 230 outlets"), drawn in [`OTHER`] grey.
    pub pooled_last: bool,
}

/// The colour of a pooled "other outlets" series: a neutral grey outside the palette.
pub const OTHER: RGBColor = RGBColor(153, 153, 153);

/// One value a chart drew, with its drawn length, so tests can read the
/// chart back and compare it with the tables.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The outlet (or row) the mark belongs to.
    pub series: String,
    /// The category (or column) it belongs to.
    pub category: String,
    /// The value drawn, in the chart's unit.
    pub value: f64,
    /// Its drawn length in pixels from the axis' zero (negative to the left
    /// or down); 0 for marks that have no length, such as heatmap cells.
    pub extent_px: i32,
    /// The text printed on the mark, if any.
    pub text: String,
}

/// What a chart drew: every value with its geometry, and the scale.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawn {
    /// Pixels per unit of value along the value axis (0 when there is none).
    pub px_per_unit: f64,
    /// Every value drawn, in drawing order.
    pub marks: Vec<Mark>,
}

/// A group's label mix per outlet: one horizontal 100% stacked bar per outlet.
#[derive(Debug, Clone, PartialEq)]
pub struct SharesChart {
    /// What is compared, e.g. "armed_groups: share of each label among the group's matches".
    pub title: String,
    /// One bar per outlet, top to bottom, labelled "Outlet (n = 12)".
    pub outlets: Vec<String>,
    /// Stacked segments, left to right; category `i` gets [`series_style`]`(i)`.
    pub categories: Vec<String>,
    /// `counts[outlet][category]`; a segment's share is its count over the row total.
    pub counts: Vec<Vec<u64>>,
}

/// Output formats. Every `draw_*` function picks the format from the
/// path's extension: `.svg` writes SVG, anything else PNG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ChartFormat {
    /// Portable Network Graphics, drawn with the embedded font.
    #[default]
    Png,
    /// Scalable Vector Graphics: shapes as vectors, text as `<text>` in the
    /// viewer's sans-serif font (so label widths may differ slightly).
    Svg,
}

impl ChartFormat {
    /// The file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
            ChartFormat::Svg => "svg",
        }
    }
}

/// Why a chart was not written. Every message names the output path.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// The chart has no outlets or no categories; the caller should write a note instead.
    #[error("nothing to draw for {}: the chart has no outlets or no categories", .0.display())]
    Nothing(PathBuf),
    /// The data's dimensions do not match the outlet and category lists.
    #[error("cannot draw {}: {detail}", path.display())]
    Shape {
        /// The chart that was not written.
        path: PathBuf,
        /// Which dimension is wrong.
        detail: String,
    },
    /// A value is NaN, infinite, negative, or an interval is reversed.
    #[error("cannot draw {}: {detail}", path.display())]
    InvalidValue {
        /// The chart that was not written.
        path: PathBuf,
        /// Which value is wrong, naming its outlet and category.
        detail: String,
    },
    /// The chart would be too large to draw sensibly.
    #[error(
        "cannot draw {}: it would be {width} x {height} px, over the {max} px limit; split it into smaller charts",
        path.display()
    )]
    TooLarge {
        /// The chart that was not written.
        path: PathBuf,
        /// Width the layout asked for.
        width: u32,
        /// Height the layout asked for.
        height: u32,
        /// Largest allowed side.
        max: u32,
    },
    /// The embedded font could not be registered with plotters.
    #[error("cannot draw {}: the embedded font could not be loaded", .0.display())]
    Font(PathBuf),
    /// Plotters failed while drawing in memory.
    #[error("drawing {} failed: {message}", path.display())]
    Draw {
        /// The chart that was not written.
        path: PathBuf,
        /// Plotters' message.
        message: String,
    },
    /// Encoding or writing the file failed.
    #[error("writing {} failed: {message} (does the folder exist and is it writable?)", path.display())]
    Write {
        /// The chart that was not written.
        path: PathBuf,
        /// The underlying error.
        message: String,
    },
}

// ---------------------------------------------------------------------------
// Layout constants (pixels).

const TITLE_PX: f64 = 22.0;
const LABEL_PX: f64 = 16.0;
const SMALL_PX: f64 = 14.0;
const MARGIN: u32 = 24;
const MIN_WIDTH: u32 = 1000;
/// Largest side of a chart; beyond this the caller should split the chart.
const MAX_SIDE: u32 = 20_000;
const TITLE_LINE: u32 = 30;
const MAX_TITLE_LINES: usize = 2;
const LEGEND_ROW: u32 = 28;
const SWATCH: i32 = 18;
const LEGEND_GAP: u32 = 28;
/// Longest outlet or category name in a legend or axis label before it is cut with an ellipsis.
const MAX_NAME_PX: u32 = 320;
const GAP_TITLE_LEGEND: u32 = 10;
const GAP_LEGEND_PLOT: u32 = 14;
/// Height of the line holding an axis title.
const AXIS_TITLE_LINE: u32 = 24;
const TICK: i32 = 6;

const RATES_PLOT_HEIGHT: u32 = 440;
const RATES_GROUP_GAP: f64 = 28.0;
const RATES_MIN_GROUP_PX: f64 = 120.0;
const RATES_MAX_BAR_PX: f64 = 56.0;
const CATEGORY_LINE: u32 = 20;
const MAX_CATEGORY_LINES: usize = 3;

const SHARES_PLOT_WIDTH: u32 = 720;
const SHARES_ROW_PX: u32 = 46;
const SHARES_BAR_PX: i32 = 30;

const GRID: RGBColor = RGBColor(222, 222, 222);
const BAND: RGBColor = RGBColor(246, 246, 246);
const OUTLINE: RGBColor = RGBColor(70, 70, 70);
const INK: RGBColor = RGBColor(25, 25, 25);
const MUTED: RGBColor = RGBColor(110, 110, 110);
const EMPTY_BAR: RGBColor = RGBColor(250, 250, 250);

// ---------------------------------------------------------------------------
// Size limit.

fn check_size(path: &Path, width: u32, height: u32) -> Result<(), ChartError> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(ChartError::TooLarge {
            path: path.to_path_buf(),
            width,
            height,
            max: MAX_SIDE,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Font registration and text.

/// Register the embedded fonts as plotters' "sans-serif" family, once per process.
fn ensure_font() -> Result<(), ()> {
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
fn font(size: f64) -> FontDesc<'static> {
    let _ = ensure_font();
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
}

fn bold_font(size: f64) -> FontDesc<'static> {
    let _ = ensure_font();
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold)
}

/// Width in pixels of `text` drawn in `desc` (sum of advances and kerning);
/// a generous estimate if the font is unavailable.
fn text_width(text: &str, desc: &FontDesc<'_>) -> u32 {
    match desc.box_size(text) {
        Ok((w, _)) => w,
        Err(_) => (text.chars().count() as f64 * desc.get_size() * 0.65).ceil() as u32,
    }
}

/// The few TrueType tables needed to place glyphs correctly.
///
/// Plotters' ab_glyph renderer (0.3.7) draws each glyph's ink at the pen
/// position and drops its left side bearing, so "180" reads as "1 80". We
/// draw text one glyph at a time at pen + bearing instead; the bearing comes
/// from the embedded font's `hmtx` table (via `cmap` format 4), scaled the way
/// ab_glyph scales (font size = ascender - descender).
struct GlyphMetrics {
    data: &'static [u8],
    hmtx: usize,
    long_metrics: u16,
    cmap4: usize,
    units_per_px_size: f64,
    /// Capital height as a fraction of the font size.
    cap_height: f64,
}

fn be_u16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

fn be_i16(d: &[u8], at: usize) -> Option<i16> {
    be_u16(d, at).map(|v| v as i16)
}

fn be_u32(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl GlyphMetrics {
    fn parse(data: &'static [u8]) -> Option<Self> {
        let tables = usize::from(be_u16(data, 4)?);
        let table = |tag: &[u8; 4]| {
            (0..tables).find_map(|i| {
                let rec = 12 + 16 * i;
                if data.get(rec..rec + 4)? == tag {
                    usize::try_from(be_u32(data, rec + 8)?).ok()
                } else {
                    None
                }
            })
        };
        let hhea = table(b"hhea")?;
        let hmtx = table(b"hmtx")?;
        let cmap = table(b"cmap")?;
        let (mut ascender, mut descender) = (be_i16(data, hhea + 4)?, be_i16(data, hhea + 6)?);
        if let Some(os2) = table(b"OS/2") {
            // USE_TYPO_METRICS: ab_glyph (ttf-parser) then uses the typographic values.
            if be_u16(data, os2 + 62)? & (1 << 7) != 0 {
                ascender = be_i16(data, os2 + 68)?;
                descender = be_i16(data, os2 + 70)?;
            }
        }
        let height = f64::from(ascender) - f64::from(descender);
        if height <= 0.0 {
            return None;
        }
        // OS/2 sCapHeight (version 2 and later); 0.7 of the em is the usual fallback.
        let cap_units = table(b"OS/2")
            .filter(|&os2| be_u16(data, os2).is_some_and(|v| v >= 2))
            .and_then(|os2| be_i16(data, os2 + 88))
            .map(f64::from)
            .filter(|&c| c > 0.0)
            .unwrap_or(0.6 * height);
        let long_metrics = be_u16(data, hhea + 34)?;
        let subtables = usize::from(be_u16(data, cmap + 2)?);
        let cmap4 = (0..subtables).find_map(|i| {
            let rec = cmap + 4 + 8 * i;
            let platform = be_u16(data, rec)?;
            let encoding = be_u16(data, rec + 2)?;
            let sub = cmap + usize::try_from(be_u32(data, rec + 4)?).ok()?;
            let unicode = platform == 0 || (platform == 3 && encoding == 1);
            (unicode && be_u16(data, sub)? == 4).then_some(sub)
        })?;
        Some(Self {
            data,
            hmtx,
            long_metrics,
            cmap4,
            units_per_px_size: height,
            cap_height: cap_units / height,
        })
    }

    /// Glyph id for `ch` from the format 4 (Basic Multilingual Plane) cmap.
    fn glyph(&self, ch: char) -> Option<u16> {
        let c = u16::try_from(u32::from(ch)).ok()?;
        let (d, sub) = (self.data, self.cmap4);
        let seg_x2 = usize::from(be_u16(d, sub + 6)?);
        let ends = sub + 14;
        let starts = ends + seg_x2 + 2;
        let deltas = starts + seg_x2;
        let offsets = deltas + seg_x2;
        for i in (0..seg_x2).step_by(2) {
            if be_u16(d, ends + i)? < c {
                continue;
            }
            let start = be_u16(d, starts + i)?;
            if start > c {
                return None;
            }
            let delta = be_u16(d, deltas + i)?;
            let offset = usize::from(be_u16(d, offsets + i)?);
            if offset == 0 {
                return Some(c.wrapping_add(delta));
            }
            let at = offsets + i + offset + 2 * usize::from(c - start);
            let g = be_u16(d, at)?;
            return Some(if g == 0 { 0 } else { g.wrapping_add(delta) });
        }
        None
    }

    /// Left side bearing of `ch` in pixels at `size`, floored as ab_glyph's pixel bounds are.
    fn bearing_px(&self, ch: char, size: f64) -> i32 {
        let lsb = self.glyph(ch).and_then(|g| {
            if g < self.long_metrics {
                be_i16(self.data, self.hmtx + 4 * usize::from(g) + 2)
            } else {
                let short = usize::from(g - self.long_metrics);
                be_i16(
                    self.data,
                    self.hmtx + 4 * usize::from(self.long_metrics) + 2 * short,
                )
            }
        });
        match lsb {
            Some(units) => (f64::from(units) * size / self.units_per_px_size).floor() as i32,
            None => 0,
        }
    }
}

fn glyph_metrics(bold: bool) -> Option<&'static GlyphMetrics> {
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
struct Ink {
    size: f64,
    bold: bool,
    colour: RGBColor,
    h: HPos,
    v: VPos,
}

impl Ink {
    fn new(size: f64, colour: RGBColor, h: HPos, v: VPos) -> Self {
        Self {
            size,
            bold: false,
            colour,
            h,
            v,
        }
    }

    fn desc(&self) -> FontDesc<'static> {
        if self.bold {
            bold_font(self.size)
        } else {
            font(self.size)
        }
    }
}

/// Draw one line of text anchored at `at`, one glyph at a time with its side bearing.
fn draw_text<DB: Surface>(
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
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// No label needs more characters than this; longer input is cut before measuring.
const MAX_LABEL_CHARS: usize = 400;

/// Cut `text` to at most `max_px` wide, ending in an ellipsis when cut.
fn fit(text: &str, max_px: u32, desc: &FontDesc<'_>) -> String {
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
fn wrap(text: &str, max_px: u32, max_lines: usize, desc: &FontDesc<'_>) -> Vec<String> {
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
fn break_word(word: &str, max_px: u32, desc: &FontDesc<'_>) -> Vec<String> {
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
fn thousands(n: u64) -> String {
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

/// Axis ticks from zero in round steps (1, 2, 2.5 or 5 x 10^k), all labelled
/// with the same number of decimals.
#[derive(Debug, Clone, PartialEq)]
struct Ticks {
    values: Vec<f64>,
    decimals: usize,
}

impl Ticks {
    /// About `target` steps from 0 to at least `top`; a non-positive or
    /// non-finite `top` gives the axis 0 to 1.
    fn covering(top: f64, target: usize) -> Self {
        let top = if top.is_finite() && top > 0.0 {
            top
        } else {
            1.0
        };
        let raw = top / target.max(1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        if !(step.is_finite() && step > 0.0) {
            // Only for tops near the smallest doubles: one step, zero to top.
            return Self {
                values: vec![0.0, top],
                decimals: 12,
            };
        }
        let steps = ((top / step - 1e-9).ceil().max(1.0) as usize).min(100);
        let decimals = (0..12)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(12) as usize;
        Self {
            values: (0..=steps).map(|i| i as f64 * step).collect(),
            decimals,
        }
    }

    /// The value of the last tick, the top of the axis (always positive).
    fn top(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }

    fn label(&self, v: f64) -> String {
        let v = if v.abs() < f64::MIN_POSITIVE { 0.0 } else { v };
        format!("{:.*}", self.decimals, v)
    }
}

/// WCAG relative luminance of a colour, 0 (black) to 1 (white).
fn luminance(c: RGBColor) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// Black or white, whichever contrasts more with `bg` (WCAG relative luminance).
fn text_colour_on(bg: RGBColor) -> RGBColor {
    let l = luminance(bg);
    let with_black = (l + 0.05) / 0.05;
    let with_white = 1.05 / (l + 0.05);
    if with_black >= with_white {
        INK
    } else {
        WHITE
    }
}

// ---------------------------------------------------------------------------
// Rendering plumbing.

type Canvas<DB> = DrawingArea<DB, Shift>;

/// A plotters backend we draw on, and how it wants its text.
trait Surface: DrawingBackend {
    /// Raster output places text glyph by glyph with the embedded font's
    /// metrics (see [`draw_text`]); vector output leaves text to the viewer.
    const PER_GLYPH: bool;
}

impl Surface for BitMapBackend<'_> {
    const PER_GLYPH: bool = true;
}

impl Surface for SVGBackend<'_> {
    const PER_GLYPH: bool = false;
}

/// A chart ready to draw on any surface, recording what it drew.
trait Figure {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String>;
}

/// Draw `figure` in memory, then write it atomically (temporary file +
/// rename) as SVG when `path` ends in `.svg`, else as PNG.
fn render(path: &Path, size: (u32, u32), figure: &impl Figure) -> Result<Drawn, ChartError> {
    check_size(path, size.0, size.1)?;
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if svg {
        render_svg(path, size, figure)
    } else {
        render_png(path, size, figure)
    }
}

fn render_svg(path: &Path, (w, h): (u32, u32), figure: &impl Figure) -> Result<Drawn, ChartError> {
    let draw_error = |message: String| ChartError::Draw {
        path: path.to_path_buf(),
        message,
    };
    let mut text = String::new();
    let mut drawn = Drawn::default();
    {
        let root = SVGBackend::with_string(&mut text, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_error(e.to_string()))?;
        figure.paint(&root, &mut drawn).map_err(draw_error)?;
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }
    write_atomically(path, "svg", |tmp| {
        std::fs::write(tmp, text.as_bytes()).map_err(de)
    })?;
    Ok(drawn)
}

fn de<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draw into memory, then write the PNG atomically (temporary file + rename).
fn render_png(path: &Path, (w, h): (u32, u32), figure: &impl Figure) -> Result<Drawn, ChartError> {
    let draw_error = |message: String| ChartError::Draw {
        path: path.to_path_buf(),
        message,
    };
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    let mut drawn = Drawn::default();
    {
        let backend = BitMapBackend::with_buffer_and_format(&mut buf, (w, h))
            .map_err(|e| draw_error(e.to_string()))?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_error(e.to_string()))?;
        figure.paint(&root, &mut drawn).map_err(draw_error)?;
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }
    write_atomically(path, "png", |tmp| encode_png(tmp, &buf, (w, h)))?;
    Ok(drawn)
}

/// Encode RGB pixels as a small PNG: indexed colour when the chart uses at
/// most 256 colours (most do: flat fills, and text anti-aliased against a
/// few backgrounds), else RGB; adaptive filtering (Best compression gains
/// under 1% here and is slower).
/// A report of a dozen charts stays a few hundred kilobytes, not megabytes.
fn encode_png(path: &Path, rgb: &[u8], (w, h): (u32, u32)) -> Result<(), String> {
    use std::collections::HashMap;
    let file = std::fs::File::create(path).map_err(de)?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    encoder.set_depth(png::BitDepth::Eight);
    // Fast (fdeflate): a fifth of the time of the default level for files
    // about twice as large (seed charts: 1.0 MB instead of 0.55 MB).
    encoder.set_compression(png::Compression::Fast);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut index: HashMap<[u8; 3], u8> = HashMap::new();
    let mut palette: Vec<u8> = Vec::new();
    let mut indexed: Vec<u8> = Vec::with_capacity(rgb.len() / 3);
    // Charts are mostly runs of one colour: look up only where the colour changes.
    let mut last: Option<([u8; 3], u8)> = None;
    for px in rgb.chunks_exact(3) {
        let colour = [px[0], px[1], px[2]];
        if let Some((c, i)) = last {
            if c == colour {
                indexed.push(i);
                continue;
            }
        }
        let i = match index.get(&colour) {
            Some(&i) => i,
            None => match u8::try_from(index.len()) {
                Ok(i) => {
                    index.insert(colour, i);
                    palette.extend_from_slice(&colour);
                    i
                }
                Err(_) => break,
            },
        };
        last = Some((colour, i));
        indexed.push(i);
    }
    let data = if indexed.len() * 3 == rgb.len() {
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_palette(palette);
        indexed
    } else {
        encoder.set_color(png::ColorType::Rgb);
        rgb.to_vec()
    };
    let mut writer = encoder.write_header().map_err(de)?;
    writer.write_image_data(&data).map_err(de)?;
    writer.finish().map_err(de)
}

/// Write through `write` to a temporary file beside `path` ending in
/// `.tmp.<extension>`, then rename it over `path`.
fn write_atomically(
    path: &Path,
    extension: &str,
    write: impl FnOnce(&Path) -> Result<(), String>,
) -> Result<(), ChartError> {
    let write_error = |message: String| ChartError::Write {
        path: path.to_path_buf(),
        message,
    };
    let name = path
        .file_name()
        .ok_or_else(|| write_error("the path has no file name".to_string()))?;
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp.{extension}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = write(&tmp).and_then(|()| std::fs::rename(&tmp, path).map_err(de));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(write_error)
}

fn line<DB: Surface>(
    root: &Canvas<DB>,
    from: (i32, i32),
    to: (i32, i32),
    colour: RGBColor,
    width: u32,
) -> Result<(), String> {
    root.draw(&PathElement::new(
        vec![from, to],
        colour.stroke_width(width),
    ))
    .map_err(de)
}

fn filled<DB: Surface>(
    root: &Canvas<DB>,
    a: (i32, i32),
    b: (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    root.draw(&Rectangle::new([a, b], colour.filled()))
        .map_err(de)
}

fn outlined<DB: Surface>(
    root: &Canvas<DB>,
    a: (i32, i32),
    b: (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    root.draw(&Rectangle::new([a, b], colour.stroke_width(1)))
        .map_err(de)
}

/// Fill a pixel rectangle with a series style: colour, optional hatching, optional outline.
fn fill_rect<DB: Surface>(
    root: &Canvas<DB>,
    a: (i32, i32),
    b: (i32, i32),
    style: SeriesStyle,
    outline: Option<RGBColor>,
) -> Result<(), String> {
    const STEP: i32 = 7;
    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
    filled(root, (x0, y0), (x1, y1), style.colour)?;
    if matches!(style.hatch, Hatch::Diagonal | Hatch::Cross) {
        // Lines x + y = c, drawn as "/", clipped to the rectangle.
        let mut c = x0 + y0 + STEP / 2;
        while c < x1 + y1 {
            let (lo, hi) = (x0.max(c - y1), x1.min(c - y0));
            if lo < hi {
                line(root, (lo, c - lo), (hi, c - hi), WHITE, 2)?;
            }
            c += STEP;
        }
    }
    if style.hatch == Hatch::Cross {
        // Lines x - y = c, drawn as "\", clipped to the rectangle.
        let mut c = x0 - y1 + STEP / 2;
        while c < x1 - y0 {
            let (lo, hi) = (x0.max(c + y0), x1.min(c + y1));
            if lo < hi {
                line(root, (lo, lo - c), (hi, hi - c), WHITE, 2)?;
            }
            c += STEP;
        }
    }
    if let Some(colour) = outline {
        outlined(root, (x0, y0), (x1, y1), colour)?;
    }
    Ok(())
}

/// A vertical whisker with caps, in one colour and stroke width (no
/// under-stroke: a white halo made light bars look split in two).
fn draw_whisker<DB: Surface>(
    root: &Canvas<DB>,
    x: i32,
    (y_low, y_high): (i32, i32),
    half_cap: i32,
    colour: RGBColor,
    width: u32,
) -> Result<(), String> {
    let segments = [
        ((x, y_low), (x, y_high)),
        ((x - half_cap, y_high), (x + half_cap, y_high)),
        ((x - half_cap, y_low), (x + half_cap, y_low)),
    ];
    for (from, to) in segments {
        line(root, from, to, colour, width)?;
    }
    Ok(())
}

/// A round marker: filled with ink, or hollow (white with an ink ring).
fn dot<DB: Surface>(root: &Canvas<DB>, at: (i32, i32), r: i32, solid: bool) -> Result<(), String> {
    let r = r.max(1) as u32;
    if solid {
        root.draw(&Circle::new(at, r, INK.filled())).map_err(de)
    } else {
        root.draw(&Circle::new(at, r, WHITE.filled())).map_err(de)?;
        root.draw(&Circle::new(at, r, INK.stroke_width(2)))
            .map_err(de)
    }
}

/// A vertical dashed line from `y.0` to `y.1`.
fn dashed_vline<DB: Surface>(
    root: &Canvas<DB>,
    x: i32,
    (y0, y1): (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    let (mut y, end) = (y0.min(y1), y0.max(y1));
    while y < end {
        line(root, (x, y), (x, (y + 4).min(end)), colour, 1)?;
        y += 8;
    }
    Ok(())
}

/// A horizontal value axis symmetric around zero, for signed values (log
/// ratios, z-scores): round ticks on both sides, zero in the middle.
#[derive(Debug, Clone, PartialEq)]
struct SignedScale {
    left: i32,
    right: i32,
    ticks: Ticks,
}

impl SignedScale {
    /// An axis from `-top` to `top` over pixels `left..right`, where `top`
    /// covers the largest absolute value in `values` (at least `floor`).
    fn new(values: impl IntoIterator<Item = f64>, floor: f64, (left, right): (i32, i32)) -> Self {
        let top = values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(floor, |m, v| m.max(v.abs()));
        Self {
            left,
            right,
            ticks: Ticks::covering(top * 1.05, 4),
        }
    }

    fn top(&self) -> f64 {
        self.ticks.top()
    }

    fn x_px(&self, v: f64) -> i32 {
        let frac = ((v / self.top()).clamp(-1.0, 1.0) + 1.0) / 2.0;
        (f64::from(self.left) + frac * f64::from(self.right - self.left)).round() as i32
    }

    fn px_per_unit(&self) -> f64 {
        f64::from(self.right - self.left) / (2.0 * self.top())
    }

    /// Tick values from `-top` to `top` with their labels ("+1", "-0.5").
    fn labelled_ticks(&self) -> Vec<(f64, String)> {
        let mut out: Vec<(f64, String)> = self
            .ticks
            .values
            .iter()
            .rev()
            .filter(|v| **v > 0.0)
            .map(|v| (-v, format!("-{}", self.ticks.label(*v))))
            .collect();
        out.extend(self.ticks.values.iter().map(|&v| {
            let sign = if v > 0.0 { "+" } else { "" };
            (v, format!("{sign}{}", self.ticks.label(v)))
        }));
        out
    }

    /// Grid lines, the zero line, ticks and labels below `bottom`, and the
    /// axis title under them; returns the y below the axis title.
    fn draw<DB: Surface>(
        &self,
        root: &Canvas<DB>,
        (top, bottom): (i32, i32),
        title: &str,
    ) -> Result<i32, String> {
        let tick_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
        for (v, label) in self.labelled_ticks() {
            let x = self.x_px(v);
            if v != 0.0 {
                line(root, (x, top), (x, bottom), GRID, 1)?;
            }
            line(root, (x, bottom), (x, bottom + TICK), OUTLINE, 1)?;
            draw_text(root, &label, (x, bottom + TICK + 4), tick_ink)?;
        }
        line(root, (self.left, bottom), (self.right, bottom), OUTLINE, 1)?;
        let axis_y = bottom + TICK + 4 + 24;
        let axis_ink = Ink::new(LABEL_PX, INK, HPos::Center, VPos::Top);
        let centre = (self.left + self.right) / 2;
        draw_text(root, title, (centre, axis_y), axis_ink)?;
        Ok(axis_y + AXIS_TITLE_LINE as i32)
    }

    /// The zero line, drawn last so it sits on top.
    fn draw_zero<DB: Surface>(
        &self,
        root: &Canvas<DB>,
        (top, bottom): (i32, i32),
    ) -> Result<(), String> {
        let x = self.x_px(0.0);
        line(root, (x, top), (x, bottom), OUTLINE, 1)
    }
}

/// Height below a [`SignedScale`]'s plot taken by its ticks and axis title.
const SIGNED_AXIS_PX: u32 = TICK as u32 + 4 + 24 + AXIS_TITLE_LINE;

/// Left labels of a row chart: each cut to [`MAX_NAME_PX`], and the widest width.
fn row_labels(labels: impl IntoIterator<Item = String>) -> (Vec<String>, u32) {
    let desc = font(LABEL_PX);
    let labels: Vec<String> = labels
        .into_iter()
        .map(|l| fit(&one_line(&l), MAX_NAME_PX + 120, &desc))
        .collect();
    let widest = labels
        .iter()
        .map(|l| text_width(l, &desc))
        .max()
        .unwrap_or(0);
    (labels, widest)
}

/// An empty header for the layout of a chart too large to draw.
fn no_header() -> Header {
    Header {
        title_lines: Vec::new(),
        legend: Vec::new(),
        height: 0,
    }
}

/// The style of outlet `o` in a rates chart: its series style, or grey for the pooled rest.
fn rates_style(chart: &RatesChart, o: usize) -> SeriesStyle {
    if chart.pooled_last && o + 1 == chart.outlets.len() {
        SeriesStyle {
            colour: OTHER,
            hatch: Hatch::Solid,
        }
    } else {
        series_style(o)
    }
}

// ---------------------------------------------------------------------------
// Title and legend (shared by every chart).

#[derive(Debug, Clone, Copy)]
enum LegendMark {
    Series(SeriesStyle),
    Whisker,
    /// A round marker, filled or hollow.
    Dot(bool),
    /// A dashed reference line.
    Reference,
    /// A line with a series' marker, as in line charts.
    Line(SeriesStyle),
}

#[derive(Debug, Clone)]
struct LegendEntry {
    mark: LegendMark,
    label: String,
    /// Top-left corner of the entry, in pixels.
    at: (i32, i32),
}

#[derive(Debug, Clone)]
struct Header {
    title_lines: Vec<String>,
    legend: Vec<LegendEntry>,
    /// Total header height from the top edge, including the gap before the plot.
    height: u32,
}

/// Lay out the title (wrapped) and a left-aligned flowing legend for a chart `width` wide.
fn header_layout(title: &str, entries: Vec<(LegendMark, String)>, width: u32) -> Header {
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

fn draw_header<DB: Surface>(root: &Canvas<DB>, header: &Header) -> Result<(), String> {
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
            LegendMark::Line(style) => {
                let mid = y + SWATCH / 2;
                line(root, (x - 2, mid), (x + SWATCH + 2, mid), style.colour, 2)?;
                timeline::marker(root, (x + SWATCH / 2, mid), style)?;
            }
            LegendMark::Reference => {
                dashed_vline(root, x + SWATCH / 2, (y, y + SWATCH), MUTED)?;
            }
        }
        draw_text(root, &entry.label, (x + SWATCH + 8, y + SWATCH / 2), label)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Plot geometry and value axes (shared by every chart).

/// Plot rectangle in pixels (inclusive edges).
#[derive(Debug, Clone, Copy)]
struct Rect {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
}

impl Rect {
    /// The plot of a chart too large to draw: nothing.
    const NONE: Rect = Rect {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };

    fn new(left: u32, top: u32, right: u32, bottom: u32) -> Rect {
        let px = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        Rect {
            left: px(left),
            top: px(top),
            right: px(right),
            bottom: px(bottom),
        }
    }

    /// Pixel row of value `v` on a vertical axis from 0 at the bottom to `top` at the top.
    fn y_px(&self, v: f64, top: f64) -> i32 {
        let frac = (v / top).clamp(0.0, 1.0);
        (f64::from(self.bottom) - frac * f64::from(self.bottom - self.top)).round() as i32
    }
}

/// Ticks of a vertical axis from zero covering `values` with 5% headroom,
/// and the left edge of the plot leaving room for their labels.
fn y_scale(values: impl IntoIterator<Item = f64>) -> (Ticks, u32) {
    let top = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let ticks = Ticks::covering(top * 1.05, 8);
    let label_font = font(LABEL_PX);
    let tick_w = ticks
        .values
        .iter()
        .map(|t| text_width(&ticks.label(*t), &label_font))
        .max()
        .unwrap_or(0);
    (ticks, MARGIN + tick_w + 8 + TICK as u32)
}

/// A vertical value axis from zero on the left of `p`: grid lines, ticks,
/// labels, and its title set horizontally above it so it reads without
/// turning the head.
fn draw_y_axis<DB: Surface>(
    root: &Canvas<DB>,
    p: Rect,
    ticks: &Ticks,
    title: &str,
) -> Result<(), String> {
    let tick_ink = Ink::new(LABEL_PX, INK, HPos::Right, VPos::Center);
    for &t in &ticks.values {
        let y = p.y_px(t, ticks.top());
        if t > 0.0 {
            line(root, (p.left, y), (p.right, y), GRID, 1)?;
        }
        line(root, (p.left - TICK, y), (p.left, y), OUTLINE, 1)?;
        draw_text(root, &ticks.label(t), (p.left - TICK - 6, y), tick_ink)?;
    }
    let axis_ink = Ink::new(LABEL_PX, INK, HPos::Left, VPos::Bottom);
    let title = fit(&one_line(title), 900, &font(LABEL_PX));
    draw_text(root, &title, (MARGIN as i32, p.top - 12), axis_ink)
}

#[cfg(test)]
mod tests {
    use super::rates::rates_layout;
    use super::*;
    use std::collections::HashSet;

    const ORANGE: RGBColor = OKABE_ITO[0];

    pub(super) struct Decoded {
        width: u32,
        height: u32,
        pixels: Vec<[u8; 3]>,
    }

    pub(super) fn decode(path: &Path) -> Decoded {
        let file = std::fs::File::open(path).expect("chart file exists");
        // Charts with at most 256 colours are indexed: expand them to RGB.
        let mut decoder = png::Decoder::new(file);
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().expect("valid PNG header");
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).expect("valid PNG data");
        assert_eq!(info.color_type, png::ColorType::Rgb);
        assert_eq!(info.bit_depth, png::BitDepth::Eight);
        let pixels = buf[..info.buffer_size()]
            .chunks_exact(3)
            .map(|p| [p[0], p[1], p[2]])
            .collect();
        Decoded {
            width: info.width,
            height: info.height,
            pixels,
        }
    }

    /// The PNG has the promised size, is not blank, and shows each of `colours` somewhere.
    pub(super) fn assert_drawn(path: &Path, size: (u32, u32), colours: &[RGBColor]) {
        let img = decode(path);
        assert_eq!((img.width, img.height), size, "{}", path.display());
        let total = img.pixels.len();
        let inked = img.pixels.iter().filter(|p| **p != [255, 255, 255]).count();
        assert!(
            inked * 100 > total,
            "{}: only {inked} of {total} pixels differ from white",
            path.display()
        );
        let distinct: HashSet<[u8; 3]> = img.pixels.iter().copied().collect();
        assert!(
            distinct.len() >= 8,
            "only {} distinct colours",
            distinct.len()
        );
        for c in colours {
            assert!(
                distinct.contains(&[c.0, c.1, c.2]),
                "{}: colour {c:?} not found",
                path.display()
            );
        }
        // The top-left corner is background.
        assert_eq!(img.pixels[0], [255, 255, 255]);
    }

    fn names(prefix: &str, n: usize) -> Vec<String> {
        (0..n).map(|i| format!("{prefix} {i}")).collect()
    }

    fn bar(rate: f64) -> RateBar {
        RateBar {
            rate,
            low: rate * 0.8,
            high: rate * 1.25 + 0.01,
            count: (rate * 100.0) as u64,
            tokens: 100_000,
        }
    }

    fn rates(outlets: usize, categories: usize) -> RatesChart {
        RatesChart {
            title: "Matches per 1,000 tokens by outlet and category (95% exact Poisson CI)".into(),
            outlets: names("Outlet", outlets),
            categories: (0..categories)
                .map(|c| format!("armed_groups / label_{c}"))
                .collect(),
            bars: (0..categories)
                .map(|c| {
                    (0..outlets)
                        .map(|o| bar(0.1 + ((c * 7 + o * 3) % 11) as f64 / 10.0))
                        .collect()
                })
                .collect(),
            pooled_last: false,
        }
    }

    fn shares(outlets: usize, categories: usize) -> SharesChart {
        SharesChart {
            title: "armed_groups: share of each label among the group's matches".into(),
            outlets: names("Outlet", outlets),
            categories: names("label", categories),
            counts: (0..outlets)
                .map(|o| {
                    (0..categories)
                        .map(|c| 5 + ((o * 5 + c * 3) % 13) as u64)
                        .collect()
                })
                .collect(),
        }
    }

    fn only_file(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("readable dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn rates_three_outlets_twelve_categories() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        let chart = rates(3, 12);
        draw_rates(&chart, &path).expect("drawn");
        let size = rates_chart_size(&chart);
        assert!(size.0 >= 12 * 120, "wide enough for 12 groups: {size:?}");
        assert_drawn(&path, size, &OKABE_ITO[..3]);
        // Only the chart is left behind: the temporary file was renamed.
        assert_eq!(only_file(dir.path()), vec!["rates.png".to_string()]);
    }

    #[test]
    fn rate_bars_are_as_tall_as_their_rates() {
        let dir = tempfile::tempdir().expect("tempdir");
        let chart = rates(4, 3);
        let drawn = draw_rates(&chart, &dir.path().join("rates.png")).expect("drawn");
        assert_eq!(drawn.marks.len(), 12);
        let plot_h = f64::from(RATES_PLOT_HEIGHT);
        assert!((drawn.px_per_unit * rates_layout(&chart).y_max() - plot_h).abs() < 1e-9);
        for (i, m) in drawn.marks.iter().enumerate() {
            let (c, o) = (i / 4, i % 4);
            assert_eq!(
                (&m.series, &m.category),
                (&chart.outlets[o], &chart.categories[c])
            );
            assert_eq!(m.value, chart.bars[c][o].rate);
            let px = m.value * drawn.px_per_unit;
            assert!((f64::from(m.extent_px) - px).abs() <= 1.0, "{m:?}");
        }
    }

    #[test]
    fn pooled_outlets_are_grey_and_svg_is_text() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut chart = rates(3, 2);
        chart.pooled_last = true;
        chart.outlets[2] = "other 9 outlets (pooled)".into();
        let path = dir.path().join("rates.png");
        draw_rates(&chart, &path).expect("drawn");
        assert_drawn(
            &path,
            rates_chart_size(&chart),
            &[ORANGE, OKABE_ITO[1], OTHER],
        );
        let img = decode(&path);
        let green = [OKABE_ITO[2].0, OKABE_ITO[2].1, OKABE_ITO[2].2];
        assert!(
            !img.pixels.contains(&green),
            "the pooled outlet takes grey, not series 2"
        );
        let svg = dir.path().join("rates.svg");
        let drawn = draw_rates(&chart, &svg).expect("svg drawn");
        assert_eq!(drawn.marks.len(), 6);
        let text = std::fs::read_to_string(&svg).expect("svg text");
        assert!(text.starts_with("<svg"), "{}", &text[..40.min(text.len())]);
        // Whole labels, not glyph by glyph: the viewer sets SVG text.
        assert!(text.contains("\nother 9 outlets (pooled) (n = 100,000 tokens)\n"));
        let shares_path = dir.path().join("shares.SVG");
        draw_shares(&shares(2, 2), &shares_path).expect("svg by extension, any case");
        let text = std::fs::read_to_string(&shares_path).expect("svg");
        assert!(text.contains("</svg>"));
        assert_eq!(only_file(dir.path()).len(), 3, "no temporary files left");
    }

    #[test]
    fn rates_five_outlets_four_categories() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        let chart = rates(5, 4);
        draw_rates(&chart, &path).expect("drawn");
        assert_eq!(rates_chart_size(&chart).0, MIN_WIDTH);
        assert_drawn(&path, rates_chart_size(&chart), &OKABE_ITO[..5]);
    }

    #[test]
    fn rates_one_outlet_one_category() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        let chart = rates(1, 1);
        draw_rates(&chart, &path).expect("drawn");
        assert_drawn(&path, rates_chart_size(&chart), &[ORANGE]);
    }

    #[test]
    fn rates_twenty_outlets_widen_the_chart() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        let chart = rates(20, 6);
        draw_rates(&chart, &path).expect("drawn");
        let (w20, h20) = rates_chart_size(&chart);
        let (w3, h3) = rates_chart_size(&rates(3, 6));
        assert!(w20 > w3, "{w20} > {w3}");
        assert!(h20 > h3, "more legend rows: {h20} > {h3}");
        assert_drawn(&path, (w20, h20), &OKABE_ITO);
    }

    #[test]
    fn rates_all_zero_still_have_a_positive_axis() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        let mut chart = rates(3, 3);
        for b in chart.bars.iter_mut().flatten() {
            *b = RateBar {
                rate: 0.0,
                low: 0.0,
                high: 0.0,
                count: 0,
                tokens: 5,
            };
        }
        assert!(rates_layout(&chart).y_max() > 0.0);
        draw_rates(&chart, &path).expect("drawn");
        let img = decode(&path);
        assert_eq!((img.width, img.height), rates_chart_size(&chart));
        // The legend swatch still shows the first outlet's colour.
        assert!(img.pixels.contains(&[ORANGE.0, ORANGE.1, ORANGE.2]));
    }

    #[test]
    fn rates_with_awkward_labels_draw() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        let long = "x".repeat(5_000);
        let chart = RatesChart {
            title: format!("A title {}", "that goes on ".repeat(60)),
            outlets: vec![long.clone(), "tabs\tand\nnewlines".into(), String::new()],
            categories: vec![
                format!("group / {long}"),
                "emoji 🙂 and ünïcödé".into(),
                String::new(),
            ],
            bars: vec![vec![bar(0.5), bar(0.2), bar(0.0)]; 3],
            pooled_last: false,
        };
        draw_rates(&chart, &path).expect("drawn");
        let size = rates_chart_size(&chart);
        assert_eq!(
            size.0, MIN_WIDTH,
            "long labels are cut, not widening the chart"
        );
        assert_drawn(&path, size, &OKABE_ITO[..2]);
    }

    #[test]
    fn rates_overwrite_an_existing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("rates.png");
        std::fs::write(&path, b"old").expect("write");
        draw_rates(&rates(2, 2), &path).expect("drawn");
        assert_drawn(&path, rates_chart_size(&rates(2, 2)), &OKABE_ITO[..2]);
    }

    #[test]
    fn shares_three_outlets_with_an_empty_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shares.png");
        let mut chart = shares(3, 5);
        chart.counts[2] = vec![0; 5];
        draw_shares(&chart, &path).expect("drawn");
        assert_drawn(&path, shares_chart_size(&chart), &OKABE_ITO[..5]);
        assert_eq!(only_file(dir.path()), vec!["shares.png".to_string()]);
    }

    #[test]
    fn shares_one_outlet_one_category() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shares.png");
        let chart = shares(1, 1);
        draw_shares(&chart, &path).expect("drawn");
        assert_drawn(&path, shares_chart_size(&chart), &[ORANGE]);
    }

    #[test]
    fn shares_twenty_outlets_grow_taller() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shares.png");
        let chart = shares(20, 10);
        draw_shares(&chart, &path).expect("drawn");
        let (_, h20) = shares_chart_size(&chart);
        let (_, h3) = shares_chart_size(&shares(3, 10));
        assert!(h20 >= h3 + 17 * SHARES_ROW_PX, "{h20} vs {h3}");
        assert_drawn(&path, shares_chart_size(&chart), &OKABE_ITO);
    }

    #[test]
    fn shares_all_empty_and_huge_counts_do_not_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut chart = shares(2, 2);
        chart.counts = vec![vec![0, 0], vec![u64::MAX, u64::MAX]];
        let path = dir.path().join("shares.png");
        draw_shares(&chart, &path).expect("drawn");
        assert_drawn(&path, shares_chart_size(&chart), &OKABE_ITO[..2]);
    }

    #[test]
    fn nothing_to_draw_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("c.png");
        let mut no_outlets = rates(2, 2);
        no_outlets.outlets.clear();
        no_outlets.bars = vec![vec![], vec![]];
        let mut no_categories = rates(2, 2);
        no_categories.categories.clear();
        no_categories.bars.clear();
        for chart in [no_outlets, no_categories] {
            let err = draw_rates(&chart, &path).expect_err("nothing to draw");
            assert!(
                matches!(&err, ChartError::Nothing(p) if p == &path),
                "{err}"
            );
            assert!(err.to_string().contains("c.png"), "{err}");
            let _ = rates_chart_size(&chart);
        }
        let mut no_outlets = shares(2, 2);
        no_outlets.outlets.clear();
        no_outlets.counts.clear();
        let mut no_categories = shares(2, 2);
        no_categories.categories.clear();
        no_categories.counts = vec![vec![], vec![]];
        for chart in [no_outlets, no_categories] {
            let err = draw_shares(&chart, &path).expect_err("nothing to draw");
            assert!(matches!(err, ChartError::Nothing(_)), "{err}");
            let _ = shares_chart_size(&chart);
        }
        assert!(only_file(dir.path()).is_empty(), "no file written");
    }

    #[test]
    fn invalid_values_are_errors() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("bad.png");
        type Spoil = fn(&mut RateBar);
        let cases: [(Spoil, &str); 5] = [
            (|b| b.rate = f64::NAN, "rate is not a finite number"),
            (|b| b.high = f64::INFINITY, "high is not a finite number"),
            (|b| b.low = f64::NEG_INFINITY, "low is not a finite number"),
            (|b| b.low = -0.5, "low is negative"),
            (|b| b.low = b.high + 1.0, "low end is above its high end"),
        ];
        for (spoil, expected) in cases {
            let mut chart = rates(2, 3);
            spoil(&mut chart.bars[1][1]);
            let _ = rates_chart_size(&chart);
            let err = draw_rates(&chart, &path).expect_err("invalid value");
            let message = err.to_string();
            assert!(matches!(err, ChartError::InvalidValue { .. }), "{message}");
            assert!(message.contains(expected), "{message}");
            assert!(message.contains("bad.png"), "{message}");
            assert!(message.contains("Outlet 1"), "names the outlet: {message}");
        }
        assert!(only_file(dir.path()).is_empty(), "no file written");
    }

    #[test]
    fn shape_mismatches_are_errors() {
        let path = Path::new("shape.png");
        let mut chart = rates(2, 3);
        chart.bars.pop();
        assert!(matches!(
            draw_rates(&chart, path),
            Err(ChartError::Shape { .. })
        ));
        let mut chart = rates(2, 3);
        chart.bars[2].pop();
        let err = draw_rates(&chart, path).expect_err("short row");
        assert!(err.to_string().contains("armed_groups / label_2"), "{err}");
        let mut chart = shares(2, 3);
        chart.counts.pop();
        assert!(matches!(
            draw_shares(&chart, path),
            Err(ChartError::Shape { .. })
        ));
        let mut chart = shares(2, 3);
        chart.counts[0].push(1);
        assert!(matches!(
            draw_shares(&chart, path),
            Err(ChartError::Shape { .. })
        ));
    }

    #[test]
    fn unwritable_path_is_a_write_error_naming_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("missing").join("rates.png");
        let err = draw_rates(&rates(1, 1), &path).expect_err("no such folder");
        assert!(matches!(err, ChartError::Write { .. }), "{err}");
        assert!(err.to_string().contains("rates.png"), "{err}");
        let err = draw_shares(&shares(1, 1), Path::new("/")).expect_err("no file name");
        assert!(matches!(err, ChartError::Write { .. }), "{err}");
    }

    #[test]
    fn too_many_categories_is_an_error_not_a_huge_allocation() {
        let chart = rates(2, 1_000);
        let (w, _) = rates_chart_size(&chart);
        assert!(w > MAX_SIDE);
        let err = draw_rates(&chart, Path::new("big.png")).expect_err("too large");
        assert!(matches!(err, ChartError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("big.png"), "{err}");
        let chart = shares(1_000, 2);
        assert!(shares_chart_size(&chart).1 > MAX_SIDE);
        let err = draw_shares(&chart, Path::new("tall.png")).expect_err("too large");
        assert!(matches!(err, ChartError::TooLarge { .. }), "{err}");
    }

    #[test]
    fn palette_is_okabe_ito_with_black_last_and_a_cycle_rule() {
        assert_eq!(OKABE_ITO[7], RGBColor(0, 0, 0));
        assert_eq!(OKABE_ITO[0], RGBColor(230, 159, 0));
        let distinct: HashSet<RGBColor> = OKABE_ITO.iter().copied().collect();
        assert_eq!(distinct.len(), 8);
        for (i, &colour) in OKABE_ITO.iter().enumerate() {
            assert_eq!(series_style(i).colour, colour);
            assert_eq!(series_style(i).hatch, Hatch::Solid);
            assert_eq!(series_style(i + 8).colour, colour);
            assert_eq!(series_style(i + 8).hatch, Hatch::Diagonal);
            assert_eq!(series_style(i + 16).hatch, Hatch::Cross);
            assert_eq!(series_style(i + 24), series_style(i));
        }
        // 24 series are pairwise distinguishable by colour or pattern.
        let styles: HashSet<(RGBColor, u8)> = (0..24)
            .map(|i| (series_style(i).colour, series_style(i).hatch as u8))
            .collect();
        assert_eq!(styles.len(), 24);
    }

    #[test]
    fn format_helpers() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(ChartFormat::default().extension(), "png");
        assert_eq!(ChartFormat::Svg.extension(), "svg");
        assert_eq!(one_line(" a\t b\n\nc "), "a b c");
    }

    #[test]
    fn ticks_start_at_zero_and_cover_the_top() {
        for top in [
            0.0,
            5e-324,
            1e-9,
            0.013,
            0.5,
            1.0,
            1.52,
            7.3,
            42.0,
            999.0,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
        ] {
            let ticks = Ticks::covering(top, 8);
            assert_eq!(ticks.values[0], 0.0);
            assert!(ticks.top() > 0.0, "{top}: {ticks:?}");
            if top.is_finite() {
                assert!(ticks.top() >= top, "{top}: {ticks:?}");
            }
            assert!((2..=12).contains(&ticks.values.len()), "{top}: {ticks:?}");
        }
        let labels = |top: f64| {
            let ticks = Ticks::covering(top, 8);
            ticks
                .values
                .iter()
                .map(|v| ticks.label(*v))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(1.52),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6"]
        );
        assert_eq!(labels(0.0), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]);
        assert_eq!(
            labels(1.9),
            ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25", "1.50", "1.75", "2.00"]
        );
        assert_eq!(
            labels(37.0),
            ["0", "5", "10", "15", "20", "25", "30", "35", "40"]
        );
        assert_eq!(labels(0.0004)[1], "0.00005");
    }

    #[test]
    fn fit_and_wrap_respect_widths() {
        let desc = font(LABEL_PX);
        assert_eq!(fit("short", 200, &desc), "short");
        let cut = fit(&"word ".repeat(100), 200, &desc);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut, &desc) <= 200);

        let lines = wrap("armed_groups / terrorist", 140, 3, &desc);
        assert_eq!(lines, vec!["armed_groups /", "terrorist"]);
        let lines = wrap("a_group_with_a_very_long_name_indeed", 120, 3, &desc);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines[0].ends_with('_'),
            "breaks after an underscore: {lines:?}"
        );
        let lines = wrap(&"y".repeat(1_000), 100, 3, &desc);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(text_width(line, &desc) <= 100, "{line}");
        }
        assert_eq!(wrap("", 100, 3, &desc), vec![String::new()]);
    }

    #[test]
    fn glyph_metrics_match_the_font_plotters_uses() {
        let metrics = glyph_metrics(false).expect("regular font tables parse");
        assert!(glyph_metrics(true).is_some(), "bold font tables parse");
        // DejaVu Sans: '1' has a left side bearing of 225 units, 'A' of 16 (of 2,384 per size).
        assert_eq!(metrics.bearing_px('1', 100.0), 9);
        assert_eq!(metrics.bearing_px('A', 100.0), 0);
        assert!(metrics.glyph('A').is_some());
        assert_eq!(metrics.glyph('\u{10FFFF}'), None);
        assert_eq!(metrics.bearing_px('🙂', 16.0), 0);
        // Our scale agrees with ab_glyph's: fifty zeros measure fifty advances.
        let advance = metrics.advance_units('0').expect("advance of 0");
        let expected = 50.0 * f64::from(advance) * 100.0 / metrics.units_per_px_size;
        let measured = f64::from(text_width(&"0".repeat(50), &font(100.0)));
        assert!(
            (measured - expected).abs() <= 1.0,
            "{measured} vs {expected}"
        );
        assert!(
            (0.5..0.8).contains(&metrics.cap_height),
            "{}",
            metrics.cap_height
        );
    }

    impl GlyphMetrics {
        fn advance_units(&self, ch: char) -> Option<u16> {
            let g = self.glyph(ch)?.min(self.long_metrics - 1);
            be_u16(self.data, self.hmtx + 4 * usize::from(g))
        }
    }
}
