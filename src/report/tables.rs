//! The report's CSV tables and the numbers behind its charts and sentences.
//! Column order and meaning are documented in `docs/OUTPUTS.md`.

use super::corpus_pass::{CleaningRecord, Feed};
use super::uncertainty::{p_cells, ArticleTests, Uncertainty};
use super::{io_err, Pass, ReportError, Settings};
use crate::corpus::clean::Cleaned;
use crate::corpus::syndication::Signature;
use crate::corpus::Article;
use crate::counts::{CountTable, GroupTable};
use crate::lexicon::Lexicon;
use crate::matching::ArticleMatches;
use crate::matching::Matcher;
use crate::stats;
use std::fs::File;
use std::io::BufWriter;
use std::io::Write as _;
use std::path::{Path, PathBuf};

pub(crate) type Writer = super::safe_csv::SafeWriter<BufWriter<File>>;

/// Characters of context on each side of a match in `matches.csv`.
const CONTEXT_CHARS: usize = 60;

pub(crate) fn writer(
    dir: &Path,
    name: &str,
    header: &[&str],
) -> Result<(Writer, PathBuf), ReportError> {
    let path = dir.join(name);
    let file = File::create(&path).map_err(io_err(&path))?;
    let mut w = super::safe_csv::SafeWriter::from_writer(BufWriter::new(file));
    w.write_record(header).map_err(|e| csv_err(&path, e))?;
    Ok((w, path))
}

pub(crate) fn csv_err(path: &Path, e: csv::Error) -> ReportError {
    ReportError::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

pub(crate) fn finish(mut w: Writer, path: &Path) -> Result<(), ReportError> {
    w.flush().map_err(io_err(path))
}

/// A text cell that cannot start a spreadsheet formula: a leading `=`, `+`,
/// `-`, `@`, tab or carriage return gets a `'` in front (OWASP CSV injection).
pub fn safe_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A number for a CSV cell: empty when undefined, never `NaN` or `inf`;
/// up to 10 significant digits.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    let s = if (1e-4..1e15).contains(&a) {
        let decimals = (9 - a.log10().floor() as i32).max(0) as usize;
        let s = format!("{x:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    } else {
        let s = format!("{x:.9e}");
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let m = m.trim_end_matches('0').trim_end_matches('.');
        format!("{m}e{e}")
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

pub(crate) fn opt(x: Option<f64>) -> String {
    x.map_or(String::new(), num)
}

/// Collapses white space and takes at most `n` chars from one end.
fn context(s: &str, n: usize, from_end: bool) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut joined = words.join(" ");
    if from_end && s.ends_with(char::is_whitespace) && !joined.is_empty() {
        joined.push(' ');
    }
    if !from_end && s.starts_with(char::is_whitespace) && !joined.is_empty() {
        joined.insert(0, ' ');
    }
    let chars: Vec<char> = joined.chars().collect();
    if chars.len() <= n {
        return joined;
    }
    if from_end {
        chars[chars.len() - n..].iter().collect()
    } else {
        chars[..n].iter().collect()
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The counting pass: clean and match every article on `threads` threads,
/// count, and stream `matches.csv`, `documents.csv` and `cleaning.csv` in
/// corpus order, so the output is the same at any thread count.
/// With `rows` set to `None`, no per-article table is written (`count`).
pub(crate) fn stream_pass(
    rows: Option<&Path>,
    feed: &mut Feed,
    lexicon: &Lexicon,
    matcher: &Matcher,
    threads: usize,
) -> Result<Pass, ReportError> {
    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let mut counts = CountTable::new(matcher, groups);
    // Rows arrive from the workers as CSV bytes: written past the header.
    let mut outputs = match rows {
        Some(dir) => {
            let (mw, mpath) = writer(dir, "matches.csv", &MATCHES_HEADER)?;
            let (dw, dpath) = writer(dir, "documents.csv", &DOCUMENTS_HEADER)?;
            Some([(raw(mw, &mpath)?, mpath), (raw(dw, &dpath)?, dpath)])
        }
        None => None,
    };
    let write_rows = outputs.is_some();
    let error_path = rows.map_or_else(PathBuf::new, |d| d.join("matches.csv"));
    let (mut articles, mut total_matches) = (0u64, 0u64);
    let cleaner = feed.cleaner();
    let signer = feed.signer();
    let work = |(ordinal, mut article): (u64, Article)| -> Result<Counted, ReportError> {
        let signature = signer.as_ref().map(|s| s.sign(&article));
        let cleaning = match cleaner.clean(&article) {
            Some(Cleaned {
                text: Some(text),
                removals,
                ..
            }) => {
                // cleaning.csv quotes the removed text: made while the
                // original is at hand.
                let record = CleaningRecord::new(&article, &removals);
                article.text = text;
                Some(record)
            }
            _ => None,
        };
        let mut found = matcher.find(&article.text);
        let (match_rows, doc_rows) = if write_rows {
            article_rows(&article, &found, matcher).map_err(|e| csv_err(&error_path, e))?
        } else {
            (Vec::new(), Vec::new())
        };
        // The sink needs the matched forms, not the article's text or its
        // normalised copy: free those here, on the thread that read them.
        found.keep_only_forms();
        let text_bytes = std::mem::take(&mut article.text).len();
        Ok(Counted {
            ordinal,
            article,
            text_bytes,
            signature,
            cleaning,
            found,
            match_rows,
            doc_rows,
        })
    };
    let mut progress = super::progress::Progress::new("counting", feed.extent());
    // The workers read the articles (one at a time, under the pass's
    // lock) and record what they counted, in corpus order, one at a time.
    let (admit, dropped, recorder) = feed.split();
    let admitted = std::iter::from_fn(|| admit.next(dropped).transpose());
    crate::parallel::ordered_map(admitted, threads, work, |done| {
        if let Some(cleaning) = &done.cleaning {
            recorder.record_cleaning(cleaning)?;
        }
        if let Some([(m, mpath), (d, dpath)]) = &mut outputs {
            m.write_all(&done.match_rows).map_err(io_err(mpath))?;
            d.write_all(&done.doc_rows).map_err(io_err(dpath))?;
        }
        if let Some(sig) = done.signature.take() {
            recorder.record_signature(done.ordinal, &done.article, sig);
        }
        recorder.count_period(&done.article, &done.found);
        counts.add(&done.article, &done.found);
        progress.article(done.text_bytes);
        articles += 1;
        total_matches += done.found.hits.len() as u64;
        Ok(())
    })?;
    for (w, path) in outputs.iter_mut().flatten() {
        w.flush().map_err(io_err(path))?;
    }
    Ok(Pass {
        counts,
        articles,
        matches: total_matches,
        input: Default::default(),
        periods: Default::default(),
        signatures: None,
    })
}

const MATCHES_HEADER: [&str; 10] = [
    "article_id",
    "outlet",
    "group",
    "category",
    "term",
    "matched_text",
    "left_context",
    "right_context",
    "byte_start",
    "byte_end",
];

const DOCUMENTS_HEADER: [&str; 9] = [
    "article_id",
    "outlet",
    "date",
    "title",
    "group",
    "category",
    "count",
    "tokens",
    "rate_per_1k",
];

/// One article, cleaned, matched and turned into CSV rows by a worker.
struct Counted {
    /// The article's place in corpus order.
    ordinal: u64,
    /// The article, without its text.
    article: Article,
    /// The length of its text.
    text_bytes: usize,
    /// For syndication, when the feed collects signatures.
    signature: Option<Option<Signature>>,
    /// What cleaning removed, when it removed anything.
    cleaning: Option<CleaningRecord>,
    found: ArticleMatches,
    match_rows: Vec<u8>,
    doc_rows: Vec<u8>,
}

/// The CSV writer's file, flushed past the header, for rows written as bytes.
fn raw(mut w: Writer, path: &Path) -> Result<BufWriter<File>, ReportError> {
    w.flush().map_err(io_err(path))?;
    w.into_inner().map_err(|e| ReportError::Output {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// An article's rows of `matches.csv` and `documents.csv`, as CSV bytes.
fn article_rows(
    article: &Article,
    found: &ArticleMatches,
    matcher: &Matcher,
) -> Result<(Vec<u8>, Vec<u8>), csv::Error> {
    let text = article.text.as_str();
    let mut mw = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    let mut per_category = vec![0u64; matcher.categories().len()];
    for hit in &found.hits {
        per_category[hit.category] += 1;
        let cat = &matcher.categories()[hit.category];
        let left_from = floor_boundary(text, hit.start.saturating_sub(CONTEXT_CHARS * 8));
        let right_to = floor_boundary(text, (hit.end + CONTEXT_CHARS * 8).min(text.len()));
        mw.write_record([
            safe_cell(&article.id),
            safe_cell(&article.outlet),
            cat.group_id.clone(),
            cat.id.clone(),
            safe_cell(&matcher.terms()[hit.term].text),
            safe_cell(&text[hit.start..hit.end]),
            safe_cell(&context(&text[left_from..hit.start], CONTEXT_CHARS, true)),
            safe_cell(&context(&text[hit.end..right_to], CONTEXT_CHARS, false)),
            hit.start.to_string(),
            hit.end.to_string(),
        ])?;
    }
    let mut dw = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for (c, cat) in matcher.categories().iter().enumerate() {
        let rate =
            (found.tokens > 0).then(|| per_category[c] as f64 * 1000.0 / found.tokens as f64);
        dw.write_record([
            safe_cell(&article.id),
            safe_cell(&article.outlet),
            safe_cell(&article.date),
            safe_cell(&article.title),
            cat.group_id.clone(),
            cat.id.clone(),
            per_category[c].to_string(),
            found.tokens.to_string(),
            opt(rate),
        ])?;
    }
    let bytes = |w: csv::Writer<Vec<u8>>| -> Result<Vec<u8>, csv::Error> {
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    };
    Ok((bytes(mw)?, bytes(dw)?))
}

/// One outlet x category cell with its normalised numbers.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub outlet: String,
    pub category: usize,
    pub count: u64,
    pub tokens: u64,
    pub articles: u64,
    pub rate: Option<f64>,
    pub rate_ci: Option<(f64, f64)>,
    pub group_total: u64,
    pub share: Option<f64>,
    pub share_ci: Option<(f64, f64)>,
    pub articles_with_match: u64,
}

/// A group's test of association between outlet and category.
#[derive(Debug, Clone)]
pub(crate) struct GroupTests {
    pub group: usize,
    pub table: GroupTable,
    pub independence: Option<stats::Independence>,
    pub fisher: Option<stats::Fisher>,
    pub low_expected: usize,
    pub note: String,
}

/// Everything the page and the charts need after the tables are written.
pub(crate) struct Analysis {
    pub cells: Vec<Cell>,
    pub tests: Vec<GroupTests>,
    pub pairwise_significant: usize,
    pub pairwise_rows: usize,
    pub headlines: Vec<(usize, String)>,
    /// Article-level intervals and tests, the all-outlets family.
    pub uncertainty: Uncertainty,
}

pub(crate) fn cells(counts: &CountTable, conf: f64) -> Vec<Cell> {
    let mut out = Vec::new();
    for (name, o) in &counts.outlets {
        for (c, cat) in counts.categories.iter().enumerate() {
            let count = o.counts[c];
            let group_total = counts.group_total(o, cat.group);
            let per_1k = |x: f64| x * 1000.0 / o.tokens as f64;
            let (rate, rate_ci) = if o.tokens > 0 {
                let ci = stats::poisson_exact(count, conf)
                    .ok()
                    .map(|(l, h)| (per_1k(l), per_1k(h)));
                (Some(per_1k(count as f64)), ci)
            } else {
                (None, None)
            };
            let (share, share_ci) = if group_total > 0 {
                (
                    Some(count as f64 / group_total as f64),
                    stats::wilson(count, group_total, conf).ok(),
                )
            } else {
                (None, None)
            };
            out.push(Cell {
                outlet: name.clone(),
                category: c,
                count,
                tokens: o.tokens,
                articles: o.articles,
                rate,
                rate_ci,
                group_total,
                share,
                share_ci,
                articles_with_match: o.articles_with_match[c],
            });
        }
    }
    out
}

/// Up to ten names, then how many more.
pub(crate) fn name_list<S: std::borrow::Borrow<str>>(names: &[S]) -> String {
    const SHOWN: usize = 10;
    if names.len() <= SHOWN {
        names.join(", ")
    } else {
        format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        )
    }
}

fn group_tests(counts: &CountTable, group: usize) -> GroupTests {
    let (table, dropped_outlets, dropped_cats) = counts.group_table(group);
    let mut notes = Vec::new();
    if !dropped_outlets.is_empty() {
        notes.push(format!(
            "outlets left out, no match in this group: {}",
            name_list(&dropped_outlets)
        ));
    }
    if !dropped_cats.is_empty() {
        notes.push(format!(
            "categories left out, no match in any outlet: {}",
            name_list(&dropped_cats)
        ));
    }
    let independence = stats::independence(&table.cells).ok();
    let low_expected = independence.as_ref().map_or(0, |ind| {
        ind.expected.iter().flatten().filter(|&&e| e < 5.0).count()
    });
    if independence
        .as_ref()
        .is_some_and(|i| i.p < f64::MIN_POSITIVE || i.g_p < f64::MIN_POSITIVE)
    {
        notes.push("p below the smallest double (2.2e-308): p_value is empty, read log10_p".into());
    }
    if independence.is_none() {
        notes.push("no test: needs at least two outlets and two categories with matches".into());
    } else if low_expected > 0 {
        notes.push(format!(
            "{low_expected} of {} cells have an expected count below 5: the chi-square p-value is unreliable{}",
            table.cells.len() * table.categories.len(),
            if table.cells.len() == 2 && table.categories.len() == 2 {
                "; use Fisher's exact test"
            } else {
                ""
            }
        ));
    }
    let fisher = (table.cells.len() == 2 && table.categories.len() == 2).then(|| {
        stats::fisher_exact([
            [table.cells[0][0], table.cells[0][1]],
            [table.cells[1][0], table.cells[1][1]],
        ])
    });
    GroupTests {
        group,
        table,
        independence,
        fisher,
        low_expected,
        note: notes.join("; "),
    }
}

/// Writes counts, counts_wide, tests, residuals, pairwise and terms.
pub(crate) fn write_summary_tables(
    dir: &Path,
    lexicon: &Lexicon,
    pass: &Pass,
    settings: &Settings,
) -> Result<Analysis, ReportError> {
    let counts = &pass.counts;
    let cells = cells(counts, settings.confidence);
    write_counts(dir, counts, &cells)?;
    write_wide(dir, counts, &cells)?;
    let tests: Vec<GroupTests> = (0..lexicon.groups.len())
        .map(|g| group_tests(counts, g))
        .collect();
    let uncertainty =
        super::uncertainty::analyse(dir, pass, &cells, settings.confidence, &settings.stats)?;
    write_tests(dir, counts, &tests, &uncertainty.group_tests)?;
    let (pairwise_rows, pairwise_significant) = write_pairwise(dir, counts)?;
    write_terms(dir, counts)?;
    let headlines = super::html::headlines(lexicon, counts, &cells, &tests, settings.confidence);
    Ok(Analysis {
        cells,
        tests,
        pairwise_significant,
        pairwise_rows,
        headlines,
        uncertainty,
    })
}

fn write_counts(dir: &Path, counts: &CountTable, cells: &[Cell]) -> Result<(), ReportError> {
    let (mut w, path) = writer(
        dir,
        "counts.csv",
        &[
            "outlet",
            "group",
            "category",
            "count",
            "tokens",
            "articles",
            "rate_per_1k",
            "rate_low",
            "rate_high",
            "group_total",
            "share",
            "share_low",
            "share_high",
            "articles_with_match",
        ],
    )?;
    for c in cells {
        let cat = &counts.categories[c.category];
        w.write_record([
            safe_cell(&c.outlet),
            cat.group_id.clone(),
            cat.id.clone(),
            c.count.to_string(),
            c.tokens.to_string(),
            c.articles.to_string(),
            opt(c.rate),
            opt(c.rate_ci.map(|x| x.0)),
            opt(c.rate_ci.map(|x| x.1)),
            c.group_total.to_string(),
            opt(c.share),
            opt(c.share_ci.map(|x| x.0)),
            opt(c.share_ci.map(|x| x.1)),
            c.articles_with_match.to_string(),
        ])
        .map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)
}

fn write_wide(dir: &Path, counts: &CountTable, cells: &[Cell]) -> Result<(), ReportError> {
    let mut header = vec!["outlet".to_string(), "articles".into(), "tokens".into()];
    for cat in &counts.categories {
        for measure in ["count", "rate_per_1k", "share"] {
            header.push(format!("{}.{}.{measure}", cat.group_id, cat.id));
        }
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let (mut w, path) = writer(dir, "counts_wide.csv", &header)?;
    for (name, o) in &counts.outlets {
        let mut row = vec![
            safe_cell(name),
            o.articles.to_string(),
            o.tokens.to_string(),
        ];
        for c in cells.iter().filter(|c| &c.outlet == name) {
            row.extend([c.count.to_string(), opt(c.rate), opt(c.share)]);
        }
        w.write_record(&row).map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)
}

fn write_tests(
    dir: &Path,
    counts: &CountTable,
    tests: &[GroupTests],
    article: &[ArticleTests],
) -> Result<(), ReportError> {
    let (mut w, path) = writer(
        dir,
        "tests.csv",
        &[
            "group",
            "test",
            "statistic",
            "df",
            "p_value",
            "effect_size",
            "effect_measure",
            "n",
            "outlets",
            "categories",
            "min_expected",
            "cells_expected_below_5",
            "note",
            "log10_p",
            "level",
            "resamples",
        ],
    )?;
    let (mut rw, rpath) = writer(
        dir,
        "residuals.csv",
        &[
            "group",
            "outlet",
            "category",
            "observed",
            "expected",
            "adjusted_residual",
        ],
    )?;
    for t in tests {
        let gid = &counts.groups[t.group];
        let n: u64 = t.table.cells.iter().flatten().sum();
        let shape = [
            n.to_string(),
            t.table.outlets.len().to_string(),
            t.table.categories.len().to_string(),
        ];
        let Some(ind) = &t.independence else {
            let mut row = vec![gid.clone(), "chi_square".into()];
            row.extend(std::iter::repeat_n(String::new(), 5));
            row.extend(shape.iter().cloned());
            row.extend([String::new(), String::new(), t.note.clone()]);
            row.extend([String::new(), "token".into(), String::new()]);
            w.write_record(&row).map_err(|e| csv_err(&path, e))?;
            if let Some(a) = article.get(t.group) {
                let row = resampled_row(
                    gid,
                    "article_permutation",
                    a.permutation.as_ref(),
                    None,
                    &shape,
                    &a.permutation_note,
                    "article",
                );
                w.write_record(&row).map_err(|e| csv_err(&path, e))?;
            }
            continue;
        };
        let tail = |note: &str| {
            let mut v = shape.to_vec();
            v.extend([
                num(ind.min_expected),
                t.low_expected.to_string(),
                note.to_string(),
            ]);
            v
        };
        let token = |p: f64, stat: f64| {
            let [_, log10] = p_cells(p, stats::chi2_ln_sf(stat, ind.df as f64));
            vec![log10, "token".to_string(), String::new()]
        };
        let mut rows: Vec<Vec<String>> = vec![
            [
                vec![
                    gid.clone(),
                    "chi_square".into(),
                    num(ind.chi2),
                    ind.df.to_string(),
                ],
                vec![
                    p_cells(ind.p, 0.0)[0].clone(),
                    num(ind.cramers_v),
                    "cramers_v".into(),
                ],
                tail(&t.note),
                token(ind.p, ind.chi2),
            ]
            .concat(),
            [
                vec![gid.clone(), "g_test".into(), num(ind.g), ind.df.to_string()],
                vec![
                    p_cells(ind.g_p, 0.0)[0].clone(),
                    String::new(),
                    String::new(),
                ],
                tail(""),
                token(ind.g_p, ind.g),
            ]
            .concat(),
        ];
        if let Some(f) = &t.fisher {
            rows.push(
                [
                    vec![
                        gid.clone(),
                        "fisher_exact".into(),
                        String::new(),
                        String::new(),
                    ],
                    vec![
                        p_cells(f.p_two_sided, f.ln_p)[0].clone(),
                        opt(f.sample_odds_ratio),
                        "odds_ratio".into(),
                    ],
                    tail("two-sided; exact, valid for small counts"),
                    vec![
                        p_cells(f.p_two_sided, f.ln_p)[1].clone(),
                        "token".into(),
                        String::new(),
                    ],
                ]
                .concat(),
            );
        }
        if let Some(a) = article.get(t.group) {
            if let Some(mc) = &a.monte_carlo {
                let note = "Monte Carlo exact test (Patefield): chi-square's conditional p-value from random tables with these margins; valid with expected counts below 5";
                rows.push(resampled_row(
                    gid,
                    "monte_carlo_exact",
                    Some(mc),
                    Some(ind.df),
                    &shape,
                    note,
                    "token",
                ));
            }
            rows.push(resampled_row(
                gid,
                "article_permutation",
                a.permutation.as_ref(),
                Some(ind.df),
                &shape,
                &a.permutation_note,
                "article",
            ));
        }
        for row in rows {
            w.write_record(&row).map_err(|e| csv_err(&path, e))?;
        }
        for (i, outlet) in t.table.outlets.iter().enumerate() {
            for (j, &c) in t.table.categories.iter().enumerate() {
                rw.write_record([
                    gid.clone(),
                    safe_cell(outlet),
                    counts.categories[c].id.clone(),
                    t.table.cells[i][j].to_string(),
                    num(ind.expected[i][j]),
                    num(ind.adjusted_residuals[i][j]),
                ])
                .map_err(|e| csv_err(&rpath, e))?;
            }
        }
    }
    finish(rw, &rpath)?;
    finish(w, &path)
}

/// A `tests.csv` row of a resampling test: statistic, p = (k + 1) / (B + 1).
fn resampled_row(
    gid: &str,
    test: &str,
    result: Option<&stats::MonteCarlo>,
    df: Option<usize>,
    shape: &[String; 3],
    note: &str,
    level: &str,
) -> Vec<String> {
    let mut row = vec![
        gid.to_string(),
        test.to_string(),
        result.map_or(String::new(), |r| num(r.statistic)),
        df.map_or(String::new(), |d| d.to_string()),
        result.map_or(String::new(), |r| num(r.p)),
        String::new(),
        String::new(),
    ];
    row.extend(shape.iter().cloned());
    row.extend([String::new(), String::new(), note.to_string()]);
    row.extend([
        result.map_or(String::new(), |r| num(r.p.log10())),
        level.to_string(),
        result.map_or(String::new(), |r| r.resamples.to_string()),
    ]);
    row
}

/// Every category x outlet pair with at least one match between them;
/// returns (rows, rows significant at 0.05 after Holm).
fn write_pairwise(dir: &Path, counts: &CountTable) -> Result<(usize, usize), ReportError> {
    struct Row {
        category: usize,
        a: String,
        b: String,
        counts: (u64, u64),
        tokens: (u64, u64),
        ll: stats::LogLik,
    }
    let outlets: Vec<(&String, _)> = counts
        .outlets
        .iter()
        .filter(|(_, o)| o.tokens > 0)
        .collect();
    let mut rows = Vec::new();
    for c in 0..counts.categories.len() {
        for i in 0..outlets.len() {
            for j in i + 1..outlets.len() {
                let (a, oa) = outlets[i];
                let (b, ob) = outlets[j];
                let (ca, cb) = (oa.counts[c], ob.counts[c]);
                if ca + cb == 0 {
                    continue;
                }
                if let Ok(ll) = stats::log_likelihood(ca, cb, oa.tokens, ob.tokens) {
                    rows.push(Row {
                        category: c,
                        a: a.clone(),
                        b: b.clone(),
                        counts: (ca, cb),
                        tokens: (oa.tokens, ob.tokens),
                        ll,
                    });
                }
            }
        }
    }
    let p: Vec<f64> = rows.iter().map(|r| r.ll.p).collect();
    let holm = stats::holm(&p);
    let (mut w, path) = writer(
        dir,
        "pairwise.csv",
        &[
            "group",
            "category",
            "outlet_a",
            "outlet_b",
            "count_a",
            "tokens_a",
            "rate_a",
            "count_b",
            "tokens_b",
            "rate_b",
            "log_ratio",
            "g2",
            "p_value",
            "p_holm",
            "log10_p",
        ],
    )?;
    let mut significant = 0;
    for (r, &ph) in rows.iter().zip(&holm) {
        let cat = &counts.categories[r.category];
        significant += usize::from(ph < 0.05);
        w.write_record([
            cat.group_id.clone(),
            cat.id.clone(),
            safe_cell(&r.a),
            safe_cell(&r.b),
            r.counts.0.to_string(),
            r.tokens.0.to_string(),
            num(r.counts.0 as f64 * 1000.0 / r.tokens.0 as f64),
            r.counts.1.to_string(),
            r.tokens.1.to_string(),
            num(r.counts.1 as f64 * 1000.0 / r.tokens.1 as f64),
            num(r.ll.log_ratio),
            num(r.ll.g2),
            p_cells(r.ll.p, 0.0)[0].clone(),
            num(ph),
            p_cells(r.ll.p, stats::chi2_ln_sf(r.ll.g2, 1.0))[1].clone(),
        ])
        .map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)?;
    Ok((rows.len(), significant))
}

fn write_terms(dir: &Path, counts: &CountTable) -> Result<(), ReportError> {
    let (mut w, path) = writer(
        dir,
        "terms.csv",
        &["outlet", "group", "category", "term", "form", "count"],
    )?;
    for (outlet, term, form, n) in counts.forms() {
        let t = &counts.terms[term];
        let cat = &counts.categories[t.category];
        w.write_record([
            safe_cell(outlet),
            cat.group_id.clone(),
            cat.id.clone(),
            safe_cell(&t.text),
            safe_cell(form),
            n.to_string(),
        ])
        .map_err(|e| csv_err(&path, e))?;
    }
    finish(w, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_spreadsheet_friendly() {
        assert_eq!(num(f64::NAN), "");
        assert_eq!(num(f64::INFINITY), "");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(2.0), "2");
        assert_eq!(num(1234.5678), "1234.5678");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(6.5e-10), "6.5e-10");
        assert_eq!(num(1.0 / 3.0), "0.3333333333");
        assert_eq!(num(-2.4687794167), "-2.468779417");
    }

    #[test]
    fn formula_cells_are_guarded() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("-1 killed"), "'-1 killed");
        assert_eq!(safe_cell("@user"), "'@user");
        assert_eq!(safe_cell("Press TV"), "Press TV");
    }

    #[test]
    fn context_collapses_space_and_keeps_the_near_end() {
        assert_eq!(context("a  b\n\nc ", 60, true), "a b c ");
        assert_eq!(context("abcdef", 3, true), "def");
        assert_eq!(context(" abcdef", 4, false), " abc");
    }
}
