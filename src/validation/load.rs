//! Reading back the tables `framescore validate` wrote, for
//! `report --validation`: `validation.csv` (every estimate row; its
//! `stratum` rows become the [`PrecisionModel`]) and, when they are beside
//! it, `agreement.csv` and `flagged_terms.csv`. Errors name the file, the
//! line and the column.

use super::correct::PrecisionModel;
use super::sample::ItemKind;
use super::summary::{AgreementRow, EstimateRow, FalseHit, FlaggedTerm, Level};
use super::ValidationError;
use std::path::{Path, PathBuf};

/// The file names `framescore validate` writes.
pub const VALIDATION_FILE: &str = "validation.csv";
pub const AGREEMENT_FILE: &str = "agreement.csv";
pub const FLAGGED_FILE: &str = "flagged_terms.csv";

/// A validation as `report --validation` uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationTables {
    /// The `validation.csv` read.
    pub path: PathBuf,
    pub sample_id: String,
    /// Confidence level of the precision intervals.
    pub conf: Option<f64>,
    /// Every row of `validation.csv`, in file order.
    pub rows: Vec<EstimateRow>,
    /// The `stratum` rows of matches, for the correction.
    pub model: PrecisionModel,
    /// `agreement.csv` beside it (`None`: not there).
    pub agreement: Option<Vec<AgreementRow>>,
    /// `flagged_terms.csv` beside it (`None`: not there).
    pub flagged: Option<Vec<FlaggedTerm>>,
    /// The threshold terms were flagged at (from `flagged_terms.csv`).
    pub threshold: Option<f64>,
}

impl ValidationTables {
    /// Reads `path`: a `validation.csv`, or the folder `validate --out`
    /// wrote (its `validation.csv`), with the agreement and flagged terms
    /// beside it when present.
    ///
    /// # Errors
    ///
    /// [`ValidationError::Read`] when `validation.csv` cannot be read (a
    /// folder without one names the file it looked for), and
    /// [`ValidationError::Table`] naming the file and line of a missing
    /// column or a cell that is not what `validate` writes.
    pub fn load(path: &Path) -> Result<ValidationTables, ValidationError> {
        let [file, agreement, flagged] = ValidationTables::files(path);
        let table = Table::read(&file)?;
        let mut rows = Vec::new();
        let (mut sample_id, mut conf) = (String::new(), None);
        for r in &table.rows {
            let level = r.text("level")?;
            let level = Level::parse(&level).ok_or_else(|| {
                r.bad(format!(
                    "`level` is `{level}`; expected stratum, outlet_term, term, outlet_category, category, outlet_group or group"
                ))
            })?;
            let kind = r.kind()?;
            if sample_id.is_empty() {
                sample_id = r.text("sample_id")?;
            }
            conf = conf.or(r.real("conf")?);
            rows.push(EstimateRow {
                level,
                kind,
                outlet: r.text("outlet")?,
                group: r.text("group")?,
                category: r.text("category")?,
                term: r.text("term")?,
                stratum: r.text("stratum")?,
                population: r.real("population")?.unwrap_or(0.0),
                sampled: r.count("sampled")?,
                yes: r.count("yes")?,
                no: r.count("no")?,
                unsure: r.count("unsure")?,
                disputed: r.count("disputed")?,
                estimate: r.real("estimate")?,
                low: r.real("low")?,
                high: r.real("high")?,
                n_eff: r.real("n_eff")?,
            });
        }
        let agreement = if_there(&agreement)?
            .map(|t| t.rows.iter().map(agreement_row).collect())
            .transpose()?;
        let flagged_table = if_there(&flagged)?;
        let threshold = match flagged_table.as_ref().and_then(|t| t.rows.first()) {
            Some(r) => r.real("threshold")?,
            None => None,
        };
        let flagged = flagged_table.map(|t| flagged_terms(&t)).transpose()?;
        Ok(ValidationTables {
            model: PrecisionModel::from_rows(&rows),
            path: file,
            sample_id,
            conf,
            rows,
            agreement,
            flagged,
            threshold,
        })
    }

    /// The tables [`ValidationTables::load`] reads for `path`: the
    /// `validation.csv` (`path`, or the one in the folder `path`), and the
    /// agreement and flagged terms beside it (read when they exist).
    pub fn files(path: &Path) -> [PathBuf; 3] {
        let file = if path.is_dir() {
            path.join(VALIDATION_FILE)
        } else {
            path.to_path_buf()
        };
        let dir = file.parent().unwrap_or(Path::new("."));
        let (agreement, flagged) = (dir.join(AGREEMENT_FILE), dir.join(FLAGGED_FILE));
        [file, agreement, flagged]
    }

    /// The rows of matches at one level.
    pub fn matches_at(&self, level: Level) -> impl Iterator<Item = &EstimateRow> {
        self.rows
            .iter()
            .filter(move |r| r.kind == ItemKind::Match && r.level == level)
    }
}

/// The table at `p`, read when it exists.
fn if_there(p: &Path) -> Result<Option<Table>, ValidationError> {
    if p.is_file() {
        Table::read(p).map(Some)
    } else {
        Ok(None)
    }
}

fn agreement_row(r: &Row) -> Result<AgreementRow, ValidationError> {
    Ok(AgreementRow {
        kind: r.kind()?,
        coders: r.count("coders")? as usize,
        units: r.count("units")? as usize,
        pairs: r.count("pairs")?,
        percent: r.real("percent_agreement")?.unwrap_or(f64::NAN),
        kappa: r.real("cohen_kappa")?,
        alpha: r.real("krippendorff_alpha")?,
        alpha_low: r.real("alpha_low")?,
        alpha_high: r.real("alpha_high")?,
        p_below_800: r.real("p_alpha_below_0_800")?,
        p_below_667: r.real("p_alpha_below_0_667")?,
        note: r.text("note")?,
    })
}

/// One flagged term per (group, category, term), its false hits in order.
fn flagged_terms(t: &Table) -> Result<Vec<FlaggedTerm>, ValidationError> {
    let mut out: Vec<FlaggedTerm> = Vec::new();
    for r in &t.rows {
        let (group, category, term) = (r.text("group")?, r.text("category")?, r.text("term")?);
        let same = |f: &FlaggedTerm| f.group == group && f.category == category && f.term == term;
        if !out.last().is_some_and(same) {
            let need = |name: &str| -> Result<f64, ValidationError> {
                r.real(name)?
                    .ok_or_else(|| r.bad(format!("`{name}` is empty")))
            };
            out.push(FlaggedTerm {
                precision: need("precision")?,
                low: need("low")?,
                high: need("high")?,
                group,
                category,
                term,
                false_hits: Vec::new(),
            });
        }
        let item_id = r.text("item_id")?;
        if let (Some(f), false) = (out.last_mut(), item_id.is_empty()) {
            f.false_hits.push(FalseHit {
                outlet: r.text("outlet")?,
                article_id: r.text("article_id")?,
                item_id,
                context: r.text("context")?,
                notes: r.text("notes")?,
            });
        }
    }
    Ok(out)
}

/// A CSV table read whole, its columns by name.
struct Table {
    rows: Vec<Row>,
}

struct Row {
    file: PathBuf,
    line: usize,
    header: std::rc::Rc<Vec<String>>,
    cells: csv::StringRecord,
}

impl Table {
    fn read(file: &Path) -> Result<Table, ValidationError> {
        let bytes = std::fs::read(file).map_err(|source| ValidationError::Read {
            file: file.to_path_buf(),
            source,
        })?;
        let bad = |line: usize, what: String| ValidationError::Table {
            file: file.to_path_buf(),
            line,
            what,
        };
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut rdr = csv::ReaderBuilder::new().from_reader(bytes);
        let header: Vec<String> = rdr
            .headers()
            .map_err(|e| bad(1, format!("is not a CSV table ({e})")))?
            .iter()
            .map(str::to_string)
            .collect();
        let header = std::rc::Rc::new(header);
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let cells = rec.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line() as usize);
                bad(line, format!("is not valid CSV ({e})"))
            })?;
            rows.push(Row {
                file: file.to_path_buf(),
                line: cells.position().map_or(0, |p| p.line() as usize),
                header: header.clone(),
                cells,
            });
        }
        Ok(Table { rows })
    }
}

impl Row {
    fn bad(&self, what: String) -> ValidationError {
        ValidationError::Table {
            file: self.file.clone(),
            line: self.line,
            what,
        }
    }

    fn cell(&self, name: &str) -> Result<&str, ValidationError> {
        let i =
            self.header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| ValidationError::Table {
                    file: self.file.clone(),
                    line: 1,
                    what: format!(
                        "has no `{name}` column; give the tables that `framescore validate` wrote"
                    ),
                })?;
        Ok(self.cells.get(i).unwrap_or(""))
    }

    /// A text cell with the formula guard's `'` taken off.
    fn text(&self, name: &str) -> Result<String, ValidationError> {
        Ok(crate::output::unguard(self.cell(name)?).to_string())
    }

    /// The item kind, `match` or `miss`.
    fn kind(&self) -> Result<ItemKind, ValidationError> {
        match self.text("kind")?.as_str() {
            "match" => Ok(ItemKind::Match),
            "miss" => Ok(ItemKind::Miss),
            other => Err(self.bad(format!("`kind` is `{other}`; expected match or miss"))),
        }
    }

    /// A number, `None` when empty.
    fn real(&self, name: &str) -> Result<Option<f64>, ValidationError> {
        let s = self.cell(name)?.trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| self.bad(format!("`{name}` is `{s}`, not a number")))
    }

    /// A whole number of zero or more (0 when empty).
    fn count(&self, name: &str) -> Result<u64, ValidationError> {
        let s = self.cell(name)?.trim();
        if s.is_empty() {
            return Ok(0);
        }
        s.parse::<u64>()
            .map_err(|_| self.bad(format!("`{name}` is `{s}`, not a count")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::correct::Component;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    const HEADER: &str = "level,kind,outlet,group,category,term,stratum,population,sampled,yes,no,unsure,disputed,estimate,low,high,n_eff,conf,sample_id\n";

    #[test]
    fn reads_the_three_tables_of_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            VALIDATION_FILE,
            &format!(
                "{HEADER}stratum,match,'-A,armed,rebel,,'-A | armed.rebel,24,5,4,1,0,0,0.8,0.4,0.96,5,0.95,abc\n\
                 category,match,,armed,rebel,,,24,5,4,1,0,0,0.8,0.4,0.96,5,0.95,abc\n"
            ),
        );
        write(
            dir.path(),
            AGREEMENT_FILE,
            "kind,coders,units,pairs,percent_agreement,cohen_kappa,krippendorff_alpha,alpha_low,alpha_high,p_alpha_below_0_800,p_alpha_below_0_667,resamples,note\n\
             match,2,5,5,0.8,0.5,0.48,0.1,0.9,0.7,0.6,2000,\n",
        );
        write(
            dir.path(),
            FLAGGED_FILE,
            "group,category,term,precision,low,high,threshold,outlet,article_id,item_id,context,notes\n\
             armed,rebel,rebel,0.2,0.05,0.5,0.8,B,a1,i1,the [[rebel]] yell,a song\n\
             armed,rebel,rebel,0.2,0.05,0.5,0.8,B,a2,i2,'-- [[rebel]] without a cause,film\n",
        );
        let t = ValidationTables::load(dir.path()).unwrap();
        assert_eq!(t.sample_id, "abc");
        assert_eq!(t.conf, Some(0.95));
        assert_eq!(t.rows.len(), 2);
        let s = &t.rows[0];
        assert_eq!((s.outlet.as_str(), s.level), ("-A", Level::Stratum));
        assert_eq!(
            (s.population, s.yes, s.no, s.estimate),
            (24.0, 4, 1, Some(0.8))
        );
        assert_eq!(t.matches_at(Level::Category).count(), 1);
        let a = &t.agreement.as_ref().unwrap()[0];
        assert_eq!(
            (a.coders, a.units, a.kappa, a.alpha),
            (2, 5, Some(0.5), Some(0.48))
        );
        let f = t.flagged.as_ref().unwrap();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].false_hits.len(), 2);
        assert_eq!(f[0].false_hits[1].context, "-- [[rebel]] without a cause");
        // The model is the stratum row's alone (its outlet unguarded).
        let mut stratum = PrecisionModel::default();
        let c = Component {
            size: 24.0,
            yes: 4,
            no: 1,
        };
        stratum.add("-A", "armed", "rebel", c);
        assert_eq!(t.model, stratum);
    }

    #[test]
    fn a_bad_cell_or_a_missing_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let e = ValidationTables::load(dir.path()).unwrap_err();
        assert!(
            e.to_string().contains("validation.csv"),
            "names the file it looked for: {e}"
        );
        let p = write(
            dir.path(),
            VALIDATION_FILE,
            &format!("{HEADER}stratum,match,A,armed,rebel,,A | armed.rebel,24,five,4,1,0,0,,,,,0.95,abc\n"),
        );
        let e = ValidationTables::load(&p).unwrap_err().to_string();
        assert!(
            e.contains("validation.csv:2") && e.contains("`sampled` is `five`"),
            "{e}"
        );
        write(dir.path(), VALIDATION_FILE, "level,kind\nstratum,match\n");
        let e = ValidationTables::load(&p).unwrap_err().to_string();
        assert!(e.contains("no `sample_id` column"), "{e}");
    }

    /// An agreement row of a kind `validate` never writes is refused, as
    /// in validation.csv, not read as one of matches.
    #[test]
    fn an_agreement_row_of_an_unknown_kind_is_named() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            VALIDATION_FILE,
            &format!(
                "{HEADER}category,match,,armed,rebel,,,24,5,4,1,0,0,0.8,0.4,0.96,5,0.95,abc\n"
            ),
        );
        write(
            dir.path(),
            AGREEMENT_FILE,
            "kind,coders,units,pairs,percent_agreement,cohen_kappa,krippendorff_alpha,alpha_low,alpha_high,p_alpha_below_0_800,p_alpha_below_0_667,resamples,note\n\
             matches,2,5,5,0.8,0.5,0.48,0.1,0.9,0.7,0.6,2000,\n",
        );
        let e = ValidationTables::load(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("agreement.csv:2") && e.contains("`kind` is `matches`"),
            "{e}"
        );
    }
}
