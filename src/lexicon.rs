//! The lexicon: a human-edited TOML file of groups of competing categories,
//! each a list of terms. This module owns parsing and validation; every error
//! names the file, line and column and says what to change.
//!
//! ```toml
//! name = "syria"
//! description = "How outlets label the sides of the Syrian war"
//!
//! [groups.armed_groups]
//! question = "What do outlets call armed anti-government groups?"
//!
//! [groups.armed_groups.categories]
//! terrorist = ["terrorist*"]
//! rebel = ["rebel", "rebels"]
//! islamic_state = ["islamic state", { term = "IS", case_sensitive = true }]
//! ```

use crate::matching::normalise::{is_word_char, normalise_str};
use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, Item, TableLike, Value};

/// A validated lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    pub description: String,
    pub path: PathBuf,
    pub groups: Vec<Group>,
}

/// A set of competing categories: shares are computed within a group.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub question: String,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub terms: Vec<Term>,
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// As written in the lexicon file.
    pub text: String,
    /// Normalised form that is searched for (folded unless case-sensitive),
    /// without the trailing `*`.
    pub pattern: String,
    /// Ends in `*`: matches any word that begins with `pattern`.
    pub wildcard: bool,
    pub case_sensitive: bool,
    /// 1-based line in the lexicon file.
    pub line: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Lexicon {
    /// Reads and validates a lexicon file.
    pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
        let source = std::fs::read_to_string(path).map_err(|source| LexiconError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Lexicon::parse(&source, path)
    }

    /// Parses lexicon text; `path` is used in error messages only.
    pub fn parse(source: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        let p = Parser { source, path };
        let doc = ImDocument::parse(source).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            p.error(at, format!("not valid TOML: {}", e.message().trim()))
        })?;
        let root = doc.as_table();
        for (key, _) in root.iter() {
            if !["name", "description", "groups"].contains(&key) {
                return Err(p.error(
                    p.key_pos(root, key),
                    format!("unknown key `{key}`: the top level takes `name`, `description` and `[groups.<id>]` tables"),
                ));
            }
        }
        let name = match root.get("name") {
            Some(item) => p.string(item, "name")?,
            None => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "lexicon".into()),
        };
        let description = match root.get("description") {
            Some(item) => p.string(item, "description")?,
            None => String::new(),
        };
        let groups_item = root.get("groups").ok_or_else(|| {
            p.error(
                source.len(),
                "no groups: add at least one `[groups.<id>.categories]` table".into(),
            )
        })?;
        let groups_table = p.table(groups_item, "groups")?;
        let mut groups = Vec::new();
        for (gid, gitem) in groups_table.iter() {
            groups.push(p.group(gid, gitem, p.key_pos(groups_table, gid))?);
        }
        if groups.is_empty() {
            return Err(p.error(
                p.span_start(groups_item),
                "`groups` is empty: add at least one `[groups.<id>.categories]` table".into(),
            ));
        }
        let lexicon = Lexicon {
            name,
            description,
            path: path.to_path_buf(),
            groups,
        };
        p.check_duplicates(&lexicon)?;
        Ok(lexicon)
    }

    /// Number of categories over all groups.
    pub fn category_count(&self) -> usize {
        self.groups.iter().map(|g| g.categories.len()).sum()
    }
}

struct Parser<'a> {
    source: &'a str,
    path: &'a Path,
}

impl Parser<'_> {
    fn error(&self, at: usize, message: String) -> LexiconError {
        let at = at.min(self.source.len());
        let before = &self.source[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LexiconError::Invalid {
            path: self.path.to_path_buf(),
            line,
            column,
            message,
        }
    }

    fn line_of(&self, at: usize) -> usize {
        self.source[..at.min(self.source.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn span_start(&self, item: &Item) -> usize {
        item.span().map_or(0, |s| s.start)
    }

    fn key_pos(&self, table: &dyn TableLike, key: &str) -> usize {
        table
            .get_key_value(key)
            .and_then(|(k, _)| k.span())
            .map_or(0, |s| s.start)
    }

    fn string(&self, item: &Item, what: &str) -> Result<String, LexiconError> {
        item.as_str().map(str::to_owned).ok_or_else(|| {
            self.error(
                self.span_start(item),
                format!("`{what}` must be a quoted string"),
            )
        })
    }

    fn table<'i>(&self, item: &'i Item, what: &str) -> Result<&'i dyn TableLike, LexiconError> {
        item.as_table_like().ok_or_else(|| {
            self.error(
                self.span_start(item),
                format!("`{what}` must be a table, e.g. `[{what}]`"),
            )
        })
    }

    fn check_id(&self, id: &str, at: usize, what: &str) -> Result<(), LexiconError> {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if ok {
            Ok(())
        } else {
            Err(self.error(
                at,
                format!("{what} id `{id}` may use only letters, digits, `_` and `-`"),
            ))
        }
    }

    fn group(&self, gid: &str, gitem: &Item, gpos: usize) -> Result<Group, LexiconError> {
        let gtable = self.table(gitem, &format!("groups.{gid}"))?;
        self.check_id(gid, gpos, "group")?;
        for (key, _) in gtable.iter() {
            if !["question", "categories"].contains(&key) {
                return Err(self.error(
                    self.key_pos(gtable, key),
                    format!("unknown key `{key}` in group `{gid}`: a group takes `question` and `categories`"),
                ));
            }
        }
        let question = match gtable.get("question") {
            Some(item) => self.string(item, "question")?,
            None => String::new(),
        };
        let citem = gtable.get("categories").ok_or_else(|| {
            self.error(
                gpos,
                format!("group `{gid}` has no categories: add `[groups.{gid}.categories]` with `name = [\"term\", ...]` lines"),
            )
        })?;
        let ctable = self.table(citem, &format!("groups.{gid}.categories"))?;
        let mut categories = Vec::new();
        for (cid, titem) in ctable.iter() {
            let cpos = self.key_pos(ctable, cid);
            self.check_id(cid, cpos, "category")?;
            let terms = self.terms(gid, cid, titem, cpos)?;
            categories.push(Category {
                id: cid.to_string(),
                terms,
            });
        }
        if categories.is_empty() {
            return Err(self.error(
                self.span_start(citem),
                format!("group `{gid}` has no categories: add lines like `label = [\"term\"]`"),
            ));
        }
        Ok(Group {
            id: gid.to_string(),
            question,
            categories,
        })
    }

    fn terms(
        &self,
        gid: &str,
        cid: &str,
        item: &Item,
        cpos: usize,
    ) -> Result<Vec<Term>, LexiconError> {
        let array = item.as_array().ok_or_else(|| {
            self.error(
                cpos,
                format!("category `{gid}.{cid}` must be a list of terms, e.g. `{cid} = [\"word\", \"two words\", \"stem*\"]`"),
            )
        })?;
        let mut terms = Vec::new();
        for value in array.iter() {
            terms.push(self.term(value)?);
        }
        if terms.is_empty() {
            return Err(self.error(
                cpos,
                format!("category `{gid}.{cid}` has no terms: add at least one"),
            ));
        }
        Ok(terms)
    }

    fn term(&self, value: &Value) -> Result<Term, LexiconError> {
        let at = value.span().map_or(0, |s| s.start);
        let (text, case_sensitive) = match value {
            Value::String(s) => (s.value().clone(), false),
            Value::InlineTable(t) => {
                for (key, _) in t.iter() {
                    if !["term", "case_sensitive"].contains(&key) {
                        return Err(self.error(
                            at,
                            format!("unknown key `{key}` in a term: use `{{ term = \"IS\", case_sensitive = true }}`"),
                        ));
                    }
                }
                let text = t
                    .get("term")
                    .and_then(Value::as_str)
                    .ok_or_else(|| self.error(at, "a term table needs `term = \"...\"`".into()))?;
                let cs = match t.get("case_sensitive") {
                    None => false,
                    Some(v) => v.as_bool().ok_or_else(|| {
                        self.error(at, "`case_sensitive` must be true or false".into())
                    })?,
                };
                (text.to_string(), cs)
            }
            _ => {
                return Err(self.error(
                    at,
                    "a term must be a quoted string or `{ term = \"...\", case_sensitive = true }`"
                        .into(),
                ))
            }
        };
        let trimmed = text.trim();
        let (body, wildcard) = match trimmed.strip_suffix('*') {
            Some(b) => (b, true),
            None => (trimmed, false),
        };
        if body.contains('*') {
            return Err(self.error(
                at,
                format!(
                    "term `{text}`: `*` is allowed only at the very end of a term (`insurgen*`)"
                ),
            ));
        }
        let pattern = normalise_str(body, !case_sensitive).trim().to_string();
        if !pattern.chars().any(is_word_char) {
            return Err(self.error(
                at,
                format!("term `{text}` has no letters or digits: it could never match a word"),
            ));
        }
        if wildcard && !pattern.chars().last().is_some_and(is_word_char) {
            return Err(self.error(
                at,
                format!("term `{text}`: `*` must follow a letter or digit"),
            ));
        }
        Ok(Term {
            text,
            pattern,
            wildcard,
            case_sensitive,
            line: self.line_of(at),
        })
    }

    /// The same term twice within one group makes counts ambiguous.
    fn check_duplicates(&self, lexicon: &Lexicon) -> Result<(), LexiconError> {
        for group in &lexicon.groups {
            let mut seen: std::collections::HashMap<(&str, bool, bool), (&str, usize)> =
                std::collections::HashMap::new();
            for cat in &group.categories {
                for term in &cat.terms {
                    let key = (term.pattern.as_str(), term.wildcard, term.case_sensitive);
                    if let Some((other, line)) = seen.insert(key, (&cat.id, term.line)) {
                        let message = if other == cat.id {
                            format!(
                                "term `{}` appears twice in `{}.{}` (also line {line}): remove one",
                                term.text, group.id, cat.id
                            )
                        } else {
                            format!(
                                "term `{}` is in both `{}.{other}` (line {line}) and `{}.{}`: a term may belong to one category of a group",
                                term.text, group.id, group.id, cat.id
                            )
                        };
                        return Err(LexiconError::Invalid {
                            path: self.path.to_path_buf(),
                            line: term.line,
                            column: 1,
                            message,
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Lexicon, LexiconError> {
        Lexicon::parse(src, Path::new("test.toml"))
    }

    fn err(src: &str) -> String {
        parse(src).unwrap_err().to_string()
    }

    const GOOD: &str = r#"
name = "t"
[groups.armed]
question = "What are they called?"
[groups.armed.categories]
terrorist = ["terrorist*"]   # a comment
rebel = ["Rebel", "rebels", "opposition  fighters"]
is = [{ term = "IS", case_sensitive = true }]
"#;

    #[test]
    fn parses_groups_categories_terms_in_order() {
        let lex = parse(GOOD).unwrap();
        assert_eq!(lex.name, "t");
        let g = &lex.groups[0];
        assert_eq!(g.id, "armed");
        assert_eq!(g.question, "What are they called?");
        let ids: Vec<_> = g.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["terrorist", "rebel", "is"]);
        let t = &g.categories[0].terms[0];
        assert_eq!(
            (t.pattern.as_str(), t.wildcard, t.line),
            ("terrorist", true, 6)
        );
        assert_eq!(g.categories[1].terms[0].pattern, "rebel");
        assert_eq!(g.categories[1].terms[2].pattern, "opposition fighters");
        let is = &g.categories[2].terms[0];
        assert_eq!((is.pattern.as_str(), is.case_sensitive), ("IS", true));
    }

    #[test]
    fn toml_syntax_error_names_line_and_column() {
        let e = err("[groups.a.categories]\nx = [\"a\"\n");
        assert!(e.starts_with("test.toml:"), "{e}");
        assert!(e.contains("not valid TOML"), "{e}");
    }

    #[test]
    fn bad_wildcard_is_refused_with_position() {
        let e = err("[groups.a.categories]\nx = [\"ok\", \"ter*ror\"]\n");
        assert!(e.starts_with("test.toml:2:12: term `ter*ror`"), "{e}");
    }

    #[test]
    fn empty_and_punctuation_terms_are_refused() {
        assert!(err("[groups.a.categories]\nx = []\n").contains("has no terms"));
        assert!(err("[groups.a.categories]\nx = [\"--\"]\n").contains("no letters or digits"));
        assert!(err("[groups.a.categories]\nx = [\"*\"]\n").contains("no letters or digits"));
    }

    #[test]
    fn structure_errors_say_what_to_fix() {
        assert!(err("name = \"x\"\n").contains("no groups"));
        assert!(err("[groups.a]\nquestion = \"q\"\n").contains("has no categories"));
        assert!(err("[groups.a.categories]\nx = \"word\"\n").contains("must be a list of terms"));
        assert!(err("colour = 1\n[groups.a.categories]\nx = [\"w\"]\n")
            .contains("unknown key `colour`"));
        assert!(
            err("[groups.a.categories]\nx = [{ term = \"w\", case = true }]\n")
                .contains("unknown key `case`")
        );
        assert!(err("[groups.a.categories]\nx = [3]\n").contains("quoted string"));
    }

    #[test]
    fn duplicate_term_across_categories_names_both_lines() {
        let e = err("[groups.a.categories]\nx = [\"rebel\"]\ny = [\"Rebel\"]\n");
        assert_eq!(
            e,
            "test.toml:3:1: term `Rebel` is in both `a.x` (line 2) and `a.y`: a term may belong to one category of a group"
        );
    }

    #[test]
    fn same_term_in_two_groups_is_allowed() {
        let lex = parse("[groups.a.categories]\nx = [\"w\"]\n[groups.b.categories]\ny = [\"w\"]\n");
        assert_eq!(lex.unwrap().groups.len(), 2);
    }
}
