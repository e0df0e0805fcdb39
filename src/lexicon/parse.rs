//! Reading a lexicon's TOML: the structure (groups, categories, terms,
//! rules) and the language settings that flow down it (`language`,
//! `clitics`, `stem`, `ta_marbuta` on the lexicon, a group, a category or a
//! term; a category's `terms` as a table of lists keyed by language). Every
//! error names the file, line and column and says what to change.

use super::{
    bounds, keys, rules, valid_id, Category, Group, Lexicon, LexiconError, Rules, Term,
    TermSettings,
};
use crate::text::language::Language;
use std::path::Path;
use toml_edit::{ImDocument, Item, TableLike, Value};

/// Language settings as declared so far, from the lexicon down: `None` for
/// a key nobody set (the language's default applies).
#[derive(Debug, Clone, Copy, Default)]
struct Declared {
    language: Option<Language>,
    clitics: Option<bool>,
    stem: Option<bool>,
    ta_marbuta: Option<bool>,
}

/// Parses lexicon text; duplicates are collected in `conflicts`.
pub(super) fn parse(source: &str, path: &Path) -> Result<Lexicon, LexiconError> {
    let p = Parser::new(source, path);
    let doc = ImDocument::parse(source).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        p.error(at, format!("not valid TOML: {}", e.message().trim()))
    })?;
    let root = doc.as_table();
    for (key, _) in root.iter() {
        keys::check_with_settings(key, keys::TOP, "at the top level")
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
    let declared = p.declared(root, Declared::default())?;
    let groups_item = root.get("groups").ok_or_else(|| {
        p.error(
            source.len(),
            "no groups: add at least one `[groups.<id>.categories]` table".into(),
        )
    })?;
    let groups_table = p.table(groups_item, "groups")?;
    let mut groups = Vec::new();
    for (gid, gitem) in groups_table.iter() {
        groups.push(p.group(gid, gitem, p.key_pos(groups_table, gid), declared)?);
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

    /// A language code, at `at` for errors.
    fn language(&self, code: &str, at: usize) -> Result<Language, LexiconError> {
        Language::from_code(code).map_err(|e| self.error(at, e.to_string()))
    }

    /// The settings `table` declares, over those it inherits.
    fn declared(
        &self,
        table: &dyn TableLike,
        inherited: Declared,
    ) -> Result<Declared, LexiconError> {
        let mut out = inherited;
        let flag = |key: &str| -> Result<Option<bool>, LexiconError> {
            match table.get(key) {
                None => Ok(None),
                Some(item) => item.as_bool().map(Some).ok_or_else(|| {
                    self.error(
                        self.span_start(item),
                        format!("`{key}` must be true or false"),
                    )
                }),
            }
        };
        if let Some(item) = table.get("language") {
            let code = item.as_str().ok_or_else(|| {
                self.error(
                    self.span_start(item),
                    "`language` must be a quoted ISO 639-1 code, e.g. `language = \"ar\"`".into(),
                )
            })?;
            out.language = Some(self.language(code, self.span_start(item))?);
        }
        out.clitics = flag("clitics")?.or(out.clitics);
        out.stem = flag("stem")?.or(out.stem);
        out.ta_marbuta = flag("ta_marbuta")?.or(out.ta_marbuta);
        Ok(out)
    }

    /// The settings of a term (or of rule words) from what is declared
    /// above it; `text` names the term in errors.
    fn resolve(&self, d: Declared, text: &str, at: usize) -> Result<TermSettings, LexiconError> {
        let stem = d.stem.unwrap_or(false);
        if stem {
            match d.language {
                None => {
                    return Err(self.error(
                        at,
                        format!("term `{text}`: `stem = true` needs the terms' language: add `language = \"ru\"` (its ISO 639-1 code) to the lexicon, the group or the term"),
                    ))
                }
                Some(l) if l.stemmer().is_none() => {
                    return Err(self.error(
                        at,
                        format!("term `{text}`: `stem = true`, but there is no Snowball stemmer for {} ({l}); stemmers exist for {}; set `stem = false` for these terms", l.name(), Language::stemmer_codes()),
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(TermSettings {
            language: d.language,
            clitics: d
                .language
                .and_then(Language::clitics)
                .filter(|_| d.clitics != Some(false)),
            stem,
            keep_ta_marbuta: d.ta_marbuta == Some(false),
        })
    }

    fn group(
        &self,
        gid: &str,
        gitem: &Item,
        gpos: usize,
        inherited: Declared,
    ) -> Result<Group, LexiconError> {
        let gtable = self.table(gitem, &format!("groups.{gid}"))?;
        self.check_id(gid, gpos, "group")?;
        for (key, _) in gtable.iter() {
            keys::check_with_settings(key, keys::GROUP, &format!("in group `{gid}`"))
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
        let declared = self.declared(gtable, inherited)?;
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
            let at = Place {
                gid,
                key: cid,
                path: cid,
                pos: cpos,
            };
            self.category(&at, titem, declared, &mut categories)?;
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

    /// One category: a list of terms, or a table with `terms`, rules and
    /// settings, and/or subcategories (any other key), which get the id
    /// `path/sub` and inherit its settings.
    fn category(
        &self,
        at: &Place,
        item: &Item,
        inherited: Declared,
        out: &mut Vec<Category>,
    ) -> Result<(), LexiconError> {
        let Place {
            gid,
            key,
            path,
            pos: cpos,
        } = *at;
        self.check_id(key, cpos, "category")?;
        if item.as_array().is_some() {
            let terms = self.terms(at, item, inherited)?;
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
        let own = |k: &&str| keys::is_category_key(k);
        let has_subcategories = table.iter().any(|(k, _)| !own(&k));
        let declared = self.declared(table, inherited)?;
        if let Some(titem) = table.get("terms") {
            let terms = self.terms(at, titem, declared)?;
            let rules = self.rules(table, declared, path, cpos)?;
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
        } else if keys::RULES.iter().any(|k| table.contains_key(k)) {
            return Err(self.error(
                cpos,
                format!("category `{gid}.{path}` has rules but no `terms`: rules apply to the category's own terms; put them in each subcategory"),
            ));
        }
        for (sub, sitem) in table.iter() {
            if own(&sub) {
                continue;
            }
            let spos = self.key_pos(table, sub);
            let has_terms = sitem
                .as_table_like()
                .is_some_and(|t| t.contains_key("terms"));
            keys::check_subcategory(sub, has_terms, &format!("{gid}.{path}"))
                .map_err(|m| self.error(spos, m))?;
            let sub_path = format!("{path}/{sub}");
            let place = Place {
                gid,
                key: sub,
                path: &sub_path,
                pos: spos,
            };
            self.category(&place, sitem, declared, out)?;
        }
        Ok(())
    }

    /// Rules of a category or term table, their words in its language.
    fn rules(
        &self,
        table: &dyn TableLike,
        declared: Declared,
        owner: &str,
        at: usize,
    ) -> Result<Rules, LexiconError> {
        let settings = self.resolve(
            Declared {
                stem: None,
                ..declared
            },
            owner,
            at,
        )?;
        rules::parse_rules(table, &settings)
            .map_err(|(pos, message)| self.error(pos.unwrap_or(at), message))
    }

    /// A category's terms: a list, or a table of lists keyed by language
    /// (`terms = { en = ["terrorist*"], ar = ["إرهابي*"] }`).
    fn terms(
        &self,
        at: &Place,
        item: &Item,
        declared: Declared,
    ) -> Result<Vec<Term>, LexiconError> {
        let Place {
            gid,
            path: cid,
            pos: cpos,
            ..
        } = *at;
        let mut terms = Vec::new();
        if let Some(table) = item.as_table_like().filter(|_| item.as_array().is_none()) {
            for (code, list) in table.iter() {
                let kpos = self.key_pos(table, code);
                let language = Some(self.language(code, kpos)?);
                let array = list.as_array().ok_or_else(|| {
                    self.error(
                        kpos,
                        format!("`{code}` in the terms of `{gid}.{cid}` must be a list of terms, e.g. `{code} = [\"word\", \"stem*\"]`"),
                    )
                })?;
                for value in array.iter() {
                    terms.push(self.term(
                        value,
                        Declared {
                            language,
                            ..declared
                        },
                    )?);
                }
            }
        } else {
            let array = item.as_array().ok_or_else(|| {
                self.error(
                    cpos,
                    format!("category `{gid}.{cid}` must be a list of terms, e.g. `terms = [\"word\", \"two words\", \"stem*\"]`, or lists by language, `terms = {{ en = [\"rebel*\"], ar = [\"ثوار\"] }}`"),
                )
            })?;
            for value in array.iter() {
                terms.push(self.term(value, declared)?);
            }
        }
        if terms.is_empty() {
            return Err(self.error(
                cpos,
                format!("category `{gid}.{cid}` has no terms: add at least one"),
            ));
        }
        Ok(terms)
    }

    fn term(&self, value: &Value, declared: Declared) -> Result<Term, LexiconError> {
        let at = value.span().map_or(0, |s| s.start);
        let line = self.line_of(at);
        let build = |text: &str, cs: bool, declared: Declared| -> Result<Term, LexiconError> {
            let settings = self.resolve(declared, text, at)?;
            Term::with_settings(text, cs, line, settings).map_err(|m| self.error(at, m))
        };
        match value {
            Value::String(s) => build(s.value(), false, declared),
            Value::InlineTable(t) => {
                for (key, _) in t.iter() {
                    let pos = t
                        .get_key_value(key)
                        .and_then(|(k, _)| k.span())
                        .map_or(at, |s| s.start);
                    keys::check_with_settings(key, keys::TERM, "in a term table")
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
                let declared = self.declared(t, declared)?;
                if cs && declared.stem == Some(true) {
                    return Err(self.error(
                        at,
                        format!("term `{text}`: `stem = true` and `case_sensitive = true` do not go together (a stem matches words whatever their ending); drop one"),
                    ));
                }
                let mut term = build(text, cs, declared)?;
                if let Some(w) = t.get("weight") {
                    term.weight = w
                        .as_float()
                        .or_else(|| w.as_integer().map(|i| i as f64))
                        .filter(|w| w.is_finite())
                        .ok_or_else(|| {
                            self.error(at, "`weight` must be a number, e.g. `weight = 2.5`".into())
                        })?;
                }
                term.rules = self.rules(t, declared, text, at)?;
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

/// Where a category is: its group, key, path id and key position.
#[derive(Clone, Copy)]
struct Place<'a> {
    gid: &'a str,
    key: &'a str,
    path: &'a str,
    pos: usize,
}
