//! The token-level test of association between outlet and category, per
//! group: Pearson chi-square (no continuity correction) with Cramér's V,
//! the G-test, adjusted residuals per cell, and Fisher's exact test for
//! 2 x 2 tables. Token level: words in one article are not independent,
//! so these overstate significance (see [`super::article`]).

use super::name_list;
use crate::counts::{CountTable, GroupTable};
use crate::stats;

/// A group's test of association between outlet and category.
#[derive(Debug, Clone)]
pub struct GroupTests {
    pub group: usize,
    pub table: GroupTable,
    pub independence: Option<stats::Independence>,
    pub fisher: Option<stats::Fisher>,
    pub low_expected: usize,
    pub note: String,
}

/// The token-level tests of group `group`: chi-square, G-test and
/// Cramér's V with adjusted residuals, Fisher's exact test for 2 x 2
/// tables, and a note on what was left out and what is unreliable.
pub fn group_tests(counts: &CountTable, group: usize) -> GroupTests {
    let (table, dropped_outlets, dropped_cats) = counts.group_table(group);
    let mut notes = Vec::new();
    if !dropped_outlets.is_empty() {
        notes.push(format!(
            "outlets left out, no match in this group: {}",
            name_list(&dropped_outlets)
        ));
    }
    if !dropped_cats.is_empty() {
        notes.push(format!(
            "categories left out, no match in any outlet: {}",
            name_list(&dropped_cats)
        ));
    }
    let independence = stats::independence(&table.cells).ok();
    let low_expected = independence.as_ref().map_or(0, |ind| {
        ind.expected.iter().flatten().filter(|&&e| e < 5.0).count()
    });
    if independence
        .as_ref()
        .is_some_and(|i| i.p < f64::MIN_POSITIVE || i.g_p < f64::MIN_POSITIVE)
    {
        notes.push("p below the smallest double (2.2e-308): p_value is empty, read log10_p".into());
    }
    if independence.is_none() {
        notes.push("no test: needs at least two outlets and two categories with matches".into());
    } else if low_expected > 0 {
        notes.push(format!(
            "{low_expected} of {} cells have an expected count below 5: the chi-square p-value is unreliable{}",
            table.cells.len() * table.categories.len(),
            if table.cells.len() == 2 && table.categories.len() == 2 {
                "; use Fisher's exact test"
            } else {
                ""
            }
        ));
    }
    let fisher = (table.cells.len() == 2 && table.categories.len() == 2).then(|| {
        stats::fisher_exact([
            [table.cells[0][0], table.cells[0][1]],
            [table.cells[1][0], table.cells[1][1]],
        ])
    });
    GroupTests {
        group,
        table,
        independence,
        fisher,
        low_expected,
        note: notes.join("; "),
    }
}
