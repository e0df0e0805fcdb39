//! The oracle is whatlang itself: `detect_lang` must name the language
//! `whatlang::detect_lang` names, on real text cut at many lengths (short
//! texts are where scores tie) and on random texts mixing scripts, case,
//! digits, punctuation and the characters whose lower case is longer.

use super::*;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

fn same_as_whatlang(text: &str) {
    assert_eq!(
        detect_lang(text),
        whatlang::detect_lang(text),
        "the language of {text:?}"
    );
}

/// Every text file the tests ship (seed articles, language fixtures,
/// matching fixtures, archive exports).
fn shipped_texts() -> Vec<String> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut texts = Vec::new();
    for dir in [
        "data/seed",
        "tests/fixtures/languages",
        "tests/fixtures/articles",
        "tests/fixtures/corpora",
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
            .expect("a shipped fixture folder")
            .map(|e| e.expect("a directory entry").path())
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push(text);
            }
        }
    }
    assert!(texts.len() > 20, "{} texts", texts.len());
    texts
}

#[test]
fn names_what_whatlang_names_on_shipped_text_at_every_length() {
    let mut languages = std::collections::BTreeSet::new();
    for text in shipped_texts() {
        let ends: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(7)
            .take(600)
            .collect();
        for end in ends {
            same_as_whatlang(&text[..end]);
        }
        same_as_whatlang(&text);
        if let Some(lang) = detect_lang(&text) {
            languages.insert(lang.code());
        }
    }
    // The fixtures reach every scored script but Devanagari and Hebrew
    // (the random texts below do): English, Arabic, Persian, Russian, Turkish.
    for code in ["eng", "ara", "pes", "rus", "tur"] {
        assert!(languages.contains(code), "{code} in {languages:?}");
    }
}

/// The script is whatlang's where the ASCII letters only just outnumber
/// the other characters, where they do not, and with no letters: mixtures
/// of ASCII letters with Cyrillic, Arabic, Han, Latin letters outside ASCII
/// (counted as others, though Latin), U+1D2B (both Cyrillic and Latin to
/// whatlang), characters of no script, digits and spaces.
#[test]
fn script_is_whatlangs_at_the_edge_of_the_ascii_test() {
    let others = ['б', 'ع', '中', 'é', '×', '\u{1D2B}', '’', 'ᾼ'];
    let (mut fast, mut total) = (0, 0);
    for ascii in ["a", "Z", "1", " ", "\u{7f}"] {
        for other in others {
            for second in others {
                for k in 0..5 {
                    for m in 0..5 {
                        let text = format!(
                            "{}{}{}",
                            ascii.repeat(k),
                            other.to_string().repeat(m),
                            second.to_string().repeat(m / 2)
                        );
                        assert_eq!(
                            script(&text),
                            whatlang::detect_script(&text),
                            "the script of {text:?}"
                        );
                        let letters = text.bytes().filter(u8::is_ascii_alphabetic).count();
                        fast +=
                            usize::from(letters > text.chars().filter(|c| !c.is_ascii()).count());
                        total += 1;
                    }
                }
            }
        }
    }
    // Both ways are taken.
    assert!(
        fast >= 1000 && total - fast >= 1000,
        "{fast} of {total} texts by the ASCII test"
    );
}

/// The one-pass count is the two plain ones: ASCII letters, and bytes
/// that start a character outside ASCII, on random bytes (every value) and
/// on runs of one byte, at lengths around the blocks of 255 it counts in
/// (a block of 255 letters must not wrap its byte counter).
#[test]
fn letters_and_others_are_counted_as_plainly() {
    let plain = |bytes: &[u8]| {
        (
            bytes.iter().filter(|b| b.is_ascii_alphabetic()).count(),
            bytes.iter().filter(|&&b| b >= 0xC0).count(),
        )
    };
    let mut rng = ChaCha8Rng::seed_from_u64(41);
    for len in [0, 1, 254, 255, 256, 509, 510, 511, 2048, 5000] {
        let random: Vec<u8> = (0..len).map(|_| rng.random()).collect();
        assert_eq!(
            letters_and_others(&random),
            plain(&random),
            "{len} random bytes"
        );
        for b in [b'a', b'Z', b'@', b'[', b'`', b'{', 0x80, 0xBF, 0xC0, 0xFF] {
            let run = vec![b; len];
            assert_eq!(letters_and_others(&run), plain(&run), "{len} of {b:#x}");
        }
    }
    assert_eq!(letters_and_others("Aa zé Ж1".as_bytes()), (3, 2));
}

#[test]
fn names_what_whatlang_names_on_random_mixed_text() {
    let words = [
        "the",
        "rebels",
        "Syria",
        "città",
        "straße",
        "İstanbul",
        "şehir",
        "ĳs",
        "повстанцы",
        "Київ",
        "ў",
        "المعارضة",
        "کرده‌اند",
        "اردو",
        "हिंदी",
        "मराठी",
        "नेपाल",
        "שלום",
        "ייִדיש",
        "日本語",
        "カタカナ",
        "中文",
        "Ελλάδα",
        "ქართული",
        "한국어",
        "ƏLİ",
        "ǅemal",
        "ΣΟΦΊΑ",
        "x",
        "ab",
        "42",
        "--",
        "...",
        "\u{301}",
        "e\u{301}",
        "ᾼ",
        "ﬃ",
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut scripts = std::collections::BTreeSet::new();
    for _ in 0..3000 {
        let n = rng.random_range(1..120usize);
        // Mostly one language's words, some of another's: the scores close.
        let home = rng.random_range(0..words.len());
        let mut text = String::new();
        for _ in 0..n {
            let word = if rng.random_range(0..4u8) == 0 {
                words[rng.random_range(0..words.len())]
            } else {
                words[(home + rng.random_range(0..3usize)) % words.len()]
            };
            text.push_str(word);
            text.push(match rng.random_range(0..6u8) {
                0 => ',',
                1 => '\n',
                _ => ' ',
            });
        }
        if let Some(script) = whatlang::detect_script(&text) {
            scripts.insert(script.name().to_string());
        }
        same_as_whatlang(&text);
    }
    for script in [
        "Latin",
        "Cyrillic",
        "Arabic",
        "Devanagari",
        "Hebrew",
        "Mandarin",
    ] {
        assert!(scripts.contains(script), "{script} in {scripts:?}");
    }
}

#[test]
fn the_vendored_profiles_are_whatlangs_shape() {
    let sizes: Vec<usize> = MODELS.iter().map(|m| m.langs.len()).collect();
    assert_eq!(sizes, [37, 6, 3, 3, 2]);
    for model in MODELS.iter() {
        assert!(model.lengths.iter().all(|&n| n == 300));
        // One rank per language and trigram: what keeps the distance from
        // dropping below zero (see `trigram_scores`).
        for &(start, end) in &model.rows {
            let ranks = &model.places[start as usize..end as usize];
            let mut langs: Vec<u8> = ranks.iter().map(|r| r.0).collect();
            langs.dedup();
            assert_eq!(langs.len(), ranks.len());
        }
        // Every place in one trigram's run, none twice: 300 per language.
        let runs: u32 = model.rows.iter().map(|&(start, end)| end - start).sum();
        assert_eq!(runs as usize, model.places.len());
        assert_eq!(model.places.len(), 300 * model.langs.len());
        // A profile trigram's direct slot names its row; no other slot
        // names one.
        let mut named = 0;
        for (&trigram, &row) in &model.ranks {
            if let Some(slot) = unpack_slot(trigram) {
                assert_eq!(model.direct[slot], row);
                named += 1;
            }
        }
        assert_eq!(
            model.direct.iter().filter(|&&row| row != NO_ROW).count(),
            named
        );
    }
    assert_eq!(
        MODELS[0].alphabet.as_ref().map(|a| a.chars.len() > 26),
        Some(true)
    );
    assert!(MODELS[2].alphabet.is_none());
}

/// A text's trigrams as whatlang ranks them, by the per-thread tables,
/// lower-cased a character at a time and as a whole, with the Latin
/// alphabet's letters counted (a run of ASCII then read by bytes) and
/// without (the same).
fn ranked_trigrams(text: &str) -> Vec<u64> {
    let latin = MODELS[0].alphabet.as_ref();
    let [by_char, whole, bytes] =
        [(true, None), (false, None), (true, latin)].map(|(by_char, alphabet)| {
            SCAN.with_borrow_mut(|scan| {
                scan.read(text, alphabet, by_char);
                scan.ranked()
                    .into_iter()
                    .map(key_trigram)
                    .collect::<Vec<_>>()
            })
        });
    assert_eq!(by_char, whole, "{text:?}");
    assert_eq!(by_char, bytes, "{text:?}");
    by_char
}

#[test]
fn a_direct_slot_is_its_trigram_s() {
    let mut trigrams = std::collections::HashSet::new();
    for slot in 0..DIRECT {
        assert_eq!(unpack_slot(unslot(slot)), Some(slot));
        trigrams.insert(unslot(slot));
    }
    // One trigram a slot, of the 28 characters only: the space, a-z, DEL.
    assert_eq!(trigrams.len(), 28 * 28 * 28);
    let symbols: std::collections::BTreeSet<char> = trigrams
        .iter()
        .flat_map(|&t| [t >> 42, (t >> 21) & 0x1F_FFFF, t & 0x1F_FFFF])
        .filter_map(|c| char::from_u32(c as u32))
        .collect();
    let want: std::collections::BTreeSet<char> =
        " abcdefghijklmnopqrstuvwxyz\u{7f}".chars().collect();
    assert_eq!(symbols, want);
    // Every other character has none: upper case, digits (stop characters
    // become spaces before), letters outside ASCII.
    for c in ['A', 'Z', '0', '{', '\u{80}', 'é', 'ж', '\u{2019}'] {
        assert_eq!(unpack_slot(pack('a', c, ' ')), None, "{c:?}");
        assert_eq!(unpack_slot(pack(c, 'a', ' ')), None, "{c:?}");
        assert_eq!(unpack_slot(pack(' ', 'a', c)), None, "{c:?}");
    }
}

/// A trigram of no slot has below it the slots whose trigrams are
/// smaller, counted one by one: trigrams of a character of no symbol in
/// each place (below the space, between the symbols, above DEL, far above),
/// with symbols around it.
#[test]
fn slots_below_a_trigram_are_the_smaller_ones() {
    let chars = [
        '\0',
        '\u{1f}',
        ' ',
        '!',
        '`',
        'a',
        'm',
        'z',
        '{',
        '\u{7e}',
        '\u{7f}',
        '\u{80}',
        'é',
        'ж',
        '\u{2019}',
        '\u{10ffff}',
    ];
    let mut trigrams: Vec<u64> = (0..DIRECT).map(unslot).collect();
    trigrams.sort_unstable();
    let mut checked = 0;
    for &a in &chars {
        for &b in &chars {
            for &c in &chars {
                let trigram = pack(a, b, c);
                if unpack_slot(trigram).is_some() {
                    continue;
                }
                let smaller = trigrams.partition_point(|&t| t < trigram);
                assert_eq!(slots_below(trigram), smaller, "{a:?}{b:?}{c:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 3000, "{checked}");
}

#[test]
fn ranks_count_then_trigram_descending() {
    // whatlang's own example: "xaaaaabbbb    d".
    let ranked = ranked_trigrams("xaaaaabbbb    d");
    assert_eq!(ranked[0], pack('a', 'a', 'a'));
    assert_eq!(ranked[1], pack('b', 'b', 'b'));
    // 11 trigrams, 8 distinct (whatlang's test counts 11); " d " is the
    // last word's only one; ties by trigram, descending.
    assert_eq!(ranked.len(), 8);
    assert!(ranked.contains(&pack(' ', 'd', ' ')));
    assert!(ranked[2] > ranked[3]);
    assert!(ranked_trigrams("").is_empty());
    assert_eq!(ranked_trigrams("-a-"), [pack(' ', 'a', ' ')]);
}

/// The text's trigrams ranked as whatlang ranks them, by sorting them all.
fn ranked_by_sorting(text: &str) -> Vec<u64> {
    let lower = text.to_lowercase();
    let mut counts: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    let chars: Vec<char> = std::iter::once(' ')
        .chain(lower.chars().map(|c| if is_stop_char(c) { ' ' } else { c }))
        .chain(Some(' '))
        .collect();
    for w in chars.windows(3) {
        if !(w[1] == ' ' && (w[0] == ' ' || w[2] == ' ')) {
            *counts.entry(pack(w[0], w[1], w[2])).or_insert(0) += 1;
        }
    }
    let mut all: Vec<(u32, u64)> = counts.into_iter().map(|(t, n)| (n, t)).collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    all.into_iter()
        .take(TEXT_TRIGRAMS_SIZE)
        .map(|(_, t)| t)
        .collect()
}

/// The tables count and the counting sort ranks the trigrams as lower-casing
/// the whole text and sorting its trigrams does: texts of few and of many
/// distinct trigrams, around and far past the 600 ranked, among them texts
/// whose counts fill the 600 exactly; letters of the direct slots and not
/// (upper case, outside ASCII, a capital sigma final or not, DEL, stop
/// characters).
#[test]
fn trigrams_are_ranked_as_by_sorting_them_all() {
    let mut rng = ChaCha8Rng::seed_from_u64(22);
    let letters: Vec<char> = "abcdefghijklmnopqrstuvwxyzéж AÖΣİ\u{7f}-’\u{301}"
        .chars()
        .collect();
    let mut exactly = 0;
    for round in 0..2000 {
        let alphabet = 2 + round % (letters.len() - 1);
        let len = rng.random_range(0..4000usize);
        let text: String = (0..len)
            .map(|_| letters[rng.random_range(0..alphabet)])
            .collect();
        let want = ranked_by_sorting(&text);
        assert_eq!(ranked_trigrams(&text), want, "{text:?}");
        exactly += usize::from(want.len() == TEXT_TRIGRAMS_SIZE);
    }
    // 600 distinct trigrams of counts 1 and 2 whose higher counts end at
    // the 600th: the loop must stop with no room left.
    let words: Vec<String> = (0..600u32)
        .map(|i| {
            let a = letters[(i % 26) as usize];
            let b = letters[(i / 26 % 26) as usize];
            format!("{a}{b}")
        })
        .collect();
    let text = format!("{} {}", words.join(" "), words[..300].join(" "));
    assert_eq!(ranked_trigrams(&text), ranked_by_sorting(&text));
    assert!(
        exactly > 100,
        "{exactly} texts of 600 ranked trigrams or more"
    );
}
