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
//! (property-tested against it below): ASCII bytes go through a 256-entry
//! table (folding, `` ` `` to `'`, white space to one space) one byte at a
//! time without decoding, and the common typographic characters (curly
//! quotes, dashes, no-break space) map straight to their replacement without
//! NFKC or case folding. Neither allocates per character.
//!
//! The output keeps a map back to byte offsets of the original text, so a match
//! found in normalised text is reported where it was written.

use crate::swar::{ascii_run_end, bytes_equal, high_bits, in_range, load};
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

/// Output byte of each ASCII byte (the upper half is never looked up): white
/// space to a space, `` ` `` to `'`, letters lower-cased when folding. The
/// general path maps these bytes the same way (tested).
const fn ascii_table(fold: bool) -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => b' ',
            b'`' => b'\'',
            _ if fold => c.to_ascii_lowercase(),
            _ => c,
        };
        b += 1;
    }
    table
}

static ASCII_FOLDED: [u8; 256] = ascii_table(true);
static ASCII_AS_WRITTEN: [u8; 256] = ascii_table(false);

const WORD: u8 = 1;
const APOSTROPHE: u8 = 2;
const SPACE: u8 = 4;

/// Class bits of each output byte of the ASCII tables.
const fn class_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_alphanumeric() {
            WORD
        } else if c == b'\'' {
            APOSTROPHE
        } else if c == b' ' {
            SPACE
        } else {
            0
        };
        b += 1;
    }
    table
}

static CLASS: [u8; 256] = class_table();

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

    fn step_char(&mut self, c: char) -> bool {
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
fn anchor(anchors: &mut Vec<(usize, usize)>, n: usize, original_pos: usize) {
    let delta = anchors.last().map_or(0, |&(n, o)| o as isize - n as isize);
    if original_pos as isize - n as isize == delta {
        return;
    }
    match anchors.last_mut() {
        Some(last) if last.0 == n => last.1 = original_pos,
        _ => anchors.push((n, original_pos)),
    }
}

/// [`anchor`] for a dropped byte, off the hot loop.
#[cold]
#[inline(never)]
fn dropped(anchors: &mut Vec<(usize, usize)>, n: usize, original_pos: usize) {
    anchor(anchors, n, original_pos);
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

    /// The ASCII fast path over `run`, which starts at `offset` of the
    /// original: one table look-up per byte, white space collapsed, tokens
    /// counted without branches.
    fn push_ascii(&mut self, run: &[u8], offset: usize, fold: bool) {
        let table = if fold {
            &ASCII_FOLDED
        } else {
            &ASCII_AS_WRITTEN
        };
        let out = &mut self.text;
        out.reserve(run.len());
        let mut in_space = self.in_space;
        let TokenState {
            mut count,
            mut in_word,
            mut apostrophe,
        } = self.tokens;
        let mut k = 0;
        while k < run.len() {
            // Eight bytes at a time while they need no table: no control
            // byte, no backtick, no second space in a row. Folded and
            // token-counted with word-wide bit operations; the bytes up to
            // the first that needs the table go one at a time below.
            let upto = match run.get(k..k + 8) {
                Some(chunk) => {
                    let x = load(chunk);
                    let space = bytes_equal(x, b' ');
                    let table_needed = in_range(x, 0, 0x1F)
                        | bytes_equal(x, b'`')
                        | (space & (space << 8 | u64::from(in_space) << 7));
                    if table_needed == 0 {
                        let folded = if fold {
                            x | in_range(x, b'A', b'Z') >> 2
                        } else {
                            x
                        };
                        out.extend_from_slice(&folded.to_le_bytes());
                        k += 8;
                        in_space = space >> 63 != 0;
                        // TokenState::step, for eight bytes at once.
                        let word = in_range(x, b'0', b'9')
                            | in_range(x | 0x2020_2020_2020_2020, b'a', b'z');
                        let after_word = word << 8 | u64::from(in_word) << 7;
                        let joining = bytes_equal(x, b'\'') & after_word;
                        let after_joining = joining << 8 | u64::from(apostrophe) << 7;
                        count += high_bits(word & !after_word & !after_joining);
                        in_word = word >> 63 != 0;
                        apostrophe = joining >> 63 != 0;
                        continue;
                    }
                    k + table_needed.trailing_zeros() as usize / 8 + 1
                }
                None => run.len(),
            };
            for (k, &b) in run.iter().enumerate().take(upto).skip(k) {
                let m = table[usize::from(b)];
                let class = CLASS[usize::from(m)];
                let space = class & SPACE != 0;
                if space & in_space {
                    // A second white space byte: dropped, so later output
                    // maps one byte further on.
                    dropped(&mut self.anchors, out.len(), offset + k + 1);
                    continue;
                }
                out.push(m);
                in_space = space;
                // TokenState::step, on registers.
                let word = class & WORD != 0;
                count += u64::from(word & !in_word & !apostrophe);
                apostrophe = (class & APOSTROPHE != 0) & in_word;
                in_word = word;
            }
            k = upto;
        }
        self.in_space = in_space;
        self.tokens = TokenState {
            count,
            in_word,
            apostrophe,
        };
    }

    /// One cluster (a character and its combining marks) of the original,
    /// ending at `end`.
    fn push_cluster(&mut self, cluster: &str, fold: bool, end: usize) {
        let mut chars = cluster.chars();
        match (chars.next().and_then(typographic), chars.next()) {
            (Some(m), None) => self.push(m),
            _ => {
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

/// Normalise `input`; `fold` applies full Unicode case folding.
pub fn normalise(input: &str, fold: bool) -> Normalised {
    let mut b = Builder {
        text: Vec::with_capacity(input.len()),
        anchors: Vec::new(),
        tokens: TokenState::default(),
        in_space: false,
    };
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            // The ASCII run, except a last byte that a combining mark may
            // follow (the cluster path takes that one).
            let mut end = ascii_run_end(bytes, i);
            if end < bytes.len() {
                end -= 1;
            }
            if end > i {
                b.push_ascii(&bytes[i..end], i, fold);
                i = end;
                continue;
            }
        }
        let end = cluster_end(input, i);
        b.push_cluster(&input[i..end], fold, end);
        i = end;
    }
    Normalised {
        // Never lossy: the builder appends whole characters only.
        text: String::from_utf8(b.text)
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
            if canonical_combining_class(m) == 0 {
                return start + off;
            }
            end = start + off + m.len_utf8();
        }
    }
    end
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
        c.is_alphanumeric() || canonical_combining_class(c) != 0
    }
}

/// Counts tokens in normalised text. A token is a maximal run of word
/// characters ([`is_word_char`]); an apostrophe between two word characters
/// joins them (`don't`, `moscow's` are one token each); hyphens, slashes and
/// all other punctuation separate tokens (`anti-damascus` is two).
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
mod tests {
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

    fn same_as_general(input: &str) -> Result<(), TestCaseError> {
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
        "a", "Z", "q", "7", " ", "  ", "\n", "\r\n", "\t", "\u{0B}", "\u{0C}", "\u{1F}", "`", "'",
        "\"", "-", ".", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2013}", "\u{2014}",
        "\u{00A0}", "\u{2009}", "\u{2033}", "\u{2011}", "\u{00AD}", "\u{200B}", "\u{0301}",
        "\u{0308}", "e\u{301}", "\u{00A8}", "é", "ß", "ẞ", "İ", "ﬁ", "Ｉ", "…", "伊", "\u{2003}",
        "\u{00B4}", "Σ", "ς", "\u{FEFF}",
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

        #[test]
        fn fast_paths_equal_the_general_path_on_ascii(text in "[ -~\t\n\r\u{0B}\u{0C}]{0,80}") {
            same_as_general(&text)?;
        }
    }

    #[test]
    fn ascii_table_and_typographic_shortcuts_follow_the_general_path() {
        for b in 0..128u8 {
            same_as_general(&format!("x{}y", char::from(b))).unwrap();
        }
        for c in [
            '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2013}', '\u{2014}', '\u{00A0}',
            '\u{2009}',
        ] {
            assert!(typographic(c).is_some());
            same_as_general(&format!("x{c}y {c} {c}{c}")).unwrap();
        }
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
        assert_eq!(count_tokens("伊斯兰国 ok"), 2);
    }
}
