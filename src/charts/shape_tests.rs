//! Right-to-left text in charts: visual order, joined forms, widths, and
//! what is drawn.

use super::tests::decode;
use super::*;

/// The glyph the font maps a code point to, through its cmap: Arabic
/// presentation forms (U+FB50-U+FEFF) are the joined forms as Unicode
/// encodes them, an independent key to what shaping must produce. An
/// isolated letter is drawn with the letter's own (nominal) glyph.
fn cmap(c: char) -> u16 {
    glyph_metrics(false)
        .and_then(|m| m.face.glyph_index(c))
        .map(|g| g.0)
        .unwrap_or_else(|| panic!("DejaVu Sans has no glyph for U+{:04X}", u32::from(c)))
}

fn ids(text: &str) -> Vec<u16> {
    shape_line(text, 14.0, false)
        .expect("the embedded font shapes")
        .glyphs
        .iter()
        .map(|g| g.id)
        .collect()
}

#[test]
fn an_arabic_word_comes_out_joined_and_right_to_left() {
    // سلام: seen lam alef meem. Joined: initial seen, lam-alef as one final
    // ligature, isolated meem (alef does not join to the left). Drawn left
    // to right on the page, the last letter (meem) comes first.
    assert_eq!(ids("سلام"), [cmap('م'), cmap('\u{FEFC}'), cmap('\u{FEB3}')]);
    // الثوار: alef lam tha waw alef ra. Isolated alef (alef joins only to
    // the letter before it), initial lam, medial tha, final waw, isolated
    // alef, isolated ra; visual order reversed.
    assert_eq!(
        ids("الثوار"),
        [
            cmap('ر'),        // ra, isolated
            cmap('ا'),        // alef, isolated
            cmap('\u{FEEE}'), // waw, final
            cmap('\u{FE9C}'), // tha, medial
            cmap('\u{FEDF}'), // lam, initial
            cmap('ا'),        // alef, isolated
        ]
    );
}

#[test]
fn persian_letters_join_too() {
    // کشتار (killing): keheh initial, sheen medial, teh medial, alef final, reh isolated.
    assert_eq!(
        ids("کشتار"),
        [
            cmap('ر'),        // reh, isolated
            cmap('\u{FE8E}'), // alef, final
            cmap('\u{FE98}'), // teh, medial
            cmap('\u{FEB8}'), // sheen, medial
            cmap('\u{FB90}'), // keheh, initial
        ]
    );
}

#[test]
fn a_name_before_latin_text_stays_whole_and_first() {
    // "سلام (n = 2)" in a chart's left-to-right line: the isolated name
    // first (its letters right to left), then the Latin text as written.
    let text = format!("{} (n = 2)", isolate("سلام"));
    let latin = " (n = 2)".chars().map(cmap);
    let arabic = [cmap('م'), cmap('\u{FEFC}'), cmap('\u{FEB3}')];
    // The isolates themselves draw nothing.
    let expected: Vec<u16> = arabic.into_iter().chain(latin).collect();
    assert_eq!(ids(&text), expected);
    // A trailing bracket inside the name stays with the name.
    let bracketed = format!("{} (n = 2)", isolate("(مصر)"));
    let got = ids(&bracketed);
    let first_latin = got.iter().position(|&g| g == cmap('n')).expect("n drawn");
    let brackets_before = got[..first_latin]
        .iter()
        .filter(|&&g| g == cmap('(') || g == cmap(')'))
        .count();
    assert_eq!(
        brackets_before, 3,
        "the name's two brackets and the opening one of (n = 2)"
    );
}

#[test]
fn left_to_right_text_is_left_to_plotters() {
    assert!(!needs_shaping("Youm7 (n = 446)"));
    assert!(!needs_shaping("armed_opposition / terrorist"));
    assert!(!needs_shaping("Москва İstanbul Ελλάδα"));
    assert!(needs_shaping("اليوم السابع"));
    assert!(needs_shaping("שלום"));
    assert_eq!(isolate("Youm7"), "Youm7");
    assert_eq!(isolate("سلام"), "\u{2068}سلام\u{2069}");
}

#[test]
fn shaped_widths_are_the_advances_of_the_joined_forms() {
    let desc = font(14.0);
    let m = glyph_metrics(false).expect("metrics");
    let advance = |c: char| {
        let g = m.face.glyph_index(c).expect("glyph");
        f64::from(m.face.glyph_hor_advance(g).expect("advance")) * 14.0 / m.units_per_px_size
    };
    let expected = (advance('\u{FEE1}') + advance('\u{FEFC}') + advance('\u{FEB3}')).round() as u32;
    assert_eq!(text_width("سلام", &desc), expected);
    // Fitting cuts a long Arabic label and measures the cut with shaping.
    let long = "المعارضة المسلحة في سوريا والجيش السوري الحر ".repeat(4);
    let cut = fit(&long, 120, &desc);
    assert!(cut.ends_with('…'), "{cut}");
    assert!(text_width(&cut, &desc) <= 120);
    for line in wrap(&long, 150, 3, &desc) {
        assert!(text_width(&line, &desc) <= 150, "{line}");
    }
}

#[test]
fn cjk_is_reported_missing_and_covered_scripts_are_not() {
    assert_eq!(missing_glyphs("人民日报 Youm7"), ['人', '民', '日', '报']);
    assert!(missing_glyphs("الثوار کشتار Москва İstanbul שלום").is_empty());
    assert!(missing_glyphs(&isolate("سلام")).is_empty());
}

/// Drawn on a chart: the chart has ink, and the name is drawn joined:
/// exactly as its joined forms written out as Unicode presentation forms
/// (which the shaper leaves as they are), not as separate letters.
#[test]
fn a_shares_chart_with_arabic_names_draws_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let draw = |file: &str, outlet: &str, label: &str| {
        let path = dir.path().join(file);
        let chart = SharesChart {
            title: "armed_opposition: share of each label".into(),
            outlets: vec![
                format!("{} (n = 12)", isolate(outlet)),
                "Youm7 (n = 3)".into(),
            ],
            categories: vec![label.into(), "terrorist".into()],
            counts: vec![vec![8, 4], vec![1, 2]],
        };
        chart.draw(&path).expect("drawn");
        decode(&path)
    };
    let img = draw("shares.png", "اليوم السابع", "الثوار");
    let dark = |p: &[u8; 3]| p.iter().all(|&c| c < 120);
    let inked = img.pixels.iter().filter(|p| dark(p)).count();
    assert!(inked > 500, "{inked} dark pixels");
    // سلام in logical order, and its joined forms (initial seen, the
    // lam-alef ligature, isolated meem; see the first test) typed as
    // presentation forms: the same pixels. Drawn a letter at a time, left
    // to right, سلام would be four isolated letters in the wrong order.
    let shaped = draw("word.png", "سلام", "سلام");
    let typed = draw(
        "forms.png",
        "\u{FEB3}\u{FEFC}\u{0645}",
        "\u{FEB3}\u{FEFC}\u{0645}",
    );
    assert_eq!((shaped.width, shaped.height), (typed.width, typed.height));
    assert!(
        shaped.pixels == typed.pixels,
        "سلام is not drawn as its joined forms"
    );
}
