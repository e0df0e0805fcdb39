//! The report's prose: headline findings as sentences with their numbers,
//! the caveats that apply, the methods used in plain words, and what the
//! report says about its input. Sentences only, no markup: the page and the
//! terminal summary both use them.

use super::figures::charted_outlets;
use crate::analysis::models::{Failure, Kind, Models};
use crate::analysis::{
    name_list, Adjust, Analysis, ArticleTests, Cell, Changes, StatsOptions, FEW_ARTICLES,
};
use crate::corpus::options::{Duplicates, Syndicated};
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::output::num;
use crate::pass::input::RULES;
use crate::pass::InputSummary;

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
                .map(|c| format!("\"{}\"", counts.categories[c.category].id))
                .collect();
            let (who, each) = if names.len() == 1 {
                (names[0].clone(), "")
            } else {
                (format!("{} (tied)", names.join(", ")), " each")
            };
            out.push((
                g,
                format!(
                    "{outlet}: {who} in {best} of {} {} matches{each} ({}, {level}% CI {}-{}).",
                    first.group_total,
                    group.id,
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
                group.id,
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
    let single: Vec<&str> = counts
        .outlets
        .iter()
        .filter(|(_, o)| o.articles < 2)
        .map(|(n, _)| n.as_str())
        .collect();
    if !single.is_empty() {
        out.push(format!(
            "{} of {} outlets have a single article ({}): their numbers describe that article, not the outlet, and support no article-level inference.",
            single.len(),
            counts.outlets.len(),
            name_list(&single)
        ));
    }
    let few: Vec<&str> = counts
        .outlets
        .iter()
        .filter(|(_, o)| (2..5).contains(&o.articles))
        .map(|(n, _)| n.as_str())
        .collect();
    if !few.is_empty() {
        out.push(format!(
            "Fewer than 5 articles: {}. Treat their rates as anecdotal.",
            name_list(&few)
        ));
    }
    out.push("The tests (chi-square, G-test, log-likelihood) are token-level: they treat every word as an independent draw, which overstates significance because words in one article are not independent. Read them as descriptive; the article-level permutation test and bootstrap intervals (intervals.csv) are the ones to trust.".into());
    let small: Vec<&str> = analysis
        .tests
        .iter()
        .filter(|t| t.low_expected > 0)
        .map(|t| counts.groups[t.group].as_str())
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
    if !a.changes.series.is_empty() && a.changes.note.is_none() {
        out.push((
            format!(
                "Change points in each outlet's label mix: PELT on the multinomial deviance with a BIC penalty (at least 2 periods per segment), a permutation p-value per change ({} shuffles of whole periods), {} adjustment over all change points",
                a.changes.permutations,
                opts.adjust.title()
            ),
            "dates when an outlet's choice of labels shifted; the p-value says whether a shift as large could come from the same mix shuffled in time.".into(),
        ));
    }
    if let Models::Fitted(set) = &a.models {
        out.push((
            format!(
                "Article-level models: negative binomial (NB2, alpha by maximum likelihood) per category with log tokens as offset, binomial logit per label; Wald {level}% intervals with {} standard errors",
                match set.covariance.strip_prefix("cluster:") {
                    Some(c) => format!("cluster-robust (CR1, by {c})"),
                    None => "HC1 (heteroskedasticity-robust)".into(),
                }
            ),
            "compare outlets within the same period (and covariate levels), one article at a time: the ratios to read when outlets were sampled over different months.".into(),
        ));
    }
    out
}

/// The group's most distinctive terms in a sentence, if any reach z = 1.96.
pub fn distinctive_sentence(a: &Analysis, g: usize) -> Option<String> {
    let top = a.distinctive.top.get(g).filter(|t| !t.is_empty())?;
    let items: Vec<String> = top
        .iter()
        .map(|(outlet, term, z)| format!("{outlet}: \"{term}\" (z = {z:.1})"))
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
                    s.ids.0,
                    s.outlets.0,
                    s.ids.1,
                    s.outlets.1,
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
    if !input.duplicates.is_empty() {
        let identical = input
            .duplicates
            .iter()
            .filter(|d| d.kind == "identical")
            .count();
        let near = input.duplicates.len() - identical;
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

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// "the month", "the month and topic", "the month, section and topic".
fn held_fixed(adjusted_for: &[String]) -> String {
    match adjusted_for {
        [] => String::new(),
        [one] => format!("the {one}"),
        [rest @ .., last] => format!("the {} and {last}", rest.join(", ")),
    }
}

/// A ratio as the page writes it: 2 decimals, 2 significant digits below 0.1.
pub fn ratio_text(x: f64) -> String {
    if !(x.is_finite() && x > 0.0) || x >= 0.1 {
        format!("{x:.2}")
    } else {
        let decimals = ((-x.log10()).ceil() as usize + 1).min(12);
        format!("{x:.decimals$}")
    }
}

/// What the page says about the models as a whole: whether they were
/// fitted and why, against which outlet, with which standard errors.
pub fn models_intro(models: &Models, max_outlets: usize) -> Vec<String> {
    let set = match models {
        Models::NotFitted(why) => {
            return vec![format!("Article-level models: not fitted ({why}).")]
        }
        Models::Fitted(set) => set,
    };
    let level = num(set.confidence * 100.0);
    let fixed = if set.adjusted_for.is_empty() {
        "nothing held fixed (give --period or --covariate)".to_string()
    } else {
        format!("{} held fixed", held_fixed(&set.adjusted_for))
    };
    let mut out = vec![format!(
        "Article-level models (models.csv): per category a negative binomial model of each article's count (its tokens as offset), per label a binomial model of its share of the group's matches, on outlet with {fixed}; each outlet against {} with {level}% intervals. Fitted because {}{}.",
        set.reference,
        set.why,
        if set.why.starts_with("--model") { "" } else { " (the default: --period or --covariate given and at least 10 articles per parameter; --no-model skips them)" },
    )];
    out.push(match set.covariance.strip_prefix("cluster:") {
        Some(col) => format!("Standard errors clustered by {col} (CR1): articles sharing a {col} are not taken as independent."),
        None => "Standard errors HC1 (robust to any variance, articles taken as independent): every ratio's interval is at the article level, not the token level.".into(),
    });
    if !set.pooled.is_empty() {
        out.push(format!(
            "As in the charts, outlets beyond the {max_outlets} with most tokens are pooled into one level, \"{}\" ({}).",
            set.pooled_name,
            name_list(&set.pooled)
        ));
    }
    if set.undated > 0 {
        out.push(format!(
            "{} articles without a date are not in the models.",
            set.undated
        ));
    }
    if !set.adjusted_for.is_empty() {
        out.push(format!(
            "The unadjusted ratio beside each (pooled rates or odds over the same articles) shows what holding {} fixed changed: an adjusted ratio nearer 1 means part of the difference was when (or on what) the outlets wrote, not the outlet.",
            held_fixed(&set.adjusted_for)
        ));
    }
    out
}

/// The model sentences of group `g`: the outlets whose ratio's interval
/// excludes 1 (smallest p first, at most `MODEL_SENTENCES` per kind), and
/// the models that could not be fitted, with why.
pub fn model_sentences(counts: &CountTable, models: &Models, g: usize) -> Vec<String> {
    let Models::Fitted(set) = models else {
        return Vec::new();
    };
    let level = num(set.confidence * 100.0);
    let lead = if set.adjusted_for.is_empty() {
        "At the article level".to_string()
    } else {
        format!("Holding {} fixed", held_fixed(&set.adjusted_for))
    };
    let group = &counts.groups[g];
    let mut out = Vec::new();
    let mut failed: Vec<String> = Vec::new();
    let mut unused: Vec<String> = Vec::new();
    for kind in [Kind::Counts, Kind::Shares] {
        let mut notable: Vec<(f64, String)> = Vec::new();
        for m in set
            .models
            .iter()
            .filter(|m| m.kind == kind && counts.categories[m.category].group == g)
        {
            let label = &counts.categories[m.category].id;
            let fitted = match &m.result {
                Ok(f) => f,
                Err(Failure::NothingToCompare { users }) => {
                    let who = users
                        .first()
                        .map_or("none".to_string(), |o| format!("only {o}"));
                    unused.push(format!("{} of \"{label}\" ({who})", kind.name()));
                    continue;
                }
                Err(why) => {
                    failed.push(format!("{} of \"{label}\": {why}", kind.name()));
                    continue;
                }
            };
            for o in &fitted.outlets {
                let Some(r) = o.ratio.as_ref().filter(|r| r.low > 1.0 || r.high < 1.0) else {
                    continue;
                };
                if o.outlet == set.pooled_name {
                    continue;
                }
                let unadjusted = o
                    .unadjusted
                    .map_or(String::new(), |u| format!("; unadjusted {}", ratio_text(u)));
                let ci = format!(
                    "{level}% CI {}-{}, {}{unadjusted}",
                    ratio_text(r.low),
                    ratio_text(r.high),
                    p_text(r.p)
                );
                let text = match kind {
                    Kind::Counts => format!(
                        "{lead}, {}'s rate of \"{label}\" per token is {} times {}'s (rate ratio, {ci}).",
                        o.outlet,
                        ratio_text(r.ratio),
                        m.reference
                    ),
                    Kind::Shares => format!(
                        "{lead}, {}'s odds of \"{label}\" against the other {group} labels are {} times {}'s (odds ratio, {ci}).",
                        o.outlet,
                        ratio_text(r.ratio),
                        m.reference
                    ),
                };
                notable.push((r.p, text));
            }
        }
        notable.sort_by(|a, b| a.0.total_cmp(&b.0));
        let more = notable.len().saturating_sub(MODEL_SENTENCES);
        out.extend(notable.into_iter().take(MODEL_SENTENCES).map(|(_, s)| s));
        if more > 0 {
            out.push(format!(
                "{more} more {} with an interval excluding 1 in models.csv.",
                kind.ratio_kind().replace('_', " ") + "s"
            ));
        }
    }
    if !unused.is_empty() {
        out.push(format!(
            "No model where fewer than two outlets use a label (for shares: use it and another label of the group): {}.",
            unused.join(", ")
        ));
    }
    for f in failed {
        out.push(format!("Not fitted, so no ratio is given: {f}."));
    }
    out
}

/// Model sentences per kind and group on the page; the rest are in models.csv.
const MODEL_SENTENCES: usize = 5;
/// Shift sentences per group on the page.
const SHIFT_SENTENCES: usize = 8;

/// One sentence per notable change point of group `g` (adjusted p below
/// `alpha`): the label whose share moved most, before and after.
pub fn shift_sentences(
    counts: &CountTable,
    changes: &Changes,
    g: usize,
    alpha: f64,
    adjust: Adjust,
) -> Vec<String> {
    let mut found = 0;
    let mut notable: Vec<(f64, String)> = Vec::new();
    for s in changes.series.iter().filter(|s| s.group == g) {
        for c in &s.changes {
            found += 1;
            if c.p_adjusted >= alpha {
                continue;
            }
            let p = &c.point;
            // The label whose share moved most.
            let moved = (0..s.categories.len())
                .filter_map(|k| {
                    let before = p.before.get(k)?.as_ref()?;
                    let after = p.after.get(k)?.as_ref()?;
                    Some((k, before.share, after.share))
                })
                .max_by(|a, b| (a.2 - a.1).abs().total_cmp(&(b.2 - b.1).abs()));
            let Some((k, before, after)) = moved else {
                continue;
            };
            let period = changes.periods.get(p.period).map_or("", String::as_str);
            notable.push((
                c.p_adjusted,
                format!(
                    "{}'s share of \"{}\" went from {} to {} in {period} ({}, {} {}; permutation test of the {} mix).",
                    s.outlet,
                    counts.categories[s.categories[k]].id,
                    pct(before),
                    pct(after),
                    p_text(p.p),
                    adjust.title(),
                    p_text(c.p_adjusted).replacen("p", "adjusted p", 1),
                    counts.groups[g],
                ),
            ));
        }
    }
    if found == 0 {
        return Vec::new();
    }
    if notable.is_empty() {
        return vec![format!(
            "No outlet's {} mix shifts with an adjusted p below {alpha} ({found} candidate change points in changepoints.csv).",
            counts.groups[g]
        )];
    }
    notable.sort_by(|a, b| a.0.total_cmp(&b.0));
    let more = notable.len().saturating_sub(SHIFT_SENTENCES);
    let mut out: Vec<String> = notable
        .into_iter()
        .take(SHIFT_SENTENCES)
        .map(|(_, s)| s)
        .collect();
    if more > 0 {
        out.push(format!("{more} more shifts in changepoints.csv."));
    }
    out
}
