//! framescore from Python: the whole report on a corpus (as the CLI's
//! `framescore report`), and the partition protocol
//! (`framescore::report::partitioned`) for engines that hold the corpus in
//! partitions (Dask, Spark): phase 1 per partition to summary bytes, the
//! plan from all summaries, phase 2 per partition to partial bytes, and the
//! report folder from the partials. The GIL is released while framescore
//! works. `framescore/__init__.py` wraps this module for data frames.
//!
//! It owns the translation between Python values and the library's
//! settings and errors; it knows nothing the library does not.

use framescore::analysis::{Adjust, StatsOptions};
use framescore::corpus::dates::Period;
use framescore::corpus::CorpusOptions;
use framescore::counts::CountTable;
use framescore::report::partitioned::{Partitioned, Rows};
use framescore::report::{ReportError, Settings, Summary};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;

create_exception!(
    _framescore,
    FramescoreError,
    PyException,
    "framescore could not finish (the message says why and what to change)."
);
create_exception!(
    _framescore,
    InputError,
    FramescoreError,
    "The input is at fault (lexicon, corpus, options, partials): the CLI's exit code 2."
);

/// The error as the CLI prints it: the message and its causes.
fn py_err(e: ReportError) -> PyErr {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let next = s.to_string();
        if !message.contains(&next) {
            message.push_str(": ");
            message.push_str(&next);
        }
        source = s.source();
    }
    if e.is_bad_input() {
        InputError::new_err(message)
    } else {
        FramescoreError::new_err(message)
    }
}

fn parse<T: std::str::FromStr>(what: &str, value: Option<&str>) -> PyResult<Option<T>>
where
    T::Err: std::fmt::Display,
{
    value
        .map(|v| {
            v.parse::<T>()
                .map_err(|e| PyValueError::new_err(format!("{what}: {e}")))
        })
        .transpose()
}

/// The report settings from the keyword arguments every function takes
/// (the CLI's flags of the same names and defaults).
#[derive(Debug, Clone, FromPyObject)]
#[pyo3(from_item_all)]
struct Options {
    period: Option<String>,
    group_by: Option<String>,
    on_error: Option<String>,
    syndicated: Option<String>,
    duplicates: Option<String>,
    no_clean: bool,
    text_column: Option<String>,
    outlet_column: Option<String>,
    date_column: Option<String>,
    id_column: Option<String>,
    title_column: Option<String>,
    threads: Option<usize>,
    seed: u64,
    bootstrap: usize,
    permutations: usize,
    adjust: String,
    confidence: f64,
    force: bool,
    excel: bool,
    level: Option<usize>,
}

impl Options {
    fn settings(
        &self,
        corpus: PathBuf,
        lexicon: PathBuf,
        out: Option<PathBuf>,
    ) -> PyResult<Settings> {
        let period: Option<Period> = parse("period", self.period.as_deref())?;
        let mut o = CorpusOptions {
            group_by: self.group_by.clone(),
            no_clean: self.no_clean,
            dates_used: period.is_some(),
            ..CorpusOptions::default()
        };
        if let Some(v) = parse("on_error", self.on_error.as_deref())? {
            o.on_error = v;
        }
        if let Some(v) = parse("syndicated", self.syndicated.as_deref())? {
            o.syndicated = v;
        }
        if let Some(v) = parse("duplicates", self.duplicates.as_deref())? {
            o.duplicates = v;
        }
        let c = &mut o.columns;
        for (field, value) in [
            (&mut c.text, &self.text_column),
            (&mut c.outlet, &self.outlet_column),
            (&mut c.date, &self.date_column),
            (&mut c.id, &self.id_column),
            (&mut c.title, &self.title_column),
        ] {
            if let Some(v) = value {
                *field = v.clone();
            }
        }
        if !(self.confidence > 0.0 && self.confidence < 1.0) {
            return Err(PyValueError::new_err(format!(
                "confidence: `{}` is not a number between 0 and 1 (e.g. 0.95)",
                self.confidence
            )));
        }
        let adjust = match self.adjust.as_str() {
            "holm" => Adjust::Holm,
            "bh" => Adjust::Bh,
            other => {
                return Err(PyValueError::new_err(format!(
                    "adjust: `{other}` is not an adjustment: use holm or bh"
                )))
            }
        };
        Ok(Settings {
            corpus,
            corpus_options: o,
            period,
            lexicon,
            out,
            force: self.force,
            confidence: self.confidence,
            arguments: vec!["framescore (Python)".into()],
            stats: StatsOptions {
                seed: self.seed,
                bootstrap: self.bootstrap,
                permutations: self.permutations,
                adjust,
                background: None,
                threads: self
                    .threads
                    .unwrap_or_else(framescore::parallel::default_threads),
            },
            level: self.level,
            excel: self.excel,
            ..Settings::default()
        })
    }
}

fn summary_dict<'py>(py: Python<'py>, s: &Summary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("out", s.out.to_string_lossy().into_owned())?;
    d.set_item("articles", s.articles)?;
    d.set_item("outlets", s.outlets)?;
    d.set_item("tokens", s.tokens)?;
    d.set_item("matches", s.matches)?;
    d.set_item("headlines", s.headlines.clone())?;
    d.set_item("xlsx_cut", s.xlsx_cut.clone())?;
    Ok(d)
}

/// report(corpus, lexicon, out, options) -> dict
///
/// The whole report on a corpus file or folder, as `framescore report`
/// writes it; `options` is the dict `framescore.options()` makes.
#[pyfunction]
#[pyo3(name = "report")]
fn report_corpus<'py>(
    py: Python<'py>,
    corpus: PathBuf,
    lexicon: PathBuf,
    out: Option<PathBuf>,
    options: Options,
) -> PyResult<Bound<'py, PyDict>> {
    let settings = options.settings(corpus, lexicon, out)?;
    let summary = py
        .detach(|| framescore::report::run(&settings))
        .map_err(py_err)?;
    summary_dict(py, &summary)
}

/// One row of `framescore count`: outlet, group, category, count, tokens,
/// articles.
type CountRow = (String, String, String, u64, u64, u64);

/// A partial's article: part, row, fate, id, outlet, language, period,
/// tokens, counts per column.
type ArticleRow = (u64, u64, String, String, String, String, String, u64, Vec<u32>);

/// count(corpus, lexicon, options) -> list of (outlet, group, category,
/// count, tokens, articles)
///
/// The counts alone, as `framescore count` prints them (one row per outlet
/// and category, outlets sorted, categories in lexicon order).
#[pyfunction]
#[pyo3(name = "count")]
fn count_corpus(
    py: Python<'_>,
    corpus: PathBuf,
    lexicon: PathBuf,
    options: Options,
) -> PyResult<Vec<CountRow>> {
    let settings = options.settings(corpus, lexicon, None)?;
    let counted = py.detach(|| {
        framescore::pass::count(
            &settings.corpus,
            &settings.corpus_options,
            &settings.lexicon,
            settings.level,
            settings.stats.threads,
        )
    });
    let (counts, _) = counted.map_err(|e| py_err(ReportError::from(e)))?;
    Ok(count_rows(&counts))
}

/// A count table as rows (outlet, group, category, count, tokens,
/// articles): outlets sorted, categories in lexicon order.
fn count_rows(counts: &CountTable) -> Vec<CountRow> {
    let mut rows = Vec::new();
    for (outlet, o) in &counts.outlets {
        for (c, cat) in counts.categories.iter().enumerate() {
            rows.push((
                outlet.clone(),
                cat.group_id.clone(),
                cat.id.clone(),
                o.counts.get(c).copied().unwrap_or_default(),
                o.tokens,
                o.articles,
            ));
        }
    }
    rows
}

/// lexicon_info(path) -> dict: the lexicon loaded and validated as every
/// command loads it (any format the CLI reads): its name and sizes.
#[pyfunction]
fn lexicon_info<'py>(py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyDict>> {
    let lexicon =
        framescore::lexicon::Lexicon::load(&path).map_err(|e| py_err(ReportError::from(e)))?;
    let d = PyDict::new(py);
    d.set_item("name", &lexicon.name)?;
    d.set_item(
        "groups",
        lexicon
            .groups
            .iter()
            .map(|g| g.id.clone())
            .collect::<Vec<_>>(),
    )?;
    d.set_item("categories", lexicon.category_count())?;
    d.set_item("terms", lexicon.term_count())?;
    Ok(d)
}

/// One finding of `framescore lexicon check`: severity, check, group,
/// category, term, line, count, message.
type FindingRow = (
    String,
    String,
    String,
    String,
    String,
    usize,
    Option<u64>,
    String,
);

/// lexicon_check(path, corpus=None, no_clean=False) -> list of findings,
/// as `framescore lexicon check [--corpus CORPUS] [--no-clean]` lists them.
#[pyfunction]
#[pyo3(signature = (path, corpus=None, no_clean=false))]
fn lexicon_check(
    py: Python<'_>,
    path: PathBuf,
    corpus: Option<PathBuf>,
    no_clean: bool,
) -> PyResult<Vec<FindingRow>> {
    let lexicon = framescore::lexicon::Lexicon::load_unchecked(&path)
        .map_err(|e| py_err(ReportError::from(e)))?;
    let options = CorpusOptions {
        no_clean,
        ..CorpusOptions::default()
    };
    let findings = py
        .detach(|| {
            let corpus = corpus
                .as_deref()
                .map(|c| framescore::corpus::Corpus::open(c, &options))
                .transpose()
                .map_err(ReportError::from)?;
            framescore::audit::usage::lexicon_findings(&lexicon, corpus.as_ref())
                .map_err(ReportError::from)
        })
        .map_err(py_err)?;
    Ok(findings
        .into_iter()
        .map(|f| {
            (
                f.severity.as_str().to_string(),
                f.check.to_string(),
                f.group,
                f.category,
                f.term,
                f.line,
                f.count,
                f.message,
            )
        })
        .collect())
}

/// One concordance line: the columns of `kwic --csv`.
type KwicRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    usize,
    usize,
);

/// kwic(corpus, lexicon, category, term, outlet, context, options) -> list
/// of concordance lines, as `framescore kwic --csv` lists them (the
/// matches the report counts, in corpus order).
#[pyfunction]
#[allow(clippy::too_many_arguments)]
fn kwic(
    py: Python<'_>,
    corpus: PathBuf,
    lexicon: PathBuf,
    category: Option<String>,
    term: Option<String>,
    outlet: Option<String>,
    context: usize,
    options: Options,
) -> PyResult<Vec<KwicRow>> {
    use framescore::audit::kwic::{concordance, KwicFilter};
    let settings = options.settings(corpus, lexicon, None)?;
    let lines = py.detach(|| -> Result<_, ReportError> {
        let lexicon = framescore::lexicon::Lexicon::load(&settings.lexicon)?;
        let matcher = framescore::matching::Matcher::new(&lexicon)?;
        let corpus = framescore::corpus::Corpus::open(&settings.corpus, &settings.corpus_options)?;
        let filter = KwicFilter {
            category,
            term,
            outlet: outlet.map(|o| framescore::corpus::vet::nfc(&o).into_owned()),
        };
        let articles = framescore::pass::counted_articles(&corpus)?;
        Ok(concordance(&matcher, articles, &filter, context)?)
    });
    Ok(lines
        .map_err(py_err)?
        .into_iter()
        .map(|l| {
            (
                l.article_id,
                l.outlet,
                l.group,
                l.category,
                l.term,
                l.left,
                l.matched,
                l.right,
                l.byte_start,
                l.byte_end,
            )
        })
        .collect())
}

/// The partition protocol for one run: the lexicon and options every
/// phase and every partition shares.
#[pyclass(module = "framescore._framescore")]
struct Partitions {
    inner: Partitioned,
}

#[pymethods]
impl Partitions {
    /// Partitions(lexicon, corpus_name, out, options)
    #[new]
    fn new(
        lexicon: PathBuf,
        corpus_name: PathBuf,
        out: Option<PathBuf>,
        options: Options,
    ) -> PyResult<Partitions> {
        let settings = options.settings(corpus_name, lexicon, out)?;
        let inner = Partitioned::new(&settings).map_err(py_err)?;
        Ok(Partitions { inner })
    }

    /// Phase 1 on partition `part` (columns: list of (name, list of str);
    /// keys: each row's place in corpus order, or None for (part, row)):
    /// the summary bytes.
    #[pyo3(signature = (part, columns, keys=None))]
    fn summarise<'py>(
        &self,
        py: Python<'py>,
        part: u64,
        columns: Vec<(String, Vec<String>)>,
        keys: Option<Vec<u64>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let rows = Rows { columns, keys };
        let bytes = py
            .detach(|| self.inner.summarise(part, &rows))
            .map_err(py_err)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The plan bytes from the summaries of every partition.
    fn plan<'py>(
        &self,
        py: Python<'py>,
        summaries: Vec<Bound<'py, PyBytes>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let summaries = owned(&summaries);
        let bytes = py.detach(|| self.inner.plan(&summaries)).map_err(py_err)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Phase 2 on partition `part` with the plan (the rows and keys phase 1
    /// had): the partial bytes.
    #[pyo3(signature = (plan, part, columns, keys=None))]
    fn count<'py>(
        &self,
        py: Python<'py>,
        plan: Bound<'py, PyBytes>,
        part: u64,
        columns: Vec<(String, Vec<String>)>,
        keys: Option<Vec<u64>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let rows = Rows { columns, keys };
        let plan = plan.as_bytes().to_vec();
        let bytes = py
            .detach(|| self.inner.count(&plan, part, &rows))
            .map_err(py_err)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// The counts alone from the plan and every partition's partial, as
    /// rows (outlet, group, category, count, tokens, articles): the merged
    /// partials as a table, nothing written.
    fn counts(
        &self,
        py: Python<'_>,
        plan: Bound<'_, PyBytes>,
        partials: Vec<Bound<'_, PyBytes>>,
    ) -> PyResult<Vec<CountRow>> {
        let plan = plan.as_bytes().to_vec();
        let partials = owned(&partials);
        let table = py
            .detach(|| self.inner.counts(&plan, &partials))
            .map_err(py_err)?;
        Ok(count_rows(&table))
    }

    /// One partition's partial as rows, writing nothing: the count
    /// columns' names (`group.category`) and per article (part, row, fate,
    /// id, outlet, language, period, tokens, counts).
    fn partial_articles(
        &self,
        py: Python<'_>,
        partial: Bound<'_, PyBytes>,
    ) -> PyResult<(Vec<String>, Vec<ArticleRow>)> {
        let partial = partial.as_bytes().to_vec();
        let (columns, rows) = py
            .detach(|| self.inner.partial_articles(&partial))
            .map_err(py_err)?;
        let rows = rows
            .into_iter()
            .map(|a| {
                (
                    a.part,
                    a.row,
                    a.fate.to_string(),
                    a.id,
                    a.outlet,
                    a.language,
                    a.period,
                    a.tokens,
                    a.counts,
                )
            })
            .collect();
        Ok((columns, rows))
    }

    /// The report folder from the plan and every partition's partial.
    fn report<'py>(
        &self,
        py: Python<'py>,
        plan: Bound<'py, PyBytes>,
        partials: Vec<Bound<'py, PyBytes>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let plan = plan.as_bytes().to_vec();
        let partials = owned(&partials);
        let summary = py
            .detach(|| self.inner.report(&plan, &partials))
            .map_err(py_err)?;
        summary_dict(py, &summary)
    }
}

/// Bytes from Python, copied so that the GIL can be released.
fn owned(items: &[Bound<'_, PyBytes>]) -> Vec<Vec<u8>> {
    items.iter().map(|b| b.as_bytes().to_vec()).collect()
}

#[pymodule]
fn _framescore(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(report_corpus, m)?)?;
    m.add_function(wrap_pyfunction!(count_corpus, m)?)?;
    m.add_function(wrap_pyfunction!(lexicon_info, m)?)?;
    m.add_function(wrap_pyfunction!(lexicon_check, m)?)?;
    m.add_function(wrap_pyfunction!(kwic, m)?)?;
    m.add_class::<Partitions>()?;
    m.add("FramescoreError", m.py().get_type::<FramescoreError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
