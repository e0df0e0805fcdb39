//! Cleaning: removes text that is not the article's own prose before it is
//! counted, and says what it removed and why. Three rules, in this order:
//!
//! 1. **non_prose**: a paragraph (lines between blank lines) of at least
//!    [`NON_PROSE_MIN_CHARS`] non-space characters of which at least
//!    [`NON_PROSE_SHARE`] are structural characters (`{ } [ ] < > = " | \ _ /
//!    : ; # $ ^ ~ *`) is JSON, markup or code, not prose. Measured on
//!    paragraphs of 40+ characters: 99% stay below 4.1% in BASIL and
//!    AllSides, none of BASIL's 4,831 exceeds 8.3%, and the 23 of AllSides'
//!    199,340 at 15% or more are ad-unit JSON, scripts, bare URLs and
//!    citation lists.
//! 2. **boilerplate**: a line that recurs, word for word (white space
//!    collapsed), in at least [`BOILERPLATE_MIN_ARTICLES`] articles and at
//!    least [`BOILERPLATE_MIN_SHARE`] of the articles of the same outlet is
//!    the site's furniture (donation appeals, newsletter sign-ups, "Please
//!    enter your comment!"). Only lines up to [`BOILERPLATE_MAX_BYTES`] bytes
//!    are candidates, so a whole article duplicated within an outlet is not
//!    taken for boilerplate. Needs a first pass over the corpus
//!    ([`BoilerplateCounter`]).
//! 3. **repeated_paragraph**: a line that repeats an earlier line of the same
//!    article counts once; later copies are removed.
//!
//! The line rules compare lines with white space collapsed and words of URL
//! or markup debris (containing `://`, `=`, braces, angle brackets and the
//! like) dropped from both ends: a scraped `?s=96&d=mm&r=g Headline`
//! is a repeat of `Headline`.
//!
//! Removed text is overwritten with spaces of the same byte length, so byte
//! offsets into the cleaned text are offsets into the original text, and a
//! phrase can only span a removal where it could span a paragraph break.
//! An article with nothing removed is not copied ([`Cleaned::text`] is
//! `None`).
//!
//! [`clean`] reads an article in one scan for line breaks, judging each
//! paragraph when its last line is found; a line's key is checked for
//! single spacing and hashed in one pass, sixteen bytes at a time. The
//! tests hold it to the simple two-scan definition it replaced.

use crate::swar::{bytes_equal, in_range, load};
use crate::text::words::joined_words;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Smallest paragraph, in non-space characters, judged by the non-prose rule.
pub const NON_PROSE_MIN_CHARS: usize = 40;
/// Share of structural characters from which a paragraph is not prose.
pub const NON_PROSE_SHARE: f64 = 0.15;
/// Fewest articles of an outlet a line must recur in to be boilerplate.
pub const BOILERPLATE_MIN_ARTICLES: u32 = 3;
/// Smallest share of an outlet's articles a line must recur in.
pub const BOILERPLATE_MIN_SHARE: f64 = 0.05;
/// Longest line, in bytes, that can be boilerplate.
pub const BOILERPLATE_MAX_BYTES: usize = 500;

/// Which rule removed a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    NonProse,
    Boilerplate,
    RepeatedParagraph,
}

impl Rule {
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NonProse => "non_prose",
            Rule::Boilerplate => "boilerplate",
            Rule::RepeatedParagraph => "repeated_paragraph",
        }
    }
}

/// One removed span of an article: byte offsets into its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    pub rule: Rule,
    pub start: usize,
    pub end: usize,
    /// Why, in words, with the numbers behind the decision.
    pub reason: String,
}

/// What cleaning found in an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// The text after cleaning, the same length as before; `None` when
    /// nothing was removed (the text is the original), so that the common
    /// case copies nothing.
    pub text: Option<String>,
    pub removals: Vec<Removal>,
    /// The hashed keys of the distinct lines left that are short enough to
    /// be boilerplate: what the first pass counts ([`BoilerplateCounter::add_lines`]).
    pub lines: Vec<u64>,
}

/// A word of URL or markup debris (`?s=96&d=mm&r=g`, `https://...`): one
/// of `= { } < > | \\ ^ ~` or `://` in it. One scan of its bytes (the
/// characters are ASCII, which no byte of another character is): a
/// substring search for `://` in the first and last word of every line
/// was 4.5% of a `count`'s CPU.
fn is_debris(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        matches!(
            b,
            b'=' | b'{' | b'}' | b'<' | b'>' | b'|' | b'\\' | b'^' | b'~'
        ) || (b == b':' && bytes[i + 1..].starts_with(b"//"))
    })
}

/// A line with white space collapsed and URL or markup debris at either end
/// dropped: the unit the line rules compare, so a scraped
/// `?s=96&d=mm&r=g Headline` repeats `Headline`. Kept as a hash of the key
/// (its words joined by one space) and the key's length in bytes; `None`
/// for an empty key. A line whose key is already written with single
/// spaces, as most are, is hashed where it lies, without a copy, in the
/// same scan that checks its spacing ([`hash_if_single_spaced`]).
fn line_key(line: &str) -> Option<(u64, usize)> {
    let key = match ascii_ends(line) {
        // Most lines: the key is the whole line.
        Some((first, last)) if !is_debris(first) && !is_debris(last) => line,
        _ => {
            let offset = |w: &str| w.as_ptr() as usize - line.as_ptr() as usize;
            let first = line.split_whitespace().find(|w| !is_debris(w))?;
            let last = line.split_whitespace().rev().find(|w| !is_debris(w))?;
            &line[offset(first)..offset(last) + last.len()]
        }
    };
    if let Some(hash) = hash_if_single_spaced(key) {
        Some((hash, key.len()))
    } else {
        Some(hash_words(key))
    }
}

/// [`hash_bytes`] of the words of `s` joined by one space, and its
/// length, without joining them ([`joined_words`]) and in one scan of
/// them (the length enters the hash last): a line of 200 MB was copied
/// twice (a vector of its words, 16 bytes each, then the joined line),
/// 1.2 GB at the peak of a `count`, and its words were then walked twice
/// (0.13 s each).
fn hash_words(s: &str) -> (u64, usize) {
    let mut hash = Hash::new();
    let mut len = 0;
    // The bytes not yet hashed: fewer than a block of 16.
    let (mut pending, mut n) = ([0u8; 16], 0);
    joined_words(s, |mut bytes| {
        len += bytes.len();
        if n > 0 {
            let take = (16 - n).min(bytes.len());
            pending[n..n + take].copy_from_slice(&bytes[..take]);
            (n, bytes) = (n + take, &bytes[take..]);
            if n < 16 {
                return;
            }
            hash.block(load(&pending[..8]), load(&pending[8..]));
            n = 0;
        }
        let mut blocks = bytes.chunks_exact(16);
        for block in &mut blocks {
            hash.block(load(&block[..8]), load(&block[8..]));
        }
        let rest = blocks.remainder();
        pending[..rest.len()].copy_from_slice(rest);
        n = rest.len();
    });
    let (a, b) = last_block(&pending[..n]);
    (hash.finish(a, b, len), len)
}

/// The first and last words of a line that begins and ends with ASCII
/// other than white space and whose first and last words are ASCII; `None`
/// for other lines.
fn ascii_ends(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let word = |b: u8| b.is_ascii() && !is_ascii_space(b);
    if !word(*bytes.first()?) || !word(*bytes.last()?) {
        return None;
    }
    let first_end = bytes.iter().position(|&b| !word(b)).unwrap_or(bytes.len());
    let last_start = bytes.iter().rposition(|&b| !word(b)).map_or(0, |i| i + 1);
    // A byte outside ASCII may be part of a word: the general path decides.
    let ends_ok = |i: Option<&u8>| i.is_none_or(|&b| is_ascii_space(b));
    if !ends_ok(bytes.get(first_end))
        || !ends_ok(last_start.checked_sub(1).and_then(|i| bytes.get(i)))
    {
        return None;
    }
    Some((line.get(..first_end)?, line.get(last_start..)?))
}

/// High bit of every byte.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// [`hash_bytes`] of `s` when the only white space in `s` is single
/// spaces, `None` otherwise: one scan for both, sixteen bytes at a time
/// ([`bad_spacing`]).
fn hash_if_single_spaced(s: &str) -> Option<u64> {
    let bytes = s.as_bytes();
    let mut hash = Hash::new();
    // Bit 7 set when the byte before the block is a space.
    let mut after = 0;
    let mut blocks = bytes.chunks_exact(16);
    let mut at = 0;
    for block in &mut blocks {
        let (a, b) = (load(&block[..8]), load(&block[8..]));
        if bad_spacing(bytes, at, a, b, &mut after) {
            return None;
        }
        hash.block(a, b);
        at += 16;
    }
    let (a, b) = last_block(blocks.remainder());
    if bad_spacing(bytes, at, a, b, &mut after) {
        return None;
    }
    Some(hash.finish(a, b, bytes.len()))
}

/// The last (under sixteen) bytes, zero-padded, as two little-endian words.
#[inline(always)]
fn last_block(tail: &[u8]) -> (u64, u64) {
    let mut last = [0; 16];
    last[..tail.len()].copy_from_slice(tail);
    (load(&last[..8]), load(&last[8..]))
}

/// Whether the sixteen bytes `a`, `b` (little-endian) at `bytes[at..]` hold
/// white space other than a single space: a tab, line break or other ASCII
/// white space, a space after a space (`after` carries bit 7 for the byte
/// before `a` and is updated), or a white space character outside ASCII
/// (decoded from `bytes` where a lead byte that can start one lies). Bytes
/// past the end of `bytes` are zeros in `a`, `b`.
#[inline(always)]
fn bad_spacing(bytes: &[u8], at: usize, a: u64, b: u64, after: &mut u64) -> bool {
    if (a | b) & HIGH == 0 {
        // ASCII, as most blocks are.
        let (sa, sb) = (bytes_equal(a, b' '), bytes_equal(b, b' '));
        let doubled = (sa & (sa << 8 | *after)) | (sb & (sb << 8 | (sa >> 56)));
        *after = (sb >> 56) & 0x80;
        return (doubled | in_range(a, b'\t', b'\r') | in_range(b, b'\t', b'\r')) != 0;
    }
    // The tests are on the low seven bits of each byte, kept only for
    // ASCII bytes; the lead bytes 0xC2 and 0xE1 to 0xE3 only for the others.
    let test = |x: u64| {
        let (low, ascii) = (x & !HIGH, !x & HIGH);
        let space = bytes_equal(low, b' ') & ascii;
        let other = in_range(low, b'\t', b'\r') & ascii;
        let lead = (bytes_equal(low, 0x42) | in_range(low, 0x61, 0x63)) & x & HIGH;
        (space, other, lead)
    };
    let (sa, oa, la) = test(a);
    let (sb, ob, lb) = test(b);
    let doubled = (sa & (sa << 8 | *after)) | (sb & (sb << 8 | (sa >> 56)));
    *after = (sb >> 56) & 0x80;
    if doubled | oa | ob != 0 {
        return true;
    }
    let mut leads16 = leads_bits(la) | (leads_bits(lb) << 8);
    while leads16 != 0 {
        let i = at + leads16.trailing_zeros() as usize;
        if nonascii_space(bytes, i) {
            return true;
        }
        leads16 &= leads16 - 1;
    }
    false
}

/// Bit 7 of each byte of `x` gathered to bits 0 to 7.
#[inline(always)]
fn leads_bits(x: u64) -> u64 {
    ((x >> 7) & 0x0101_0101_0101_0101).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Whether a white space character outside ASCII (U+0085, U+00A0, U+1680,
/// U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) starts at
/// `bytes[i]`.
#[inline]
fn nonascii_space(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied();
    matches!(
        (at(0), at(1), at(2)),
        (Some(0xC2), Some(0x85 | 0xA0), _)
            | (Some(0xE1), Some(0x9A), Some(0x80))
            | (
                Some(0xE2),
                Some(0x80),
                Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
            )
            | (Some(0xE2), Some(0x81), Some(0x9F))
            | (Some(0xE3), Some(0x80), Some(0x80))
    )
}

/// True when the only white space in `s` is single spaces: the simple
/// definition [`hash_if_single_spaced`] is tested against.
#[cfg(test)]
fn single_spaced(s: &str) -> bool {
    !s.contains("  ") && !s.contains(|c: char| c.is_whitespace() && c != ' ')
}

/// The multiplier constants of [`Hash`] (wyhash's). `K[0]`'s bytes
/// (`2F 64 BD ...`, little-endian) put a continuation byte after an ASCII
/// one, so no eight bytes of UTF-8 text equal it and a block cannot zero
/// its multiplication.
const K: [u64; 3] = [
    0xA076_1D64_78BD_642F,
    0xE703_7ED1_A0B4_28DB,
    0x8EBC_6AF0_9C88_C6E3,
];

/// Multiplies to 128 bits and folds the halves (the wyhash mixing step).
#[inline(always)]
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    product as u64 ^ (product >> 64) as u64
}

/// The state of [`hash_bytes`]: sixteen bytes per multiplication, as
/// wyhash does (one 64-bit half against the state and the other). The
/// length enters with the last block, so a key whose length is not known
/// until its end ([`hash_words`]) is hashed in one scan.
struct Hash(u64);

impl Hash {
    #[inline(always)]
    fn new() -> Hash {
        Hash(fold(K[0], K[1]))
    }

    #[inline(always)]
    fn block(&mut self, a: u64, b: u64) {
        self.0 = fold(a ^ K[0], b ^ self.0 ^ K[1]);
    }

    /// The hash, after the last block ([`last_block`]) of a key of `len`
    /// bytes.
    #[inline(always)]
    fn finish(mut self, a: u64, b: u64, len: usize) -> u64 {
        self.block(a ^ K[2], b ^ len as u64);
        fold(self.0 ^ K[2], K[0])
    }
}

/// A 64-bit hash of a line key. Keys are only compared within one run
/// (each shard of a sharded run takes its own first pass; no key is
/// written out), so the function is free to change; a collision between
/// two of a corpus's lines has a probability around 2^-64. (Lines are
/// hashed by [`hash_if_single_spaced`] and [`hash_words`]; this is their
/// definition, for the tests.)
#[cfg(test)]
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash = Hash::new();
    let mut blocks = bytes.chunks_exact(16);
    for block in &mut blocks {
        hash.block(load(&block[..8]), load(&block[8..]));
    }
    let (a, b) = last_block(blocks.remainder());
    hash.finish(a, b, bytes.len())
}

/// Hashes map keys that are line-key hashes already ([`hash_bytes`]), with
/// an outlet number: one multiply-fold per word instead of SipHash, which
/// made the first pass's counting (on the thread that gathers every
/// article) its slowest step. The line keys come from a fixed hash, so a
/// corpus could be built to collide; that only slows a run down.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        let product = u128::from(self.0 ^ n) * 0x9E37_79B9_7F4A_7C15;
        self.0 = product as u64 ^ (product >> 64) as u64;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Articles per (outlet number, line key).
type LineCounts = HashMap<(u32, u64), u32, BuildHasherDefault<KeyHasher>>;

/// First pass: in how many articles of each outlet each line occurs.
#[derive(Debug, Default)]
pub struct BoilerplateCounter {
    outlets: HashMap<String, (u32, u32)>,
    lines: LineCounts,
}

impl BoilerplateCounter {
    /// Adds an article by its distinct candidate lines ([`Cleaned::lines`]).
    pub fn add_lines(&mut self, outlet: &str, lines: &[u64]) {
        let next = self.outlets.len() as u32;
        let entry = match self.outlets.get_mut(outlet) {
            Some(entry) => entry,
            None => self.outlets.entry(outlet.to_string()).or_insert((next, 0)),
        };
        entry.1 += 1;
        let id = entry.0;
        for &h in lines {
            *self.lines.entry((id, h)).or_insert(0) += 1;
        }
    }

    /// The lines over both thresholds.
    pub fn finish(self) -> Boilerplate {
        let articles: HashMap<u32, u32> = self.outlets.values().copied().collect();
        let lines = self
            .lines
            .into_iter()
            .filter(|((o, _), n)| {
                let total = articles.get(o).copied().unwrap_or(0);
                *n >= BOILERPLATE_MIN_ARTICLES
                    && f64::from(*n) >= BOILERPLATE_MIN_SHARE * f64::from(total)
            })
            .collect();
        Boilerplate {
            outlets: self.outlets,
            lines,
        }
    }
}

/// The boilerplate lines of each outlet.
#[derive(Debug, Default)]
pub struct Boilerplate {
    outlets: HashMap<String, (u32, u32)>,
    lines: LineCounts,
}

/// A [`Boilerplate`] as plain values, to travel between machines (a
/// partitioned run's plan): each outlet with its number, its articles and
/// its boilerplate lines as (line key, articles it is in), sorted.
pub type BoilerplateParts = Vec<(String, u32, u32, Vec<(u64, u32)>)>;

impl Boilerplate {
    /// The outlets and their lines as plain values ([`BoilerplateParts`]),
    /// in a fixed order.
    pub fn to_parts(&self) -> BoilerplateParts {
        let mut parts: BoilerplateParts = self
            .outlets
            .iter()
            .map(|(name, &(id, total))| (name.clone(), id, total, Vec::new()))
            .collect();
        parts.sort_unstable_by_key(|p| p.1);
        for (&(id, key), &n) in &self.lines {
            if let Some(p) = parts.get_mut(id as usize).filter(|p| p.1 == id) {
                p.3.push((key, n));
            }
        }
        for p in &mut parts {
            p.3.sort_unstable();
        }
        parts
    }

    /// The boilerplate [`Boilerplate::to_parts`] gave.
    pub fn from_parts(parts: BoilerplateParts) -> Boilerplate {
        let mut b = Boilerplate::default();
        for (name, id, total, lines) in parts {
            b.outlets.insert(name, (id, total));
            b.lines
                .extend(lines.into_iter().map(|(key, n)| ((id, key), n)));
        }
        b
    }

    /// The boilerplate lines of `outlet` (`None`: an outlet the first
    /// pass did not see).
    fn of(&self, outlet: &str) -> Option<OutletLines<'_>> {
        let &(id, total) = self.outlets.get(outlet)?;
        Some(OutletLines {
            lines: &self.lines,
            id,
            total,
        })
    }
}

/// One outlet's part of a [`Boilerplate`]: its number and articles.
#[derive(Clone, Copy)]
struct OutletLines<'a> {
    lines: &'a LineCounts,
    id: u32,
    total: u32,
}

impl OutletLines<'_> {
    /// For a boilerplate line: (articles it is in, articles of the outlet).
    fn lookup(self, key: u64) -> Option<(u32, u32)> {
        self.lines.get(&(self.id, key)).map(|&n| (n, self.total))
    }
}

/// Is `b` a structural character (`{ } [ ] < > = " | \\ _ / : ; # $ ^ ~
/// *`)? Written as ranges of ASCII so that counting them vectorises.
#[inline(always)]
fn is_structural(b: u8) -> bool {
    b.wrapping_sub(b'"') < 3 // " # $
        || b == b'*'
        || b == b'/'
        || b.wrapping_sub(b':') < 5 // : ; < = >
        || b.wrapping_sub(b'[') < 5 // [ \ ] ^ _
        || b.wrapping_sub(b'{') < 4 // { | } ~
}

/// ASCII white space, as `char::is_whitespace` has it.
#[inline(always)]
fn is_ascii_space(b: u8) -> bool {
    b == b' ' || b.wrapping_sub(b'\t') < 5
}

/// Counts structural characters: (structural, non-space). Every byte of
/// every paragraph passes here, twice a run: compiled for AVX2 on the
/// x86-64 CPUs that have it, as the normaliser is.
fn structure(block: &str) -> (usize, usize) {
    #[cfg(target_arch = "x86_64")]
    if crate::text::normalise::has_avx2() {
        // SAFETY: `has_avx2` has detected at run time every feature that
        // `structure_avx2` is compiled for.
        return unsafe { structure_avx2(block) };
    }
    structure_body(block)
}

/// [`structure_body`] compiled for AVX2.
///
/// # Safety
///
/// The CPU must have AVX2, BMI1, BMI2, POPCNT and LZCNT
/// ([`crate::text::normalise::has_avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt,lzcnt")]
unsafe fn structure_avx2(block: &str) -> (usize, usize) {
    structure_body(block)
}

/// The body of [`structure`], inlined into each variant.
#[inline(always)]
fn structure_body(block: &str) -> (usize, usize) {
    let bytes = block.as_bytes();
    let (mut structural, mut space, mut continuation) = (0, 0, 0);
    // One byte counter per lane, emptied before it can overflow; one scan
    // for all three (the continuation bytes were a scan of their own).
    for chunk in bytes.chunks(255) {
        let (mut s, mut w, mut c) = (0u8, 0u8, 0u8);
        for &b in chunk {
            s += u8::from(is_structural(b));
            w += u8::from(is_ascii_space(b));
            c += u8::from(b & 0xC0 == 0x80);
        }
        structural += usize::from(s);
        space += usize::from(w);
        continuation += usize::from(c);
    }
    // A character outside ASCII is one non-space character, none when it
    // is white space: its continuation bytes do not count, and the white
    // space ones are found from the lead bytes that can start them.
    let mut non_space = bytes.len() - space - continuation;
    if continuation > 0 {
        non_space -= memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes)
            .chain(memchr::memchr_iter(0xE3, bytes))
            .filter(|&i| nonascii_space(bytes, i))
            .count();
    }
    (structural, non_space)
}

/// Cleans one article. `boilerplate` is `None` in the first pass, when the
/// recurring lines are not known yet.
///
/// One scan for line breaks: each paragraph (run of non-blank lines) is
/// judged by the non-prose rule when its last line is found, then its lines
/// are keyed, unless it was removed whole. Removals come out in text order.
pub fn clean(text: &str, outlet: &str, boilerplate: Option<&Boilerplate>) -> Cleaned {
    let mut pass = Pass {
        text,
        outlet,
        boilerplate: boilerplate.and_then(|b| b.of(outlet)),
        removals: Vec::new(),
        seen: HashMap::default(),
        kept: Vec::new(),
    };
    // The lines of the paragraph being read, as byte ranges.
    let mut paragraph = Vec::new();
    let bytes = text.as_bytes();
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    let mut start = 0;
    for next in memchr::memchr_iter(b'\n', bytes).chain(last) {
        // Without its line terminators.
        let mut end = next;
        while end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        if text[start..end].trim_start().is_empty() {
            pass.paragraph(&paragraph);
            paragraph.clear();
        } else {
            paragraph.push((start, end));
        }
        start = next + 1;
    }
    pass.paragraph(&paragraph);
    let Pass { removals, kept, .. } = pass;
    Cleaned {
        text: blank(text, &removals),
        removals,
        lines: kept,
    }
}

/// The state of [`clean`] over one article.
struct Pass<'a> {
    text: &'a str,
    outlet: &'a str,
    /// The outlet's boilerplate lines, looked up once per article.
    boilerplate: Option<OutletLines<'a>>,
    removals: Vec<Removal>,
    /// Keyed by the line key's hash, as the boilerplate lines are: where
    /// the line was first seen.
    seen: HashMap<u64, usize, BuildHasherDefault<KeyHasher>>,
    /// The keys of [`Cleaned::lines`].
    kept: Vec<u64>,
}

/// The non-prose rule on the paragraph at `start..end`: its removal when
/// structural characters make up too much of it.
fn non_prose(text: &str, start: usize, end: usize) -> Option<Removal> {
    let (s, n) = structure(&text[start..end]);
    (n >= NON_PROSE_MIN_CHARS && s as f64 >= NON_PROSE_SHARE * n as f64).then(|| Removal {
        rule: Rule::NonProse,
        start,
        end,
        reason: format!(
            "JSON, markup or code: {s} of {n} characters ({:.0}%) are brackets, quotes, slashes or similar",
            100.0 * s as f64 / n as f64
        ),
    })
}

impl Pass<'_> {
    /// Judges a paragraph, given by its lines, then its lines.
    fn paragraph(&mut self, lines: &[(usize, usize)]) {
        let (Some(&(start, _)), Some(&(_, end))) = (lines.first(), lines.last()) else {
            return;
        };
        if let Some(removal) = non_prose(self.text, start, end) {
            self.removals.push(removal);
            return;
        }
        for &(start, end) in lines {
            self.line(start, end);
        }
    }

    /// Applies the line rules to the line at `start..end`.
    fn line(&mut self, start: usize, end: usize) {
        let Some((key, len)) = line_key(&self.text[start..end]) else {
            return;
        };
        let removal = |rule, reason| Removal {
            rule,
            start,
            end,
            reason,
        };
        let outlet = self.outlet;
        if let Some((n, total)) = self.boilerplate.and_then(|b| b.lookup(key)) {
            self.removals.push(removal(
                Rule::Boilerplate,
                format!("line recurs in {n} of {total} articles of {outlet}"),
            ));
        } else if let Some(&first) = self.seen.get(&key) {
            self.removals.push(removal(
                Rule::RepeatedParagraph,
                format!("repeats the paragraph at byte {first}"),
            ));
        } else {
            self.seen.insert(key, start);
            if len <= BOILERPLATE_MAX_BYTES {
                self.kept.push(key);
            }
        }
    }
}

/// `text` with the `removals` (in order of their starts) overwritten with
/// spaces; `None` when there are none.
fn blank(text: &str, removals: &[Removal]) -> Option<String> {
    if removals.is_empty() {
        return None;
    }
    // Removals are whole lines (or paragraphs), so they start and end on
    // character boundaries; overlapping ones are blanked once.
    let mut cleaned = String::with_capacity(text.len());
    for r in removals {
        if r.end <= cleaned.len() {
            continue;
        }
        let start = r.start.max(cleaned.len());
        cleaned.push_str(&text[cleaned.len()..start]);
        cleaned.extend(std::iter::repeat_n(' ', r.end - start));
    }
    cleaned.push_str(&text[cleaned.len()..]);
    Some(cleaned)
}

#[cfg(test)]
mod tests;
