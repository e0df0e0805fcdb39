//! `index.html`, the page a person opens first: the question each group
//! asks, headline findings as sentences with their numbers, the caveats that
//! apply, the charts and links to every table. Self-contained: no scripts,
//! no network, images referenced relative to the report folder. The words
//! come from [`super::sentences`], the charts from [`super::figures`], the
//! list of tables from the registry ([`super::tables::TABLES`]).

use super::figures::{Figure, Place, CHANGE_ALPHA, MAX_CHART_OUTLETS};
use super::sentences;
use super::tables::rows::{size_text, RowFile};
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

/// A sentence as HTML: escaped, with the isolates around right-to-left
/// names ([`sentences::name`]) as `<bdi>` elements (balanced: a stray
/// isolate in the data is dropped).
pub(crate) fn sentence_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut open = 0usize;
    for c in escape(s).chars() {
        match c {
            '\u{2068}' => {
                open += 1;
                out.push_str("<bdi>");
            }
            '\u{2069}' if open > 0 => {
                open -= 1;
                out.push_str("</bdi>");
            }
            '\u{2069}' => {}
            c => out.push(c),
        }
    }
    for _ in 0..open {
        out.push_str("</bdi>");
    }
    out
}

/// `index.html` for a report made from `ctx`, with `figures` drawn and
/// `headlines` said; `corpus_root` is the corpus as the page names it.
pub(crate) fn index(
    ctx: &Context,
    corpus_root: &Path,
    figures: &[Figure],
    headlines: &[(usize, String)],
    xlsx_cut: &[String],
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
figure{{margin:1em 0}} figcaption{{font-size:.9em;color:#555}} .note{{color:#555;font-style:italic}}\n\
table.trust td,table.trust th{{font-size:.92em;vertical-align:top}} td.low{{color:#a6460c;font-weight:600}}\n\
.ctx{{font-size:.92em;color:#444}} mark{{background:#fde7c8;padding:0 .1em}}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n",
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
        let _ = writeln!(h, "<p dir=\"auto\">{}</p>", escape(&lexicon.description));
    }
    let _ = writeln!(h, "<h2>Corpus</h2>");
    for (text, warn) in sentences::corpus(pass) {
        let class = if warn { " class=\"caveat\"" } else { "" };
        let _ = writeln!(h, "<p{class}>{}</p>", sentence_html(&text));
    }
    let _ = writeln!(h, "<h2>Caveats</h2>");
    for c in sentences::caveats(counts, analysis) {
        let _ = writeln!(h, "<p class=\"caveat\">{}</p>", sentence_html(&c));
    }
    let _ = writeln!(h, "<h2>Models</h2>");
    for s in sentences::models_intro(&analysis.models, MAX_CHART_OUTLETS) {
        let _ = writeln!(h, "<p>{}</p>", sentence_html(&s));
    }
    let _ = writeln!(h, "<h2>Findings</h2>");
    for (g, group) in lexicon.groups.iter().enumerate() {
        let _ = writeln!(h, "<h3 dir=\"auto\">{}</h3>", escape(&group.id));
        if !group.question.is_empty() {
            let _ = writeln!(
                h,
                "<p dir=\"auto\"><em>{}</em></p>",
                escape(&group.question)
            );
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
            let _ = writeln!(h, "<li>{}</li>", sentence_html(s));
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
            let _ = writeln!(h, "<p>{}</p>", sentence_html(&s));
        }
        let over_time = sentences::shift_sentences(counts, &analysis.changes, g, CHANGE_ALPHA);
        let held = sentences::model_sentences(counts, &analysis.models, g);
        for (title, said) in [("Over time", over_time), ("Held fixed", held)] {
            if !said.is_empty() {
                let _ = writeln!(h, "<p><strong>{title}</strong></p>\n<ul>");
                for s in said {
                    let _ = writeln!(h, "<li>{}</li>", sentence_html(&s));
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
        analysis.compare.len(),
        settings.stats.adjust.name()
    );
    h.push_str(&trust_html(ctx));
    let _ = writeln!(h, "<h2>Rates</h2>");
    h.push_str(&figure_html(figures, Place::Rates));
    let _ = writeln!(
        h,
        "<h2>Outlets</h2>\n<table>\n<tr><th>outlet</th><th>articles</th><th>tokens</th></tr>"
    );
    for (name, o) in &counts.outlets {
        let _ = writeln!(
            h,
            "<tr><td dir=\"auto\">{}</td><td>{}</td><td>{}</td></tr>",
            escape(name),
            o.articles,
            o.tokens
        );
    }
    let _ = writeln!(h, "</table>");
    h.push_str(&languages_html(ctx));
    let _ = writeln!(h, "<h2>Tables</h2>\n<ul>");
    for table in tables::applying(ctx) {
        let (file, what) = (table.name(), table.about());
        // A per-article table: its size, or that this run did not write it.
        match ctx.row_files.iter().find(|f| f.file == file) {
            Some(RowFile { bytes: None, .. }) => {
                let _ = writeln!(
                    h,
                    "<li>{file} (not written: left out with <code>--tables</code>): {}</li>",
                    escape(what)
                );
            }
            Some(RowFile {
                bytes: Some(bytes), ..
            }) => {
                let _ = writeln!(
                    h,
                    "<li><a href=\"{file}\">{file}</a> ({}): {}</li>",
                    size_text(*bytes),
                    escape(what)
                );
            }
            None => {
                let _ = writeln!(
                    h,
                    "<li><a href=\"{file}\">{file}</a>: {}</li>",
                    escape(what)
                );
            }
        }
    }
    if !settings.no_xlsx {
        let file = super::workbook::FILE;
        let cut = if xlsx_cut.is_empty() {
            String::new()
        } else {
            let rows = settings.xlsx_rows();
            format!(
                "; the sheets {} hold the first {rows} rows of their tables (<code>--xlsx-rows</code> for more, up to Excel's {}), their CSV files every row",
                escape(&xlsx_cut.join(", ")),
                super::workbook::MAX_DATA_ROWS
            )
        };
        let _ = writeln!(
            h,
            "<li><a href=\"{file}\">{file}</a>: every table above as a sheet of one Excel workbook, with a summary, native charts and what each column means{cut}</li>"
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

/// With articles matched in several languages: their articles, tokens and
/// matches per language (the rates per category are in `languages.csv`).
fn languages_html(ctx: &Context) -> String {
    let counts = &ctx.pass.counts;
    if !tables::languages::several(ctx) {
        return String::new();
    }
    let mut h = String::from(
        "<h2>Languages</h2>\n<p>Rates are not comparable across languages; per language and category in <a href=\"languages.csv\">languages.csv</a>.</p>\n<table>\n<tr><th>language</th><th>code</th><th>articles</th><th>tokens</th><th>matches</th></tr>\n",
    );
    for (code, l) in &counts.languages {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(sentences::language_name(code)),
            escape(code),
            l.articles,
            l.tokens,
            l.counts.iter().sum::<u64>()
        );
    }
    h.push_str("</table>\n");
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
                escape(&sentences::plain(&chart.text)),
                escape(file),
                sentence_html(&chart.text)
            )),
            None => h.push_str(&format!(
                "<p class=\"note\">{}</p>\n",
                sentence_html(&chart.text)
            )),
        }
    }
    h
}

/// `--validation`: the section "How far the matches can be trusted".
fn trust_html(ctx: &Context) -> String {
    use crate::validation::summary::Level;
    use sentences::trust as say;
    let Some(t) = ctx.trust else {
        return String::new();
    };
    let counts = &ctx.pass.counts;
    let conf = ctx.settings.confidence;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<section id=\"trust\">\n<h2>How far the matches can be trusted</h2>"
    );
    let _ = writeln!(h, "<p>{}</p>", escape(&say::intro(t)));
    if let Some(s) = say::stale(t) {
        let _ = writeln!(h, "<p class=\"caveat\">{}</p>", escape(&s));
    }
    // Precision: a row per validated category, a column per outlet (the
    // outlets with most coded matches; the rest in validation.csv).
    let _ = writeln!(
        h,
        "<h3>Precision of the matches</h3>\n<p>{}</p>",
        escape(&say::method(t, conf))
    );
    let mut outlets: Vec<(String, u64)> = Vec::new();
    for r in t.tables.matches_at(Level::OutletCategory) {
        match outlets.iter_mut().find(|(o, _)| *o == r.outlet) {
            Some(o) => o.1 += r.sampled,
            None => outlets.push((r.outlet.clone(), r.sampled)),
        }
    }
    outlets.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let hidden = outlets.len().saturating_sub(TRUST_OUTLETS);
    outlets.truncate(TRUST_OUTLETS);
    outlets.sort();
    let _ = write!(
        h,
        "<table class=\"trust\">\n<tr><th>category</th><th>all outlets</th>"
    );
    for (o, _) in &outlets {
        let _ = write!(h, "<th>{}</th>", escape(o));
    }
    let _ = writeln!(h, "</tr>");
    // A precision whose upper bound is below the flagging threshold stands out.
    let threshold = t.tables.threshold.unwrap_or(0.8);
    let td = |r: Option<&crate::validation::summary::EstimateRow>| match r {
        Some(r) => {
            let low = r.high.is_some_and(|x| x < threshold);
            let (main, detail) = say::precision_cell(r.estimate, r.low, r.high, r.yes + r.no);
            format!(
                "<td{}>{}<br><span class=\"ctx\">{}</span></td>",
                if low { " class=\"low\"" } else { "" },
                escape(&main),
                escape(&detail)
            )
        }
        None => "<td></td>".to_string(),
    };
    for r in t.tables.matches_at(Level::Category) {
        let _ = write!(
            h,
            "<tr><td>{}.{}</td>{}",
            escape(&r.group),
            escape(&r.category),
            td(Some(r))
        );
        for (o, _) in &outlets {
            let x = t
                .tables
                .matches_at(Level::OutletCategory)
                .find(|x| x.outlet == *o && x.group == r.group && x.category == r.category);
            h.push_str(&td(x));
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = writeln!(h, "</table>");
    let _ = writeln!(
        h,
        "<p class=\"note\">Each cell: precision, its {}% interval and n, the matches coded yes or no; in colour where the upper bound is below {}.{}</p>",
        say::level(t.tables.conf),
        num(threshold),
        if hidden > 0 {
            format!(" {hidden} more outlets in validation.csv.")
        } else {
            String::new()
        }
    );
    for s in say::misses(t) {
        let _ = writeln!(h, "<p>{}</p>", escape(&s));
    }
    let _ = writeln!(h, "<h3>Agreement between coders</h3>");
    match &t.tables.agreement {
        Some(rows) if !rows.is_empty() => {
            for a in rows {
                let _ = writeln!(h, "<p>{}</p>", escape(&say::agreement(a, t.tables.conf)));
            }
        }
        _ => {
            let _ = writeln!(h, "<p class=\"note\">No agreement.csv beside the validation: agreement between coders is not shown.</p>");
        }
    }
    let _ = writeln!(h, "<h3>Terms to fix</h3>");
    match &t.tables.flagged {
        Some(f) if !f.is_empty() => {
            let _ = writeln!(h, "<ul>");
            for term in f {
                let said = say::flagged(term, t.tables.threshold);
                let _ = write!(h, "<li>{}", escape(&said.lead));
                if let Some((outlet, context, notes)) = &said.example {
                    let _ = write!(
                        h,
                        "<br><span class=\"ctx\">e.g. {}: {}</span>",
                        escape(outlet),
                        marked(context)
                    );
                    if !notes.is_empty() {
                        let _ = write!(h, " <span class=\"note\">({})</span>", escape(notes));
                    }
                }
                let _ = writeln!(h, "</li>");
            }
            let _ = writeln!(h, "</ul>");
        }
        Some(_) => {
            let _ = writeln!(
                h,
                "<p>No term's precision has an upper bound below {} (flagged_terms.csv is empty).</p>",
                t.tables.threshold.map_or("the threshold".into(), num)
            );
        }
        None => {
            let _ = writeln!(
                h,
                "<p class=\"note\">No flagged_terms.csv beside the validation.</p>"
            );
        }
    }
    let _ = writeln!(
        h,
        "<h3>Do the findings survive the correction?</h3>\n<p>{}</p>\n<table class=\"trust\">\n<tr><th>group</th><th>outlet</th><th>most used label</th><th>share</th><th>corrected share ({}% CI)</th><th>after the correction</th></tr>",
        escape(&say::headlines_summary(t)),
        num(conf * 100.0)
    );
    for c in &t.headlines {
        let group = counts.groups.get(c.group).map_or("", String::as_str);
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td>",
            escape(group),
            escape(&c.outlet)
        );
        for cell in say::headline(c, t, counts) {
            let _ = write!(h, "<td>{}</td>", escape(&cell));
        }
        let _ = writeln!(h, "</tr>");
    }
    let _ = writeln!(
        h,
        "</table>\n<p>{}</p>",
        escape(&say::contrasts_summary(
            t,
            &format!("{}'s adjustment", ctx.settings.stats.adjust.title()),
            conf
        ))
    );
    if !t.contrasts.is_empty() {
        let _ = writeln!(
            h,
            "<table class=\"trust\">\n<tr><th>category</th><th>outlets</th><th>rates per 1,000 tokens</th><th>difference</th><th>corrected difference ({}% CI)</th><th>after the correction</th></tr>",
            num(conf * 100.0)
        );
        for c in t.contrasts.iter().take(TRUST_CONTRASTS_SHOWN) {
            let _ = write!(h, "<tr>");
            for cell in say::contrast(c, t, counts) {
                let _ = write!(h, "<td>{}</td>", escape(&cell));
            }
            let _ = writeln!(h, "</tr>");
        }
        let _ = writeln!(h, "</table>");
        if t.contrasts.len() > TRUST_CONTRASTS_SHOWN {
            let _ = writeln!(
                h,
                "<p class=\"note\">{} more checked; corrected.csv has every corrected rate.</p>",
                t.contrasts.len() - TRUST_CONTRASTS_SHOWN
            );
        }
    }
    h.push_str("</section>\n");
    h
}

/// A context with its `[[match]]` marked up.
fn marked(context: &str) -> String {
    escape(context)
        .replace("[[", "<mark>")
        .replace("]]", "</mark>")
}

/// Outlet columns of the precision table.
const TRUST_OUTLETS: usize = 6;
/// Outlet differences listed on the page.
const TRUST_CONTRASTS_SHOWN: usize = 12;
