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
//! The signatures are kept in a [`store`] (on disk beyond a few megabytes),
//! never the texts; the pair search keeps 4 bytes per article and band
//! checked. An article's distinct shingles are counted in memory that
//! grows with the distinct ones, not with the article ([`distinct`]);
//! a huge article is cut in two, each half's shingles hashed and counted
//! on a thread of its own ([`PIPELINE_BYTES`]).

use super::copies::{CopyKind, CopyList, Duplicate};
use super::options::Syndicated;
use super::Article;
use rustc_hash::FxHashMap;
use std::collections::{HashMap, HashSet};
use std::io;
use std::sync::mpsc;

mod distinct;
mod store;
use distinct::Distinct;
pub use store::SpillError;
use store::{Record, Store, Written};

pub const SHINGLE_WORDS: usize = 5;
pub const MIN_SHINGLES: usize = 20;
pub const HASHES: usize = 128;
const _: () = assert!(HASHES <= 255, "the bins two signatures agree in fit a u8");
pub const BANDS: usize = 32;
pub const THRESHOLD: f64 = 0.8;
/// Articles sharing one band beyond this many are not paired through it
/// (a run of identical stubs would otherwise make pairs quadratic).
const MAX_BUCKET: usize = 500;
/// The signature's hashes in a band.
const ROWS: usize = HASHES / BANDS;
const _: () = assert!(HASHES.is_multiple_of(BANDS));

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

/// Whether `c` is part of a word: a letter or digit.
fn word_char(c: char) -> bool {
    match c {
        '\0'..='\x7F' => ASCII_WORD[c as usize] != 0,
        // General Punctuation: no letter or digit, and many of a text's
        // non-ASCII characters (quotes, dashes), decided without the tables.
        '\u{2000}'..='\u{206F}' => false,
        _ => c.is_alphanumeric(),
    }
}

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
        let alphanumeric = word_char(c);
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

/// Calls `shingle` with the hash of each shingle of `text` in order,
/// repeats included. Words are hashed as they are read (a multiply-rotate
/// hash of the lower-cased characters) and shingles rolled over the last
/// SHINGLE_WORDS word hashes, so a huge article is never copied.
fn shingle_hashes(text: &str, mut shingle: impl FnMut(u64)) {
    let mut window = [0u64; SHINGLE_WORDS];
    let mut seen_words = 0usize;
    word_hashes(text, |word| {
        // Oldest first, so the fold needs no ring arithmetic.
        window.copy_within(1.., 0);
        window[SHINGLE_WORDS - 1] = word;
        seen_words += 1;
        if seen_words >= SHINGLE_WORDS {
            let mut state = window.iter().fold(0, |h, &w| mix_in(h, w));
            shingle(splitmix(&mut state));
        }
    });
}

/// Texts at least this long are cut in two ([`halves`]) and the halves'
/// shingles hashed and counted on two threads when their signature may
/// take more than one.
pub const PIPELINE_BYTES: usize = 4 << 20;

/// One-permutation hashing: a shingle's high bits pick the bin, its low
/// bits compete for the bin's minimum. A shingle seen again changes
/// nothing, so repeats need not be removed first.
struct Sketch {
    mins: Box<[u32]>,
    filled: [bool; HASHES],
}

impl Sketch {
    fn new() -> Sketch {
        Sketch {
            mins: vec![u32::MAX; HASHES].into_boxed_slice(),
            filled: [false; HASHES],
        }
    }

    fn add(&mut self, shingle: u64) {
        let b = bin(shingle >> 32);
        self.mins[b] = self.mins[b].min(shingle as u32);
        self.filled[b] = true;
    }

    /// The sketch of both sketches' shingles.
    fn merge(mut self, other: &Sketch) -> Sketch {
        for (m, &o) in self.mins.iter_mut().zip(other.mins.iter()) {
            *m = (*m).min(o);
        }
        for (f, &o) in self.filled.iter_mut().zip(&other.filled) {
            *f |= o;
        }
        self
    }
}

/// About how many bytes of a text make a word and the white space after
/// it (English 6, Arabic and Russian about as many: two bytes a letter in
/// words of fewer letters): a text's shingles, nearly one a word, are
/// expected to be its length over this.
const BYTES_PER_WORD: usize = 6;

/// The sketch of a text's shingles and their distinct hashes.
fn sketch_part(text: &str) -> (Sketch, Distinct) {
    let mut sketch = Sketch::new();
    let mut distinct = Distinct::with_room(text.len() / BYTES_PER_WORD);
    shingle_hashes(text, |x| {
        sketch.add(x);
        distinct.push(x);
    });
    (sketch, distinct)
}

/// `text` cut in two whose shingles together are the text's: the first
/// part ends at the first character past the middle that is not a letter
/// or digit (no word is cut), the second starts [`SHINGLE_WORDS`]` - 1`
/// words before that, so its first shingle is the first one ending past
/// the cut (or at the start, when there are fewer words before it). `None`
/// when no word ends past the middle.
fn halves(text: &str) -> Option<(&str, &str)> {
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    let (past, c) = text[middle..]
        .char_indices()
        .find(|&(_, c)| !word_char(c))?;
    let cut = middle + past + c.len_utf8();
    let (mut words, mut in_word, mut start) = (0, false, 0);
    for (i, c) in text[..cut].char_indices().rev() {
        if word_char(c) {
            in_word = true;
        } else if in_word {
            words += 1;
            if words == SHINGLE_WORDS - 1 {
                start = i + c.len_utf8();
                break;
            }
            in_word = false;
        }
    }
    Some((&text[..cut], &text[start..]))
}

/// The sketch of a text's shingles and how many distinct shingles it has;
/// with `two`, the text is cut in [`halves`], each hashed and counted on a
/// thread of its own (the report of one 200 MB article: 5.8-6.3 s with one
/// thread hashing for two counting, 4.5-4.6 s so; docs/PERFORMANCE.md).
fn sketch(text: &str, two: bool) -> (Sketch, usize) {
    match two.then(|| halves(text)).flatten() {
        None => {
            let (sketch, distinct) = sketch_part(text);
            (sketch, distinct.count())
        }
        Some((first, second)) => {
            let ((a, counted_a), (b, counted_b)) =
                crate::parallel::both(|| sketch_part(first), || sketch_part(second));
            (a.merge(&b), counted_a.count_with(counted_b))
        }
    }
}

/// The signature of a text, or `None` when it is too short to compare.
/// `family` is [`Detector::family`]; with `threads` over 1, a text of
/// [`PIPELINE_BYTES`] or more takes two (the same signature).
pub fn signature(text: &str, family: &[(u64, u64)], threads: usize) -> Option<Signature> {
    let two = threads > 1 && text.len() >= PIPELINE_BYTES;
    let (Sketch { mut mins, filled }, shingles) = sketch(text, two);
    if shingles < MIN_SHINGLES {
        return None;
    }
    // Optimal densification: an empty bin probes bins in its own fixed
    // order and copies the first filled one (at least one is: there are
    // MIN_SHINGLES shingles or more).
    let sketched = mins.clone();
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
        mins[i] = sketched[source];
    }
    Some(Signature { mins, shingles })
}

/// A compared article: where it is in the corpus and its signature.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
    /// Near-copies within one outlet (`--duplicates`): each copy once,
    /// with the earliest article of its outlet it repeats, in corpus order
    /// of the copy; `counted` as under `--duplicates first` (the caller
    /// decides by its policy).
    pub within: CopyList,
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
    store: Store,
    too_short: u64,
    /// The threads [`Detector::finish`] may take (1 unless told).
    threads: usize,
}

impl Default for Detector {
    fn default() -> Self {
        Detector {
            family: family(),
            store: Store::new(store::MEMORY_BYTES),
            too_short: 0,
            threads: 1,
        }
    }
}

impl Detector {
    /// Lets [`Detector::finish`] take up to `threads` threads: with two or
    /// more, each band's buckets are made on a thread of their own while
    /// the pairs of the band before are checked.
    pub fn with_threads(mut self, threads: usize) -> Detector {
        self.threads = threads;
        self
    }

    /// A detector whose store moves to its temporary file at once (tests
    /// of the file's path).
    #[cfg(test)]
    pub(crate) fn spilling(mut self) -> Detector {
        self.store = Store::new(0);
        self
    }

    /// Adds the `ordinal`-th article of the corpus, with the text to compare
    /// (the passes sign on their workers and call [`Detector::add_signature`]).
    #[cfg(test)]
    pub(crate) fn add(&mut self, ordinal: u64, article: &Article, text: &str) {
        let sig = signature(text, &self.family, 1);
        self.add_signature(ordinal, article, sig);
    }

    /// The densification seeds signatures are computed with (see
    /// [`signature`]), for callers that compute them on other threads.
    pub fn family(&self) -> &[(u64, u64)] {
        &self.family
    }

    /// Adds the `ordinal`-th article with its signature computed elsewhere.
    /// A failure to keep it is reported by [`Detector::finish`].
    pub fn add_signature(&mut self, ordinal: u64, article: &Article, sig: Option<Signature>) {
        match sig {
            Some(sig) => {
                let Article {
                    source, id, date, ..
                } = article;
                self.store.push(ordinal, source, id, date, &sig);
            }
            None => self.too_short += 1,
        }
    }

    /// The signatures collected so far, for another detector to extend.
    pub fn into_signatures(self) -> Result<Signatures, SpillError> {
        let written = self.store.seal()?;
        let mut items = Vec::with_capacity(written.len());
        let mut record = Record::default();
        let mut failed = None;
        written.each_label(|i, labels| {
            if let Err(e) = written.record(i, &mut record) {
                failed.get_or_insert(e);
            }
            items.push(Item {
                ordinal: labels.ordinal,
                id: labels.id.to_string(),
                outlet: written.outlet(labels.outlet).to_string(),
                date: labels.date.to_string(),
                sig: Signature {
                    mins: record.mins.into(),
                    shingles: record.shingles as usize,
                },
            });
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        Ok(Signatures {
            items,
            too_short: self.too_short,
        })
    }

    /// Adds the signatures of the articles after the ones added so far.
    pub fn extend(&mut self, part: Signatures) {
        for it in part.items {
            self.store
                .push(it.ordinal, &it.outlet, &it.id, &it.date, &it.sig);
        }
        self.too_short += part.too_short;
    }

    /// The pairs over the threshold, and the articles `policy` drops.
    /// Within an outlet, a copy is paired with the earliest article it
    /// repeats only (one row per copy in duplicates.csv; a story re-crawled
    /// ten times is 9 copies, not 45 pairs).
    pub fn finish(self, policy: Syndicated) -> Result<Syndication, SpillError> {
        let written = self.store.seal()?;
        let mut across: Vec<(usize, usize, f64, f64)> = Vec::new();
        // A near copy within an outlet: the earliest article it repeats
        // and the bins they agree in (u32 indices: `candidates` refuses
        // more articles), for each of the hundreds of thousands a corpus
        // of re-crawls has.
        let mut earliest: FxHashMap<u32, (u32, u8)> = FxHashMap::default();
        candidates(&written, self.threads, |i, j, a, b| {
            let same = a.mins.iter().zip(&b.mins).filter(|(x, y)| x == y).count();
            let jaccard = same as f64 / HASHES as f64;
            let (na, nb) = (a.shingles as f64, b.shingles as f64);
            let containment = (jaccard * (na + nb) / ((1.0 + jaccard) * na.min(nb))).min(1.0);
            if containment < THRESHOLD {
                return;
            }
            if a.outlet == b.outlet {
                let (i, j, same) = (i as u32, j as u32, same as u8);
                let e = earliest.entry(j).or_insert((i, same));
                if i < e.0 {
                    *e = (i, same);
                }
            } else {
                across.push((i, j, jaccard, containment));
            }
        })?;
        let mut within: Vec<(u32, u32, u8)> = earliest
            .into_iter()
            .map(|(j, (i, same))| (i, j, same))
            .collect();
        across.sort_unstable_by_key(|&(i, j, ..)| (i, j));
        // In corpus order of the copy.
        within.sort_unstable_by_key(|&(i, j, _)| (j, i));
        // The labels of the articles in a pair, read back in one pass.
        let mut paired: Vec<usize> = across
            .iter()
            .flat_map(|&(i, j, ..)| [i, j])
            .chain(
                within
                    .iter()
                    .flat_map(|&(i, j, _)| [i as usize, j as usize]),
            )
            .collect();
        paired.sort_unstable();
        paired.dedup();
        // Their ids and dates side by side in one string (a string each
        // took 40 MB more at 4 GB).
        let mut text = String::new();
        let mut labels: Vec<(u64, u32, usize, usize)> = Vec::with_capacity(paired.len());
        written.each_label(|i, l| {
            if paired.get(labels.len()) == Some(&i) {
                text.push_str(l.id);
                let id_end = text.len();
                text.push_str(l.date);
                labels.push((l.ordinal, l.outlet, id_end, text.len()));
            }
        })?;
        // An article's corpus place, outlet, id and date.
        let label = |i: usize| {
            let k = paired.binary_search(&i).ok()?;
            let start = k.checked_sub(1).map_or(0, |k| labels[k].3);
            let &(ordinal, outlet, id_end, end) = labels.get(k)?;
            Some((
                ordinal,
                written.outlet(outlet),
                &text[start..id_end],
                &text[id_end..end],
            ))
        };
        let lost = || SpillError::from(io::Error::from(io::ErrorKind::UnexpectedEof));
        let pairs = across.iter().map(|&(i, j, jaccard, containment)| {
            let (a, b) = (label(i)?, label(j)?);
            Some(Pair {
                ordinals: (a.0, b.0),
                ids: (a.2.to_string(), b.2.to_string()),
                outlets: (a.1.to_string(), b.1.to_string()),
                dates: (a.3.to_string(), b.3.to_string()),
                jaccard,
                containment,
            })
        });
        let pairs: Vec<Pair> = pairs.collect::<Option<_>>().ok_or_else(lost)?;
        let within = within.iter().map(|&(i, j, same)| {
            let (a, b) = (label(i as usize)?, label(j as usize)?);
            Some(Duplicate {
                ordinal: b.0,
                id: b.2,
                outlet: b.1,
                kept_ordinal: a.0,
                kept_id: a.2,
                kind: CopyKind::Near,
                similarity: f64::from(same) / HASHES as f64,
                counted: true,
            })
        });
        let within: CopyList = within.collect::<Option<_>>().ok_or_else(lost)?;
        let dropped = dropped(&pairs, policy);
        Ok(Syndication {
            pairs,
            within,
            dropped,
            too_short: self.too_short,
        })
    }
}

/// Each band's keys of the rows of `mins` (a signature's min-hashes).
fn band_keys(mins: &[u32]) -> impl Iterator<Item = u64> + '_ {
    let bands = mins.as_chunks::<ROWS>().0.iter().enumerate();
    bands.map(|(b, rows)| rows.iter().fold(b as u64, |h, &x| mix_in(h, u64::from(x))))
}

/// No bucket of a band an article could be paired in (alone, or crowded).
const NO_BUCKET: u32 = u32::MAX;

/// Calls `f(i, j, record i, record j)` (`i < j`) once for every pair of
/// articles that share a band's bucket of at most [`MAX_BUCKET`]: in the
/// first such band, so that no set of every candidate is kept (a corpus of
/// many near copies has millions). A band's bucket is its articles of one
/// key; what is kept of the bands is each article's bucket in each (4
/// bytes), and the records are read only for the pairs checked.
fn candidates(
    written: &Written,
    threads: usize,
    mut f: impl FnMut(usize, usize, &Record, &Record),
) -> io::Result<()> {
    let n = written.len();
    if u32::try_from(n).map_or(true, |n| n == NO_BUCKET) {
        return Err(io::Error::other("more than 4294967294 articles to compare"));
    }
    // Band b's buckets: its articles by key (then index).
    let buckets = |b: usize| -> io::Result<Vec<(u64, usize)>> {
        let keys = written.band_keys(b)?.into_iter().enumerate();
        let mut keys: Vec<(u64, usize)> = keys.map(|(i, key)| (key, i)).collect();
        keys.sort_unstable();
        Ok(keys)
    };
    // Each article's bucket in each band checked: the index of the
    // bucket's first article, or NO_BUCKET (an article's bands side by
    // side, so that checking a pair reads two cache lines, not a line per
    // band).
    let mut shared: Vec<[u32; BANDS]> = vec![[NO_BUCKET; BANDS]; n];
    // A run's records, read when one of its pairs is checked first.
    let mut records: Vec<Record> = Vec::new();
    let mut read: Vec<bool> = Vec::new();
    let mut band = 0;
    let mut pairs = |keys: &[(u64, usize)]| -> io::Result<()> {
        let b = band;
        band += 1;
        for run in keys.chunk_by(|x, y| x.0 == y.0) {
            if run.len() < 2 || run.len() > MAX_BUCKET {
                continue;
            }
            // Fits, and is not NO_BUCKET: n does and is not.
            let first = run[0].1 as u32;
            read.clear();
            read.resize(run.len(), false);
            if records.len() < run.len() {
                records.resize(run.len(), Record::default());
            }
            for (k, &(_, i)) in run.iter().enumerate() {
                for (l, &(_, j)) in run.iter().enumerate().skip(k + 1) {
                    // Items of one run are in index order (sorted by
                    // (key, index)), so i < j. Paired already in an earlier
                    // band's bucket?
                    let (si, sj) = (&shared[i][..b], &shared[j][..b]);
                    if si.iter().zip(sj).any(|(x, y)| x == y && *x != NO_BUCKET) {
                        continue;
                    }
                    for m in [k, l] {
                        if !read[m] {
                            written.record(run[m].1, &mut records[m])?;
                            read[m] = true;
                        }
                    }
                    f(i, j, &records[k], &records[l]);
                }
            }
            run.iter().for_each(|&(_, i)| shared[i][b] = first);
        }
        Ok(())
    };
    if threads < 2 {
        for b in 0..BANDS {
            pairs(&buckets(b)?)?;
        }
        return Ok(());
    }
    // The next band's buckets made while this band's pairs are checked
    // (at 1 GB the buckets took 0.33 s of CPU; the step 1.5 -> 1.1 s). No
    // room in the channel: the next band waits in `send`, so two bands'
    // buckets are in memory, not three (16 bytes an article each).
    std::thread::scope(|scope| {
        let (send, receive) = mpsc::sync_channel(0);
        let buckets = &buckets;
        scope.spawn(move || {
            for b in 0..BANDS {
                if send.send(buckets(b)).is_err() {
                    return;
                }
            }
        });
        // A band missing only if its thread panicked, which the scope
        // then passes on.
        for keys in receive.iter() {
            pairs(&keys?)?;
        }
        Ok(())
    })
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
mod tests;
