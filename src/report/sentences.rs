//! The report's prose: headline findings as sentences with their numbers,
//! the caveats that apply, the methods used in plain words, and what the
//! report says about its input. Sentences only, no markup: the page and the
//! terminal summary both use them.

use super::figures::charted_outlets;
use crate::analysis::{name_list, Analysis, ArticleTests, Cell, StatsOptions, FEW_ARTICLES};
use crate::corpus::options::Syndicated;
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::output::num;
use crate::pass::input::RULES;
use crate::pass::InputSummary;

/// A name (outlet, category, term) inside a sentence: wrapped in the
/// Unicode isolates FSI ... PDI when it has right-to-left letters, so an
/// Arabic name keeps its order inside an English sentence; the page turns
/// them into `<bdi>` and the terminal drops them ([`plain`]).
pub fn name(s: &str) -> String {
    crate::charts::isolate(s)
}

/// A sentence without the isolates [`name`] put in.
pub fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

/// Syndicated pairs named on the page.
const PAIRS_SHOWN: usize = 10;

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// p-value in words: never a bare 0.
pub fn p_text(p: f64) -> String {
    if p < f64::MIN_POSITIVE {
        "p < 2.2e-308".into()
    } else if p < 0.001 {
        format!("p = {p:.1e}")
    } else {
        format!("p = {p:.3}")
    }
}

/// One sentence per outlet and group: its most used label and that label's
/// share, with the interval; then each group's test.
pub fn headlines(
    lexicon: &Lexicon,
    counts: &CountTable,
    analysis: &Analysis,
    confidence: f64,
) -> Vec<(usize, String)> {
    let level = num(confidence * 100.0);
    let mut out = Vec::new();
    // The outlets the charts show; with many outlets the rest are counted, not listed.
    let (cells, tests) = (&analysis.cells, &analysis.tests);
    let (shown, rest) = charted_outlets(counts);
    for (g, group) in lexicon.groups.iter().enumerate() {
        for outlet in &shown {
            let in_group: Vec<&Cell> = cells
                .iter()
                .filter(|c| &c.outlet == outlet && counts.categories[c.category].group == g)
                .collect();
            let best = in_group.iter().map(|c| c.count).max().unwrap_or(0);
            let top: Vec<&&Cell> = in_group.iter().filter(|c| c.count == best).collect();
            let (Some(first), true) = (top.first(), best > 0) else {
                continue;
            };
            let (Some(share), Some((lo, hi))) = (first.share, first.share_ci) else {
                continue;
            };
            let names: Vec<String> = top
                .iter()
                .map(|c| format!("\"{}\"", name(&counts.categories[c.category].id)))
                .collect();
            let (who, each) = if names.len() == 1 {
                (names[0].clone(), "")
            } else {
                (format!("{} (tied)", names.join(", ")), " each")
            };
            out.push((
                g,
                format!(
                    "{}: {who} in {best} of {} {} matches{each} ({}, {level}% CI {}-{}).",
                    name(outlet),
                    first.group_total,
                    name(&group.id),
                    pct(share),
                    pct(lo),
                    pct(hi),
                ),
            ));
        }
        if !rest.is_empty() {
            out.push((
                g,
                format!(
                    "{} outlets with fewer tokens are not listed here: see counts.csv.",
                    rest.len()
                ),
            ));
        }
        if let Some(ind) = tests
            .iter()
            .find(|t| t.group == g)
            .and_then(|t| t.independence.as_ref())
        {
            out.push((g, format!(
                "{}, label mix by outlet: chi-square({}) = {:.2}, {}, Cramér's V = {:.2} (token level{}).",
                name(&group.id),
                ind.df,
                ind.chi2,
                p_text(ind.p),
                ind.cramers_v,
                if ind.min_expected < 5.0 { "; expected counts below 5, p unreliable" } else { "" }
            )));
        }
    }
    out
}

/// The caveats that apply to a report, as sentences.
pub fn caveats(counts: &CountTable, analysis: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    let single: Vec<String> = counts
        .outlets
        .iter()
        .filter(|(_, o)| o.articles < 2)
        .map(|(n, _)| name(n))
        .collect();
    if !single.is_empty() {
        out.push(format!(
            "{} of {} outlets have a single article ({}): their numbers describe that article, not the outlet, and support no article-level inference.",
            single.len(),
            counts.outlets.len(),
            name_list(&single)
        ));
    }
    let few: Vec<String> = counts
        .outlets
        .iter()
        .filter(|(_, o)| (2..5).contains(&o.articles))
        .map(|(n, _)| name(n))
        .collect();
    if !few.is_empty() {
        out.push(format!(
            "Fewer than 5 articles: {}. Treat their rates as anecdotal.",
            name_list(&few)
        ));
    }
    if counts.languages.len() > 1 {
        let each: Vec<String> = counts
            .languages
            .iter()
            .map(|(code, l)| {
                let language = crate::lexicon::Language::from_code(code).map_or_else(
                    |_| "no language found".to_string(),
                    |l| l.name().to_string(),
                );
                format!("{language} {}", plural(l.articles as usize, "article"))
            })
            .collect();
        out.push(format!(
            "The articles were matched in {} languages ({}). Rates (matches per 1,000 tokens) are not comparable across languages: words, inflection, clitics and what counts as a token differ by language, so compare rates within a language (languages.csv has them per language; --group-by language compares languages as outlets). Shares are comparable: they are shares of the labels within a group.",
            counts.languages.len(),
            each.join(", ")
        ));
    }
    if let Some(s) = glyphs_missing(counts) {
        out.push(s);
    }
    out.push("The tests (chi-square, G-test, log-likelihood) are token-level: they treat every word as an independent draw, which overstates significance because words in one article are not independent. Read them as descriptive; the article-level permutation test and bootstrap intervals (intervals.csv) are the ones to trust.".into());
    let small: Vec<String> = analysis
        .tests
        .iter()
        .filter(|t| t.low_expected > 0)
        .map(|t| name(&counts.groups[t.group]))
        .collect();
    if !small.is_empty() {
        out.push(format!(
            "Expected counts below 5 in {}: the chi-square p-values there are unreliable (see each group's note).",
            small.join(", ")
        ));
    }
    out.push("Check what a term really matched in matches.csv before reading a difference as framing: a term can match uses it was not meant for.".into());
    out
}

/// The names the charts show (outlets, groups, labels, terms) with
/// characters the charts' embedded font cannot draw (DejaVu Sans covers
/// Latin, Greek, Cyrillic, Arabic, Persian and Hebrew, not Chinese,
/// Japanese or Korean), said once.
fn glyphs_missing(counts: &CountTable) -> Option<String> {
    let mut names: Vec<&str> = counts.outlets.keys().map(String::as_str).collect();
    names.extend(counts.groups.iter().map(String::as_str));
    names.extend(counts.categories.iter().map(|c| c.id.as_str()));
    names.extend(counts.terms.iter().map(|t| t.text.as_str()));
    let missing = crate::charts::missing_glyphs(&names.join(" "));
    if missing.is_empty() {
        return None;
    }
    let shown = missing
        .iter()
        .take(12)
        .map(char::to_string)
        .collect::<Vec<_>>()
        .join(" ");
    Some(format!(
        "The charts' embedded font (DejaVu Sans) has no glyph for {} character{} of the outlet, label or term names ({}{}); Chinese, Japanese and Korean are among the scripts it does not cover. The charts draw those characters as empty boxes: read the names in the tables and on this page, which show them as written.",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        shown,
        if missing.len() > 12 { " ..." } else { "" },
    ))
}

/// The methods a report used, each with what it means in plain words, for
/// the page's "Methods" section (formulas and references: docs/METHODS.md).
pub fn methods(a: &Analysis, opts: &StatsOptions, conf: f64) -> Vec<(String, String)> {
    let level = num(conf * 100.0);
    let mut out = vec![
        (
            format!("Rates with exact (Garwood) Poisson {level}% intervals; shares with Wilson intervals"),
            "token level: they treat every match as an independent event, so they are too narrow when an outlet's matches cluster in a few articles.".to_string(),
        ),
        (
            "Pearson chi-square, G-test, Cramér's V and adjusted residuals per group; Fisher's exact test for 2 x 2 tables".into(),
            "token level: they overstate significance because words in one article are not independent. Read them as descriptive.".into(),
        ),
    ];
    if opts.permutations > 0 {
        out.push((
            format!("Monte Carlo exact test ({} random tables, Patefield's algorithm) where an expected count is below 5", opts.permutations),
            "gives a chi-square p-value that does not rely on large counts; still token level.".into(),
        ));
        out.push((
            format!("Article-level permutation test of outlet labels ({} permutations)", opts.permutations),
            "shuffles which outlet each article belongs to, keeping articles whole: the p-value to trust for \"do outlets differ in their label mix?\". It can never be below 1/(permutations + 1).".into(),
        ));
    }
    if opts.bootstrap > 0 {
        out.push((
            format!(
                "Article-level bootstrap ({} resamples of articles within each outlet; percentile {level}% intervals) for rates, shares and rate ratios",
                opts.bootstrap
            ),
            format!(
                "says how much a number would move with another sample of the outlet's articles. {} outlets have such intervals; outlets with a single article have none, and those with fewer than {FEW_ARTICLES} are flagged.",
                a.outlets_with_intervals
            ),
        ));
    }
    out.push((
        format!(
            "Every pair of outlets and each outlet against the rest, for every category and label mix: log-likelihood G2 with Hardie's log ratio, chi-square with Cramér's V; {} adjustment over all {} comparisons",
            opts.adjust.title(),
            a.compare.rows.len()
        ),
        "effect size and significance side by side: a tiny p with a log ratio near 0 is a real but negligible difference.".into(),
    ));
    out.push((
        format!("Distinctive terms: log-odds ratio with an informative Dirichlet prior ({})", a.distinctive.prior),
        "z-scores above about 2 mark terms an outlet uses more than the rest, shrunk towards the prior where counts are small.".into(),
    ));
    out
}

/// The group's most distinctive terms in a sentence, if any reach z = 1.96.
pub fn distinctive_sentence(a: &Analysis, g: usize) -> Option<String> {
    let top = a.distinctive.top.get(g).filter(|t| !t.is_empty())?;
    let items: Vec<String> = top
        .iter()
        .map(|(outlet, term, z)| format!("{}: \"{}\" (z = {z:.1})", name(outlet), name(term)))
        .collect();
    Some(format!(
        "Most distinctive terms, outlet against the rest (log-odds ratio, informative Dirichlet prior; token level): {}. All in distinctive_terms.csv.",
        items.join("; ")
    ))
}

/// One sentence per group on the article-level test, for the page.
pub fn group_sentence(a: &ArticleTests) -> String {
    match &a.permutation {
        Some(p) => format!(
            "Article level: outlet labels permuted among {} articles with a match ({} outlets): {} ({} permutations; p cannot be below {:.1e}).",
            a.units.0,
            a.units.1,
            p_text(p.p),
            p.resamples,
            1.0 / (p.resamples as f64 + 1.0)
        ),
        None => format!("Article level: {}.", a.permutation_note),
    }
}

/// What the page says about the input, sentence by sentence; `true`
/// marks a warning.
pub fn corpus(input: &InputSummary) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut p = |text: String, warn: bool| out.push((text, warn));
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
    if let Some(period) = input.period {
        p(format!(
            "Rates and shares per {} in periods.csv ({} periods; {} counted articles without a date are not in it).",
            period.as_str(), input.periods, input.undated
        ), false);
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
