//! Cleaning against its reference implementation (property tests) and
//! hand-checked examples.

use super::*;
use proptest::prelude::*;

// The reference implementation of `clean`: two scans.

/// Lines with their byte ranges, without line terminators.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let last = (!text.is_empty() && !text.ends_with('\n')).then_some(text.len());
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|i| i + 1)
        .chain(last)
        .scan(0, move |pos, end| {
            let start = std::mem::replace(pos, end);
            Some((start, text[start..end].trim_end_matches(['\n', '\r'])))
        })
}

/// Paragraphs: runs of non-blank lines, as byte ranges.
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    for (start, line) in lines(text) {
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            let end = start + line.len();
            current = Some(current.map_or((start, end), |(s, _)| (s, end)));
        }
    }
    out.extend(current);
    out
}

/// [`clean`] as first written: paragraphs found in one scan, lines keyed
/// in another.
fn reference_clean(text: &str, outlet: &str, boilerplate: Option<&Boilerplate>) -> Cleaned {
    let mut removals = Vec::new();
    for (start, end) in paragraphs(text) {
        removals.extend(non_prose(text, start, end));
    }
    let non_prose = removals.len();
    // Keyed by the line key's hash, as the boilerplate lines are.
    let mut seen: HashMap<u64, usize, BuildHasherDefault<KeyHasher>> = HashMap::default();
    let mut kept = Vec::new();
    for (start, line) in lines(text) {
        let end = start + line.len();
        if removals[..non_prose]
            .iter()
            .any(|r| r.start <= start && end <= r.end)
        {
            continue;
        }
        let Some((key, len)) = line_key(line) else {
            continue;
        };
        let removal = |rule, reason| Removal {
            rule,
            start,
            end,
            reason,
        };
        if let Some((n, total)) = boilerplate.and_then(|b| b.of(outlet)?.lookup(key)) {
            removals.push(removal(
                Rule::Boilerplate,
                format!("line recurs in {n} of {total} articles of {outlet}"),
            ));
        } else if let Some(&first) = seen.get(&key) {
            removals.push(removal(
                Rule::RepeatedParagraph,
                format!("repeats the paragraph at byte {first}"),
            ));
        } else {
            seen.insert(key, start);
            if len <= BOILERPLATE_MAX_BYTES {
                kept.push(key);
            }
        }
    }
    removals.sort_by_key(|r| r.start);
    // Blanking is not what the one-scan version changed.
    Cleaned {
        text: blank(text, &removals),
        removals,
        lines: kept,
    }
}

/// A line's key by definition: its words, debris at either end
/// dropped, joined by one space.
fn joined_words_key(line: &str) -> Option<(u64, usize)> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let first = words
        .iter()
        .position(|w| !is_debris(w))
        .unwrap_or(words.len());
    let last = words
        .iter()
        .rposition(|w| !is_debris(w))
        .map_or(first, |i| i + 1);
    let key = words[first..last.max(first)].join(" ");
    (!key.is_empty()).then(|| (hash_bytes(key.as_bytes()), key.len()))
}

proptest! {
    /// Structural and non-space characters, counted one character at
    /// a time.
    #[test]
    fn structure_counts_characters(block in "([a-z{}\\[\\]<>=\"|\\\\_/:;#$^~*!?.,()'@%&+ \t\n\r\u{0B}\u{0C}]|é|’|\u{A0}|\u{2003}|\u{3000}){0,600}") {
        let want = block.chars().fold((0, 0), |(s, n), c| {
            (s + usize::from("{}[]<>=\"|\\_/:;#$^~*".contains(c)), n + usize::from(!c.is_whitespace()))
        });
        prop_assert_eq!(structure(&block), want);
    }

    /// A word is debris when it holds `://` or one of the markup
    /// characters, as a substring search says (`://` is drawn whole as
    /// well: from single characters alone it came in few cases of a run).
    #[test]
    fn debris_is_what_a_substring_search_finds(word in "(://|[a-z:/=.{}<>|\\\\^~?&]|é|’|：){0,12}") {
        let want = word.contains("://")
            || word.contains(['=', '{', '}', '<', '>', '|', '\\', '^', '~']);
        prop_assert_eq!(is_debris(&word), want, "{:?}", word);
    }

    /// The key is the line's words, debris at either end dropped,
    /// joined by one space.
    #[test]
    fn line_key_is_the_joined_words(
        line in "([a-z=:/ ]|  |\t|\u{0B}|\u{A0}|\u{2003}|é|’|https://x){0,40}"
    ) {
        prop_assert_eq!(line_key(&line), joined_words_key(&line));
    }

    /// The same, on short lines where ASCII and other characters mix
    /// inside the first and last words (the fast path of `ascii_ends`
    /// must not cut a word at a character outside ASCII).
    #[test]
    fn line_key_is_the_joined_words_short(line in "([a-z]|=|é|’|\u{A0}| ){0,10}") {
        prop_assert_eq!(line_key(&line), joined_words_key(&line));
    }

    /// The one-scan spacing check and hash agree with the simple
    /// definition and with [`hash_bytes`], over keys long enough to
    /// cross several 16-byte blocks.
    #[test]
    fn hash_if_single_spaced_is_the_check_then_the_hash(
        s in "([a-z.,]{1,20}|[ \t\r\n\u{0B}\u{0C}\u{1F}]|\u{85}|\u{A0}|\u{1680}|\u{2003}|\u{202F}|\u{3000}|é|’|“|\u{2030}|\u{E100}){0,30}"
    ) {
        let want = single_spaced(&s).then(|| hash_bytes(s.as_bytes()));
        prop_assert_eq!(hash_if_single_spaced(&s), want);
    }

    /// `clean` decides as the two-scan reference does, with and
    /// without boilerplate, on texts of lines drawn partly from a small
    /// pool (so that they repeat).
    #[test]
    fn clean_equals_the_reference(
        parts in prop::collection::vec(
            prop_oneof![
                Just("Rebels struck again.".to_string()),
                Just("  Rebels   struck again.\r".to_string()),
                Just("?s=96&d=mm Rebels struck again.".to_string()),
                Just("Support our journalism today.".to_string()),
                Just(r#"{"id": "1", "title": "Attack", "url": "/a/b"}, [1, 2]"#.to_string()),
                Just(String::new()),
                Just(" \t\u{A0}".to_string()),
                "([a-z{}=<>/:\"]|  | |\t|\r|\u{A0}|é|’){0,60}",
            ],
            0..24,
        ),
        end in prop_oneof![Just(""), Just("\n"), Just("\r\n"), Just("\r")],
    ) {
        let text = parts.join("\n") + end;
        let mut counter = BoilerplateCounter::default();
        for _ in 0..3 {
            counter.add_lines("X", &clean(&text, "X", None).lines);
        }
        let bp = counter.finish();
        prop_assert_eq!(clean(&text, "X", None), reference_clean(&text, "X", None));
        prop_assert_eq!(clean(&text, "X", Some(&bp)), reference_clean(&text, "X", Some(&bp)));
    }
}

/// White space that is not a single space is found at every offset
/// of a key, across the 16-byte blocks and their boundaries.
#[test]
fn spacing_is_checked_at_every_offset() {
    for len in 1..50 {
        for at in 1..len {
            for bad in ["  ", "\t", "\r", " \u{A0}", "\u{3000}", "\u{85}"] {
                let s = format!("{}{bad}{}", "a".repeat(at), "b".repeat(len - at));
                assert_eq!(hash_if_single_spaced(&s), None, "{s:?}");
            }
            let good = format!("{} {}", "a".repeat(at), "’".repeat(len - at));
            assert_eq!(
                hash_if_single_spaced(&good),
                Some(hash_bytes(good.as_bytes()))
            );
        }
    }
}

/// The white space characters outside ASCII are the ones
/// `nonascii_space` knows.
#[test]
fn nonascii_space_is_char_is_whitespace() {
    for c in (0x80..=0x10FFFF).filter_map(char::from_u32) {
        let mut buf = [0; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        assert_eq!(nonascii_space(bytes, 0), c.is_whitespace(), "{c:?}");
    }
}

/// A first or last word with characters outside ASCII is judged whole.
#[test]
fn debris_words_with_other_characters_are_dropped() {
    assert_eq!(line_key("aé=x b"), line_key("b"));
    assert_eq!(line_key("b x=é’a"), line_key("b"));
    assert_eq!(line_key("aé b"), Some((hash_bytes("aé b".as_bytes()), 5)));
}

#[test]
fn repeated_paragraphs_count_once() {
    let text = "ISIS struck.\n\nThe army replied.\n\n  ISIS   struck.\n?s=96&r=g ISIS struck.\n";
    let c = clean(text, "X", None);
    let spans: Vec<_> = c
        .removals
        .iter()
        .map(|r| (r.rule, r.start, r.end))
        .collect();
    assert_eq!(
        spans,
        [
            (Rule::RepeatedParagraph, 33, 49),
            (Rule::RepeatedParagraph, 50, 72)
        ]
    );
    assert_eq!(c.removals[0].reason, "repeats the paragraph at byte 0");
    let cleaned = c.text.unwrap_or_default();
    assert_eq!(cleaned.len(), text.len());
    let blank = " ".repeat(16);
    let blank2 = " ".repeat(22);
    assert_eq!(
        cleaned,
        format!("ISIS struck.\n\nThe army replied.\n\n{blank}\n{blank2}\n")
    );
}

#[test]
fn json_markup_and_code_are_not_prose() {
    let json = r#"[{"id":"1","title":"Terrorists attack"},{"id":"2","title":"Talks"}]"#;
    let html = r#"<div class="related"><a href="/a/b">Rebels</a><a href="/c">More</a></div>"#;
    let code = r#"var related = {"items": [1, 2, 3], "url": "/news/syria"}; load(related);"#;
    let prose = "Putin said: \"We hope to join efforts with the United States\" - in Syria.";
    let text = format!("{prose}\n\n{json}\n\n{html}\n\n{code}\n");
    let c = clean(&text, "X", None);
    let rules: Vec<_> = c
        .removals
        .iter()
        .map(|r| (r.rule, &text[r.start..r.end]))
        .collect();
    assert_eq!(
        rules,
        [
            (Rule::NonProse, json),
            (Rule::NonProse, html),
            (Rule::NonProse, code)
        ]
    );
    assert!(c.text.is_some_and(|t| t.starts_with(prose)));
}

#[test]
fn boilerplate_is_per_outlet_and_needs_three_articles() {
    let appeal = "Please support independent journalism today.";
    let mut counter = BoilerplateCounter::default();
    // As the first pass does: the lines `clean` keyed, without boilerplate.
    let mut add = |outlet: &str, text: String| {
        counter.add_lines(outlet, &clean(&text, outlet, None).lines);
    };
    for i in 0..3 {
        add("A", format!("Story {i} about rebels.\n{appeal}\n"));
    }
    add("B", format!("Other story.\n{appeal}\n"));
    add("B", format!("Third story.\n{appeal}\n"));
    let bp = counter.finish();
    let a = clean(&format!("New story.\n{appeal}\n"), "A", Some(&bp));
    assert_eq!(a.removals.len(), 1);
    assert_eq!(a.removals[0].rule, Rule::Boilerplate);
    assert_eq!(a.removals[0].reason, "line recurs in 3 of 3 articles of A");
    // B has it in 2 articles only: below the threshold of 3.
    let b = clean(&format!("New story.\n{appeal}\n"), "B", Some(&bp));
    assert!(b.removals.is_empty());
}
