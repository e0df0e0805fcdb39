//! validate(): precision, consensus, agreement, flags, misses, errors.

use super::*;
use crate::stats::{
    cohen_kappa, krippendorff_alpha, percent_agreement, weighted_precision, wilson,
};
use crate::validation::read::{read_sheet, ReadOptions};
use crate::validation::sample::tests::{draw, fill_csv, write};
use crate::validation::sample::{Sample, SampleOptions};
use crate::validation::sheet::{col, sheet_csv};
use crate::validation::{PrecisionModel, ValidationTables};

fn sample(misses: Option<usize>) -> Sample {
    draw(
        SampleOptions {
            per_stratum: 5,
            seed: 1,
            misses,
            ..SampleOptions::default()
        },
        0..17,
    )
}

/// Coder 1: terrorist* is always a false hit, everything else correct.
/// Coder 2 agrees, except on the items listed in `flip`.
fn code_of(rec: &csv::StringRecord, coder: usize, flip: &[String]) -> String {
    let item = rec.get(col("item_id")).unwrap_or("").to_string();
    let term = rec.get(col("term")).unwrap_or("");
    let base = if rec.get(col("kind")) == Some("miss") {
        if rec.get(col("context")).unwrap_or("").contains("weather") {
            "no"
        } else {
            "yes"
        }
    } else if term == "terrorist*" {
        "no"
    } else {
        "yes"
    };
    if coder == 1 && flip.contains(&item) {
        if base == "yes" {
            "unsure".into()
        } else {
            "yes".into()
        }
    } else {
        base.into()
    }
}

fn coded_sheets(s: &Sample, dir: &std::path::Path, flip: &[String]) -> Vec<CodedSheet> {
    let order: Vec<usize> = (0..s.items.len())
        .filter(|&i| s.items[i].kind == ItemKind::Match)
        .collect();
    let raw = sheet_csv(s, &order).unwrap();
    (0..2)
        .map(|c| {
            let filled = fill_csv(&raw, |_, rec| code_of(rec, c, flip));
            read_sheet(
                &write(dir, &format!("coder{c}.csv"), &filled),
                ReadOptions::default(),
            )
            .unwrap()
        })
        .collect()
}

fn row(v: &Validation, level: Level, f: impl Fn(&EstimateRow) -> bool) -> &EstimateRow {
    v.rows
        .iter()
        .find(|r| r.level == level && f(r))
        .expect("row present")
}

#[test]
fn precision_agreement_and_flags_from_two_coders() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(None);
    // Coder 2 disagrees on one rebel item of A (yes vs unsure) and one
    // terrorist item (no vs yes): both are ties, so disputed.
    let rebel_a = s
        .items
        .iter()
        .find(|i| i.stratum == "A | armed.rebel")
        .unwrap()
        .id
        .clone();
    let terr = s
        .items
        .iter()
        .find(|i| i.term == "terrorist*")
        .unwrap()
        .id
        .clone();
    let flip = vec![rebel_a, terr];
    let sheets = coded_sheets(&s, dir.path(), &flip);
    let v = validate(&sheets, &ValidateOptions::default()).expect("validates");
    assert_eq!((v.coders, v.items), (2, 20));
    assert_eq!(v.sample_id, s.id);

    let t = row(&v, Level::Stratum, |r| r.stratum == "A | armed.terrorist");
    assert_eq!((t.yes, t.no, t.disputed, t.population), (0, 4, 1, 12.0));
    let (lo, hi) = wilson(0, 4, 0.95).unwrap();
    assert_eq!((t.estimate, t.low, t.high), (Some(0.0), Some(lo), Some(hi)));

    // rebel* over both outlets: A's stratum (24 matches, 4 coded yes,
    // 1 disputed) and B's (5, 5 yes), pooled by weighted_precision.
    let r = row(&v, Level::Term, |r| r.term == "rebel*");
    let want = weighted_precision(
        &[
            crate::stats::StratumCodes {
                size: 24.0,
                yes: 4,
                no: 0,
            },
            crate::stats::StratumCodes {
                size: 5.0,
                yes: 5,
                no: 0,
            },
        ],
        0.95,
    )
    .unwrap();
    assert_eq!(
        (r.estimate, r.low, r.n_eff),
        (Some(want.precision), Some(want.low), Some(want.n_eff))
    );
    assert_eq!((r.sampled, r.disputed, r.population), (10, 1, 29.0));

    // Agreement equals the statistics on the matrix built here.
    let matrix: Vec<Vec<Option<u32>>> = {
        let mut ids: Vec<&str> = s.items.iter().map(|i| i.id.as_str()).collect();
        ids.sort_unstable();
        ids.iter()
            .map(|id| {
                let it = s.items.iter().find(|i| i.id == *id).unwrap();
                let c1 = if it.term == "terrorist*" { 1 } else { 0 };
                let c2 = if flip.iter().any(|f| f == id) {
                    if c1 == 0 {
                        2
                    } else {
                        0
                    }
                } else {
                    c1
                };
                vec![Some(c1), Some(c2)]
            })
            .collect()
    };
    let a = &v.agreement[0];
    assert_eq!(a.kind, ItemKind::Match);
    assert_eq!(a.percent, percent_agreement(&matrix).unwrap().agreement);
    assert_eq!(a.percent, 18.0 / 20.0);
    let first: Vec<Option<u32>> = matrix.iter().map(|u| u[0]).collect();
    let second: Vec<Option<u32>> = matrix.iter().map(|u| u[1]).collect();
    assert_eq!(a.kappa, Some(cohen_kappa(&first, &second).unwrap()));
    assert_eq!(a.alpha, Some(krippendorff_alpha(&matrix).unwrap().alpha));
    let (lo, hi) = (a.alpha_low.unwrap(), a.alpha_high.unwrap());
    assert!(lo < a.alpha.unwrap() && a.alpha.unwrap() <= hi, "{lo} {hi}");

    // terrorist* is flagged with its four agreed false hits.
    assert_eq!(v.flagged.len(), 1);
    let f = &v.flagged[0];
    assert_eq!((f.term.as_str(), f.false_hits.len()), ("terrorist*", 4));
    assert!(f
        .false_hits
        .iter()
        .all(|h| h.context.contains("[[terrorists]]")));

    // validation.csv carries what the correction needs.
    let csv_path = write(dir.path(), "validation.csv", &v.validation_csv().unwrap());
    let from_csv = ValidationTables::load(&csv_path).unwrap().model;
    assert_eq!(from_csv, PrecisionModel::from_validation(&v));
    let text = String::from_utf8(v.agreement_csv().unwrap()).unwrap();
    assert!(text
        .starts_with("kind,coders,units,pairs,percent_agreement,cohen_kappa,krippendorff_alpha"));
    let flagged = String::from_utf8(v.flagged_csv().unwrap()).unwrap();
    assert_eq!(flagged.lines().count(), 5, "{flagged}");
}

#[test]
fn misses_give_a_miss_rate_and_the_words_coders_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(Some(4));
    let order: Vec<usize> = (0..s.items.len())
        .filter(|&i| s.items[i].kind == ItemKind::Miss)
        .collect();
    assert_eq!(order.len(), 12, "4 per stratum in 3 strata");
    let raw = sheet_csv(&s, &order).unwrap();
    let filled = {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(raw.as_slice());
        let mut w = csv::Writer::from_writer(Vec::new());
        for (i, rec) in r.records().enumerate() {
            let mut cells: Vec<String> = rec.unwrap().iter().map(str::to_string).collect();
            if i > 0 {
                let yes =
                    cells[col("context")].contains("regime") && cells[col("group")] == "armed";
                cells[col("code")] = if yes { "yes" } else { "no" }.into();
                if yes {
                    cells[col("words")] = "Government forces; government forces ,army".into();
                }
            }
            w.write_record(&cells).unwrap();
        }
        w.into_inner().unwrap()
    };
    let sheet = read_sheet(
        &write(dir.path(), "misses.csv", &filled),
        ReadOptions::default(),
    )
    .unwrap();
    let v = validate(&[sheet], &ValidateOptions::default()).unwrap();
    let b = row(&v, Level::Stratum, |r| {
        r.kind == ItemKind::Miss && r.stratum == "B | armed"
    });
    let yes = b.yes;
    assert_eq!(b.yes + b.no, 4);
    assert_eq!(b.population, 10.0);
    let (lo, hi) = wilson(yes, 4, 0.95).unwrap();
    assert_eq!(
        (b.estimate, b.low, b.high),
        (Some(yes as f64 / 4.0), Some(lo), Some(hi))
    );
    let a = row(&v, Level::Stratum, |r| {
        r.kind == ItemKind::Miss && r.stratum == "A | armed"
    });
    assert_eq!(a.estimate, Some(0.0));
    // Words: case-insensitive, split at ; and ,, counted once per sentence.
    let words: Vec<(&str, u64)> = v
        .missed_words
        .iter()
        .map(|m| (m.words.as_str(), m.sentences))
        .collect();
    assert_eq!(words, [("army", yes), ("Government forces", yes)]);
    // One coder: no agreement, said so.
    assert_eq!(
        v.agreement[0].note,
        crate::stats::StatsError::NoPairableUnits.to_string()
    );
}

#[test]
fn sheets_of_two_samples_or_twice_the_same_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(None);
    let mut sheets = coded_sheets(&s, dir.path(), &[]);
    let other = draw(
        SampleOptions {
            per_stratum: 5,
            seed: 2,
            ..SampleOptions::default()
        },
        0..17,
    );
    let raw = sheet_csv(&other, &[0, 1]).unwrap();
    let filled = fill_csv(&raw, |_, _| "yes".into());
    sheets.push(
        read_sheet(
            &write(dir.path(), "other.csv", &filled),
            ReadOptions::default(),
        )
        .unwrap(),
    );
    let err = validate(&sheets, &ValidateOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("other.csv:2") && msg.contains(&other.id) && msg.contains(&s.id),
        "{msg}"
    );
    sheets.pop();
    let again = sheets[0].clone();
    sheets.push(again);
    let msg = validate(&sheets, &ValidateOptions::default())
        .unwrap_err()
        .to_string();
    assert!(msg.contains("coder0.csv is given twice"), "{msg}");
}

/// A `stratum` row is the whole stratum, of its exact size: with strata
/// by category its term is empty (a stratum can hold several terms), with
/// strata by term it is the stratum's term.
#[test]
fn stratum_rows_are_whole_strata() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample(None);
    let v = validate(
        &coded_sheets(&s, dir.path(), &[]),
        &ValidateOptions::default(),
    )
    .unwrap();
    let r = row(&v, Level::Stratum, |r| r.stratum == "A | armed.rebel");
    assert_eq!((r.population, r.sampled, r.term.as_str()), (24.0, 5, ""));
    let by_term = draw(
        SampleOptions {
            per_stratum: 5,
            strata: crate::validation::Strata::Term,
            ..SampleOptions::default()
        },
        0..17,
    );
    let v = validate(
        &coded_sheets(&by_term, dir.path(), &[]),
        &ValidateOptions::default(),
    )
    .unwrap();
    let r = row(&v, Level::Stratum, |r| {
        r.stratum == "A | armed.rebel: rebel*"
    });
    assert_eq!((r.population, r.term.as_str()), (24.0, "rebel*"));
}
