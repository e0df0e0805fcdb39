//! Each fixture article states its expected counts in its first line
//! (`# expect: group.category=N ...`); every category not named expects 0.

use framescore::lexicon::Lexicon;
use framescore::matching::Matcher;
use std::collections::BTreeMap;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fixture_articles_match_their_stated_counts() {
    let lexicon = Lexicon::load(&root().join("lexicons/syria.toml")).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(root().join("tests/fixtures/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 6, "fixtures missing");
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let (header, body) = text.split_once('\n').unwrap();
        let spec = header
            .strip_prefix("# expect:")
            .unwrap_or_else(|| panic!("{}: first line must be `# expect: ...`", file.display()));
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for cat in matcher.categories() {
            expected.insert(format!("{}.{}", cat.group_id, cat.id), 0);
        }
        for item in spec.split_whitespace() {
            let (k, v) = item.split_once('=').unwrap();
            assert!(
                expected.contains_key(k),
                "{}: unknown category {k}",
                file.display()
            );
            expected.insert(k.to_string(), v.parse().unwrap());
        }
        let mut got: BTreeMap<String, u64> = expected.keys().map(|k| (k.clone(), 0)).collect();
        for hit in matcher.find(body).hits {
            let cat = &matcher.categories()[hit.category];
            *got.get_mut(&format!("{}.{}", cat.group_id, cat.id))
                .unwrap() += 1;
        }
        if got != expected {
            let diff: Vec<String> = expected
                .iter()
                .filter(|(k, v)| got[*k] != **v)
                .map(|(k, v)| format!("{k}: expected {v}, got {}", got[k]))
                .collect();
            failures.push(format!("{}: {}", file.display(), diff.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
