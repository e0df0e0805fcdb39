//! The page's notes on how the corpus was read: grouping, filters, rows
//! skipped, undated and implausibly dated articles, merged outlet spellings,
//! cleaning, syndication and duplicates.

use super::*;

/// Syndicated pairs named on the page (the rest are in syndication.csv: a
/// wall of article ids helps nobody read the page).
const PAIRS_SHOWN: usize = 3;

/// What the page says about the input, sentence by sentence; `true`
/// marks a warning.
pub fn corpus(pass: &Pass) -> Vec<(String, bool)> {
    let input = &pass.input;
    let mut out = Vec::new();
    let mut p = |text: String, warn: bool| out.push((text, warn));
    if let Some(text) = early_periods(&pass.periods) {
        p(text, true);
    }
    if let Some(g) = &input.group_by {
        p(format!("Compared along `{g}` (--group-by): wherever a table or sentence says outlet, read the value of {g}."), false);
    }
    if !input.filters.is_empty() {
        p(
            format!(
                "Filters: {}; {} articles left out by them.",
                input.filters.join(", "),
                input.read.filtered
            ),
            false,
        );
    }
    if input.read.skipped > 0 {
        p(
            format!(
                "{} rows skipped for errors (--on-error skip), e.g. {}",
                input.read.skipped,
                input.read.skip_examples.join("; ")
            ),
            true,
        );
    }
    let merged: Vec<String> = input
        .read
        .outlet_spellings
        .merged()
        .map(|(outlet, spellings)| {
            let written: Vec<String> = spellings.iter().map(|s| format!("{s:?}")).collect();
            format!("{outlet} ({})", written.join(", "))
        })
        .collect();
    if !merged.is_empty() {
        p(
            format!(
                "Outlet names written in more than one Unicode form were counted as one outlet each (names are compared in NFC): {}.",
                merged.join("; ")
            ),
            true,
        );
    }
    if input.read.undated > 0 {
        p(
            format!(
                "{}.",
                crate::corpus::dates::undated_warning(
                    input.read.undated,
                    &input.read.undated_examples
                )
            ),
            true,
        );
    }
    if input.cleaning {
        let by_rule: Vec<String> = RULES
            .iter()
            .map(|r| format!("{} {}", input.removals[*r as usize], r.as_str()))
            .collect();
        p(
            format!(
            "Cleaning changed {} articles: removed {} (see cleaning.csv; --no-clean turns it off).",
            input.articles_cleaned,
            by_rule.join(", ")
        ),
            false,
        );
    } else {
        p("Cleaning is off (--no-clean): boilerplate, repeated paragraphs and JSON or markup are counted as text.".into(), true);
    }
    if !input.syndication_pairs.is_empty() {
        let shown: Vec<String> = input
            .syndication_pairs
            .iter()
            .take(PAIRS_SHOWN)
            .map(|s| {
                format!(
                    "{} ({}) and {} ({}), {:.0}% shared",
                    name(&s.ids.0),
                    name(&s.outlets.0),
                    name(&s.ids.1),
                    name(&s.outlets.1),
                    100.0 * s.containment
                )
            })
            .collect();
        let what = match input.policy {
            Syndicated::Keep => "Both copies are counted, each for its outlet (--syndicated keep); --syndicated first counts only the earliest copy, --syndicated drop counts none of them.".to_string(),
            _ => format!(
                "{} copies were left out (--syndicated {}).",
                input.syndicated_dropped,
                input.policy.as_str()
            ),
        };
        p(format!(
            "Near-copies across outlets (syndicated or republished stories): {} of articles in syndication.csv: {}{}. {what}",
            plural(input.syndication_pairs.len(), "pair"),
            shown.join("; "),
            if input.syndication_pairs.len() > PAIRS_SHOWN { "; ..." } else { "" },
        ), input.policy == Syndicated::Keep);
    }
    let copies = input.copies();
    if copies.total() > 0 {
        let (identical, near) = (copies.identical, copies.near);
        let what = match input.duplicates_policy {
            Duplicates::Keep => "every copy is counted (--duplicates keep)".to_string(),
            Duplicates::First => format!(
                "{} identical copies are counted once (--duplicates first; near-identical ones are counted, --duplicates near counts them once too)",
                input.duplicates_dropped
            ),
            Duplicates::Near => format!(
                "{} copies are counted once (--duplicates near)",
                input.duplicates_dropped
            ),
        };
        p(
            format!(
                "Articles repeating an earlier article of the same outlet (re-crawls, feeds, overlapping exports): {} with identical text, {} near-identical, listed in duplicates.csv; {what}.",
                plural(identical, "article"),
                plural(near, "article"),
            ),
            input.duplicates_policy == Duplicates::Keep,
        );
    }
    if input.half_cleaned > 0 {
        p(
            format!(
                "{} lost more than half their text to cleaning (see cleaning.csv; --no-clean counts the text as it is).",
                plural(input.half_cleaned as usize, "counted article"),
            ),
            true,
        );
    }
    if let Some(period) = input.period {
        p(format!(
            "Rates and shares per {} in periods.csv ({} periods; {} counted articles without a date are not in it).",
            period.as_str(), input.periods, input.undated
        ), false);
    }
    out
}

/// Before this year a date is most likely a placeholder (AllSides writes
/// `0001-01-01` for an unknown date), not a date of a news article.
const EARLIEST_PLAUSIBLE_YEAR: u32 = 1800;

/// A warning when articles fall in periods before
/// [`EARLIEST_PLAUSIBLE_YEAR`]: they are counted and form periods of their
/// own, which the timelines and models then include.
fn early_periods(periods: &std::collections::BTreeMap<String, CountTable>) -> Option<String> {
    let early: Vec<(&String, u64)> = periods
        .iter()
        .filter(|(label, _)| {
            label
                .get(..4)
                .and_then(|y| y.parse::<u32>().ok())
                .is_some_and(|y| y < EARLIEST_PLAUSIBLE_YEAR)
        })
        .map(|(label, t)| (label, t.outlets.values().map(|o| o.articles).sum()))
        .collect();
    let (first, _) = early.first()?;
    let articles: u64 = early.iter().map(|(_, n)| n).sum();
    Some(format!(
        "{} dated before {EARLIEST_PLAUSIBLE_YEAR} (period {first}{}): most likely placeholders for an unknown date. They are counted and form periods of their own in periods.csv, the timelines and the models; leave them out with --from (e.g. --from {EARLIEST_PLAUSIBLE_YEAR}-01-01) or correct the dates.",
        plural(usize::try_from(articles).unwrap_or(usize::MAX), "article"),
        if early.len() > 1 { " and others" } else { "" }
    ))
}
