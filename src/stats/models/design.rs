//! The article table a model is fitted on (factors: outlet, period,
//! covariates) and its treatment-coded design, after leaving out the
//! levels whose coefficient would be infinite.
//!
//! Every column of the design is a 0/1 dummy (or the intercept), so a row
//! is stored as the list of its columns that are 1: a cross product costs
//! `articles x factors^2`, not `articles x columns^2`.

use std::fmt;

use super::ModelError;

/// One categorical variable with a level for each article.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    name: String,
    levels: Vec<String>,
    codes: Vec<usize>,
    reference: usize,
}

/// Which level of a factor the others are compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum ReferenceLevel {
    /// The level of this name.
    Named(String),
    /// The level with the most articles (the first in sorted order on a tie).
    Largest,
    /// The first level in sorted order (the earliest period for `YYYY-MM`).
    First,
}

impl Factor {
    /// A factor from its levels, each article's level index, and the index
    /// of the reference level.
    ///
    /// # Errors
    ///
    /// [`ModelError::EmptyFactor`] without levels, [`ModelError::InvalidCode`]
    /// for a code or reference beyond the levels.
    pub fn new(
        name: impl Into<String>,
        levels: Vec<String>,
        codes: Vec<usize>,
        reference: usize,
    ) -> Result<Self, ModelError> {
        let name = name.into();
        if levels.is_empty() {
            return Err(ModelError::EmptyFactor { factor: name });
        }
        let bad = codes
            .iter()
            .copied()
            .enumerate()
            .chain(std::iter::once((codes.len(), reference)))
            .find(|&(_, c)| c >= levels.len());
        if let Some((index, code)) = bad {
            return Err(ModelError::InvalidCode {
                factor: name,
                index,
                code,
                levels: levels.len(),
            });
        }
        Ok(Self {
            name,
            levels,
            codes,
            reference,
        })
    }

    /// A factor from one label per article; its levels are the distinct
    /// labels in sorted (byte) order.
    ///
    /// # Errors
    ///
    /// [`ModelError::EmptyFactor`] for no articles and
    /// [`ModelError::UnknownReference`] when a named reference is not a label.
    pub fn from_labels<S: AsRef<str>>(
        name: impl Into<String>,
        labels: &[S],
        reference: &ReferenceLevel,
    ) -> Result<Self, ModelError> {
        let name = name.into();
        let mut levels: Vec<String> = labels.iter().map(|s| s.as_ref().to_owned()).collect();
        levels.sort_unstable();
        levels.dedup();
        let index = |s: &str| levels.binary_search_by(|l| l.as_str().cmp(s));
        let codes: Vec<usize> = labels
            .iter()
            .map(|s| index(s.as_ref()).unwrap_or_default())
            .collect();
        let reference = match reference {
            ReferenceLevel::Named(level) => {
                index(level).map_err(|_| ModelError::UnknownReference {
                    factor: name.clone(),
                    level: level.clone(),
                })?
            }
            ReferenceLevel::First => 0,
            ReferenceLevel::Largest => {
                let sizes = level_sizes(levels.len(), &codes);
                // max_by_key keeps the last maximum; reverse to keep the first.
                (0..sizes.len())
                    .rev()
                    .max_by_key(|&i| sizes[i])
                    .unwrap_or_default()
            }
        };
        Self::new(name, levels, codes, reference)
    }

    /// The factor's name (`outlet`, `period`, a metadata column).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its levels.
    pub fn levels(&self) -> &[String] {
        &self.levels
    }

    /// Each article's level index.
    pub fn codes(&self) -> &[usize] {
        &self.codes
    }

    /// The index of the reference level.
    pub fn reference(&self) -> usize {
        self.reference
    }

    /// The number of articles at each level, in level order.
    pub fn sizes(&self) -> Vec<usize> {
        level_sizes(self.levels.len(), &self.codes)
    }
}

/// How many of `codes` are each of `0..levels`.
fn level_sizes(levels: usize, codes: &[usize]) -> Vec<usize> {
    let mut sizes = vec![0usize; levels];
    for &c in codes {
        sizes[c] += 1;
    }
    sizes
}

/// The articles a model is fitted on: the outlet of each (whose ratios the
/// model reports) and the factors held fixed (period, covariates).
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleTable {
    outlet: Factor,
    controls: Vec<Factor>,
}

impl ArticleTable {
    /// # Errors
    ///
    /// [`ModelError::LengthMismatch`] unless every control has one level per
    /// article of `outlet`; [`ModelError::DuplicateFactor`] for two factors
    /// of one name.
    pub fn new(outlet: Factor, controls: Vec<Factor>) -> Result<Self, ModelError> {
        for (i, c) in controls.iter().enumerate() {
            if c.codes.len() != outlet.codes.len() {
                return Err(ModelError::LengthMismatch {
                    what: format!("factor '{}'", c.name),
                    expected: outlet.codes.len(),
                    found: c.codes.len(),
                });
            }
            let earlier = std::iter::once(&outlet).chain(&controls[..i]);
            if earlier.into_iter().any(|f| f.name == c.name) {
                return Err(ModelError::DuplicateFactor {
                    factor: c.name.clone(),
                });
            }
        }
        Ok(Self { outlet, controls })
    }

    /// The number of articles.
    pub fn len(&self) -> usize {
        self.outlet.codes.len()
    }

    /// Whether the table has no article.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The outlet factor.
    pub fn outlet(&self) -> &Factor {
        &self.outlet
    }

    /// The factors held fixed.
    pub fn controls(&self) -> &[Factor] {
        &self.controls
    }

    fn factors(&self) -> impl Iterator<Item = &Factor> {
        std::iter::once(&self.outlet).chain(&self.controls)
    }
}

/// Why a level's articles were left out of a fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exclusion {
    /// None of its articles has a match (count model) or uses the label
    /// (share model): its coefficient would be minus infinity.
    NoMatch,
    /// Every match of its articles is the label (share model): plus infinity.
    OnlyLabel,
}

impl Exclusion {
    /// A short code for a CSV cell: `no_match` or `only_label`.
    pub fn code(self) -> &'static str {
        match self {
            Self::NoMatch => "no_match",
            Self::OnlyLabel => "only_label",
        }
    }
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoMatch => "none of its articles has a match",
            Self::OnlyLabel => "every match of its articles is the label",
        })
    }
}

/// A level whose articles were left out before fitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// The factor's name.
    pub factor: String,
    /// The level.
    pub level: String,
    /// Articles of the level still in the fit when it was left out.
    pub articles: usize,
    /// Why.
    pub reason: Exclusion,
}

/// A column of the design: the intercept or one level's dummy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// `None` for the intercept, else the factor's name.
    pub factor: Option<String>,
    /// The level (empty for the intercept).
    pub level: String,
}

impl Column {
    /// `intercept` or `factor=level`.
    pub fn name(&self) -> String {
        match &self.factor {
            None => "intercept".to_owned(),
            Some(f) => format!("{f}={}", self.level),
        }
    }
}

/// A treatment-coded design over the articles kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    /// The columns, intercept first, then the outlet's non-reference levels,
    /// then each control's.
    pub columns: Vec<Column>,
    /// The article (index into the table) of each row.
    pub articles: Vec<usize>,
    /// For row `r`, `ones[r * width..(r + 1) * width]` are its columns that
    /// are 1 (`usize::MAX` pads a reference level).
    ones: Vec<usize>,
    width: usize,
    /// Levels left out.
    pub excluded: Vec<Excluded>,
    /// Columns of the outlet's levels: `outlet_columns[k]` is the column of
    /// `outlet.levels()[k]` (`None` for the reference or an absent level).
    pub outlet_columns: Vec<Option<usize>>,
}

impl Design {
    /// The number of rows (articles fitted).
    pub fn rows(&self) -> usize {
        self.articles.len()
    }

    /// The number of columns.
    pub fn cols(&self) -> usize {
        self.columns.len()
    }

    /// The columns that are 1 in row `r`.
    pub fn ones(&self, r: usize) -> impl Iterator<Item = usize> + '_ {
        self.ones[r * self.width..(r + 1) * self.width]
            .iter()
            .copied()
            .filter(|&c| c != usize::MAX)
    }

    /// `X b` for row `r`.
    pub fn dot(&self, r: usize, b: &[f64]) -> f64 {
        self.ones(r).map(|c| b[c]).sum()
    }
}

/// The design for the articles with `usable[i]`, after leaving out, until
/// nothing changes, every level (outlet first, then the controls in order)
/// whose articles all have `successes = 0`, or, when `trials` is given, all
/// have `successes = trials`. A control whose reference level went takes
/// its first remaining level.
///
/// Leaving such articles out is the exact limit of the maximum likelihood
/// fit: their coefficient goes to minus (plus) infinity, where they fit
/// perfectly and add nothing to the likelihood of the other coefficients
/// (as fixest and ppmlhdfe drop fixed-effect groups of only zeros).
pub(crate) fn build(
    table: &ArticleTable,
    usable: &[bool],
    successes: &[u64],
    trials: Option<&[u64]>,
) -> Result<Design, ModelError> {
    let mut keep = usable.to_vec();
    let mut excluded = Vec::new();
    let mut changed = true;
    while changed {
        changed = false;
        for f in table.factors() {
            let mut sums = vec![(0usize, 0u64, 0u64); f.levels.len()];
            for (i, &c) in f.codes.iter().enumerate() {
                if keep[i] {
                    let s = &mut sums[c];
                    s.0 += 1;
                    s.1 = s.1.saturating_add(successes[i]);
                    s.2 = s.2.saturating_add(trials.map_or(0, |t| t[i]));
                }
            }
            for (level, &(articles, k, n)) in sums.iter().enumerate() {
                let reason = if articles == 0 {
                    continue;
                } else if k == 0 {
                    Exclusion::NoMatch
                } else if trials.is_some() && k == n {
                    Exclusion::OnlyLabel
                } else {
                    continue;
                };
                excluded.push(Excluded {
                    factor: f.name.clone(),
                    level: f.levels[level].clone(),
                    articles,
                    reason,
                });
                for (i, &c) in f.codes.iter().enumerate() {
                    if c == level {
                        keep[i] = false;
                    }
                }
                changed = true;
            }
        }
    }
    let articles: Vec<usize> = (0..keep.len()).filter(|&i| keep[i]).collect();
    let outlet = &table.outlet;
    if let Some(e) = excluded
        .iter()
        .find(|e| e.factor == outlet.name && e.level == outlet.levels[outlet.reference])
    {
        return Err(ModelError::ReferenceExcluded {
            factor: e.factor.clone(),
            level: e.level.clone(),
            articles: e.articles,
            reason: e.reason,
        });
    }
    let mut columns = vec![Column {
        factor: None,
        level: String::new(),
    }];
    // For each factor: the column of each level (None: reference or absent).
    let mut level_columns: Vec<Vec<Option<usize>>> = Vec::new();
    for (fi, f) in table.factors().enumerate() {
        let mut present = vec![false; f.levels.len()];
        for &i in &articles {
            present[f.codes[i]] = true;
        }
        let reference = if present[f.reference] {
            f.reference
        } else if fi == 0 {
            return Err(ModelError::ReferenceAbsent {
                factor: f.name.clone(),
                level: f.levels[f.reference].clone(),
            });
        } else {
            present.iter().position(|&p| p).unwrap_or_default()
        };
        let cols = (0..f.levels.len())
            .map(|l| {
                (present[l] && l != reference).then(|| {
                    columns.push(Column {
                        factor: Some(f.name.clone()),
                        level: f.levels[l].clone(),
                    });
                    columns.len() - 1
                })
            })
            .collect::<Vec<_>>();
        if fi == 0 && cols.iter().all(Option::is_none) {
            return Err(ModelError::NothingToCompare {
                factor: f.name.clone(),
                level: f.levels[reference].clone(),
            });
        }
        level_columns.push(cols);
    }
    let width = 1 + level_columns.len();
    let mut ones = Vec::with_capacity(articles.len() * width);
    for &i in &articles {
        ones.push(0);
        for (f, cols) in table.factors().zip(&level_columns) {
            ones.push(cols[f.codes[i]].unwrap_or(usize::MAX));
        }
    }
    let outlet_columns = level_columns.swap_remove(0);
    Ok(Design {
        columns,
        articles,
        ones,
        width,
        excluded,
        outlet_columns,
    })
}
