//! The list of corpus formats, in the order they are tried on a file: the
//! one place that knows every reader (each reader knows only
//! [`super::source`]).

use super::source::Format;
use std::path::Path;

/// Every format, in the order they are tried. A table (CSV/TSV) is the
/// fallback for a single file no other format recognises.
pub const FORMATS: &[Format] = &[
    super::jsonl::FORMAT,
    super::lexisnexis::FORMAT,
    super::nexis_uni::FORMAT,
    super::factiva_xml::FORMAT,
    super::factiva_html::FORMAT,
    super::parquet::FORMAT,
    super::sheet::FORMAT,
    super::table::FORMAT,
];

/// The format of a file, if any recognises it.
pub fn format_of(path: &Path) -> Option<&'static Format> {
    FORMATS.iter().find(|f| (f.recognises)(path))
}
