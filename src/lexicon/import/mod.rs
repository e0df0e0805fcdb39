//! Imports: reads the dictionary formats researchers already have (LIWC
//! `.dic`, quanteda YAML, WordStat `.cat`, Lexicoder `.lc3`, plain CSV) into
//! a [`Lexicon`]. Each format module parses its file into a [`Draft`] (flat
//! list of categories with terms and source lines); [`Draft::into_lexicon`]
//! turns it into one framescore group, nested categories as paths, marked
//! `overlapping` when the file puts a term in several categories. A malformed
//! file is refused with its path, line and what is wrong.

mod csv;
mod lexicoder;
mod liwc;
mod wordstat;
mod yaml;

use super::{Category, Group, Lexicon, LexiconError, Rules, Term};
use std::path::{Path, PathBuf};

/// A dictionary format framescore can import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Liwc,
    Yaml,
    WordStat,
    Lexicoder,
    Csv,
}

impl Format {
    /// The format named by a file's extension; `None` for TOML and unknown.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "dic" => Some(Format::Liwc),
            "yml" | "yaml" => Some(Format::Yaml),
            "cat" => Some(Format::WordStat),
            "lc3" => Some(Format::Lexicoder),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// A parsed dictionary before validation.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    pub categories: Vec<DraftCategory>,
}

#[derive(Debug)]
pub(crate) struct DraftCategory {
    /// Group id; `None` is the file's own group (named after the file).
    pub group: Option<String>,
    /// Category names from the top down, as written in the file.
    pub path: Vec<String>,
    /// (term as written, weight, 1-based line).
    pub terms: Vec<(String, f64, usize)>,
}

impl Draft {
    /// The category at `path` in `group`, created on first use.
    pub fn category(&mut self, group: Option<&str>, path: &[String]) -> &mut DraftCategory {
        let i = match self
            .categories
            .iter()
            .position(|c| c.group.as_deref() == group && c.path == path)
        {
            Some(i) => i,
            None => {
                self.categories.push(DraftCategory {
                    group: group.map(str::to_string),
                    path: path.to_vec(),
                    terms: Vec::new(),
                });
                self.categories.len() - 1
            }
        };
        &mut self.categories[i]
    }

    /// Validates every term and builds the lexicon.
    pub fn into_lexicon(self, path: &Path) -> Result<Lexicon, LexiconError> {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "lexicon".into());
        let own = sanitise(&stem);
        let mut groups: Vec<Group> = Vec::new();
        let mut skipped = Vec::new();
        for dc in self.categories {
            let gid = dc.group.as_deref().map_or_else(|| own.clone(), sanitise);
            let id = dc
                .path
                .iter()
                .map(|p| sanitise(p))
                .collect::<Vec<_>>()
                .join("/");
            let line = dc.terms.first().map_or(1, |t| t.2);
            let mut terms: Vec<Term> = Vec::new();
            for (text, weight, line) in dc.terms {
                // An entry framescore cannot express is left out with a
                // note naming its line, rather than refusing the dictionary.
                let mut term = match Term::new(&text, false, line) {
                    Ok(t) => t,
                    Err(m) => {
                        skipped.push(format!("{}:{line}: skipped: {m}", path.display()));
                        continue;
                    }
                };
                term.weight = weight;
                // A repeated entry within one category adds nothing: keep one.
                if !terms.iter().any(|t| t.key() == term.key()) {
                    terms.push(term);
                }
            }
            if terms.is_empty() {
                continue;
            }
            let group = match groups.iter_mut().position(|g| g.id == gid) {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(Group {
                        id: gid.clone(),
                        question: String::new(),
                        overlapping: false,
                        categories: Vec::new(),
                    });
                    let last = groups.len() - 1;
                    &mut groups[last]
                }
            };
            let mut id = id;
            let base = id.clone();
            let mut n = 1;
            while group.categories.iter().any(|c| c.id == id) {
                n += 1;
                id = format!("{base}_{n}");
            }
            group.categories.push(Category {
                id,
                terms,
                rules: Rules::default(),
                line,
            });
        }
        if groups.is_empty() {
            return Err(invalid(
                path,
                1,
                "no categories with terms found: is this the right format?".into(),
            ));
        }
        for g in &mut groups {
            g.overlapping = shares_terms(g);
        }
        let mut lexicon = Lexicon::new(stem, String::new(), path, groups);
        lexicon.notes = skipped;
        Ok(lexicon)
    }
}

/// True when some term is in two categories of the group.
fn shares_terms(group: &Group) -> bool {
    let mut seen = std::collections::HashMap::new();
    for (c, cat) in group.categories.iter().enumerate() {
        for t in &cat.terms {
            if *seen.entry(t.key()).or_insert(c) != c {
                return true;
            }
        }
    }
    false
}

/// A category or group name as an id: `+`, `=` and `&` become `plus`,
/// `equal` and `and`; other characters than letters, digits, `_` and `-`
/// become `_` (runs collapsed, none at the ends).
pub(crate) fn sanitise(name: &str) -> String {
    let mut s = String::new();
    for c in name.trim().chars() {
        match c {
            '+' => s.push_str("_plus_"),
            '=' => s.push_str("_equal_"),
            '&' => s.push_str("_and_"),
            c if c.is_alphanumeric() || c == '_' || c == '-' => s.push(c),
            _ => s.push('_'),
        }
    }
    let mut out = String::new();
    for c in s.chars() {
        if !(c == '_' && (out.is_empty() || out.ends_with('_'))) {
            out.push(c);
        }
    }
    let out = out.trim_end_matches('_').to_string();
    if out.is_empty() {
        "_".into()
    } else {
        out
    }
}

pub(crate) fn invalid(path: &Path, line: usize, message: String) -> LexiconError {
    LexiconError::Invalid {
        path: path.to_path_buf(),
        line,
        column: 1,
        message,
    }
}

/// Lines of a text with any line ending (LF, CRLF, old-Mac CR), BOM
/// removed, numbered from 1.
pub(crate) fn lines(text: &str) -> Vec<(usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push((out.len() + 1, &text[start..i]));
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() {
        out.push((out.len() + 1, &text[start..]));
    }
    out
}

/// Reads an imported dictionary.
pub fn load(path: &Path, format: Format) -> Result<Lexicon, LexiconError> {
    let io = |source| LexiconError::Io {
        path: PathBuf::from(path),
        source,
    };
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        invalid(
            path,
            1,
            format!("not UTF-8 (invalid byte at offset {at}): convert the file to UTF-8"),
        )
    })?;
    parse(&text, path, format)
}

/// Reads an imported dictionary from its text; `path` names it in messages
/// and gives the group name of single-group formats. Used by [`load`] and
/// by the fuzz targets.
pub fn parse(text: &str, path: &Path, format: Format) -> Result<Lexicon, LexiconError> {
    let draft = match format {
        Format::Liwc => liwc::parse(text, path)?,
        Format::Yaml => yaml::parse(text, path)?,
        Format::WordStat => wordstat::parse(text, path)?,
        Format::Lexicoder => lexicoder::parse(text, path)?,
        Format::Csv => csv::parse(text, path)?,
    };
    draft.into_lexicon(path)
}
