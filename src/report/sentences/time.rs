//! The page's words about time and confounders: the article-level models
//! (whether they were fitted, the ratios whose interval excludes 1, the
//! models that could not be fitted) and the change points of each outlet's
//! label mix. Numbers come from [`crate::analysis::models`] and
//! [`crate::analysis::Changes`]; markup is the page's.

use super::{name, p_text, pct};
use crate::analysis::models::{Failure, Kind, Models};
use crate::analysis::{name_list, Changes};
use crate::counts::CountTable;
use crate::output::num;

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
        name(&set.reference),
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
            name(&set.pooled_name),
            name_list(&set.pooled.iter().map(|o| name(o)).collect::<Vec<_>>())
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
    let group = name(&counts.groups[g]);
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
            let label = name(&counts.categories[m.category].id);
            let fitted = match &m.result {
                Ok(f) => f,
                Err(Failure::NothingToCompare { users }) => {
                    let who = users
                        .first()
                        .map_or("none".to_string(), |o| format!("only {}", name(o)));
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
                        name(&o.outlet),
                        ratio_text(r.ratio),
                        name(&m.reference)
                    ),
                    Kind::Shares => format!(
                        "{lead}, {}'s odds of \"{label}\" against the other {group} labels are {} times {}'s (odds ratio, {ci}).",
                        name(&o.outlet),
                        ratio_text(r.ratio),
                        name(&m.reference)
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
/// `alpha`, by the adjustment the changes were made with): the label whose
/// share moved most, before and after.
pub fn shift_sentences(
    counts: &CountTable,
    changes: &Changes,
    g: usize,
    alpha: f64,
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
                    name(&s.outlet),
                    name(&counts.categories[s.categories[k]].id),
                    pct(before),
                    pct(after),
                    p_text(p.p),
                    changes.adjust.title(),
                    p_text(c.p_adjusted).replacen("p", "adjusted p", 1),
                    name(&counts.groups[g]),
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
            name(&counts.groups[g])
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
