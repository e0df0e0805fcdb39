//! How a chart looks: the Okabe-Ito palette and the rule that extends it
//! past eight series, the layout sizes in pixels and the colours of ink,
//! grid and bands. Knows no chart kind and no statistics.

use super::*;

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

/// The colour of a pooled "other outlets" series: a neutral grey outside the palette.
pub const OTHER: RGBColor = RGBColor(153, 153, 153);

pub(super) const TITLE_PX: f64 = 22.0;
pub(super) const LABEL_PX: f64 = 16.0;
pub(super) const SMALL_PX: f64 = 14.0;
pub(super) const MARGIN: u32 = 24;
pub(super) const MIN_WIDTH: u32 = 1000;
/// Largest side of a chart; beyond this the caller should split the chart.
pub(super) const MAX_SIDE: u32 = 20_000;
pub(super) const TITLE_LINE: u32 = 30;
pub(super) const MAX_TITLE_LINES: usize = 2;
pub(super) const LEGEND_ROW: u32 = 28;
pub(super) const SWATCH: i32 = 18;
pub(super) const LEGEND_GAP: u32 = 28;
/// Longest outlet or category name in a legend or axis label before it is cut with an ellipsis.
pub(super) const MAX_NAME_PX: u32 = 320;
pub(super) const GAP_TITLE_LEGEND: u32 = 10;
pub(super) const GAP_LEGEND_PLOT: u32 = 14;
/// Height of the line holding an axis title.
pub(super) const AXIS_TITLE_LINE: u32 = 24;
pub(super) const TICK: i32 = 6;

pub(super) const RATES_PLOT_HEIGHT: u32 = 440;
pub(super) const RATES_GROUP_GAP: f64 = 28.0;
pub(super) const RATES_MIN_GROUP_PX: f64 = 120.0;
pub(super) const RATES_MAX_BAR_PX: f64 = 56.0;
pub(super) const CATEGORY_LINE: u32 = 20;
pub(super) const MAX_CATEGORY_LINES: usize = 3;

pub(super) const SHARES_PLOT_WIDTH: u32 = 720;
pub(super) const SHARES_ROW_PX: u32 = 46;
pub(super) const SHARES_BAR_PX: i32 = 30;

pub(super) const GRID: RGBColor = RGBColor(222, 222, 222);
pub(super) const BAND: RGBColor = RGBColor(246, 246, 246);
pub(super) const OUTLINE: RGBColor = RGBColor(70, 70, 70);
pub(super) const INK: RGBColor = RGBColor(25, 25, 25);
pub(super) const MUTED: RGBColor = RGBColor(110, 110, 110);
pub(super) const EMPTY_BAR: RGBColor = RGBColor(250, 250, 250);

/// WCAG relative luminance of a colour, 0 (black) to 1 (white).
pub(super) fn luminance(c: RGBColor) -> f64 {
    pub(super) fn channel(c: u8) -> f64 {
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
pub(super) fn text_colour_on(bg: RGBColor) -> RGBColor {
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
