//! From coded sheets to numbers: precision per stratum, term, category and
//! outlet; the miss rate; agreement between coders; terms to fix.
//!
//! Several coders: an item's code is the majority of its coders' codes; a
//! tie between two codes is *disputed* and left out of precision (counted
//! in `disputed`). Items coded `unsure` are left out of precision as
//! missing at random within their stratum (counted in `unsure`).
//! Domains that cut across strata (a term within outlet x category strata,
//! a category over outlets) are estimated with each stratum's share of the
//! domain estimated from the sample (`N_h n_dh / n_h`) and pooled by
//! [`crate::stats::weighted_precision`].

use super::read::{Code, CodedRow, CodedSheet};
use super::sample::ItemKind;
use super::ValidationError;
use crate::output::{num, SafeWriter};
use crate::stats::{self, seeded_rng, StratumCodes};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Options of `validate`.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidateOptions {
    /// Confidence level of every interval.
    pub conf: f64,
    /// A term whose precision's upper bound is below this is flagged.
    pub threshold: f64,
    /// Bootstrap replicates of alpha (0: no interval).
    pub resamples: usize,
    pub seed: u64,
}

impl Default for ValidateOptions {
    fn default() -> Self {
        ValidateOptions {
            conf: 0.95,
            threshold: 0.8,
            resamples: 2000,
            seed: 1,
        }
    }
}

/// Which domain a row of `validation.csv` estimates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// A sampled stratum: `population` is its exact size.
    Stratum,
    OutletTerm,
    Term,
    OutletCategory,
    Category,
    OutletGroup,
    Group,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Stratum => "stratum",
            Level::OutletTerm => "outlet_term",
            Level::Term => "term",
            Level::OutletCategory => "outlet_category",
            Level::Category => "category",
            Level::OutletGroup => "outlet_group",
            Level::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        [
            Level::Stratum,
            Level::OutletTerm,
            Level::Term,
            Level::OutletCategory,
            Level::Category,
            Level::OutletGroup,
            Level::Group,
        ]
        .into_iter()
        .find(|l| l.name() == s)
    }
}

/// One row of `validation.csv`: precision (matches) or miss rate (misses)
/// of a domain.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateRow {
    pub level: Level,
    pub kind: ItemKind,
    pub outlet: String,
    pub group: String,
    pub category: String,
    pub term: String,
    /// The stratum's name (level `stratum` only).
    pub stratum: String,
    /// Items of the domain's population (estimated from the sample below
    /// the stratum level).
    pub population: f64,
    pub sampled: u64,
    pub yes: u64,
    pub no: u64,
    pub unsure: u64,
    pub disputed: u64,
    /// Precision (matches) or miss rate (misses); `None` with nothing coded.
    pub estimate: Option<f64>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub n_eff: Option<f64>,
}

/// Agreement between coders on the items of one kind.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementRow {
    pub kind: ItemKind,
    pub coders: usize,
    /// Items coded by at least two coders.
    pub units: usize,
    pub pairs: u64,
    pub percent: f64,
    /// Cohen's kappa (exactly two coders).
    pub kappa: Option<f64>,
    pub alpha: Option<f64>,
    pub alpha_low: Option<f64>,
    pub alpha_high: Option<f64>,
    /// Bootstrap probability that alpha is below 0.800 and 0.667
    /// (Krippendorff's thresholds for reliable and tentative conclusions).
    pub p_below_800: Option<f64>,
    pub p_below_667: Option<f64>,
    pub note: String,
}

/// A false hit shown beside a flagged term.
#[derive(Debug, Clone, PartialEq)]
pub struct FalseHit {
    pub outlet: String,
    pub article_id: String,
    pub item_id: String,
    pub context: String,
    pub notes: String,
}

/// A term whose precision's upper bound is below the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct FlaggedTerm {
    pub group: String,
    pub category: String,
    pub term: String,
    pub precision: f64,
    pub low: f64,
    pub high: f64,
    pub false_hits: Vec<FalseHit>,
}

/// Words coders wrote for missed mentions of a group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedWords {
    pub group: String,
    pub words: String,
    /// Sentences (items) where coders wrote it.
    pub sentences: u64,
    pub outlets: Vec<String>,
}

/// Everything `validate` reports.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    pub sample_id: String,
    pub coders: usize,
    pub items: usize,
    pub rows: Vec<EstimateRow>,
    pub agreement: Vec<AgreementRow>,
    pub flagged: Vec<FlaggedTerm>,
    pub missed_words: Vec<MissedWords>,
    pub options: ValidateOptions,
}

/// One item, with every coder's code.
struct ItemCodes<'a> {
    row: &'a CodedRow,
    /// Per coder (sheet), its code where it coded the item.
    codes: Vec<Option<Code>>,
    words: Vec<String>,
    notes: Vec<String>,
}

impl ItemCodes<'_> {
    /// The majority code; `None` when nobody coded it or on a tie.
    fn consensus(&self) -> Option<Code> {
        let mut n = BTreeMap::new();
        for c in self.codes.iter().flatten() {
            *n.entry(*c).or_insert(0u32) += 1;
        }
        let best = n.values().copied().max()?;
        let mut top = n.iter().filter(|(_, &k)| k == best);
        let first = top.next().map(|(c, _)| *c);
        if top.next().is_some() {
            None
        } else {
            first
        }
    }

    fn coded(&self) -> bool {
        self.codes.iter().any(Option::is_some)
    }
}

/// Reads the coded sheets of one sample (one sheet per coder, matches
/// and misses in the same or separate sheets) and computes every number.
///
/// # Errors
///
/// [`ValidationError::OtherSample`] when the sheets come from two samples,
/// [`ValidationError::Sheets`] when one file is given twice or an item's
/// columns differ between sheets, and [`ValidationError::Stats`] for an
/// invalid confidence level.
pub fn validate(
    sheets: &[CodedSheet],
    opts: &ValidateOptions,
) -> Result<Validation, ValidationError> {
    let Some(first) = sheets.first() else {
        return Err(ValidationError::Sheets("no coded sheet given".into()));
    };
    stats::wilson(1, 2, opts.conf)?;
    // Coders: sheets of one coder may be split by kind (matches, misses):
    // a sheet is a coder of its kinds; sheets with disjoint kinds pair up
    // in order as coders 0, 1, ...
    let mut coder_of = Vec::with_capacity(sheets.len());
    let mut per_kind: BTreeMap<ItemKind, usize> = BTreeMap::new();
    let mut paths = BTreeSet::new();
    for s in sheets {
        if s.sample_id != first.sample_id {
            let line = s.rows.first().map_or(2, |r| r.line);
            return Err(ValidationError::OtherSample {
                file: s.path.clone(),
                line,
                found: s.sample_id.clone(),
                expected: first.sample_id.clone(),
            });
        }
        if !paths.insert(s.path.clone()) {
            return Err(ValidationError::Sheets(format!(
                "{} is given twice; give each coder's sheet once",
                s.path.display()
            )));
        }
        let kinds: BTreeSet<ItemKind> = s.rows.iter().map(CodedRow::kind).collect();
        let c = kinds
            .iter()
            .map(|k| per_kind.get(k).copied().unwrap_or(0))
            .max()
            .unwrap_or(0);
        for k in kinds {
            per_kind.insert(k, c + 1);
        }
        coder_of.push(c);
    }
    let coders = coder_of.iter().max().map_or(0, |c| c + 1);
    let mut items: BTreeMap<&str, ItemCodes> = BTreeMap::new();
    for (s, sheet) in sheets.iter().enumerate() {
        for row in &sheet.rows {
            let e = items
                .entry(row.get("item_id"))
                .or_insert_with(|| ItemCodes {
                    row,
                    codes: vec![None; coders],
                    words: Vec::new(),
                    notes: Vec::new(),
                });
            if e.row.get("check") != row.get("check") {
                return Err(ValidationError::Sheets(format!(
                    "{}:{}: item {} differs from the same item in {}; both sheets must come from the same sample",
                    sheet.path.display(), row.line, row.get("item_id"), sheet_of(sheets, e.row)
                )));
            }
            if let Some(slot) = e.codes.get_mut(coder_of[s]) {
                if slot.is_some() {
                    return Err(ValidationError::Sheets(format!(
                        "{}:{}: item {} is coded twice by the same coder; give each coder's sheet once",
                        sheet.path.display(), row.line, row.get("item_id")
                    )));
                }
                *slot = row.code;
            }
            for (what, into) in [("words", &mut e.words), ("notes", &mut e.notes)] {
                let v = row.get(what).trim();
                if !v.is_empty() {
                    into.push(v.to_string());
                }
            }
        }
    }
    let all: Vec<&ItemCodes> = items.values().collect();
    let mut rows = estimate_rows(&all, ItemKind::Match, opts.conf, &first.path)?;
    rows.extend(estimate_rows(&all, ItemKind::Miss, opts.conf, &first.path)?);
    let agreement = [ItemKind::Match, ItemKind::Miss]
        .into_iter()
        .filter_map(|k| agreement_row(&all, k, coders, opts))
        .collect();
    let flagged = flag_terms(&rows, &all, opts.threshold);
    let missed_words = missed_words(&all);
    Ok(Validation {
        sample_id: first.sample_id.clone(),
        coders,
        items: items.len(),
        rows,
        agreement,
        flagged,
        missed_words,
        options: opts.clone(),
    })
}

fn sheet_of(sheets: &[CodedSheet], row: &CodedRow) -> String {
    sheets
        .iter()
        .find(|s| s.rows.iter().any(|r| std::ptr::eq(r, row)))
        .map_or_else(String::new, |s| {
            format!("{}:{}", s.path.display(), row.line)
        })
}

/// Per-stratum tallies of one domain.
#[derive(Default)]
struct Tally {
    outlet: String,
    group: String,
    category: String,
    term: String,
    stratum: String,
    /// stratum -> (N_h, n_h, items of the domain drawn, yes, no)
    per_stratum: BTreeMap<String, (u64, u64, u64, u64, u64)>,
    sampled: u64,
    yes: u64,
    no: u64,
    unsure: u64,
    disputed: u64,
}

fn estimate_rows(
    items: &[&ItemCodes],
    kind: ItemKind,
    conf: f64,
    file: &Path,
) -> Result<Vec<EstimateRow>, ValidationError> {
    let levels: &[Level] = match kind {
        ItemKind::Match => &[
            Level::Stratum,
            Level::OutletTerm,
            Level::Term,
            Level::OutletCategory,
            Level::Category,
            Level::OutletGroup,
            Level::Group,
        ],
        ItemKind::Miss => &[Level::Stratum, Level::OutletGroup, Level::Group],
    };
    let mut out = Vec::new();
    for &level in levels {
        let mut tallies: BTreeMap<Vec<String>, Tally> = BTreeMap::new();
        for it in items.iter().filter(|i| i.row.kind() == kind && i.coded()) {
            let r = it.row;
            let g = |n: &str| r.get(n).to_string();
            let (outlet, cat, term) = match level {
                // A stratum is one row: its term only when strata are by term.
                Level::Stratum if r.get("stratum").ends_with(&format!(": {}", r.get("term"))) => {
                    (g("outlet"), g("category"), g("term"))
                }
                Level::Stratum => (g("outlet"), g("category"), String::new()),
                Level::OutletTerm => (g("outlet"), g("category"), g("term")),
                Level::Term => (String::new(), g("category"), g("term")),
                Level::OutletCategory => (g("outlet"), g("category"), String::new()),
                Level::Category => (String::new(), g("category"), String::new()),
                Level::OutletGroup => (g("outlet"), String::new(), String::new()),
                Level::Group => (String::new(), String::new(), String::new()),
            };
            let stratum = if level == Level::Stratum {
                g("stratum")
            } else {
                String::new()
            };
            let key = vec![
                g("group"),
                cat.clone(),
                term.clone(),
                outlet.clone(),
                stratum.clone(),
            ];
            let t = tallies.entry(key).or_insert_with(|| Tally {
                outlet,
                group: g("group"),
                category: cat,
                term,
                stratum: stratum.clone(),
                ..Tally::default()
            });
            let size: u64 = r.number("stratum_size", file)?;
            let drawn: u64 = r.number("stratum_sampled", file)?;
            let s = t
                .per_stratum
                .entry(g("stratum"))
                .or_insert((size, drawn, 0, 0, 0));
            s.2 += 1;
            t.sampled += 1;
            match it.consensus() {
                Some(Code::Yes) => {
                    s.3 += 1;
                    t.yes += 1;
                }
                Some(Code::No) => {
                    s.4 += 1;
                    t.no += 1;
                }
                Some(Code::Unsure) => t.unsure += 1,
                None => t.disputed += 1,
            }
        }
        for t in tallies.into_values() {
            let comps: Vec<StratumCodes> = t
                .per_stratum
                .values()
                .map(|&(size, drawn, k, yes, no)| StratumCodes {
                    // A stratum's size is known; a domain's share of a
                    // stratum is estimated from the items drawn.
                    size: if level == Level::Stratum {
                        size as f64
                    } else {
                        size as f64 * k as f64 / drawn.max(1) as f64
                    },
                    yes,
                    no,
                })
                .collect();
            let population = comps.iter().map(|c| c.size).sum();
            let w = stats::weighted_precision(&comps, conf).ok();
            out.push(EstimateRow {
                level,
                kind,
                outlet: t.outlet,
                group: t.group,
                category: t.category,
                term: t.term,
                stratum: t.stratum,
                population,
                sampled: t.sampled,
                yes: t.yes,
                no: t.no,
                unsure: t.unsure,
                disputed: t.disputed,
                estimate: w.map(|w| w.precision),
                low: w.map(|w| w.low),
                high: w.map(|w| w.high),
                n_eff: w.map(|w| w.n_eff),
            });
        }
    }
    Ok(out)
}

fn agreement_row(
    items: &[&ItemCodes],
    kind: ItemKind,
    coders: usize,
    opts: &ValidateOptions,
) -> Option<AgreementRow> {
    let data: Vec<Vec<Option<u32>>> = items
        .iter()
        .filter(|i| i.row.kind() == kind)
        .map(|i| i.codes.iter().map(|c| c.map(Code::value)).collect())
        .collect();
    if data.is_empty() {
        return None;
    }
    let mut row = AgreementRow {
        kind,
        coders,
        units: 0,
        pairs: 0,
        percent: f64::NAN,
        kappa: None,
        alpha: None,
        alpha_low: None,
        alpha_high: None,
        p_below_800: None,
        p_below_667: None,
        note: String::new(),
    };
    match stats::percent_agreement(&data) {
        Ok(p) => {
            row.units = p.units;
            row.pairs = p.pairs;
            row.percent = p.agreement;
        }
        Err(e) => {
            row.note = e.to_string();
            return Some(row);
        }
    }
    if coders == 2 {
        let a: Vec<Option<u32>> = data.iter().map(|u| u.first().copied().flatten()).collect();
        let b: Vec<Option<u32>> = data.iter().map(|u| u.get(1).copied().flatten()).collect();
        row.kappa = stats::cohen_kappa(&a, &b).ok();
    }
    match stats::krippendorff_alpha(&data) {
        Ok(alpha) => {
            row.alpha = Some(alpha.alpha);
            if opts.resamples > 0 {
                let stream = match kind {
                    ItemKind::Match => 0,
                    ItemKind::Miss => 1,
                };
                let mut rng = seeded_rng(opts.seed, stream);
                if let Ok(b) = stats::alpha_bootstrap(&alpha, opts.resamples, &mut rng) {
                    if let Ok((lo, hi)) = stats::percentile_interval(&b.replicates, opts.conf) {
                        row.alpha_low = Some(lo);
                        row.alpha_high = Some(hi);
                    }
                    row.p_below_800 = Some(b.prob_below(0.8));
                    row.p_below_667 = Some(b.prob_below(0.667));
                }
            }
        }
        Err(e) => row.note = e.to_string(),
    }
    Some(row)
}

fn flag_terms(rows: &[EstimateRow], items: &[&ItemCodes], threshold: f64) -> Vec<FlaggedTerm> {
    rows.iter()
        .filter(|r| r.kind == ItemKind::Match && r.level == Level::Term)
        .filter_map(|r| {
            let (precision, low, high) = (r.estimate?, r.low?, r.high?);
            (high < threshold).then(|| FlaggedTerm {
                group: r.group.clone(),
                category: r.category.clone(),
                term: r.term.clone(),
                precision,
                low,
                high,
                false_hits: items
                    .iter()
                    .filter(|i| {
                        let x = i.row;
                        x.kind() == ItemKind::Match
                            && x.get("group") == r.group
                            && x.get("category") == r.category
                            && x.get("term") == r.term
                            && i.consensus() == Some(Code::No)
                    })
                    .map(|i| FalseHit {
                        outlet: i.row.get("outlet").to_string(),
                        article_id: i.row.get("article_id").to_string(),
                        item_id: i.row.get("item_id").to_string(),
                        context: i.row.get("context").to_string(),
                        notes: i.notes.join(" | "),
                    })
                    .collect(),
            })
        })
        .collect()
}

fn missed_words(items: &[&ItemCodes]) -> Vec<MissedWords> {
    // (group, lowercased words) -> (as first written, sentences, outlets)
    let mut m: BTreeMap<(String, String), (String, u64, BTreeSet<String>)> = BTreeMap::new();
    for it in items
        .iter()
        .filter(|i| i.row.kind() == ItemKind::Miss && i.consensus() == Some(Code::Yes))
    {
        let mut here = BTreeMap::new();
        for w in it.words.iter().flat_map(|w| w.split([';', ','])) {
            let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
            if !w.is_empty() {
                here.entry(w.to_lowercase()).or_insert(w);
            }
        }
        for (low, w) in here {
            let e = m
                .entry((it.row.get("group").to_string(), low))
                .or_insert_with(|| (w, 0, BTreeSet::new()));
            e.1 += 1;
            e.2.insert(it.row.get("outlet").to_string());
        }
    }
    let mut out: Vec<MissedWords> = m
        .into_iter()
        .map(|((group, _), (words, sentences, outlets))| MissedWords {
            group,
            words,
            sentences,
            outlets: outlets.into_iter().collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        a.group
            .cmp(&b.group)
            .then(b.sentences.cmp(&a.sentences))
            .then(a.words.to_lowercase().cmp(&b.words.to_lowercase()))
    });
    out
}

/// Columns of `validation.csv`.
pub const VALIDATION_COLUMNS: [&str; 19] = [
    "level",
    "kind",
    "outlet",
    "group",
    "category",
    "term",
    "stratum",
    "population",
    "sampled",
    "yes",
    "no",
    "unsure",
    "disputed",
    "estimate",
    "low",
    "high",
    "n_eff",
    "conf",
    "sample_id",
];

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

impl Validation {
    /// `validation.csv`: one row per domain and level (see
    /// [`VALIDATION_COLUMNS`]); `estimate` is the precision of matches or
    /// the miss rate of sentences without a match. `report --validation`
    /// reads it back ([`super::ValidationTables::load`]).
    pub fn validation_csv(&self) -> Result<Vec<u8>, ValidationError> {
        let mut w = SafeWriter::from_writer(Vec::new());
        w.write_record(VALIDATION_COLUMNS)?;
        for r in &self.rows {
            w.write_record([
                r.level.name().to_string(),
                r.kind.name().to_string(),
                r.outlet.clone(),
                r.group.clone(),
                r.category.clone(),
                r.term.clone(),
                r.stratum.clone(),
                num(r.population),
                r.sampled.to_string(),
                r.yes.to_string(),
                r.no.to_string(),
                r.unsure.to_string(),
                r.disputed.to_string(),
                opt(r.estimate),
                opt(r.low),
                opt(r.high),
                opt(r.n_eff),
                num(self.options.conf),
                self.sample_id.clone(),
            ])?;
        }
        Ok(w.into_inner()?)
    }

    /// `agreement.csv`: one row per item kind.
    pub fn agreement_csv(&self) -> Result<Vec<u8>, ValidationError> {
        let mut w = SafeWriter::from_writer(Vec::new());
        w.write_record([
            "kind",
            "coders",
            "units",
            "pairs",
            "percent_agreement",
            "cohen_kappa",
            "krippendorff_alpha",
            "alpha_low",
            "alpha_high",
            "p_alpha_below_0_800",
            "p_alpha_below_0_667",
            "resamples",
            "note",
        ])?;
        for a in &self.agreement {
            w.write_record([
                a.kind.name().to_string(),
                a.coders.to_string(),
                a.units.to_string(),
                a.pairs.to_string(),
                opt(Some(a.percent).filter(|p| p.is_finite())),
                opt(a.kappa),
                opt(a.alpha),
                opt(a.alpha_low),
                opt(a.alpha_high),
                opt(a.p_below_800),
                opt(a.p_below_667),
                if a.alpha_low.is_some() {
                    self.options.resamples.to_string()
                } else {
                    String::new()
                },
                a.note.clone(),
            ])?;
        }
        Ok(w.into_inner()?)
    }

    /// `flagged_terms.csv`: one row per false hit of each flagged term.
    pub fn flagged_csv(&self) -> Result<Vec<u8>, ValidationError> {
        let mut w = SafeWriter::from_writer(Vec::new());
        w.write_record([
            "group",
            "category",
            "term",
            "precision",
            "low",
            "high",
            "threshold",
            "outlet",
            "article_id",
            "item_id",
            "context",
            "notes",
        ])?;
        for f in &self.flagged {
            let head = [
                f.group.clone(),
                f.category.clone(),
                f.term.clone(),
                num(f.precision),
                num(f.low),
                num(f.high),
                num(self.options.threshold),
            ];
            if f.false_hits.is_empty() {
                let mut rec = head.to_vec();
                rec.extend(std::iter::repeat_n(String::new(), 5));
                w.write_record(rec)?;
            }
            for h in &f.false_hits {
                let mut rec = head.to_vec();
                rec.extend([
                    h.outlet.clone(),
                    h.article_id.clone(),
                    h.item_id.clone(),
                    h.context.clone(),
                    h.notes.clone(),
                ]);
                w.write_record(rec)?;
            }
        }
        Ok(w.into_inner()?)
    }

    /// `missed_words.csv`: words coders wrote for mentions the lexicon missed.
    pub fn missed_words_csv(&self) -> Result<Vec<u8>, ValidationError> {
        let mut w = SafeWriter::from_writer(Vec::new());
        w.write_record(["group", "words", "sentences", "outlets"])?;
        for m in &self.missed_words {
            w.write_record([
                m.group.clone(),
                m.words.clone(),
                m.sentences.to_string(),
                m.outlets.join("; "),
            ])?;
        }
        Ok(w.into_inner()?)
    }
}

#[cfg(test)]
#[path = "summary_tests.rs"]
mod tests;
