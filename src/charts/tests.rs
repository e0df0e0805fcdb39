//! Tests of the drawing library: every chart kind drawn and read back.

use super::rates::rates_layout;
use super::*;
use std::collections::HashSet;

const ORANGE: RGBColor = OKABE_ITO[0];

pub(super) struct Decoded {
    pub(super) width: u32,
    pub(super) height: u32,
    pub(super) pixels: Vec<[u8; 3]>,
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
        self.face.glyph_hor_advance(self.glyph(ch)?)
    }
}
