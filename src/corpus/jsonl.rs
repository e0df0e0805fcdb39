//! JSON Lines corpora (`.jsonl`, `.ndjson`, optionally `.gz`): one JSON
//! object per line, its keys named like a table's columns. Every value is
//! taken exactly as written in the file: a string's text (escapes
//! resolved), `null` as empty, and anything else (numbers, booleans,
//! arrays) as its JSON text, so `1.50` stays `1.50` and a 30-digit id
//! stays those 30 digits; a nested object's keys are named `outer.inner`
//! (NewsAPI's `source.name`). A key given twice in one object is an error.
//! A line is read up to [`crate::limits::RECORD_BYTES_MAX`].

use super::options::CorpusOptions;
use super::record::SeenIds;
use super::source::{self, Articles, Format, Source};
use super::{stream, Article, CorpusError};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::io::{BufRead, Read};
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
    max_line: u64,
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
            max_line: crate::limits::RECORD_BYTES_MAX,
        })
    }

    /// The next non-blank line, or `None` at the end.
    fn next_line(&mut self) -> Result<bool, CorpusError> {
        loop {
            self.buf.clear();
            let limit = self.max_line.saturating_add(1);
            let n = (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| {
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
            let body = self.buf.strip_suffix(b"\n").unwrap_or(&self.buf);
            if body.len() as u64 > self.max_line {
                self.done = true;
                return Err(CorpusError::Unreadable {
                    path: self.path.clone(),
                    line: self.line,
                    message: format!(
                        "the line is longer than {}, the most one line may hold (one article per line; split the article)",
                        crate::limits::bytes(self.max_line)
                    ),
                });
            }
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
        let object = parse_object(text).map_err(row_err)?;
        let names = &self.options.columns;
        let mut text_value = None;
        let mut values = Vec::with_capacity(object.len());
        for (key, raw) in object {
            if key == names.text {
                let value = cell(raw).map_err(|e| row_err(format!("key `{key}`: {e}")))?;
                text_value = Some(value);
            } else {
                flatten(key, raw, 0, &mut values).map_err(row_err)?;
            }
        }
        let Some(text) = text_value else {
            return Err(row_err(format!(
                "no key `{}` (choose the text's key with --text-column)",
                names.text
            )));
        };
        let fields: Vec<(&str, &str)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        self.seen
            .row_article(&fields, text, names, (&self.path, &self.id_prefix), line)
            .map(Some)
    }
}

/// How deep nested objects are named `outer.inner`; deeper ones are one
/// cell of JSON text.
const NESTING_NAMED: usize = 8;

/// A key and its value as cells: an object's keys are named `key.sub`
/// (NewsAPI's `source.name`), anything else is one cell.
fn flatten(
    key: String,
    raw: &RawValue,
    depth: usize,
    out: &mut Vec<(String, String)>,
) -> Result<(), String> {
    if raw.get().starts_with('{') && depth < NESTING_NAMED {
        for (k, v) in parse_object(raw.get())? {
            flatten(format!("{key}.{k}"), v, depth + 1, out)?;
        }
        return Ok(());
    }
    let value = cell(raw).map_err(|e| format!("key `{key}`: {e}"))?;
    out.push((key, value));
    Ok(())
}

/// The keys of a JSON object with their values as written, in file order;
/// `Err` says what is wrong (not JSON, not an object, a key twice).
fn parse_object(line: &str) -> Result<Vec<(String, &RawValue)>, String> {
    let mut de = serde_json::Deserializer::from_str(line);
    let object = de
        .deserialize_map(ObjectVisitor)
        .and_then(|o| de.end().map(|()| o))
        .map_err(|e| format!("not a JSON object: {e}: write one object per line"))?;
    let mut keys: Vec<&str> = object.iter().map(|(k, _)| k.as_str()).collect();
    keys.sort_unstable();
    if let Some(pair) = keys.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!(
            "key `{}` appears twice in the object: keep one",
            pair[0]
        ));
    }
    Ok(object)
}

/// Collects an object's (key, raw value) pairs.
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Vec<(String, &'de RawValue)>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
            out.push(entry);
        }
        Ok(out)
    }
}

/// A JSON value as a cell: a string's text, null as empty, anything else
/// as its JSON text exactly as written.
fn cell(raw: &RawValue) -> Result<String, serde_json::Error> {
    let json = raw.get();
    match json.as_bytes().first() {
        // A string without escapes is its bytes between the quotes (the
        // parser has checked them); one with escapes is decoded.
        Some(b'"') => match json.get(1..json.len() - 1) {
            Some(inner) if memchr::memchr(b'\\', inner.as_bytes()).is_none() => {
                Ok(inner.to_string())
            }
            _ => serde_json::from_str::<String>(json),
        },
        _ if json == "null" => Ok(String::new()),
        _ => Ok(json.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(line: &str) -> Result<Vec<(String, String)>, String> {
        parse_object(line)?
            .into_iter()
            .map(|(k, v)| Ok((k, cell(v).map_err(|e| e.to_string())?)))
            .collect()
    }

    #[test]
    fn values_are_taken_as_written() {
        let got = cells(
            r#"{"b": 1.50, "a": 123456789012345678901234567890, "c": true, "d": null, "e": [1, 2.0], "f": "x\"y\u00e9", "g": "plain", "h": 1e3}"#,
        )
        .unwrap();
        let want = [
            ("b", "1.50"),
            ("a", "123456789012345678901234567890"),
            ("c", "true"),
            ("d", ""),
            ("e", "[1, 2.0]"),
            ("f", "x\"yé"),
            ("g", "plain"),
            ("h", "1e3"),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_repeated_key_and_a_non_object_are_refused() {
        assert!(cells(r#"{"a": 1, "a": 2}"#)
            .unwrap_err()
            .contains("key `a` appears twice"));
        assert!(cells("[1, 2]").unwrap_err().contains("not a JSON object"));
        assert!(cells(r#"{"a": 1} x"#)
            .unwrap_err()
            .contains("not a JSON object"));
    }
}
