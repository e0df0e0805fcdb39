//! `framescore verify`: re-checks a report's input hashes.

use clap::Args;
use framescore::report::verify::verify;
use std::path::PathBuf;

/// Check that a report's lexicon and corpus are still the files it was
/// made from: hashes them again and names every file that changed.
/// Exit 0 when all match, 1 when any changed, 2 when the folder is not a
/// report.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore verify reports/syria
  framescore verify /tmp/report && echo unchanged")]
pub struct VerifyArgs {
    /// The report folder (holds run.json and inputs.sha256)
    #[arg(value_name = "REPORT_DIR")]
    report: PathBuf,
}

pub fn run(args: VerifyArgs) -> anyhow::Result<()> {
    let verdict = verify(&args.report)?;
    if verdict.changes.is_empty() {
        println!(
            "{}: all {} input files match the report",
            args.report.display(),
            verdict.checked
        );
        return Ok(());
    }
    for change in &verdict.changes {
        // File names from run.json: shown, never obeyed by the terminal.
        println!(
            "{}",
            framescore::text::escape::for_terminal(&change.to_string())
        );
    }
    anyhow::bail!(
        "{}: {} of the report's inputs changed since it was written",
        args.report.display(),
        verdict.changes.len()
    )
}
