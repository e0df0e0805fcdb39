//! Nexis Uni Word exports (`.docx`): a cover page listing the documents,
//! then one document per section: the title, the outlet, the date
//! (`July 1, 2019 Monday 9:20 AM GMT`), a copyright line, bold fields
//! (`Section:`, `Length:`, `Byline:`), `Body`, the paragraphs, and after
//! them optional bold fields (`Classification`, `Language:`, `Subject:`,
//! `Load-Date:` ...) up to `End of Document`. Fields are kept as metadata
//! under their names in lower case (`byline`, `load_date`).
//!
//! The Office XML is read from the zip archive as a stream of paragraphs
//! (no LibreOffice, no whole-document tree); an article's origin is the
//! file and its document number.

use super::dates::DateReader;
use super::source::{self, Articles, Format, Source};
use super::text::{invalid, squash, Document};
use super::{Article, CorpusError};
use quick_xml::events::Event;
use std::io::BufReader;
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "nexis_uni",
    recognises: |path| source::has_extension(path, &[".docx"]),
    open: |o| {
        archive(o.path)?;
        Ok(Box::new(NexisUni {
            path: o.path.to_path_buf(),
            id_prefix: o.id_prefix.clone(),
        }))
    },
};

/// Opens the archive and checks it has a Word document in it.
fn archive(path: &Path) -> Result<zip::ZipArchive<std::fs::File>, CorpusError> {
    let file = std::fs::File::open(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let zip = zip::ZipArchive::new(file)
        .map_err(|e| invalid(path, format!("not a Word (.docx) file: {e}")))?;
    if zip.index_for_name("word/document.xml").is_none() {
        return Err(invalid(
            path,
            "no word/document.xml inside: not a Word (.docx) file",
        ));
    }
    Ok(zip)
}

#[derive(Debug)]
struct NexisUni {
    path: PathBuf,
    id_prefix: String,
}

impl Source for NexisUni {
    fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        match read_all(&self.path, &self.id_prefix) {
            Ok(articles) => Box::new(articles.into_iter()),
            Err(e) => source::failed(e),
        }
    }
}

/// One paragraph of the Word document.
#[derive(Debug, Default)]
struct Paragraph {
    text: String,
    /// Its first visible text is bold (fields and headings are).
    bold: bool,
    /// It closes a section (a page break between documents).
    section_end: bool,
}

/// Reads the documents: the zip entry is streamed through the XML parser
/// and each document becomes an article when its `End of Document` is
/// read. The file's articles are handed on together (Nexis Uni exports at
/// most 100 documents to a file).
fn read_all(
    path: &Path,
    id_prefix: &str,
) -> Result<Vec<Result<Article, CorpusError>>, CorpusError> {
    let mut zip = archive(path)?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|e| invalid(path, format!("cannot read word/document.xml: {e}")))?;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    let mut para = Paragraph::default();
    // Inside <w:t>, inside a run, inside a run's properties; whether the
    // run is bold.
    let (mut in_text, mut in_run, mut in_run_props, mut run_bold) = (false, false, false, false);
    let mut document: Vec<Paragraph> = Vec::new();
    let mut articles = Vec::new();
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| {
            invalid(
                path,
                format!("word/document.xml is not well-formed XML: {e}"),
            )
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "p" => para = Paragraph::default(),
                "r" => {
                    in_run = true;
                    run_bold = false;
                }
                "t" => in_text = true,
                "rPr" if in_run => in_run_props = true,
                // <w:b/>, or <w:b w:val="true|1|on">; not "false" or "0".
                "b" if in_run_props => {
                    let off = e
                        .try_get_attribute("w:val")
                        .ok()
                        .flatten()
                        .is_some_and(|a| matches!(&*a.value, "false" | "0" | "off"));
                    run_bold = !off;
                }
                "tab" => para.text.push(' '),
                "br" | "cr" => para.text.push('\n'),
                "sectPr" => para.section_end = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "rPr" => in_run_props = false,
                "r" => in_run = false,
                "p" => {
                    let p = std::mem::take(&mut para);
                    if p.section_end && !has_body(&document) {
                        // A new section starts a document (the cover page ends).
                        document.clear();
                    } else if p.bold && p.text.trim() == "End of Document" {
                        let number = articles.len() + 1;
                        let mut doc = parse(&document);
                        doc.id = format!("{id_prefix}doc{number}");
                        doc.origin = format!("{} (document {number})", path.display());
                        articles.push(doc.into_article());
                        document.clear();
                    } else {
                        document.push(p);
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let t = t.xml10_content();
                // A paragraph is bold when its first visible text is.
                if para.text.trim().is_empty() && !t.trim().is_empty() {
                    para.bold = run_bold;
                }
                para.text.push_str(&t);
            }
            Event::GeneralRef(r) if in_text => match r.resolve_char_ref() {
                Ok(Some(c)) => para.text.push(c),
                _ => para.text.push_str(entity(&r)),
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if articles.is_empty() {
        return Err(invalid(
            path,
            "no documents found (no paragraph `End of Document`): not a Nexis Uni export",
        ));
    }
    Ok(articles)
}

/// The text of the five predefined XML entities.
fn entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

fn has_body(document: &[Paragraph]) -> bool {
    document.iter().any(|p| p.bold && p.text.trim() == "Body")
}

/// `Key: value` in a bold paragraph (a no-break space after the colon).
fn field(p: &Paragraph) -> Option<(&str, &str)> {
    if !p.bold {
        return None;
    }
    let (key, value) = p.text.split_once(':')?;
    let ok = !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == ' ');
    ok.then(|| (key.trim(), value.trim()))
}

/// One document's paragraphs (between the section break or the previous
/// `End of Document` and its own) as a document.
fn parse(paras: &[Paragraph]) -> Document {
    let mut doc = Document::default();
    let body_at = paras
        .iter()
        .position(|p| p.bold && p.text.trim() == "Body")
        .unwrap_or(paras.len());
    // The header: the non-empty paragraphs before the first field.
    let first_field = paras[..body_at]
        .iter()
        .position(|p| field(p).is_some())
        .unwrap_or(body_at);
    let header: Vec<&str> = paras[..first_field]
        .iter()
        .map(|p| p.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    let reader = DateReader::new(&[]).ok();
    let date_at = header
        .iter()
        .position(|l| reader.is_some_and(|r| r.read(l).is_ok()));
    if let Some(d) = date_at {
        doc.date = header[d].to_string();
        if d >= 1 {
            doc.outlet = header[d - 1].to_string();
            doc.title = squash(&header[..d - 1].join(" "));
        }
        for line in &header[d + 1..] {
            if line.to_lowercase().starts_with("copyright") {
                doc.add_meta("copyright", line);
            }
        }
    } else if let [title, outlet, ..] = header.as_slice() {
        doc.title = title.to_string();
        doc.outlet = outlet.to_string();
    }
    for p in &paras[first_field..body_at] {
        if let Some((key, value)) = field(p) {
            doc.add_meta(key, value);
        }
    }
    let mut in_body = true;
    for p in paras.iter().skip(body_at + 1) {
        if p.bold && (field(p).is_some() || p.text.trim() == "Classification") {
            in_body = false;
        }
        if in_body {
            doc.paragraphs.push(squash(&p.text));
        } else if let Some((key, value)) = field(p) {
            doc.add_meta(key, value);
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, bold: bool) -> Paragraph {
        Paragraph {
            text: text.into(),
            bold,
            section_end: false,
        }
    }

    #[test]
    fn a_document_is_split_into_header_fields_body_and_classification() {
        let doc = parse(&[
            p("", false),
            p("Rebels take the city", true),
            p("The Daily Planet", false),
            p("March 3, 2015 Tuesday 9:20 AM GMT", false),
            p("Copyright 2015 Planet", false),
            p("Section:\u{a0}WORLD; Version:2", true),
            p("Byline:\u{a0}Lois Lane", true),
            p("Body", true),
            p("The rebels took the city.", false),
            p("", false),
            p("Militants: they disagreed.", false),
            p("Classification", true),
            p("Language:\u{a0}ENGLISH", true),
            p("Load-Date:\u{a0}March 4, 2015", true),
        ]);
        assert_eq!(doc.title, "Rebels take the city");
        assert_eq!(doc.outlet, "The Daily Planet");
        assert_eq!(doc.date, "March 3, 2015 Tuesday 9:20 AM GMT");
        assert_eq!(
            doc.paragraphs,
            [
                "The rebels took the city.",
                "",
                "Militants: they disagreed."
            ]
        );
        let keys: Vec<&str> = doc.meta.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["copyright", "section", "byline", "language", "load_date"]
        );
    }
}
