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
use std::collections::{HashMap, HashSet};
use std::path::Path;

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
    /// (group, path) -> index in `categories`: finding a category takes the
    /// same time however many there are.
    index: HashMap<(Option<String>, Vec<String>), usize>,
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
        let key = (group.map(str::to_string), path.to_vec());
        let next = self.categories.len();
        let i = *self.index.entry(key).or_insert(next);
        if i == next {
            self.categories.push(DraftCategory {
                group: group.map(str::to_string),
                path: path.to_vec(),
                terms: Vec::new(),
            });
        }
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
        // Group id -> index in `groups`; per group, the category ids taken.
        let mut group_index: HashMap<String, usize> = HashMap::new();
        let mut taken: Vec<HashSet<String>> = Vec::new();
        // Id -> the last suffix tried for it, so many categories named alike
        // do not each try every suffix from the first.
        let mut suffix: HashMap<String, usize> = HashMap::new();
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
            // An imported term has no language or stemming of its own.
            let mut keys: HashSet<(String, bool, bool, bool)> = HashSet::new();
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
                let (pattern, wildcard, leading, cs, _, _) = term.key();
                if keys.insert((pattern.to_string(), wildcard, leading, cs)) {
                    terms.push(term);
                }
            }
            if terms.is_empty() {
                continue;
            }
            let g = *group_index.entry(gid.clone()).or_insert_with(|| {
                groups.push(Group {
                    id: gid,
                    question: String::new(),
                    overlapping: false,
                    categories: Vec::new(),
                });
                taken.push(HashSet::new());
                groups.len() - 1
            });
            let (group, ids) = (&mut groups[g], &mut taken[g]);
            let mut id = id;
            let base = id.clone();
            let n = suffix.entry(format!("{g}/{base}")).or_insert(1);
            while ids.contains(&id) {
                *n += 1;
                id = format!("{base}_{n}");
            }
            ids.insert(id.clone());
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
    let text = super::bounds::read_file(path)?;
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
    // Counted before any term is built, and again after.
    let entries = draft.categories.iter().map(|c| c.terms.len()).sum();
    super::bounds::check_term_count(entries, path)?;
    let lexicon = draft.into_lexicon(path)?;
    super::bounds::check_size(&lexicon)?;
    Ok(lexicon)
}
