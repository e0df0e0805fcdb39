//! The adversarial catalogue, input side (issue 16): options out of bounds,
//! corpora that would be read wrong or blow up, lexicons with mistakes that
//! used to pass silently, imports. Every case asserts the exit code, the
//! message, that nothing panicked (no "panicked" on stderr, no death by a
//! signal) and, through [`Scene`], that no file was added, changed or
//! removed (inputs hashed before and after).
//!
//! The bounds are in `src/limits.rs` and the README's Limits table.

mod common;

use common::scene::Scene;
use common::{FAST, LEXICON};
use std::io::Write as _;

const CORPUS: &str = "id,outlet,text\n\
1,A,The rebels met the regime.\n\
2,B,Terrorists and the government.\n\
3,A,More rebels.\n";

/// A scene with `l.toml` (the lexicon above) and `c.csv` (three articles).
fn scene() -> Scene {
    let s = Scene::new();
    s.write("l.toml", LEXICON);
    s.write("c.csv", CORPUS);
    s
}

/// `count` of `corpus` with the scene's lexicon.
fn count(corpus: &str) -> Vec<String> {
    ["count", "--corpus", corpus, "--lexicon", "l.toml"]
        .map(String::from)
        .to_vec()
}

/// `report` of `corpus` with the scene's lexicon into `out`.
fn report(corpus: &str, out: &str) -> Vec<String> {
    [
        "report",
        "--corpus",
        corpus,
        "--lexicon",
        "l.toml",
        "--out",
        out,
    ]
    .map(String::from)
    .to_vec()
}

/// `kwic` of `c.csv` with the scene's lexicon.
fn kwic() -> Vec<String> {
    ["kwic", "--corpus", "c.csv", "--lexicon", "l.toml"]
        .map(String::from)
        .to_vec()
}

/// `lexicon check` of `file`.
fn check(file: &str) -> [&str; 3] {
    ["lexicon", "check", file]
}

fn with(mut args: Vec<String>, extra: &[&str]) -> Vec<String> {
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// The outlets of a `count` CSV, with their article counts, sorted.
fn outlets(csv: &str) -> Vec<(String, String)> {
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let mut out: Vec<(String, String)> = r
        .records()
        .map(|rec| {
            let rec = rec.unwrap();
            (rec[0].to_string(), rec[5].to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// `n` gzip members, each `chunk` (1 MiB) of `byte`: a small file that
/// decompresses to `n` MiB.
fn gzip_bomb(prefix: &[u8], byte: u8, n: usize) -> Vec<u8> {
    let gz = |bytes: &[u8]| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap()
    };
    let member = gz(&vec![byte; 1 << 20]);
    let mut out = gz(prefix);
    for _ in 0..n {
        out.extend_from_slice(&member);
    }
    out
}

// ---------------------------------------------------------------- options

#[test]
fn bootstrap_near_u64_max_is_refused_before_any_work() {
    let s = scene();
    for n in ["18446744073709551615", "18446744073709551000"] {
        let out = s.refused(
            &with(report("c.csv", "r"), &["--bootstrap", n]),
            2,
            "--bootstrap",
        );
        assert!(out.stderr.contains("most allowed"), "{}", out.stderr);
    }
}

#[test]
fn bootstrap_of_a_hundred_million_is_refused() {
    let s = scene();
    s.refused(
        &[
            "report",
            "--corpus",
            "c.csv",
            "--lexicon",
            "l.toml",
            "--bootstrap",
            "100000000",
        ],
        2,
        "more than 100000, the most allowed (memory grows with the resamples",
    );
    // Nothing under the default report folder either.
    assert!(!s.path("reports").exists());
}

#[test]
fn permutations_at_u64_max_are_refused() {
    let s = scene();
    s.refused(
        &with(
            report("c.csv", "r"),
            &["--permutations", "18446744073709551615"],
        ),
        2,
        "more than 1000000, the most allowed (time grows",
    );
}

#[test]
fn numbers_past_u64_and_negative_numbers_are_refused() {
    let s = scene();
    for (flag, value) in [
        ("--bootstrap", "99999999999999999999999"),
        ("--permutations", "-1"),
        ("--bootstrap", "2e3"),
    ] {
        let out = s.run(&with(report("c.csv", "r"), &[flag, value]));
        assert_eq!(out.code, Some(2), "{flag} {value}: {out:?}");
        assert!(!s.path("r").exists());
    }
}

#[test]
fn threads_zero_and_too_many_are_refused() {
    let s = scene();
    s.refused(&with(count("c.csv"), &["--threads", "0"]), 2, "less than 1");
    s.refused(
        &with(count("c.csv"), &["--threads", "100000"]),
        2,
        "more than 1024",
    );
    s.refused(
        &with(report("c.csv", "r"), &["--threads", "0"]),
        2,
        "--threads",
    );
}

#[test]
fn kwic_context_of_65536_is_refused_not_a_panic() {
    let s = scene();
    let out = s.refused(&with(kwic(), &["--context", "65536"]), 2, "--context");
    assert!(out.stderr.contains("more than 1000"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
}

#[test]
fn kwic_context_at_its_bound_works() {
    let s = scene();
    let out = s.prints(&with(kwic(), &["--context", "1000"]));
    // Right-aligned to the full width: the match starts after 1000 columns.
    let first = out.stdout.lines().next().unwrap();
    assert_eq!(first.find('[').unwrap(), 1001, "{first}");
}

#[test]
fn diff_context_of_70000_is_refused_not_a_panic() {
    let s = scene();
    // The lexicons differ, so there are changed matches to print (where the
    // old code panicked formatting them).
    s.write(
        "new.toml",
        LEXICON.replace("\"regime\"", "\"regime\", \"more\""),
    );
    s.refused(
        &[
            "diff",
            "l.toml",
            "new.toml",
            "--corpus",
            "c.csv",
            "--context",
            "70000",
        ],
        2,
        "--context",
    );
}

#[test]
fn shard_counts_past_the_bound_are_refused() {
    let s = scene();
    s.refused(
        &with(
            count("c.csv"),
            &["--shard", "1/18446744073709551615", "--out", "p"],
        ),
        2,
        "more than 100000",
    );
    s.refused(
        &with(count("c.csv"), &["--shard", "0/4", "--out", "p"]),
        2,
        "1 <= K <= N",
    );
}

#[test]
fn level_zero_and_past_the_bound_are_refused() {
    let s = scene();
    s.refused(&with(count("c.csv"), &["--level", "0"]), 2, "less than 1");
    s.refused(
        &with(count("c.csv"), &["--level", "101"]),
        2,
        "more than 100",
    );
}

// ----------------------------------------------------------------- corpus

#[test]
fn an_unterminated_quote_is_an_error_at_the_line_its_row_starts() {
    let s = scene();
    s.write(
        "q.csv",
        "id,outlet,text\n1,A,\"rebels are\n2,B,terrorists\n3,C,regime\n4,D,rebels\n",
    );
    let out = s.refused(
        &count("q.csv"),
        2,
        "q.csv:2: a quote opened in the row starting on line 2 is never closed",
    );
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn an_unterminated_quote_stops_the_read_even_when_skipping_bad_rows() {
    let s = scene();
    s.write(
        "q.csv",
        "id,outlet,text\n1,A,rebels\n2,B,\"terrorists\n3,C,regime\n",
    );
    s.refused(
        &with(count("q.csv"), &["--on-error", "skip"]),
        2,
        "q.csv:3:",
    );
}

#[test]
fn a_missing_quote_closed_by_a_later_one_is_an_error_naming_both_lines() {
    let s = scene();
    s.write(
        "q.csv",
        "id,outlet,text\n1,A,\"rebels\n2,B,terrorists\n3,C,\"the regime\"\n4,D,x\n",
    );
    s.refused(
        &with(count("q.csv"), &["--on-error", "skip"]),
        2,
        "closes on line 4 with text after the closing quote: a quote is probably missing on line 2",
    );
}

#[test]
fn text_after_a_closing_quote_is_a_row_error_that_skip_skips() {
    let s = scene();
    s.write(
        "q.csv",
        "id,outlet,text\n1,A,\"rebels\" and more\n2,B,terrorists\n3,A,regime\n",
    );
    s.refused(&count("q.csv"), 2, "q.csv:2: text after the closing quote");
    let out = s.prints(&with(count("q.csv"), &["--on-error", "skip"]));
    assert_eq!(
        outlets(&out.stdout),
        [("A".into(), "1".into()), ("B".into(), "1".into())]
    );
}

#[test]
fn a_gzip_cell_expanding_to_gigabytes_is_an_error_not_an_abort() {
    let s = scene();
    // 3 GiB of one cell in a 3 MB file.
    s.write(
        "bomb.csv.gz",
        gzip_bomb(b"id,outlet,text\n1,A,\"", b'a', 3 * 1024),
    );
    let out = s.refused(
        &count("bomb.csv.gz"),
        2,
        "bomb.csv.gz:2: the row starting on line 2 is longer than 256 MiB",
    );
    assert!(!out.stderr.contains("memory allocation"), "{}", out.stderr);
}

#[test]
fn a_gzip_jsonl_line_expanding_to_gigabytes_is_an_error() {
    let s = scene();
    s.write(
        "bomb.jsonl.gz",
        gzip_bomb(b"{\"outlet\": \"A\", \"text\": \"", b'a', 300),
    );
    s.refused(
        &count("bomb.jsonl.gz"),
        2,
        "bomb.jsonl.gz:1: the line is longer than 256 MiB",
    );
}

#[test]
fn a_gzip_article_file_expanding_past_the_bound_is_refused() {
    let s = scene();
    s.write("f/A/one.txt", "The rebels.");
    s.write("f/B/two.txt.gz", gzip_bomb(b"", b'a', 300));
    s.refused(
        &count("f"),
        2,
        "larger than 256 MiB, the most one article file may hold once decompressed",
    );
    // Skipping it reads the rest.
    let out = s.prints(&with(count("f"), &["--on-error", "skip"]));
    assert_eq!(outlets(&out.stdout), [("A".into(), "1".into())]);
}

#[test]
fn a_row_with_more_than_ten_thousand_cells_is_refused() {
    let s = scene();
    let wide = format!("id,outlet,text\n1,A,x{}\n", ",".repeat(10_000));
    s.write("wide.csv", wide);
    s.refused(
        &count("wide.csv"),
        2,
        "wide.csv:2: the row starting on line 2 has more than 10000 cells",
    );
}

#[test]
fn json_numbers_are_taken_as_written() {
    let s = scene();
    // `1.50` and `1.5` are two outlets; serde_json's f64 made them one.
    s.write(
        "n.jsonl",
        "{\"outlet\": 1.50, \"text\": \"rebels\"}\n{\"outlet\": 1.5, \"text\": \"rebels\"}\n{\"outlet\": 1e2, \"text\": \"regime\"}\n",
    );
    let out = s.prints(&count("n.jsonl"));
    assert_eq!(
        outlets(&out.stdout),
        [
            ("1.5".into(), "1".into()),
            ("1.50".into(), "1".into()),
            ("1e2".into(), "1".into())
        ]
    );
}

#[test]
fn long_numeric_json_ids_do_not_collide() {
    let s = scene();
    s.write(
        "ids.jsonl",
        "{\"id\": 12345678901234567890123, \"outlet\": \"A\", \"text\": \"rebels\"}\n\
         {\"id\": 12345678901234567890124, \"outlet\": \"A\", \"text\": \"regime\"}\n",
    );
    let out = s.prints(&count("ids.jsonl"));
    assert_eq!(outlets(&out.stdout), [("A".into(), "2".into())]);
    // The same id twice is still refused, naming both lines.
    s.write(
        "dup.jsonl",
        "{\"id\": 12345678901234567890123, \"outlet\": \"A\", \"text\": \"x\"}\n\
         {\"id\": 12345678901234567890123, \"outlet\": \"A\", \"text\": \"y\"}\n",
    );
    s.refused(
        &count("dup.jsonl"),
        2,
        "dup.jsonl:2: article id `12345678901234567890123` is also on line 1",
    );
}

#[test]
fn a_json_key_given_twice_is_refused() {
    let s = scene();
    s.write(
        "k.jsonl",
        "{\"outlet\": \"A\", \"text\": \"rebels\", \"outlet\": \"B\"}\n",
    );
    s.refused(
        &count("k.jsonl"),
        2,
        "k.jsonl:1: key `outlet` appears twice",
    );
}

#[test]
fn outlet_spellings_that_look_the_same_are_one_outlet() {
    let s = scene();
    s.write(
        "u.csv",
        "id,outlet,text\n1,Caf\u{e9},rebels\n2,Cafe\u{301},regime\n3,B,rebels\n",
    );
    let out = s.prints(&count("u.csv"));
    assert_eq!(
        outlets(&out.stdout),
        [("B".into(), "1".into()), ("Caf\u{e9}".into(), "2".into())]
    );
    // --where with either spelling selects it.
    let out = s.prints(&with(count("u.csv"), &["--where", "outlet=Cafe\u{301}"]));
    assert_eq!(outlets(&out.stdout), [("Caf\u{e9}".into(), "2".into())]);
}

#[test]
fn outlet_folders_named_in_two_normal_forms_are_one_outlet() {
    let s = scene();
    s.write("f/Caf\u{e9}/a.txt", "The rebels.");
    s.write("f/Cafe\u{301}/b.txt", "The regime.");
    let out = s.prints(&count("f"));
    assert_eq!(outlets(&out.stdout), [("Caf\u{e9}".into(), "2".into())]);
}

#[test]
fn a_report_says_which_outlet_spellings_it_merged() {
    let s = scene();
    s.write("f/Caf\u{e9}/a.txt", "The rebels.");
    s.write("f/Cafe\u{301}/b.txt", "The regime.");
    s.write("f/Other/c.txt", "The government.");
    let args = with(report("f", "r"), &FAST);
    let done = s.run(&args);
    assert_eq!(done.code, Some(0), "{done:?}");
    let run: serde_json::Value =
        serde_json::from_slice(&std::fs::read(s.path("r/run.json")).unwrap()).unwrap();
    let merged = &run["input"]["outlet_spellings_merged"];
    assert_eq!(
        merged,
        &serde_json::json!({"Caf\u{e9}": ["Cafe\u{301}", "Caf\u{e9}"]}),
        "{run}"
    );
    let page = std::fs::read_to_string(s.path("r/index.html")).unwrap();
    assert!(
        page.contains("written in more than one Unicode form"),
        "the page does not say it"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn outlet_folders_whose_names_are_not_utf8_are_refused_not_merged() {
    use std::os::unix::ffi::OsStrExt;
    let s = scene();
    for name in [&b"caf\xe9"[..], b"caf\xe8"] {
        let dir = s.path("f").join(std::ffi::OsStr::from_bytes(name));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.txt"), "The rebels.").unwrap();
    }
    s.refused(&count("f"), 2, "the name is not UTF-8: rename it");
}

#[test]
fn a_utf16_table_is_refused_for_its_nul_bytes() {
    let s = scene();
    let utf16: Vec<u8> = "outlet,text\nA,rebels\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    s.write("w.csv", utf16);
    let out = s.run(&count("w.csv"));
    assert_eq!(out.code, Some(2), "{out:?}");
    s.write("n.csv", "outlet,text\nA,rebels\0 here\n");
    s.refused(
        &count("n.csv"),
        2,
        "n.csv:2: a NUL byte in `text`: the file looks like UTF-16",
    );
}

#[test]
fn control_characters_in_an_outlet_are_refused_and_escaped_in_the_message() {
    let s = scene();
    s.write("e.csv", "outlet,text\n\"A\u{1b}[2J\",rebels\n");
    let out = s.refused(
        &count("e.csv"),
        2,
        "a control character (U+001B) in `outlet`",
    );
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

#[test]
fn error_messages_escape_control_characters_from_the_command_line() {
    let s = scene();
    let out = s.refused(
        &with(count("c.csv"), &["--text-column", "\u{1b}]0;owned\u{7}"]),
        2,
        "no column `\\u{1b}]0;owned\\u{7}`",
    );
    assert!(!out.stderr.contains('\u{1b}') && !out.stderr.contains('\u{7}'));
}

#[test]
fn kwic_lines_escape_control_characters_from_the_text() {
    let s = scene();
    s.write(
        "k.csv",
        "outlet,text\nA,\"\u{1b}[2J the rebels \u{9b}31m went\"\n",
    );
    let out = s.prints(&["kwic", "--corpus", "k.csv", "--lexicon", "l.toml"]);
    assert!(
        out.stdout.contains("\\u{1b}[2J the [rebels] \\u{9b}31m"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{9b}'));
    // CSV is data: the text as it is (the CSV writer's rules apply).
    let out = s.prints(&["kwic", "--corpus", "k.csv", "--lexicon", "l.toml", "--csv"]);
    assert!(out.stdout.contains("rebels"));
}

#[test]
fn manifest_with_an_unterminated_quote_is_refused() {
    let s = scene();
    s.write("m/a.txt", "The rebels.");
    s.write("m/b.txt", "The regime.");
    s.write("m/manifest.csv", "file,outlet\na.txt,\"A\nb.txt,B\n");
    s.refused(&count("m"), 2, "manifest.csv:2: a quote opened");
}

#[test]
fn a_tsv_with_an_unterminated_quote_is_refused() {
    let s = scene();
    s.write("t.tsv", "outlet\ttext\nA\t\"rebels\nB\tregime\n");
    s.refused(
        &count("t.tsv"),
        2,
        "t.tsv:2: a quote opened in the row starting on line 2",
    );
}

#[test]
fn a_json_string_with_a_lone_surrogate_is_a_row_error() {
    let s = scene();
    s.write(
        "s.jsonl",
        "{\"outlet\": \"A\", \"text\": \"rebels \\ud800\"}\n{\"outlet\": \"B\", \"text\": \"regime\"}\n",
    );
    s.refused(&count("s.jsonl"), 2, "s.jsonl:1: key `text`");
    let out = s.prints(&with(count("s.jsonl"), &["--on-error", "skip"]));
    assert_eq!(outlets(&out.stdout), [("B".into(), "1".into())]);
}

#[test]
fn deeply_nested_json_values_are_read_without_a_stack_overflow() {
    let s = scene();
    // Metadata nested 100,000 deep is kept as its JSON text.
    let deep = format!(
        "{{\"outlet\": \"A\", \"text\": \"rebels\", \"m\": {}1{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    s.write("d.jsonl", deep);
    let out = s.prints(&count("d.jsonl"));
    assert_eq!(outlets(&out.stdout), [("A".into(), "1".into())]);
    // As the text, too.
    s.write(
        "t.jsonl",
        format!(
            "{{\"outlet\": \"A\", \"text\": {}\"rebels\"{}}}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    );
    s.prints(&count("t.jsonl"));
}

#[test]
fn a_manifest_outlet_with_a_control_character_is_refused() {
    let s = scene();
    s.write("m/a.txt", "The rebels.");
    s.write("m/manifest.csv", "file,outlet\na.txt,\"A\u{8}B\"\n");
    s.refused(&count("m"), 2, "a control character (U+0008) in `outlet`");
}

#[test]
fn a_quoted_header_after_a_byte_order_mark_still_reads() {
    let s = scene();
    s.write(
        "b.csv",
        "\u{feff}\"outlet\",\"text\"\r\n\"A\",\"rebels\"\r\n",
    );
    let out = s.prints(&count("b.csv"));
    assert_eq!(outlets(&out.stdout), [("A".into(), "1".into())]);
}

#[test]
fn the_bounds_themselves_are_accepted() {
    let s = scene();
    let inputs = |s: &Scene| {
        (
            std::fs::read(s.path("c.csv")).unwrap(),
            std::fs::read(s.path("l.toml")).unwrap(),
        )
    };
    let before = inputs(&s);
    let out = s.run(&with(
        report("c.csv", "r"),
        &[
            "--bootstrap",
            "100000",
            "--permutations",
            "0",
            "--threads",
            "1024",
        ],
    ));
    assert_eq!(out.code, Some(0), "{out:?}");
    assert_eq!(inputs(&s), before);
    s.prints(&with(count("c.csv"), &["--threads", "1", "--level", "100"]));
    s.prints(&with(kwic(), &["--context", "0"]));
    s.refused(&with(kwic(), &["--context", "1001"]), 2, "more than 1000");
}

// ---------------------------------------------------------------- lexicon

/// A lexicon whose armed group's `rebel` category is `rebel`.
fn lexicon_with(rebel: &str) -> String {
    format!("name = \"t\"\n[groups.armed.categories]\nterrorist = [\"terrorist*\"]\n{rebel}\n")
}

#[test]
fn a_misspelt_rule_key_is_not_a_subcategory() {
    let s = scene();
    s.write(
        "m.toml",
        lexicon_with("rebel = { terms = [\"rebel*\"], exclud = [\"rebellion\"] }"),
    );
    let out = s.refused(
        &count("c.csv")
            .iter()
            .map(|a| a.replace("l.toml", "m.toml"))
            .collect::<Vec<_>>(),
        2,
        "m.toml:4:",
    );
    assert!(
        out.stderr
            .contains("`exclud` in category `armed.rebel` looks like a misspelt `exclude`"),
        "{}",
        out.stderr
    );
    // `lexicon check` says so too.
    s.refused(&check("m.toml"), 2, "looks like a misspelt `exclude`");
    // Written as a table with its terms, the same name is a subcategory.
    s.write(
        "ok.toml",
        lexicon_with("rebel = { terms = [\"rebel*\"], exclud = { terms = [\"excluded\"] } }"),
    );
    s.prints(&check("ok.toml"));
}

#[test]
fn a_misspelt_terms_key_is_refused() {
    let s = scene();
    s.write(
        "m.toml",
        lexicon_with("rebel = { term = [\"rebel*\"], terms = [\"rebels\"] }"),
    );
    s.refused(&check("m.toml"), 2, "looks like a misspelt `terms`");
}

#[test]
fn unknown_keys_in_a_term_table_suggest_the_closest() {
    let s = scene();
    s.write(
        "m.toml",
        lexicon_with("rebel = [{ term = \"IS\", case_sensitve = true }]"),
    );
    s.refused(
        &check("m.toml"),
        2,
        "m.toml:4:25: unknown key `case_sensitve` in a term table: did you mean `case_sensitive`?",
    );
}

#[test]
fn unknown_keys_in_a_rule_table_suggest_the_closest() {
    let s = scene();
    s.write(
        "m.toml",
        lexicon_with("rebel = { terms = [\"rebel*\"], near = { words = [\"syria\"], windw = 3 } }"),
    );
    s.refused(
        &check("m.toml"),
        2,
        "unknown key `windw` in `near`: did you mean `window`?",
    );
}

#[test]
fn unknown_keys_at_the_top_and_in_a_group_suggest_the_closest() {
    let s = scene();
    s.write(
        "m.toml",
        format!(
            "descripton = \"x\"\n{}",
            lexicon_with("rebel = [\"rebel\"]")
        ),
    );
    s.refused(
        &check("m.toml"),
        2,
        "m.toml:1:1: unknown key `descripton` at the top level: did you mean `description`?",
    );
    s.write(
        "g.toml",
        "[groups.armed]\nquestoin = \"?\"\n[groups.armed.categories]\nrebel = [\"rebel\"]\n",
    );
    s.refused(
        &check("g.toml"),
        2,
        "g.toml:2:1: unknown key `questoin` in group `armed`: did you mean `question`?",
    );
}

#[test]
fn a_window_past_its_bound_is_refused() {
    let s = scene();
    s.write(
        "m.toml",
        lexicon_with(
            "rebel = { terms = [\"rebel*\"], near = { words = [\"syria\"], window = 1001 } }",
        ),
    );
    s.refused(
        &check("m.toml"),
        2,
        "`near.window` must be a whole number of words from 1 to 1000",
    );
}

#[test]
fn a_term_longer_than_500_characters_is_refused() {
    let s = scene();
    let long = "w".repeat(501);
    s.write("m.toml", lexicon_with(&format!("rebel = [\"{long}\"]")));
    s.refused(&check("m.toml"), 2, "is longer than 500 characters");
    s.write(
        "ok.toml",
        lexicon_with(&format!("rebel = [\"{}\"]", "w".repeat(500))),
    );
    s.prints(&check("ok.toml"));
}

#[test]
fn a_lexicon_file_past_16_mib_is_refused_unread() {
    let s = scene();
    let f = std::fs::File::create(s.path("big.toml")).unwrap();
    f.set_len(17 << 20).unwrap();
    s.refused(
        &check("big.toml"),
        2,
        "larger than 16 MiB, the most a lexicon file may be",
    );
}

#[test]
fn a_lexicon_that_is_not_utf8_names_its_line() {
    let s = scene();
    s.write(
        "m.toml",
        b"name = \"t\"\n[groups.a.categories]\nx = [\"caf\xe9\"]\n",
    );
    s.refused(&check("m.toml"), 2, "m.toml:3:1: not UTF-8");
}

#[test]
fn a_folder_given_as_the_lexicon_is_refused() {
    let s = scene();
    std::fs::create_dir(s.path("lex.toml")).unwrap();
    s.refused(&check("lex.toml"), 2, "lex.toml:1:1: is a folder");
}

#[test]
fn a_lexicon_with_a_byte_order_mark_reads() {
    let s = scene();
    s.write("b.toml", format!("\u{feff}{LEXICON}"));
    s.prints(&check("b.toml"));
}

#[test]
fn deeply_nested_categories_are_an_error_not_a_stack_overflow() {
    let s = scene();
    let deep = format!(
        "[groups.g.categories.{}]\nterms = [\"x\"]\n",
        vec!["a"; 5000].join(".")
    );
    s.write("d.toml", deep);
    let out = s.run(&check("d.toml"));
    assert_eq!(out.code, Some(2), "{out:?}");
    let inline = format!(
        "[groups.g.categories]\nx = {}{}\n",
        "{ a = ".repeat(5000),
        "}".repeat(5000)
    );
    s.write("i.toml", inline);
    let out = s.run(&check("i.toml"));
    assert_eq!(out.code, Some(2), "{out:?}");
}

// ---------------------------------------------------------------- imports

#[test]
fn an_import_with_more_than_a_million_terms_is_refused() {
    let s = scene();
    let mut csv = String::from("category,term\n");
    for i in 0..=1_000_000 {
        csv.push_str(&format!("c,w{i}\n"));
    }
    s.write("big.csv", csv);
    s.refused(
        &["lexicon", "import", "big.csv"],
        2,
        "1000001 terms, more than 1000000",
    );
}

#[test]
fn an_import_skips_a_term_past_its_length_bound_with_a_note() {
    let s = scene();
    s.write(
        "d.dic",
        format!("%\n1\tcat\n%\nrebel*\t1\n{}\t1\n", "w".repeat(600)),
    );
    let out = s.prints(&["lexicon", "import", "d.dic"]);
    assert!(
        out.stderr.contains("d.dic:5: skipped: term `wwww"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains("rebel*"));
}

#[test]
fn an_import_past_16_mib_is_refused() {
    let s = scene();
    let f = std::fs::File::create(s.path("big.dic")).unwrap();
    f.set_len(17 << 20).unwrap();
    s.refused(&["lexicon", "import", "big.dic"], 2, "larger than 16 MiB");
}

#[test]
fn a_deeply_nested_yaml_import_is_an_error_not_a_stack_overflow() {
    let s = scene();
    let mut yaml = String::new();
    for depth in 0..5000 {
        yaml.push_str(&" ".repeat(depth));
        yaml.push_str("a:\n");
    }
    s.write("d.yml", yaml);
    let out = s.run(&["lexicon", "import", "d.yml"]);
    assert_eq!(out.code, Some(2), "{out:?}");
    s.write(
        "f.yml",
        format!("x: {}1{}\n", "[".repeat(5000), "]".repeat(5000)),
    );
    let out = s.run(&["lexicon", "import", "f.yml"]);
    assert_eq!(out.code, Some(2), "{out:?}");
}

#[test]
fn an_import_with_control_characters_prints_them_escaped() {
    let s = scene();
    // A skipped entry is named in a note on the terminal.
    s.write("d.dic", "%\n1\tcat\n%\n\u{1b}]0;x\u{7}*y\t1\nrebel\t1\n");
    let out = s.prints(&["lexicon", "import", "d.dic"]);
    assert!(
        out.stderr
            .contains("d.dic:4: skipped: term `\\u{1b}]0;x\\u{7}*y`"),
        "{:?}",
        out.stderr
    );
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
}

#[test]
fn placeholder_dates_before_1800_are_named_on_the_page() {
    let s = scene();
    s.write(
        "d.csv",
        "id,outlet,date,text\n1,A,0001-01-01,The rebels.\n2,A,2016-03-01,The regime.\n3,B,2016-04-02,Terrorists.\n",
    );
    let args = with(with(report("d.csv", "r"), &["--period", "year"]), &FAST);
    let done = s.run(&args);
    assert_eq!(done.code, Some(0), "{done:?}");
    let page = std::fs::read_to_string(s.path("r/index.html")).unwrap();
    assert!(
        page.contains("1 article dated before 1800 (period 0001)"),
        "the page does not name the placeholder date"
    );
    // Without it, nothing is said.
    s.write(
        "e.csv",
        "id,outlet,date,text\n1,A,2015-01-01,The rebels.\n2,B,2016-04-02,Terrorists.\n",
    );
    let args = with(with(report("e.csv", "r2"), &["--period", "year"]), &FAST);
    assert_eq!(s.run(&args).code, Some(0));
    let page = std::fs::read_to_string(s.path("r2/index.html")).unwrap();
    assert!(!page.contains("dated before 1800"));
}

/// Found by fuzzing (corpus_parquet, 150 s under AddressSanitizer): a
/// damaged page makes the Parquet decoder assert (`size <= src.len()`).
#[test]
fn a_damaged_parquet_page_is_an_error_not_a_panic() {
    refused_fuzz("parquet_page_assert.parquet", "the file is damaged");
}

/// A fuzzing finding: a 4 KB file whose page headers claim hundreds of MB
/// made the parquet crate allocate them (2 GB peak RSS) before it found the
/// damage; the page headers are now checked first.
#[test]
fn a_parquet_page_claiming_gigabytes_is_refused_before_it_is_read() {
    refused_fuzz(
        "parquet_page_oom.parquet",
        "row group 1: the file is damaged (column 6, page 1: its header",
    );
}

/// A fuzzing finding of the page check itself: a column chunk with a
/// negative offset made parquet's `byte_range` assert.
#[test]
fn a_parquet_column_chunk_with_a_negative_offset_is_refused() {
    refused_fuzz(
        "parquet_negative_chunk.parquet",
        "the file is damaged (column",
    );
}

/// A fuzzing finding (corpus_sheet, 684,786 runs): a damaged cell
/// reference in an .xlsx made calamine overflow a multiplication, a panic
/// wherever overflow is checked (debug builds, `cargo test`); calamine now
/// runs guarded, as the Parquet decoder does. The message depends on the
/// build: with overflow checks the caught panic ("not a readable workbook:
/// it is damaged"), without them calamine's own error ("cannot read");
/// either way exit 2 naming the file, and no panic.
#[test]
fn a_workbook_whose_cell_reference_overflows_is_refused() {
    let expected = if cfg!(debug_assertions) {
        "damaged.xlsx: not a readable workbook: it is damaged"
    } else {
        "damaged.xlsx: sheet `Notes`: cannot read"
    };
    refused_fuzz("sheet_reference_overflow.xlsx", expected);
}

/// `count` over the fuzzing finding `name` (tests/data/fuzz, copied under
/// its own extension) is refused with exit code 2 and `message`.
fn refused_fuzz(name: &str, message: &str) {
    let s = scene();
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/fuzz")
            .join(name),
    )
    .unwrap();
    let ext = name.rsplit('.').next().unwrap_or_default();
    let file = format!("damaged.{ext}");
    s.write(&file, bytes);
    s.refused(&count(&file), 2, message);
}
