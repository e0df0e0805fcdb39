//! The text a coder reads around an item: the sentence of a match, or a
//! number of words on each side, with the match marked; and the sentences
//! of an article, for the sample of misses.
//!
//! Sentences are Unicode sentence boundaries (UAX #29, `unicode-segmentation`),
//! joined again after a common abbreviation or an initial (`Mr. Assad`,
//! `George W. Bush`), which UAX #29 would split; a line break also ends a
//! sentence (a headline, a list item).

use unicode_segmentation::UnicodeSegmentation;

/// How much text around a match the coder sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContextSpec {
    /// The sentence the match is in (clipped to [`MAX_SIDE`] chars a side).
    #[default]
    Sentence,
    /// This many words on each side of the match.
    Words(usize),
}

impl std::str::FromStr for ContextSpec {
    type Err = String;

    /// `sentence` or a number of words (`30`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("sentence") {
            return Ok(ContextSpec::Sentence);
        }
        s.parse::<usize>().map(ContextSpec::Words).map_err(|_| {
            format!("`{s}` is neither `sentence` nor a number of words on each side (e.g. 30)")
        })
    }
}

/// The most characters of a sentence kept on each side of a match (a
/// "sentence" of a page of text without full stops is clipped).
pub const MAX_SIDE: usize = 400;

/// Marks around the match in a context cell of a CSV sheet.
pub const MARK_OPEN: &str = "[[";
pub const MARK_CLOSE: &str = "]]";

/// The text around a match: left, the match, right, white space collapsed.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Context {
    pub left: String,
    pub matched: String,
    pub right: String,
}

impl Context {
    /// The context as one line with the match marked: `left [[match]] right`.
    pub fn marked(&self) -> String {
        format!(
            "{}{MARK_OPEN}{}{MARK_CLOSE}{}",
            self.left, self.matched, self.right
        )
    }
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "maj", "capt", "sgt", "cpl", "adm", "gov",
    "sen", "rep", "pres", "st", "jr", "sr", "rev", "hon", "no", "vs", "etc", "e.g", "i.e", "u.s",
    "u.n", "u.k", "u.s.a", "jan", "feb", "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec",
    "approx", "dept", "inc", "ltd", "co", "corp", "mt", "ft", "fig",
];

/// Byte spans of the sentences of `text`, in order, covering it.
pub fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut join_next = false;
    for (start, s) in text.split_sentence_bound_indices() {
        let end = start + s.len();
        match spans.last_mut() {
            Some(last) if join_next => last.1 = end,
            _ => spans.push((start, end)),
        }
        join_next = ends_in_abbreviation(s);
    }
    // A line break inside a span ends a sentence too.
    let mut out = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        let mut from = start;
        for (i, _) in text[start..end].match_indices('\n') {
            let cut = start + i + 1;
            if cut < end && !text[from..cut].trim().is_empty() {
                out.push((from, cut));
                from = cut;
            }
        }
        out.push((from, end));
    }
    out
}

/// A span's text ends with `Mr.`, `U.S.` or an initial `W.` (then a space).
fn ends_in_abbreviation(s: &str) -> bool {
    let t = s.trim_end();
    let Some(body) = t.strip_suffix('.') else {
        return false;
    };
    if t.len() != s.len() && s[t.len()..].contains('\n') {
        return false;
    }
    let word = body
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"')
        .next()
        .unwrap_or("");
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_uppercase());
    initial || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// White space collapsed to single spaces (ends kept as one space).
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// At most `n` chars of `s`, from its end (`from_end`) or start, cut at a
/// word boundary with `…` where text was dropped.
fn clip_chars(s: &str, n: usize, from_end: bool) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    if from_end {
        let skip = count - n;
        let tail: String = s.chars().skip(skip).collect();
        let tail = tail.find(' ').map_or(tail.as_str(), |i| &tail[i..]);
        format!("…{tail}")
    } else {
        let head: String = s.chars().take(n).collect();
        let head = head.rfind(' ').map_or(head.as_str(), |i| &head[..i + 1]);
        format!("{head}…")
    }
}

/// The context of the match `start..end` of `text`.
///
/// `start..end` must lie on char boundaries of `text` (a matcher's hit
/// does); a span that does not is clamped to the nearest boundaries.
pub fn context_of(text: &str, start: usize, end: usize, spec: ContextSpec) -> Context {
    let start = floor_boundary(text, start.min(text.len()));
    let end = floor_boundary(text, end.clamp(start, text.len()));
    let (from, to) = match spec {
        ContextSpec::Sentence => {
            let spans = sentence_spans(text);
            let first = spans
                .iter()
                .find(|s| s.1 > start)
                .map_or(start, |s| s.0.min(start));
            let last = spans
                .iter()
                .find(|s| s.1 >= end)
                .map_or(end, |s| s.1.max(end));
            (first, last)
        }
        ContextSpec::Words(n) => (words_back(text, start, n), words_forward(text, end, n)),
    };
    Context {
        left: clip_chars(collapse(&text[from..start]).trim_start(), MAX_SIDE, true),
        matched: collapse(&text[start..end]).trim().to_string(),
        right: clip_chars(collapse(&text[end..to]).trim_end(), MAX_SIDE, false),
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Start of the `n`-th whitespace-separated word before `at`.
fn words_back(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    let before = &text[..at];
    let mut seen = 0;
    let mut in_word = before.ends_with(|c: char| !c.is_whitespace());
    for (i, c) in before.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen >= n {
                    return i + c.len_utf8();
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    0
}

/// End of the `n`-th whitespace-separated word after `at`.
fn words_forward(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    let after = &text[at..];
    let mut seen = 0;
    let mut in_word = after.starts_with(|c: char| !c.is_whitespace());
    for (i, c) in after.char_indices() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen >= n {
                    return at + i;
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text)
            .into_iter()
            .map(|(a, b)| text[a..b].trim())
            .collect()
    }

    #[test]
    fn splits_sentences_but_not_abbreviations_or_initials() {
        let text = "Mr. Assad spoke. U.S. officials and George W. Bush agreed! Did rebels flee? Yes.\nHeadline here\nNext line.";
        assert_eq!(
            sentences(text),
            [
                "Mr. Assad spoke.",
                "U.S. officials and George W. Bush agreed!",
                "Did rebels flee?",
                "Yes.",
                "Headline here",
                "Next line."
            ]
        );
        let spans = sentence_spans(text);
        assert_eq!(spans.first().map(|s| s.0), Some(0));
        assert_eq!(spans.last().map(|s| s.1), Some(text.len()));
        assert!(spans.windows(2).all(|w| w[0].1 == w[1].0));
    }

    #[test]
    fn sentence_context_marks_the_match() {
        let text = "The war went on. Government forces   shelled the rebel-held town of Douma. Nobody came.";
        let start = text.find("rebel").unwrap();
        let c = context_of(text, start, start + 5, ContextSpec::Sentence);
        assert_eq!(c.left, "Government forces shelled the ");
        assert_eq!(c.matched, "rebel");
        assert_eq!(c.right, "-held town of Douma.");
        assert_eq!(
            c.marked(),
            "Government forces shelled the [[rebel]]-held town of Douma."
        );
    }

    #[test]
    fn word_context_counts_words_each_side() {
        let text = "one two three four rebels five six seven";
        let start = text.find("rebels").unwrap();
        let c = context_of(text, start, start + 6, ContextSpec::Words(2));
        assert_eq!(
            (c.left.as_str(), c.right.as_str()),
            ("three four ", " five six")
        );
        let c = context_of(text, start, start + 6, ContextSpec::Words(10));
        assert_eq!(c.left, "one two three four ");
        assert_eq!(c.right, " five six seven");
        let c = context_of(text, 0, 3, ContextSpec::Words(1));
        assert_eq!((c.left.as_str(), c.right.as_str()), ("", " two"));
    }

    #[test]
    fn long_sentences_are_clipped_at_words() {
        let long = "word ".repeat(200);
        let text = format!("{long}rebels {long}.");
        let start = text.find("rebels").unwrap();
        let c = context_of(&text, start, start + 6, ContextSpec::Sentence);
        assert!(c.left.starts_with('…') && c.left.chars().count() <= MAX_SIDE + 1);
        assert!(c.right.ends_with('…') && c.right.chars().count() <= MAX_SIDE + 1);
        assert!("sentence".parse::<ContextSpec>() == Ok(ContextSpec::Sentence));
        assert!("25".parse::<ContextSpec>() == Ok(ContextSpec::Words(25)));
        assert!("two".parse::<ContextSpec>().is_err());
    }
}
