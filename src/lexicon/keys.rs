//! Which keys each table of a lexicon takes, and what to say about any
//! other: every unknown key is an error naming the closest known key, and a
//! subcategory named like a misspelt rule (`exclud = [...]`) is refused
//! rather than silently counted as a category of its own. One place, so a
//! new key is one line here.

/// The top level of a lexicon file (and [`SETTINGS`]).
pub const TOP: &[&str] = &["name", "description", "groups"];
/// A `[groups.<id>]` table (and [`SETTINGS`]).
pub const GROUP: &[&str] = &["question", "overlapping", "categories"];
/// The rule keys of a category table (a category with rules needs `terms`);
/// with [`SETTINGS`], the keys that are not subcategories.
pub const RULES: &[&str] = &["terms", "exclude", "near", "not_near"];
/// A term written as a table: `{ term = "IS", case_sensitive = true }`
/// (and [`SETTINGS`]).
pub const TERM: &[&str] = &[
    "term",
    "case_sensitive",
    "weight",
    "exclude",
    "near",
    "not_near",
];
/// The language settings, taken by the lexicon, a group, a category and a
/// term alike.
pub const SETTINGS: &[&str] = &["language", "clitics", "stem", "ta_marbuta"];
/// A `near` or `not_near` table.
pub const CONTEXT: &[&str] = &["words", "window"];

/// [`check`] for a table that also takes the language [`SETTINGS`].
pub fn check_with_settings(key: &str, known: &[&str], place: &str) -> Result<(), String> {
    if SETTINGS.contains(&key) {
        return Ok(());
    }
    check(key, &[known, SETTINGS].concat(), place)
}

/// True for a key of a category table that is a rule or a setting, not a
/// subcategory.
pub fn is_category_key(key: &str) -> bool {
    RULES.contains(&key) || SETTINGS.contains(&key)
}

/// `Err(message)` when `key` is not one of `known`; `place` says where it
/// is (`in group \`armed\``).
pub fn check(key: &str, known: &[&str], place: &str) -> Result<(), String> {
    if known.contains(&key) {
        return Ok(());
    }
    let hint = closest(key, known, 2).map_or(String::new(), |k| format!("did you mean `{k}`? "));
    Err(format!(
        "unknown key `{key}` {place}: {hint}it takes {}",
        list(known)
    ))
}

/// `Err(message)` when a subcategory `key` of category `category` is
/// named so like one of its rule keys that it is most likely a misspelt
/// rule. `is_category_table`: the value is a table with its own `terms`,
/// which is a subcategory however it is named.
pub fn check_subcategory(key: &str, is_category_table: bool, category: &str) -> Result<(), String> {
    if is_category_table {
        return Ok(());
    }
    match closest(key, RULES, 1) {
        Some(rule) => Err(format!(
            "`{key}` in category `{category}` looks like a misspelt `{rule}` (a category table takes {} and subcategories): correct it, or if `{key}` is meant as a subcategory write it as a table with its terms, `{key} = {{ terms = [\"...\"] }}`",
            list(RULES)
        )),
        None => Ok(()),
    }
}

/// The known key `key` is most likely a misspelling of: the same but for
/// case, `-` or `_`, or at most `edits` edits away (insertions, deletions,
/// substitutions, swaps of two neighbours; one more for keys of 7 or more
/// characters).
fn closest<'k>(key: &str, known: &[&'k str], edits: usize) -> Option<&'k str> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let key_squashed = squash(key);
    if let Some(k) = known.iter().find(|k| squash(k) == key_squashed) {
        return Some(k);
    }
    known
        .iter()
        .map(|k| (strsim::osa_distance(&key_squashed, &squash(k)), *k))
        .filter(|(d, k)| *d <= edits + usize::from(k.len() >= 7))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `` `a`, `b` and `c` ``.
fn list(keys: &[&str]) -> String {
    let quoted: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_key_is_suggested() {
        let e = check_with_settings("exclud", TERM, "in a term").unwrap_err();
        assert_eq!(e, "unknown key `exclud` in a term: did you mean `exclude`? it takes `term`, `case_sensitive`, `weight`, `exclude`, `near`, `not_near`, `language`, `clitics`, `stem` and `ta_marbuta`");
        assert!(check("casesensitive", TERM, "x")
            .unwrap_err()
            .contains("`case_sensitive`?"));
        assert!(check("Not-Near", TERM, "x")
            .unwrap_err()
            .contains("`not_near`?"));
        assert!(check("windw", CONTEXT, "x")
            .unwrap_err()
            .contains("`window`?"));
        assert!(check("colour", TOP, "x")
            .unwrap_err()
            .starts_with("unknown key `colour` x: it takes"));
        assert!(check("term", TERM, "x").is_ok());
        assert!(check_with_settings("language", TOP, "x").is_ok());
        assert!(check("language", CONTEXT, "x").is_err());
        assert!(check_with_settings("langauge", GROUP, "x")
            .unwrap_err()
            .contains("`language`?"));
    }

    #[test]
    fn a_subcategory_named_like_a_misspelt_rule_is_refused_unless_it_has_terms() {
        for typo in [
            "exclud",
            "exlcude",
            "excludes",
            "term",
            "nera",
            "not_nearr",
            "notnear",
        ] {
            assert!(check_subcategory(typo, false, "g.c").is_err(), "{typo}");
            assert!(check_subcategory(typo, true, "g.c").is_ok(), "{typo}");
        }
        for name in ["foreign", "rebel", "terrorist", "regime", "nation"] {
            assert!(check_subcategory(name, false, "g.c").is_ok(), "{name}");
        }
        let e = check_subcategory("exclud", false, "g.c").unwrap_err();
        assert!(
            e.starts_with("`exclud` in category `g.c` looks like a misspelt `exclude`"),
            "{e}"
        );
        assert!(e.contains("`exclud = { terms = [\"...\"] }`"), "{e}");
    }
}
