//! `models.csv`: the article-level models, one row per model and outlet
//! (each outlet's adjusted rate or odds ratio against the reference, with
//! the unadjusted one beside it), or one row per model that could not be
//! fitted, saying why.

use super::{
    cells, common, count, names, p_cells, p_value, statistic, text, Context, RowSink, Spec, Table,
    Value,
};
use crate::analysis::models::{Model, ModelSet, Models, Status};
use crate::output::OutputError;
use crate::stats;

pub struct ModelsTable;

static MODELS: Spec = Spec {
    file: names::MODELS,
    about: "article-level models: each outlet's rate ratio (per category) and odds ratio (per label) against the reference outlet, with the period and covariates held fixed, beside the unadjusted ratio",
    columns: &[
        text("model", "`counts` (negative binomial, offset ln tokens) or `shares` (binomial logit on the label's count out of the group's matches)"),
        common::GROUP,
        text("category_or_label", "the category (counts) or label (shares)"),
        text("outlet", "the outlet compared with the reference (empty on a `failed` row)"),
        text("reference", "the reference outlet: the one with most articles among those shown, or `--reference`; when the largest cannot anchor a model (it never uses the label) the largest that can, said in `note`"),
        text("adjusted_for", "the factors held fixed, `;`-separated (`month;topic`)"),
        text("ratio_kind", "`rate_ratio` (counts) or `odds_ratio` (shares)"),
        statistic("ratio", "`exp(b_outlet)`: the outlet's rate or odds against the reference's, the period and covariates held fixed"),
        statistic("ratio_low", "lower end of its Wald interval `exp(b - z se)` at `--confidence`"),
        statistic("ratio_high", "upper end of its Wald interval `exp(b + z se)`"),
        p_value("p_value", "two-sided normal (Wald) p-value of `b_outlet = 0` (empty below 2.2e-308)"),
        common::LOG10_P,
        statistic("estimate", "the coefficient `b_outlet` (a log ratio)"),
        statistic("se", "its standard error"),
        text("covariance", "`hc1` (default: heteroskedasticity-robust, articles independent) or `cluster:COLUMN` (`--cluster COLUMN`, CR1)"),
        count("articles", "articles in the fitted model (after leaving out those without tokens, or without a match of the group, and the levels that fit exactly)"),
        count("outlet_articles", "the outlet's articles in the model's table (with tokens; for shares, with a match of the group), before levels that fit exactly are left out"),
        statistic("alpha", "negative binomial dispersion (counts; 0: no more variable than Poisson); empty for shares"),
        statistic("unadjusted_ratio", "the ratio of the outlet's pooled rate (counts: matches / tokens) or pooled odds (shares: label / rest of the group) to the reference's over the model's table: read it beside `ratio` to see what holding the calendar fixed changed"),
        text("status", "`fitted`; `no_match` (the outlet never uses it: its ratio would be 0), `only_label` (all its matches of the group are this label: infinite), `no_articles`; `failed` for a model with no numbers"),
        text("note", "the reference's substitution, the pooled outlets, the period or covariate levels left out because they fit exactly, or why the model failed"),
    ],
};

impl Table for ModelsTable {
    fn spec(&self) -> &'static Spec {
        &MODELS
    }

    fn applies(&self, ctx: &Context) -> bool {
        matches!(ctx.analysis.models, Models::Fitted(_))
    }

    fn rows(&self, ctx: &Context, w: &mut dyn RowSink) -> Result<(), OutputError> {
        let Models::Fitted(set) = &ctx.analysis.models else {
            return Ok(());
        };
        for m in &set.models {
            for row in model_rows(ctx, set, m) {
                w.row(&row)?;
            }
        }
        Ok(())
    }
}

/// The rows of one model.
fn model_rows(ctx: &Context, set: &ModelSet, m: &Model) -> Vec<[Value; 21]> {
    let cat = &ctx.pass.counts.categories[m.category];
    let adjusted_for = set.adjusted_for.join(";");
    let fitted = match &m.result {
        Ok(f) => f,
        Err(why) => {
            let why = why.to_string();
            let note = [m.note.as_str(), why.as_str()]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("; ");
            return vec![cells![
                m.kind.name(),
                cat.group_id.clone(),
                cat.id.clone(),
                Value::Empty,
                m.reference.clone(),
                adjusted_for,
                m.kind.ratio_kind(),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                set.covariance.clone(),
                Value::Empty,
                Value::Empty,
                Value::Empty,
                Value::Empty,
                "failed",
                note,
            ]];
        }
    };
    let left_out = if fitted.left_out.is_empty() {
        String::new()
    } else {
        format!(
            "{} level(s) held fixed left out, their articles fitting exactly (no_match: none uses it there; only_label: all their matches are the label): {}",
            fitted.left_out.len(),
            crate::analysis::name_list(&fitted.left_out)
        )
    };
    fitted
        .outlets
        .iter()
        .map(|o| {
            let pooled = (o.outlet == set.pooled_name)
                .then(|| format!("pooled: {}", crate::analysis::name_list(&set.pooled)));
            let why = match o.status {
                Status::Fitted => None,
                Status::NoMatch => Some("never uses it in the model's articles: no ratio (it would be 0)".to_string()),
                Status::OnlyLabel => Some("uses only this label of the group: no ratio (it would be infinite)".to_string()),
                Status::NoArticles => Some(
                    "no article the model can use (none with tokens, or for shares none with a match of the group)".to_string(),
                ),
            };
            let note = [Some(m.note.clone()), pooled, why, Some(left_out.clone())]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            let r = o.ratio.as_ref();
            // Two-sided normal p of z = estimate / se is the chi-square(1)
            // tail of z^2, whose logarithm stays finite where p underflows.
            let [p_cell, log10_p] = match r {
                Some(r) => p_cells(r.p, stats::chi2_ln_sf((r.estimate / r.se).powi(2), 1.0)),
                None => [Value::Empty, Value::Empty],
            };
            cells![
                m.kind.name(),
                cat.group_id.clone(),
                cat.id.clone(),
                o.outlet.clone(),
                m.reference.clone(),
                adjusted_for.clone(),
                m.kind.ratio_kind(),
                r.map(|r| r.ratio),
                r.map(|r| r.low),
                r.map(|r| r.high),
                p_cell,
                log10_p,
                r.map(|r| r.estimate),
                r.map(|r| r.se),
                set.covariance.clone(),
                fitted.articles,
                o.articles,
                fitted.alpha,
                o.unadjusted,
                o.status.code(),
                note,
            ]
        })
        .collect()
}
