//! Workbooks (`.xlsx`) as rust_xlsxwriter writes them: the one place that
//! writes a workbook file.
//!
//! - [`DataSheet`]: a table: bold frozen header, an autofilter, column
//!   widths from the contents, a number format per column ([`Format`]).
//!   Rows stream to a temporary file (rust_xlsxwriter's constant-memory
//!   mode), so a sheet of a million rows costs no memory; rows past
//!   Excel's limit are counted, not written ([`DataSheet::rows_total`]).
//! - [`text_sheet`]: lines of text in two columns (a label, a text), with
//!   links to other sheets.
//! - [`chart_sheet`]: native charts (100% stacked bars; columns with custom
//!   error bars) fed from ranges of the data sheets, which a user can
//!   restyle, and the cells they need beside them.
//!
//! Text is written as text cells, never as formulas, so it needs no guard
//! and stays exactly as given. Numbers are written as the CSV writer writes
//! them ([`num`]: 10 significant digits), so the workbook and the CSV hold
//! the same numbers; an undefined number is an empty cell. A text column
//! of [`Format::Date`] holds date cells where the text is a `YYYY-MM-DD` day.
//! The creation date in the file's properties is fixed, so the same
//! contents give the same file.
//!
//! It knows nothing of corpora, lexicons or statistics: callers name the
//! sheets, columns, rows and ranges.

use super::cell::{as_written, Format, Value};
use super::csv::num;
use super::OutputError;
use rust_xlsxwriter::{
    Chart, ChartErrorBars, ChartErrorBarsType, ChartFormat, ChartLegendPosition, ChartRange,
    ChartSolidFill, ChartType, Color, DocProperties, ExcelDateTime, Format as XFormat, Formula,
    Url, Workbook, Worksheet, XlsxError,
};
use std::path::{Path, PathBuf};

/// Data rows an Excel sheet holds: its 1,048,576 rows less the header.
pub const MAX_DATA_ROWS: u32 = 1_048_575;
/// Characters of an Excel text cell.
const MAX_TEXT_CHARS: usize = 32_767;
/// Widest column set from its contents, in characters.
const MAX_WIDTH: usize = 60;

fn xlsx_err(path: &Path) -> impl Fn(XlsxError) -> OutputError + '_ {
    move |source| OutputError::Xlsx {
        path: path.to_path_buf(),
        source,
    }
}

/// A workbook being written: data sheets are made from it while their rows
/// stream in, and [`Book::save`] writes every sheet in the order given.
pub struct Book {
    wb: Workbook,
    path: PathBuf,
}

impl Book {
    /// A workbook to be saved as `path`; its sheets' rows wait in
    /// temporary files in `path`'s folder.
    pub fn new(path: &Path) -> Result<Book, OutputError> {
        let mut wb = Workbook::new();
        let dir = path.parent().unwrap_or(Path::new("."));
        wb.set_tempdir(dir).map_err(xlsx_err(path))?;
        // Compressing the sheets was most of the time a report's workbook
        // took. Level 3 instead of the zip crate's 6: the 100 MB benchmark
        // slice's report 2.1 s (15%) less CPU, its workbook 62.1 -> 69.8 MB;
        // level 2 (zlib-rs's fast strategy where 3 is its medium one): 0.4-0.6 s
        // less again, 72.7 MB (docs/PERFORMANCE.md). Level 1 would make it 98 MB.
        wb.set_zip_compression_level(2);
        let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_err(path))?;
        wb.set_properties(
            &DocProperties::new()
                .set_creation_datetime(&created)
                .set_author("framescore"),
        );
        Ok(Book {
            wb,
            path: path.to_path_buf(),
        })
    }

    /// A data sheet `name` with a header row of `columns` and at most
    /// `max_rows` data rows under it (1 to [`MAX_DATA_ROWS`]).
    pub fn data_sheet(
        &mut self,
        name: &str,
        columns: &[(String, Format)],
        max_rows: u32,
    ) -> Result<DataSheet, OutputError> {
        let err = xlsx_err(&self.path);
        let mut ws = self.wb.new_worksheet_with_constant_memory().map_err(&err)?;
        ws.set_name(name).map_err(&err)?;
        let header = XFormat::new().set_bold();
        for (c, (title, _)) in columns.iter().enumerate() {
            ws.write_string_with_format(0, col(c)?, title, &header)
                .map_err(&err)?;
        }
        ws.set_freeze_panes(1, 0).map_err(&err)?;
        let formats = columns.iter().map(|(_, f)| *f).collect();
        let xf: Vec<XFormat> = columns
            .iter()
            .map(|(_, f)| {
                f.excel()
                    .map_or_else(XFormat::new, |n| XFormat::new().set_num_format(n))
            })
            .collect();
        // A number is written without a format and takes its column's:
        // rust_xlsxwriter looks a cell's format up by hashing the whole
        // format (7% of the 100 MB slice's report, docs/PERFORMANCE.md).
        // Dates keep theirs (a text that is no day stays unformatted).
        for (c, (_, f)) in columns.iter().enumerate() {
            if f.excel().is_some() && *f != Format::Date {
                ws.set_column_format(col(c)?, &xf[c]).map_err(&err)?;
            }
        }
        Ok(DataSheet {
            ws,
            name: name.to_string(),
            path: self.path.clone(),
            formats,
            xf,
            widths: columns.iter().map(|(t, _)| t.chars().count()).collect(),
            written: 0,
            total: 0,
            max_rows: max_rows.clamp(1, MAX_DATA_ROWS),
        })
    }

    /// Writes the workbook with `sheets` in this order; the first is the
    /// one shown on opening.
    pub fn save(mut self, sheets: Vec<Sheet>) -> Result<(), OutputError> {
        let err = xlsx_err(&self.path);
        for (i, sheet) in sheets.into_iter().enumerate() {
            let mut ws = match sheet {
                Sheet::Data(d) => d.finish()?,
                Sheet::Other(ws) => ws,
            };
            if i == 0 {
                ws.set_active(true);
            }
            self.wb.push_worksheet(ws);
        }
        self.wb.save(&self.path).map_err(&err)
    }
}

fn col(c: usize) -> Result<u16, OutputError> {
    u16::try_from(c).map_err(|_| OutputError::Xlsx {
        path: PathBuf::new(),
        source: XlsxError::RowColumnLimitError,
    })
}

/// A sheet for [`Book::save`].
pub enum Sheet {
    Data(DataSheet),
    /// A text or chart sheet.
    Other(Worksheet),
}

/// A table's sheet, its rows written as they come.
pub struct DataSheet {
    ws: Worksheet,
    name: String,
    path: PathBuf,
    formats: Vec<Format>,
    xf: Vec<XFormat>,
    widths: Vec<usize>,
    /// Data rows written.
    written: u32,
    /// Data rows given, written or not.
    total: u64,
    /// Data rows the sheet holds at most.
    max_rows: u32,
}

impl DataSheet {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Data rows written (the header not counted).
    pub fn rows_written(&self) -> u64 {
        u64::from(self.written)
    }

    /// Data rows given; more than [`Self::rows_written`] when the sheet was full.
    pub fn rows_total(&self) -> u64 {
        self.total
    }

    /// The most data rows the sheet holds ([`MAX_DATA_ROWS`] at most).
    pub fn row_limit(&self) -> u32 {
        self.max_rows
    }

    /// Whether rows were left out: the table is longer than the sheet.
    pub fn is_cut(&self) -> bool {
        self.total > u64::from(self.written)
    }

    /// Writes one row after the last, or only counts it once the sheet is full.
    pub fn row(&mut self, cells: &[Value]) -> Result<(), OutputError> {
        self.total += 1;
        if self.written >= self.max_rows {
            return Ok(());
        }
        let row = self.written + 1;
        let err = xlsx_err(&self.path);
        // The format of a cell past the header's columns.
        let general = XFormat::new();
        for (c, cell) in cells.iter().enumerate() {
            let format = self.formats.get(c).copied().unwrap_or(Format::Text);
            let c16 = col(c)?;
            let shown = match cell {
                Value::Empty => 0,
                Value::Num(x) if !x.is_finite() => 0,
                Value::Text(s) if s.is_empty() => 0,
                Value::Text(s) => {
                    if let (Format::Date, Some(day)) = (format, iso_day(s)) {
                        let xf = self.xf.get(c).unwrap_or(&general);
                        self.ws
                            .write_datetime_with_format(row, c16, day, xf)
                            .map_err(&err)?;
                        10
                    } else {
                        let s = clip(s);
                        self.ws.write_string(row, c16, s).map_err(&err)?;
                        // No column is wider than MAX_WIDTH: no need to
                        // count further.
                        s.chars().take(MAX_WIDTH).count()
                    }
                }
                Value::Int(n) => {
                    self.ws.write_number(row, c16, *n as f64).map_err(&err)?;
                    shown_width(*n as f64, format)
                }
                Value::Num(x) => {
                    // The number the CSV holds: 10 significant digits.
                    let x = as_written(*x);
                    self.ws.write_number(row, c16, x).map_err(&err)?;
                    shown_width(x, format)
                }
            };
            if let Some(w) = self.widths.get_mut(c) {
                *w = (*w).max(shown);
            }
        }
        self.written = row;
        Ok(())
    }

    /// Widths, the autofilter and, when rows were left out, a note on the
    /// first header cell saying so.
    fn finish(mut self) -> Result<Worksheet, OutputError> {
        let err = xlsx_err(&self.path);
        for (c, w) in self.widths.iter().enumerate() {
            let chars = (*w).clamp(6, MAX_WIDTH) + 2;
            self.ws
                .set_column_width(col(c)?, chars as f64)
                .map_err(&err)?;
        }
        let last = col(self.widths.len().saturating_sub(1))?;
        self.ws.autofilter(0, 0, self.written, last).map_err(&err)?;
        if self.is_cut() {
            let limit = if self.max_rows == MAX_DATA_ROWS {
                "Excel's limit".to_string()
            } else {
                format!("at most {} a sheet, as asked", self.row_limit())
            };
            let note = rust_xlsxwriter::Note::new(format!(
                "Only the first {} of {} rows are in this sheet ({limit}); the CSV file has them all.",
                self.written, self.total
            ))
            .set_width(300)
            .set_height(80);
            self.ws.insert_note(0, 0, &note).map_err(&err)?;
        }
        Ok(self.ws)
    }
}

/// Roughly how many characters a number takes as its format shows it.
fn shown_width(x: f64, format: Format) -> usize {
    let digits = if x.abs() >= 1.0 {
        x.abs().log10().floor() as usize + 1
    } else {
        1
    } + usize::from(x < 0.0);
    match format {
        Format::Count => digits,
        Format::Rate => digits + 3,
        Format::Share => digits + 4,
        Format::Statistic => digits + 4,
        Format::PValue => 9,
        Format::Date => 10,
        Format::Text | Format::Number => num(x).len(),
    }
}

/// Text cut to what an Excel cell holds. A text of no more bytes than
/// that has no more characters either, and is not walked (every cell of a
/// report's sheets goes through here: 1 s of CPU at 1 GB when each was).
fn clip(s: &str) -> &str {
    if s.len() <= MAX_TEXT_CHARS {
        return s;
    }
    match s.char_indices().nth(MAX_TEXT_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `YYYY-MM-DD` exactly (a valid day from 1900 on) as an Excel date.
fn iso_day(s: &str) -> Option<ExcelDateTime> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' || !digits(0..4) {
        return None;
    }
    if !digits(5..7) || !digits(8..10) {
        return None;
    }
    let (y, m, d) = (
        s[0..4].parse().ok()?,
        s[5..7].parse().ok()?,
        s[8..10].parse().ok()?,
    );
    if y < 1900 {
        return None;
    }
    ExcelDateTime::from_ymd(y, m, d).ok()
}

/// A line of a [`text_sheet`].
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// The sheet's title, large and bold.
    Title(String),
    /// A section heading, bold.
    Heading(String),
    /// A label (bold, first column) and its text (second column, wrapped).
    Text {
        label: String,
        text: String,
    },
    /// A link to sheet `sheet` (first column) and what it holds.
    Link {
        sheet: String,
        text: String,
    },
    Blank,
}

/// A sheet of text lines: labels in a narrow first column, text wrapped in
/// a wide second one.
pub fn text_sheet(name: &str, lines: &[Line]) -> Result<Sheet, OutputError> {
    let err = xlsx_err(Path::new(name));
    let mut ws = Worksheet::new();
    ws.set_name(name).map_err(&err)?;
    ws.set_column_width(0, 26).map_err(&err)?;
    ws.set_column_width(1, 110).map_err(&err)?;
    let title = XFormat::new().set_bold().set_font_size(16);
    let bold = XFormat::new().set_bold();
    let wrap = XFormat::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let label = XFormat::new()
        .set_bold()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    for (r, line) in lines.iter().enumerate() {
        let r = u32::try_from(r).map_err(|_| err(XlsxError::RowColumnLimitError))?;
        match line {
            Line::Title(t) => {
                ws.write_string_with_format(r, 0, clip(t), &title)
                    .map_err(&err)?;
            }
            Line::Heading(t) => {
                ws.write_string_with_format(r, 0, clip(t), &bold)
                    .map_err(&err)?;
            }
            Line::Text { label: l, text } => {
                ws.write_string_with_format(r, 0, clip(l), &label)
                    .map_err(&err)?;
                ws.write_string_with_format(r, 1, clip(text), &wrap)
                    .map_err(&err)?;
            }
            Line::Link { sheet, text } => {
                let url = Url::new(format!("internal:'{}'!A1", sheet.replace('\'', "''")))
                    .set_text(sheet);
                ws.write_url(r, 0, &url).map_err(&err)?;
                ws.write_string_with_format(r, 1, clip(text), &wrap)
                    .map_err(&err)?;
            }
            Line::Blank => {}
        }
    }
    Ok(Sheet::Other(ws))
}

/// A column of cells on a sheet: `sheet`, column `col`, rows `rows.0..=rows.1`
/// (0-based, the header is row 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub sheet: String,
    pub col: u16,
    pub rows: (u32, u32),
}

impl Range {
    fn chart(&self) -> ChartRange {
        ChartRange::new_from_range(&self.sheet, self.rows.0, self.col, self.rows.1, self.col)
    }

    /// `'sheet'!$C$5`: the first cell, for a formula.
    pub fn first_cell(&self) -> String {
        format!(
            "'{}'!{}",
            self.sheet.replace('\'', "''"),
            rust_xlsxwriter::utility::row_col_to_cell_absolute(self.rows.0, self.col)
        )
    }

    /// `'sheet'!C5`, row `offset` of the range, for a formula.
    pub fn cell(&self, offset: u32) -> String {
        format!(
            "'{}'!{}",
            self.sheet.replace('\'', "''"),
            rust_xlsxwriter::utility::row_col_to_cell(self.rows.0 + offset, self.col)
        )
    }
}

/// One series of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Range,
    /// Fill colour, `0xRRGGBB`.
    pub colour: u32,
    /// Custom error bars: the lengths above and below each value.
    pub errors: Option<(Range, Range)>,
}

/// The kinds of chart a report draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// One horizontal bar per category, split 100% among the series.
    PercentStackedBars,
    /// Clustered vertical columns, with custom error bars where given.
    Columns,
}

/// A native chart placed on a chart sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub kind: ChartKind,
    pub title: String,
    /// The category labels (bars or column clusters).
    pub categories: Range,
    pub series: Vec<Series>,
    /// Title of the value axis.
    pub value_axis: String,
    /// Title of the category axis.
    pub category_axis: String,
    /// Number format of the value axis.
    pub value_format: String,
    /// Label each segment with its value, in this number format.
    pub data_labels: Option<String>,
    /// The value axis's top, when the spreadsheet's own would cut off
    /// something drawn (error bars are not in its automatic scale).
    pub value_max: Option<f64>,
    /// Top-left cell (row, column) and size in pixels.
    pub at: (u32, u16),
    pub size: (u32, u32),
}

/// A cell written beside the charts: a text, or a number computed by a
/// formula over the data sheets (with its value, shown before recalculation).
#[derive(Debug, Clone, PartialEq)]
pub enum Helper {
    Text(String),
    Heading(String),
    Formula { formula: String, value: f64 },
}

/// A sheet of native charts, with the helper cells they read (e.g. error
/// bar lengths) at `(row, column)` and the widths of their columns (in
/// characters); printed (landscape, one page wide) up to the cell `print_to`.
pub fn chart_sheet(
    name: &str,
    cells: &[(u32, u16, Helper)],
    widths: &[(u16, f64)],
    charts: &[ChartSpec],
    print_to: (u32, u16),
) -> Result<Sheet, OutputError> {
    let err = xlsx_err(Path::new(name));
    let mut ws = Worksheet::new();
    ws.set_name(name).map_err(&err)?;
    for &(c, w) in widths {
        ws.set_column_width(c, w).map_err(&err)?;
    }
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, print_to.0, print_to.1)
        .map_err(&err)?;
    let bold = XFormat::new().set_bold();
    let number = XFormat::new().set_num_format("0.000");
    for (r, c, cell) in cells {
        match cell {
            Helper::Text(t) => {
                ws.write_string(*r, *c, clip(t)).map_err(&err)?;
            }
            Helper::Heading(t) => {
                ws.write_string_with_format(*r, *c, clip(t), &bold)
                    .map_err(&err)?;
            }
            Helper::Formula { formula, value } => {
                let f = Formula::new(formula).set_result(num(*value));
                ws.write_formula_with_format(*r, *c, f, &number)
                    .map_err(&err)?;
            }
        }
    }
    for spec in charts {
        let chart = chart(spec);
        ws.insert_chart(spec.at.0, spec.at.1, &chart)
            .map_err(&err)?;
    }
    Ok(Sheet::Other(ws))
}

fn chart(spec: &ChartSpec) -> Chart {
    let mut chart = Chart::new(match spec.kind {
        ChartKind::PercentStackedBars => ChartType::BarPercentStacked,
        ChartKind::Columns => ChartType::Column,
    });
    chart.title().set_name(&spec.title);
    chart
        .title()
        .set_font(rust_xlsxwriter::ChartFont::new().set_size(12).set_bold());
    for s in &spec.series {
        let mut fill = ChartFormat::new();
        fill.set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(s.colour)))
            .set_border(rust_xlsxwriter::ChartLine::new().set_color(Color::White));
        let series = chart.add_series();
        series
            .set_name(s.name.as_str())
            .set_categories(&spec.categories.chart())
            .set_values(&s.values.chart())
            .set_format(&mut fill);
        if let Some(format) = &spec.data_labels {
            series.set_data_label(
                rust_xlsxwriter::ChartDataLabel::new()
                    .show_value()
                    .set_num_format(format),
            );
        }
        if let Some((plus, minus)) = &s.errors {
            series.set_y_error_bars(
                ChartErrorBars::new()
                    .set_type(ChartErrorBarsType::Custom(plus.chart(), minus.chart()))
                    .set_end_cap(true)
                    .set_format(
                        rust_xlsxwriter::ChartLine::new()
                            .set_color(Color::RGB(0x808080))
                            .set_width(0.75),
                    ),
            );
        }
        if spec.kind == ChartKind::PercentStackedBars {
            series.set_gap(60).set_overlap(100);
        }
    }
    match spec.kind {
        ChartKind::PercentStackedBars => {
            // rust_xlsxwriter's x axis is the horizontal one: here the values.
            chart
                .x_axis()
                .set_name(&spec.value_axis)
                .set_num_format(&spec.value_format);
            // The first category at the top, as in the table, and the value
            // axis kept at the bottom.
            chart
                .y_axis()
                .set_name(&spec.category_axis)
                .set_reverse()
                .set_crossing(rust_xlsxwriter::ChartAxisCrossing::Max);
        }
        ChartKind::Columns => {
            chart.x_axis().set_name(&spec.category_axis);
            chart
                .y_axis()
                .set_name(&spec.value_axis)
                .set_num_format(&spec.value_format);
            if let Some(top) = spec.value_max {
                chart.y_axis().set_min(0.0).set_max(top);
            }
        }
    }
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(spec.size.0).set_height(spec.size.1);
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_days_become_dates() {
        assert!(iso_day("2016-03-01").is_some());
        assert!(iso_day("2016-02-30").is_none());
        assert!(iso_day("2016-03-01T10:00").is_none());
        assert!(iso_day("1899-12-31").is_none());
        assert!(iso_day("March 1").is_none());
    }

    #[test]
    fn a_full_sheet_counts_the_rows_it_leaves_out_and_says_so() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.xlsx");
        let mut book = Book::new(&path).expect("book");
        let columns = [
            ("n".to_string(), Format::Count),
            ("share".to_string(), Format::Share),
            ("when".to_string(), Format::Date),
        ];
        let mut sheet = book.data_sheet("t", &columns, 2).expect("sheet");
        for i in 0..5 {
            sheet
                .row(&[
                    Value::Int(i),
                    Value::Num(1.0 / 3.0),
                    Value::Text("2016-03-01".into()),
                ])
                .expect("row");
        }
        sheet.row(&[Value::Num(f64::NAN)]).expect("row");
        assert_eq!((sheet.rows_written(), sheet.rows_total()), (2, 6));
        book.save(vec![Sheet::Data(sheet)]).expect("save");

        use calamine::{Data, Reader};
        let mut read = calamine::open_workbook_auto(&path).expect("open");
        let range = read.worksheet_range("t").expect("sheet");
        let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
        assert_eq!(rows.len(), 3, "the header and 2 rows");
        assert_eq!(rows[1][0], Data::Float(0.0));
        // The CSV's number (10 significant digits), not the double.
        assert_eq!(rows[1][1], Data::Float(0.3333333333));
        assert!(matches!(&rows[1][2], Data::DateTime(d) if d.is_datetime()));
        let note = part(&path, "xl/comments1.xml");
        assert!(
            note.contains(
                "Only the first 2 of 6 rows are in this sheet (at most 2 a sheet, as asked)"
            ),
            "{note}"
        );
    }

    /// The part `name` of the workbook at `path`, as text.
    fn part(path: &Path, name: &str) -> String {
        let zip = std::fs::File::open(path).expect("file");
        let mut zip = zip::ZipArchive::new(zip).expect("zip");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).expect("a part"), &mut text)
            .expect("read");
        text
    }

    /// The value of `attr="..."` in `tag`.
    fn attr<'t>(tag: &'t str, attr: &str) -> Option<&'t str> {
        let from = tag.find(&format!(" {attr}=\""))? + attr.len() + 3;
        Some(&tag[from..from + tag[from..].find('"')?])
    }

    /// Each number shows in its column's format (numbers are written
    /// without one and take the column's), a text in none, a day as a day:
    /// the number format of each cell of the second row, read from the
    /// sheet's and the styles' XML.
    #[test]
    fn each_number_takes_its_columns_format() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.xlsx");
        let mut book = Book::new(&path).expect("book");
        let formats = [
            Format::Count,
            Format::Rate,
            Format::Share,
            Format::PValue,
            Format::Statistic,
            Format::Number,
            Format::Text,
            Format::Date,
            Format::Date,
        ];
        let columns: Vec<(String, Format)> =
            formats.iter().map(|f| (format!("{f:?}"), *f)).collect();
        let mut sheet = book
            .data_sheet("t", &columns, MAX_DATA_ROWS)
            .expect("sheet");
        let mut cells: Vec<Value> = (0..6).map(|i| Value::Num(f64::from(i) + 0.5)).collect();
        cells[0] = Value::Int(7);
        cells.extend([
            Value::Text("words".into()),
            Value::Text("2016-03-01".into()),
            Value::Text("0001-11-30".into()),
        ]);
        sheet.row(&cells).expect("row");
        book.save(vec![Sheet::Data(sheet)]).expect("save");
        let styles = part(&path, "xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").expect("cellXfs")..];
        let xfs: Vec<&str> = xfs[..xfs.find("</cellXfs>").expect("end")]
            .split("<xf")
            .skip(1)
            .collect();
        // Excel's built-in codes among these; the others are in numFmts.
        let code = |id: &str| -> String {
            match id {
                "0" => "General".into(),
                "1" => "0".into(),
                "2" => "0.00".into(),
                "11" => "0.00E+00".into(),
                id => {
                    let at = styles
                        .find(&format!("<numFmt numFmtId=\"{id}\""))
                        .expect("a custom format");
                    attr(&styles[at..], "formatCode").expect("code").to_string()
                }
            }
        };
        let sheet = part(&path, "xl/worksheets/sheet1.xml");
        for (c, format) in formats.iter().enumerate() {
            let name = format!("<c r=\"{}2\"", char::from(b'A' + c as u8));
            let cell = &sheet[sheet.find(&name).expect("the cell")..];
            let cell = &cell[..cell.find('>').expect("tag end")];
            let shown = attr(cell, "s").map_or("General".to_string(), |s| {
                let xf = xfs[s.parse::<usize>().expect("an index")];
                code(attr(xf, "numFmtId").expect("numFmtId"))
            });
            let want = match (c, format.excel()) {
                // A text that is no day is text.
                (8, _) => "General",
                (_, Some(code)) => code,
                (_, None) => "General",
            };
            assert_eq!(shown, want, "column {c} ({format:?}): {cell}");
        }
    }

    #[test]
    fn long_text_is_cut_to_a_cell() {
        let long = "é".repeat(MAX_TEXT_CHARS + 5);
        assert_eq!(clip(&long).chars().count(), MAX_TEXT_CHARS);
        assert_eq!(clip("short"), "short");
        // Past the limit in bytes, not in characters: kept whole.
        let wide = "é".repeat(MAX_TEXT_CHARS / 2 + 10);
        assert!(wide.len() > MAX_TEXT_CHARS);
        assert_eq!(clip(&wide), wide);
        // At the limit exactly, and one over, in ASCII.
        let exact = "x".repeat(MAX_TEXT_CHARS);
        assert_eq!(clip(&exact), exact);
        assert_eq!(clip(&format!("{exact}y")), exact);
    }
}
