//! Factiva HTML exports (`.html`/`.htm`, the page a browser saves from
//! Factiva's article view): one `<div class="article xxArticle">` per
//! article (`xx` its language), holding a table of two-letter fields: `HD`
//! (headline), `SN` (source name: the outlet), `PD` (publication date, in
//! the exporting machine's language: `29 December 2011`, `29 décembre
//! 2011`), `LP` and `TD` (lead and body paragraphs), `AN` (accession
//! number: the id), `BY`, `SE`, `LA`, `NS` and `RE` (subject and region
//! codes with their names, `gpol : Domestic Politics | ...`), and others.
//!
//! A saved page is parsed whole (it holds at most a few hundred articles)
//! with an HTML5 parser, as browsers read it; an article's origin is the
//! file and its article number.

use super::source::{self, Articles, Format, Source};
use super::text::{decode, invalid, squash, Document};
use super::{stream, Article, CorpusError};
use scraper::{ElementRef, Html, Selector};
use std::io::Read;
use std::path::{Path, PathBuf};

pub const FORMAT: Format = Format {
    name: "factiva_html",
    recognises: |path| {
        source::has_extension(path, &[".html", ".htm"]) && {
            let head = source::head(path, 1 << 20);
            let head = String::from_utf8_lossy(&head);
            head.contains("class=\"article ") || head.contains("class='article ")
        }
    },
    open: |o| {
        Ok(Box::new(FactivaHtml {
            path: o.path.to_path_buf(),
            id_prefix: o.id_prefix.clone(),
        }))
    },
};

#[derive(Debug)]
struct FactivaHtml {
    path: PathBuf,
    id_prefix: String,
}

impl Source for FactivaHtml {
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

fn selector(s: &str, path: &Path) -> Result<Selector, CorpusError> {
    Selector::parse(s).map_err(|e| invalid(path, format!("internal selector `{s}`: {e}")))
}

fn read_all(
    path: &Path,
    id_prefix: &str,
) -> Result<Vec<Result<Article, CorpusError>>, CorpusError> {
    let mut bytes = Vec::new();
    stream::open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| invalid(path, stream::read_error(path, &e)))?;
    let page = Html::parse_document(&decode(&bytes));
    let articles = selector("div.article", path)?;
    let rows = selector("tr", path)?;
    let cells = selector("td", path)?;
    let paragraphs = selector("p.articleParagraph", path)?;
    let mut out = Vec::new();
    for (k, div) in page.select(&articles).enumerate() {
        let number = k + 1;
        let mut doc = Document {
            id: format!("{id_prefix}doc{number}"),
            origin: format!("{} (article {number})", path.display()),
            ..Document::default()
        };
        if let Some(lang) = language(&div) {
            doc.add_meta("language", &lang);
        }
        for row in div.select(&rows) {
            let mut tds = row.select(&cells);
            let (Some(label), Some(value)) = (tds.next(), tds.next()) else {
                continue;
            };
            let code: String = text_of(&label)
                .chars()
                .filter(char::is_ascii_uppercase)
                .collect();
            let value_text = text_of(&value);
            match code.as_str() {
                "LP" | "TD" => doc.paragraphs.extend(
                    value
                        .select(&paragraphs)
                        .map(|p| squash(&text_of(&p)))
                        .filter(|p| !p.is_empty()),
                ),
                "HD" => doc.title = value_text,
                "SN" => doc.outlet = value_text,
                "PD" => doc.date = value_text,
                "AN" => {
                    doc.id = value_text
                        .strip_prefix("Document ")
                        .unwrap_or(&value_text)
                        .trim()
                        .to_string();
                }
                "NS" | "RE" | "CO" | "IN" => {
                    let key = match code.as_str() {
                        "NS" => "subject",
                        "RE" => "region",
                        "CO" => "company",
                        _ => "industry",
                    };
                    for item in value_text.split(" | ") {
                        match item.split_once(" : ") {
                            Some((c, name)) => {
                                doc.add_meta(key, c);
                                doc.add_meta(&format!("{key}_name"), name);
                            }
                            None => doc.add_meta(key, item),
                        }
                    }
                }
                "" => {}
                other => {
                    let key = match other {
                        "BY" => "byline",
                        "SE" => "section",
                        "ED" => "edition",
                        "PG" => "page",
                        "WC" => "word_count",
                        "CY" => "copyright",
                        "PUB" => "publisher",
                        "LA" => "language_name",
                        "SC" => "source_code",
                        "ET" => "time",
                        _ => "",
                    };
                    let key = if key.is_empty() {
                        other.to_lowercase()
                    } else {
                        key.to_string()
                    };
                    doc.add_meta(&key, &value_text);
                }
            }
        }
        out.push(doc.into_article());
    }
    if out.is_empty() {
        return Err(invalid(
            path,
            "no <div class=\"article ...\"> elements: not a Factiva HTML page (save the page of articles from Factiva's article view)",
        ));
    }
    Ok(out)
}

/// The text of an element, its whitespace tidied.
fn text_of(e: &ElementRef<'_>) -> String {
    squash(&e.text().collect::<String>())
}

/// `fr` from `class="article frArticle"`.
fn language(div: &ElementRef<'_>) -> Option<String> {
    div.value()
        .classes()
        .find_map(|c| c.strip_suffix("Article").filter(|l| l.len() == 2))
        .map(str::to_lowercase)
}
