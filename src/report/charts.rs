//! PNG charts for the report: plain data in, one PNG file out.
//!
//! This module owns everything about how a chart looks: the embedded font
//! (DejaVu Sans, shipped in `assets/fonts/` with its licence, so charts render
//! on a machine without any system fonts), the colour-blind-safe Okabe-Ito
//! palette and the rule that extends it past eight series, the pixel layout
//! (sizes grow with the number of categories and outlets so labels never
//! overlap), and the atomic write of the finished file.
//!
//! It knows nothing about statistics or counting: callers compute rates,
//! intervals and counts and hand them over in [`RatesChart`] and
//! [`SharesChart`]. Outlet `i` always gets series colour `i`
//! ([`series_style`]), so passing outlets in one fixed order gives each
//! outlet the same colour in every chart.
//!
//! Drawing happens in memory first; the PNG is then written to a temporary
//! file beside the target and renamed over it, so a failure never leaves a
//! half-written chart behind.

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

/// Output formats. Only PNG today; an enum so SVG can be added later.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ChartFormat {
    /// Portable Network Graphics, drawn with the embedded font.
    #[default]
    Png,
}

impl ChartFormat {
    /// The file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Png => "png",
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

const RATES_PLOT_HEIGHT: u32 = 440;
const RATES_GROUP_GAP: f64 = 28.0;
const RATES_MIN_GROUP_PX: f64 = 120.0;
const RATES_MAX_BAR_PX: f64 = 56.0;
const CATEGORY_LINE: u32 = 20;
const MAX_CATEGORY_LINES: usize = 3;

const SHARES_PLOT_WIDTH: u32 = 720;
const SHARES_ROW_PX: u32 = 46;
const SHARES_BAR_PX: f64 = 30.0;
const SHARES_X_AREA: u32 = 64;

const GRID: RGBColor = RGBColor(222, 222, 222);
const BAND: RGBColor = RGBColor(246, 246, 246);
const OUTLINE: RGBColor = RGBColor(70, 70, 70);
const INK: RGBColor = RGBColor(25, 25, 25);
const MUTED: RGBColor = RGBColor(110, 110, 110);

// ---------------------------------------------------------------------------
// Public entry points.

/// Pixel size `(width, height)` that [`draw_rates`] uses for `chart`.
///
/// Width grows with the number of categories and outlets (at least 1,000 px);
/// height grows with the lines needed by the title, legend and category labels.
pub fn rates_chart_size(chart: &RatesChart) -> (u32, u32) {
    let layout = rates_layout(chart);
    (layout.width, layout.height)
}

/// Pixel size `(width, height)` that [`draw_shares`] uses for `chart`.
///
/// Width is at least 1,000 px (more when outlet labels are long); height grows
/// with the number of outlets and legend rows.
pub fn shares_chart_size(chart: &SharesChart) -> (u32, u32) {
    let layout = shares_layout(chart);
    (layout.width, layout.height)
}

/// Draw rates with intervals as grouped bars and write a PNG to `path`.
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
pub fn draw_rates(chart: &RatesChart, path: &Path) -> Result<(), ChartError> {
    validate_rates(chart, path)?;
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let layout = rates_layout(chart);
    check_size(path, layout.width, layout.height)?;
    render_png(path, (layout.width, layout.height), |root| {
        draw_rates_on(root, chart, &layout)
    })
}

/// Draw a group's label mix as horizontal 100% stacked bars and write a PNG to `path`.
///
/// One bar per outlet, labelled "Outlet (n = matches)"; segments are
/// categories, labelled with their percentage when wide enough. An outlet
/// with no matches in the group gets an empty bar labelled "no matches".
///
/// # Errors
/// [`ChartError::Nothing`] without outlets or categories; `Shape` when
/// `counts` does not match them; `TooLarge`, `Font`, `Draw`, `Write` otherwise.
pub fn draw_shares(chart: &SharesChart, path: &Path) -> Result<(), ChartError> {
    validate_shares(chart, path)?;
    ensure_font().map_err(|()| ChartError::Font(path.to_path_buf()))?;
    let layout = shares_layout(chart);
    check_size(path, layout.width, layout.height)?;
    render_png(path, (layout.width, layout.height), |root| {
        draw_shares_on(root, chart, &layout)
    })
}

// ---------------------------------------------------------------------------
// Validation.

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
    for (c, row) in chart.bars.iter().enumerate() {
        if row.len() != chart.outlets.len() {
            return Err(shape(format!(
                "bars for category {:?} has {} entries but there are {} outlets",
                chart.categories[c],
                row.len(),
                chart.outlets.len()
            )));
        }
        for (o, bar) in row.iter().enumerate() {
            let invalid = |what: &str| ChartError::InvalidValue {
                path: path.to_path_buf(),
                detail: format!(
                    "outlet {:?}, category {:?}: {what} (rate {}, low {}, high {})",
                    chart.outlets[o], chart.categories[c], bar.rate, bar.low, bar.high
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
    for (o, row) in chart.counts.iter().enumerate() {
        if row.len() != chart.categories.len() {
            return Err(shape(format!(
                "counts for outlet {:?} has {} entries but there are {} categories",
                chart.outlets[o],
                row.len(),
                chart.categories.len()
            )));
        }
    }
    Ok(())
}

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
// Font and text helpers.

/// Register the embedded font as plotters' "sans-serif" family, once per process.
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

fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal)
}

fn bold_font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold)
}

fn text_style(size: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(size).color(&colour).pos(Pos::new(h, v))
}

/// Width in pixels of `text` drawn in `desc`; a generous estimate if the font is unavailable.
fn text_width(text: &str, desc: &FontDesc<'_>) -> u32 {
    // Layout must work (deterministically) even before drawing, so register here too.
    let _ = ensure_font();
    match desc.box_size(text) {
        Ok((w, _)) => w,
        Err(_) => (text.chars().count() as f64 * desc.get_size() * 0.65).ceil() as u32,
    }
}

/// Collapse runs of whitespace (including newlines and tabs) to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cut `text` to at most `max_px` wide, ending in an ellipsis when cut.
fn fit(text: &str, max_px: u32, desc: &FontDesc<'_>) -> String {
    // Very long input: no label needs more than a few hundred characters.
    let text: String = text.chars().take(400).collect();
    if text_width(&text, desc) <= max_px {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    // Largest prefix that fits with the ellipsis (binary search; width is monotone in length).
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

/// Wrap `text` into lines at most `max_px` wide, at most `max_lines` of them;
/// words longer than a line are broken, and text that does not fit ends in an ellipsis.
fn wrap(text: &str, max_px: u32, max_lines: usize, desc: &FontDesc<'_>) -> Vec<String> {
    let text: String = text.chars().take(400).collect();
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
        // Break an over-long word into pieces that fit.
        let mut piece = String::new();
        for ch in word.chars() {
            let mut next = piece.clone();
            next.push(ch);
            if !piece.is_empty() && text_width(&next, desc) > max_px {
                lines.push(std::mem::take(&mut piece));
                piece.push(ch);
            } else {
                piece = next;
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    if lines.len() > max_lines && max_lines > 0 {
        let rest = lines[max_lines - 1..].join(" ");
        lines.truncate(max_lines - 1);
        let mut last = fit(&rest, max_px, desc);
        if !last.ends_with('…') {
            last.push('…');
        }
        lines.push(last);
    }
    lines
}

/// `1234567` -> `"1,234,567"`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Axis tick label: up to four decimals, trailing zeros removed.
fn tick_label(v: f64) -> String {
    if v.abs() < 1e-12 {
        return "0".to_string();
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Black or white, whichever contrasts more with `bg` (WCAG relative luminance).
fn text_colour_on(bg: RGBColor) -> RGBColor {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let l = 0.2126 * channel(bg.0) + 0.7152 * channel(bg.1) + 0.0722 * channel(bg.2);
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

type Canvas<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn de<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draw into memory, then write the PNG atomically (temporary file + rename).
fn render_png<F>(path: &Path, (w, h): (u32, u32), draw: F) -> Result<(), ChartError>
where
    F: FnOnce(&Canvas<'_>) -> Result<(), String>,
{
    let draw_error = |message: String| ChartError::Draw {
        path: path.to_path_buf(),
        message,
    };
    let mut buf = vec![0u8; w as usize * h as usize * 3];
    {
        let backend = BitMapBackend::with_buffer_and_format(&mut buf, (w, h))
            .map_err(|e| draw_error(e.to_string()))?;
        let root = backend.into_drawing_area();
        root.fill(&WHITE).map_err(|e| draw_error(e.to_string()))?;
        draw(&root).map_err(draw_error)?;
        root.present().map_err(|e| draw_error(e.to_string()))?;
    }
    write_png(path, &buf, (w, h))
}

fn write_png(path: &Path, buf: &[u8], (w, h): (u32, u32)) -> Result<(), ChartError> {
    let write_error = |message: String| ChartError::Write {
        path: path.to_path_buf(),
        message,
    };
    let name = path
        .file_name()
        .ok_or_else(|| write_error("the path has no file name".to_string()))?;
    // The backend picks the encoder from the extension, so the temporary file ends in .png.
    let tmp = path.with_file_name(format!(
        ".{}.{}.tmp.png",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = {
        let mut backend = BitMapBackend::new(&tmp, (w, h));
        backend
            .blit_bitmap((0, 0), (w, h), buf)
            .and_then(|()| backend.present())
            .map_err(de)
    };
    let result = written.and_then(|()| std::fs::rename(&tmp, path).map_err(de));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(write_error)
}

/// Fill a pixel rectangle with a series style: colour, optional hatching, outline.
fn fill_rect(
    root: &Canvas<'_>,
    (x0, y0): (i32, i32),
    (x1, y1): (i32, i32),
    style: SeriesStyle,
    outline: Option<RGBColor>,
) -> Result<(), String> {
    let (x0, x1) = (x0.min(x1), x0.max(x1));
    let (y0, y1) = (y0.min(y1), y0.max(y1));
    root.draw(&Rectangle::new([(x0, y0), (x1, y1)], style.colour.filled()))
        .map_err(de)?;
    const STEP: i32 = 7;
    let hatch_line = WHITE.stroke_width(2);
    if matches!(style.hatch, Hatch::Diagonal | Hatch::Cross) {
        // Lines x + y = c, drawn as "/".
        let mut c = x0 + y0 + STEP / 2;
        while c < x1 + y1 {
            let lo = x0.max(c - y1);
            let hi = x1.min(c - y0);
            if lo < hi {
                root.draw(&PathElement::new(
                    vec![(lo, c - lo), (hi, c - hi)],
                    hatch_line,
                ))
                .map_err(de)?;
            }
            c += STEP;
        }
    }
    if style.hatch == Hatch::Cross {
        // Lines x - y = c, drawn as "\".
        let mut c = x0 - y1 + STEP / 2;
        while c < x1 - y0 {
            let lo = x0.max(c + y0);
            let hi = x1.min(c + y1);
            if lo < hi {
                root.draw(&PathElement::new(
                    vec![(lo, lo - c), (hi, hi - c)],
                    hatch_line,
                ))
                .map_err(de)?;
            }
            c += STEP;
        }
    }
    if let Some(line) = outline {
        root.draw(&Rectangle::new([(x0, y0), (x1, y1)], line.stroke_width(1)))
            .map_err(de)?;
    }
    Ok(())
}

/// A vertical whisker with caps; a white under-stroke keeps it visible on dark bars.
fn draw_whisker(
    root: &Canvas<'_>,
    x: i32,
    y_low: i32,
    y_high: i32,
    half_cap: i32,
) -> Result<(), String> {
    let segments = [
        vec![(x, y_low), (x, y_high)],
        vec![(x - half_cap, y_high), (x + half_cap, y_high)],
        vec![(x - half_cap, y_low), (x + half_cap, y_low)],
    ];
    for (colour, width) in [(WHITE, 4), (INK, 2)] {
        for points in &segments {
            root.draw(&PathElement::new(
                points.clone(),
                colour.stroke_width(width),
            ))
            .map_err(de)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Title and legend (shared by both charts).

#[derive(Debug, Clone)]
enum LegendMark {
    Series(SeriesStyle),
    Whisker,
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

fn draw_header(root: &Canvas<'_>, header: &Header) -> Result<(), String> {
    let title_style = bold_font(TITLE_PX)
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Top));
    for (i, line) in header.title_lines.iter().enumerate() {
        let y = MARGIN as i32 + i as i32 * TITLE_LINE as i32;
        root.draw_text(line, &title_style, (MARGIN as i32, y))
            .map_err(de)?;
    }
    let label_style = text_style(LABEL_PX, INK, HPos::Left, VPos::Center);
    for entry in &header.legend {
        let (x, y) = entry.at;
        let mid = y + SWATCH / 2;
        match entry.mark {
            LegendMark::Series(style) => {
                fill_rect(root, (x, y), (x + SWATCH, y + SWATCH), style, Some(OUTLINE))?;
            }
            LegendMark::Whisker => {
                draw_whisker(root, x + SWATCH / 2, y + SWATCH - 1, y + 1, 5)?;
            }
        }
        root.draw_text(&entry.label, &label_style, (x + SWATCH + 8, mid))
            .map_err(de)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Rates chart.

#[derive(Debug, Clone)]
struct RatesLayout {
    width: u32,
    height: u32,
    header: Header,
    y_max: f64,
    y_area: u32,
    x_area: u32,
    group_px: f64,
    bar_px: f64,
    category_lines: Vec<Vec<String>>,
}

fn base_bar_px(outlets: usize) -> f64 {
    match outlets {
        0..=3 => 30.0,
        4..=6 => 22.0,
        7..=10 => 16.0,
        _ => 12.0,
    }
}

fn rates_layout(chart: &RatesChart) -> RatesLayout {
    let n_out = chart.outlets.len().max(1);
    let n_cat = chart.categories.len().max(1);

    let top = chart
        .bars
        .iter()
        .flatten()
        .flat_map(|b| [b.rate, b.high])
        .filter(|v| v.is_finite())
        .fold(0.0_f64, f64::max);
    let y_max = if top > 0.0 { top * 1.1 } else { 1.0 };

    let label_font = font(LABEL_PX);
    // Tick labels: the widest is about as wide as the top value with two decimals.
    let tick_w = text_width(&format!("{:.2}", y_max), &label_font);
    let y_area = 30 + 12 + tick_w;

    let side = MARGIN + y_area + MARGIN;
    let natural_group =
        (n_out as f64 * base_bar_px(n_out) + RATES_GROUP_GAP).max(RATES_MIN_GROUP_PX);
    let natural_w = side as f64 + natural_group * n_cat as f64;
    let width = (natural_w.ceil() as u32).max(MIN_WIDTH);
    let group_px = (width - side) as f64 / n_cat as f64;
    let bar_px = ((group_px - RATES_GROUP_GAP) / n_out as f64).clamp(2.0, RATES_MAX_BAR_PX);

    let label_w = (group_px - 10.0).max(40.0) as u32;
    let category_lines: Vec<Vec<String>> = chart
        .categories
        .iter()
        .map(|c| wrap(c, label_w, MAX_CATEGORY_LINES, &label_font))
        .collect();
    let max_lines = category_lines.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let x_area = 12 + max_lines * CATEGORY_LINE;

    let name_font = font(LABEL_PX);
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
            let name = fit(&one_line(name), MAX_NAME_PX, &name_font);
            (
                LegendMark::Series(series_style(o)),
                format!("{name} (n = {} tokens)", thousands(tokens)),
            )
        })
        .collect();
    entries.push((LegendMark::Whisker, "interval".to_string()));
    let header = header_layout(&chart.title, entries, width);

    let height = header.height + 10 + RATES_PLOT_HEIGHT + x_area + MARGIN;
    RatesLayout {
        width,
        height,
        header,
        y_max,
        y_area,
        x_area,
        group_px,
        bar_px,
        category_lines,
    }
}

fn draw_rates_on(root: &Canvas<'_>, chart: &RatesChart, l: &RatesLayout) -> Result<(), String> {
    draw_header(root, &l.header)?;
    let n_cat = chart.categories.len();
    let n_out = chart.outlets.len();

    let (_, body) = root.split_vertically(l.header.height);
    let body = body.margin(10, MARGIN, MARGIN, MARGIN);
    let mut plot = ChartBuilder::on(&body)
        .margin(0)
        .x_label_area_size(l.x_area)
        .y_label_area_size(l.y_area)
        .build_cartesian_2d(0f64..n_cat as f64, 0f64..l.y_max)
        .map_err(de)?;

    // Light bands behind every other category group make groups easy to tell apart.
    for c in (1..n_cat).step_by(2) {
        let c = c as f64;
        plot.plotting_area()
            .draw(&Rectangle::new(
                [(c, 0.0), (c + 1.0, l.y_max)],
                BAND.filled(),
            ))
            .map_err(de)?;
    }

    plot.configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(8)
        .y_label_formatter(&|v| tick_label(*v))
        .y_desc("matches per 1,000 tokens")
        .label_style(font(LABEL_PX).color(&INK))
        .axis_desc_style(font(LABEL_PX).color(&INK))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(OUTLINE)
        .draw()
        .map_err(de)?;

    let y_px = |v: f64| plot.backend_coord(&(0.0, v)).1;
    let x_px = |v: f64| f64::from(plot.backend_coord(&(v, 0.0)).0);
    let inner_gap = if l.bar_px >= 10.0 { 2.0 } else { 1.0 };
    let half_cap = (l.bar_px * 0.3).clamp(2.0, 9.0) as i32;

    for (c, row) in chart.bars.iter().enumerate() {
        let centre = (x_px(c as f64) + x_px(c as f64 + 1.0)) / 2.0;
        let start = centre - l.bar_px * n_out as f64 / 2.0;
        // Bars first, then every whisker, so no bar covers a neighbour's whisker cap.
        for (o, bar) in row.iter().enumerate() {
            let x0 = (start + o as f64 * l.bar_px).round() as i32;
            let x1 = (start + (o + 1) as f64 * l.bar_px - inner_gap).round() as i32;
            fill_rect(
                root,
                (x0, y_px(0.0)),
                (x1, y_px(bar.rate)),
                series_style(o),
                Some(OUTLINE),
            )?;
        }
        for (o, bar) in row.iter().enumerate() {
            let mid = (start + (o as f64 + 0.5) * l.bar_px - inner_gap / 2.0).round() as i32;
            draw_whisker(root, mid, y_px(bar.low), y_px(bar.high), half_cap)?;
        }
    }

    // Category labels, wrapped, centred under their group.
    let label_style = text_style(LABEL_PX, INK, HPos::Center, VPos::Top);
    let label_top = y_px(0.0) + 10;
    for (c, lines) in l.category_lines.iter().enumerate() {
        let centre = ((x_px(c as f64) + x_px(c as f64 + 1.0)) / 2.0).round() as i32;
        for (i, line) in lines.iter().enumerate() {
            root.draw_text(
                line,
                &label_style,
                (centre, label_top + i as i32 * CATEGORY_LINE as i32),
            )
            .map_err(de)?;
        }
    }
    let _ = l.group_px;
    Ok(())
}

// ---------------------------------------------------------------------------
// Shares chart.

#[derive(Debug, Clone)]
struct SharesLayout {
    width: u32,
    height: u32,
    header: Header,
    label_area: u32,
    plot_h: u32,
    outlet_labels: Vec<String>,
}

fn row_total(row: &[u64]) -> u128 {
    row.iter().map(|&c| u128::from(c)).sum()
}

fn shares_layout(chart: &SharesChart) -> SharesLayout {
    let n_out = chart.outlets.len().max(1) as u32;
    let label_font = font(LABEL_PX);
    let outlet_labels: Vec<String> = chart
        .outlets
        .iter()
        .enumerate()
        .map(|(o, name)| {
            let total = chart.counts.get(o).map(|r| row_total(r)).unwrap_or(0);
            let total = u64::try_from(total).unwrap_or(u64::MAX);
            let name = fit(&one_line(name), MAX_NAME_PX, &label_font);
            format!("{name} (n = {})", thousands(total))
        })
        .collect();
    let widest = outlet_labels
        .iter()
        .map(|s| text_width(s, &label_font))
        .max()
        .unwrap_or(0);
    let label_area = widest + 16;
    let width = (MARGIN + label_area + SHARES_PLOT_WIDTH + MARGIN + 12).max(MIN_WIDTH);

    let entries: Vec<(LegendMark, String)> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(c, name)| {
            (
                LegendMark::Series(series_style(c)),
                fit(&one_line(name), MAX_NAME_PX, &label_font),
            )
        })
        .collect();
    let header = header_layout(&chart.title, entries, width);
    let plot_h = (n_out * SHARES_ROW_PX).max(2 * SHARES_ROW_PX);
    let height = header.height + 10 + plot_h + SHARES_X_AREA + MARGIN;
    SharesLayout {
        width,
        height,
        header,
        label_area,
        plot_h,
        outlet_labels,
    }
}

fn draw_shares_on(root: &Canvas<'_>, chart: &SharesChart, l: &SharesLayout) -> Result<(), String> {
    draw_header(root, &l.header)?;
    let n_out = chart.outlets.len();

    let (_, body) = root.split_vertically(l.header.height);
    let body = body.margin(10, MARGIN, MARGIN, MARGIN + 12);
    let mut plot = ChartBuilder::on(&body)
        .margin(0)
        .x_label_area_size(SHARES_X_AREA)
        .y_label_area_size(l.label_area)
        .build_cartesian_2d(0f64..100f64, 0f64..n_out as f64)
        .map_err(de)?;
    plot.configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(11)
        .x_label_formatter(&|v| tick_label(*v))
        .x_desc("share of the group's matches (%)")
        .label_style(font(LABEL_PX).color(&INK))
        .axis_desc_style(font(LABEL_PX).color(&INK))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(OUTLINE)
        .draw()
        .map_err(de)?;

    let px = |share: f64, y: f64| plot.backend_coord(&(share, y));
    let name_style = text_style(LABEL_PX, INK, HPos::Right, VPos::Center);
    let seg_font = font(SMALL_PX);
    let row_h = f64::from(l.plot_h) / n_out.max(1) as f64;
    let half_bar = (SHARES_BAR_PX.min(row_h * 0.7) / 2.0).round() as i32;

    for (o, row) in chart.counts.iter().enumerate() {
        // Outlet 0 at the top.
        let y_mid = px(0.0, n_out as f64 - o as f64 - 0.5).1;
        let (top, bottom) = (y_mid - half_bar, y_mid + half_bar);
        let left = px(0.0, 0.0).0;
        let right = px(100.0, 0.0).0;
        if let Some(label) = l.outlet_labels.get(o) {
            root.draw_text(label, &name_style, (left - 10, y_mid))
                .map_err(de)?;
        }
        let total = row_total(row);
        if total == 0 {
            root.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                RGBColor(250, 250, 250).filled(),
            ))
            .map_err(de)?;
            root.draw(&Rectangle::new(
                [(left, top), (right, bottom)],
                GRID.stroke_width(1),
            ))
            .map_err(de)?;
            let style = text_style(SMALL_PX, MUTED, HPos::Center, VPos::Center);
            root.draw_text("no matches", &style, ((left + right) / 2, y_mid))
                .map_err(de)?;
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
            let (x0, x1) = (px(start, 0.0).0, px(end, 0.0).0);
            let style = series_style(c);
            fill_rect(root, (x0, top), (x1, bottom), style, None)?;
            // A white hairline separates neighbouring segments.
            if x0 > left {
                root.draw(&PathElement::new(
                    vec![(x0, top), (x0, bottom)],
                    WHITE.stroke_width(1),
                ))
                .map_err(de)?;
            }
            let label = format!("{:.0}%", end - start);
            let tw = text_width(&label, &seg_font) as i32;
            if x1 - x0 >= tw + 10 {
                let cx = (x0 + x1) / 2;
                if style.hatch != Hatch::Solid {
                    // Plain backing so the number stays legible on stripes.
                    root.draw(&Rectangle::new(
                        [(cx - tw / 2 - 3, y_mid - 9), (cx + tw / 2 + 3, y_mid + 9)],
                        style.colour.filled(),
                    ))
                    .map_err(de)?;
                }
                let text = text_style(
                    SMALL_PX,
                    text_colour_on(style.colour),
                    HPos::Center,
                    VPos::Center,
                );
                root.draw_text(&label, &text, (cx, y_mid)).map_err(de)?;
            }
        }
        root.draw(&Rectangle::new(
            [(left, top), (right, bottom)],
            OUTLINE.stroke_width(1),
        ))
        .map_err(de)?;
    }
    Ok(())
}
