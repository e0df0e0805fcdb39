//! `framescore lexicon import|check`: convert a dictionary to framescore
//! TOML, and audit a lexicon (optionally against a corpus).

use clap::{Args, Subcommand};
use framescore::corpus::{Corpus, CorpusOptions};
use framescore::lexicon::check::{Finding, Severity};
use framescore::lexicon::{toml_out, Lexicon, LexiconError};
use framescore::text::escape::for_terminal;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Work on lexicon files: import other formats, audit a lexicon.
#[derive(Args, Debug)]
pub struct LexiconArgs {
    #[command(subcommand)]
    command: LexiconCommand,
}

#[derive(Subcommand, Debug)]
enum LexiconCommand {
    Import(ImportArgs),
    Check(CheckArgs),
}

/// Convert a LIWC .dic, quanteda .yml, WordStat .cat, Lexicoder .lc3 or CSV
/// dictionary to framescore TOML (printed, or written with --out).
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore lexicon import mfd2.0.dic --out mfd.toml
  framescore lexicon import grievance.csv      (columns category, term|word, weight|*rating)")]
struct ImportArgs {
    /// The dictionary; its format is chosen by extension
    file: PathBuf,
    /// Write the TOML here instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace an existing --out file (never the dictionary read)
    #[arg(long, requires = "out")]
    force: bool,
}

/// Audit a lexicon: duplicates, competing and shadowed entries; with
/// --corpus also wildcard forms, unmatched entries, outlets without hits and
/// matches removed by each rule. Exits 2 when there are errors.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore lexicon check lexicons/syria.toml --corpus data/seed
  framescore lexicon check my.toml --csv > findings.csv")]
struct CheckArgs {
    /// Lexicon file (TOML or an importable format)
    lexicon: PathBuf,
    /// Also run the lexicon over this corpus
    #[arg(long, value_name = "PATH")]
    corpus: Option<PathBuf>,
    /// Read the corpus as it is, without the report's cleaning
    #[arg(long)]
    no_clean: bool,
    /// Print the findings as CSV
    #[arg(long)]
    csv: bool,
}

pub fn run(args: LexiconArgs) -> anyhow::Result<()> {
    match args.command {
        LexiconCommand::Import(a) => import(a),
        LexiconCommand::Check(a) => check_cmd(a),
    }
}

fn import(args: ImportArgs) -> anyhow::Result<()> {
    let lexicon = Lexicon::load_unchecked(&args.file)?;
    for note in &lexicon.notes {
        eprintln!("note: {}", for_terminal(note));
    }
    let text = toml_out::to_toml(&lexicon);
    match &args.out {
        Some(out) => {
            let file = framescore::output::place::Kind::File;
            framescore::output::place::check(out, file, &[args.file.as_path()], args.force)?;
            framescore::output::write_file(out, &text)?;
            eprintln!(
                "framescore: {} groups, {} categories, {} terms -> {}",
                lexicon.groups.len(),
                lexicon.category_count(),
                lexicon.term_count(),
                out.display()
            );
        }
        None => super::emit(&text)?,
    }
    Ok(())
}

fn check_cmd(args: CheckArgs) -> anyhow::Result<()> {
    let lexicon = Lexicon::load_unchecked(&args.lexicon)?;
    let options = CorpusOptions {
        no_clean: args.no_clean,
        ..CorpusOptions::default()
    };
    let corpus = args
        .corpus
        .as_deref()
        .map(|c| Corpus::open(c, &options))
        .transpose()?;
    let findings = framescore::audit::usage::lexicon_findings(&lexicon, corpus.as_ref())?;
    if args.csv {
        print_csv(&findings)?;
    } else {
        super::emit(&for_terminal(&print_text(&args, &lexicon, &findings)))?;
    }
    if let Some(c) = lexicon.conflicts.first() {
        return Err(LexiconError::Invalid {
            path: lexicon.path.clone(),
            line: c.second_line,
            column: 1,
            message: format!(
                "{} ({} errors in all)",
                c.message(),
                lexicon.conflicts.len()
            ),
        }
        .into());
    }
    Ok(())
}

fn print_text(args: &CheckArgs, lexicon: &Lexicon, findings: &[Finding]) -> String {
    let mut text_out = String::new();
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let _ = writeln!(
        text_out,
        "{}: {} groups, {} categories, {} terms; {} errors, {} warnings, {} notes",
        args.lexicon.display(),
        lexicon.groups.len(),
        lexicon.category_count(),
        lexicon.term_count(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note)
    );
    let mut last = "";
    for f in findings {
        if f.check != last {
            let _ = writeln!(
                text_out,
                "\n{} ({}):",
                heading(f.check),
                f.severity.as_str()
            );
            last = f.check;
        }
        if f.line > 0 {
            let _ = writeln!(
                text_out,
                "  {}:{}: {}",
                args.lexicon.display(),
                f.line,
                f.message
            );
        } else {
            let _ = writeln!(text_out, "  {}", f.message);
        }
    }
    text_out
}

fn heading(check: &str) -> &'static str {
    match check {
        "duplicate" => "Duplicate terms",
        "competing" => "Terms in two competing categories",
        "never_counts" => "Entries that can never count",
        "inside_longer" => "Entries inside a longer entry",
        "wildcard_forms" => "Forms matched by each wildcard",
        "written_forms" => "Forms as written matched by each entry in a language",
        "no_match" => "Entries that match nothing",
        "outlet_without_hits" => "Categories with no hits in an outlet",
        "rule_removed" => "Matches removed by each rule",
        "skipped_entry" => "Entries the import skipped",
        _ => "Other",
    }
}

fn print_csv(findings: &[Finding]) -> anyhow::Result<()> {
    let mut w = framescore::output::SafeWriter::from_writer(Vec::new());
    w.write_record([
        "severity", "check", "group", "category", "term", "line", "count", "message",
    ])?;
    for f in findings {
        w.write_record([
            f.severity.as_str().to_string(),
            f.check.to_string(),
            f.group.clone(),
            f.category.clone(),
            f.term.clone(),
            if f.line > 0 {
                f.line.to_string()
            } else {
                String::new()
            },
            f.count.map_or(String::new(), |c| c.to_string()),
            f.message.clone(),
        ])?;
    }
    super::emit(&String::from_utf8(w.into_inner()?)?)
}
