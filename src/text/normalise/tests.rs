//! The normaliser's fast paths against its general path, and its rules.
use super::*;
use proptest::prelude::*;

/// The general path alone, as the fast paths must behave: every cluster,
/// ASCII included, through NFKC, the mapping and case folding; an anchor
/// after each cluster; tokens counted afterwards.
fn general(input: &str, fold: bool) -> Normalised {
    let mut out = Normalised {
        original_len: input.len(),
        ..Normalised::default()
    };
    let (mut in_space, mut delta, mut i) = (false, 0isize, 0);
    while i < input.len() {
        let end = cluster_end(input, i);
        for c in input[i..end].nfkc() {
            let Some(m) = map_char(c) else { continue };
            if m == ' ' {
                if !in_space {
                    out.text.push(' ');
                }
                in_space = true;
                continue;
            }
            in_space = false;
            if fold {
                out.text
                    .push_str(&caseless::default_case_fold_str(m.encode_utf8(&mut [0; 4])));
            } else {
                out.text.push(m);
            }
        }
        i = end;
        let d = i as isize - out.text.len() as isize;
        if d != delta {
            delta = d;
            out.anchors.push((out.text.len(), i));
        }
    }
    out.tokens = count_tokens(&out.text);
    out
}

/// The baseline and AVX2 variants of [`normalise`] give the same text,
/// tokens and offset map (checked where the CPU has the features).
fn variants_agree(input: &str) -> Result<(), TestCaseError> {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        for fold in [true, false] {
            let base = normalise_baseline(input, fold);
            // SAFETY: `has_avx2` detected the features at run time.
            let avx2 = unsafe { normalise_avx2(input, fold) };
            prop_assert_eq!(&base.text, &avx2.text, "fold {}", fold);
            prop_assert_eq!(base.tokens, avx2.tokens);
            prop_assert_eq!(&base.anchors, &avx2.anchors);
            prop_assert_eq!(base.original_len, avx2.original_len);
        }
    }
    let _ = input;
    Ok(())
}

/// [`normalise`] (whichever variant the CPU runs) gives the general
/// path's output, and its variants give each other's.
fn same_as_general(input: &str) -> Result<(), TestCaseError> {
    variants_agree(input)?;
    for fold in [true, false] {
        let (fast, slow) = (normalise(input, fold), general(input, fold));
        prop_assert_eq!(&fast.text, &slow.text, "fold {}", fold);
        prop_assert_eq!(fast.tokens, slow.tokens);
        for pos in 0..=fast.text.len() {
            prop_assert_eq!(fast.original_offset(pos), slow.original_offset(pos));
        }
    }
    Ok(())
}

/// Characters the fast paths and the general path could disagree on.
const ALPHABET: &[&str] = &[
    "a",
    "Z",
    "q",
    "7",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "\u{0B}",
    "\u{0C}",
    "\u{1F}",
    "`",
    "'",
    "\"",
    "-",
    ".",
    "\u{2018}",
    "\u{2019}",
    "\u{201C}",
    "\u{201D}",
    "\u{2013}",
    "\u{2014}",
    "\u{00A0}",
    "\u{2009}",
    "\u{2033}",
    "\u{2011}",
    "\u{00AD}",
    "\u{200B}",
    "\u{0301}",
    "\u{0308}",
    "e\u{301}",
    "\u{00A8}",
    "é",
    "ß",
    "ẞ",
    "İ",
    "ﬁ",
    "Ｉ",
    "…",
    "伊",
    "\u{2003}",
    "\u{00B4}",
    "Σ",
    "ς",
    "\u{FEFF}",
    "ا",
    "لإ",
    "ة",
    "\u{064E}",
    "ب\u{0651}\u{064E}",
    "\u{0640}",
    "ی",
    "\u{200C}",
    "Я",
    "я",
    "ё",
    "е\u{0308}",
    "ש",
    "\u{05B8}",
    "国",
    "テ",
    "ｱ",
    "\u{FEF7}",
    "\u{0675}",
    "ٳ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_paths_equal_the_general_path(
        parts in prop::collection::vec(0..ALPHABET.len(), 0..60)
    ) {
        let text: String = parts.iter().map(|&p| ALPHABET[p]).collect();
        same_as_general(&text)?;
    }

    #[test]
    fn fast_paths_equal_the_general_path_on_any_text(text in any::<String>()) {
        same_as_general(&text)?;
    }

    /// Runs of every length across chunk boundaries, mostly ASCII.
    #[test]
    fn fast_paths_equal_the_general_path_on_long_runs(
        text in "([a-zA-Z0-9]{0,40}[ '`\n\t.,A-Z\u{e9}\u{2019}\u{301}\u{a0}-]{0,3}){0,12}"
    ) {
        same_as_general(&text)?;
    }

    /// Long texts, many chunks each, through both variants.
    #[test]
    fn avx2_and_baseline_variants_agree(
        text in "([a-zA-Z0-9]{0,90}[ '`\n\t\r.,A-Z\u{1F}\u{e9}\u{2019}\u{301}\u{a0}-]{0,4}){0,40}"
    ) {
        variants_agree(&text)?;
    }

    /// The cursor's offsets are `original_offset`'s.
    #[test]
    fn cursor_follows_original_offset(text in any::<String>()) {
        let n = normalise(&text, true);
        let mut cursor = n.cursor();
        for pos in 0..=n.text.len() {
            prop_assert_eq!(cursor.original_offset(pos), n.original_offset(pos));
        }
    }

    #[test]
    fn fast_paths_equal_the_general_path_on_ascii(text in "[ -~\t\n\r\u{0B}\u{0C}]{0,80}") {
        same_as_general(&text)?;
    }
}

/// Every case of the chunked ASCII path at every position relative to a
/// chunk boundary: runs of 63, 64 and 65 bytes, and of 129 around both
/// boundaries; white space (dropped or not), apostrophes, backticks,
/// capitals, control bytes and a non-ASCII stop at each position; runs
/// starting after a character of the cluster path that leaves a space, a
/// word or a joining apostrophe to carry into the first chunk.
#[test]
fn chunk_edges_follow_the_general_path() {
    let fillers = ["abcdefghijklmnopqrstuvwxyz0123456789", " ", "Ab'", "a\n"];
    let inserts = [
        " ", "  ", "\n\n ", "`", "'", "A", "\t", "x'", "'s", "\u{1F}", "é", "\u{301}", "\u{2019}",
        "\u{A0}",
    ];
    for prefix in ["", "\u{A0}", "d\u{2019}", "ü'"] {
        for len in [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 1] {
            let near_a_boundary = |p: usize| p <= CHUNK + 8 || p + 8 >= len;
            for filler in fillers {
                let base: String = filler.chars().cycle().take(len).collect();
                for p in (0..=len).filter(|&p| near_a_boundary(p)) {
                    for insert in inserts {
                        let text = format!("{prefix}{}{insert}{}", &base[..p], &base[p..]);
                        if let Err(e) = same_as_general(&text) {
                            panic!("{text:?}: {e}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn ascii_table_and_typographic_shortcuts_follow_the_general_path() {
    for b in 0..128u8 {
        same_as_general(&format!("x{}y", char::from(b))).unwrap();
        same_as_general(&format!("x{}é{0}\u{2019}", char::from(b))).unwrap();
    }
    for c in [
        '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2013}', '\u{2014}', '\u{00A0}',
        '\u{2009}',
    ] {
        assert!(typographic(c).is_some());
        same_as_general(&format!("x{c}y {c} {c}{c}")).unwrap();
    }
}

/// Every letter the cluster path takes as it is ([`stable`]) gives
/// the general path's output, alone, before a combining mark, after
/// ASCII and between CJK characters.
#[test]
fn stable_letters_follow_the_general_path() {
    let stable_chars = (0..=0x10FFFFu32)
        .filter_map(char::from_u32)
        .filter(|&c| stable(c));
    for c in stable_chars {
        assert!(c.is_alphanumeric(), "{c:?} is not a letter");
        for text in [
            format!("{c}"),
            format!("a{c}b{c}{c}"),
            format!("{c}\u{0301}{c}\u{064E}"),
            format!("国{c}国 {c}"),
        ] {
            if let Err(e) = same_as_general(&text) {
                panic!("{c:?} (U+{:04X}): {e}", c as u32);
            }
        }
    }
}

#[test]
fn cjk_characters_are_tokens_and_boundaries() {
    assert!(joins('a', 'b') && joins('م', 'ع') && joins('a', '\u{301}'));
    assert!(!joins('国', '家') && !joins('a', '国') && !joins('テ', 'ロ'));
    assert!(!joins('a', ' ') && !joins('-', 'a'));
    for text in [
        "伊斯兰国 ok",
        "ok伊斯兰国",
        "テロリストたち「国」",
        "a国b国c",
    ] {
        same_as_general(text).unwrap();
        assert_eq!(
            normalise(text, true).tokens,
            count_tokens(&normalise(text, true).text)
        );
    }
    assert_eq!(normalise("a国b国c", true).tokens, 5);
}

#[test]
fn quotes_dashes_and_space_are_unified() {
    let n = normalise("Moscow’s  “war”\n\u{00A0}on—terror", true);
    assert_eq!(n.text, "moscow's \"war\" on-terror");
}

#[test]
fn offsets_map_back_to_original() {
    let orig = "Ab’c  DAESH";
    let n = normalise(orig, true);
    let start = n.text.find("daesh").unwrap();
    let (s, e) = n.original_span(orig, start, start + 5);
    assert_eq!(&orig[s..e], "DAESH");
}

#[test]
fn full_case_folding_and_nfkc() {
    assert_eq!(
        normalise_str("STRAẞE ﬁght Ｉｓｌａｍｉｃ", true),
        "strasse fight islamic"
    );
    assert_eq!(normalise_str("IS", false), "IS");
}

#[test]
fn combining_marks_compose() {
    // e + combining acute -> é
    assert_eq!(normalise_str("Cafe\u{301}", true), "café");
}

#[test]
fn tokens_follow_the_documented_rule() {
    assert_eq!(count_tokens("moscow's anti-damascus terrorists"), 4);
    assert_eq!(count_tokens("  u.s.-led, 7,000 ... don't "), 6);
    assert_eq!(count_tokens(""), 0);
    assert_eq!(count_tokens("'quoted' words'"), 2);
    // One token per character in scripts written without spaces.
    assert_eq!(count_tokens("伊斯兰国 ok"), 5);
    assert_eq!(count_tokens("伊斯兰国ok"), 5);
    assert_eq!(count_tokens("テロリストたち"), 7);
}
