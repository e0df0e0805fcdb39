//! The words of a text (`split_whitespace`: runs of characters other
//! than Unicode White_Space) joined by one space, without copying them
//! out: most of a text already is words joined by one space, so they are
//! given as the runs of the text between the few places where its white
//! space is anything else. Used where words are hashed whatever their
//! spacing (the copies within an outlet, the lines of boilerplate). Knows
//! nothing of what the hashes are for.

/// Calls `run` with each stretch of `text` that is words joined by one
/// space, in order: joined by one space, the runs are the words of `text`
/// joined by one space (`text.split_whitespace().collect::<Vec<_>>().join(" ")`).
/// No run is empty; a text without words has none.
pub fn joined_runs<'t>(text: &'t str, run: impl FnMut(&'t str)) {
    runs_by(text, irregular, run);
}

/// [`joined_runs`] with the scan for irregular places given (the tests
/// run the portable one too).
#[inline(always)]
fn runs_by<'t>(
    text: &'t str,
    irregular: impl Fn(&[u8], usize) -> Option<usize>,
    mut run: impl FnMut(&'t str),
) {
    let bytes = text.as_bytes();
    // `start`: where the words not yet given start; `from`: where to look
    // for the next irregular place.
    let mut start = skip_white_space(text, 0);
    let mut from = start;
    while let Some(at) = irregular(bytes, from) {
        let after = skip_white_space(text, at);
        if after == at {
            // Flagged but no white space (see `starts_white_space`).
            from = at + text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        // `start` is a word's first byte and `at` white space after it.
        run(&text[start..at]);
        if after == bytes.len() {
            return;
        }
        (start, from) = (after, after);
    }
    if start < bytes.len() {
        run(&text[start..]);
    }
}

/// Calls `write` with the bytes of the words of `text` joined by one space,
/// in order, in pieces (the runs of [`joined_runs`] and the spaces between
/// them): what a hash of the joined words is fed, without joining them.
pub fn joined_words(text: &str, mut write: impl FnMut(&[u8])) {
    let mut first = true;
    joined_runs(text, |run| {
        if !first {
            write(b" ");
        }
        first = false;
        write(run.as_bytes());
    });
}

/// The bytes the scans for irregular places test at once.
const BLOCK: usize = 64;

/// [`irregular_body`], compiled for AVX2 on the x86-64 CPUs that have it
/// (as the normaliser is).
fn irregular(bytes: &[u8], from: usize) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    if super::normalise::has_avx2() {
        // SAFETY: `has_avx2` has detected at run time every feature that
        // `irregular_avx2` is compiled for.
        return unsafe { irregular_avx2(bytes, from) };
    }
    irregular_body(bytes, from)
}

/// [`irregular_body`]'s answer with AVX2, 64 bytes a step on bitmasks:
/// the ASCII white space of a block and its spaces in one compare each,
/// the rare lead bytes of other white space (0xC2, 0xE1-0xE3) found in
/// the same step and each checked on its own ([`starts_white_space`]),
/// then the flags of the whole block from the masks (white space, not a
/// space or followed by white space). It flags exactly the bytes
/// [`irregular_body`] flags, or fewer of those it may flag in excess.
///
/// # Safety
///
/// The CPU must have AVX2, BMI1, BMI2, POPCNT and LZCNT
/// ([`super::normalise::has_avx2`]).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt,lzcnt")]
unsafe fn irregular_avx2(bytes: &[u8], from: usize) -> Option<usize> {
    // Each block's test looks three bytes past it.
    let (found, at) = blocks_avx2(bytes, from, |at| at + BLOCK + 3 <= bytes.len());
    if found.is_some() {
        return found;
    }
    // The last bytes (fewer than a block and three) in blocks of a copy
    // padded with line feeds: white space, as the end counts (a space
    // before it is flagged); flags in the padding dropped.
    let rest = &bytes[at..];
    let mut padded = [b'\n'; 2 * BLOCK + 3];
    padded[..rest.len()].copy_from_slice(rest);
    let (found, _) = blocks_avx2(&padded, 0, |k| k < rest.len());
    found.filter(|&k| k < rest.len()).map(|k| at + k)
}

/// [`irregular_avx2`]'s scan of the blocks of 64 bytes at `from`, `from +
/// 64`, ... while `more(start)`: the first byte flagged, or where it
/// stopped. Each block must have three bytes after it.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,popcnt,lzcnt")]
#[inline]
fn blocks_avx2(bytes: &[u8], from: usize, more: impl Fn(usize) -> bool) -> (Option<usize>, usize) {
    use std::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_min_epu8, _mm256_movemask_epi8,
        _mm256_or_si256, _mm256_set1_epi8, _mm256_sub_epi8,
    };
    let white_at = |i: usize| starts_white_space(bytes[i], bytes[i + 1], bytes[i + 2]);
    // (white space, spaces, lead bytes to check) of 32 bytes at `i`.
    let lanes = |i: usize| -> (u32, u32, u32) {
        assert!(i + 32 <= bytes.len());
        // SAFETY: 32 bytes from `i` are in `bytes` (asserted); unaligned
        // loads take any address.
        let v = unsafe { _mm256_loadu_si256(bytes.as_ptr().add(i).cast::<__m256i>()) };
        let space = _mm256_cmpeq_epi8(v, _mm256_set1_epi8(b' ' as i8));
        // Tab to carriage return: `v - 9` at most 4, unsigned.
        let control = _mm256_sub_epi8(v, _mm256_set1_epi8(9));
        let control = _mm256_cmpeq_epi8(_mm256_min_epu8(control, _mm256_set1_epi8(4)), control);
        // 0xC2, or 0xE1 to 0xE3 (`v - 0xE1` at most 2, unsigned).
        let high = _mm256_sub_epi8(v, _mm256_set1_epi8(0xE1_u8 as i8));
        let high = _mm256_cmpeq_epi8(_mm256_min_epu8(high, _mm256_set1_epi8(2)), high);
        let lead = _mm256_or_si256(high, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0xC2_u8 as i8)));
        let mask = |m| _mm256_movemask_epi8(m) as u32;
        (
            mask(_mm256_or_si256(space, control)),
            mask(space),
            mask(lead),
        )
    };
    let mut at = from;
    while more(at) {
        let (white_low, space_low, lead_low) = lanes(at);
        let (white_high, space_high, lead_high) = lanes(at + 32);
        let mut white = u64::from(white_low) | u64::from(white_high) << 32;
        let space = u64::from(space_low) | u64::from(space_high) << 32;
        let mut lead = u64::from(lead_low) | u64::from(lead_high) << 32;
        while lead != 0 {
            let k = lead.trailing_zeros() as usize;
            white |= u64::from(white_at(at + k)) << k;
            lead &= lead - 1;
        }
        let next_white = (white >> 1) | u64::from(white_at(at + BLOCK)) << 63;
        let flagged = white & (!space | next_white);
        if flagged != 0 {
            return (Some(at + flagged.trailing_zeros() as usize), at);
        }
        at += BLOCK;
    }
    (None, at)
}

/// The first byte at or after `from` where a text may stop being words
/// joined by one space: white space other than a space, a space followed
/// by white space, a space at the end. It may flag a byte that is none of
/// these (the caller checks), never miss one. Blocks of 64 bytes are
/// tested at once (the compiler makes vector code of the block loops).
#[inline(always)]
fn irregular_body(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    // Each block's test looks three bytes past it.
    while let Some(window) = bytes.get(at..at + BLOCK + 3) {
        let mut flags = [0u8; BLOCK];
        for (k, flag) in flags.iter_mut().enumerate() {
            let (b, n1, n2, n3) = (window[k], window[k + 1], window[k + 2], window[k + 3]);
            let white = starts_white_space(b, n1, n2);
            *flag = u8::from(white & ((b != b' ') | starts_white_space(n1, n2, n3)));
        }
        let flagged = crate::swar::gather_bits(&flags, 0);
        if flagged != 0 {
            return Some(at + flagged.trailing_zeros() as usize);
        }
        at += BLOCK;
    }
    let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let white =
        |i: usize| i >= bytes.len() || starts_white_space(byte(i), byte(i + 1), byte(i + 2));
    (at..bytes.len()).find(|&i| white(i) && (byte(i) != b' ' || white(i + 1)))
}

/// Whether a character starting with byte `b` (followed by `n1`, `n2`) may
/// be white space: exact for ASCII, a superset of White_Space's other
/// characters (U+0085, U+00A0, U+1680, U+2000-200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000), which flags U+202A-202E, U+2040-207F,
/// U+1680-16BF and U+3000-303F too.
#[inline(always)]
fn starts_white_space(b: u8, n1: u8, n2: u8) -> bool {
    (b == b' ')
        | (b.wrapping_sub(b'\t') < 5)
        | ((b == 0xC2) & ((n1 == 0x85) | (n1 == 0xA0)))
        | ((b == 0xE1) & (n1 == 0x9A))
        | ((b == 0xE2)
            & (((n1 == 0x80) & ((n2 <= 0x8A) | (0xA8..=0xAF).contains(&n2))) | (n1 == 0x81)))
        | ((b == 0xE3) & (n1 == 0x80))
}

/// The end of the white space starting at `at` (`at` when there is none).
fn skip_white_space(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::joined_runs;

    /// The runs joined, checked alike with the portable scan.
    fn joined(text: &str) -> String {
        let out = join(|f| joined_runs(text, f));
        let portable = join(|f| super::runs_by(text, super::irregular_body, f));
        assert_eq!(out, portable, "{text:?}");
        out
    }

    /// What `runs` gives, joined by one space (no run empty).
    fn join<'t>(runs: impl FnOnce(&mut dyn FnMut(&'t str))) -> String {
        let mut out = String::new();
        runs(&mut |run| {
            assert!(!run.is_empty());
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(run);
        });
        out
    }

    /// The same through [`super::joined_words`]'s pieces.
    fn in_pieces(text: &str) -> String {
        let mut out = Vec::new();
        super::joined_words(text, |bytes| out.extend_from_slice(bytes));
        String::from_utf8(out).unwrap()
    }

    fn words(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Every character of the first three planes, between letters, after
    /// a word, doubled, and at each offset of a text long enough for the
    /// blocks of 64 bytes: the runs joined are the words joined.
    #[test]
    fn runs_are_the_words_for_every_character() {
        for c in (0u32..0x3_0000).filter_map(char::from_u32) {
            let long = format!("{c}{c} said the  {c}word\u{201c}{c} and {c}x ");
            let mut texts = vec![format!("a{c}b"), format!("a{c}"), format!("{c}{c}é")];
            for start in 0..8 {
                texts.push(format!("{}{}", &"one two three "[start..], long.repeat(3)));
            }
            for text in texts {
                assert_eq!(joined(&text), words(&text), "U+{:04X}", c as u32);
            }
        }
    }

    /// A space followed by white space of every kind at every place of the
    /// first blocks, so at each block's last byte (the next block's first
    /// byte decides whether the space is the end of a run).
    #[test]
    fn a_space_before_white_space_is_found_across_blocks() {
        for white in [" ", "\n", "\t", "\u{a0}", "\u{2003}", "\u{3000}"] {
            for at in 0..200 {
                let text = format!("{} {white}{}", "a".repeat(at), "b".repeat(100));
                assert_eq!(joined(&text), words(&text), "{at} {white:?}");
                assert_eq!(in_pieces(&text), words(&text), "{at} {white:?}");
            }
        }
    }

    /// Texts made at random of words, punctuation and every kind of
    /// white space (and of the non-space characters flagged with them),
    /// up to 300 bytes.
    #[test]
    fn runs_of_random_texts_are_the_words() {
        let pieces = [
            "a", "word", "é", "\u{201c}", "\u{202a}", "\u{2060}", "\u{3001}", "\u{169b}", " ", " ",
            " ", "\n", "\t", "\r\n", "\u{a0}", "\u{85}", "\u{2003}", "\u{2028}", "\u{202f}",
            "\u{205f}", "\u{3000}", "\u{1680}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..20_000 {
            let mut text = String::new();
            let len = next(300);
            while text.len() < len {
                text.push_str(pieces[next(pieces.len())]);
            }
            assert_eq!(joined(&text), words(&text), "{text:?}");
            assert_eq!(in_pieces(&text), words(&text), "{text:?}");
        }
        assert_eq!(joined(" \n\t"), "");
        assert_eq!(
            joined("  Terrorists\tstrike\r\nAleppo \x0B\x0C now "),
            "Terrorists strike Aleppo now"
        );
    }
}
