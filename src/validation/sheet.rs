//! Coding sheets: which coder gets which items in which order, and the
//! sheet itself as CSV or .xlsx (bytes; the caller writes the file).
//!
//! A sheet has one row per item. The coder fills `code` (yes / no /
//! unsure), and for a miss `words` (the words that named the group's
//! concept and the lexicon missed), and may write `notes`. Every other
//! column is the sample's and is checked when the sheet is read back: the
//! `check` column is a hash of the sample id and the item's columns, so an
//! edited context or a row from another sample is caught.

use super::sample::short_hash;
use super::sample::{Item, ItemKind, Sample};
use super::ValidationError;
use crate::stats::seeded_rng;
use rand::seq::SliceRandom;
use rust_xlsxwriter::{DataValidation, Format, FormatAlign, Workbook, XlsxError};

/// The columns of a coding sheet, in order.
pub const SHEET_COLUMNS: [&str; 20] = [
    "row",
    "item_id",
    "kind",
    "group",
    "category",
    "term",
    "context",
    "code",
    "words",
    "notes",
    "outlet",
    "article_id",
    "stratum",
    "inclusion_probability",
    "stratum_size",
    "stratum_sampled",
    "byte_start",
    "byte_end",
    "sample_id",
    "check",
];

/// Index of a column in [`SHEET_COLUMNS`].
pub(crate) fn col(name: &str) -> usize {
    SHEET_COLUMNS.iter().position(|c| *c == name).unwrap_or(0)
}

/// The codes a coder may write.
pub const CODES: [&str; 3] = ["yes", "no", "unsure"];

/// Which items each coder codes, in each coder's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Per coder, indices into `Sample::items` in sheet order.
    pub coders: Vec<Vec<usize>>,
    /// Items every coder codes (for agreement).
    pub overlap: usize,
}

/// Deals the items of `kind` to `coders` coders: a share `overlap` of them
/// (drawn at random, at least one item when `coders > 1` and `overlap > 0`)
/// goes to every coder, the rest in turn to one coder each; each coder's
/// sheet is then shuffled on its own stream, so coders see the items in
/// different random orders. Seeded: the same sample, seed and numbers give
/// the same sheets.
pub fn assign(
    sample: &Sample,
    kind: ItemKind,
    coders: usize,
    overlap: f64,
    seed: u64,
) -> Result<Assignment, ValidationError> {
    if coders == 0 {
        return Err(ValidationError::Design(
            "--coders is 0; give at least 1 coder".into(),
        ));
    }
    if !(0.0..=1.0).contains(&overlap) {
        return Err(ValidationError::Design(format!(
            "--overlap {overlap} is outside 0..1; give the share of items every coder codes (e.g. 0.2, or 1 for all)"
        )));
    }
    let mut items: Vec<usize> = (0..sample.items.len())
        .filter(|&i| sample.items[i].kind == kind)
        .collect();
    let stream = |what: &str| {
        u64::from_str_radix(&short_hash(&[&sample.id, kind.name(), what]), 16).unwrap_or(0)
    };
    items.shuffle(&mut seeded_rng(seed, stream("deal")));
    let shared = if coders == 1 {
        items.len()
    } else {
        let k = (overlap * items.len() as f64).round() as usize;
        if overlap > 0.0 { k.max(1) } else { k }.min(items.len())
    };
    let mut out: Vec<Vec<usize>> = vec![items[..shared].to_vec(); coders];
    for (i, &item) in items[shared..].iter().enumerate() {
        out[i % coders].push(item);
    }
    for (c, list) in out.iter_mut().enumerate() {
        list.shuffle(&mut seeded_rng(seed, stream(&format!("coder{c}"))));
    }
    Ok(Assignment {
        coders: out,
        overlap: shared,
    })
}

/// The `check` cell of an item in a sample: a hash of every column the
/// coder must not change.
pub fn check_of(sample_id: &str, cells: &[String]) -> String {
    let fixed: Vec<&str> = SHEET_COLUMNS
        .iter()
        .zip(cells)
        .filter(|(c, _)| {
            !matches!(
                **c,
                "row" | "code" | "words" | "notes" | "check" | "inclusion_probability"
            )
        })
        .map(|(_, v)| v.as_str())
        .collect();
    let mut parts = vec![sample_id];
    parts.extend(fixed);
    short_hash(&parts)
}

/// The cells of one item's row (`row` is its 1-based position), code,
/// words and notes empty.
pub fn row_cells(sample: &Sample, item: &Item, row: usize) -> Vec<String> {
    let mut cells = vec![
        row.to_string(),
        item.id.clone(),
        item.kind.name().to_string(),
        item.group.clone(),
        item.category.clone(),
        item.term.clone(),
        item.text(),
        String::new(),
        String::new(),
        String::new(),
        item.outlet.clone(),
        item.article_id.clone(),
        item.stratum.clone(),
        format!("{}", item.inclusion_probability()),
        item.stratum_size.to_string(),
        item.stratum_sampled.to_string(),
        item.byte_start.to_string(),
        item.byte_end.to_string(),
        sample.id.clone(),
        String::new(),
    ];
    cells[col("check")] = check_of(&sample.id, &cells);
    cells
}

/// A coding sheet as CSV (UTF-8, RFC 4180; cells that could start a
/// spreadsheet formula get a leading `'`, which reading strips).
pub fn sheet_csv(sample: &Sample, items: &[usize]) -> Result<Vec<u8>, ValidationError> {
    let mut w = crate::output::SafeWriter::from_writer(Vec::new());
    w.write_record(SHEET_COLUMNS)?;
    for (r, &i) in items.iter().enumerate() {
        if let Some(item) = sample.items.get(i) {
            w.write_record(row_cells(sample, item, r + 1))?;
        }
    }
    Ok(w.into_inner()?)
}

pub const INSTRUCTIONS_MATCH: &str = "For each row, read the context: the marked text [[...]] was counted as the category in the `category` column (of the question in `group`). Write in `code`: yes if it does mean that category here; no if it does not (another sense, another referent, a quotation the outlet distances itself from, a name); unsure if you cannot tell. Use `notes` for anything worth knowing. Do not edit any other column: the sheet is checked when it is read back.";
pub const INSTRUCTIONS_MISS: &str = "For each row, read the sentence: the lexicon found no term of the group in `group` in it. Write in `code`: yes if the sentence does refer to that group's concept (an actor, label or frame the lexicon should have counted), then write the words used in `words` (separate several with ;); no if it does not; unsure if you cannot tell. Do not edit any other column: the sheet is checked when it is read back.";

/// A coding sheet as an .xlsx workbook: a "coding" sheet with a drop-down
/// (yes / no / unsure) in the code column, the match in bold within its
/// context, the header frozen, and an "instructions" sheet.
pub fn sheet_xlsx(
    sample: &Sample,
    items: &[usize],
    kind: ItemKind,
) -> Result<Vec<u8>, ValidationError> {
    Ok(build_xlsx(sample, items, kind)?)
}

fn build_xlsx(sample: &Sample, items: &[usize], kind: ItemKind) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let plain = Format::new();
    let mark = Format::new().set_bold().set_font_color("#D55E00");
    let ws = wb.add_worksheet();
    ws.set_name("coding")?;
    for (c, name) in SHEET_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &bold)?;
    }
    let widths = [5.0, 14.0, 7.0, 14.0, 14.0, 14.0, 80.0, 9.0, 20.0, 30.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for c in widths.len()..SHEET_COLUMNS.len() {
        ws.set_column_width(c as u16, 12.0)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let context_col = col("context") as u16;
    for (r, &i) in items.iter().enumerate() {
        let Some(item) = sample.items.get(i) else {
            continue;
        };
        let row = (r + 1) as u32;
        let cells = row_cells(sample, item, r + 1);
        for (c, v) in cells.iter().enumerate() {
            let c = c as u16;
            if c == context_col {
                continue;
            }
            if !v.is_empty() {
                ws.write_string(row, c, v)?;
            }
        }
        // The context with the match in bold, keeping the [[ ]] marks so the
        // cell's text is the same as in the CSV sheet.
        let x = &item.context;
        let open = format!("{}{}", super::context::MARK_OPEN, x.matched);
        let parts: Vec<(&Format, &str)> = match item.kind {
            ItemKind::Match => [
                (&plain, x.left.as_str()),
                (&mark, open.as_str()),
                (&mark, super::context::MARK_CLOSE),
                (&plain, x.right.as_str()),
            ]
            .into_iter()
            .filter(|(_, s)| !s.is_empty())
            .collect(),
            ItemKind::Miss => vec![(&plain, x.matched.as_str())],
        };
        if parts.iter().all(|(_, s)| !s.is_empty()) && !parts.is_empty() {
            ws.write_rich_string_with_format(row, context_col, &parts, &wrap)?;
        }
    }
    let last = items.len().max(1) as u32;
    let code_col = col("code") as u16;
    let dv = DataValidation::new()
        .allow_list_strings(&CODES)?
        .set_input_title("Code")?
        .set_input_message("yes, no or unsure")?
        .set_error_title("Not a code")?
        .set_error_message("Choose yes, no or unsure from the list.")?;
    ws.add_data_validation(1, code_col, last, code_col, &dv)?;
    ws.autofilter(0, 0, last, (SHEET_COLUMNS.len() - 1) as u16)?;
    let help = wb.add_worksheet();
    help.set_name("instructions")?;
    help.set_column_width(0, 100.0)?;
    let text = match kind {
        ItemKind::Match => INSTRUCTIONS_MATCH,
        ItemKind::Miss => INSTRUCTIONS_MISS,
    };
    help.write_string_with_format(0, 0, "How to code this sheet", &bold)?;
    help.write_string_with_format(1, 0, text, &wrap)?;
    help.write_string(
        3,
        0,
        format!("Sample {}; {} items.", sample.id, items.len()),
    )?;
    wb.save_to_buffer()
}
