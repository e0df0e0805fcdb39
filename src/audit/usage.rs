//! What a corpus shows about a lexicon (`lexicon check --corpus`): runs
//! the report's matcher over every counted article and lists the written
//! forms each wildcard or language-aware entry matched (per article
//! language), entries that match nothing, categories with no hit in some
//! outlet and how many matches each context rule removed, as findings of
//! the lexicon audit.

use crate::corpus::{Article, Corpus};
use crate::lexicon::check::{rank, static_findings, Finding, Severity};
use crate::lexicon::Lexicon;
use crate::matching::{ArticleMatches, Matcher};
use crate::pass::{counted_articles, PassError};
use crate::text::normalise::normalise_str;
use crate::text::profile::bidi_control;
use std::collections::BTreeMap;

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

/// Every finding of `lexicon check`, in the order it lists them: the
/// lexicon's own and, given a corpus, what the lexicon does over the
/// articles a report counts (cleaned unless the corpus was opened with
/// `no_clean`).
///
/// # Errors
///
/// The corpus's and the matcher's errors, as the passes give them.
pub fn lexicon_findings(
    lexicon: &Lexicon,
    corpus: Option<&Corpus>,
) -> Result<Vec<Finding>, PassError> {
    let mut findings = static_findings(lexicon);
    if let Some(corpus) = corpus {
        let matcher = Matcher::new(lexicon)?;
        findings.extend(corpus_findings(&matcher, counted_articles(corpus)?)?);
    }
    findings.sort_by_key(|f| (f.severity, rank(f.check)));
    Ok(findings)
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
    use crate::lexicon::Lexicon;
    use std::path::Path;

    fn lex(src: &str) -> Lexicon {
        Lexicon::parse_unchecked(src, Path::new("t.toml")).unwrap()
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
