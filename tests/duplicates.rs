//! Copies of an article within its outlet (re-crawls, feeds, overlapping
//! exports) are counted once, listed in duplicates.csv, and their shared
//! headline is not mistaken for boilerplate.

mod common;

use common::{framescore, read_csv, FAST};

/// Outlet `wire` publishes one story three times (the third with different
/// line breaks) and two other stories; `other` publishes one story.
/// Hand count under lexicons/syria.toml, the story counted once:
/// headline "Terrorists strike Aleppo" (terrorist 1), body "rebels" (rebel 1).
const CORPUS: &str = "id,outlet,title,text
w1,wire,Terrorists strike Aleppo,\"Terrorists strike Aleppo\n\nThe rebels said the city held.\"
w2,wire,Terrorists strike Aleppo,\"Terrorists strike Aleppo\n\nThe rebels said the city held.\"
w3,wire,Terrorists strike Aleppo,\"Terrorists strike Aleppo\n\nThe rebels said\nthe city held.\"
w4,wire,Market report,\"Prices rose in city markets on Monday, traders said.\"
w5,wire,Weather,\"Rain is expected across the region this week.\"
o1,other,Talks,\"The insurgents met envoys in Geneva.\"
";

/// The report on `corpus` (with `args`), in `rep` beside it.
fn report(corpus: &std::path::Path, args: &[&str]) -> std::path::PathBuf {
    let out = corpus.with_file_name("rep");
    framescore()
        .arg("report")
        .args(args)
        .arg("--corpus")
        .arg(corpus)
        .arg("--out")
        .arg(&out)
        .args(FAST)
        .assert()
        .success();
    out
}

fn counts(dir: &std::path::Path) -> Vec<(String, String, u64)> {
    read_csv(&dir.join("counts.csv"))
        .into_iter()
        .filter(|r| r["count"] != "0")
        .map(|r| {
            (
                r["outlet"].clone(),
                r["category"].clone(),
                r["count"].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn copies_within_an_outlet_are_counted_once_with_their_titles() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.csv");
    std::fs::write(&corpus, CORPUS).unwrap();
    let out = report(&corpus, &[]);
    let found = counts(&out);
    let wire: Vec<_> = found.iter().filter(|c| c.0 == "wire").collect();
    assert_eq!(
        wire,
        [
            &("wire".to_string(), "terrorist".to_string(), 1),
            &("wire".to_string(), "rebel".to_string(), 1)
        ],
        "{found:?}"
    );
    let dups = read_csv(&out.join("duplicates.csv"));
    let listed: Vec<(&str, &str, &str, &str)> = dups
        .iter()
        .map(|r| {
            (
                r["article_id"].as_str(),
                r["repeats_article_id"].as_str(),
                r["kind"].as_str(),
                r["counted"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("w2", "w1", "identical", "no"),
            ("w3", "w1", "identical", "no")
        ]
    );
    // The headline was not removed as boilerplate from the copy counted.
    let cleaning = std::fs::read_to_string(out.join("cleaning.csv")).unwrap();
    assert!(!cleaning.contains("boilerplate"), "{cleaning}");
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(page.contains("duplicates.csv"), "the page names the copies");
    // The list is written before the statistics and not kept: the page,
    // run.json and the workbook still have every copy.
    assert!(
        page.contains("2 articles with identical text, 0 articles near-identical"),
        "{page}"
    );
    let run: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).unwrap()).unwrap();
    assert_eq!(run["input"]["duplicates"]["articles_dropped"], 2);
    assert_eq!(run["input"]["duplicates"]["found"], 2);
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(out.join("report.xlsx")).unwrap();
    let names = book.sheet_names();
    let at = |name: &str| names.iter().position(|n| n == name).expect(name);
    assert!(
        at("syndication") < at("duplicates"),
        "in table order: {names:?}"
    );
    let sheet = book.worksheet_range("duplicates").unwrap();
    let sheet: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(sheet[0][1], "article_id");
    let ids: Vec<(&str, &str)> = sheet[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(ids, [("w2", "w1"), ("w3", "w1")]);
    assert_eq!(run["corpus"]["articles"], 4);
}

#[test]
fn duplicates_keep_counts_every_copy() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.csv");
    std::fs::write(&corpus, CORPUS).unwrap();
    let out = framescore()
        .args(["count", "--duplicates", "keep", "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // Three copies of the story: the body's "rebels" three times; the
    // headline recurs in 3 of wire's 5 articles and is cleaned as
    // boilerplate (what --duplicates keep gives up).
    assert!(text.contains("wire,armed_groups,rebel,3,"), "{text}");
    let out = framescore()
        .args(["count", "--corpus"])
        .arg(&corpus)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("wire,armed_groups,rebel,1,"), "{text}");
    assert!(text.contains("wire,armed_groups,terrorist,1,"), "{text}");
}

/// Without cleaning, `count` reads the corpus once and finds the copies as
/// it counts (no first pass): the same counts as `report`, whose first
/// pass finds them, at one thread and at two.
#[test]
fn count_without_cleaning_finds_the_copies_as_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c.csv");
    // Many rows, so that two workers interleave: each story copied word
    // for word (w1-w3 as above) and with other spacing, in every block.
    let mut text = String::from(CORPUS);
    for i in 0..200 {
        text.push_str(&format!(
            "x{i},wire,Story {i},\"Rebels took hill {i}.\"\nx{i}b,wire,Story {i},\"Rebels  took\nhill {i}.\"\n"
        ));
    }
    std::fs::write(&corpus, &text).unwrap();
    let count = |args: &[&str]| {
        let out = framescore()
            .args(["count", "--no-clean", "--corpus"])
            .arg(&corpus)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let one = count(&["--threads", "1"]);
    // w1 once (rebel 1) and each of the 200 stories once.
    assert!(one.contains("wire,armed_groups,rebel,201,"), "{one}");
    assert!(one.contains("wire,armed_groups,terrorist,1,"), "{one}");
    assert_eq!(count(&["--threads", "2"]), one);
    let kept = count(&["--duplicates", "keep"]);
    assert!(kept.contains("wire,armed_groups,rebel,403,"), "{kept}");
    let out = report(&corpus, &["--no-clean"]);
    let reported: Vec<_> = counts(&out).into_iter().filter(|c| c.0 == "wire").collect();
    assert!(
        reported.contains(&("wire".into(), "rebel".into(), 201)),
        "{reported:?}"
    );
    assert!(
        reported.contains(&("wire".into(), "terrorist".into(), 1)),
        "{reported:?}"
    );
}

/// 4,500 stories, each published by outlet `a` and copied whole by `b`:
/// more signatures than the detector keeps in memory (4 MB, about 8,000
/// articles), so they are read back from its temporary file. Every copy
/// is paired with its original, once, and with nothing else (the stories
/// are drawn from 100,000 words: no two share a run of five).
#[test]
fn syndication_beyond_memory_is_found_through_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("many.csv");
    std::fs::write(&corpus, copied_stories(4500)).unwrap();
    let out = report(&corpus, &[]);
    let pairs = read_csv(&out.join("syndication.csv"));
    assert_eq!(pairs.len(), 4500);
    for (k, p) in pairs.iter().enumerate() {
        assert_eq!(
            (p["article_a"].as_str(), p["article_b"].as_str()),
            (&*format!("a{k}"), &*format!("b{k}"))
        );
        assert_eq!(p["jaccard"], "1");
    }
}

/// With the temporary folder unusable, the report stops with the reason
/// and what to do (exit 1: the machine's fault), and writes nothing.
#[test]
fn an_unusable_temporary_folder_is_said_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("many.csv");
    std::fs::write(&corpus, copied_stories(4500)).unwrap();
    let not_a_folder = dir.path().join("file");
    std::fs::write(&not_a_folder, "").unwrap();
    let out = dir.path().join("rep");
    let run = framescore()
        .env("TMPDIR", &not_a_folder)
        .arg("report")
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&out)
        .args(FAST)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{said}");
    assert!(
        said.contains("syndication signatures could not be kept in a temporary file"),
        "{said}"
    );
    assert!(said.contains("set TMPDIR to a folder with room"), "{said}");
    // The system's reason, once.
    assert_eq!(said.matches("os error").count(), 1, "{said}");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read(&corpus).unwrap(),
        copied_stories(4500).into_bytes()
    );
}

/// `n` stories of 40 words as articles `a0..` of outlet `a`, then their
/// copies `b0..` in outlet `b`.
fn copied_stories(n: usize) -> String {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut word = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        format!("w{}", state % 100_000)
    };
    let stories: Vec<String> = (0..n)
        .map(|_| (0..40).map(|_| word()).collect::<Vec<_>>().join(" "))
        .collect();
    let mut csv = String::from("id,outlet,text\n");
    for outlet in ["a", "b"] {
        for (k, story) in stories.iter().enumerate() {
            csv.push_str(&format!("{outlet}{k},{outlet},{story}\n"));
        }
    }
    csv
}
