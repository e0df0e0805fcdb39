//! Text normalisation shared by the lexicon and the corpus, so that a term and
//! the text it should match are compared in the same form.
//!
//! Steps, in order, per character cluster (a base character and its combining
//! marks): Unicode NFKC; full case folding (optional, off for case-sensitive
//! terms); typographic quotes and apostrophes to `'` and `"`; dash variants to
//! `-`; soft hyphens and zero-width characters removed; every run of white
//! space (including line breaks and no-break spaces) collapsed to one space.
//! Tokens ([`count_tokens`]) are counted in the same pass over the output.
//!
//! Two fast paths give the same output as the general per-cluster path
//! (property-tested against it below). ASCII bytes go 64 at a time without
//! decoding: each is mapped (folding, `` ` `` to `'`, white space to a
//! space) and classified in a branch-free loop that LLVM vectorises, the
//! classes are gathered into one bitmask each (`pmovmskb`,
//! `swar::gather_bits`), tokens are counted on the bitmasks, and the chunk
//! is written whole up to its first dropped
//! byte (a second white space in a row) or the last byte before a non-ASCII
//! character (which the cluster path takes, since a combining mark may
//! follow it). The common typographic characters (curly quotes, dashes,
//! no-break space) map straight to their replacement without NFKC or case
//! folding. Neither path allocates per character.
//!
//! The whole normaliser is compiled twice from one body: for baseline
//! x86-64 (SSE2) and for AVX2 with BMI1/2, POPCNT and LZCNT (32-byte
//! vectors, `vpmovmskb`, `popcnt`, `tzcnt`); [`normalise`] picks the second
//! at run time where the CPU has those features (tested to give the same
//! output as the first). With `pmovmskb` for the bitmasks, this made
//! `examples/normalise_speed` 24-56% faster on the 100 MB benchmark corpus
//! (medians: 962 -> 1,190 and 696 -> 1,087 MB/s, 2-core AMD EPYC) and a
//! 1 GB count 5-11% less CPU (docs/PERFORMANCE.md).
//!
//! The output keeps a map back to byte offsets of the original text, so a match
//! found in normalised text is reported where it was written.

use crate::swar::gather_bits;
use caseless::Caseless;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Normalised text plus the map from its byte offsets to the original's.
#[derive(Debug, Default, Clone)]
pub struct Normalised {
    /// The normalised text.
    pub text: String,
    /// Tokens in `text`, as [`count_tokens`] counts them.
    pub tokens: u64,
    /// `(normalised offset, original offset)` pairs, pushed wherever the
    /// difference between the two changes; offsets in between are shifted by
    /// the same amount as the anchor before them.
    anchors: Vec<(usize, usize)>,
    /// Length of the original text.
    original_len: usize,
}

impl Normalised {
    /// A normalised text made by a later step (`profile.rs`) from its
    /// parts: `anchors` as [`anchor`] pushes them.
    pub(super) fn from_parts(
        tokens: u64,
        text: String,
        anchors: Vec<(usize, usize)>,
        original_len: usize,
    ) -> Normalised {
        Normalised {
            text,
            tokens,
            anchors,
            original_len,
        }
    }

    /// Length of the original text in bytes.
    pub fn original_len(&self) -> usize {
        self.original_len
    }

    /// [`Normalised::original_offset`] for offsets taken in increasing
    /// order: the anchor is found by stepping on from the last one.
    pub(super) fn cursor(&self) -> Cursor<'_> {
        Cursor {
            anchors: &self.anchors,
            next: 0,
            original_len: self.original_len,
        }
    }

    /// Original byte offset for a normalised byte offset. Offsets inside a
    /// character that normalisation expanded map into that character; callers
    /// that slice the original snap to char boundaries with
    /// [`Normalised::original_span`].
    pub fn original_offset(&self, pos: usize) -> usize {
        let i = self.anchors.partition_point(|&(n, _)| n <= pos);
        let (n, o) = if i == 0 { (0, 0) } else { self.anchors[i - 1] };
        (o + (pos - n)).min(self.original_len)
    }

    /// The original byte span for a normalised span, widened to char boundaries.
    pub fn original_span(&self, original: &str, start: usize, end: usize) -> (usize, usize) {
        let mut s = self.original_offset(start);
        let mut e = self.original_offset(end).max(s);
        while s > 0 && !original.is_char_boundary(s) {
            s -= 1;
        }
        while e < original.len() && !original.is_char_boundary(e) {
            e += 1;
        }
        (s, e)
    }
}

/// See [`Normalised::cursor`].
pub(super) struct Cursor<'a> {
    anchors: &'a [(usize, usize)],
    /// The first anchor after the last offset asked for.
    next: usize,
    original_len: usize,
}

impl Cursor<'_> {
    /// The original offset of `pos`, which is not before the last one.
    #[inline]
    pub(super) fn original_offset(&mut self, pos: usize) -> usize {
        while self.anchors.get(self.next).is_some_and(|&(n, _)| n <= pos) {
            self.next += 1;
        }
        let (n, o) = match self.next {
            0 => (0, 0),
            k => self.anchors[k - 1],
        };
        (o + (pos - n)).min(self.original_len)
    }
}

/// Bytes per step of the ASCII fast path: four SSE2 registers (two AVX2
/// ones), one `u64`
/// bitmask per class (64 rather than 32 bytes: the per-step bookkeeping
/// costs half as much per byte; about a quarter faster on ASCII text).
const CHUNK: usize = 64;

/// Flag bits of a byte of an ASCII chunk ([`classify`]).
const WORD: u8 = 1;
/// `'` or `` ` `` (which becomes `'`).
const APOSTROPHE: u8 = 2;
/// White space (becomes one space).
const SPACE: u8 = 4;
/// The next byte is not ASCII: this one goes to the cluster path, which a
/// combining mark after it may join.
const STOP: u8 = 8;
/// This byte and the next are white space: the next is dropped.
const DOUBLE: u8 = 16;

/// White space as the general path sees it among ASCII bytes.
#[inline(always)]
fn ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// Output byte of an ASCII byte: white space to a space, `` ` `` to `'`,
/// letters lower-cased when folding; the general path maps these bytes the
/// same way (tested).
#[inline(always)]
fn ascii_out(b: u8, fold: bool) -> u8 {
    if ascii_space(b) {
        b' '
    } else if b == b'`' {
        b'\''
    } else {
        b | u8::from(fold & b.is_ascii_uppercase()) << 5
    }
}

/// One chunk of ASCII input mapped and classified, lane by lane in a shape
/// LLVM vectorises (no branches, no early exit, fixed length).
struct Chunk {
    /// Output byte of each input byte ([`ascii_out`]).
    out: [u8; CHUNK],
    /// [`WORD`], [`APOSTROPHE`], [`SPACE`], [`STOP`] and [`DOUBLE`] bits.
    flags: [u8; CHUNK],
    /// The union of all `flags`: which rare cases occur in the chunk.
    any: u8,
}

/// Maps and classifies `window[..CHUNK]`; `window[CHUNK]` is the byte
/// after (zero at the end of the input).
#[inline(always)]
fn classify(window: &[u8; CHUNK + 1], fold: bool) -> Chunk {
    let mut out = [0; CHUNK];
    let mut flags = [0; CHUNK];
    for i in 0..CHUNK {
        let (b, next) = (window[i], window[i + 1]);
        let space = ascii_space(b);
        let tick = b == b'`';
        out[i] = ascii_out(b, fold);
        let flag = |set: bool, flag: u8| if set { flag } else { 0 };
        flags[i] = flag(b.is_ascii_alphanumeric(), WORD)
            | flag(tick | (b == b'\''), APOSTROPHE)
            | flag(space, SPACE)
            | flag(next >= 0x80, STOP)
            | flag(space & ascii_space(next), DOUBLE);
    }
    let any = flags.iter().fold(0, |any, &f| any | f);
    Chunk { out, flags, any }
}

/// The flag `flag` of every byte of a chunk as a bitmask, byte `i` at bit `i`.
#[inline(always)]
fn mask(flags: &[u8; CHUNK], flag: u8) -> u64 {
    gather_bits(flags, flag.trailing_zeros())
}

/// The bits below bit `n`.
#[inline(always)]
fn below(n: usize) -> u64 {
    if n >= CHUNK {
        u64::MAX
    } else {
        (1 << n) - 1
    }
}

/// Token counting, one character of normalised text at a time: a token
/// starts at a word character that follows neither a word character nor an
/// apostrophe that follows one (the rule of [`count_tokens`]).
#[derive(Debug, Default, Clone, Copy)]
struct TokenState {
    count: u64,
    in_word: bool,
    /// An apostrophe right after a word character: a word character next
    /// continues the token.
    apostrophe: bool,
}

impl TokenState {
    /// Steps over one character; true when it starts a token.
    #[inline(always)]
    fn step(&mut self, word: bool, apostrophe: bool) -> bool {
        let starts = word & !self.in_word & !self.apostrophe;
        self.count += u64::from(starts);
        self.apostrophe = apostrophe & self.in_word;
        self.in_word = word;
        starts
    }

    /// One character of the cluster path or of [`scan_tokens`]: a
    /// character of a script written without spaces ([`is_char_token`]) is
    /// a token of its own.
    fn step_char(&mut self, c: char) -> bool {
        if is_char_token(c) {
            self.count += 1;
            self.in_word = false;
            self.apostrophe = false;
            return true;
        }
        self.step(is_word_char(c), c == '\'')
    }
}

/// The output being built, with the offset map and token count.
struct Builder {
    /// Normalised text, valid UTF-8 (only whole characters are appended).
    text: Vec<u8>,
    anchors: Vec<(usize, usize)>,
    tokens: TokenState,
    in_space: bool,
}

/// Records that output from `n` on maps to `original_pos`, when that changes
/// the offset difference.
#[inline]
pub(super) fn anchor(anchors: &mut Vec<(usize, usize)>, n: usize, original_pos: usize) {
    let delta = anchors.last().map_or(0, |&(n, o)| o as isize - n as isize);
    if original_pos as isize - n as isize == delta {
        return;
    }
    match anchors.last_mut() {
        Some(last) if last.0 == n => last.1 = original_pos,
        _ => anchors.push((n, original_pos)),
    }
}

/// Rewrites the output of an ASCII chunk of the input starting at `offset`
/// (written to `text` from `base` on, `end` bytes) without the bytes set in
/// `drop`, anchoring after each run of them. Out of line: most chunks have
/// nothing to drop.
#[inline(never)]
fn cut(
    text: &mut Vec<u8>,
    anchors: &mut Vec<(usize, usize)>,
    mapped: &[u8; CHUNK],
    drop: u64,
    base: usize,
    offset: usize,
    end: usize,
) {
    let mut from = 0;
    let mut rest = drop;
    text.truncate(base);
    while rest != 0 {
        let first = rest.trailing_zeros() as usize;
        text.extend_from_slice(&mapped[from..first]);
        from = first + (rest >> first).trailing_ones() as usize;
        // Later output maps that much further on.
        anchor(anchors, text.len(), offset + from);
        rest &= !below(from);
    }
    text.extend_from_slice(&mapped[from..end]);
}

impl Builder {
    /// Appends one normalised character (already mapped and folded).
    #[inline]
    fn push(&mut self, c: char) {
        if c == ' ' {
            if self.in_space {
                return;
            }
            self.in_space = true;
        } else {
            self.in_space = false;
        }
        self.text
            .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        self.tokens.step_char(c);
    }

    /// The ASCII fast path from `bytes[from]` (ASCII) up to the input's end
    /// or the last ASCII byte before a non-ASCII one, whose position it
    /// returns: [`CHUNK`] bytes per step, mapped and classified in
    /// parallel, then counted on bitmasks and written whole; runs of
    /// dropped white space are cut out afterwards, one anchor per run.
    /// Inlined into each variant of [`normalise`], so that it is compiled
    /// for the instruction set that variant enables.
    #[inline(always)]
    fn push_ascii(&mut self, bytes: &[u8], from: usize, fold: bool) -> usize {
        let out = &mut self.text;
        let mut in_space = self.in_space;
        let TokenState {
            mut count,
            mut in_word,
            mut apostrophe,
        } = self.tokens;
        let mut k = from;
        while k < bytes.len() {
            let mut padded = [0; CHUNK + 1];
            let (window, valid) = match bytes[k..].first_chunk::<{ CHUNK + 1 }>() {
                Some(window) => (window, CHUNK),
                None => {
                    let rest = &bytes[k..];
                    padded[..rest.len()].copy_from_slice(rest);
                    (&padded, rest.len())
                }
            };
            let chunk = classify(window, fold);
            let mut end = valid;
            if chunk.any & STOP != 0 {
                end = end.min(mask(&chunk.flags, STOP).trailing_zeros() as usize);
            }
            // TokenState::step for the first `end` bytes: a token starts at
            // a word byte after neither a word byte nor a joining
            // apostrophe. Dropped bytes are white space, which neither
            // starts a token nor carries one on, so they need no masking.
            let word = mask(&chunk.flags, WORD);
            let after_word = word << 1 | u64::from(in_word);
            let joining = if chunk.any & APOSTROPHE != 0 {
                mask(&chunk.flags, APOSTROPHE) & after_word
            } else {
                0
            };
            let starts = word & !after_word & !(joining << 1 | u64::from(apostrophe));
            count += u64::from((starts & below(end)).count_ones());
            // The whole chunk in one fixed-size copy (the capacity reserved
            // in `normalise` covers it), then cut to what was taken.
            let base = out.len();
            out.extend_from_slice(&chunk.out);
            out.truncate(base + end);
            if chunk.any & DOUBLE != 0 || in_space & (chunk.flags[0] & SPACE != 0) {
                let space = mask(&chunk.flags, SPACE);
                let drop = space & (space << 1 | u64::from(in_space)) & below(end);
                if drop != 0 {
                    cut(out, &mut self.anchors, &chunk.out, drop, base, k, end);
                }
            }
            if end > 0 {
                in_word = word >> (end - 1) & 1 != 0;
                apostrophe = joining >> (end - 1) & 1 != 0;
                in_space = chunk.flags[end - 1] & SPACE != 0;
            }
            k += end;
            if end < CHUNK {
                break;
            }
        }
        self.in_space = in_space;
        self.tokens = TokenState {
            count,
            in_word,
            apostrophe,
        };
        k
    }

    /// One normalised character for the original up to `end`.
    #[inline]
    fn push_at(&mut self, c: char, end: usize) {
        self.push(c);
        anchor(&mut self.anchors, self.text.len(), end);
    }

    /// One cluster (a character and its combining marks) of the original,
    /// ending at `end`.
    fn push_cluster(&mut self, cluster: &str, fold: bool, end: usize) {
        let mut chars = cluster.chars();
        // A lone character that NFKC and case folding leave alone or that
        // need only an ASCII fold: the ASCII byte before a non-ASCII
        // character that does not combine with it, or a typographic one.
        let shortcut = match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_ascii() => Some(char::from(ascii_out(c as u8, fold))),
            (Some(c), None) => typographic(c).or_else(|| stable(c).then_some(c)),
            _ => None,
        };
        match shortcut {
            Some(m) => self.push(m),
            None => {
                for c in cluster.nfkc() {
                    let Some(m) = map_char(c) else { continue };
                    if fold && !m.is_ascii() {
                        for f in std::iter::once(m).default_case_fold() {
                            self.push(f);
                        }
                    } else if fold {
                        self.push(m.to_ascii_lowercase());
                    } else {
                        self.push(m);
                    }
                }
            }
        }
        anchor(&mut self.anchors, self.text.len(), end);
    }
}

/// The general mapping after NFKC: `None` for characters removed.
fn map_char(c: char) -> Option<char> {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
        | '\u{02BB}' | '\u{0060}' | '\u{00B4}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Some('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

/// The common typographic characters that NFKC and case folding leave alone,
/// with their replacement: a lone one skips both (tested against the general
/// path).
fn typographic(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' => Some('\''),
        '\u{201C}' | '\u{201D}' => Some('"'),
        '\u{2013}' | '\u{2014}' => Some('-'),
        '\u{00A0}' | '\u{2009}' => Some(' '),
        _ => None,
    }
}

/// Letters that NFKC and case folding leave as they are, alone in their
/// cluster: the Arabic and Hebrew letters, lower-case Cyrillic, CJK
/// ideographs and kana (tested against the general path, every one). Text
/// in those scripts skips both there, several times faster.
#[inline]
fn stable(c: char) -> bool {
    matches!(c,
        '\u{0430}'..='\u{045F}'
        | '\u{05D0}'..='\u{05EA}'
        | '\u{0621}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{0674}'
        | '\u{0679}'..='\u{06D3}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{4E00}'..='\u{9FFF}')
}

/// Normalise `input`; `fold` applies full Unicode case folding.
///
/// On x86-64 CPUs with AVX2 (and BMI1/2, POPCNT, LZCNT, which every such
/// CPU has) the same code runs compiled for those instructions
/// (`normalise_avx2`), else for the baseline (`normalise_baseline`).
pub fn normalise(input: &str, fold: bool) -> Normalised {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: `has_avx2` has detected at run time every feature that
        // `normalise_avx2` is compiled for.
        return unsafe { normalise_avx2(input, fold) };
    }
    normalise_baseline(input, fold)
}

/// Whether this CPU has every feature [`normalise_avx2`] is compiled for
/// (each check reads a cached word after the first).
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn has_avx2() -> bool {
    std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("bmi1")
        && std::arch::is_x86_feature_detected!("bmi2")
        && std::arch::is_x86_feature_detected!("popcnt")
        && std::arch::is_x86_feature_detected!("lzcnt")
}

/// [`normalise`] compiled for AVX2: the ASCII path's mapping and
/// classification in 32-byte registers, `popcnt`, `tzcnt` and BMI shifts
/// on its bitmasks.
///
/// # Safety
///
/// The CPU must have AVX2, BMI1, BMI2, POPCNT and LZCNT ([`has_avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt,lzcnt")]
pub(crate) unsafe fn normalise_avx2(input: &str, fold: bool) -> Normalised {
    normalise_body(input, fold)
}

/// [`normalise`] compiled for the target's baseline (SSE2 on x86-64).
pub(crate) fn normalise_baseline(input: &str, fold: bool) -> Normalised {
    normalise_body(input, fold)
}

/// The body of [`normalise`], inlined into each variant.
#[inline(always)]
fn normalise_body(input: &str, fold: bool) -> Normalised {
    let mut b = Builder {
        // The ASCII path writes whole chunks before cutting them.
        text: Vec::with_capacity(input.len() + CHUNK),
        anchors: Vec::new(),
        tokens: TokenState::default(),
        in_space: false,
    };
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i = b.push_ascii(bytes, i, fold);
            if i == bytes.len() {
                break;
            }
            // Curly quotes and dashes, every few hundred bytes of news
            // text, straight to their replacement, and the ASCII byte
            // before one (alone in its cluster) to its own.
            if let Some((m, len)) = typographic_at(bytes, i + 1) {
                b.push_at(char::from(ascii_out(bytes[i], fold)), i + 1);
                i += 1 + len;
                b.push_at(m, i);
                continue;
            }
        } else if let Some((m, len)) = typographic_at(bytes, i) {
            i += len;
            b.push_at(m, i);
            continue;
        }
        let end = cluster_end(input, i);
        b.push_cluster(&input[i..end], fold, end);
        i = end;
    }
    Normalised {
        // Never lossy: the builder appends whole characters only.
        text: crate::swar::utf8_string(b.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        tokens: b.tokens.count,
        anchors: b.anchors,
        original_len: input.len(),
    }
}

/// End of the cluster starting at `start`: one char plus any combining marks.
fn cluster_end(input: &str, start: usize) -> usize {
    let mut chars = input[start..].char_indices();
    let mut end = input.len();
    if let Some((_, c)) = chars.next() {
        end = start + c.len_utf8();
        for (off, m) in chars {
            if m.is_ascii() || canonical_combining_class(m) == 0 {
                return start + off;
            }
            end = start + off + m.len_utf8();
        }
    }
    end
}

/// The typographic character (see [`typographic`]) of two or three bytes
/// at `bytes[i]`, its replacement and length, when it is a cluster of its
/// own: the next byte is ASCII (which combines with nothing before it) or
/// the text's end. `bytes` is UTF-8.
#[inline]
fn typographic_at(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let (c, len) = match *bytes.get(i..)? {
        [0xC2, b, ..] => (0x80 | u32::from(b & 0x3F), 2),
        [0xE2, 0x80, b, ..] => (0x2000 | u32::from(b & 0x3F), 3),
        _ => return None,
    };
    if bytes.get(i + len).is_some_and(|&next| next >= 0x80) {
        return None;
    }
    Some((typographic(char::from_u32(c)?)?, len))
}

/// Normalise a short string without keeping the offset map (lexicon terms).
pub fn normalise_str(input: &str, fold: bool) -> String {
    normalise(input, fold).text
}

/// Is `c` part of a word? Letters, digits and combining marks.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        // The common letters first: `is_alphanumeric` searches a table.
        stable(c) || c.is_alphanumeric() || canonical_combining_class(c) != 0
    }
}

/// Is `c` a character of a script written without spaces between words
/// (Chinese and Japanese: CJK ideographs, hiragana, katakana)? Each such
/// character is a token of its own, and a word boundary lies on both sides
/// of it, so a term matches anywhere in a run of them.
#[inline]
pub fn is_char_token(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'
        | '\u{3041}'..='\u{3096}'
        | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// Are `a` and `b`, one after the other, letters of one word? Both word
/// characters, and neither a character that is a token of its own
/// ([`is_char_token`]). Word boundaries in matching are where this is false.
#[inline]
pub fn joins(a: char, b: char) -> bool {
    is_word_char(a) && is_word_char(b) && !is_char_token(a) && !is_char_token(b)
}

/// Counts tokens in normalised text. A token is a maximal run of word
/// characters ([`is_word_char`]); an apostrophe between two word characters
/// joins them (`don't`, `moscow's` are one token each); hyphens, slashes and
/// all other punctuation separate tokens (`anti-damascus` is two). A
/// Chinese or Japanese character is a token of its own ([`is_char_token`]).
pub fn count_tokens(text: &str) -> u64 {
    let mut count = 0u64;
    scan_tokens(text, |_| count += 1);
    count
}

/// Byte offsets where tokens begin (the tokens [`count_tokens`] counts).
pub fn token_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    scan_tokens(text, |i| starts.push(i));
    starts
}

/// Calls `on_start` with the byte offset of every token's first character.
fn scan_tokens(text: &str, mut on_start: impl FnMut(usize)) {
    let mut state = TokenState::default();
    for (i, c) in text.char_indices() {
        if state.step_char(c) {
            on_start(i);
        }
    }
}

#[cfg(test)]
mod tests;
