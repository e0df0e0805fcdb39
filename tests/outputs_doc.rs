//! docs/OUTPUTS.md's column tables are made from the tables' specs in
//! `src/report/tables/` (one source for the CSV headers, the docs and the
//! workbook's "Columns" sheet). This fails when the file and the code
//! differ; `FRAMESCORE_BLESS=1 cargo test --test outputs_doc` rewrites the
//! file's generated blocks from the code.

use framescore::report::tables::doc;
use std::path::Path;

#[test]
fn outputs_md_columns_are_the_code_s() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/OUTPUTS.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let made = doc::render(&text).unwrap_or_else(|e| panic!("{e}"));
    if std::env::var_os("FRAMESCORE_BLESS").is_some() {
        std::fs::write(&path, &made).unwrap();
        return;
    }
    if made != text {
        let first = text
            .lines()
            .zip(made.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(text.lines().count().min(made.lines().count()));
        panic!(
            "docs/OUTPUTS.md differs from the columns in src/report/tables/ from line {}:\n  file: {:?}\n  code: {:?}\nRun `FRAMESCORE_BLESS=1 cargo test --test outputs_doc` to rewrite it.",
            first + 1,
            text.lines().nth(first).unwrap_or(""),
            made.lines().nth(first).unwrap_or("")
        );
    }
}
