//! `report.xlsx`: the report as one workbook, for readers who work in a
//! spreadsheet. Sheets, in order:
//!
//! - "Summary": the headline sentences, the corpus notes and caveats, the
//!   methods, a link to every sheet (saying when a sheet was cut at Excel's
//!   row limit) and the settings, all from [`super::sentences`];
//! - "Charts": per group, the 100% stacked shares bar and the rates bar
//!   chart with the exact Poisson interval as custom error bars: native
//!   Excel charts fed from ranges of the `counts_wide` and `counts` sheets;
//!   the error bars' lengths are formulas over the `counts` sheet, beside
//!   the charts;
//! - one sheet per table of the registry that applies ([`super::tables`]),
//!   with the same rows as its CSV file; the per-article tables
//!   (`matches`, `documents`, `cleaning`) are filled during the pass, the
//!   others once the analysis is done;
//! - "Columns": every column of every sheet, its format and meaning, from
//!   the tables' specs (the same text as `docs/OUTPUTS.md`).
//!
//! It decides what goes where; [`crate::output::xlsx`] writes the file.

use super::figures::charted_outlets;
use super::sentences;
use super::tables::rows::{Cleaning, Documents, Matches, RowTables, Sheets};
use super::tables::{self, names, Context, Format, Kind, RowSink, Table, Value};
use crate::charts::OKABE_ITO;
use crate::matching::CategoryInfo;
use crate::output::xlsx::{
    chart_sheet, text_sheet, Book, ChartKind, ChartSpec, DataSheet, Helper, Line, Range, Series,
    Sheet,
};
use crate::output::OutputError;
use crate::output::{as_written, num};
use std::path::Path;

pub use crate::output::xlsx::MAX_DATA_ROWS;

/// Data rows a sheet holds unless `--xlsx-rows` says otherwise: a table
/// longer than that (the per-article tables, the outlet pairs of a corpus
/// of hundreds of outlets) is cut there, its CSV file holding every row. A
/// sheet of this size still opens, filters and sorts at ease in a
/// spreadsheet; a 1 GB corpus's report has sheets of 726,604 matches and
/// 210,163 comparisons, which made a 203 MB workbook (docs/PERFORMANCE.md).
pub const DEFAULT_ROWS: u32 = 100_000;

/// The workbook's file name in the report folder.
pub const FILE: &str = "report.xlsx";
const SUMMARY: &str = "Summary";
const CHARTS: &str = "Charts";
const COLUMNS: &str = "Columns";

/// The workbook of a report being written.
pub(crate) struct Workbook {
    book: Book,
    /// The per-article tables' sheets, filled during the pass (or, in
    /// `merge`, from the shards' files).
    pub articles: Sheets,
    /// Data rows a sheet holds (the sheets the charts read excepted).
    rows: u32,
    /// The input tables' sheets ([`Workbook::input_sheet`]), by file name.
    inputs: Vec<(&'static str, DataSheet)>,
}

impl RowSink for DataSheet {
    fn row(&mut self, cells: &[Value]) -> Result<(), OutputError> {
        DataSheet::row(self, cells)
    }
}

/// A table's sheet name: its file name without `.csv`.
pub fn sheet_name(file: &str) -> &str {
    file.strip_suffix(".csv").unwrap_or(file)
}

impl Workbook {
    /// Starts `report.xlsx` in `dir`, at most `rows` data rows a sheet
    /// (Excel's 1,048,575 at most), but for the `counts` and `counts_wide`
    /// sheets, which the charts read and which are cut only at Excel's
    /// limit; with a sheet for each `chosen` per-article table, its columns
    /// for `categories`.
    pub fn create(
        dir: &Path,
        rows: u32,
        categories: &[CategoryInfo],
        chosen: RowTables,
    ) -> Result<Workbook, OutputError> {
        let mut book = Book::new(&dir.join(FILE))?;
        let mut sheet = |t: &dyn Table| {
            chosen
                .writes(t.name())
                .then(|| {
                    let columns = t.article_columns(categories);
                    book.data_sheet(sheet_name(t.name()), &columns, rows)
                })
                .transpose()
        };
        let articles = Sheets {
            matches: sheet(&Matches)?,
            documents: sheet(&Documents)?,
            cleaning: sheet(&Cleaning)?,
        };
        Ok(Workbook {
            book,
            articles,
            rows,
            inputs: Vec::new(),
        })
    }

    /// Writes the sheet of an input table ([`Kind::Input`]) now, its rows
    /// handed to it by `rows`, so that they need not be kept until
    /// [`Workbook::fill`] (which puts the sheet in table order).
    pub fn input_sheet(
        &mut self,
        table: &'static dyn Table,
        rows: impl FnOnce(&mut dyn RowSink) -> Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        let columns = table.spec().typed_columns();
        let mut sheet = self
            .book
            .data_sheet(sheet_name(table.name()), &columns, self.rows)?;
        rows(&mut sheet)?;
        self.inputs.push((table.name(), sheet));
        Ok(())
    }

    /// Writes every sheet, to be saved ([`Filled::save`]): the report fills
    /// the sheets on its threads first, then saves the workbook (its
    /// compression on one thread, the longest step after the passes) while
    /// it writes the CSV tables and the charts.
    pub fn fill(
        mut self,
        ctx: &Context,
        corpus_root: &Path,
        headlines: &[(usize, String)],
    ) -> Result<Filled, OutputError> {
        let Sheets {
            matches,
            documents,
            cleaning,
        } = self.articles;
        let mut written_before: Vec<(&str, DataSheet)> = [
            (names::MATCHES, matches),
            (names::DOCUMENTS, documents),
            (names::CLEANING, cleaning),
        ]
        .into_iter()
        .filter_map(|(name, sheet)| Some((name, sheet?)))
        .chain(self.inputs)
        .collect();
        // The sheets in table order; the summary tables' are made here and
        // filled on the report's threads (compare's and pairwise's hundreds
        // of thousands of rows were most of the workbook's time before it
        // is saved, on one thread while the other had nothing left to do).
        let mut slots: Vec<Option<DataSheet>> = Vec::new();
        let mut to_fill: Vec<(usize, &'static dyn Table, DataSheet)> = Vec::new();
        let mut written: Vec<&'static dyn Table> = Vec::new();
        for table in tables::applying(ctx) {
            match table.kind() {
                Kind::PerArticle | Kind::Input => {
                    match written_before.iter().position(|(n, _)| *n == table.name()) {
                        Some(i) => slots.push(Some(written_before.swap_remove(i).1)),
                        None => continue,
                    }
                }
                Kind::Summary => {
                    let charted = [names::COUNTS, names::COUNTS_WIDE].contains(&table.name());
                    let rows = if charted { MAX_DATA_ROWS } else { self.rows };
                    let sheet = self.book.data_sheet(
                        sheet_name(table.name()),
                        &table.columns(ctx),
                        rows,
                    )?;
                    to_fill.push((slots.len(), table, sheet));
                    slots.push(None);
                }
            }
            written.push(table);
        }
        for (i, sheet) in fill(ctx, to_fill, ctx.settings.stats.threads)? {
            slots[i] = Some(sheet);
        }
        let data: Vec<DataSheet> = slots.into_iter().flatten().collect();
        let mut columns = self.book.data_sheet(
            COLUMNS,
            &[
                ("sheet".into(), Format::Text),
                ("column".into(), Format::Text),
                ("format".into(), Format::Text),
                ("meaning".into(), Format::Text),
            ],
            MAX_DATA_ROWS,
        )?;
        for table in &written {
            for c in table.spec().columns {
                columns.row(&[
                    Value::from(sheet_name(table.name())),
                    Value::from(c.name),
                    Value::from(c.format.label()),
                    Value::from(c.meaning.replace('`', "").replace("**", "")),
                ])?;
            }
        }
        let charts = charts(ctx)?;
        let summary = summary(ctx, corpus_root, headlines, &data, &written);
        let mut sheets = vec![text_sheet(SUMMARY, &summary)?, charts];
        sheets.extend(data.into_iter().map(Sheet::Data));
        sheets.push(Sheet::Data(columns));
        Ok(Filled {
            book: self.book,
            sheets,
        })
    }
}

/// A workbook with every sheet written ([`Workbook::fill`]), not saved.
pub(crate) struct Filled {
    book: Book,
    sheets: Vec<Sheet>,
}

impl Filled {
    /// The sheets holding fewer rows than their table (cut at the row
    /// limit), by name, in sheet order.
    pub fn cut(&self) -> Vec<String> {
        self.sheets
            .iter()
            .filter_map(|s| match s {
                Sheet::Data(d) if d.is_cut() => Some(d.name().to_string()),
                _ => None,
            })
            .collect()
    }

    /// Saves the workbook (compressing its sheets).
    pub fn save(self) -> Result<(), OutputError> {
        self.book.save(self.sheets)
    }
}

/// Fills each table's sheet with its rows on up to `threads` threads
/// ([`crate::parallel::spread`]); returns the sheets with their places.
fn fill(
    ctx: &Context,
    tables: Vec<(usize, &'static dyn Table, DataSheet)>,
    threads: usize,
) -> Result<Vec<(usize, DataSheet)>, OutputError> {
    // Each task takes its own sheet out of its slot, once.
    let slots: Vec<std::sync::Mutex<Option<_>>> = tables
        .into_iter()
        .map(|t| std::sync::Mutex::new(Some(t)))
        .collect();
    crate::parallel::spread(slots.len(), threads, |k| {
        // No code panics while holding the lock; a poisoned slot is still a slot.
        let taken = slots[k].lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some((i, table, mut sheet)) = taken else {
            unreachable!("spread calls each index once")
        };
        table.rows(ctx, &mut sheet)?;
        Ok((i, sheet))
    })
    .into_iter()
    .collect()
}

/// The "Summary" sheet's lines.
fn summary(
    ctx: &Context,
    corpus_root: &Path,
    headlines: &[(usize, String)],
    data: &[DataSheet],
    written: &[&'static dyn Table],
) -> Vec<Line> {
    let Context {
        lexicon,
        pass,
        analysis,
        settings,
        ..
    } = *ctx;
    let counts = &pass.counts;
    let tokens: u64 = counts.outlets.values().map(|o| o.tokens).sum();
    let text = |label: &str, text: String| Line::Text {
        label: label.to_string(),
        text,
    };
    let mut lines = vec![
        Line::Title(format!("framescore report: {}", lexicon.name)),
        text(
            "Corpus",
            format!(
                "{} articles from {} outlets ({} tokens) in {}, matched against the lexicon {} ({} groups, {} categories): {} matches.",
                pass.articles,
                counts.outlets.len(),
                tokens,
                corpus_root.display(),
                lexicon.path.display(),
                lexicon.groups.len(),
                lexicon.category_count(),
                pass.matches
            ),
        ),
    ];
    if !lexicon.description.is_empty() {
        lines.push(text("Lexicon", lexicon.description.clone()));
    }
    lines.push(Line::Blank);
    lines.push(Line::Heading("Findings".into()));
    for (g, group) in lexicon.groups.iter().enumerate() {
        let said: Vec<&String> = headlines
            .iter()
            .filter(|(hg, _)| *hg == g)
            .map(|(_, s)| s)
            .collect();
        if said.is_empty() {
            lines.push(text(&group.id, "No matches in this group.".into()));
        }
        for s in said {
            lines.push(text(&group.id, s.clone()));
        }
        if let Some(a) = analysis.article_tests.get(g) {
            lines.push(text(&group.id, sentences::group_sentence(a)));
        }
    }
    lines.push(Line::Blank);
    lines.push(Line::Heading("Caveats".into()));
    for c in sentences::caveats(counts, analysis) {
        lines.push(text("Caveat", c));
    }
    for (s, warn) in sentences::corpus(pass) {
        lines.push(text(if warn { "Corpus (warning)" } else { "Corpus" }, s));
    }
    lines.push(Line::Blank);
    lines.push(Line::Heading("Sheets".into()));
    lines.push(Line::Link {
        sheet: CHARTS.into(),
        text: "per group: the shares of each label (100% stacked bars) and the rates with their intervals (bars with error bars); native charts over the counts and counts_wide sheets".into(),
    });
    for (sheet, table) in data.iter().zip(written) {
        let mut about = format!("{} ({})", table.about(), table.name());
        if sheet.is_cut() {
            let why = if sheet.row_limit() == MAX_DATA_ROWS {
                "at Excel's row limit".to_string()
            } else {
                format!(
                    "at {} rows (--xlsx-rows N raises it, up to Excel's {})",
                    sheet.row_limit(),
                    MAX_DATA_ROWS
                )
            };
            about.push_str(&format!(
                ". Cut {why}: the first {} of {} rows; {} has them all",
                sheet.rows_written(),
                sheet.rows_total(),
                table.name()
            ));
        }
        lines.push(Line::Link {
            sheet: sheet.name().to_string(),
            text: about,
        });
    }
    lines.push(Line::Link {
        sheet: COLUMNS.into(),
        text: "what every column of every sheet holds, and its format".into(),
    });
    lines.push(Line::Blank);
    lines.push(Line::Heading("Methods used".into()));
    for (method, meaning) in sentences::methods(analysis, &settings.stats, settings.confidence) {
        lines.push(text(&method, meaning));
    }
    lines.push(Line::Blank);
    lines.push(Line::Heading("Settings".into()));
    lines.push(text(
        "Intervals",
        format!(
            "{}% (Poisson exact for rates, Wilson for shares, bootstrap percentile at the article level)",
            num(settings.confidence * 100.0)
        ),
    ));
    lines.push(text(
        "Resampling",
        format!(
            "seed {}, {} bootstrap resamples, {} permutations, {} adjustment",
            settings.stats.seed,
            settings.stats.bootstrap,
            settings.stats.permutations,
            settings.stats.adjust.name()
        ),
    ));
    lines.push(text("Command", settings.arguments.join(" ")));
    lines.push(text(
        "Made with",
        format!(
            "framescore {}; version, hashes and timings in run.json",
            env!("CARGO_PKG_VERSION")
        ),
    ));
    lines
}

/// `0xRRGGBB` of palette colour `i`.
fn colour(i: usize) -> u32 {
    let c = OKABE_ITO[i % OKABE_ITO.len()];
    (u32::from(c.0) << 16) | (u32::from(c.1) << 8) | u32::from(c.2)
}

/// The position of column `name` in table `file`'s spec.
fn column(file: &str, name: &str) -> Option<u16> {
    let table = tables::TABLES.iter().find(|t| t.name() == file)?;
    let i = table.spec().columns.iter().position(|c| c.name == name)?;
    u16::try_from(i).ok()
}

/// A round top for a value axis reaching `x`: a multiple of 1, 2, 2.5 or 5
/// times a power of ten, with about 8 steps (1 for no positive `x`).
fn axis_top(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let raw = x / 8.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    (x / step - 1e-9).ceil() * step
}

/// Rows per chart height, at Excel's default 20 px per row.
const ROW_PX: u32 = 20;
/// Where the error-bar lengths go: to the right of the charts.
const HELPER_COL: u16 = 25;

/// The "Charts" sheet: per group, the shares chart and the rates chart.
fn charts(ctx: &Context) -> Result<Sheet, OutputError> {
    let counts = &ctx.pass.counts;
    let cells = &ctx.analysis.cells;
    let (shown, _) = charted_outlets(counts);
    let n_outlets = counts.outlets.len() as u32;
    let wide = sheet_name(names::COUNTS_WIDE);
    let tidy = sheet_name(names::COUNTS);
    let missing = || OutputError::Xlsx {
        path: FILE.into(),
        source: rust_xlsxwriter::XlsxError::ParameterError(
            "a column the charts read is missing from the counts tables".into(),
        ),
    };
    let [rate_col, low_col, high_col, category_col] =
        ["rate_per_1k", "rate_low", "rate_high", "category"].map(|c| column(names::COUNTS, c));
    let (Some(rate_col), Some(low_col), Some(high_col), Some(category_col)) =
        (rate_col, low_col, high_col, category_col)
    else {
        return Err(missing());
    };
    let level = num(ctx.settings.confidence * 100.0);
    let mut helpers: Vec<(u32, u16, Helper)> = vec![
        (
            0,
            HELPER_COL,
            Helper::Heading(
                "Error-bar lengths of the rates charts (formulas over the counts sheet)".into(),
            ),
        ),
        (1, HELPER_COL, Helper::Heading("outlet".into())),
        (1, HELPER_COL + 1, Helper::Heading("category".into())),
        (
            1,
            HELPER_COL + 2,
            Helper::Heading("below (rate - rate_low)".into()),
        ),
        (
            1,
            HELPER_COL + 3,
            Helper::Heading("above (rate_high - rate)".into()),
        ),
    ];
    let mut helper_row = 2u32;
    let mut specs = Vec::new();
    let mut row = 0u32;
    for (g, group) in ctx.lexicon.groups.iter().enumerate() {
        let cats: Vec<usize> = (0..counts.categories.len())
            .filter(|&c| counts.categories[c].group == g)
            .collect();
        let heading = if group.question.is_empty() {
            group.id.clone()
        } else {
            format!("{}: {}", group.id, group.question)
        };
        helpers.push((row, 0, Helper::Heading(heading)));
        let any = cats
            .iter()
            .any(|&c| counts.outlets.values().any(|o| o.counts[c] > 0));
        if !any || cats.is_empty() || n_outlets == 0 {
            helpers.push((
                row + 1,
                0,
                Helper::Text("No matches in this group: no chart.".into()),
            ));
            row += 3;
            continue;
        }
        // Shares: one bar per outlet (rows of counts_wide), one segment per category.
        let series = cats
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                Ok(Series {
                    name: counts.categories[c].id.clone(),
                    values: Range {
                        sheet: wide.into(),
                        col: tables::wide_column(c, "share").ok_or_else(missing)?,
                        rows: (1, n_outlets),
                    },
                    colour: colour(i),
                    errors: None,
                })
            })
            .collect::<Result<_, OutputError>>()?;
        let shares_height = (120 + 30 * n_outlets).clamp(320, 1600);
        specs.push(ChartSpec {
            kind: ChartKind::PercentStackedBars,
            title: format!(
                "{}: share of each label among the group's matches, per outlet",
                group.id
            ),
            categories: Range {
                sheet: wide.into(),
                col: 0,
                rows: (1, n_outlets),
            },
            series,
            value_axis: "share of the group's matches".into(),
            category_axis: "outlet".into(),
            value_format: "0%".into(),
            // Zero shares unlabelled: `0%;;;` shows nothing for 0.
            data_labels: Some("0%;;;".into()),
            value_max: None,
            at: (row + 1, 0),
            size: (720, shares_height),
        });
        // Rates: clusters of categories (the outlet's rows of counts), one
        // bar per outlet, with the exact Poisson interval.
        let mut series = Vec::new();
        let mut categories = None;
        // The highest bar or interval end charted.
        let mut highest = 0f64;
        for (k, outlet) in shown.iter().enumerate() {
            let rows: Vec<u32> = cells
                .iter()
                .enumerate()
                .filter(|(_, cell)| &cell.outlet == outlet && cats.contains(&cell.category))
                .map(|(i, _)| i as u32 + 1)
                .collect();
            let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
                continue;
            };
            if last - first + 1 != rows.len() as u32 {
                continue; // not one block of rows: no range to read
            }
            let range = |col| Range {
                sheet: tidy.into(),
                col,
                rows: (first, last),
            };
            categories.get_or_insert_with(|| range(category_col));
            let top = helper_row;
            for (offset, &r) in rows.iter().enumerate() {
                let cell = &cells[(r - 1) as usize];
                let at = helper_row + offset as u32;
                helpers.push((at, HELPER_COL, Helper::Text(outlet.clone())));
                helpers.push((
                    at,
                    HELPER_COL + 1,
                    Helper::Text(counts.categories[cell.category].id.clone()),
                ));
                if let (Some(rate), Some((lo, hi))) = (cell.rate, cell.rate_ci) {
                    highest = highest.max(rate).max(hi);
                    let cell_of = |col| range(col).cell(offset as u32);
                    helpers.push((
                        at,
                        HELPER_COL + 2,
                        Helper::Formula {
                            formula: format!("={}-{}", cell_of(rate_col), cell_of(low_col)),
                            value: as_written(rate) - as_written(lo),
                        },
                    ));
                    helpers.push((
                        at,
                        HELPER_COL + 3,
                        Helper::Formula {
                            formula: format!("={}-{}", cell_of(high_col), cell_of(rate_col)),
                            value: as_written(hi) - as_written(rate),
                        },
                    ));
                }
            }
            helper_row += rows.len() as u32;
            let helper = |col| Range {
                sheet: CHARTS.into(),
                col,
                rows: (top, helper_row - 1),
            };
            series.push(Series {
                name: outlet.clone(),
                values: range(rate_col),
                colour: colour(k),
                errors: Some((helper(HELPER_COL + 3), helper(HELPER_COL + 2))),
            });
        }
        let rates_height = 400;
        if let Some(categories) = categories {
            let scope = if shown.len() < counts.outlets.len() {
                format!(" ({} outlets with most tokens)", shown.len())
            } else {
                String::new()
            };
            specs.push(ChartSpec {
                kind: ChartKind::Columns,
                title: format!(
                    "{}: matches per 1,000 tokens by label and outlet, {level}% exact Poisson intervals{scope}",
                    group.id
                ),
                categories,
                series,
                value_axis: "matches per 1,000 tokens".into(),
                category_axis: "label".into(),
                value_format: "0.0".into(),
                data_labels: None,
                // Every interval whole, as in charts/rates_*.png.
                value_max: Some(axis_top(highest * 1.05)),
                at: (row + 1, 12),
                size: (720, rates_height),
            });
        }
        row += 1 + shares_height.max(rates_height).div_ceil(ROW_PX) + 2;
    }
    let longest = counts.outlets.keys().map(|o| o.chars().count()).max();
    let widths = [
        (HELPER_COL, (longest.unwrap_or(10) + 2).clamp(10, 40) as f64),
        (HELPER_COL + 1, 20.0),
        (HELPER_COL + 2, 24.0),
        (HELPER_COL + 3, 24.0),
    ];
    chart_sheet(CHARTS, &helpers, &widths, &specs, (row, HELPER_COL - 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::lexicon::Lexicon;
    use crate::matching::Matcher;
    use crate::report::Settings;
    use calamine::{open_workbook_auto, Data, Reader};

    #[test]
    fn a_cut_sheet_is_said_on_the_summary_and_the_rest_is_whole() {
        // The seed report with at most 9 data rows a sheet: the matches
        // sheet is cut, the Summary says so with the CSV's count.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("tempdir");
        let lexicon = Lexicon::load(&root.join("lexicons/syria.toml")).expect("lexicon");
        let settings = Settings::default();
        let corpus =
            Corpus::open(&root.join("data/seed"), &settings.corpus_options).expect("corpus");
        let matcher = Matcher::new(&lexicon).expect("matcher");
        let mut book = Workbook::create(dir.path(), 9, matcher.categories(), RowTables::default())
            .expect("workbook");
        let pass = crate::report::passes_into(
            dir.path(),
            &corpus,
            &lexicon,
            &matcher,
            &settings,
            None,
            crate::report::Sinks {
                workbook: Some(&mut book),
                facts: None,
            },
        )
        .expect("pass");
        let analysis =
            crate::analysis::analyse(&pass.counts, &pass.periods, 0.95, &settings.stats, None);
        let ctx = Context {
            lexicon: &lexicon,
            pass: &pass,
            analysis: &analysis,
            settings: &settings,
            diff: None,
            trust: None,
            row_files: &[],
        };
        book.fill(&ctx, &corpus.root, &[])
            .expect("fill")
            .save()
            .expect("save");
        let matches = std::fs::read_to_string(dir.path().join(names::MATCHES)).expect("csv");
        let rows = matches.lines().count() - 1;
        assert_eq!(rows, pass.matches as usize, "the seeds' 44 matches");

        let mut read = open_workbook_auto(dir.path().join(FILE)).expect("open");
        let sheet = read.worksheet_range("matches").expect("matches");
        assert_eq!(sheet.rows().count(), 10);
        let summary = read.worksheet_range(SUMMARY).expect("summary");
        let said: Vec<String> = summary
            .rows()
            .flatten()
            .filter_map(|d| match d {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        let cut = format!(
            "Cut at 9 rows (--xlsx-rows N raises it, up to Excel's 1048575): the first 9 of {rows} rows; matches.csv has them all"
        );
        assert!(said.iter().any(|s| s.ends_with(&cut)), "{said:#?}");
        // counts_wide (5 outlets) fits; counts (75 rows), which the charts
        // read, is not cut either.
        let link = |file: &str| {
            said.iter()
                .find(|s| s.contains(&format!("({file}")))
                .unwrap_or_else(|| panic!("no link to {file}: {said:#?}"))
        };
        assert!(!link(names::COUNTS_WIDE).contains("Cut at"));
        assert!(!link(names::COUNTS).contains("Cut at"));
        let counts = read.worksheet_range("counts").expect("counts");
        assert_eq!(counts.rows().count(), 76);
    }

    #[test]
    fn axis_tops_are_round_and_cover_the_value() {
        for (x, top) in [
            (17.9, 20.0),
            (9.4, 10.0),
            (0.73, 0.8),
            (8.8, 10.0),
            (100.0, 100.0),
            (0.0, 1.0),
        ] {
            assert!((axis_top(x) - top).abs() < 1e-9, "{x}: {}", axis_top(x));
        }
    }
}
