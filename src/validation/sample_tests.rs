//! The sampler: strata sizes, inclusion probabilities, reproducibility,
//! order independence, merging, uniform selection, misses; coder
//! assignment; sheets written and read back.

use super::*;
use crate::corpus::Article;
use crate::lexicon::Lexicon;
use crate::validation::read::{read_sheet, Code, ReadOptions};
use crate::validation::sheet::{assign, col, sheet_csv, sheet_xlsx};
use crate::validation::ValidationError;
use std::collections::BTreeMap;
use std::path::Path;

pub(crate) const LEXICON: &str = "[groups.armed.categories.rebel]\nterms = [\"rebel*\"]\n[groups.armed.categories.terrorist]\nterms = [\"terrorist*\"]\n[groups.state.categories.regime]\nterms = [\"regime\"]\n";

pub(crate) fn matcher() -> Matcher {
    let lex = Lexicon::parse(LEXICON, Path::new("t.toml")).expect("test lexicon");
    Matcher::new(&lex).expect("matcher")
}

/// Outlet A: 12 articles, each with 2 rebels, 1 terrorist and a sentence
/// without a match; outlet B: 5 articles with 1 rebel and 1 regime.
pub(crate) fn articles() -> Vec<Article> {
    let mut out = Vec::new();
    for i in 0..12 {
        out.push(Article {
            id: format!("a{i}"),
            outlet: "A".into(),
            text: format!("Rebels attacked post {i}. The rebel commander spoke. Officials called them terrorists. The weather was mild."),
            ..Article::default()
        });
    }
    for i in 0..5 {
        out.push(Article {
            id: format!("b{i}"),
            outlet: "B".into(),
            text: format!("The regime shelled town {i}. A rebel fled.\nNo comment."),
            ..Article::default()
        });
    }
    out
}

pub(crate) fn draw(opts: SampleOptions, order: impl Iterator<Item = usize>) -> Sample {
    let m = matcher();
    let arts = articles();
    let mut s = Sampler::new(&m, opts).expect("sampler");
    for i in order {
        let a = &arts[i];
        s.observe(a, &m.find(&a.text));
    }
    s.finish()
}

fn opts(n: usize, seed: u64) -> SampleOptions {
    SampleOptions {
        per_stratum: n,
        seed,
        ..SampleOptions::default()
    }
}

#[test]
fn strata_have_their_sizes_and_inclusion_probabilities() {
    let s = draw(opts(5, 1), 0..17);
    let sizes: BTreeMap<&str, (u64, u64)> = s
        .strata
        .iter()
        .map(|x| (x.name.as_str(), (x.size, x.sampled)))
        .collect();
    assert_eq!(
        sizes,
        BTreeMap::from([
            ("A | armed.rebel", (24, 5)),
            ("A | armed.terrorist", (12, 5)),
            ("B | armed.rebel", (5, 5)),
            ("B | state.regime", (5, 5)),
        ])
    );
    assert_eq!(s.items.len(), 20);
    for item in &s.items {
        let want = if item.stratum == "A | armed.rebel" {
            5.0 / 24.0
        } else if item.outlet == "A" {
            5.0 / 12.0
        } else {
            1.0
        };
        assert_eq!(item.inclusion_probability(), want, "{}", item.stratum);
        assert!(item.context.marked().contains("[["), "{:?}", item.context);
    }
    let ids: std::collections::BTreeSet<&str> = s.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids.len(), s.items.len(), "item ids are unique");
    // Term strata: one stratum per outlet and term.
    let t = draw(
        SampleOptions {
            strata: Strata::Term,
            ..opts(3, 1)
        },
        0..17,
    );
    let names: Vec<&str> = t.strata.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "A | armed.rebel: rebel*",
            "A | armed.terrorist: terrorist*",
            "B | armed.rebel: rebel*",
            "B | state.regime: regime"
        ]
    );
}

#[test]
fn the_sample_is_reproducible_and_independent_of_order() {
    let a = draw(opts(4, 7), 0..17);
    assert_eq!(a, draw(opts(4, 7), 0..17));
    assert_eq!(a, draw(opts(4, 7), (0..17).rev()));
    let other = draw(opts(4, 8), 0..17);
    assert_ne!(a.items, other.items, "another seed draws other items");
    assert_ne!(a.id, other.id);
    // Two samplers over halves, merged, draw the same sample as one.
    let m = matcher();
    let arts = articles();
    let (mut x, mut y) = (
        Sampler::new(&m, opts(4, 7)).unwrap(),
        Sampler::new(&m, opts(4, 7)).unwrap(),
    );
    for (i, art) in arts.iter().enumerate() {
        let s = if i % 3 == 0 { &mut x } else { &mut y };
        s.observe(art, &m.find(&art.text));
    }
    x.merge(y);
    assert_eq!(x.finish(), a);
}

/// Over many seeds, each of the 24 rebel matches of outlet A is drawn in
/// about 5/24 of the samples: a simple random sample of the stratum.
#[test]
fn every_match_of_a_stratum_is_equally_likely() {
    let rounds = 600;
    let mut hits: BTreeMap<String, u32> = BTreeMap::new();
    for seed in 0..rounds {
        for i in draw(opts(5, seed), 0..17).items {
            if i.stratum == "A | armed.rebel" {
                *hits.entry(i.id).or_default() += 1;
            }
        }
    }
    assert_eq!(hits.len(), 24);
    let p = 5.0 / 24.0;
    let (mean, sd) = (rounds as f64 * p, (rounds as f64 * p * (1.0 - p)).sqrt());
    let chi2: f64 = hits
        .values()
        .map(|&k| (k as f64 - mean).powi(2) / (mean * (1.0 - p)))
        .sum();
    for (id, &k) in &hits {
        assert!((k as f64 - mean).abs() < 4.5 * sd, "{id}: {k} of {rounds}");
    }
    // 23 df: the 99.99th percentile is about 56.
    assert!(chi2 < 56.0, "chi2 = {chi2}");
}

#[test]
fn misses_are_sentences_without_a_match_of_the_group() {
    let s = draw(
        SampleOptions {
            misses: Some(100),
            ..opts(1, 3)
        },
        0..17,
    );
    let misses: Vec<&Item> = s
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Miss)
        .collect();
    let by: BTreeMap<&str, usize> = misses.iter().fold(BTreeMap::new(), |mut m, i| {
        *m.entry(i.stratum.as_str()).or_default() += 1;
        m
    });
    // A (armed): "The weather was mild." in 12 articles (the other three
    // sentences match). B: armed -> "The regime shelled..." and "No comment."
    // (5 x 2); state -> "A rebel fled." and "No comment." (5 x 2).
    assert_eq!(
        by,
        BTreeMap::from([("A | armed", 12), ("B | armed", 10), ("B | state", 10)])
    );
    assert!(misses
        .iter()
        .all(|i| i.context.matched == "The weather was mild." || i.outlet == "B"));
    assert!(misses
        .iter()
        .all(|i| !i.context.matched.to_lowercase().contains("rebel") || i.group == "state"));
    // From all articles: A's articles have no state match, so their
    // sentences form a stratum of their own.
    let all = draw(
        SampleOptions {
            misses: Some(100),
            miss_scope: MissScope::AllArticles,
            ..opts(1, 3)
        },
        0..17,
    );
    assert!(all
        .strata
        .iter()
        .any(|x| x.name == "A | state | articles without a match" && x.size == 48));
}

#[test]
fn coders_share_the_overlap_in_different_orders() {
    let s = draw(opts(5, 1), 0..17);
    let a = assign(&s, ItemKind::Match, 3, 0.4, 9).expect("assignment");
    assert_eq!(a.overlap, 8);
    let sets: Vec<std::collections::BTreeSet<usize>> = a
        .coders
        .iter()
        .map(|c| c.iter().copied().collect())
        .collect();
    let common: Vec<usize> = sets[0]
        .iter()
        .filter(|i| sets[1].contains(i) && sets[2].contains(i))
        .copied()
        .collect();
    assert_eq!(common.len(), 8);
    // The other 12 items go to one coder each, 4 apiece.
    assert!(sets.iter().all(|s| s.len() == 12));
    let total: usize = sets.iter().map(|s| s.len()).sum::<usize>() - 2 * 8;
    assert_eq!(total, 20);
    // Different orders of the shared items.
    let order = |c: &Vec<usize>| -> Vec<usize> {
        c.iter().copied().filter(|i| common.contains(i)).collect()
    };
    assert_ne!(order(&a.coders[0]), order(&a.coders[1]));
    assert_eq!(a, assign(&s, ItemKind::Match, 3, 0.4, 9).unwrap());
    let everyone = assign(&s, ItemKind::Match, 2, 1.0, 9).unwrap();
    assert!(everyone.coders.iter().all(|c| c.len() == 20));
    assert!(matches!(
        assign(&s, ItemKind::Match, 0, 1.0, 9),
        Err(ValidationError::Design(_))
    ));
    assert!(matches!(
        assign(&s, ItemKind::Match, 2, 1.5, 9),
        Err(ValidationError::Design(_))
    ));
}

/// Writes a sheet and returns its path.
pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write sheet");
    p
}

/// Fills the code column of a CSV sheet: `code(row)` per data row.
pub(crate) fn fill_csv(
    bytes: &[u8],
    code: impl Fn(usize, &csv::StringRecord) -> String,
) -> Vec<u8> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut w = csv::Writer::from_writer(Vec::new());
    for (i, rec) in r.records().enumerate() {
        let rec = rec.expect("csv");
        let mut cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if i > 0 {
            cells[col("code")] = code(i, &rec);
        }
        w.write_record(&cells).expect("write");
    }
    w.into_inner().expect("flush")
}

#[test]
fn a_csv_sheet_reads_back_and_errors_name_file_row_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let s = draw(opts(3, 1), 0..17);
    let order: Vec<usize> = (0..s.items.len()).collect();
    let sheet = sheet_csv(&s, &order).expect("csv");
    let codes = ["yes", "No", "unsure", "y"];
    let filled = fill_csv(&sheet, |i, _| codes[i % 4].to_string());
    let p = write(dir.path(), "c1.csv", &filled);
    let read = read_sheet(&p, ReadOptions::default()).expect("reads back");
    assert_eq!(read.sample_id, s.id);
    assert_eq!(read.rows.len(), s.items.len());
    assert_eq!(read.rows[0].code, Some(Code::No));
    assert_eq!(read.rows[0].line, 2);
    assert_eq!(read.rows[0].get("context"), s.items[0].text());

    // A blank code.
    let blank = fill_csv(
        &sheet,
        |i, _| if i == 3 { String::new() } else { "yes".into() },
    );
    let err = read_sheet(
        &write(dir.path(), "blank.csv", &blank),
        ReadOptions::default(),
    )
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("blank.csv:4")
            && msg.contains("has no code")
            && msg.contains("yes, no or unsure"),
        "{msg}"
    );
    let lenient = read_sheet(
        &write(dir.path(), "blank.csv", &blank),
        ReadOptions { allow_blank: true },
    )
    .unwrap();
    assert_eq!(lenient.rows[2].code, None);

    // An unknown value.
    let odd = fill_csv(
        &sheet,
        |i, _| if i == 2 { "maybe".into() } else { "no".into() },
    );
    let msg = read_sheet(&write(dir.path(), "odd.csv", &odd), ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("odd.csv:3") && msg.contains("`maybe` is not a code"),
        "{msg}"
    );
    // The same, saved with CRLF line ends (as Excel and Python write CSV).
    let crlf = String::from_utf8(odd).unwrap().replace('\n', "\r\n");
    let msg = read_sheet(
        &write(dir.path(), "crlf.csv", crlf.as_bytes()),
        ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(msg.contains("crlf.csv:3"), "{msg}");

    // An edited context.
    let text = String::from_utf8(filled.clone()).unwrap();
    let ctx = s.items[0].text();
    let edited = text.replacen(&ctx, &ctx.replace("[[", "[[ "), 1);
    let msg = read_sheet(
        &write(dir.path(), "edited.csv", edited.as_bytes()),
        ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("edited.csv:2") && msg.contains("was changed"),
        "{msg}"
    );

    // A row from another sample.
    let other = draw(opts(3, 2), 0..17);
    let other_sheet = fill_csv(&sheet_csv(&other, &[0]).unwrap(), |_, _| "yes".into());
    let mut mixed = filled.clone();
    let second_line = String::from_utf8(other_sheet)
        .unwrap()
        .lines()
        .nth(1)
        .unwrap()
        .to_string();
    mixed.extend_from_slice(second_line.as_bytes());
    mixed.push(b'\n');
    let err = read_sheet(
        &write(dir.path(), "mixed.csv", &mixed),
        ReadOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ValidationError::OtherSample { .. }), "{err}");
    assert!(err.to_string().contains("mixed.csv:"), "{err}");

    // A deleted column.
    let msg = read_sheet(
        &write(dir.path(), "cols.csv", b"item_id,code\nx,yes\n"),
        ReadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        msg.contains("cols.csv:1") && msg.contains("no `row` column"),
        "{msg}"
    );

    // Saved by a spreadsheet with semicolons: still read.
    let semi = {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(filled.as_slice());
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        for rec in r.records() {
            w.write_record(&rec.unwrap()).unwrap();
        }
        w.into_inner().unwrap()
    };
    let back = read_sheet(
        &write(dir.path(), "semi.csv", &semi),
        ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(back.rows, read.rows);
}

/// The .xlsx sheet has the drop-down, reads back through calamine with the
/// same cells as the CSV, and its code column can be filled.
#[test]
fn an_xlsx_sheet_reads_back_like_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let s = draw(opts(3, 1), 0..17);
    let order: Vec<usize> = (0..s.items.len()).rev().collect();
    let bytes = sheet_xlsx(&s, &order, ItemKind::Match).expect("xlsx");
    let p = write(dir.path(), "c1.xlsx", &bytes);
    // Blank codes: an error by default, uncoded with allow_blank.
    let err = read_sheet(&p, ReadOptions::default()).unwrap_err();
    assert!(
        matches!(err, ValidationError::MissingCode { line: 2, .. }),
        "{err}"
    );
    let x = read_sheet(&p, ReadOptions { allow_blank: true }).expect("reads");
    let csv = write(dir.path(), "c1.csv", &sheet_csv(&s, &order).unwrap());
    let c = read_sheet(&csv, ReadOptions { allow_blank: true }).expect("reads");
    assert_eq!(x.rows, c.rows);
    // The drop-down and the instructions are in the workbook.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("xlsx is a zip");
    let mut sheet_xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet_xml,
    )
    .unwrap();
    assert!(
        sheet_xml.contains("<dataValidation type=\"list\""),
        "{sheet_xml}"
    );
    assert!(sheet_xml.contains("\"yes,no,unsure\""));
    assert!(
        sheet_xml.contains("sqref=\"H2:H"),
        "drop-down on the code column"
    );
}
