//! `lexicon check`: audits a lexicon. Without a corpus it looks at the
//! file alone (duplicate terms, a term in two competing categories, entries
//! another entry always takes first, shorter entries inside longer ones);
//! with a corpus it runs the report's matcher over every article and lists
//! the written forms each wildcard or language-aware entry matched (per
//! article language), entries that match nothing,
//! categories with no hit in some outlet and how many matches each context
//! rule removed. Findings are errors (the lexicon cannot be used), warnings
//! or notes.

use super::{Group, Lexicon, Term};
use crate::corpus::Article;
use crate::matching::{ArticleMatches, Matcher};
use crate::text::normalise::normalise_str;
use crate::text::profile::bidi_control;
use std::collections::BTreeMap;

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
    fn general(
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

/// What a pass over a corpus gathers for the audit.
#[derive(Debug, Default)]
pub struct Usage {
    /// term -> article language (`""` for none) -> form -> count. The form
    /// is the normalised match for a term of no language (`terrorists`),
    /// the match as written (case-folded) for a term in a language, so the
    /// author sees what its normalisation, clitics and stems caught
    /// (`والمعارضة`, `المعارضه`).
    pub forms: BTreeMap<usize, BTreeMap<String, BTreeMap<String, u64>>>,
    /// outlet -> category -> count.
    pub outlet_hits: BTreeMap<String, Vec<u64>>,
    /// rule -> candidates removed.
    pub removed: BTreeMap<usize, u64>,
}

impl Usage {
    pub fn add(&mut self, matcher: &Matcher, article: &Article, m: &ArticleMatches) {
        let cats = matcher.categories().len();
        let per = self
            .outlet_hits
            .entry(article.outlet.clone())
            .or_insert_with(|| vec![0; cats]);
        let language = m.language.map_or("", |l| l.code());
        for h in &m.hits {
            per[h.category] += 1;
            let form = match matcher.terms()[h.term].language {
                Some(_) => {
                    let written = article.text.get(h.start..h.end).unwrap_or("");
                    let visible: String = written.chars().filter(|&c| !bidi_control(c)).collect();
                    normalise_str(&visible, true)
                }
                None => m.form(h).to_string(),
            };
            *self
                .forms
                .entry(h.term)
                .or_default()
                .entry(language.to_string())
                .or_default()
                .entry(form)
                .or_insert(0) += 1;
        }
        for r in &m.removed {
            *self.removed.entry(r.rule).or_insert(0) += 1;
        }
    }
}

/// Runs the matcher over a corpus and returns the corpus findings.
pub fn corpus_findings<E>(
    matcher: &Matcher,
    articles: impl Iterator<Item = Result<Article, E>>,
) -> Result<Vec<Finding>, E> {
    let mut usage = Usage::default();
    for article in articles {
        let article = article?;
        let m = matcher.find_article(&article);
        usage.add(matcher, &article, &m);
    }
    Ok(usage_findings(matcher, &usage))
}

/// Findings from what a corpus pass gathered.
pub fn usage_findings(matcher: &Matcher, usage: &Usage) -> Vec<Finding> {
    let mut out = Vec::new();
    let cats = matcher.categories();
    for (id, t) in matcher.terms().iter().enumerate() {
        let cat = &cats[t.category];
        let forms = usage.forms.get(&id);
        let total: u64 = forms.map_or(0, |by| by.values().flat_map(|f| f.values()).sum());
        let base = |severity, check, count, message| Finding {
            severity,
            check,
            group: cat.group_id.clone(),
            category: cat.id.clone(),
            term: t.text.clone(),
            line: t.line,
            count,
            message,
        };
        if total == 0 {
            out.push(base(
                Severity::Warning,
                "no_match",
                Some(0),
                format!(
                    "`{}` (line {}) matches nothing in the corpus",
                    t.text, t.line
                ),
            ));
        } else if t.wildcard || t.language.is_some() {
            let by_language = forms.into_iter().flatten();
            let several = forms.is_some_and(|f| f.len() > 1);
            let mut parts = Vec::new();
            for (language, forms) in by_language {
                let mut list: Vec<(&String, &u64)> = forms.iter().collect();
                list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                let text: Vec<String> = list.iter().map(|(f, n)| format!("{f} {n}")).collect();
                match (several, language.as_str()) {
                    (false, _) => parts.push(text.join(", ")),
                    (true, "") => parts.push(format!("[other] {}", text.join(", "))),
                    (true, l) => parts.push(format!("[{l}] {}", text.join(", "))),
                }
            }
            let label = match t.language {
                Some(l) => format!("`{}` ({l})", t.text),
                None => format!("`{}`", t.text),
            };
            out.push(base(
                Severity::Note,
                if t.wildcard {
                    "wildcard_forms"
                } else {
                    "written_forms"
                },
                Some(total),
                format!("{label} -> {}", parts.join("; ")),
            ));
        }
    }
    for (outlet, per) in &usage.outlet_hits {
        for (c, &n) in per.iter().enumerate() {
            if n == 0 {
                out.push(Finding::general(
                    Severity::Note,
                    "outlet_without_hits",
                    &cats[c].group_id,
                    &cats[c].id,
                    Some(0),
                    format!(
                        "`{}.{}` has no hits in outlet {outlet}",
                        cats[c].group_id, cats[c].id
                    ),
                ));
            }
        }
    }
    for (r, rule) in matcher.rules().iter().enumerate() {
        let n = usage.removed.get(&r).copied().unwrap_or(0);
        out.push(Finding::general(
            Severity::Note,
            "rule_removed",
            "",
            "",
            Some(n),
            format!(
                "{} removed {n} match{}",
                rule.label,
                if n == 1 { "" } else { "es" }
            ),
        ));
    }
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

    #[test]
    fn corpus_findings_list_forms_unmatched_entries_empty_outlets_and_removals() {
        let lexicon = lex(r#"[groups.a.categories]
x = { terms = ["terror*", "bomb"], exclude = ["war on terror"] }
y = ["rebel"]
"#);
        let matcher = Matcher::new(&lexicon).unwrap();
        let article = |outlet: &str, text: &str| {
            Ok::<_, crate::corpus::CorpusError>(Article {
                id: outlet.into(),
                outlet: outlet.into(),
                text: text.into(),
                ..Article::default()
            })
        };
        // A: terrorists, terror, terrorists (one "terror" inside "war on
        // terror" removed); B: rebel only.
        let articles = vec![
            article("A", "Terrorists and terror; the war on terror; terrorists."),
            article("B", "A rebel."),
        ];
        let f = corpus_findings(&matcher, articles.into_iter()).unwrap();
        let by = |check: &str| -> Vec<String> {
            f.iter()
                .filter(|x| x.check == check)
                .map(|x| x.message.clone())
                .collect()
        };
        assert_eq!(
            by("wildcard_forms"),
            ["`terror*` -> terrorists 2, terror 1"]
        );
        assert_eq!(
            by("no_match"),
            ["`bomb` (line 2) matches nothing in the corpus"]
        );
        assert_eq!(
            by("outlet_without_hits"),
            [
                "`a.y` has no hits in outlet A",
                "`a.x` has no hits in outlet B"
            ]
        );
        assert_eq!(
            by("rule_removed"),
            ["a.x: exclude \"war on terror\" removed 1 match"]
        );
    }
}
