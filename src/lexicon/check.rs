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

fn shadowing(g: &Group, out: &mut Vec<Finding>) {
    if g.overlapping {
        return;
    }
    let terms = group_terms(g);
    let pads: Vec<String> = terms.iter().map(|(_, t)| padded(t)).collect();
    for (i, &(cat, t)) in terms.iter().enumerate() {
        if let Some(&(wcat, w)) = terms[..i]
            .iter()
            .find(|(c, w)| *c != cat && covers(w, t) && w.key() != t.key())
        {
            out.push(Finding {
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
            });
        }
        for (j, &(ocat, o)) in terms.iter().enumerate() {
            // `t` occurs as whole words inside the longer phrase `o`.
            let inside = !t.wildcard
                && t.settings.language == o.settings.language
                && pads[i].len() < pads[j].len()
                && ocat != cat
                && pads[j].contains(&pads[i]);
            if inside {
                out.push(Finding {
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
                });
            }
        }
    }
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
