//! Factiva XML exports (`.xml` holding `ppsarticle` elements): per article
//! `sourceName` (the outlet), `publicationDate` (`date` or `dateTime`,
//! ISO), `headline`, `leadParagraph` and `tailParagraphs` (the text),
//! `accessionNo` (the id), `baseLanguage`, `byline`, `sectionName`, and the
//! region and subject codes (`region code="usa"`, `newsSubject
//! code="gpol"`), kept as one `region` and `subject` metadata entry per
//! code (names beside them as `region_name`, `subject_name`).
//!
//! The file is parsed as a stream of XML events; an article's origin is the
//! file and the line its `ppsarticle` starts on.

use super::source::{self, Articles, Format, Source};
use super::text::{self, invalid, squash, Document, LineCount};
use super::{stream, Article, CorpusError};
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "factiva_xml",
    recognises: |path| {
        source::has_extension(path, &[".xml"])
            && String::from_utf8_lossy(&source::head(path, 1 << 16)).contains("<ppsarticle")
    },
    open: |o| {
        Ok(Box::new(FactivaXml {
            path: o.path.to_path_buf(),
            id_prefix: o.id_prefix.clone(),
        }))
    },
};

#[derive(Debug)]
struct FactivaXml {
    path: PathBuf,
    id_prefix: String,
}

impl Source for FactivaXml {
    fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self, _part: usize) -> Articles<'_> {
        match stream::open(&self.path) {
            Ok(reader) => Box::new(Ppsarticles {
                path: &self.path,
                id_prefix: &self.id_prefix,
                xml: quick_xml::Reader::from_reader(LineCount::new(reader)),
                number: 0,
                done: false,
            }),
            Err(e) => source::failed(e),
        }
    }
}

type Input = LineCount<Box<dyn BufRead + Send>>;

/// Streams a file's `ppsarticle` elements as articles.
struct Ppsarticles<'a> {
    path: &'a Path,
    id_prefix: &'a str,
    xml: quick_xml::Reader<Input>,
    number: u64,
    done: bool,
}

/// Where a text node goes, by the element it is in.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Outlet,
    Date,
    Headline,
    Lead,
    Tail,
    Id,
    /// A metadata value under this key.
    Meta(&'static str),
    /// An element with a code attribute (`region`): its `name` is the
    /// code's name.
    Coded(&'static str),
    Other,
}

impl Ppsarticles<'_> {
    fn error(&self, e: impl std::fmt::Display) -> CorpusError {
        let line = self.xml.get_ref().line();
        invalid(self.path, format!("line {line}: not well-formed XML: {e}"))
    }

    /// The next `ppsarticle` as a document; `None` at the end.
    fn next_document(&mut self) -> Result<Option<Document>, CorpusError> {
        let mut buf = Vec::new();
        let mut doc: Option<Document> = None;
        // The open elements' slots, innermost last.
        let mut slots: Vec<Slot> = Vec::new();
        // The paragraph being read (lead and tail texts come in paragraphs).
        let mut para = String::new();
        // The metadata value being read.
        let mut value = String::new();
        loop {
            let event = self
                .xml
                .read_event_into(&mut buf)
                .map_err(|e| self.error(e))?;
            match event {
                Event::Start(e) => {
                    let name = e.local_name().as_ref().to_string();
                    if name == "ppsarticle" {
                        self.number += 1;
                        let line = self.xml.get_ref().line();
                        doc = Some(Document {
                            origin: format!("{}:{line}", self.path.display()),
                            ..Document::default()
                        });
                        slots.clear();
                    } else if let Some(doc) = &mut doc {
                        let parent = slots.last().copied().unwrap_or(Slot::Other);
                        let slot = slot(&name, parent);
                        codes(&e, slot, doc);
                        slots.push(slot);
                    }
                }
                Event::Empty(e) => {
                    if let Some(doc) = &mut doc {
                        let parent = slots.last().copied().unwrap_or(Slot::Other);
                        codes(&e, slot(e.local_name().as_ref(), parent), doc);
                    }
                }
                Event::Text(t) => {
                    if let (Some(doc), Some(&slot)) = (&mut doc, slots.last()) {
                        push_text(doc, slot, &t.xml10_content(), &mut para, &mut value);
                    }
                }
                Event::CData(t) => {
                    if let (Some(doc), Some(&slot)) = (&mut doc, slots.last()) {
                        push_text(doc, slot, &t, &mut para, &mut value);
                    }
                }
                Event::GeneralRef(r) => {
                    if let (Some(doc), Some(&slot)) = (&mut doc, slots.last()) {
                        let ch = match r.as_ref() {
                            "amp" => "&".to_string(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            n => r
                                .resolve_char_ref()
                                .ok()
                                .flatten()
                                .map_or_else(|| format!("&{n};"), String::from),
                        };
                        push_text(doc, slot, &ch, &mut para, &mut value);
                    }
                }
                Event::End(e) => {
                    let name = e.local_name();
                    if name.as_ref() == "ppsarticle" {
                        return Ok(doc);
                    }
                    let Some(doc) = &mut doc else { continue };
                    let slot = slots.pop().unwrap_or(Slot::Other);
                    if let Slot::Meta(key) = slot {
                        if slots.last() != Some(&slot) {
                            let v = std::mem::take(&mut value);
                            let v = if key == "language" {
                                v.to_lowercase()
                            } else {
                                v
                            };
                            doc.add_meta(key, &v);
                        }
                    }
                    let closes_para = name.as_ref() == "paragraph"
                        || (matches!(slot, Slot::Lead | Slot::Tail)
                            && !slots.last().is_some_and(|s| *s == slot));
                    if closes_para && matches!(slot, Slot::Lead | Slot::Tail) {
                        let p = squash(&std::mem::take(&mut para));
                        if !p.is_empty() {
                            doc.paragraphs.push(p);
                        }
                    }
                }
                Event::Eof => {
                    return match doc {
                        Some(_) => Err(self.error("the file ends inside a <ppsarticle>")),
                        None => Ok(None),
                    };
                }
                _ => {}
            }
            buf.clear();
        }
    }
}

/// The slot of element `name` inside one of slot `parent`.
fn slot(name: &str, parent: Slot) -> Slot {
    match (name, parent) {
        ("sourceName", _) => Slot::Outlet,
        ("publicationDate", _) => Slot::Date,
        ("headline", _) => Slot::Headline,
        ("leadParagraph", _) => Slot::Lead,
        ("tailParagraphs", _) => Slot::Tail,
        ("accessionNo", _) => Slot::Id,
        ("baseLanguage", _) => Slot::Meta("language"),
        ("byline", _) => Slot::Meta("byline"),
        ("sectionName", _) => Slot::Meta("section"),
        ("edition", _) => Slot::Meta("edition"),
        ("page" | "pages", _) => Slot::Meta("page"),
        ("wordCount", _) => Slot::Meta("word_count"),
        ("publisherName", _) => Slot::Meta("publisher"),
        ("copyright", _) => Slot::Meta("copyright"),
        ("region", _) => Slot::Coded("region"),
        ("newsSubject", _) => Slot::Coded("subject"),
        ("company", _) => Slot::Coded("company"),
        ("industry", _) => Slot::Coded("industry"),
        ("name", Slot::Coded("region")) => Slot::Meta("region_name"),
        ("name", Slot::Coded("subject")) => Slot::Meta("subject_name"),
        ("name", Slot::Coded("company")) => Slot::Meta("company_name"),
        ("name", Slot::Coded("industry")) => Slot::Meta("industry_name"),
        (_, parent) => parent,
    }
}

/// Keeps a region's or subject's code (an attribute) as metadata.
fn codes(e: &BytesStart<'_>, slot: Slot, doc: &mut Document) {
    let Slot::Coded(key) = slot else { return };
    if let Some(code) = e
        .try_get_attribute("code")
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::default()).ok())
    {
        doc.add_meta(key, &code);
    }
}

/// Adds a text node to the document field its slot names; a metadata
/// value is gathered in `value` until its element ends.
fn push_text(doc: &mut Document, slot: Slot, t: &str, para: &mut String, value: &mut String) {
    match slot {
        Slot::Outlet => doc.outlet.push_str(t),
        Slot::Date => doc.date.push_str(t.trim()),
        Slot::Headline => doc.title.push_str(t),
        Slot::Lead | Slot::Tail => para.push_str(t),
        Slot::Id => doc.id.push_str(t.trim()),
        Slot::Meta(_) => value.push_str(t),
        Slot::Coded(_) | Slot::Other => {}
    }
}

impl Iterator for Ppsarticles<'_> {
    type Item = Result<Article, CorpusError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_document() {
            Ok(Some(mut doc)) => {
                if doc.id.is_empty() {
                    doc.id = format!("{}doc{}", self.id_prefix, self.number);
                }
                doc.title = text::squash(&doc.title);
                Some(doc.into_article())
            }
            Ok(None) => {
                self.done = true;
                if self.number == 0 {
                    return Some(Err(invalid(
                        self.path,
                        "no <ppsarticle> element: not a Factiva XML export",
                    )));
                }
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}
