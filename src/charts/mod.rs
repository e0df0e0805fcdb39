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
//! (distinctive terms) and [`TimelineChart`] (stacked values per period, one
//! panel per outlet).
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
//! here in pixels rather than by plotters' mesh for the same reason. Nor
//! does plotters order or shape text: a label with right-to-left letters
//! (Arabic, Persian, Hebrew) is put in visual order with `unicode-bidi`,
//! shaped with `rustybuzz` and drawn glyph by glyph by id (`shape`), so
//! Arabic letters join and read right to left; left-to-right labels are
//! drawn as before.

mod axes;
mod legend;
mod render;
mod shape;
mod style;
mod text;

mod heatmap;
mod pairwise;
mod rates;
mod shares;
mod terms;
mod timeline;

pub use heatmap::HeatmapChart;
pub use pairwise::{PairwiseChart, PairwiseRow};
pub use terms::TermsChart;
pub use timeline::{TimelineChart, TimelinePanel};

// The tests call each kind's drawing and layout functions directly.
#[cfg(test)]
use {rates::*, shares::*};

pub use shape::{isolate, missing_glyphs};
pub use style::{series_style, Hatch, SeriesStyle, OKABE_ITO, OTHER};

use axes::*;
// Ours, not plotters' `Rect` from its prelude.
use axes::Rect;
use legend::*;
use render::*;
use shape::*;
use style::*;
use text::*;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontDesc, FontFamily, FontStyle, RGBColor};

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

/// A chart kind: plain data that lays itself out and draws itself into a
/// file. Each kind is one file of this module implementing it (like
/// hyperfine's `Exporter`); the report draws any of them the same way.
pub trait Chart {
    /// Width and height in pixels of the drawn chart.
    fn size(&self) -> (u32, u32);
    /// Checks the data, lays the chart out, draws it in memory and writes it
    /// atomically to `path`: PNG, or SVG when the path ends in `.svg`.
    /// Returns what was drawn, for tests that read the chart back.
    ///
    /// # Errors
    /// [`ChartError::Nothing`] when there is nothing to draw (the caller
    /// writes a note instead); every other error names `path`.
    fn draw(&self, path: &Path) -> Result<Drawn, ChartError>;
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
    /// Encoding the PNG failed.
    #[error("encoding {} failed", path.display())]
    Encode {
        /// The chart that was not written.
        path: PathBuf,
        #[source]
        source: png::EncodingError,
    },
    /// Writing the file failed.
    #[error("writing {} failed (does the folder exist and is it writable?)", path.display())]
    Write {
        /// The chart that was not written.
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

#[cfg(test)]
mod shape_tests;
#[cfg(test)]
mod tests;
