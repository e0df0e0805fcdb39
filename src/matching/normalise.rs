//! Text normalisation shared by the lexicon and the corpus, so that a term and
//! the text it should match are compared in the same form.
//!
//! Steps, in order, per character cluster (a base character and its combining
//! marks): Unicode NFKC; full case folding (optional, off for case-sensitive
//! terms); typographic quotes and apostrophes to `'` and `"`; dash variants to
//! `-`; soft hyphens and zero-width characters removed; every run of white
//! space (including line breaks and no-break spaces) collapsed to one space.
//! ASCII takes a fast path that never allocates per character.
//!
//! The output keeps a map back to byte offsets of the original text, so a match
//! found in normalised text is reported where it was written.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Normalised text plus the map from its byte offsets to the original's.
#[derive(Debug, Default, Clone)]
pub struct Normalised {
    /// The normalised text.
    pub text: String,
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

/// Normalise `input`; `fold` applies full Unicode case folding.
pub fn normalise(input: &str, fold: bool) -> Normalised {
    let mut out = Normalised {
        text: String::with_capacity(input.len()),
        anchors: Vec::new(),
        original_len: input.len(),
    };
    let bytes = input.as_bytes();
    let mut delta: isize = 0; // original offset - normalised offset
    let mut in_space = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            // ASCII fast path over the whole run, except a last byte that a
            // combining mark may follow (the cluster path takes that one).
            let mut end = bytes[i..]
                .iter()
                .position(|&b| b >= 0x80)
                .map_or(bytes.len(), |p| i + p);
            if end < bytes.len() {
                end -= 1;
            }
            if end > i {
                push_ascii(&input[i..end], fold, &mut out, i, &mut in_space, &mut delta);
                i = end;
                continue;
            }
        }
        // A non-ASCII cluster: one char plus any combining marks after it.
        let start = i;
        let mut chars = input[i..].char_indices();
        let mut end = input.len();
        if let Some((_, c)) = chars.next() {
            end = start + c.len_utf8();
            for (off, m) in chars {
                if canonical_combining_class(m) == 0 {
                    end = start + off;
                    break;
                }
                end = start + off + m.len_utf8();
            }
        }
        push_cluster(&input[start..end], fold, &mut out.text, &mut in_space);
        i = end;
        note_delta(&mut out, i, &mut delta);
    }
    out
}

/// Records an anchor when the offset difference changed.
#[inline]
fn note_delta(out: &mut Normalised, original_pos: usize, delta: &mut isize) {
    let new_delta = original_pos as isize - out.text.len() as isize;
    if new_delta != *delta {
        *delta = new_delta;
        out.anchors.push((out.text.len(), original_pos));
    }
}

/// Appends an ASCII run that starts at `offset` of the original: words copied
/// (lower-cased when folding) a segment at a time, white space collapsed.
fn push_ascii(
    run: &str,
    fold: bool,
    out: &mut Normalised,
    offset: usize,
    in_space: &mut bool,
    delta: &mut isize,
) {
    let bytes = run.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        if bytes[k].is_ascii_whitespace() {
            while k < bytes.len() && bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            if !*in_space {
                out.text.push(' ');
                *in_space = true;
            }
            note_delta(out, offset + k, delta);
        } else {
            let start = k;
            while k < bytes.len() && !bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            let from = out.text.len();
            out.text.push_str(&run[start..k]);
            if fold {
                out.text[from..].make_ascii_lowercase();
            }
            *in_space = false;
        }
    }
}

/// Normalise a short string without keeping the offset map (lexicon terms).
pub fn normalise_str(input: &str, fold: bool) -> String {
    normalise(input, fold).text
}

fn push_cluster(cluster: &str, fold: bool, out: &mut String, in_space: &mut bool) {
    for c in cluster.nfkc() {
        let mapped = match c {
            '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}'
            | '\u{02BB}' | '\u{0060}' | '\u{00B4}' => Some('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
            | '\u{00BB}' => Some('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
            c if c.is_whitespace() => Some(' '),
            c => Some(c),
        };
        let Some(m) = mapped else { continue };
        if m == ' ' {
            if !*in_space {
                out.push(' ');
                *in_space = true;
            }
            continue;
        }
        *in_space = false;
        if fold && !m.is_ascii() {
            out.push_str(&caseless::default_case_fold_str(m.encode_utf8(&mut [0; 4])));
        } else if fold {
            out.push(m.to_ascii_lowercase());
        } else {
            out.push(m);
        }
    }
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
    let bytes = text.as_bytes();
    let mut in_word = false;
    let mut pending_apostrophe = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, apostrophe, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), b == b'\'', 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (is_word_char(c), false, c.len_utf8())
        };
        if word {
            if !in_word && !pending_apostrophe {
                on_start(i);
            }
            in_word = true;
            pending_apostrophe = false;
        } else {
            pending_apostrophe = apostrophe && in_word;
            in_word = false;
        }
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
