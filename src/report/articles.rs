//! What the report keeps of each counted article for the models: its
//! outlet, period, covariate values and cluster, read on the worker that
//! counted it ([`facts`]) and kept in corpus order
//! ([`crate::analysis::models::ArticleFacts::push`]) through the passes'
//! `make`/`keep` hook. Its counts and tokens are already in the count
//! table, per outlet in the same order.

use super::figures::{charted_outlets, pooled_name};
use super::{ReportError, Settings};
use crate::analysis::models::{self, ArticleFacts, Facts, ModelMode, ModelOptions};
use crate::analysis::{self as analysis_, Analysis};
use crate::corpus::dates::{Date, Period};
use crate::corpus::options::ColumnNames;
use crate::corpus::Article;
use crate::counts::CountTable;
use crate::pass::Pass;

/// The models' flags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelSettings {
    /// `--model`, `--no-model`, or the default rule.
    pub mode: ModelMode,
    /// `--reference`: the outlet the others are compared with.
    pub reference: Option<String>,
    /// `--covariate`: metadata columns held fixed, in the order given.
    pub covariates: Vec<String>,
    /// `--cluster`: the column whose values group articles for the
    /// cluster-robust standard errors.
    pub cluster: Option<String>,
}

impl ModelSettings {
    /// An empty store for the run's facts, `None` with `--no-model`.
    pub(crate) fn store(&self, period: Option<Period>) -> Option<ArticleFacts> {
        (self.mode != ModelMode::Off).then(|| {
            ArticleFacts::new(
                period.is_some(),
                self.covariates.clone(),
                self.cluster.clone(),
            )
        })
    }

    /// The columns these flags read, with the flag that names each, for
    /// the corpus readers to check against the header before reading.
    pub fn columns(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .covariates
            .iter()
            .map(|c| (c.clone(), format!("--covariate {c}")))
            .collect();
        if let Some(c) = &self.cluster {
            out.push((c.clone(), format!("--cluster {c}")));
        }
        out
    }
}

/// One article's facts, on the worker that counted it.
pub(crate) fn facts(
    article: &Article,
    period: Option<Period>,
    model: &ModelSettings,
    columns: &ColumnNames,
) -> Facts {
    let value = |col: &str| -> String {
        article
            .field(columns.canonical(col))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    Facts {
        outlet: article.outlet.clone(),
        period: period.and_then(|p| Date::parse(&article.date).ok().map(|d| p.key(d))),
        covariates: model.covariates.iter().map(|c| value(c)).collect(),
        cluster: model.cluster.as_deref().map(value),
    }
}

/// The change points (`--period`) and the models, added to `analysis`:
/// both use the outlets the charts show, the rest pooled as they pool them.
pub(crate) fn analyse(
    analysis: &mut Analysis,
    pass: &Pass,
    settings: &Settings,
    facts: Option<&ArticleFacts>,
) {
    let (shown, rest) = charted_outlets(&pass.counts);
    let pooled = pooled_name(&rest);
    if settings.period.is_some() {
        analysis.changes = analysis_::changes(
            &pass.counts,
            &pass.periods,
            (&shown, &rest, &pooled),
            settings.confidence,
            &settings.stats,
        );
    }
    analysis.models = models::fit(
        &pass.counts,
        facts,
        &ModelOptions {
            mode: settings.model.mode,
            reference: settings.model.reference.as_deref(),
            period: settings.period.map(|p| p.as_str()),
            confidence: settings.confidence,
            shown: &shown,
            pooled_name: &pooled,
        },
    );
}

/// `--reference` must name an outlet (a `--group-by` value) of the corpus:
/// a typo is the user's to fix, not a page saying the models were skipped.
pub(crate) fn check_reference(counts: &CountTable, settings: &Settings) -> Result<(), ReportError> {
    let Some(r) = settings.model.reference.as_deref() else {
        return Ok(());
    };
    if settings.model.mode == ModelMode::Off || counts.outlets.contains_key(r) {
        return Ok(());
    }
    let known: Vec<&str> = counts.outlets.keys().map(String::as_str).collect();
    let what = match &settings.corpus_options.group_by {
        Some(col) => format!("a value of --group-by {col}"),
        None => "an outlet".to_string(),
    };
    Err(ReportError::Flag {
        flag: format!("--reference {r}"),
        message: format!(
            "not {what} of the articles counted; name one of: {} (names are case-sensitive)",
            crate::analysis::name_list(&known)
        ),
    })
}
