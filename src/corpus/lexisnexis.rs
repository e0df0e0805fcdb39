//! LexisNexis plain-text exports (`.txt`, the "N of M DOCUMENTS" layout),
//! in UTF-8 (with or without a byte-order mark) or Windows-1252. Each
//! document is a centred header (the outlet, the date as `January 11, 2010
//! Monday`, edition lines), the title, lead fields (`BYLINE:`, `SECTION:`,
//! `LENGTH:`), the body, trailing fields (`LOAD-DATE:`, `LANGUAGE:`,
//! `PUBLICATION-TYPE:` ...) and a centred copyright notice. Every field is
//! kept as metadata under its name in lower case (`byline`, `load_date`).
//!
//! The file is read a line at a time and a document at a time; an article's
//! origin is the file and the line of its "N of M DOCUMENTS".

use super::dates::DateReader;
use super::source::{self, Articles, Format, Source};
use super::text::{decode, squash, Document};
use super::{stream, Article, CorpusError};
use std::io::BufRead;
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "lexisnexis",
    recognises: |path| {
        source::has_extension(path, &[".txt"])
            && decode(&source::head(path, 1 << 16))
                .lines()
                .any(is_document_line)
    },
    open: |o| {
        Ok(Box::new(LexisNexis {
            path: o.path.to_path_buf(),
            id_prefix: o.id_prefix.clone(),
        }))
    },
};

#[derive(Debug)]
struct LexisNexis {
    path: PathBuf,
    id_prefix: String,
}

impl Source for LexisNexis {
    fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        match stream::open(&self.path) {
            Ok(reader) => Box::new(Documents {
                path: &self.path,
                id_prefix: &self.id_prefix,
                reader,
                line: 0,
                current: None,
                number: 0,
                done: false,
            }),
            Err(e) => source::failed(e),
        }
    }
}

/// `1 of 10 DOCUMENTS`, `8 of 383 DOCUMENTS`: a document starts.
fn is_document_line(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    matches!(
        words.as_slice(),
        [n, of, m, docs]
            if n.bytes().all(|b| b.is_ascii_digit())
                && of.eq_ignore_ascii_case("of")
                && m.bytes().all(|b| b.is_ascii_digit())
                && (docs.eq_ignore_ascii_case("documents") || docs.eq_ignore_ascii_case("document"))
    )
}

/// Streams a file's documents as articles.
struct Documents<'a> {
    path: &'a Path,
    id_prefix: &'a str,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    /// The document being gathered: its first line and its lines.
    current: Option<(u64, Vec<String>)>,
    number: u64,
    done: bool,
}

impl Documents<'_> {
    /// The next line, decoded, without its line ending; `None` at the end.
    fn next_line(&mut self) -> Result<Option<String>, CorpusError> {
        let mut buf = Vec::new();
        let n = self.reader.read_until(b'\n', &mut buf).map_err(|e| {
            super::text::invalid(
                self.path,
                format!(
                    "after line {}: {}",
                    self.line,
                    stream::read_error(self.path, &e)
                ),
            )
        })?;
        if n == 0 {
            return Ok(None);
        }
        self.line += 1;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(decode(&buf).replace('\u{c}', "")))
    }

    /// The next whole document's lines and first line.
    fn next_document(&mut self) -> Result<Option<(u64, Vec<String>)>, CorpusError> {
        while let Some(line) = self.next_line()? {
            if is_document_line(&line) {
                let done = self.current.replace((self.line, Vec::new()));
                if done.is_some() {
                    return Ok(done);
                }
            } else if let Some((_, lines)) = &mut self.current {
                lines.push(line);
            }
        }
        if self.current.is_none() && self.number == 0 {
            return Err(super::text::invalid(
                self.path,
                "no `1 of N DOCUMENTS` line: not a LexisNexis text export (a CSV table needs the .csv extension)",
            ));
        }
        Ok(self.current.take())
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_document() {
            Ok(Some((line, lines))) => {
                self.number += 1;
                let mut doc = parse(&lines);
                doc.id = format!("{}doc{}", self.id_prefix, self.number);
                doc.origin = format!("{}:{line}", self.path.display());
                Some(doc.into_article())
            }
            Ok(None) => None,
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Fields that come before the body.
const LEAD: &[&str] = &[
    "BYLINE",
    "SECTION",
    "LENGTH",
    "DATELINE",
    "HIGHLIGHT",
    "HEADLINE",
    "EDITION",
    "AUTHOR",
    "SOURCE",
    "BODY",
    "ABSTRACT",
];

/// Fields that come after the body: the first one ends it.
const TRAILER: &[&str] = &[
    "LOAD-DATE",
    "LANGUAGE",
    "GRAPHIC",
    "PUBLICATION-TYPE",
    "JOURNAL-CODE",
    "DOCUMENT-TYPE",
    "CORRECTION-DATE",
    "CORRECTION",
    "NOTES",
    "NOTE",
    "SUBJECT",
    "ORGANIZATION",
    "INDUSTRY",
    "GEOGRAPHIC",
    "PERSON",
    "CITY",
    "STATE",
    "COUNTRY",
    "TICKER",
    "COMPANY",
    "URL",
    "TYPE",
    "SERIES",
    "DISTRIBUTION",
    "ACC-NO",
    "PUB-TYPE",
];

/// `KEY: value` at the start of a line, for a key in `keys`.
fn field<'a>(line: &'a str, keys: &[&str]) -> Option<(&'a str, &'a str)> {
    if line.starts_with(char::is_whitespace) {
        return None;
    }
    let (key, value) = line.split_once(':')?;
    keys.contains(&key).then(|| (key, value.trim()))
}

fn indented(line: &str) -> bool {
    line.starts_with(char::is_whitespace)
}

/// The paragraphs of some lines: runs of non-blank lines.
fn paragraphs(lines: &[String]) -> Vec<&[String]> {
    lines
        .split(|l| l.trim().is_empty())
        .filter(|p| !p.is_empty())
        .collect()
}

/// One document's lines (after its "N of M DOCUMENTS") as a document.
fn parse(lines: &[String]) -> Document {
    let mut doc = Document::default();
    let paras = paragraphs(lines);
    let mut k = 0;
    // The header: the centred paragraphs (outlet, date, edition), then one
    // paragraph for the title, unless a field comes first.
    let is_field = |p: &[String]| {
        p.first()
            .is_some_and(|l| field(l, LEAD).is_some() || field(l, TRAILER).is_some())
    };
    let mut header: Vec<&String> = Vec::new();
    while let Some(p) = paras
        .get(k)
        .filter(|p| !is_field(p) && p.iter().all(|l| indented(l)))
    {
        header.extend(p.iter());
        k += 1;
    }
    if let Some(p) = paras.get(k).filter(|p| !is_field(p)) {
        header.extend(p.iter());
        k += 1;
    }
    header_fields(&header, &mut doc);
    // Lead fields, each with its continuation lines.
    while let Some(p) = paras.get(k) {
        let Some((key, value)) = p.first().and_then(|l| field(l, LEAD)) else {
            break;
        };
        let rest: Vec<&str> = p[1..].iter().map(String::as_str).collect();
        doc.add_meta(key, &format!("{value} {}", rest.join(" ")));
        k += 1;
    }
    // The body, up to the first trailing field.
    let mut body = Vec::new();
    while let Some(p) = paras.get(k) {
        if p.first().and_then(|l| field(l, TRAILER)).is_some() {
            break;
        }
        body.push(*p);
        k += 1;
    }
    // A centred copyright notice when no trailing field came first.
    while body.last().is_some_and(|p| p.iter().all(|l| indented(l))) {
        if let Some(p) = body.pop() {
            copyright(p, &mut doc);
        }
    }
    doc.paragraphs = body.iter().map(|p| squash(&p.join(" "))).collect();
    // Trailing fields; the centred notice after them.
    let mut last_key: Option<usize> = None;
    for p in &paras[k..] {
        match p.first().and_then(|l| field(l, TRAILER)) {
            Some((key, value)) => {
                let rest: Vec<&str> = p[1..].iter().map(String::as_str).collect();
                doc.add_meta(key, &format!("{value} {}", rest.join(" ")));
                last_key = Some(doc.meta.len());
            }
            None if p.iter().all(|l| indented(l)) => copyright(p, &mut doc),
            // A field's value broken by a blank line (GRAPHIC, NOTES).
            None => {
                if let Some((_, v)) = last_key.and_then(|n| doc.meta.get_mut(n.wrapping_sub(1))) {
                    v.push(' ');
                    v.push_str(&squash(&p.join(" ")));
                }
            }
        }
    }
    doc
}

/// The outlet (the first line), the date (the first line after it that
/// reads as a date), edition lines (centred, after the date) and the
/// title (the lines that are not centred).
fn header_fields(header: &[&String], doc: &mut Document) {
    let reader = DateReader::new(&[]).ok();
    let mut centred = header.iter().take_while(|l| indented(l));
    if let Some(outlet) = centred.next() {
        doc.outlet = outlet.trim().to_string();
    }
    let mut edition = Vec::new();
    for line in centred {
        if doc.date.is_empty() && reader.is_some_and(|r| r.read(line).is_ok()) {
            doc.date = line.trim().to_string();
        } else if !doc.date.is_empty() {
            edition.push(line.trim().trim_end_matches(';').to_string());
        }
    }
    if !edition.is_empty() {
        doc.add_meta("edition", &edition.join("; "));
    }
    let title: Vec<&str> = header
        .iter()
        .skip_while(|l| indented(l))
        .map(|l| l.trim())
        .collect();
    doc.title = squash(&title.join(" "));
}

/// Keeps a centred `Copyright ...` notice as metadata.
fn copyright(p: &[String], doc: &mut Document) {
    let text = squash(&p.join(" "));
    if text.to_lowercase().starts_with("copyright") {
        doc.add_meta("copyright", &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines().map(str::to_string).collect()
    }

    #[test]
    fn a_document_is_split_into_header_fields_body_and_trailer() {
        let doc = parse(&lines(
            "\n\n          The Daily Planet\n\n          March 3, 2015 Tuesday\n               Late Edition;\n               Metro\n\nRebels take the city\nafter a long siege\n\nBYLINE: Lois Lane\n\nSECTION: WORLD; Pg. 4\n\nLENGTH: 12 words\n\nThe rebels took the city.\nThey said so.\n\nMilitants disagreed.\n\nLOAD-DATE: March 4, 2015\n\nLANGUAGE: ENGLISH\n\nGRAPHIC: A photo\nof the city\n\n        Copyright 2015 Planet\n            All Rights Reserved\n",
        ));
        assert_eq!(doc.outlet, "The Daily Planet");
        assert_eq!(doc.date, "March 3, 2015 Tuesday");
        assert_eq!(doc.title, "Rebels take the city after a long siege");
        assert_eq!(
            doc.paragraphs,
            [
                "The rebels took the city. They said so.",
                "Militants disagreed."
            ]
        );
        let meta: Vec<(&str, &str)> = doc
            .meta
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            meta,
            [
                ("edition", "Late Edition; Metro"),
                ("byline", "Lois Lane"),
                ("section", "WORLD; Pg. 4"),
                ("length", "12 words"),
                ("load_date", "March 4, 2015"),
                ("language", "ENGLISH"),
                ("graphic", "A photo of the city"),
                ("copyright", "Copyright 2015 Planet All Rights Reserved"),
            ]
        );
    }

    #[test]
    fn a_document_without_lead_fields_keeps_its_body() {
        let doc = parse(&lines(
            "\n          Evening Star\n\n          May 1, 2015 Friday\n\nA title\n\nFirst paragraph\nwrapped.\n\nSecond.\n\nLOAD-DATE: May 2, 2015\n",
        ));
        assert_eq!(
            (doc.outlet.as_str(), doc.title.as_str()),
            ("Evening Star", "A title")
        );
        assert_eq!(doc.paragraphs, ["First paragraph wrapped.", "Second."]);
    }

    #[test]
    fn document_lines_are_recognised() {
        assert!(is_document_line("                 1 of 10 DOCUMENTS"));
        assert!(is_document_line("8 of 383 DOCUMENTS\r"));
        assert!(!is_document_line("one of 10 DOCUMENTS"));
        assert!(!is_document_line("1 of 10 documents were lost"));
    }
}
