//! `tests.csv` (per group: the token-level tests, the Monte Carlo exact
//! test and the article-level permutation test) and `residuals.csv`
//! (adjusted residuals per outlet and category).

use super::{header, names, p_cells, Context, Table};
use crate::output::{num, opt, CsvFile, OutputError};
use crate::stats;

pub struct Tests;

impl Table for Tests {
    fn name(&self) -> &'static str {
        names::TESTS
    }

    fn about(&self) -> &'static str {
        "per group: chi-square, G-test, Fisher's exact test"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "group",
            "test",
            "statistic",
            "df",
            "p_value",
            "effect_size",
            "effect_measure",
            "n",
            "outlets",
            "categories",
            "min_expected",
            "cells_expected_below_5",
            "note",
            "log10_p",
            "level",
            "resamples",
        ])
    }

    fn write(&self, ctx: &Context, w: &mut CsvFile) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for t in &ctx.analysis.tests {
            let gid = &counts.groups[t.group];
            let n: u64 = t.table.cells.iter().flatten().sum();
            let shape = [
                n.to_string(),
                t.table.outlets.len().to_string(),
                t.table.categories.len().to_string(),
            ];
            let Some(ind) = &t.independence else {
                let mut row = vec![gid.clone(), "chi_square".into()];
                row.extend(std::iter::repeat_n(String::new(), 5));
                row.extend(shape.iter().cloned());
                row.extend([String::new(), String::new(), t.note.clone()]);
                row.extend([String::new(), "token".into(), String::new()]);
                w.row(&row)?;
                if let Some(a) = ctx.analysis.article_tests.get(t.group) {
                    let row = resampled_row(
                        gid,
                        "article_permutation",
                        a.permutation.as_ref(),
                        None,
                        &shape,
                        &a.permutation_note,
                        "article",
                    );
                    w.row(&row)?;
                }
                continue;
            };
            let tail = |note: &str| {
                let mut v = shape.to_vec();
                v.extend([
                    num(ind.min_expected),
                    t.low_expected.to_string(),
                    note.to_string(),
                ]);
                v
            };
            let token = |p: f64, stat: f64| {
                let [_, log10] = p_cells(p, stats::chi2_ln_sf(stat, ind.df as f64));
                vec![log10, "token".to_string(), String::new()]
            };
            let mut rows: Vec<Vec<String>> = vec![
                [
                    vec![
                        gid.clone(),
                        "chi_square".into(),
                        num(ind.chi2),
                        ind.df.to_string(),
                    ],
                    vec![
                        p_cells(ind.p, 0.0)[0].clone(),
                        num(ind.cramers_v),
                        "cramers_v".into(),
                    ],
                    tail(&t.note),
                    token(ind.p, ind.chi2),
                ]
                .concat(),
                [
                    vec![gid.clone(), "g_test".into(), num(ind.g), ind.df.to_string()],
                    vec![
                        p_cells(ind.g_p, 0.0)[0].clone(),
                        String::new(),
                        String::new(),
                    ],
                    tail(""),
                    token(ind.g_p, ind.g),
                ]
                .concat(),
            ];
            if let Some(f) = &t.fisher {
                rows.push(
                    [
                        vec![
                            gid.clone(),
                            "fisher_exact".into(),
                            String::new(),
                            String::new(),
                        ],
                        vec![
                            p_cells(f.p_two_sided, f.ln_p)[0].clone(),
                            opt(f.sample_odds_ratio),
                            "odds_ratio".into(),
                        ],
                        tail("two-sided; exact, valid for small counts"),
                        vec![
                            p_cells(f.p_two_sided, f.ln_p)[1].clone(),
                            "token".into(),
                            String::new(),
                        ],
                    ]
                    .concat(),
                );
            }
            if let Some(a) = ctx.analysis.article_tests.get(t.group) {
                if let Some(mc) = &a.monte_carlo {
                    let note = "Monte Carlo exact test (Patefield): chi-square's conditional p-value from random tables with these margins; valid with expected counts below 5";
                    rows.push(resampled_row(
                        gid,
                        "monte_carlo_exact",
                        Some(mc),
                        Some(ind.df),
                        &shape,
                        note,
                        "token",
                    ));
                }
                rows.push(resampled_row(
                    gid,
                    "article_permutation",
                    a.permutation.as_ref(),
                    Some(ind.df),
                    &shape,
                    &a.permutation_note,
                    "article",
                ));
            }
            for row in rows {
                w.row(&row)?;
            }
        }
        Ok(())
    }
}

pub struct Residuals;

impl Table for Residuals {
    fn name(&self) -> &'static str {
        names::RESIDUALS
    }

    fn about(&self) -> &'static str {
        "adjusted residuals per outlet and category"
    }

    fn header(&self, _: &Context) -> Vec<String> {
        header(&[
            "group",
            "outlet",
            "category",
            "observed",
            "expected",
            "adjusted_residual",
        ])
    }

    fn write(&self, ctx: &Context, w: &mut CsvFile) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for t in &ctx.analysis.tests {
            let Some(ind) = &t.independence else {
                continue;
            };
            let gid = &counts.groups[t.group];
            for (i, outlet) in t.table.outlets.iter().enumerate() {
                for (j, &c) in t.table.categories.iter().enumerate() {
                    w.row([
                        gid.clone(),
                        outlet.clone(),
                        counts.categories[c].id.clone(),
                        t.table.cells[i][j].to_string(),
                        num(ind.expected[i][j]),
                        num(ind.adjusted_residuals[i][j]),
                    ])?;
                }
            }
        }
        Ok(())
    }
}

/// A `tests.csv` row of a resampling test: statistic, p = (k + 1) / (B + 1).
fn resampled_row(
    gid: &str,
    test: &str,
    result: Option<&stats::MonteCarlo>,
    df: Option<usize>,
    shape: &[String; 3],
    note: &str,
    level: &str,
) -> Vec<String> {
    let mut row = vec![
        gid.to_string(),
        test.to_string(),
        result.map_or(String::new(), |r| num(r.statistic)),
        df.map_or(String::new(), |d| d.to_string()),
        result.map_or(String::new(), |r| num(r.p)),
        String::new(),
        String::new(),
    ];
    row.extend(shape.iter().cloned());
    row.extend([String::new(), String::new(), note.to_string()]);
    row.extend([
        result.map_or(String::new(), |r| num(r.p.log10())),
        level.to_string(),
        result.map_or(String::new(), |r| r.resamples.to_string()),
    ]);
    row
}
