//! Syndication: the same story published by more than one outlet (a wire
//! story, a republished article), which would count one outlet's words for
//! another. Found by MinHash over word shingles:
//!
//! - an article's shingles are its runs of [`SHINGLE_WORDS`] consecutive
//!   lower-cased words, each hashed once to 64 bits; articles with fewer
//!   than [`MIN_SHINGLES`] distinct shingles are not compared (too short to
//!   call a copy);
//! - the signature is [`HASHES`] min-hashes by *one-permutation hashing with
//!   optimal densification* (Shrivastava, ICML 2017): a shingle's hash picks
//!   one of [`HASHES`] bins (its high 32 bits) and the bin keeps the
//!   smallest low 32 bits of the shingles it received; an empty bin takes
//!   the value of the first non-empty bin of a fixed pseudo-random probe
//!   sequence of its own (the same for every article). Two signatures agree
//!   in a bin with probability equal to the Jaccard similarity of the two
//!   shingle sets, as with [`HASHES`] independent hash functions, and the
//!   variance is no larger than theirs (smaller for articles of many more
//!   shingles than bins: tested); it costs one hash per shingle instead of
//!   [`HASHES`];
//! - the share of agreeing bins estimates the Jaccard similarity;
//!   locality-sensitive hashing in [`BANDS`] bands of [`HASHES`]` / `[`BANDS`]
//!   rows proposes pairs (a pair with Jaccard 0.5 is proposed with
//!   probability about 0.87, 0.6 with 0.99);
//! - a proposed pair of articles from **different outlets** is reported when
//!   its estimated *containment* (shared shingles over the shorter
//!   article's) is at least [`THRESHOLD`]: a republished story with a
//!   paragraph added or cut is still a copy. A pair from the **same
//!   outlet** over the threshold is a near-duplicate within the outlet
//!   ([`Syndication::within`], for `--duplicates`), paired with the
//!   earliest article of its outlet it repeats.
//!
//! Only the signatures are kept in memory (512 bytes per compared article),
//! never the texts.

use super::options::Syndicated;
use super::Article;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

pub const SHINGLE_WORDS: usize = 5;
pub const MIN_SHINGLES: usize = 20;
pub const HASHES: usize = 128;
pub const BANDS: usize = 32;
pub const THRESHOLD: f64 = 0.8;
/// Articles sharing one band beyond this many are not paired through it
/// (a run of identical stubs would otherwise make pairs quadratic).
const MAX_BUCKET: usize = 500;
// [`Detector::candidates`] keeps a bit per band.
const _: () = assert!(BANDS <= 32);

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One step of a multiply-rotate hash (as in FxHash).
fn mix_in(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x517C_C1B7_2722_0A95)
}

/// The fixed per-bin seeds of the densification probe sequences.
fn family() -> Vec<(u64, u64)> {
    let mut state = 0x5EED_F4A3_E5C0_4E00;
    (0..HASHES)
        .map(|_| (splitmix(&mut state), splitmix(&mut state) | 1))
        .collect()
}

/// The bin, of `HASHES`, for 32 well-mixed bits.
fn bin(bits: u64) -> usize {
    (((bits & 0xFFFF_FFFF) * HASHES as u64) >> 32) as usize
}

/// An article's MinHash signature and shingle count.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Signature {
    mins: Box<[u32]>,
    shingles: usize,
}

/// Lower-cased ASCII letters and digits; 0 for every other ASCII byte.
static ASCII_WORD: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            table[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Calls `word` with the hash of each word of `text` (a maximal run of
/// alphanumeric characters, lower-cased), reading ASCII without decoding:
/// a run of ASCII letters and digits in a loop of its own, and General
/// Punctuation (curly quotes, dashes: no letter or digit among them)
/// without Unicode's tables. Half the time of a byte-by-byte loop.
fn word_hashes(text: &str, mut word: impl FnMut(u64)) {
    let (mut h, mut in_word) = (0u64, false);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            let lower = ASCII_WORD[usize::from(b)];
            if lower != 0 {
                h = mix_in(h, u64::from(lower));
                i += 1;
                while let Some(&b) = bytes.get(i) {
                    let lower = if b < 0x80 {
                        ASCII_WORD[usize::from(b)]
                    } else {
                        0
                    };
                    if lower == 0 {
                        break;
                    }
                    h = mix_in(h, u64::from(lower));
                    i += 1;
                }
                in_word = true;
            } else {
                if in_word {
                    word(h);
                    h = 0;
                    in_word = false;
                }
                i += 1;
            }
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(' ');
        let alphanumeric = !matches!(c, '\u{2000}'..='\u{206F}') && c.is_alphanumeric();
        if alphanumeric {
            h = c.to_lowercase().fold(h, |h, l| mix_in(h, u64::from(l)));
        } else if in_word {
            word(h);
            h = 0;
        }
        in_word = alphanumeric;
        i += c.len_utf8();
    }
    if in_word {
        word(h);
    }
}

/// The distinct shingle hashes of a text, sorted.
fn shingles(text: &str) -> Vec<u64> {
    // Words are hashed as they are read (a multiply-rotate hash of the
    // lower-cased characters) and shingles rolled over the last
    // SHINGLE_WORDS word hashes, so a huge article is never copied.
    let mut window = [0u64; SHINGLE_WORDS];
    let mut seen_words = 0usize;
    let mut shingles: Vec<u64> = Vec::new();
    word_hashes(text, |word| {
        // Oldest first, so the fold needs no ring arithmetic.
        window.copy_within(1.., 0);
        window[SHINGLE_WORDS - 1] = word;
        seen_words += 1;
        if seen_words >= SHINGLE_WORDS {
            let shingle = window.iter().fold(0, |h, &w| mix_in(h, w));
            let mut state = shingle;
            shingles.push(splitmix(&mut state));
        }
    });
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// The signature of a text, or `None` when it is too short to compare.
/// `family` is [`Detector::family`].
pub fn signature(text: &str, family: &[(u64, u64)]) -> Option<Signature> {
    let shingles = shingles(text);
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    // One-permutation hashing: high bits pick the bin, low bits compete.
    let mut mins = vec![u32::MAX; HASHES].into_boxed_slice();
    let mut filled = [false; HASHES];
    for &x in &shingles {
        let b = bin(x >> 32);
        mins[b] = mins[b].min(x as u32);
        filled[b] = true;
    }
    // Optimal densification: an empty bin probes bins in its own fixed
    // order and copies the first filled one (at least one is: there are
    // MIN_SHINGLES shingles or more).
    let sketch = mins.clone();
    for (i, &(seed, step)) in family.iter().enumerate().take(HASHES) {
        if filled[i] {
            continue;
        }
        let mut state = seed;
        let source = loop {
            state = state.wrapping_add(step);
            let mut probe = state;
            let j = bin(splitmix(&mut probe));
            if filled[j] {
                break j;
            }
        };
        mins[i] = sketch[source];
    }
    Some(Signature {
        mins,
        shingles: shingles.len(),
    })
}

/// A compared article: where it is in the corpus and its signature.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Item {
    ordinal: u64,
    id: String,
    outlet: String,
    date: String,
    sig: Signature,
}

/// A pair of near-duplicate articles from different outlets.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pair {
    /// Corpus order of the two articles (`a` first).
    pub ordinals: (u64, u64),
    pub ids: (String, String),
    pub outlets: (String, String),
    pub dates: (String, String),
    /// Estimated Jaccard similarity of the shingle sets.
    pub jaccard: f64,
    /// Estimated share of the shorter article's shingles found in the other.
    pub containment: f64,
}

/// What was found, and which articles `--syndicated` leaves out.
#[derive(Debug, Default)]
pub struct Syndication {
    pub pairs: Vec<Pair>,
    /// Near-copies within one outlet (`--duplicates`), in the same form:
    /// each copy once, with the earliest article of its outlet it repeats.
    pub within: Vec<Pair>,
    /// Corpus order of the articles not counted.
    pub dropped: HashSet<u64>,
    /// Articles too short to compare.
    pub too_short: u64,
}

/// The signatures of part of a corpus (a shard), to be joined with the
/// other parts' by [`Detector::extend`] in corpus order.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Signatures {
    items: Vec<Item>,
    too_short: u64,
}

/// Collects signatures in the first pass.
pub struct Detector {
    family: Vec<(u64, u64)>,
    items: Vec<Item>,
    too_short: u64,
}

impl Default for Detector {
    fn default() -> Self {
        Detector {
            family: family(),
            items: Vec::new(),
            too_short: 0,
        }
    }
}

impl Detector {
    /// Adds the `ordinal`-th article of the corpus, with the text to compare.
    pub fn add(&mut self, ordinal: u64, article: &Article, text: &str) {
        let sig = signature(text, &self.family);
        self.add_signature(ordinal, article, sig);
    }

    /// The densification seeds signatures are computed with (see
    /// [`signature`]), for callers that compute them on other threads.
    pub fn family(&self) -> &[(u64, u64)] {
        &self.family
    }

    /// Adds the `ordinal`-th article with its signature computed elsewhere.
    pub fn add_signature(&mut self, ordinal: u64, article: &Article, sig: Option<Signature>) {
        match sig {
            Some(sig) => self.items.push(Item {
                ordinal,
                id: article.id.clone(),
                outlet: article.source.clone(),
                date: article.date.clone(),
                sig,
            }),
            None => self.too_short += 1,
        }
    }

    /// The signatures collected so far, for another detector to extend.
    pub fn into_signatures(self) -> Signatures {
        Signatures {
            items: self.items,
            too_short: self.too_short,
        }
    }

    /// Adds the signatures of the articles after the ones added so far.
    pub fn extend(&mut self, part: Signatures) {
        self.items.extend(part.items);
        self.too_short += part.too_short;
    }

    /// Calls `f(i, j)` (`i < j`) once for every pair of items that share a
    /// band's bucket of at most [`MAX_BUCKET`]: in the first such band, so
    /// that no set of every candidate is kept (a corpus of many near copies
    /// has millions).
    fn candidates(&self, mut f: impl FnMut(usize, usize)) {
        let rows = HASHES / BANDS;
        let band = |i: usize, b: usize| &self.items[i].sig.mins[b * rows..(b + 1) * rows];
        // Bit b: the item's bucket in band b had more than MAX_BUCKET items
        // (no pair was made there).
        let mut crowded = vec![0u32; self.items.len()];
        for b in 0..BANDS {
            let mut keys: Vec<(u64, usize)> = (0..self.items.len())
                .map(|i| {
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    band(i, b).hash(&mut h);
                    (h.finish(), i)
                })
                .collect();
            keys.sort_unstable();
            for run in keys.chunk_by(|x, y| x.0 == y.0) {
                if run.len() > MAX_BUCKET {
                    run.iter().for_each(|&(_, i)| crowded[i] |= 1 << b);
                    continue;
                }
                for (k, &(_, i)) in run.iter().enumerate() {
                    for &(_, j) in &run[k + 1..] {
                        // Items of one run are in index order (sorted by
                        // (hash, index)), so i < j. Paired already where
                        // an earlier band is the same and was not crowded.
                        let paired =
                            (0..b).any(|e| band(i, e) == band(j, e) && crowded[i] & (1 << e) == 0);
                        if !paired {
                            f(i, j);
                        }
                    }
                }
            }
        }
    }

    /// The pairs over the threshold, and the articles `policy` drops.
    /// Within an outlet, a copy is paired with the earliest article it
    /// repeats only (one row per copy in duplicates.csv; a story re-crawled
    /// ten times is 9 copies, not 45 pairs).
    pub fn finish(self, policy: Syndicated) -> Syndication {
        let mut across: Vec<(usize, usize, f64, f64)> = Vec::new();
        let mut earliest: HashMap<usize, (usize, f64, f64)> = HashMap::new();
        self.candidates(|i, j| {
            let (a, b) = (&self.items[i], &self.items[j]);
            let same = a
                .sig
                .mins
                .iter()
                .zip(&*b.sig.mins)
                .filter(|(x, y)| x == y)
                .count();
            let jaccard = same as f64 / HASHES as f64;
            let (na, nb) = (a.sig.shingles as f64, b.sig.shingles as f64);
            let containment = (jaccard * (na + nb) / ((1.0 + jaccard) * na.min(nb))).min(1.0);
            if containment < THRESHOLD {
                return;
            }
            if a.outlet == b.outlet {
                let e = earliest.entry(j).or_insert((i, jaccard, containment));
                if i < e.0 {
                    *e = (i, jaccard, containment);
                }
            } else {
                across.push((i, j, jaccard, containment));
            }
        });
        let mut within: Vec<(usize, usize, f64, f64)> = earliest
            .into_iter()
            .map(|(j, (i, jaccard, containment))| (i, j, jaccard, containment))
            .collect();
        across.sort_unstable_by_key(|&(i, j, ..)| (i, j));
        within.sort_unstable_by_key(|&(i, j, ..)| (i, j));
        // The signatures (most of the detector's memory) are freed before
        // the pairs are written out.
        let items: Vec<(u64, String, String, String)> = self
            .items
            .into_iter()
            .map(|it| (it.ordinal, it.id, it.outlet, it.date))
            .collect();
        let pair = |&(i, j, jaccard, containment): &(usize, usize, f64, f64)| {
            let (a, b) = (&items[i], &items[j]);
            Pair {
                ordinals: (a.0, b.0),
                ids: (a.1.clone(), b.1.clone()),
                outlets: (a.2.clone(), b.2.clone()),
                dates: (a.3.clone(), b.3.clone()),
                jaccard,
                containment,
            }
        };
        let pairs: Vec<Pair> = across.iter().map(pair).collect();
        let dropped = dropped(&pairs, policy);
        Syndication {
            pairs,
            within: within.iter().map(pair).collect(),
            dropped,
            too_short: self.too_short,
        }
    }
}

/// `drop`: every article in a pair. `first`: in each group of copies
/// (pairs joined transitively), all but the earliest by date (undated
/// last), then corpus order.
fn dropped(pairs: &[Pair], policy: Syndicated) -> HashSet<u64> {
    match policy {
        Syndicated::Keep => HashSet::new(),
        Syndicated::Drop => pairs
            .iter()
            .flat_map(|p| [p.ordinals.0, p.ordinals.1])
            .collect(),
        Syndicated::First => {
            let mut parent: HashMap<u64, u64> = HashMap::new();
            fn root(parent: &mut HashMap<u64, u64>, x: u64) -> u64 {
                let p = *parent.entry(x).or_insert(x);
                if p == x {
                    return x;
                }
                let r = root(parent, p);
                parent.insert(x, r);
                r
            }
            let mut key: HashMap<u64, (bool, String, u64)> = HashMap::new();
            for p in pairs {
                key.insert(
                    p.ordinals.0,
                    (p.dates.0.is_empty(), p.dates.0.clone(), p.ordinals.0),
                );
                key.insert(
                    p.ordinals.1,
                    (p.dates.1.is_empty(), p.dates.1.clone(), p.ordinals.1),
                );
                let (ra, rb) = (
                    root(&mut parent, p.ordinals.0),
                    root(&mut parent, p.ordinals.1),
                );
                parent.insert(ra.max(rb), ra.min(rb));
            }
            let mut earliest: HashMap<u64, &(bool, String, u64)> = HashMap::new();
            let members: Vec<u64> = key.keys().copied().collect();
            for &m in &members {
                let r = root(&mut parent, m);
                let k = &key[&m];
                earliest
                    .entry(r)
                    .and_modify(|e| {
                        if k < *e {
                            *e = k;
                        }
                    })
                    .or_insert(k);
            }
            members
                .into_iter()
                .filter(|&m| {
                    let r = root(&mut parent, m);
                    earliest[&r].2 != m
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, outlet: &str, date: &str) -> Article {
        Article {
            id: id.into(),
            source: outlet.into(),
            outlet: outlet.into(),
            date: date.into(),
            ..Article::default()
        }
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
                signature(&a, &family).unwrap(),
                signature(&b, &family).unwrap(),
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
        let d = Detector {
            items,
            ..Detector::default()
        };
        let mut found = Vec::new();
        d.candidates(|i, j| found.push((i, j)));
        assert_eq!(found, [(0, 1)]);
    }

    /// A story four times in outlet X and once in Y: each later copy in X
    /// is paired with the earliest only (3 rows in duplicates.csv, not the
    /// 6 pairs), and each pair across outlets once, though the copies share
    /// most of their 32 bands.
    #[test]
    fn a_copy_within_an_outlet_is_paired_once_with_the_earliest() {
        let mut d = Detector::default();
        for (k, id) in ["a", "b", "c", "d"].into_iter().enumerate() {
            let text = format!("{STORY} Version {k} of it.");
            d.add(k as u64, &article(id, "X", ""), &text);
        }
        d.add(4, &article("y", "Y", ""), STORY);
        let s = d.finish(Syndicated::Keep);
        let ids = |pairs: &[Pair]| -> Vec<(String, String)> {
            pairs.iter().map(|p| p.ids.clone()).collect()
        };
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            ids(&s.within),
            [pair("a", "b"), pair("a", "c"), pair("a", "d")]
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
        let other = "The city council voted on Tuesday to expand the bus network, adding four routes to the northern suburbs and cutting fares for students and pensioners from next spring onwards.";
        let mut d = Detector::default();
        d.add(0, &article("a", "X", "2016-12-02"), STORY);
        d.add(
            1,
            &article("b", "Y", "2016-12-01"),
            &format!("{STORY} It added more."),
        );
        d.add(2, &article("c", "X", ""), other);
        d.add(3, &article("d", "X", ""), STORY); // same outlet: not syndication
        d.add(4, &article("e", "Z", ""), "too short to compare");
        let s = d.finish(Syndicated::First);
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
}
