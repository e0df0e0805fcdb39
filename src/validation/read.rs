//! Reading coded sheets back (CSV or .xlsx), with errors that name the
//! file, the row and what to fix.

use super::sample::ItemKind;
use super::sheet::{check_of, col, SHEET_COLUMNS};
use super::ValidationError;
use crate::corpus::foreign::guarded;
use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};

/// A coder's judgement of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Yes,
    No,
    Unsure,
}

impl Code {
    /// `yes` / `y` / `1` / `true`, `no` / `n` / `0` / `false`,
    /// `unsure` / `u` / `?`, any case.
    pub fn parse(s: &str) -> Option<Code> {
        match s.trim().to_lowercase().as_str() {
            "yes" | "y" | "1" | "true" => Some(Code::Yes),
            "no" | "n" | "0" | "false" => Some(Code::No),
            "unsure" | "u" | "?" => Some(Code::Unsure),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Code::Yes => "yes",
            Code::No => "no",
            Code::Unsure => "unsure",
        }
    }

    /// The nominal value used for agreement statistics.
    pub fn value(self) -> u32 {
        self as u32
    }
}

/// One coded row.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedRow {
    /// Line in the file (CSV) or row number (xlsx), header = 1.
    pub line: usize,
    /// Every column of [`SHEET_COLUMNS`], as read (the guard `'` removed).
    pub cells: Vec<String>,
    /// `None` only when blanks were allowed.
    pub code: Option<Code>,
}

impl CodedRow {
    pub fn get(&self, name: &str) -> &str {
        self.cells.get(col(name)).map_or("", String::as_str)
    }

    pub fn kind(&self) -> ItemKind {
        if self.get("kind") == "miss" {
            ItemKind::Miss
        } else {
            ItemKind::Match
        }
    }

    /// A numeric column, or an error naming it.
    pub(crate) fn number<T: std::str::FromStr>(
        &self,
        name: &'static str,
        file: &Path,
    ) -> Result<T, ValidationError> {
        self.get(name)
            .trim()
            .parse()
            .map_err(|_| ValidationError::Edited {
                file: file.to_path_buf(),
                line: self.line,
                what: format!("`{name}` is `{}`, not a number", self.get(name)),
            })
    }
}

/// One coder's sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedSheet {
    pub path: PathBuf,
    pub sample_id: String,
    pub rows: Vec<CodedRow>,
}

/// How strict reading is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// A blank code is an uncoded item, not an error (a sheet in progress).
    pub allow_blank: bool,
}

/// Reads a coded sheet: `.xlsx` / `.xlsm` / `.ods` through calamine (the
/// sheet named `coding`, else the first), anything else as CSV (comma,
/// semicolon or tab separated, as a spreadsheet may save it).
///
/// # Errors
///
/// [`ValidationError`] naming the file and row: an unreadable file, a
/// missing column, a blank or unknown code, an edited item (its `check`
/// does not match), rows of two samples, an item twice.
pub fn read_sheet(path: &Path, opts: ReadOptions) -> Result<CodedSheet, ValidationError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let table = if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        read_workbook(path)?
    } else {
        read_csv(path)?
    };
    parse_table(path, table, opts)
}

/// (line, cells) of every row, the header first.
type Table = Vec<(usize, Vec<String>)>;

fn read_csv(path: &Path) -> Result<Table, ValidationError> {
    let bytes = std::fs::read(path).map_err(|source| ValidationError::Read {
        file: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ValidationError::Sheet {
        file: path.to_path_buf(),
        line: 0,
        what: "is not UTF-8; save it again as CSV UTF-8 (or code the .xlsx sheet)".into(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| ValidationError::Sheet {
            file: path.to_path_buf(),
            line: e.position().map_or(0, |p| p.line() as usize),
            what: format!("is not valid CSV ({e})"),
        })?;
        // With CRLF line ends the record's start is reported before the
        // `\n` of the previous line: count the line breaks it starts on.
        let line = rec.position().map_or(0, |p| {
            let from = usize::try_from(p.byte()).unwrap_or(usize::MAX);
            let skipped = text
                .as_bytes()
                .get(from..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|&&b| b == b'\n')
                .count();
            p.line() as usize + skipped
        });
        out.push((
            line,
            rec.iter()
                .map(|c| crate::output::unguard(c).to_string())
                .collect(),
        ));
    }
    Ok(out)
}

fn read_workbook(path: &Path) -> Result<Table, ValidationError> {
    let bad = |what: String| ValidationError::Sheet {
        file: path.to_path_buf(),
        line: 0,
        what,
    };
    // calamine runs guarded: a damaged workbook can make it panic.
    let damaged = |m: String| bad(format!("is a damaged workbook ({m})"));
    let mut wb = guarded(|| open_workbook_auto(path))
        .map_err(damaged)?
        .map_err(|e| bad(format!("cannot be opened as a workbook ({e})")))?;
    let names = wb.sheet_names();
    let name = names
        .iter()
        .find(|n| n.as_str() == "coding")
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| bad("has no sheet".into()))?;
    let range = guarded(|| wb.worksheet_range(&name))
        .map_err(damaged)?
        .map_err(|e| bad(format!("sheet `{name}` cannot be read ({e})")))?;
    let start_row = range.start().map_or(0, |(r, _)| r as usize);
    let start_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut out = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let mut cells = vec![String::new(); start_col];
        cells.extend(row.iter().map(cell_text));
        out.push((start_row + i + 1, cells));
    }
    Ok(out)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn parse_table(
    path: &Path,
    table: Table,
    opts: ReadOptions,
) -> Result<CodedSheet, ValidationError> {
    let file = path.to_path_buf();
    let mut rows = table.into_iter();
    let (_, header) = rows.next().ok_or_else(|| ValidationError::Sheet {
        file: file.clone(),
        line: 1,
        what: "is empty; expected the header of a coding sheet written by `framescore sample`"
            .into(),
    })?;
    let mut index = Vec::with_capacity(SHEET_COLUMNS.len());
    for name in SHEET_COLUMNS {
        let at = header.iter().position(|h| h.trim() == name).ok_or_else(|| ValidationError::Sheet {
            file: file.clone(),
            line: 1,
            what: format!("has no `{name}` column; code the sheet `framescore sample` wrote without deleting or renaming columns"),
        })?;
        index.push(at);
    }
    let mut out = Vec::new();
    let mut sample_id: Option<String> = None;
    let mut seen = std::collections::HashMap::new();
    for (line, raw) in rows {
        if raw.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells: Vec<String> = index
            .iter()
            .map(|&i| raw.get(i).cloned().unwrap_or_default())
            .collect();
        let row = CodedRow {
            line,
            cells,
            code: None,
        };
        let id = row.get("sample_id").to_string();
        match &sample_id {
            None => sample_id = Some(id.clone()),
            Some(first) if *first != id => {
                return Err(ValidationError::OtherSample {
                    file: file.clone(),
                    line,
                    found: id,
                    expected: first.clone(),
                })
            }
            Some(_) => {}
        }
        let want = check_of(&id, &row.cells);
        if row.get("check").trim() != want {
            return Err(ValidationError::Edited {
                file: file.clone(),
                line,
                what: format!(
                    "item {} was changed (its context or another column the sample wrote differs from the sample; only code, words and notes may be edited): copy the row back from the sheet `framescore sample` wrote",
                    row.get("item_id")
                ),
            });
        }
        if let Some(first) = seen.insert(row.get("item_id").to_string(), line) {
            return Err(ValidationError::Sheet {
                file: file.clone(),
                line,
                what: format!(
                    "has item {} twice (also on line {first}); delete the copy",
                    row.get("item_id")
                ),
            });
        }
        let raw_code = row.get("code").trim().to_string();
        let code = if raw_code.is_empty() {
            if !opts.allow_blank {
                return Err(ValidationError::MissingCode {
                    file: file.clone(),
                    line,
                    item: row.get("item_id").to_string(),
                });
            }
            None
        } else {
            Some(
                Code::parse(&raw_code).ok_or_else(|| ValidationError::UnknownCode {
                    file: file.clone(),
                    line,
                    value: raw_code.clone(),
                })?,
            )
        };
        out.push(CodedRow { code, ..row });
    }
    let sample_id = sample_id.ok_or_else(|| ValidationError::Sheet {
        file: file.clone(),
        line: 2,
        what: "has a header but no items".into(),
    })?;
    Ok(CodedSheet {
        path: file,
        sample_id,
        rows: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cell the CSV writer guarded reads back as it was written,
    /// look-alikes and space-led formulas too (a context starting with a
    /// full-width `＝` was once left with its `'`, so the row's check hash
    /// failed and a coded sheet was refused).
    #[test]
    fn guarded_cells_read_back_as_written() {
        let originals = ["=x", "+1 2", "\u{FF1D}x", " =x", "-g", "plain", "'quoted"];
        let mut csv = String::from("a\n");
        for o in originals {
            let cell = String::from_utf8(crate::output::guard(o.as_bytes()).into_owned()).unwrap();
            csv.push_str(&format!("\"{}\"\n", cell.replace('"', "\"\"")));
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.csv");
        std::fs::write(&path, csv).unwrap();
        let table = read_csv(&path).unwrap();
        let cells: Vec<&str> = table.iter().skip(1).map(|(_, r)| r[0].as_str()).collect();
        assert_eq!(cells, originals);
    }
}
