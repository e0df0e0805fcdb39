//! `framescore validate`: coded sheets -> precision, miss rate, agreement.

use clap::Args;
use framescore::output::{self, place};
use framescore::validation::{read_sheet, validate, ReadOptions, ValidateOptions};
use std::path::PathBuf;

/// Read coded sheets (one per coder; CSV or xlsx) and write precision per
/// stratum, term, category and outlet, the miss rate, the words coders
/// wrote for missed mentions, agreement, and the terms to fix.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore validate validation/coder1_matches.xlsx validation/coder2_matches.xlsx --out validation/
  framescore validate validation/coder*_*.csv --threshold 0.7 --out validation/
Writes validation.csv (give it to `report --validation`), agreement.csv,
flagged_terms.csv and missed_words.csv.")]
pub struct ValidateArgs {
    /// Coded sheets of one sample
    #[arg(value_name = "SHEET", required = true)]
    sheets: Vec<PathBuf>,
    /// Folder for the tables
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Confidence level of the intervals
    #[arg(long, default_value_t = 0.95)]
    conf: f64,
    /// Flag terms whose precision's upper bound is below this
    #[arg(long, default_value_t = 0.8)]
    threshold: f64,
    /// Bootstrap replicates for alpha's interval (0: none)
    #[arg(long, default_value_t = 2000)]
    bootstrap: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Leave uncoded rows out instead of stopping at the first
    #[arg(long)]
    allow_blank: bool,
    /// Replace tables of these names in a folder that holds no sample
    /// (never a coded sheet)
    #[arg(long)]
    force: bool,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<()> {
    let read = ReadOptions {
        allow_blank: args.allow_blank,
    };
    let sheets = args
        .sheets
        .iter()
        .map(|p| read_sheet(p, read))
        .collect::<Result<Vec<_>, _>>()?;
    let opts = ValidateOptions {
        conf: args.conf,
        threshold: args.threshold,
        resamples: args.bootstrap,
        seed: args.seed,
    };
    let v = validate(&sheets, &opts)?;
    let tables = [
        ("validation.csv", v.validation_csv()?),
        ("agreement.csv", v.agreement_csv()?),
        ("flagged_terms.csv", v.flagged_csv()?),
        ("missed_words.csv", v.missed_words_csv()?),
    ];
    // The tables go beside the sheets: re-running after more coding
    // replaces them in a sample's folder (it holds sample.json); elsewhere
    // only new files are written, unless --force. A coded sheet is never
    // replaced.
    let sample_folder = args.out.join("sample.json").is_file();
    let inputs: Vec<&std::path::Path> = args.sheets.iter().map(PathBuf::as_path).collect();
    for (name, _) in &tables {
        let path = args.out.join(name);
        place::check(
            &path,
            place::Kind::File,
            &inputs,
            args.force || sample_folder,
        )?;
    }
    output::create_dir(&args.out)?;
    for (name, bytes) in tables {
        let path = args.out.join(name);
        output::write_atomically(
            &path,
            "csv",
            |tmp| output::write_file(tmp, &bytes),
            output::io_err(&path),
        )?;
    }
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{:.1}%", 100.0 * x));
    eprintln!(
        "framescore: sample {}, {} items, {} coder(s)",
        v.sample_id, v.items, v.coders
    );
    for r in v.rows.iter().filter(|r| r.level.name() == "category") {
        eprintln!(
            "  precision {}.{}: {} [{}, {}] ({} coded)",
            r.group,
            r.category,
            pct(r.estimate),
            pct(r.low),
            pct(r.high),
            r.yes + r.no
        );
    }
    for a in &v.agreement {
        eprintln!(
            "  agreement on {}: {} of pairs, alpha {} [{}, {}]{}",
            a.kind.name(),
            pct(Some(a.percent).filter(|p| p.is_finite())),
            a.alpha.map_or("-".into(), |x| format!("{x:.3}")),
            a.alpha_low.map_or("-".into(), |x| format!("{x:.3}")),
            a.alpha_high.map_or("-".into(), |x| format!("{x:.3}")),
            if a.note.is_empty() {
                String::new()
            } else {
                format!(" ({})", a.note)
            }
        );
    }
    for f in &v.flagged {
        eprintln!(
            "  flagged: {} ({}.{}) precision {} [{}, {}], {} false hits in flagged_terms.csv",
            f.term,
            f.group,
            f.category,
            pct(Some(f.precision)),
            pct(Some(f.low)),
            pct(Some(f.high)),
            f.false_hits.len()
        );
    }
    eprintln!("framescore: tables in {}", args.out.display());
    Ok(())
}
