use super::*;

/// A detector whose store is in memory, or (`spill`) in its file from the
/// first article.
fn detector(spill: bool) -> Detector {
    if spill {
        Detector::default().spilling()
    } else {
        Detector::default()
    }
}

fn article(id: &str, outlet: &str, date: &str) -> Article {
    Article {
        id: id.into(),
        source: outlet.into(),
        outlet: outlet.into(),
        date: date.into(),
        ..Article::default()
    }
}

/// The distinct shingle hashes of a text, sorted: the definition the
/// signature's count and min-hashes are checked against.
fn shingles(text: &str) -> Vec<u64> {
    let mut all = Vec::new();
    shingle_hashes(text, |x| all.push(x));
    all.sort_unstable();
    all.dedup();
    all
}

/// The sketch by definition: each bin's least low half of the distinct
/// shingles whose high half picks it, and their number.
fn sketch_by_definition(text: &str) -> (Vec<Option<u32>>, usize) {
    let distinct = shingles(text);
    let mut mins = vec![None; HASHES];
    for &x in &distinct {
        let b = &mut mins[bin(x >> 32)];
        *b = Some(b.map_or(x as u32, |m: u32| m.min(x as u32)));
    }
    (mins, distinct.len())
}

fn as_options((sketch, n): (Sketch, usize)) -> (Vec<Option<u32>>, usize) {
    let mins = sketch.mins.iter().zip(sketch.filled);
    (mins.map(|(&m, f)| f.then_some(m)).collect(), n)
}

/// A word of the texts the sketch is tried on: ASCII, Cyrillic, Arabic or
/// Turkish letters and digits.
const WORDS: [&str; 8] = ["w", "x1", "Война", "حرب", "İstanbul", "ışık", "9", "Ǆa"];
/// Between words: spaces, punctuation, General Punctuation, an Arabic
/// comma, a combining mark alone (not a letter: it ends a word).
const GAPS: [&str; 6] = [" ", ", ", "\u{2014}", "\u{060C} ", "\n\n", "\u{0301}"];

/// The text of `words`: each a word of [`WORDS`] and a gap of [`GAPS`].
fn text_of(words: &[(usize, usize)]) -> String {
    words
        .iter()
        .map(|&(w, g)| format!("{}{}", WORDS[w], GAPS[g]))
        .collect()
}

proptest::proptest! {
    /// On one thread, or cut in halves on two, a text's sketch is the one
    /// its distinct shingles define.
    #[test]
    fn a_sketch_is_its_distinct_shingles_on_one_thread_or_two(
        words in proptest::collection::vec((0usize..8, 0usize..6), 0..300),
    ) {
        // A small vocabulary: shingles recur.
        let text = text_of(&words);
        let expected = sketch_by_definition(&text);
        proptest::prop_assert_eq!(as_options(sketch(&text, false)), expected.clone());
        proptest::prop_assert_eq!(as_options(sketch(&text, true)), expected);
    }

    /// The halves' shingles are the text's (repeats aside), and the cut
    /// is past the middle.
    #[test]
    fn the_halves_shingles_are_the_texts(
        words in proptest::collection::vec((0usize..8, 0usize..6), 0..300),
    ) {
        let text = text_of(&words);
        if let Some((first, second)) = halves(&text) {
            proptest::prop_assert!(first.len() >= text.len() / 2);
            let mut both = shingles(first);
            both.extend(shingles(second));
            both.sort_unstable();
            both.dedup();
            proptest::prop_assert_eq!(both, shingles(&text));
        }
    }
}

/// Cut by hand: after the first word ending past the middle, the second
/// half four words before.
#[test]
fn halves_by_hand() {
    let text = "one two three four five six seven eight nine";
    // The middle (22) is in "five"; it ends at 23.
    let (first, second) = halves(text).unwrap();
    assert_eq!(first, "one two three four five ");
    assert_eq!(second, "two three four five six seven eight nine");
    // Fewer than four words before the cut: the second half is the text.
    assert_eq!(halves("a b c d"), Some(("a b ", "a b c d")));
    // No word ends past the middle.
    assert_eq!(halves("ab cdefgh"), None);
    assert_eq!(halves(""), None);
}

/// A text past PIPELINE_BYTES with more shingles than Distinct keeps in
/// one buffer: the same signature on one thread and on two, its count
/// the number of distinct shingles.
#[test]
fn a_huge_text_has_the_same_signature_on_two_threads() {
    let mut state = 11u64;
    // 45,000 paragraphs drawn from 30,000 of 60 words (from 3,000).
    let paragraphs: Vec<String> = (0..30_000)
        .map(|_| {
            let words = (0..60).map(|_| format!("w{}", splitmix(&mut state) % 3_000));
            words.collect::<Vec<_>>().join(" ")
        })
        .collect();
    let text: String = (0..45_000)
        .map(|_| paragraphs[(splitmix(&mut state) % 30_000) as usize].as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    assert!(text.len() > PIPELINE_BYTES);
    let family = family();
    let (one, two) = (
        signature(&text, &family, 1).unwrap(),
        signature(&text, &family, 2).unwrap(),
    );
    let distinct = shingles(&text).len();
    // More than one buffer's worth, and repeats to remove.
    assert!(
        distinct > 1 << 20 && distinct < 45_000 * 60 - 4,
        "{distinct}"
    );
    // By hand: 30,000 * (1 - e^-1.5) = 23,306 paragraphs drawn at least
    // once, 56 shingles inside each (1,305,000), and 4 across each of the
    // 44,999 joins (180,000, next to none repeated): about 1,485,000.
    assert!(distinct.abs_diff(1_485_000) < 15_000, "{distinct}");
    assert_eq!((&one.mins, one.shingles), (&two.mins, two.shingles));
    assert_eq!(one.shingles, distinct);
}

/// The byte-by-byte loop `word_hashes` replaced: the definition of a
/// word's hash.
fn word_hashes_one_char_at_a_time(text: &str) -> Vec<u64> {
    let (mut out, mut h, mut in_word) = (Vec::new(), 0u64, false);
    for c in text.chars() {
        if c.is_alphanumeric() {
            h = c.to_lowercase().fold(h, |h, l| mix_in(h, u64::from(l)));
        } else if in_word {
            out.push(h);
            h = 0;
        }
        in_word = c.is_alphanumeric();
    }
    if in_word {
        out.push(h);
    }
    out
}

fn hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    word_hashes(text, |h| out.push(h));
    out
}

#[test]
fn a_shingle_is_five_words_oldest_first() {
    let w = hashes("One two, three four five six");
    let shingle = |ws: &[u64]| {
        let mut state = ws.iter().fold(0, |h, &x| mix_in(h, x));
        splitmix(&mut state)
    };
    let mut expected = vec![shingle(&w[0..5]), shingle(&w[1..6])];
    expected.sort_unstable();
    assert_eq!(shingles("One two, three four five six"), expected);
}

#[test]
fn no_letter_or_digit_in_general_punctuation() {
    for c in '\u{2000}'..='\u{206F}' {
        assert!(!c.is_alphanumeric(), "U+{:04X}", u32::from(c));
    }
}

proptest::proptest! {
    #[test]
    fn word_hashes_are_the_one_char_at_a_time_hashes(
        text in "[aZ09 ,.\\-\u{e9}\u{c9}\u{130}\u{df}\u{2019}\u{2014}\u{201c}\u{a0}\u{645}\u{661}\u{3000}\u{1F600}\u{0}\u{7f}]{0,30}"
    ) {
        proptest::prop_assert_eq!(hashes(&text), word_hashes_one_char_at_a_time(&text));
    }
}

#[test]
fn word_hashes_of_every_character() {
    // Each character of the first three planes between two words.
    for c in '\u{0}'..='\u{2FFFF}' {
        let text = format!("ab{c}cd {c}");
        assert_eq!(
            hashes(&text),
            word_hashes_one_char_at_a_time(&text),
            "U+{:04X}",
            u32::from(c)
        );
    }
}

const STORY: &str = "Russian President Vladimir Putin has expressed hope that Washington will join Moscow in efforts to counter international terrorism, stressing that bilateral cooperation is in the interest of the entire world community and would help resolve many global problems.";

/// The estimate is unbiased, with at most MinHash's variance J(1 - J) /
/// HASHES, also for short articles, where most bins are filled by
/// densification.
#[test]
fn jaccard_estimate_is_unbiased_with_minhash_variance() {
    let family = family();
    let mut state = 7u64;
    let mut words = |n: usize| -> Vec<String> {
        (0..n)
            .map(|_| format!("w{}", splitmix(&mut state) % 100_000))
            .collect()
    };
    let (mut bias, mut squared, mut expected) = (0.0, 0.0, 0.0);
    let trials = 300;
    for t in 0..trials {
        let shared = words(30 + t % 7 * 60);
        let (extra_a, extra_b) = (words(t % 5 * 40), words(t % 3 * 50));
        let a = [extra_a.clone(), shared.clone()].concat().join(" ");
        let b = [shared, extra_b].concat().join(" ");
        let (sa, sb) = (shingles(&a), shingles(&b));
        let common = sa.iter().filter(|x| sb.binary_search(x).is_ok()).count();
        let truth = common as f64 / (sa.len() + sb.len() - common) as f64;
        let (ga, gb) = (
            signature(&a, &family, 1).unwrap(),
            signature(&b, &family, 1).unwrap(),
        );
        let same = ga
            .mins
            .iter()
            .zip(&*gb.mins)
            .filter(|(x, y)| x == y)
            .count();
        let estimate = same as f64 / HASHES as f64;
        bias += estimate - truth;
        squared += (estimate - truth).powi(2);
        expected += truth * (1.0 - truth) / HASHES as f64;
    }
    let n = trials as f64;
    assert!((bias / n).abs() < 0.01, "mean error {}", bias / n);
    // No larger than MinHash's; lower for sets much larger than HASHES
    // (bins sample shingles without replacement).
    let ratio = squared / expected;
    assert!(ratio < 1.2, "variance ratio {ratio}");
}

/// 501 articles share band 0 (a crowded bucket: no pairs there); two of
/// them also share band 1: they are paired there, once.
#[test]
fn a_pair_in_a_crowded_bucket_is_made_in_the_next_band_it_shares() {
    let rows = HASHES / BANDS;
    let items: Vec<Item> = (0..=MAX_BUCKET as u32)
        .map(|k| {
            let mut mins: Vec<u32> = (0..HASHES as u32).map(|h| k * 1000 + h + 1).collect();
            mins[..rows].fill(7);
            if k < 2 {
                mins[rows..2 * rows].fill(9);
            }
            Item {
                ordinal: k.into(),
                id: k.to_string(),
                outlet: "X".into(),
                date: String::new(),
                sig: Signature {
                    mins: mins.into_boxed_slice(),
                    shingles: HASHES,
                },
            }
        })
        .collect();
    assert_eq!(candidates_of(items, 1, false), [(0, 1)]);
}

/// A story four times in outlet X and once in Y: each later copy in X
/// is paired with the earliest only (3 rows in duplicates.csv, not the
/// 6 pairs), and each pair across outlets once, though the copies share
/// most of their 32 bands.
#[test]
fn a_copy_within_an_outlet_is_paired_once_with_the_earliest() {
    for spill in [false, true] {
        copies_within_an_outlet(spill);
    }
}

fn copies_within_an_outlet(spill: bool) {
    let mut d = detector(spill);
    for (k, id) in ["a", "b", "c", "d"].into_iter().enumerate() {
        let text = format!("{STORY} Version {k} of it.");
        d.add(k as u64, &article(id, "X", ""), &text);
    }
    d.add(4, &article("y", "Y", ""), STORY);
    let s = d.finish(Syndicated::Keep).expect("kept");
    let ids =
        |pairs: &[Pair]| -> Vec<(String, String)> { pairs.iter().map(|p| p.ids.clone()).collect() };
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    let within: Vec<_> = s
        .within
        .iter()
        .map(|c| {
            assert_eq!(c.kind, CopyKind::Near);
            let ids = (c.kept_id.to_string(), c.id.to_string());
            (ids, c.outlet, (c.kept_ordinal, c.ordinal))
        })
        .collect();
    assert_eq!(
        within,
        [
            (pair("a", "b"), "X", (0, 1)),
            (pair("a", "c"), "X", (0, 2)),
            (pair("a", "d"), "X", (0, 3))
        ]
    );
    assert_eq!(
        ids(&s.pairs),
        [
            pair("a", "y"),
            pair("b", "y"),
            pair("c", "y"),
            pair("d", "y")
        ]
    );
}

#[test]
fn copies_across_outlets_are_paired_and_policies_drop() {
    for spill in [false, true] {
        copies_across_outlets(spill);
    }
}

fn copies_across_outlets(spill: bool) {
    let other = "The city council voted on Tuesday to expand the bus network, adding four routes to the northern suburbs and cutting fares for students and pensioners from next spring onwards.";
    let mut d = detector(spill);
    d.add(0, &article("a", "X", "2016-12-02"), STORY);
    d.add(
        1,
        &article("b", "Y", "2016-12-01"),
        &format!("{STORY} It added more."),
    );
    d.add(2, &article("c", "X", ""), other);
    d.add(3, &article("d", "X", ""), STORY); // same outlet: not syndication
    d.add(4, &article("e", "Z", ""), "too short to compare");
    let s = d.finish(Syndicated::First).expect("kept");
    let found: Vec<_> = s
        .pairs
        .iter()
        .map(|p| (p.ids.0.as_str(), p.ids.1.as_str()))
        .collect();
    assert_eq!(found, [("a", "b"), ("b", "d")]);
    assert!(s.pairs.iter().all(|p| p.containment >= THRESHOLD));
    assert_eq!(s.too_short, 1);
    // b (2016-12-01) is the earliest copy: a and d are dropped.
    assert_eq!(s.dropped, HashSet::from([0, 3]));
    assert_eq!(
        dropped(&s.pairs, Syndicated::Drop),
        HashSet::from([0, 1, 3])
    );
    assert!(dropped(&s.pairs, Syndicated::Keep).is_empty());
}

/// The candidates are the same, in the same order, when each band's
/// buckets are made on a thread of their own: 600 items sharing band 0 (a
/// crowded bucket), the other bands drawn from a few values so that items
/// share some bands and not others.
#[test]
fn candidates_are_the_same_on_two_threads() {
    let rows = HASHES / BANDS;
    // The same items each time (a fixed xorshift stream).
    let made = || -> Vec<Item> {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = |n: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(n)) as u32
        };
        (0..600u32)
            .map(|k| {
                let mut mins = vec![0u32; HASHES];
                for b in 1..BANDS {
                    mins[b * rows..(b + 1) * rows].fill(next(3 + b as u32 * 7));
                }
                banded(k, mins)
            })
            .collect()
    };
    let one = candidates_of(made(), 1, false);
    assert!(one.len() > 10_000, "{} candidates", one.len());
    assert_eq!(candidates_of(made(), 2, false), one);
    // Read back from the temporary file: the same.
    assert_eq!(candidates_of(made(), 2, true), one);
    let mut found = one;
    found.sort_unstable();
    assert_eq!(found, candidates_by_definition(&made()));
}

/// Families of copies, as a corpus of re-crawls has: each family's
/// articles agree in most bands, so a band's bucket often holds a family
/// that shared a bucket before (its pairs are not checked again), or part
/// of one with others (some pairs are). Every pair is found once.
#[test]
fn families_of_copies_are_paired_once_whatever_bands_they_share() {
    let mut state = 0x51_7CC1_B727_220Au64;
    let mut next = |n: u64| splitmix(&mut state) % n;
    let items: Vec<Item> = (0..400u32)
        .map(|k| {
            let family = k / 10;
            let mut mins = vec![0u32; HASHES];
            for b in 0..BANDS {
                // Band 0: the family's value, but for half of every third
                // family; the other bands: the family's value 4 times in
                // 5, else one of a few shared by every family.
                let own = if b == 0 {
                    family % 3 != 0 || k % 2 == 0
                } else {
                    next(5) != 0
                };
                let value = if own {
                    family * 1000 + b as u32
                } else {
                    1_000_000 + next(4) as u32
                };
                mins[b * ROWS..(b + 1) * ROWS].fill(value);
            }
            banded(k, mins)
        })
        .collect();
    let expected = candidates_by_definition(&items);
    assert!(expected.len() > 2_000, "{} pairs", expected.len());
    for threads in [1, 2] {
        let mut found = candidates_of(items.clone(), threads, false);
        found.sort_unstable();
        assert_eq!(found, expected, "{threads} threads");
    }
}

/// Article `k` (of outlet X or Y by its parity) with the signature `mins`.
fn banded(k: u32, mins: Vec<u32>) -> Item {
    Item {
        ordinal: k.into(),
        id: k.to_string(),
        outlet: ["X", "Y"][k as usize % 2].into(),
        date: String::new(),
        sig: Signature {
            mins: mins.into_boxed_slice(),
            shingles: HASHES,
        },
    }
}

/// By definition: every pair sharing the rows of a band whose bucket (the
/// items with those rows) is not crowded, once, in order.
fn candidates_by_definition(items: &[Item]) -> Vec<(usize, usize)> {
    let rows = |i: usize, b: usize| &items[i].sig.mins[b * ROWS..(b + 1) * ROWS];
    let mut size: HashMap<(usize, &[u32]), usize> = HashMap::new();
    for i in 0..items.len() {
        for b in 0..BANDS {
            *size.entry((b, rows(i, b))).or_default() += 1;
        }
    }
    let mut expected = Vec::new();
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            let shared = (0..BANDS)
                .any(|b| rows(i, b) == rows(j, b) && size[&(b, rows(i, b))] <= MAX_BUCKET);
            if shared {
                expected.push((i, j));
            }
        }
    }
    expected
}

/// The pairs the search checks, each with the records of its two items,
/// which must be theirs.
fn candidates_of(items: Vec<Item>, threads: usize, spill: bool) -> Vec<(usize, usize)> {
    let mut d = detector(spill);
    let sigs: Vec<Vec<u32>> = items.iter().map(|it| it.sig.mins.to_vec()).collect();
    d.extend(Signatures {
        items,
        too_short: 0,
    });
    let written = d.store.seal().expect("kept");
    let mut found = Vec::new();
    candidates(&written, threads, |i, j, a, b| {
        assert_eq!((&a.mins[..], &b.mins[..]), (&sigs[i][..], &sigs[j][..]));
        found.push((i, j));
    })
    .expect("read back");
    found
}

/// 5,000 articles (a key block and part of another), kept in memory or in
/// the temporary file: read back the same, band keys included.
#[test]
fn the_store_gives_back_what_it_was_given_from_memory_or_its_file() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let items: Vec<Item> = (0..5000u64)
        .map(|k| Item {
            ordinal: k * 3,
            id: format!("id-{k}"),
            outlet: ["X", "Y", "Zürich Zeitung"][k as usize % 3].into(),
            date: if k % 2 == 0 {
                format!("2016-12-{:02}", k % 28 + 1)
            } else {
                String::new()
            },
            sig: Signature {
                mins: (0..HASHES).map(|_| splitmix(&mut state) as u32).collect(),
                shingles: 20 + k as usize,
            },
        })
        .collect();
    let same = |a: &Item, b: &Item| {
        (
            a.ordinal,
            &a.id,
            &a.outlet,
            &a.date,
            &a.sig.mins,
            a.sig.shingles,
        ) == (
            b.ordinal,
            &b.id,
            &b.outlet,
            &b.date,
            &b.sig.mins,
            b.sig.shingles,
        )
    };
    for spill in [false, true] {
        let fill = || {
            let mut d = detector(spill);
            d.extend(Signatures {
                items: items.clone(),
                too_short: 2,
            });
            d
        };
        let back = fill().into_signatures().expect("read back");
        assert_eq!(back.too_short, 2);
        assert_eq!(back.items.len(), items.len());
        assert!(
            back.items.iter().zip(&items).all(|(a, b)| same(a, b)),
            "spill {spill}"
        );
        let written = fill().store.seal().expect("kept");
        for b in [0, 17, BANDS - 1] {
            let expected: Vec<u64> = items
                .iter()
                .map(|it| band_keys(&it.sig.mins).nth(b).unwrap_or_default())
                .collect();
            assert_eq!(
                written.band_keys(b).expect("read"),
                expected,
                "band {b}, spill {spill}"
            );
        }
    }
}
