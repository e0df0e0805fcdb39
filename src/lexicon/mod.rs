//! The lexicon: a human-edited TOML file of groups of competing categories,
//! each a list of terms, with optional rules (exclusions, NEAR / NOT-NEAR
//! context windows, weights) and nested categories that roll up. This module
//! owns the data model, parsing and validation; every error names the file,
//! line and column and says what to change. `rules` parses the rule syntax,
//! `import` reads other dictionary formats, `check` audits a lexicon and
//! `toml_out` writes one back as framescore TOML. `docs/LEXICONS.md` is the
//! user's guide.
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
//! rebel = { terms = ["rebel*"], exclude = ["rebellion*"] }
//! islamic_state = ["islamic state", { term = "IS", case_sensitive = true }]
//! ```

mod bounds;
pub mod check;
pub mod import;
mod keys;
mod rules;
pub mod toml_out;

pub use rules::{Context, Pattern, Rules};

use std::path::{Path, PathBuf};
use toml_edit::{ImDocument, Item, TableLike, Value};

/// A validated lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub name: String,
    pub description: String,
    pub path: PathBuf,
    pub groups: Vec<Group>,
    /// Terms listed twice in a group (see [`Conflict`]). [`Lexicon::load`]
    /// refuses a lexicon that has any; `lexicon check` reports them all.
    pub conflicts: Vec<Conflict>,
    /// What an import left out, with file and line (empty for TOML).
    pub notes: Vec<String>,
}

/// A set of competing categories: shares are computed within a group.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub question: String,
    /// Categories may share terms and a span may count in several of them
    /// (imported LIWC-style dictionaries). Off by default: categories compete
    /// and a span counts once per group.
    pub overlapping: bool,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone)]
pub struct Category {
    /// `terrorist`, or a nested path `armed_opposition/terrorist`.
    pub id: String,
    pub terms: Vec<Term>,
    /// Rules applying to every term of the category.
    pub rules: Rules,
    /// 1-based line of the category's key.
    pub line: usize,
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
    /// Weight of each match (intensity scales); 1 unless given.
    pub weight: f64,
    /// Rules of this term alone (the category's apply too).
    pub rules: Rules,
}

/// The same term twice in one group.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub group: String,
    pub term: String,
    pub first_category: String,
    pub first_line: usize,
    pub second_category: String,
    pub second_line: usize,
}

impl Conflict {
    pub fn message(&self) -> String {
        if self.first_category == self.second_category {
            format!(
                "term `{}` appears twice in `{}.{}` (also line {}): remove one",
                self.term, self.group, self.second_category, self.first_line
            )
        } else {
            format!(
                "term `{}` is in both `{}.{}` (line {}) and `{}.{}`: a term may belong to one category of a group",
                self.term, self.group, self.first_category, self.first_line, self.group, self.second_category
            )
        }
    }
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

impl Term {
    /// Builds a term from its written form; `Err` says what is wrong.
    pub fn new(text: &str, case_sensitive: bool, line: usize) -> Result<Term, String> {
        let (pattern, wildcard) = rules::parse_pattern(text, case_sensitive)?;
        Ok(Term {
            text: text.to_string(),
            pattern,
            wildcard,
            case_sensitive,
            line,
            weight: 1.0,
            rules: Rules::default(),
        })
    }

    /// Identity for duplicate detection.
    pub fn key(&self) -> (&str, bool, bool) {
        (self.pattern.as_str(), self.wildcard, self.case_sensitive)
    }
}

impl Lexicon {
    /// Reads and validates a lexicon file: framescore TOML, or an imported
    /// format chosen by extension (`.dic`, `.yml`/`.yaml`, `.cat`, `.lc3`,
    /// `.csv`). A term in two categories of a group is refused.
    pub fn load(path: &Path) -> Result<Lexicon, LexiconError> {
        let lexicon = Lexicon::load_unchecked(path)?;
        lexicon.refuse_conflicts()?;
        Ok(lexicon)
    }

    /// Like [`Lexicon::load`] but keeps conflicts in `conflicts` (for
    /// `lexicon check`).
    pub fn load_unchecked(path: &Path) -> Result<Lexicon, LexiconError> {
        if let Some(format) = import::Format::from_path(path) {
            return import::load(path, format);
        }
        let source = bounds::read_file(path)?;
        Lexicon::parse_unchecked(&source, path)
    }

    /// Parses lexicon text; `path` is used in error messages only.
    pub fn parse(source: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        let lexicon = Lexicon::parse_unchecked(source, path)?;
        lexicon.refuse_conflicts()?;
        Ok(lexicon)
    }

    fn refuse_conflicts(&self) -> Result<(), LexiconError> {
        match self.conflicts.first() {
            None => Ok(()),
            Some(c) => Err(LexiconError::Invalid {
                path: self.path.clone(),
                line: c.second_line,
                column: 1,
                message: c.message(),
            }),
        }
    }

    /// Parses lexicon text, collecting duplicate terms in `conflicts`.
    pub fn parse_unchecked(source: &str, path: &Path) -> Result<Lexicon, LexiconError> {
        let p = Parser::new(source, path);
        let doc = ImDocument::parse(source).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            p.error(at, format!("not valid TOML: {}", e.message().trim()))
        })?;
        let root = doc.as_table();
        for (key, _) in root.iter() {
            keys::check(key, keys::TOP, "at the top level")
                .map_err(|m| p.error(p.key_pos(root, key), m))?;
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
        let lexicon = Lexicon::new(name, description, path, groups);
        bounds::check_size(&lexicon)?;
        Ok(lexicon)
    }

    /// Assembles a lexicon and records its conflicts.
    pub fn new(name: String, description: String, path: &Path, groups: Vec<Group>) -> Lexicon {
        let mut lexicon = Lexicon {
            name,
            description,
            path: path.to_path_buf(),
            groups,
            conflicts: Vec::new(),
            notes: Vec::new(),
        };
        lexicon.conflicts = find_conflicts(&lexicon.groups);
        lexicon
    }

    /// Number of categories over all groups.
    pub fn category_count(&self) -> usize {
        self.groups.iter().map(|g| g.categories.len()).sum()
    }

    /// Number of terms over all groups.
    pub fn term_count(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.categories)
            .map(|c| c.terms.len())
            .sum()
    }

    /// Deepest category nesting (1 for flat categories).
    pub fn depth(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.categories)
            .map(|c| c.id.split('/').count())
            .max()
            .unwrap_or(1)
    }

    /// The lexicon with nested categories rolled up to `level` path segments
    /// (`armed_opposition/terrorist/foreign_fighter` at level 2 counts as
    /// `armed_opposition/terrorist`). Category rules move onto the terms, so
    /// a rule still applies to exactly the terms it was written for.
    pub fn at_level(&self, level: usize) -> Lexicon {
        let level = level.max(1);
        let mut out = self.clone();
        for group in &mut out.groups {
            let mut merged: Vec<Category> = Vec::new();
            for cat in std::mem::take(&mut group.categories) {
                let id = cat.id.split('/').take(level).collect::<Vec<_>>().join("/");
                let terms = cat.terms.into_iter().map(|mut t| {
                    t.rules = cat.rules.merged_with(&t.rules);
                    t
                });
                match merged.iter_mut().find(|c| c.id == id) {
                    Some(existing) => {
                        for t in terms {
                            if !existing.terms.iter().any(|e| e.key() == t.key()) {
                                existing.terms.push(t);
                            }
                        }
                    }
                    None => merged.push(Category {
                        id,
                        terms: terms.collect(),
                        rules: Rules::default(),
                        line: cat.line,
                    }),
                }
            }
            group.categories = merged;
        }
        out.conflicts = find_conflicts(&out.groups);
        out
    }
}

/// The same term twice in one group: in one category always, in two
/// categories unless the group is `overlapping`.
fn find_conflicts(groups: &[Group]) -> Vec<Conflict> {
    let mut out = Vec::new();
    for group in groups {
        let mut seen: std::collections::HashMap<(&str, bool, bool), (&str, usize)> =
            std::collections::HashMap::new();
        for cat in &group.categories {
            let mut own: std::collections::HashMap<(&str, bool, bool), usize> =
                std::collections::HashMap::new();
            for term in &cat.terms {
                let key = term.key();
                let earlier = match own.insert(key, term.line) {
                    Some(line) => Some((cat.id.as_str(), line)),
                    None if group.overlapping => None,
                    None => seen.get(&key).copied(),
                };
                seen.entry(key).or_insert((&cat.id, term.line));
                if let Some((other, line)) = earlier {
                    out.push(Conflict {
                        group: group.id.clone(),
                        term: term.text.clone(),
                        first_category: other.to_string(),
                        first_line: line,
                        second_category: cat.id.clone(),
                        second_line: term.line,
                    });
                }
            }
        }
    }
    out
}

/// Keys of a category table that are rules, not subcategories.
const CATEGORY_KEYS: &[&str] = keys::CATEGORY;

struct Parser<'a> {
    source: &'a str,
    path: &'a Path,
    /// Where each line after the first starts: a position's line is found
    /// by a binary search, not by counting line feeds from the start for
    /// every term (which made a 100,000-term lexicon take seconds).
    line_starts: Vec<usize>,
}

impl<'a> Parser<'a> {
    fn new(source: &'a str, path: &'a Path) -> Parser<'a> {
        let line_starts = memchr::memchr_iter(b'\n', source.as_bytes())
            .map(|i| i + 1)
            .collect();
        Parser {
            source,
            path,
            line_starts,
        }
    }
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
        self.line_starts.partition_point(|&start| start <= at) + 1
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
        if valid_id(id) {
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
            keys::check(key, keys::GROUP, &format!("in group `{gid}`"))
                .map_err(|m| self.error(self.key_pos(gtable, key), m))?;
        }
        let question = match gtable.get("question") {
            Some(item) => self.string(item, "question")?,
            None => String::new(),
        };
        let overlapping = match gtable.get("overlapping") {
            None => false,
            Some(item) => item.as_bool().ok_or_else(|| {
                self.error(
                    self.span_start(item),
                    "`overlapping` must be true or false".into(),
                )
            })?,
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
            self.category(gid, cid, cid, titem, cpos, &mut categories)?;
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
            overlapping,
            categories,
        })
    }

    /// One category: a list of terms, or a table with `terms` and rules,
    /// and/or subcategories (any other key), which get the id `path/sub`.
    fn category(
        &self,
        gid: &str,
        key: &str,
        path: &str,
        item: &Item,
        cpos: usize,
        out: &mut Vec<Category>,
    ) -> Result<(), LexiconError> {
        self.check_id(key, cpos, "category")?;
        if item.as_array().is_some() {
            let terms = self.terms(gid, path, item, cpos)?;
            out.push(Category {
                id: path.to_string(),
                terms,
                rules: Rules::default(),
                line: self.line_of(cpos),
            });
            return Ok(());
        }
        let table = item.as_table_like().ok_or_else(|| {
            self.error(
                cpos,
                format!("category `{gid}.{path}` must be a list of terms, e.g. `{key} = [\"word\", \"two words\", \"stem*\"]`"),
            )
        })?;
        let has_subcategories = table.iter().any(|(k, _)| !CATEGORY_KEYS.contains(&k));
        if let Some(titem) = table.get("terms") {
            let terms = self.terms(gid, path, titem, cpos)?;
            let rules = self.rules(table, cpos)?;
            out.push(Category {
                id: path.to_string(),
                terms,
                rules,
                line: self.line_of(cpos),
            });
        } else if !has_subcategories {
            return Err(self.error(
                cpos,
                format!("category `{gid}.{path}` has no `terms`: add `terms = [\"word\"]` or subcategories"),
            ));
        } else if CATEGORY_KEYS.iter().any(|k| table.contains_key(k)) {
            return Err(self.error(
                cpos,
                format!("category `{gid}.{path}` has rules but no `terms`: rules apply to the category's own terms; put them in each subcategory"),
            ));
        }
        for (sub, sitem) in table.iter() {
            if CATEGORY_KEYS.contains(&sub) {
                continue;
            }
            let spos = self.key_pos(table, sub);
            let has_terms = sitem
                .as_table_like()
                .is_some_and(|t| t.contains_key("terms"));
            keys::check_subcategory(sub, has_terms, &format!("{gid}.{path}"))
                .map_err(|m| self.error(spos, m))?;
            self.category(gid, sub, &format!("{path}/{sub}"), sitem, spos, out)?;
        }
        Ok(())
    }

    fn rules(&self, table: &dyn TableLike, at: usize) -> Result<Rules, LexiconError> {
        rules::parse_rules(table).map_err(|(pos, message)| self.error(pos.unwrap_or(at), message))
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
                format!("category `{gid}.{cid}` must be a list of terms, e.g. `terms = [\"word\", \"two words\", \"stem*\"]`"),
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
        let line = self.line_of(at);
        match value {
            Value::String(s) => Term::new(s.value(), false, line).map_err(|m| self.error(at, m)),
            Value::InlineTable(t) => {
                for (key, _) in t.iter() {
                    let pos = t
                        .get_key_value(key)
                        .and_then(|(k, _)| k.span())
                        .map_or(at, |s| s.start);
                    keys::check(key, keys::TERM, "in a term table")
                        .map_err(|m| self.error(pos, m))?;
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
                let mut term = Term::new(text, cs, line).map_err(|m| self.error(at, m))?;
                if let Some(w) = t.get("weight") {
                    term.weight = w
                        .as_float()
                        .or_else(|| w.as_integer().map(|i| i as f64))
                        .filter(|w| w.is_finite())
                        .ok_or_else(|| {
                            self.error(at, "`weight` must be a number, e.g. `weight = 2.5`".into())
                        })?;
                }
                term.rules = self.rules(t, at)?;
                Ok(term)
            }
            _ => Err(self.error(
                at,
                "a term must be a quoted string or `{ term = \"...\", case_sensitive = true }`"
                    .into(),
            )),
        }
    }
}

/// A group or category id: letters, digits, `_` and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
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

    #[test]
    fn rule_syntax_is_read_into_categories_and_terms() {
        let lex = parse(
            r#"[groups.g.categories]
terror = { terms = ["terror*", { term = "attack", weight = 2, exclude = ["heart attack"] }], exclude = ["war on terror"] }
regime = { terms = ["regime"], near = { words = ["assad", "syria*"], window = 4 }, not_near = { words = ["non-proliferation"], window = 1 } }
"#,
        )
        .unwrap();
        let c = &lex.groups[0].categories;
        assert_eq!(c[0].rules.exclude[0].pattern, "war on terror");
        assert_eq!(c[0].terms[1].weight, 2.0);
        assert_eq!(c[0].terms[1].rules.exclude[0].text, "heart attack");
        let near = c[1].rules.near.as_ref().unwrap();
        assert_eq!(near.window, 4);
        assert_eq!(
            (near.words[1].pattern.as_str(), near.words[1].wildcard),
            ("syria", true)
        );
        assert_eq!(
            c[1].rules.not_near.as_ref().unwrap().words[0].pattern,
            "non-proliferation"
        );
        assert_eq!(c[1].line, 3);
    }

    #[test]
    fn nested_categories_get_path_ids() {
        let lex = parse(
            "[groups.g.categories.armed]\nterms = [\"armed men\"]\nterrorist = [\"terrorist*\"]\n[groups.g.categories.armed.foreign]\nfighter = [\"foreign fighter*\"]\n",
        )
        .unwrap();
        let ids: Vec<_> = lex.groups[0]
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["armed", "armed/terrorist", "armed/foreign/fighter"]);
        assert_eq!(lex.depth(), 3);
        let l2 = lex.at_level(2);
        let ids: Vec<_> = l2.groups[0]
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(ids, ["armed", "armed/terrorist", "armed/foreign"]);
    }

    #[test]
    fn rule_errors_name_the_position_and_the_fix() {
        assert_eq!(
            err("[groups.a.categories]\nx = { terms = [\"w\"], near = { words = [\"v\"] } }\n"),
            "test.toml:2:29: `near` needs `window` (in words): `near = { words = [\"assad\", \"syria*\"], window = 5 }`"
        );
        assert!(err("[groups.a.categories]\nx = { terms = [\"w\"], near = { words = [\"v\"], window = 0 } }\n")
            .contains("`near.window` must be a whole number of words from 1 to 1000"));
        assert!(
            err("[groups.a.categories]\nx = { terms = [\"w\"], exclude = \"v\" }\n")
                .contains("`exclude` must be a list")
        );
        assert!(
            err("[groups.a.categories]\nx = { exclude = [\"v\"] }\n").contains("has no `terms`")
        );
        assert!(
            err("[groups.a.categories]\nx = [{ term = \"w\", weight = \"heavy\" }]\n")
                .contains("`weight` must be a number")
        );
        assert!(
            err("[groups.a]\noverlapping = 1\n[groups.a.categories]\nx = [\"w\"]\n")
                .contains("`overlapping` must be true or false")
        );
        assert!(
            err("[groups.a.categories]\nx = { terms = [\"w\"], exclude = [\"--\"] }\n")
                .contains("in `exclude`: term `--` has no letters or digits")
        );
    }

    #[test]
    fn overlapping_group_allows_a_term_in_two_categories_but_not_twice_in_one() {
        let ok = parse(
            "[groups.a]\noverlapping = true\n[groups.a.categories]\nx = [\"w\"]\ny = [\"w\"]\n",
        );
        assert!(ok.is_ok());
        let e = err("[groups.a]\noverlapping = true\n[groups.a.categories]\nx = [\"w\", \"W\"]\n");
        assert_eq!(
            e,
            "test.toml:4:1: term `W` appears twice in `a.x` (also line 4): remove one"
        );
    }

    #[test]
    fn unchecked_parse_collects_every_conflict() {
        let lex = Lexicon::parse_unchecked(
            "[groups.a.categories]\nx = [\"w\", \"v\"]\ny = [\"w\"]\nz = [\"v\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let lines: Vec<_> = lex
            .conflicts
            .iter()
            .map(|c| (c.first_line, c.second_line))
            .collect();
        assert_eq!(lines, [(2, 3), (2, 4)]);
    }

    #[test]
    fn double_star_and_star_after_a_hyphen_are_wildcards() {
        let lex = parse("[groups.a.categories]\nx = [\"heckl**\", \"fair-*\"]\n").unwrap();
        let t = &lex.groups[0].categories[0].terms;
        assert_eq!((t[0].pattern.as_str(), t[0].wildcard), ("heckl", true));
        assert_eq!((t[1].pattern.as_str(), t[1].wildcard), ("fair-", true));
    }
}
