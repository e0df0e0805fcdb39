//! The column tables of `docs/OUTPUTS.md`, made from the tables' specs so
//! the docs, the CSV headers and the workbook's "Columns" sheet say the
//! same. Each table's section holds a block between
//! `<!-- columns FILE -->` and `<!-- end columns -->`, and the formats are
//! explained between `<!-- formats -->` and `<!-- end formats -->`;
//! [`render`] fills every block in. A test compares the file with it
//! (`FRAMESCORE_BLESS=1 cargo test --test outputs_doc` rewrites it).

use super::{Spec, TABLES};
use crate::output::Format;

/// What each format means, for the docs.
pub fn format_meaning(format: Format) -> &'static str {
    match format {
        Format::Text => "text, as written; in the workbook a text cell (never a formula)",
        Format::Count => "a count or another whole number; the workbook shows no decimals",
        Format::Rate => "a rate per 1,000 tokens; the workbook shows two decimals",
        Format::Share => "a proportion between 0 and 1 (0.25 is a quarter); the workbook shows it as a percentage (25.0%)",
        Format::PValue => "a p-value; the workbook shows it in scientific notation (1.23E-05)",
        Format::Date => "a day as `YYYY-MM-DD`; the workbook holds a date cell where the text is exactly that",
        Format::Statistic => "a test statistic, effect size or residual; the workbook shows three decimals",
        Format::Number => "another number; the workbook's general format",
    }
}

/// The markdown table of a spec's columns.
pub fn columns_table(spec: &Spec) -> String {
    let mut out = String::from("| column | format | meaning |\n|---|---|---|\n");
    for c in spec.columns {
        out.push_str(&format!(
            "| `{}` | {} | {} |\n",
            c.name,
            c.format.label(),
            c.meaning.replace('|', "\\|")
        ));
    }
    out
}

/// The markdown table of the formats.
pub fn formats_table() -> String {
    let mut out = String::from("| format | meaning |\n|---|---|\n");
    for f in Format::ALL {
        out.push_str(&format!("| {} | {} |\n", f.label(), format_meaning(f)));
    }
    out
}

/// Why a document cannot be filled in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocError {
    #[error("docs/OUTPUTS.md: `{0}` opens a block that is never closed by `<!-- end ... -->`")]
    Unclosed(String),
    #[error("docs/OUTPUTS.md: `{0}` names no table of the registry")]
    Unknown(String),
    #[error("docs/OUTPUTS.md has no column block for {0}: add `<!-- columns {0} -->` and `<!-- end columns -->` to its section")]
    Missing(String),
}

/// `doc` with every generated block filled in from the code.
pub fn render(doc: &str) -> Result<String, DocError> {
    let mut out = String::with_capacity(doc.len());
    let mut rest = doc;
    let mut seen = Vec::new();
    while let Some(start) = rest.find("<!-- ") {
        let line_end = rest[start..]
            .find("-->")
            .map(|i| start + i + 3)
            .ok_or_else(|| DocError::Unclosed(rest[start..].lines().next().unwrap_or("").into()))?;
        let marker = rest[start + 5..line_end - 3].trim();
        let body = if marker == "formats" {
            Some(("<!-- end formats -->", formats_table()))
        } else if let Some(file) = marker.strip_prefix("columns ") {
            let table = TABLES
                .iter()
                .find(|t| t.name() == file)
                .ok_or_else(|| DocError::Unknown(file.to_string()))?;
            seen.push(file.to_string());
            Some(("<!-- end columns -->", columns_table(table.spec())))
        } else {
            None
        };
        out.push_str(&rest[..line_end]);
        rest = &rest[line_end..];
        if let Some((end, body)) = body {
            let close = rest
                .find(end)
                .ok_or_else(|| DocError::Unclosed(marker.to_string()))?;
            out.push('\n');
            out.push_str(&body);
            rest = &rest[close..];
        }
    }
    out.push_str(rest);
    if let Some(t) = TABLES.iter().find(|t| !seen.iter().any(|s| s == t.name())) {
        return Err(DocError::Missing(t.name().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_filled_and_the_rest_is_kept() {
        let mut doc = String::from("# t\n<!-- formats -->\nold\n<!-- end formats -->\nkept\n");
        for t in TABLES {
            doc.push_str(&format!(
                "## {0}\n<!-- columns {0} -->\nstale\n<!-- end columns -->\n",
                t.name()
            ));
        }
        let out = render(&doc).unwrap();
        assert!(!out.contains("stale") && !out.contains("old\n"));
        assert!(out.contains("kept\n"));
        assert!(out.contains(
            "there is none |\n| `<group>.<category>` | count | matches of the category in the article (0 when none)"
        ));
        assert!(out.contains("| share | a proportion between 0 and 1"));
        assert_eq!(render(&out).unwrap(), out, "rendering is idempotent");
        let e = render("<!-- columns counts.csv -->\n").unwrap_err();
        assert_eq!(e, DocError::Unclosed("columns counts.csv".into()));
        let e = render("<!-- formats -->\n<!-- end formats -->\n").unwrap_err();
        assert!(matches!(e, DocError::Missing(_)));
    }
}
