//! Article-level tests of a group's label mix: the permutation test of
//! outlet labels over articles (the sampling unit), and the Monte Carlo
//! exact test of the token-level table where an expected count is below 5.
//! Each draws from its own named random stream of the seed.

use super::{stream, StatsOptions};
use crate::counts::CountTable;
use crate::stats::{self, MonteCarlo};

/// The article-level tests of one group (rows of `tests.csv`).
#[derive(Debug, Clone, Default)]
pub struct ArticleTests {
    /// Permutation test of outlet labels over articles with a match.
    pub permutation: Option<MonteCarlo>,
    /// Articles and outlets that entered the permutation test.
    pub units: (usize, usize),
    pub permutation_note: String,
    /// Monte Carlo exact test of the token-level table (when an expected
    /// count is below 5 and the table is larger than 2 x 2).
    pub monte_carlo: Option<MonteCarlo>,
}

/// The permutation test of outlet labels and, when an expected count is
/// below 5 in a table larger than 2 x 2, the Monte Carlo exact test.
pub fn article_tests(counts: &CountTable, g: usize, opts: &StatsOptions) -> ArticleTests {
    let cats = counts.group_categories(g);
    let gid = &counts.groups[g];
    let mut out = ArticleTests::default();
    let (table, _, _) = counts.group_table(g);
    let low_expected = stats::independence(&table.cells)
        .map(|i| i.min_expected < 5.0)
        .unwrap_or(false);
    let is_2x2 = table.cells.len() == 2 && table.categories.len() == 2;
    if opts.permutations > 0 && low_expected && !is_2x2 {
        let mut rng = stats::seeded_rng(opts.seed, stream("monte_carlo", gid));
        out.monte_carlo = stats::monte_carlo_chi2(&table.cells, opts.permutations, &mut rng).ok();
    }
    if opts.permutations == 0 {
        out.permutation_note = "permutation test switched off (--permutations 0)".into();
        return out;
    }
    // Articles with at least one match of the group, labelled by outlet.
    let (mut labels, mut rows) = (Vec::new(), Vec::new());
    let mut multi = 0;
    let mut outlets_in = 0;
    for o in counts.outlets.values() {
        let before = labels.len();
        let mut cells = vec![0u64; o.counts.len()];
        for a in 0..o.article_tokens.len() {
            o.article_counts.fill(a, &mut cells);
            let row: Vec<u64> = cats.iter().map(|&c| cells[c]).collect();
            if row.iter().any(|&x| x > 0) {
                labels.push(outlets_in);
                rows.extend(row);
            }
        }
        let n = labels.len() - before;
        if n > 0 {
            outlets_in += 1;
            multi += usize::from(n >= 2);
        }
    }
    out.units = (labels.len(), outlets_in);
    if outlets_in < 2 {
        out.permutation_note =
            "no permutation test: fewer than two outlets have a match in this group".into();
        return out;
    }
    if multi == 0 {
        out.permutation_note = "every outlet has a single article with a match: one article per outlet supports no article-level inference".into();
        return out;
    }
    let mut rng = stats::seeded_rng(opts.seed, stream("permutation", gid));
    match stats::permutation_chi2(
        &labels,
        outlets_in,
        &rows,
        cats.len(),
        opts.permutations,
        &mut rng,
    ) {
        Ok(p) => {
            out.permutation = Some(p);
            out.permutation_note = format!(
                "article level: outlet labels permuted among the {} articles with a match ({} outlets); p = (k + 1) / (B + 1)",
                labels.len(),
                outlets_in
            );
            if multi < outlets_in {
                let single = outlets_in - multi;
                out.permutation_note.push_str(&format!(
                    "; {single} {} a single article with a match",
                    if single == 1 {
                        "outlet has"
                    } else {
                        "outlets have"
                    }
                ));
            }
        }
        Err(e) => out.permutation_note = format!("no permutation test: {e}"),
    }
    out
}
