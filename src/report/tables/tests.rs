//! `tests.csv` (per group: the token-level tests, the Monte Carlo exact
//! test and the article-level permutation test) and `residuals.csv`
//! (adjusted residuals per outlet and category).

use super::common::{CATEGORY, GROUP, LOG10_P, OUTLET};
use super::{
    cells, count, names, number, p_cells, p_value, statistic, text, Context, RowSink, Spec, Table,
    Value,
};
use crate::output::OutputError;
use crate::stats;

pub struct Tests;

static TESTS: Spec = Spec {
    file: names::TESTS,
    about: "per group: chi-square, G-test, Fisher's exact test",
    columns: &[
        GROUP,
        text(
            "test",
            "`chi_square` (Pearson, no continuity correction), `g_test` (log-likelihood ratio), `fisher_exact` (two-sided, only for 2 x 2 tables), `monte_carlo_exact` (Patefield random tables; only when an expected count is below 5 and the table is larger than 2 x 2), `article_permutation` (outlet labels permuted among the articles with a match; every group)",
        ),
        statistic(
            "statistic",
            "chi-square or G; empty for Fisher; the observed chi-square for the resampling tests",
        ),
        count(
            "df",
            "degrees of freedom, `(outlets - 1) * (categories - 1)`",
        ),
        p_value(
            "p_value",
            "from the chi-square distribution's survival function; exact for Fisher; `(k + 1) / (resamples + 1)` for the resampling tests; empty below 2.2e-308 (see `log10_p`)",
        ),
        statistic(
            "effect_size",
            "Cramér's V (uncorrected) for `chi_square`; the sample odds ratio for `fisher_exact` (empty when undefined)",
        ),
        text("effect_measure", "`cramers_v` or `odds_ratio`"),
        count("n", "matches in the table"),
        count("outlets", "rows of the table after leaving out empty ones"),
        count("categories", "columns of the table after leaving out empty ones"),
        number("min_expected", "smallest expected count"),
        count(
            "cells_expected_below_5",
            "cells whose expected count is below 5; when any is, the chi-square p-value is unreliable and `note` says so",
        ),
        text("note", "what was left out and why, and warnings"),
        LOG10_P,
        text(
            "level",
            "`token` (matches as independent draws) or `article` (articles resampled whole)",
        ),
        count(
            "resamples",
            "random tables or permutations behind a resampling p-value (`--permutations`)",
        ),
    ],
};

impl Table for Tests {
    fn spec(&self) -> &'static Spec {
        &TESTS
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for t in &ctx.analysis.tests {
            let n: u64 = t.table.cells.iter().flatten().sum();
            let base = TestRow {
                group: &counts.groups[t.group],
                shape: [
                    n,
                    t.table.outlets.len() as u64,
                    t.table.categories.len() as u64,
                ],
                ..TestRow::default()
            };
            let article = ctx.analysis.article_tests.get(t.group);
            let Some(ind) = &t.independence else {
                w.row(
                    &TestRow {
                        test: "chi_square",
                        note: &t.note,
                        level: "token",
                        ..base.clone()
                    }
                    .cells(),
                )?;
                if let Some(a) = article {
                    let row = base.resampled("article_permutation", a.permutation.as_ref(), None);
                    w.row(
                        &TestRow {
                            note: &a.permutation_note,
                            level: "article",
                            ..row
                        }
                        .cells(),
                    )?;
                }
                continue;
            };
            let log10 =
                |p: f64, stat: f64| p_cells(p, stats::chi2_ln_sf(stat, ind.df as f64))[1].clone();
            let tested = TestRow {
                df: Some(ind.df),
                min_expected: Some(ind.min_expected),
                below_5: Some(t.low_expected),
                level: "token",
                ..base.clone()
            };
            let mut rows = vec![
                TestRow {
                    test: "chi_square",
                    statistic: Some(ind.chi2),
                    p: p_cells(ind.p, 0.0)[0].clone(),
                    effect: Some((ind.cramers_v, "cramers_v")),
                    note: &t.note,
                    log10_p: log10(ind.p, ind.chi2),
                    ..tested.clone()
                },
                TestRow {
                    test: "g_test",
                    statistic: Some(ind.g),
                    p: p_cells(ind.g_p, 0.0)[0].clone(),
                    log10_p: log10(ind.g_p, ind.g),
                    ..tested.clone()
                },
            ];
            if let Some(f) = &t.fisher {
                let [p, log10_p] = p_cells(f.p_two_sided, f.ln_p);
                rows.push(TestRow {
                    test: "fisher_exact",
                    df: None,
                    p,
                    effect: Some((f.sample_odds_ratio.unwrap_or(f64::NAN), "odds_ratio")),
                    note: "two-sided; exact, valid for small counts",
                    log10_p,
                    ..tested.clone()
                });
            }
            if let Some(a) = article {
                if let Some(mc) = &a.monte_carlo {
                    let note = "Monte Carlo exact test (Patefield): chi-square's conditional p-value from random tables with these margins; valid with expected counts below 5";
                    let row = base.resampled("monte_carlo_exact", Some(mc), Some(ind.df));
                    rows.push(TestRow {
                        note,
                        level: "token",
                        ..row
                    });
                }
                let row =
                    base.resampled("article_permutation", a.permutation.as_ref(), Some(ind.df));
                rows.push(TestRow {
                    note: &a.permutation_note,
                    level: "article",
                    ..row
                });
            }
            for row in rows {
                w.row(&row.cells())?;
            }
        }
        Ok(())
    }
}

/// One row of `tests.csv`, in column order.
#[derive(Debug, Clone)]
struct TestRow<'a> {
    group: &'a str,
    test: &'static str,
    statistic: Option<f64>,
    df: Option<usize>,
    p: Value,
    /// Effect size and its measure.
    effect: Option<(f64, &'static str)>,
    /// n, outlets, categories.
    shape: [u64; 3],
    min_expected: Option<f64>,
    below_5: Option<usize>,
    note: &'a str,
    log10_p: Value,
    level: &'static str,
    resamples: Option<usize>,
}

impl Default for TestRow<'_> {
    fn default() -> Self {
        TestRow {
            group: "",
            test: "",
            statistic: None,
            df: None,
            p: Value::Empty,
            effect: None,
            shape: [0; 3],
            min_expected: None,
            below_5: None,
            note: "",
            log10_p: Value::Empty,
            level: "",
            resamples: None,
        }
    }
}

impl<'a> TestRow<'a> {
    /// A resampling test's row: statistic, p = (k + 1) / (B + 1).
    fn resampled(
        &self,
        test: &'static str,
        result: Option<&stats::MonteCarlo>,
        df: Option<usize>,
    ) -> TestRow<'a> {
        TestRow {
            test,
            statistic: result.map(|r| r.statistic),
            df,
            p: result.map(|r| r.p).into(),
            log10_p: result.map(|r| r.p.log10()).into(),
            resamples: result.map(|r| r.resamples),
            ..self.clone()
        }
    }

    fn cells(&self) -> [Value; 16] {
        let [n, outlets, categories] = self.shape;
        cells![
            self.group,
            self.test,
            self.statistic,
            self.df,
            self.p.clone(),
            self.effect.map(|e| e.0),
            self.effect.map_or("", |e| e.1),
            n,
            outlets,
            categories,
            self.min_expected,
            self.below_5,
            self.note,
            self.log10_p.clone(),
            self.level,
            self.resamples,
        ]
    }
}

pub struct Residuals;

static RESIDUALS: Spec = Spec {
    file: names::RESIDUALS,
    about: "adjusted residuals per outlet and category",
    columns: &[
        GROUP,
        OUTLET,
        CATEGORY,
        count("observed", "the cell's count"),
        number("expected", "row total x column total / n"),
        statistic(
            "adjusted_residual",
            "Haberman: `(O - E) / sqrt(E (1 - row/n) (1 - col/n))`, approximately standard normal under independence; beyond +-1.96 the cell is over- or under-used at the 5% level",
        ),
    ],
};

impl Table for Residuals {
    fn spec(&self) -> &'static Spec {
        &RESIDUALS
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let counts = &ctx.pass.counts;
        for t in &ctx.analysis.tests {
            let Some(ind) = &t.independence else {
                continue;
            };
            let gid = &counts.groups[t.group];
            for (i, outlet) in t.table.outlets.iter().enumerate() {
                for (j, &c) in t.table.categories.iter().enumerate() {
                    w.row(&cells![
                        gid.clone(),
                        outlet.clone(),
                        counts.categories[c].id.clone(),
                        t.table.cells[i][j],
                        ind.expected[i][j],
                        ind.adjusted_residuals[i][j],
                    ])?;
                }
            }
        }
        Ok(())
    }
}
