//! What a corpus shows about a lexicon (`lexicon check --corpus`): runs
//! the report's matcher over every counted article and lists the written
//! forms each wildcard matched, entries that match nothing, categories with
//! no hit in some outlet and how many matches each context rule removed, as
//! findings of the lexicon audit.

use crate::corpus::Article;
use crate::lexicon::check::{Finding, Severity};
use crate::matching::{ArticleMatches, Matcher};
use std::collections::BTreeMap;

/// What a pass over a corpus gathers for the audit.
#[derive(Debug, Default)]
pub struct Usage {
    /// term -> written form -> count.
    pub forms: BTreeMap<usize, BTreeMap<String, u64>>,
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
        for h in &m.hits {
            per[h.category] += 1;
            *self
                .forms
                .entry(h.term)
                .or_default()
                .entry(m.form(h).to_string())
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
        let m = matcher.find(&article.text);
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
        let total: u64 = forms.map_or(0, |f| f.values().sum());
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
        } else if t.wildcard {
            let mut list: Vec<(&String, &u64)> = forms.into_iter().flatten().collect();
            list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let text: Vec<String> = list.iter().map(|(f, n)| format!("{f} {n}")).collect();
            out.push(base(
                Severity::Note,
                "wildcard_forms",
                Some(total),
                format!("`{}` -> {}", t.text, text.join(", ")),
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
