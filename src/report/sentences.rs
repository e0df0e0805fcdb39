//! The report's prose: headline findings as sentences with their numbers,
//! the caveats that apply, the methods used in plain words, and what the
//! report says about its input. Sentences only, no markup: the page and the
//! terminal summary both use them. The words about the models and the
//! change points are in [`time`].

mod corpus;
mod time;

pub use corpus::corpus;
pub use time::{model_sentences, models_intro, ratio_text, shift_sentences};

use super::figures::charted_outlets;
use crate::analysis::models::Models;
use crate::analysis::{name_list, Analysis, ArticleTests, Cell, StatsOptions, FEW_ARTICLES};
use crate::corpus::options::{Duplicates, Syndicated};
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::output::num;
use crate::pass::input::RULES;
use crate::pass::Pass;

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
                format!(
                    "{} {}",
                    language_name(code),
                    plural(l.articles as usize, "article")
                )
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

/// The English name of a language of the count table (`counts.languages`,
/// keyed by ISO 639-1 code; the empty code holds the articles in no
/// language found).
pub(crate) fn language_name(code: &str) -> &'static str {
    crate::lexicon::Language::from_code(code).map_or("no language found", |l| l.name())
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
        "The charts' embedded font (DejaVu Sans) has no glyph for {} of the outlet, label or term names ({}{}); Chinese, Japanese and Korean are among the scripts it does not cover. The charts draw those characters as empty boxes: read the names in the tables and on this page, which show them as written.",
        plural(missing.len(), "character"),
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
            a.compare.len()
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

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `--validation`: what the page says about how far the matches can be
/// trusted. The numbers come from [`super::trust::Trust`].
pub mod trust {
    use super::{pct, plural};
    use crate::counts::CountTable;
    use crate::output::num;
    use crate::report::trust::{ContrastCheck, HeadlineCheck, Trust};
    use crate::validation::summary::{AgreementRow, FlaggedTerm, Level};
    use crate::validation::ItemKind;

    /// The validation's interval level in percent: `conf` as
    /// `validation.csv` gives it, 95 when it does not.
    pub fn level(conf: Option<f64>) -> String {
        conf.map_or("95".into(), |c| num(c * 100.0))
    }

    /// A precision for a table cell: the estimate, and its interval with
    /// the number coded yes or no.
    pub fn precision_cell(
        estimate: Option<f64>,
        low: Option<f64>,
        high: Option<f64>,
        coded: u64,
    ) -> (String, String) {
        match (estimate, low, high) {
            (Some(p), Some(l), Some(h)) => (
                pct(p),
                format!("{}-{}, n = {coded}", pct(l).trim_end_matches('%'), pct(h)),
            ),
            _ => ("-".into(), format!("none coded yes or no (n = {coded})")),
        }
    }

    /// What was coded, in a sentence.
    pub fn intro(t: &Trust) -> String {
        let v = &t.tables;
        let (mut sampled, mut yes, mut no, mut unsure, mut disputed) = (0, 0, 0, 0, 0);
        for r in v.matches_at(Level::Group) {
            sampled += r.sampled;
            yes += r.yes;
            no += r.no;
            unsure += r.unsure;
            disputed += r.disputed;
        }
        let coders = v
            .agreement
            .as_ref()
            .and_then(|a| a.iter().map(|r| r.coders).max())
            .map_or(String::new(), |c| format!(" by {}", plural(c, "coder")));
        format!(
            "Read from {} (sample {}): {sampled} sampled {} coded{coders}; by consensus {yes} mean their category, {no} do not, {unsure} unsure and {disputed} disputed between coders (these two left out of precision).",
            v.path.display(),
            v.sample_id,
            if sampled == 1 { "match" } else { "matches" },
        )
    }

    /// How precision and the correction are computed.
    pub fn method(t: &Trust, confidence: f64) -> String {
        let level = level(t.tables.conf);
        format!(
            "Precision is the share of a category's matches that mean the category (yes / (yes + no)), estimated over the sampled strata weighted by their size, with {level}% Wilson intervals at Kish's effective sample size (validation.csv). corrected.csv multiplies each count, rate and share by its precision; the {}% intervals there carry both the sampling of articles (the article bootstrap) and the uncertainty of the precision (a draw from each stratum's Beta posterior inside every bootstrap replicate). An outlet without its own coded matches of a category takes the category's precision pooled over outlets.",
            num(confidence * 100.0)
        )
    }

    /// The validation does not describe this run's matches.
    pub fn stale(t: &Trust) -> Option<String> {
        let first = t.stale.first()?;
        let now = first
            .counted
            .map_or("none in this run".to_string(), |k| format!("{k} now"));
        Some(format!(
            "This validation does not describe this run's matches: in {} of {} validated outlet x category strata the number of matches differs from when the sample was drawn (e.g. {}, {}.{}: {} then, {now}). The lexicon, the corpus or its options changed since: the precision below describes the old matches. Draw a new sample (framescore sample) and code it.",
            t.stale.len(),
            t.strata,
            first.outlet,
            first.group,
            first.category,
            num(first.validated),
        ))
    }

    /// Agreement between coders on one kind of item.
    pub fn agreement(a: &AgreementRow, conf: Option<f64>) -> String {
        let what = match a.kind {
            ItemKind::Match => "matches",
            ItemKind::Miss => "sentences without a match",
        };
        if a.units == 0 || !a.percent.is_finite() {
            return format!(
                "Agreement on {what}: no item was coded by two coders ({}). A second coder on a share of the items would show how reproducible the codes are.",
                a.note
            );
        }
        let mut s = format!(
            "Agreement on {what}: {} coded {} items in common and agreed on {} of {} pairs of codes",
            plural(a.coders, "coder"),
            a.units,
            pct(a.percent),
            a.pairs
        );
        if let Some(k) = a.kappa {
            s.push_str(&format!("; Cohen's kappa {k:.2}"));
        }
        if let Some(alpha) = a.alpha {
            s.push_str(&format!("; Krippendorff's alpha {alpha:.2}"));
            if let (Some(l), Some(h)) = (a.alpha_low, a.alpha_high) {
                s.push_str(&format!(" ({}% CI {l:.2} to {h:.2})", level(conf)));
            }
            let verdict = if alpha >= 0.8 {
                "at or above 0.800, Krippendorff's threshold for reliable conclusions"
            } else if alpha >= 0.667 {
                "between 0.667 and 0.800: enough for tentative conclusions only (Krippendorff)"
            } else {
                "below 0.667, Krippendorff's lowest threshold: the codes are not reliable enough to draw conclusions from"
            };
            s.push_str(&format!(", {verdict}"));
            if let Some(p) = a.p_below_800 {
                s.push_str(&format!(
                    "; the bootstrap puts alpha below 0.800 with probability {p:.2}"
                ));
            }
        }
        s.push('.');
        if !a.note.is_empty() {
            let note = a.note.trim_end_matches('.');
            let mut chars = note.chars();
            if let Some(first) = chars.next() {
                s.push_str(&format!(" {}{}.", first.to_uppercase(), chars.as_str()));
            }
        }
        s
    }

    /// A flagged term in words: what it is and how precise, and one false
    /// hit (outlet, the context with the match marked `[[...]]`, the
    /// coders' notes).
    pub struct Flagged {
        pub lead: String,
        pub example: Option<(String, String, String)>,
    }

    /// A flagged term: its precision and one false hit.
    pub fn flagged(f: &FlaggedTerm, threshold: Option<f64>) -> Flagged {
        let below = threshold.map_or(String::new(), |t| format!(", upper bound below {}", num(t)));
        let lead = format!(
            "\"{}\" ({}.{}): precision {} ({}-{}{below}); {} in flagged_terms.csv",
            f.term,
            f.group,
            f.category,
            pct(f.precision),
            pct(f.low),
            pct(f.high),
            plural(f.false_hits.len(), "false hit"),
        );
        let example = f.false_hits.first().map(|h| {
            // validate joins the coders' notes with " | ".
            let mut notes: Vec<&str> = Vec::new();
            for n in h.notes.split(" | ").map(str::trim) {
                if !n.is_empty() && !notes.contains(&n) {
                    notes.push(n);
                }
            }
            (
                h.outlet.clone(),
                h.context.clone(),
                if notes.is_empty() {
                    String::new()
                } else {
                    format!("coders: {}", notes.join("; "))
                },
            )
        });
        Flagged { lead, example }
    }

    /// The miss rate of a group, when misses were coded.
    pub fn misses(t: &Trust) -> Vec<String> {
        t.tables
            .rows
            .iter()
            .filter(|r| r.kind == ItemKind::Miss && r.level == Level::Group)
            .map(|r| match (r.estimate, r.low, r.high) {
                (Some(p), Some(l), Some(h)) => format!(
                    "{}: of {} sampled sentences without a match (in articles with one), coders found a mention the lexicon missed in {} ({}-{}); the words they wrote are in missed_words.csv.",
                    r.group, r.sampled, pct(p), pct(l), pct(h)
                ),
                _ => format!("{}: {} sampled sentences without a match, none coded yes or no.", r.group, r.sampled),
            })
            .collect()
    }

    fn label(counts: &CountTable, c: usize) -> String {
        counts
            .categories
            .get(c)
            .map_or_else(String::new, |x| format!("\"{}\"", x.id))
    }

    /// An outlet's most used label of a group, checked against the
    /// correction, as table cells: the label(s), the raw share, the
    /// corrected share with its interval, and the verdict.
    pub fn headline(h: &HeadlineCheck, t: &Trust, counts: &CountTable) -> [String; 4] {
        let names: Vec<String> = h.raw_top.iter().map(|&c| label(counts, c)).collect();
        let who = if names.len() > 1 {
            format!("{} (tied)", names.join(", "))
        } else {
            names.join("")
        };
        let share = match (h.corrected_share, h.corrected_share_ci) {
            (Some(s), Some((l, hi))) => format!("{} ({}-{})", pct(s), pct(l), pct(hi)),
            (Some(s), None) => pct(s),
            _ => String::new(),
        };
        let verdict = match h.survives() {
            Some(true) => "survives: still the most used".to_string(),
            Some(false) => {
                let now: Vec<String> = h.corrected_top.iter().map(|&c| label(counts, c)).collect();
                let lead = h
                    .corrected_top
                    .first()
                    .and_then(|&c| t.corrected.cell(&h.outlet, c));
                let lead_share = lead
                    .and_then(|x| x.corrected_share)
                    .map_or(String::new(), |s| format!(" ({})", pct(s)));
                format!(
                    "does not survive: {}{lead_share} {} most used once corrected",
                    now.join(", "),
                    if now.len() == 1 { "is" } else { "are" }
                )
            }
            None => {
                let missing: Vec<String> = t
                    .corrected
                    .cells
                    .iter()
                    .filter(|x| {
                        x.outlet == h.outlet
                            && x.count > 0
                            && x.corrected_count.is_none()
                            && counts
                                .categories
                                .get(x.category)
                                .is_some_and(|c| c.group == h.group)
                    })
                    .map(|x| label(counts, x.category))
                    .collect();
                if missing.is_empty() {
                    "not checked".to_string()
                } else {
                    format!("not checked: {} not validated", missing.join(", "))
                }
            }
        };
        [who, pct(h.raw_share), share, verdict]
    }

    /// How many headline labels survive, in a sentence.
    pub fn headlines_summary(t: &Trust) -> String {
        let n = t.headlines.len();
        let kept = t
            .headlines
            .iter()
            .filter(|h| h.survives() == Some(true))
            .count();
        let lost = t
            .headlines
            .iter()
            .filter(|h| h.survives() == Some(false))
            .count();
        format!(
            "Each outlet's most used label of each group (the findings above): {kept} of {n} stay the most used once every label's count is multiplied by its precision, {lost} {} not{}.",
            if lost == 1 { "does" } else { "do" },
            if n > kept + lost { format!(", {} could not be checked", n - kept - lost) } else { String::new() }
        )
    }

    /// How many significant outlet differences survive.
    pub fn contrasts_summary(t: &Trust, adjust: &str, confidence: f64) -> String {
        if t.significant == 0 {
            return "No difference between two outlets' rates of a category is significant after adjustment (compare.csv), so no outlet comparison needs checking against the correction.".into();
        }
        let checked = &t.contrasts;
        let survive = checked
            .iter()
            .filter(|c| c.contrast.is_some_and(|x| x.survives()))
            .count();
        let unchecked = checked.iter().filter(|c| c.contrast.is_none()).count();
        let more = if t.significant > checked.len() {
            format!(" (the {} most significant checked)", checked.len())
        } else {
            String::new()
        };
        let lost = checked.len() - survive - unchecked;
        format!(
            "Of the {} differences between two outlets' rates of a category that are significant after {adjust} (token level; compare.csv){more}, {survive} {} the correction (the corrected difference's {}% interval excludes 0), {lost} {} not{}.",
            t.significant,
            if survive == 1 { "survives" } else { "survive" },
            num(confidence * 100.0),
            if lost == 1 { "does" } else { "do" },
            if unchecked > 0 { format!(" and {unchecked} could not be checked (a category not validated)") } else { String::new() }
        )
    }

    /// One significant outlet difference, checked, as table cells: the
    /// category, the outlets, their raw rates, the raw difference, the
    /// corrected difference with its interval, and the verdict.
    pub fn contrast(c: &ContrastCheck, t: &Trust, counts: &CountTable) -> [String; 6] {
        let rate = |o: &str| {
            t.corrected
                .cell(o, c.category)
                .and_then(|x| x.rate)
                .map_or("-".into(), |r| format!("{r:.2}"))
        };
        let (category, pair, rates) = (
            label(counts, c.category),
            format!("{} vs {}", c.a, c.b),
            format!("{} vs {}", rate(&c.a), rate(&c.b)),
        );
        let Some(x) = c.contrast else {
            let raw = t
                .corrected
                .cell(&c.a, c.category)
                .zip(t.corrected.cell(&c.b, c.category))
                .and_then(|(a, b)| Some(a.rate? - b.rate?))
                .map_or(String::new(), |d| format!("{d:+.2}"));
            return [
                category,
                pair,
                rates,
                raw,
                String::new(),
                "not checked: the category is not validated".into(),
            ];
        };
        let verdict = if x.survives() {
            "survives"
        } else if c.raw_article_level == Some(false) {
            "does not survive (already uncertain at the article level before the correction)"
        } else {
            "does not survive"
        };
        [
            category,
            pair,
            rates,
            format!("{:+.2}", x.raw),
            format!("{:+.2} ({:+.2} to {:+.2})", x.corrected, x.low, x.high),
            verdict.to_string(),
        ]
    }
}
