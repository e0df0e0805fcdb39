//! `index.html`, the page a person opens first: the question each group
//! asks, headline findings as sentences with their numbers, the caveats that
//! apply, the charts and links to every table. Self-contained: no scripts,
//! no network, images referenced relative to the report folder. The words
//! come from [`super::sentences`], the charts from [`super::figures`], the
//! list of tables from the registry ([`super::tables::TABLES`]).

use super::figures::{Figure, Place, CHANGE_ALPHA, MAX_CHART_OUTLETS};
use super::sentences;
use super::tables::{self, Context};
use crate::output::num;
use std::fmt::Write as _;
use std::path::Path;

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `index.html` for a report made from `ctx`, with `figures` drawn and
/// `headlines` said; `corpus_root` is the corpus as the page names it.
pub(crate) fn index(
    ctx: &Context,
    corpus_root: &Path,
    figures: &[Figure],
    headlines: &[(usize, String)],
) -> String {
    let Context {
        lexicon,
        pass,
        analysis,
        settings,
        ..
    } = *ctx;
    let counts = &pass.counts;
    let tokens: u64 = counts.outlets.values().map(|o| o.tokens).sum();
    let mut h = String::new();
    let title = format!("framescore report: {}", lexicon.name);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
body{{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}}\n\
h1{{font-size:1.6em}} h2{{margin-top:1.6em;border-bottom:1px solid #ddd}} img{{max-width:100%;border:1px solid #eee}}\n\
.caveat{{background:#fff8e1;border-left:4px solid #e69f00;padding:.4em .8em;margin:.4em 0}}\n\
table{{border-collapse:collapse}} td,th{{padding:.2em .6em;border-bottom:1px solid #eee;text-align:left}}\n\
code{{background:#f4f4f4;padding:0 .2em}}\n\
figure{{margin:1em 0}} figcaption{{font-size:.9em;color:#555}} .note{{color:#555;font-style:italic}}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(&title),
        escape(&title)
    );
    let _ = writeln!(
        h,
        "<p>{} articles from {} outlets ({} tokens) in <code>{}</code>, matched against the lexicon <code>{}</code> ({} groups, {} categories): {} matches.</p>",
        pass.articles,
        counts.outlets.len(),
        tokens,
        escape(&corpus_root.display().to_string()),
        escape(&lexicon.path.display().to_string()),
        lexicon.groups.len(),
        lexicon.category_count(),
        pass.matches
    );
    if !lexicon.description.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", escape(&lexicon.description));
    }
    let _ = writeln!(h, "<h2>Corpus</h2>");
    for (text, warn) in sentences::corpus(&pass.input) {
        let class = if warn { " class=\"caveat\"" } else { "" };
        let _ = writeln!(h, "<p{class}>{}</p>", escape(&text));
    }
    let _ = writeln!(h, "<h2>Caveats</h2>");
    for c in sentences::caveats(counts, analysis) {
        let _ = writeln!(h, "<p class=\"caveat\">{}</p>", escape(&c));
    }
    let _ = writeln!(h, "<h2>Models</h2>");
    for s in sentences::models_intro(&analysis.models, MAX_CHART_OUTLETS) {
        let _ = writeln!(h, "<p>{}</p>", escape(&s));
    }
    let _ = writeln!(h, "<h2>Findings</h2>");
    for (g, group) in lexicon.groups.iter().enumerate() {
        let _ = writeln!(h, "<h3>{}</h3>", escape(&group.id));
        if !group.question.is_empty() {
            let _ = writeln!(h, "<p><em>{}</em></p>", escape(&group.question));
        }
        let _ = writeln!(h, "<ul>");
        let said: Vec<&String> = headlines
            .iter()
            .filter(|(hg, _)| *hg == g)
            .map(|(_, s)| s)
            .collect();
        if said.is_empty() {
            let _ = writeln!(h, "<li>No matches in this group.</li>");
        }
        for s in said {
            let _ = writeln!(h, "<li>{}</li>", escape(s));
        }
        let _ = writeln!(h, "</ul>");
        if let Some(t) = analysis.tests.iter().find(|t| t.group == g) {
            if !t.note.is_empty() {
                let _ = writeln!(h, "<p class=\"caveat\">{}</p>", escape(&t.note));
            }
        }
        if let Some(a) = analysis.article_tests.get(g) {
            let sentence = sentences::group_sentence(a);
            let _ = writeln!(h, "<p>{}</p>", escape(&sentence));
        }
        if let Some(s) = sentences::distinctive_sentence(analysis, g) {
            let _ = writeln!(h, "<p>{}</p>", escape(&s));
        }
        let over_time = sentences::shift_sentences(
            counts,
            &analysis.changes,
            g,
            CHANGE_ALPHA,
            settings.stats.adjust,
        );
        let held = sentences::model_sentences(counts, &analysis.models, g);
        for (title, said) in [("Over time", over_time), ("Held fixed", held)] {
            if !said.is_empty() {
                let _ = writeln!(h, "<p><strong>{title}</strong></p>\n<ul>");
                for s in said {
                    let _ = writeln!(h, "<li>{}</li>", escape(&s));
                }
                let _ = writeln!(h, "</ul>");
            }
        }
        h.push_str(&figure_html(figures, Place::Group(g)));
    }
    let _ = writeln!(
        h,
        "<p>Pairwise: {} of {} outlet pairs x categories differ at p &lt; 0.05 after Holm's correction over all of them (token level; see <a href=\"pairwise.csv\">pairwise.csv</a>).</p>",
        analysis.pairwise.significant,
        analysis.pairwise.rows.len()
    );
    let _ = writeln!(
        h,
        "<p>All outlets at once: {} of {} comparisons (every pair and each outlet against the rest, per category and per label mix) have an adjusted p &lt; 0.05 ({}; token level). Each rate comparison's log ratio has an article-level bootstrap interval in <a href=\"compare.csv\">compare.csv</a>; article-level intervals per outlet are in <a href=\"intervals.csv\">intervals.csv</a>.</p>",
        analysis.compare.significant,
        analysis.compare.rows.len(),
        settings.stats.adjust.name()
    );
    let _ = writeln!(h, "<h2>Rates</h2>");
    h.push_str(&figure_html(figures, Place::Rates));
    let _ = writeln!(
        h,
        "<h2>Outlets</h2>\n<table>\n<tr><th>outlet</th><th>articles</th><th>tokens</th></tr>"
    );
    for (name, o) in &counts.outlets {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            o.articles,
            o.tokens
        );
    }
    let _ = writeln!(h, "</table>\n<h2>Tables</h2>\n<ul>");
    for table in tables::applying(ctx) {
        let (file, what) = (table.name(), table.about());
        let _ = writeln!(
            h,
            "<li><a href=\"{file}\">{file}</a>: {}</li>",
            escape(what)
        );
    }
    let _ = writeln!(
        h,
        "</ul>\n<h2>Methods used</h2>\n<p>Formulas and references: <code>docs/METHODS.md</code> in the framescore repository.</p>\n<ul>"
    );
    for (method, meaning) in sentences::methods(analysis, &settings.stats, settings.confidence) {
        let _ = writeln!(
            h,
            "<li><strong>{}</strong>: {}</li>",
            escape(&method),
            escape(&meaning)
        );
    }
    let _ = writeln!(h, "</ul>\n<h2>Settings</h2>\n<ul>");
    let _ = writeln!(
        h,
        "<li>Intervals: {}% (Poisson exact for rates, Wilson for shares, bootstrap percentile at the article level)</li>",
        num(settings.confidence * 100.0)
    );
    let _ = writeln!(
        h,
        "<li>Seed {}, {} bootstrap resamples, {} permutations, {} adjustment</li>",
        settings.stats.seed,
        settings.stats.bootstrap,
        settings.stats.permutations,
        settings.stats.adjust.name()
    );
    let _ = writeln!(
        h,
        "<li>Charts: {} (the {} outlets with most tokens at most; the rest pooled)</li>",
        settings.chart_format.extension().to_uppercase(),
        MAX_CHART_OUTLETS
    );
    let _ = writeln!(
        h,
        "<li>Command: <code>{}</code></li>\n<li>Version, hashes and timings: <a href=\"run.json\">run.json</a></li>",
        escape(&settings.arguments.join(" "))
    );
    let _ = writeln!(
        h,
        "</ul>\n<p>Made with framescore {}.</p>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    h
}

/// The figures of one place on the page, as HTML: an image per chart drawn,
/// a note per chart that was not.
fn figure_html(figures: &[Figure], place: Place) -> String {
    let mut h = String::new();
    for chart in figures.iter().filter(|c| c.place == place) {
        match &chart.file {
            Some(file) => h.push_str(&format!(
                "<figure><img src=\"{}\" alt=\"{}\"><figcaption><a href=\"{}\">{}</a></figcaption></figure>\n",
                escape(file),
                escape(&chart.text),
                escape(file),
                escape(&chart.text)
            )),
            None => h.push_str(&format!("<p class=\"note\">{}</p>\n", escape(&chart.text))),
        }
    }
    h
}
