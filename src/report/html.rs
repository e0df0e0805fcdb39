//! `index.html`, the page a person opens first: the question each group
//! asks, headline findings as sentences with their numbers, the caveats that
//! apply, the charts and links to every table. Self-contained: no scripts,
//! no network, images referenced relative to the report folder.

use super::figures::{self, Chart, Place};
use super::tables::{name_list, num, Analysis, Cell, GroupTests};
use super::{io_err, Pass, ReportError, Settings};
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use std::fmt::Write as _;
use std::path::Path;

const TABLES: [(&str, &str); 11] = [
    (
        "counts.csv",
        "outlet x category: counts, rates per 1,000 tokens, shares, intervals",
    ),
    ("counts_wide.csv", "one row per outlet, for reading"),
    ("documents.csv", "per article and category"),
    (
        "tests.csv",
        "per group: chi-square, G-test, Fisher's exact test",
    ),
    (
        "residuals.csv",
        "adjusted residuals per outlet and category",
    ),
    (
        "pairwise.csv",
        "every pair of outlets per category: log-likelihood G2, log ratio, Holm p",
    ),
    (
        "matches.csv",
        "every match with its context: audit any number here",
    ),
    ("terms.csv", "written forms each term matched, per outlet"),
    (
        "intervals.csv",
        "token-level and article-level (bootstrap) intervals side by side, per outlet and category",
    ),
    (
        "compare.csv",
        "every outlet pair and each outlet against the rest: effect size, p, adjusted p over the whole family",
    ),
    (
        "distinctive_terms.csv",
        "log-odds ratio with informative Dirichlet prior: the terms that set each outlet apart",
    ),
];

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// p-value in words: never a bare 0.
pub(crate) fn p_text(p: f64) -> String {
    if p < f64::MIN_POSITIVE {
        "p < 2.2e-308".into()
    } else if p < 0.001 {
        format!("p = {p:.1e}")
    } else {
        format!("p = {p:.3}")
    }
}

/// One sentence per outlet and group: its most used label and that label's
/// share, with the interval; then each group's test.
pub(crate) fn headlines(
    lexicon: &Lexicon,
    counts: &CountTable,
    cells: &[Cell],
    tests: &[GroupTests],
    confidence: f64,
) -> Vec<(usize, String)> {
    let level = num(confidence * 100.0);
    let mut out = Vec::new();
    // The outlets the charts show; with many outlets the rest are counted, not listed.
    let (shown, rest) = figures::charted_outlets(counts);
    for (g, group) in lexicon.groups.iter().enumerate() {
        for outlet in &shown {
            let in_group: Vec<&Cell> = cells
                .iter()
                .filter(|c| &c.outlet == outlet && counts.categories[c.category].group == g)
                .collect();
            let best = in_group.iter().map(|c| c.count).max().unwrap_or(0);
            let top: Vec<&&Cell> = in_group.iter().filter(|c| c.count == best).collect();
            let (Some(first), true) = (top.first(), best > 0) else {
                continue;
            };
            let (Some(share), Some((lo, hi))) = (first.share, first.share_ci) else {
                continue;
            };
            let names: Vec<String> = top
                .iter()
                .map(|c| format!("\"{}\"", counts.categories[c.category].id))
                .collect();
            let (who, each) = if names.len() == 1 {
                (names[0].clone(), "")
            } else {
                (format!("{} (tied)", names.join(", ")), " each")
            };
            out.push((
                g,
                format!(
                    "{outlet}: {who} in {best} of {} {} matches{each} ({}, {level}% CI {}-{}).",
                    first.group_total,
                    group.id,
                    pct(share),
                    pct(lo),
                    pct(hi),
                ),
            ));
        }
        if !rest.is_empty() {
            out.push((
                g,
                format!(
                    "{} outlets with fewer tokens are not listed here: see counts.csv.",
                    rest.len()
                ),
            ));
        }
        if let Some(ind) = tests
            .iter()
            .find(|t| t.group == g)
            .and_then(|t| t.independence.as_ref())
        {
            out.push((g, format!(
                "{}, label mix by outlet: chi-square({}) = {:.2}, {}, Cramér's V = {:.2} (token level{}).",
                group.id,
                ind.df,
                ind.chi2,
                p_text(ind.p),
                ind.cramers_v,
                if ind.min_expected < 5.0 { "; expected counts below 5, p unreliable" } else { "" }
            )));
        }
    }
    out
}

fn caveats(counts: &CountTable, analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    let single: Vec<&str> = counts
        .outlets
        .iter()
        .filter(|(_, o)| o.articles < 2)
        .map(|(n, _)| n.as_str())
        .collect();
    if !single.is_empty() {
        out.push(format!(
            "{} of {} outlets have a single article ({}): their numbers describe that article, not the outlet, and support no article-level inference.",
            single.len(),
            counts.outlets.len(),
            name_list(&single)
        ));
    }
    let few: Vec<&str> = counts
        .outlets
        .iter()
        .filter(|(_, o)| (2..5).contains(&o.articles))
        .map(|(n, _)| n.as_str())
        .collect();
    if !few.is_empty() {
        out.push(format!(
            "Fewer than 5 articles: {}. Treat their rates as anecdotal.",
            name_list(&few)
        ));
    }
    out.push("The tests (chi-square, G-test, log-likelihood) are token-level: they treat every word as an independent draw, which overstates significance because words in one article are not independent. Read them as descriptive; the article-level permutation test and bootstrap intervals (intervals.csv) are the ones to trust.".into());
    let small: Vec<&str> = analysis
        .tests
        .iter()
        .filter(|t| t.low_expected > 0)
        .map(|t| counts.groups[t.group].as_str())
        .collect();
    if !small.is_empty() {
        out.push(format!(
            "Expected counts below 5 in {}: the chi-square p-values there are unreliable (see each group's note).",
            small.join(", ")
        ));
    }
    out.push("Check what a term really matched in matches.csv before reading a difference as framing: a term can match uses it was not meant for.".into());
    out
}

pub(crate) fn write_index(
    dir: &Path,
    lexicon: &Lexicon,
    corpus_root: &Path,
    pass: &Pass,
    analysis: &Analysis,
    charts: &[Chart],
    settings: &Settings,
) -> Result<(), ReportError> {
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
    h.push_str(&pass.input.html());
    let _ = writeln!(h, "<h2>Caveats</h2>");
    for c in caveats(counts, analysis) {
        let _ = writeln!(h, "<p class=\"caveat\">{}</p>", escape(&c));
    }
    let _ = writeln!(h, "<h2>Findings</h2>");
    for (g, group) in lexicon.groups.iter().enumerate() {
        let _ = writeln!(h, "<h3>{}</h3>", escape(&group.id));
        if !group.question.is_empty() {
            let _ = writeln!(h, "<p><em>{}</em></p>", escape(&group.question));
        }
        let _ = writeln!(h, "<ul>");
        let sentences: Vec<&String> = analysis
            .headlines
            .iter()
            .filter(|(hg, _)| *hg == g)
            .map(|(_, s)| s)
            .collect();
        if sentences.is_empty() {
            let _ = writeln!(h, "<li>No matches in this group.</li>");
        }
        for s in sentences {
            let _ = writeln!(h, "<li>{}</li>", escape(s));
        }
        let _ = writeln!(h, "</ul>");
        if let Some(t) = analysis.tests.iter().find(|t| t.group == g) {
            if !t.note.is_empty() {
                let _ = writeln!(h, "<p class=\"caveat\">{}</p>", escape(&t.note));
            }
        }
        if let Some(a) = analysis.uncertainty.group_tests.get(g) {
            let sentence = super::uncertainty::group_sentence(a);
            let _ = writeln!(h, "<p>{}</p>", escape(&sentence));
        }
        if let Some(s) = super::uncertainty::distinctive_sentence(&analysis.uncertainty, g) {
            let _ = writeln!(h, "<p>{}</p>", escape(&s));
        }
        h.push_str(&figures::html(charts, Place::Group(g)));
    }
    let _ = writeln!(
        h,
        "<p>Pairwise: {} of {} outlet pairs x categories differ at p &lt; 0.05 after Holm's correction over all of them (token level; see <a href=\"pairwise.csv\">pairwise.csv</a>).</p>",
        analysis.pairwise_significant, analysis.pairwise_rows
    );
    let _ = writeln!(
        h,
        "<p>All outlets at once: {} of {} comparisons (every pair and each outlet against the rest, per category and per label mix) have an adjusted p &lt; 0.05 ({}; token level). Each rate comparison's log ratio has an article-level bootstrap interval in <a href=\"compare.csv\">compare.csv</a>; article-level intervals per outlet are in <a href=\"intervals.csv\">intervals.csv</a>.</p>",
        analysis.uncertainty.compare_significant,
        analysis.uncertainty.compare_rows,
        settings.stats.adjust.name()
    );
    let _ = writeln!(h, "<h2>Rates</h2>");
    h.push_str(&figures::html(charts, Place::Rates));
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
    let optional = [
        (
            "weighted_counts.csv",
            "sum of term weights per outlet and category",
        ),
        (
            "diff_counts.csv",
            "--baseline: how each outlet's counts, rates and shares moved",
        ),
        (
            "diff_matches.csv",
            "--baseline: matches added and removed, with context",
        ),
    ];
    let present = optional.into_iter().filter(|(f, _)| dir.join(f).is_file());
    for (file, what) in TABLES
        .into_iter()
        .chain(super::corpus_tables::table_links(&pass.input))
        .chain(present)
    {
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
    for (method, meaning) in
        super::uncertainty::methods(&analysis.uncertainty, &settings.stats, settings.confidence)
    {
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
        figures::MAX_CHART_OUTLETS
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
    let path = dir.join("index.html");
    std::fs::write(&path, h).map_err(io_err(&path))
}
