//! `lexicon check`: audits a lexicon file alone (duplicate terms, a term
//! in two competing categories, entries another entry always takes first,
//! shorter entries inside longer ones). Findings are errors (the lexicon
//! cannot be used), warnings or notes. What a corpus shows about the
//! lexicon (`lexicon check --corpus`) is `audit::usage`, which runs the
//! matcher; this module knows no matcher and no corpus.

use super::{Group, Lexicon, Term};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding of the audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub severity: Severity,
    /// `duplicate`, `competing`, `skipped_entry`, `never_counts`, `inside_longer`,
    /// `wildcard_forms`, `written_forms`, `no_match`, `outlet_without_hits`,
    /// `rule_removed`.
    pub check: &'static str,
    pub group: String,
    pub category: String,
    pub term: String,
    /// Line in the lexicon file (0 when not about one line).
    pub line: usize,
    /// A count the finding is about (matches, forms), if any.
    pub count: Option<u64>,
    pub message: String,
}

impl Finding {
    /// A finding not about one lexicon line.
    pub fn general(
        severity: Severity,
        check: &'static str,
        group: &str,
        category: &str,
        count: Option<u64>,
        message: String,
    ) -> Finding {
        Finding {
            severity,
            check,
            group: group.to_string(),
            category: category.to_string(),
            term: String::new(),
            line: 0,
            count,
            message,
        }
    }
}

/// Display order of the checks.
pub fn rank(check: &str) -> usize {
    [
        "duplicate",
        "competing",
        "skipped_entry",
        "never_counts",
        "no_match",
        "wildcard_forms",
        "written_forms",
        "rule_removed",
        "inside_longer",
        "outlet_without_hits",
    ]
    .iter()
    .position(|c| *c == check)
    .unwrap_or(usize::MAX)
}

/// Findings from the lexicon file alone.
pub fn static_findings(lexicon: &Lexicon) -> Vec<Finding> {
    let mut out = Vec::new();
    for note in &lexicon.notes {
        out.push(Finding::general(
            Severity::Warning,
            "skipped_entry",
            "",
            "",
            None,
            note.clone(),
        ));
    }
    for c in &lexicon.conflicts {
        let same = c.first_category == c.second_category;
        out.push(Finding {
            severity: Severity::Error,
            check: if same { "duplicate" } else { "competing" },
            group: c.group.clone(),
            category: c.second_category.clone(),
            term: c.term.clone(),
            line: c.second_line,
            count: None,
            message: format!(
                "line {} and line {}: {}",
                c.first_line,
                c.second_line,
                c.message()
            ),
        });
    }
    for g in &lexicon.groups {
        shadowing(g, &mut out);
    }
    out
}

/// Terms of a group in matcher order, with their category ids.
fn group_terms(g: &Group) -> Vec<(&str, &Term)> {
    g.categories
        .iter()
        .flat_map(|c| c.terms.iter().map(move |t| (c.id.as_str(), t)))
        .collect()
}

/// True when wildcard `w` matches every whole-word occurrence of `t` with
/// the same span (`terror*` covers `terrorist` and `terrorist*`).
fn covers(w: &Term, t: &Term) -> bool {
    w.wildcard
        && !w.case_sensitive
        && !w.leading_wildcard
        && !t.leading_wildcard
        && !w.settings.stem
        && !t.settings.stem
        && w.settings.language == t.settings.language
        && w.settings.clitics == t.settings.clitics
        && t.pattern.starts_with(&w.pattern)
        && t.pattern[w.pattern.len()..]
            .chars()
            .all(crate::text::normalise::is_word_char)
}

/// A term's pattern with hyphens as spaces and a space at both ends, so
/// that whole-word containment is a substring test.
fn padded(t: &Term) -> String {
    format!(" {} ", t.pattern.replace('-', " "))
}

/// `never_counts` and `inside_longer` findings of a competing group, in
/// term order (for each term, the first then the second, by the other
/// term's order). Found with two automata, so the time is linear in the
/// group's size plus the findings: every pair compared took minutes for
/// 50,000 terms.
fn shadowing(g: &Group, out: &mut Vec<Finding>) {
    if g.overlapping {
        return;
    }
    let terms = group_terms(g);
    let mut found: Vec<(usize, usize, Finding)> = Vec::new();
    for (i, j) in never_counts(&terms) {
        let ((cat, t), (wcat, w)) = (terms[i], terms[j]);
        found.push((
            i,
            0,
            Finding {
                severity: Severity::Warning,
                check: "never_counts",
                group: g.id.clone(),
                category: cat.to_string(),
                term: t.text.clone(),
                line: t.line,
                count: None,
                message: format!(
                    "`{}` (line {}) can never count in `{cat}`: `{}` in `{wcat}` (line {}) matches the same words and comes first; move it after, or narrow the wildcard",
                    t.text, t.line, w.text, w.line
                ),
            },
        ));
    }
    for (i, j) in inside_longer(&terms) {
        let ((cat, t), (ocat, o)) = (terms[i], terms[j]);
        found.push((
            i,
            1 + j,
            Finding {
                severity: Severity::Note,
                check: "inside_longer",
                group: g.id.clone(),
                category: cat.to_string(),
                term: t.text.clone(),
                line: t.line,
                count: None,
                message: format!(
                    "`{}` (line {}) is inside `{}` (`{ocat}`, line {}): where both match, the longer one counts",
                    t.text, t.line, o.text, o.line
                ),
            },
        ));
    }
    found.sort_by_key(|(i, k, _)| (*i, *k));
    out.extend(found.into_iter().map(|(_, _, f)| f));
}

/// (term, the first earlier wildcard of another category that covers it):
/// the wildcards that are prefixes of a term, found by an anchored search
/// of the term's pattern.
fn never_counts(terms: &[(&str, &Term)]) -> Vec<(usize, usize)> {
    let wild: Vec<usize> = (0..terms.len())
        .filter(|&k| terms[k].1.wildcard && !terms[k].1.case_sensitive)
        .collect();
    let patterns: Vec<&str> = wild.iter().map(|&k| terms[k].1.pattern.as_str()).collect();
    let start = aho_corasick::StartKind::Anchored;
    let Ok((automaton, padding)) = crate::text::automaton::linear_automaton(&patterns, start)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, &(cat, t)) in terms.iter().enumerate() {
        // Every wildcard that is a prefix of the term: the matches of an
        // anchored search, one at a time (aho-corasick has no anchored
        // overlapping iterator).
        let input = aho_corasick::Input::new(&t.pattern).anchored(aho_corasick::Anchored::Yes);
        let mut state = aho_corasick::automaton::OverlappingState::start();
        let mut first: Option<usize> = None;
        while automaton
            .try_find_overlapping(input.clone(), &mut state)
            .is_ok()
        {
            let Some(m) = state.get_match() else { break };
            let Some(&k) = m
                .pattern()
                .as_usize()
                .checked_sub(padding)
                .and_then(|p| wild.get(p))
            else {
                continue;
            };
            let (wcat, w) = terms[k];
            if k < i && wcat != cat && covers(w, t) && w.key() != t.key() {
                first = Some(first.map_or(k, |f| f.min(k)));
            }
        }
        if let Some(k) = first {
            out.push((i, k));
        }
    }
    out
}

/// (term, a longer term of another category it lies inside as whole
/// words), sorted, each pair once: every term's padded pattern searched
/// for every other's.
fn inside_longer(terms: &[(&str, &Term)]) -> Vec<(usize, usize)> {
    let pads: Vec<String> = terms.iter().map(|(_, t)| padded(t)).collect();
    let plain: Vec<usize> = (0..terms.len()).filter(|&k| !terms[k].1.wildcard).collect();
    let patterns: Vec<&str> = plain.iter().map(|&k| pads[k].as_str()).collect();
    let start = aho_corasick::StartKind::Unanchored;
    let Ok((automaton, padding)) = crate::text::automaton::linear_automaton(&patterns, start)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (j, &(ocat, _)) in terms.iter().enumerate() {
        for m in automaton.find_overlapping_iter(&pads[j]) {
            let Some(&i) = m
                .pattern()
                .as_usize()
                .checked_sub(padding)
                .and_then(|p| plain.get(p))
            else {
                continue;
            };
            let same_language = terms[i].1.settings.language == terms[j].1.settings.language;
            if pads[i].len() < pads[j].len() && terms[i].0 != ocat && same_language {
                out.push((i, j));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn lex(src: &str) -> Lexicon {
        Lexicon::parse_unchecked(src, Path::new("t.toml")).unwrap()
    }

    #[test]
    fn duplicate_across_categories_is_an_error_naming_both_lines() {
        let f = static_findings(&lex(
            "[groups.a.categories]\nx = [\"rebel\"]\ny = [\"Rebel\"]\n",
        ));
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].severity, f[0].check, f[0].line),
            (Severity::Error, "competing", 3)
        );
        assert!(
            f[0].message.starts_with("line 2 and line 3:"),
            "{}",
            f[0].message
        );
    }

    /// The pairs by comparing every term with every other (the audit as
    /// it was first written, quadratic): the reference for the automata.
    type Pairs = Vec<(usize, usize)>;

    fn pairs_by_brute_force(g: &Group) -> (Pairs, Pairs) {
        let terms = group_terms(g);
        let pads: Vec<String> = terms.iter().map(|(_, t)| padded(t)).collect();
        let (mut never, mut inside) = (Vec::new(), Vec::new());
        for (i, &(cat, t)) in terms.iter().enumerate() {
            if let Some(k) = (0..i).find(|&k| {
                let (c, w) = terms[k];
                c != cat && covers(w, t) && w.key() != t.key()
            }) {
                never.push((i, k));
            }
            for (j, &(ocat, _)) in terms.iter().enumerate() {
                if !t.wildcard
                    && pads[i].len() < pads[j].len()
                    && ocat != cat
                    && pads[j].contains(&pads[i])
                {
                    inside.push((i, j));
                }
            }
        }
        (never, inside)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn shadowing_finds_what_comparing_every_pair_finds(
            entries in proptest::collection::vec(
                ("[ab]{1,2}( [ab]{1,2}){0,2}(-[ab])?", proptest::bool::ANY, proptest::bool::ANY, 0usize..3),
                1..24,
            ),
        ) {
            let mut categories: Vec<super::super::Category> = (0..3)
                .map(|c| super::super::Category {
                    id: format!("c{c}"),
                    terms: Vec::new(),
                    rules: Default::default(),
                    line: 1,
                })
                .collect();
            for (k, (text, wild, cs, c)) in entries.iter().enumerate() {
                let written = if *wild { format!("{text}*") } else { text.clone() };
                let term = Term::new(&written, *cs, k + 1).unwrap();
                categories[*c].terms.push(term);
            }
            let g = Group { id: "g".into(), question: String::new(), overlapping: false, categories };
            let terms = group_terms(&g);
            let (never, mut inside) = pairs_by_brute_force(&g);
            inside.sort_unstable();
            proptest::prop_assert_eq!(never_counts(&terms), never);
            proptest::prop_assert_eq!(inside_longer(&terms), inside);
        }
    }

    #[test]
    fn a_large_group_is_audited_in_linear_time() {
        // 200,000 terms in one competing group: comparing every pair took
        // minutes at 50,000.
        let mut src = String::from("[groups.g.categories]\n");
        for c in 0..4 {
            src.push_str(&format!("c{c} = ["));
            for t in 0..50_000 {
                src.push_str(&format!("\"w{c}x{t}\","));
            }
            src.push_str("\"shared phrase w0x1\"]\n");
        }
        let lexicon = Lexicon::parse_unchecked(&src, Path::new("t.toml")).unwrap();
        let started = std::time::Instant::now();
        let f = static_findings(&lexicon);
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        // `w0x1` (c0) inside `shared phrase w0x1` of c1, c2, c3; the phrase
        // itself is the same term in four categories (three conflicts).
        let inside = f.iter().filter(|f| f.check == "inside_longer").count();
        assert_eq!(inside, 3);
    }

    #[test]
    fn earlier_wildcard_shadows_a_later_entry() {
        let f = static_findings(&lex(
            "[groups.a.categories]\nx = [\"terror*\"]\ny = [\"terrorist\", \"terrorist*\", \"terrible\"]\n",
        ));
        let never: Vec<_> = f
            .iter()
            .filter(|f| f.check == "never_counts")
            .map(|f| f.term.as_str())
            .collect();
        assert_eq!(never, ["terrorist", "terrorist*"]);
    }

    #[test]
    fn shorter_entry_inside_a_longer_one_is_a_note() {
        let f = static_findings(&lex(
            "[groups.a.categories]\nx = [\"islamic state\"]\ny = [\"state\"]\n",
        ));
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].severity, f[0].check, f[0].line),
            (Severity::Note, "inside_longer", 3)
        );
    }
}
