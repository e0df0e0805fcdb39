//! Drawing surfaces and files: the PNG and SVG backends, the in-memory
//! draw then atomic write of the finished file (temporary file + rename),
//! the size limit, and the primitive shapes every chart is built of (lines,
//! filled and hatched rectangles, whiskers, dots). Knows no chart kind.

use super::*;

pub(super) fn check_size(path: &Path, width: u32, height: u32) -> Result<(), ChartError> {
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

// Rendering plumbing.

pub(super) type Canvas<DB> = DrawingArea<DB, Shift>;

/// A plotters backend we draw on, and how it wants its text.
pub(super) trait Surface: DrawingBackend {
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
pub(super) trait Figure {
    fn paint<DB: Surface>(&self, root: &Canvas<DB>, drawn: &mut Drawn) -> Result<(), String>;
}

/// Draw `figure` in memory, then write it atomically (temporary file +
/// rename) as SVG when `path` ends in `.svg`, else as PNG.
pub(super) fn render(
    path: &Path,
    size: (u32, u32),
    figure: &impl Figure,
) -> Result<Drawn, ChartError> {
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

pub(super) fn render_svg(
    path: &Path,
    (w, h): (u32, u32),
    figure: &impl Figure,
) -> Result<Drawn, ChartError> {
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
    write_file(path, "svg", text.as_bytes())?;
    Ok(drawn)
}

pub(super) fn de<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// Draw into memory, then write the PNG atomically (temporary file + rename).
pub(super) fn render_png(
    path: &Path,
    (w, h): (u32, u32),
    figure: &impl Figure,
) -> Result<Drawn, ChartError> {
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
    let png = encode_png(&buf, (w, h)).map_err(|source| ChartError::Encode {
        path: path.to_path_buf(),
        source,
    })?;
    write_file(path, "png", &png)?;
    Ok(drawn)
}

/// Encode RGB pixels as a small PNG: indexed colour when the chart uses at
/// most 256 colours (most do: flat fills, and text anti-aliased against a
/// few backgrounds), else RGB; adaptive filtering (Best compression gains
/// under 1% here and is slower).
/// A report of a dozen charts stays a few hundred kilobytes, not megabytes.
pub(super) fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, png::EncodingError> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, w, h);
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
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}

/// Writes the finished chart atomically (temporary file + rename, by
/// [`crate::output`]), so a failure never leaves a half-written chart.
pub(super) fn write_file(path: &Path, extension: &str, bytes: &[u8]) -> Result<(), ChartError> {
    let write_error = |source| ChartError::Write {
        path: path.to_path_buf(),
        source,
    };
    crate::output::write_atomically(
        path,
        extension,
        |tmp| std::fs::write(tmp, bytes).map_err(write_error),
        write_error,
    )
}

pub(super) fn line<DB: Surface>(
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

pub(super) fn filled<DB: Surface>(
    root: &Canvas<DB>,
    a: (i32, i32),
    b: (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    root.draw(&Rectangle::new([a, b], colour.filled()))
        .map_err(de)
}

pub(super) fn outlined<DB: Surface>(
    root: &Canvas<DB>,
    a: (i32, i32),
    b: (i32, i32),
    colour: RGBColor,
) -> Result<(), String> {
    root.draw(&Rectangle::new([a, b], colour.stroke_width(1)))
        .map_err(de)
}

/// Fill a pixel rectangle with a series style: colour, optional hatching, optional outline.
pub(super) fn fill_rect<DB: Surface>(
    root: &Canvas<DB>,
    a: (i32, i32),
    b: (i32, i32),
    style: SeriesStyle,
    outline: Option<RGBColor>,
) -> Result<(), String> {
    pub(super) const STEP: i32 = 7;
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
pub(super) fn draw_whisker<DB: Surface>(
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
pub(super) fn dot<DB: Surface>(
    root: &Canvas<DB>,
    at: (i32, i32),
    r: i32,
    solid: bool,
) -> Result<(), String> {
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
pub(super) fn dashed_vline<DB: Surface>(
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
