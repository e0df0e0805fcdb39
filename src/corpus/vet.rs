//! What a cell may hold, checked once per article whatever the layout
//! (table, JSON Lines, manifest, folders), before the filters:
//!
//! - a NUL byte anywhere (text included) is refused: it means a UTF-16 or
//!   binary file read as text;
//! - other control characters (U+0001-U+001F but tab, line feed and
//!   carriage return; U+007F-U+009F) are refused in the fields that name
//!   things (outlet, id, date), and shown as U+FFFD in the title, url and
//!   other metadata; the text keeps them (they separate words, and what is
//!   shown of the text is escaped where it is written);
//! - the outlet is put in Unicode NFC, so two spellings that look the same
//!   (`Café` with a precomposed `é`, or `e` and a combining accent, as macOS
//!   writes folder names) are one outlet. [`Spellings`] records every
//!   spelling each outlet was written in, for the report to name the ones
//!   it merged.
//!
//! Knows nothing of files or layouts: it sees an [`Article`] and the column
//! names.

use super::options::ColumnNames;
use super::Article;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::text::nfc;

/// True for the control characters refused in names: C0 but tab, line
/// feed and carriage return, DEL and C1.
pub fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Checks an article's cells; puts its outlet in NFC and returns the
/// spelling it was written in when that differs. `Err` says what is wrong.
pub fn vet(article: &mut Article, names: &ColumnNames) -> Result<Option<String>, String> {
    let nul = |column: &str| {
        format!(
            "a NUL byte in `{column}`: the file looks like UTF-16 or binary, not UTF-8 text (convert it, e.g. `iconv -f UTF-16 -t UTF-8`)"
        )
    };
    if memchr::memchr(0, article.text.as_bytes()).is_some() {
        return Err(nul(&names.text));
    }
    for (column, value) in [
        (&names.outlet, &article.source),
        (&names.id, &article.id),
        (&names.date, &article.date),
    ] {
        if let Some(c) = value.chars().find(|&c| is_control(c)) {
            return Err(if c == '\0' {
                nul(column)
            } else {
                format!(
                    "a control character (U+{:04X}) in `{column}`: remove it from the file",
                    u32::from(c)
                )
            });
        }
    }
    let shown = [
        (&names.title, &mut article.title),
        (&names.url, &mut article.url),
    ];
    let meta = article.meta.iter_mut().map(|(k, v)| (&*k, v));
    for (column, value) in shown.into_iter().chain(meta) {
        if value.contains(is_control) {
            if value.contains('\0') {
                return Err(nul(column));
            }
            *value = value
                .chars()
                .map(|c| if is_control(c) { '\u{FFFD}' } else { c })
                .collect();
        }
    }
    let spelling = match nfc(&article.source) {
        Cow::Borrowed(_) => None,
        Cow::Owned(n) => Some(std::mem::replace(&mut article.source, n)),
    };
    if spelling.is_some() || article.outlet != article.source {
        article.outlet = nfc(&article.outlet).into_owned();
    }
    Ok(spelling)
}

/// Every spelling each outlet (in NFC) was written in, for the outlets
/// written in more than one: what reading the corpus merged.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Spellings {
    /// Outlet (NFC) -> the spellings seen, the NFC one among them if seen.
    seen: BTreeMap<String, BTreeSet<String>>,
}

impl Spellings {
    /// Records that an article of `outlet` (NFC) was written `spelling`
    /// (`None`: as `outlet` itself).
    pub fn record(&mut self, outlet: &str, spelling: Option<&str>) {
        let spelling = spelling.unwrap_or(outlet);
        match self.seen.get_mut(outlet) {
            Some(set) if set.contains(spelling) => {}
            Some(set) => {
                set.insert(spelling.to_string());
            }
            None => {
                self.seen
                    .insert(outlet.to_string(), BTreeSet::from([spelling.to_string()]));
            }
        }
    }

    /// Adds another read's spellings (shards of one corpus).
    pub fn merge(&mut self, other: &Spellings) {
        for (outlet, spellings) in &other.seen {
            for s in spellings {
                self.record(outlet, Some(s));
            }
        }
    }

    /// The outlets written in more than one spelling, each with its
    /// spellings (sorted; the NFC one among them when it was seen).
    pub fn merged(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        self.seen
            .iter()
            .filter(|(_, s)| s.len() > 1)
            .map(|(o, s)| (o.as_str(), s.iter().map(String::as_str).collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(outlet: &str) -> Article {
        Article {
            id: "1".into(),
            outlet: outlet.into(),
            source: outlet.into(),
            text: "rebels".into(),
            ..Article::default()
        }
    }

    #[test]
    fn two_spellings_that_look_the_same_are_one_outlet() {
        let names = ColumnNames::default();
        let (composed, decomposed) = ("Caf\u{e9}", "Cafe\u{301}");
        let mut a = article(composed);
        let mut b = article(decomposed);
        assert_eq!(vet(&mut a, &names).unwrap(), None);
        assert_eq!(vet(&mut b, &names).unwrap().as_deref(), Some(decomposed));
        assert_eq!((a.outlet.as_str(), b.outlet.as_str()), (composed, composed));
        assert_eq!(b.source, composed);
        let mut spellings = Spellings::default();
        spellings.record(&a.source, None);
        spellings.record(&b.source, Some(decomposed));
        spellings.record("Other", None);
        let merged: Vec<_> = spellings.merged().collect();
        assert_eq!(merged, [(composed, vec![decomposed, composed])]);
    }

    #[test]
    fn nul_is_refused_anywhere_and_control_characters_in_names() {
        let names = ColumnNames::default();
        let mut a = article("A");
        a.text = "rebels\0".into();
        assert!(vet(&mut a, &names)
            .unwrap_err()
            .contains("NUL byte in `text`"));
        let mut a = article("A\u{1b}[31m");
        assert_eq!(
            vet(&mut a, &names).unwrap_err(),
            "a control character (U+001B) in `outlet`: remove it from the file"
        );
        let mut a = article("A");
        a.id = "x\u{85}".into();
        assert!(vet(&mut a, &names).unwrap_err().contains("U+0085) in `id`"));
        let mut a = article("A");
        a.title = "bell\u{7} here\ttab".into();
        a.meta = vec![("note".into(), "\u{9b}x".into())];
        vet(&mut a, &names).unwrap();
        assert_eq!(a.title, "bell\u{FFFD} here\ttab");
        assert_eq!(a.meta[0].1, "\u{FFFD}x");
        let mut a = article("A");
        a.meta = vec![("note".into(), "x\0".into())];
        assert!(vet(&mut a, &names)
            .unwrap_err()
            .contains("NUL byte in `note`"));
    }
}
