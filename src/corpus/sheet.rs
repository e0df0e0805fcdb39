//! Workbook corpora (`.xlsx`, `.xlsm`, `.xls`, `.ods`): one sheet (the
//! first, or `--sheet NAME`), one article per row under a header row,
//! columns chosen by name as for a CSV table. Cells are taken as they are
//! written: text as it is, whole numbers without a decimal point, dates as
//! `YYYY-MM-DD` (with the time when there is one), booleans as `TRUE` and
//! `FALSE`.
//!
//! Where the text or the outlet is expected, a formula (its result is not
//! the data the user typed), an error value (`#REF!`) or merged cells (only
//! the first row of a merged block holds the value) is an error naming the
//! cell and the fix. The sheet is read whole when the corpus is opened
//! (workbooks hold at most about a million rows).

use super::foreign::guarded;
use super::options::CorpusOptions;
use super::record::{article_from, check_columns, SeenIds};
use super::source::{self, Articles, Format, Source};
use super::text::invalid;
use super::{Article, CorpusError};
use calamine::{Data, Range, Reader, Sheets};
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "sheet",
    recognises: |path| source::has_extension(path, &[".xlsx", ".xlsm", ".xls", ".ods"]),
    open: |o| open(o.path, o.options, &o.id_prefix).map(|s| Box::new(s) as Box<dyn Source>),
};

#[derive(Debug)]
struct Sheet {
    path: PathBuf,
    name: String,
    options: CorpusOptions,
    id_prefix: String,
    cells: Range<Data>,
    formulas: Option<Range<String>>,
    headers: Vec<String>,
}

fn open(path: &Path, options: &CorpusOptions, id_prefix: &str) -> Result<Sheet, CorpusError> {
    // calamine runs guarded: a damaged file can make it panic (an overflow
    // in a cell reference, found by fuzzing).
    let damaged = |m: String| {
        invalid(
            path,
            format!("not a readable workbook: it is damaged ({m})"),
        )
    };
    let mut book = guarded(|| calamine::open_workbook_auto(path))
        .map_err(damaged)?
        .map_err(|e| invalid(path, format!("not a readable workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match &options.sheet {
        Some(want) => names.iter().find(|n| *n == want).cloned().ok_or_else(|| {
            invalid(
                path,
                format!(
                    "no sheet `{want}` (--sheet); the sheets are: {}",
                    names.join(", ")
                ),
            )
        })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| invalid(path, "the workbook has no sheets"))?,
    };
    let cells = guarded(|| book.worksheet_range(&name))
        .map_err(damaged)?
        .map_err(|e| invalid(path, format!("sheet `{name}`: cannot read: {e}")))?;
    let formulas = guarded(|| book.worksheet_formula(&name).ok()).map_err(damaged)?;
    let headers: Vec<String> = cells
        .rows()
        .next()
        .map(|row| row.iter().map(|c| cell(c).trim().to_string()).collect())
        .unwrap_or_default();
    let columns = &options.columns;
    check_columns(
        &headers,
        &[
            (columns.text.as_str(), "--text-column"),
            (columns.outlet.as_str(), "--outlet-column"),
        ],
        options,
    )
    .map_err(|m| {
        invalid(
            path,
            format!(
                "sheet `{name}`: {m}; optional: id, date, title, url, any others kept as metadata (choose another sheet with --sheet; the sheets are: {})",
                names.join(", ")
            ),
        )
    })?;
    let sheet = Sheet {
        path: path.to_path_buf(),
        name,
        options: options.clone(),
        id_prefix: id_prefix.to_string(),
        cells,
        formulas,
        headers,
    };
    if let Sheets::Xlsx(xlsx) = &mut book {
        for dims in xlsx
            .merge_cells_by_sheet_name(&sheet.name)
            .unwrap_or_default()
        {
            sheet.check_merged(dims.start, dims.end)?;
        }
    }
    Ok(sheet)
}

/// `C5` for row 5 (from 1) and column 2 (from 0).
fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &row.to_string()
}

impl Sheet {
    /// The absolute column of a header.
    fn column(&self, name: &str) -> Option<u32> {
        let start = self.cells.start().unwrap_or((0, 0)).1;
        self.headers
            .iter()
            .position(|h| h == name)
            .and_then(|k| u32::try_from(k).ok())
            .map(|k| k + start)
    }

    /// The columns where text is expected: the article's text and outlet.
    fn text_columns(&self) -> Vec<(u32, &str)> {
        let names = &self.options.columns;
        [names.text.as_str(), names.outlet.as_str()]
            .into_iter()
            .filter_map(|n| self.column(n).map(|c| (c, n)))
            .collect()
    }

    /// Merged cells over more than one row in the text or outlet column.
    fn check_merged(&self, start: (u32, u32), end: (u32, u32)) -> Result<(), CorpusError> {
        for (col, name) in self.text_columns() {
            if start.1 <= col && col <= end.1 && end.0 > start.0 {
                return Err(invalid(
                    &self.path,
                    format!(
                        "sheet `{}`: cells {}:{} are merged in column `{name}`: unmerge them and fill every row with its own value",
                        self.name,
                        a1(start.0 + 1, start.1),
                        a1(end.0 + 1, end.1)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A formula or an error value where text is expected, by cell.
    fn check_row(&self, row: u32, cells: &[Data]) -> Result<(), String> {
        let start = self.cells.start().unwrap_or((0, 0));
        for (col, name) in self.text_columns() {
            let at = a1(row + 1, col);
            let k = (col - start.1) as usize;
            if let Some(Data::Error(e)) = cells.get(k) {
                return Err(format!(
                    "cell {at} (column `{name}`) holds the error {e}: fix the cell or the formula behind it"
                ));
            }
            let formula = self
                .formulas
                .as_ref()
                .and_then(|f| f.get_value((row, col)))
                .filter(|f| !f.is_empty());
            if let Some(f) = formula {
                return Err(format!(
                    "cell {at} (column `{name}`) is a formula (={f}) where text is expected: paste the values instead (Paste Special > Values)"
                ));
            }
        }
        Ok(())
    }
}

impl Source for Sheet {
    fn path(&self) -> &Path {
        &self.path
    }

    fn part_name(&self, _part: usize) -> String {
        format!("sheet {}", self.name)
    }

    fn extent(&self) -> Option<super::Extent> {
        let rows = self.cells.height().saturating_sub(1);
        Some(super::Extent::Articles(rows as u64))
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        let first = self.cells.start().unwrap_or((0, 0)).0;
        let mut seen = SeenIds::default();
        Box::new(
            self.cells
                .rows()
                .enumerate()
                .skip(1)
                .filter(|(_, row)| row.iter().any(|c| !matches!(c, Data::Empty)))
                .map(move |(k, row)| {
                    let r = first + k as u32;
                    self.row(r, row, &mut seen)
                }),
        )
    }
}

impl Sheet {
    fn row(&self, r: u32, row: &[Data], seen: &mut SeenIds) -> Result<Article, CorpusError> {
        let line = u64::from(r) + 1;
        let origin = format!(
            "{} (sheet `{}`, row {line})",
            self.path.display(),
            self.name
        );
        let at = |message: String| CorpusError::At {
            origin: origin.clone(),
            message,
        };
        self.check_row(r, row).map_err(at)?;
        let names = &self.options.columns;
        let values: Vec<String> = row.iter().map(cell).collect();
        let mut text = String::new();
        let mut fields = Vec::with_capacity(values.len());
        for (h, v) in self.headers.iter().zip(&values) {
            if *h == names.text {
                text.clone_from(v);
            } else {
                fields.push((h.as_str(), v.as_str()));
            }
        }
        let article = article_from(
            &fields,
            names,
            Some(text),
            || format!("{}row{line}", self.id_prefix),
            origin.clone(),
        )
        .map_err(at)?;
        seen.check(&article.id, line).map_err(at)?;
        Ok(article)
    }
}

/// A cell as it is written in the sheet.
fn cell(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        assert_eq!(a1(5, 2), "C5");
        assert_eq!(a1(1, 25), "Z1");
        assert_eq!(a1(1, 26), "AA1");
        assert_eq!(a1(9, 702), "AAA9");
    }

    #[test]
    fn numbers_are_written_as_in_the_cell() {
        assert_eq!(cell(&Data::Float(3.0)), "3");
        assert_eq!(cell(&Data::Float(0.25)), "0.25");
        assert_eq!(cell(&Data::Int(-7)), "-7");
        assert_eq!(cell(&Data::Bool(true)), "TRUE");
    }
}
