//! `framescore kwic`: a concordance of the matches the report counts.

use super::Inputs;
use clap::Args;
use framescore::audit::kwic::{concordance, KwicFilter, CSV_HEADER};
use framescore::corpus::Corpus;
use framescore::lexicon::{Category, Group, Lexicon, Rules, Term};
use framescore::matching::Matcher;
use framescore::pass::counted_articles;
use framescore::text::escape::for_terminal;
use std::fmt::Write as _;

/// Show every match of a category, a term or an ad-hoc pattern in context.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore kwic --category armed_groups.terrorist
  framescore kwic --term 'terrorist*' --outlet 'Press TV'
  framescore kwic --pattern 'regime' --csv > regime.csv
Without --category, --term or --pattern every match is shown.")]
pub struct KwicArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Only this category (`group.category` or `category`)
    #[arg(long)]
    category: Option<String>,
    /// Only this lexicon term, as written in the lexicon (`terrorist*`)
    #[arg(long)]
    term: Option<String>,
    /// An ad-hoc word, phrase or `stem*` instead of the lexicon
    #[arg(long, conflicts_with_all = ["category", "term"])]
    pattern: Option<String>,
    /// Only articles of this outlet
    #[arg(long)]
    outlet: Option<String>,
    /// Characters of context on each side (0 to 1000)
    #[arg(long, default_value_t = 40, value_parser = super::bounded(0, framescore::limits::CONTEXT_MAX, "context is for reading a line"))]
    context: usize,
    /// Print CSV instead of aligned text
    #[arg(long)]
    csv: bool,
}

pub fn run(args: KwicArgs) -> anyhow::Result<()> {
    let lexicon = match &args.pattern {
        Some(p) => {
            let term = Term::new(p, false, 1).map_err(|m| anyhow::anyhow!("--pattern: {m}"))?;
            let path = std::path::Path::new("--pattern");
            Lexicon::new(
                "pattern".into(),
                String::new(),
                path,
                vec![Group {
                    id: "pattern".into(),
                    question: String::new(),
                    overlapping: false,
                    categories: vec![Category {
                        id: "pattern".into(),
                        terms: vec![term],
                        rules: Rules::default(),
                        line: 1,
                    }],
                }],
            )
        }
        None => Lexicon::load(&args.inputs.lexicon())?,
    };
    let matcher = Matcher::new(&lexicon)?;
    let corpus = Corpus::open(&args.inputs.corpus(), &args.inputs.corpus_options())?;
    let filter = KwicFilter {
        category: args.category.clone(),
        term: args.term.clone(),
        outlet: args
            .outlet
            .as_deref()
            .map(|o| framescore::corpus::vet::nfc(o).into_owned()),
    };
    let lines = concordance(&matcher, counted_articles(&corpus)?, &filter, args.context)?;
    let mut text_out = String::new();
    if args.csv {
        let mut w = framescore::output::SafeWriter::from_writer(Vec::new());
        w.write_record(CSV_HEADER)?;
        for l in &lines {
            w.write_record(l.csv_record())?;
        }
        text_out = String::from_utf8(w.into_inner()?)?;
    } else {
        for l in &lines {
            let _ = writeln!(
                text_out,
                "{:>width$} [{}] {}    ({}, {}.{})",
                l.left,
                l.matched,
                l.right,
                l.outlet,
                l.group,
                l.category,
                width = args.context
            );
        }
    }
    if !args.csv {
        // A line to read: text from the corpus cannot drive the terminal.
        text_out = for_terminal(&text_out).into_owned();
    }
    super::emit(&text_out)?;
    if !args.csv {
        eprintln!("framescore: {} matches", lines.len());
    }
    Ok(())
}
