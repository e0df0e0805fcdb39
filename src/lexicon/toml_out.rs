//! Writes a [`Lexicon`] as framescore TOML (`framescore lexicon import`):
//! nested categories as dotted keys, one term a line, weights and rules as
//! inline tables, a term's language settings on the term. Reading the
//! output back gives the same lexicon.

use super::{Context, Lexicon, Pattern, Rules, Term};
use std::fmt::Write;

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        s.to_string()
    } else {
        quote(s)
    }
}

fn patterns(ps: &[Pattern]) -> String {
    let items: Vec<String> = ps.iter().map(|p| quote(&p.text)).collect();
    format!("[{}]", items.join(", "))
}

fn context(c: &Context) -> String {
    format!(
        "{{ words = {}, window = {} }}",
        patterns(&c.words),
        c.window
    )
}

fn rules(r: &Rules) -> String {
    let mut parts = Vec::new();
    if !r.exclude.is_empty() {
        parts.push(format!("exclude = {}", patterns(&r.exclude)));
    }
    if let Some(c) = &r.near {
        parts.push(format!("near = {}", context(c)));
    }
    if let Some(c) = &r.not_near {
        parts.push(format!("not_near = {}", context(c)));
    }
    parts.join(", ")
}

fn term(t: &Term) -> String {
    let mut parts = vec![format!("term = {}", quote(&t.text))];
    if t.case_sensitive {
        parts.push("case_sensitive = true".into());
    }
    if t.weight != 1.0 {
        parts.push(format!("weight = {}", t.weight));
    }
    let set = &t.settings;
    if let Some(l) = set.language {
        parts.push(format!("language = {}", quote(l.code())));
        if l.clitics().is_some() && set.clitics.is_none() {
            parts.push("clitics = false".into());
        }
    }
    if set.stem {
        parts.push("stem = true".into());
    }
    if set.keep_ta_marbuta {
        parts.push("ta_marbuta = false".into());
    }
    let r = rules(&t.rules);
    if !r.is_empty() {
        parts.push(r);
    }
    if parts.len() == 1 {
        quote(&t.text)
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// The lexicon as TOML text.
pub fn to_toml(lexicon: &Lexicon) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "name = {}", quote(&lexicon.name));
    if !lexicon.description.is_empty() {
        let _ = writeln!(out, "description = {}", quote(&lexicon.description));
    }
    for g in &lexicon.groups {
        let _ = writeln!(out, "\n[groups.{}]", key(&g.id));
        if !g.question.is_empty() {
            let _ = writeln!(out, "question = {}", quote(&g.question));
        }
        if g.overlapping {
            let _ = writeln!(
                out,
                "overlapping = true   # categories share terms: a match may count in several"
            );
        }
        let _ = writeln!(out, "\n[groups.{}.categories]", key(&g.id));
        for c in &g.categories {
            let dotted: Vec<String> = c.id.split('/').map(key).collect();
            let prefix = format!("{}/", c.id);
            let has_children = g.categories.iter().any(|o| o.id.starts_with(&prefix));
            let mut name = dotted.join(".");
            let r = rules(&c.rules);
            if has_children || !r.is_empty() {
                name.push_str(".terms");
            }
            let _ = writeln!(out, "{name} = [");
            for t in &c.terms {
                let _ = writeln!(out, "  {},", term(t));
            }
            let _ = writeln!(out, "]");
            if !r.is_empty() {
                let base: Vec<String> = c.id.split('/').map(key).collect();
                for (k, v) in rule_lines(&c.rules) {
                    let _ = writeln!(out, "{}.{k} = {v}", base.join("."));
                }
            }
        }
    }
    out
}

fn rule_lines(r: &Rules) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if !r.exclude.is_empty() {
        v.push(("exclude", patterns(&r.exclude)));
    }
    if let Some(c) = &r.near {
        v.push(("near", context(c)));
    }
    if let Some(c) = &r.not_near {
        v.push(("not_near", context(c)));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn quotes_and_keys_survive_a_round_trip() {
        assert_eq!(quote("say \"no\" \\ now"), "\"say \\\"no\\\" \\\\ now\"");
        assert_eq!(key("plus_STATE_plus"), "plus_STATE_plus");
        assert_eq!(key("Größe"), "\"Größe\"");
        let src = "[groups.g.categories]\n\"Größe\" = [\"it's \\\"big\\\"\", { term = \"IS\", case_sensitive = true, weight = 0.5 }]\n";
        let lex = Lexicon::parse(src, Path::new("t.toml")).unwrap();
        let back = Lexicon::parse(&to_toml(&lex), Path::new("back.toml")).unwrap();
        let c = &back.groups[0].categories[0];
        assert_eq!(c.id, "Größe");
        assert_eq!(c.terms[0].text, "it's \"big\"");
        assert!(c.terms[1].case_sensitive);
        assert_eq!(c.terms[1].weight, 0.5);
    }

    #[test]
    fn language_settings_survive_a_round_trip() {
        let src = r#"language = "ar"
[groups.g.categories]
x = ["المعارضة", { term = "الثوار", clitics = false, ta_marbuta = false }]
y.terms = { ru = [{ term = "террорист", stem = true }], en = ["*ist"] }
"#;
        let lex = Lexicon::parse(src, Path::new("t.toml")).unwrap();
        let back = Lexicon::parse(&to_toml(&lex), Path::new("back.toml")).unwrap();
        let terms = |l: &Lexicon| -> Vec<Term> {
            l.groups[0]
                .categories
                .iter()
                .flat_map(|c| c.terms.clone())
                .map(|mut t| {
                    t.line = 0;
                    t
                })
                .collect()
        };
        assert_eq!(terms(&back), terms(&lex));
        assert_eq!(terms(&lex).len(), 4);
    }
}
