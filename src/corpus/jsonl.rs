//! JSON Lines corpora (`.jsonl`, `.ndjson`, optionally `.gz`): one JSON
//! object per line, its keys named like a table's columns. Strings are taken
//! as they are, numbers and booleans as written, `null` as empty; a nested
//! object's keys are named `outer.inner` (NewsAPI's `source.name`).

use super::options::CorpusOptions;
use super::record::SeenIds;
use super::source::{self, Articles, Format, Source};
use super::{stream, Article, CorpusError};
use std::io::BufRead;
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "jsonl",
    recognises: |path| source::has_extension(path, &[".jsonl", ".ndjson"]),
    open: |o| {
        Ok(Box::new(Jsonl {
            path: o.path.to_path_buf(),
            options: o.options.clone(),
            id_prefix: o.id_prefix.clone(),
        }))
    },
};

/// A JSON Lines file.
#[derive(Debug)]
struct Jsonl {
    path: PathBuf,
    options: CorpusOptions,
    id_prefix: String,
}

impl Source for Jsonl {
    fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        match JsonlRows::open(&self.path, &self.options) {
            Ok(mut rows) => {
                rows.id_prefix.clone_from(&self.id_prefix);
                Box::new(rows)
            }
            Err(e) => source::failed(e),
        }
    }
}

/// Streams the lines of a JSON Lines file as articles.
struct JsonlRows {
    path: PathBuf,
    id_prefix: String,
    reader: Box<dyn BufRead + Send>,
    options: CorpusOptions,
    buf: Vec<u8>,
    line: u64,
    seen: SeenIds,
    done: bool,
}

impl JsonlRows {
    pub fn open(path: &Path, options: &CorpusOptions) -> Result<JsonlRows, CorpusError> {
        Ok(JsonlRows {
            path: path.to_path_buf(),
            id_prefix: String::new(),
            reader: stream::open(path)?,
            options: options.clone(),
            buf: Vec::new(),
            line: 0,
            seen: SeenIds::default(),
            done: false,
        })
    }

    /// The next non-blank line, or `None` at the end.
    fn next_line(&mut self) -> Result<bool, CorpusError> {
        loop {
            self.buf.clear();
            let n = self.reader.read_until(b'\n', &mut self.buf).map_err(|e| {
                self.done = true;
                CorpusError::Invalid {
                    path: self.path.clone(),
                    message: format!(
                        "after line {}: {}",
                        self.line,
                        stream::read_error(&self.path, &e)
                    ),
                }
            })?;
            if n == 0 {
                return Ok(false);
            }
            self.line += 1;
            if !self.buf.iter().all(u8::is_ascii_whitespace) {
                return Ok(true);
            }
        }
    }

    fn row(&mut self) -> Result<Option<Article>, CorpusError> {
        if !self.next_line()? {
            return Ok(None);
        }
        let line = self.line;
        let row_err = |message: String| CorpusError::Row {
            path: self.path.clone(),
            line,
            message,
        };
        let bytes = match (line, self.buf.strip_prefix(b"\xEF\xBB\xBF")) {
            (1, Some(rest)) => rest,
            _ => &self.buf[..],
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            row_err(format!(
                "invalid UTF-8 at byte {} of the line: convert the file to UTF-8",
                e.valid_up_to()
            ))
        })?;
        let mut object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
            .map_err(|e| row_err(format!("not a JSON object: {e}: write one object per line")))?;
        let names = &self.options.columns;
        let Some(text) = object.remove(&names.text) else {
            return Err(row_err(format!(
                "no key `{}` (choose the text's key with --text-column)",
                names.text
            )));
        };
        let mut values: Vec<(String, String)> = Vec::with_capacity(object.len());
        for (k, v) in object {
            flatten(k, v, &mut values);
        }
        let fields: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.seen
            .row_article(
                &fields,
                cell(text),
                names,
                (&self.path, &self.id_prefix),
                line,
            )
            .map(Some)
    }
}

/// A key and its value as cells: an object's keys are named `key.sub`
/// (NewsAPI's `source.name`), anything else is one cell.
fn flatten(key: String, value: serde_json::Value, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(object) => {
            for (k, v) in object {
                flatten(format!("{key}.{k}"), v, out);
            }
        }
        other => out.push((key, cell(other))),
    }
}

/// A JSON value as a cell: a string as it is, null as empty, anything else
/// as JSON.
fn cell(value: serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

impl Iterator for JsonlRows {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.row().transpose()
    }
}
