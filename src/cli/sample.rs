//! `framescore sample`: a stratified random sample of matches (and of
//! sentences without one) written as coding sheets.

use super::Inputs;
use clap::Args;
use framescore::corpus::Corpus;
use framescore::lexicon::Lexicon;
use framescore::matching::Matcher;
use framescore::output::{self, place};
use framescore::pass::counted_articles;
use framescore::validation::sheet::{INSTRUCTIONS_MATCH, INSTRUCTIONS_MISS};
use framescore::validation::{
    assign, sheet_csv, sheet_xlsx, ContextSpec, ItemKind, MissScope, SampleOptions, Sampler, Strata,
};
use std::path::PathBuf;

/// Draw matches (and sentences without a match) for hand coding, stratified
/// by outlet and category (or term), and write one coding sheet per coder.
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  framescore sample --out validation/ --per-stratum 20 --coders 2 --overlap 0.3
  framescore sample --strata term --context 30 --misses 20 --out validation/
Then code the sheets (the .xlsx has a yes/no/unsure drop-down) and run
`framescore validate validation/coder*_*.xlsx`. Each run is a new sample with its
own id; re-running with the same inputs and --seed draws the same one.")]
pub struct SampleArgs {
    #[command(flatten)]
    inputs: Inputs,
    /// Folder for sample.json and the coding sheets (refused if it holds a sample)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Matches drawn per stratum (all of a smaller one)
    #[arg(long, default_value_t = 20)]
    per_stratum: usize,
    /// Strata: `category` (outlet x category) or `term` (outlet x term)
    #[arg(long, default_value = "category")]
    strata: Strata,
    /// Context shown: `sentence` or a number of words on each side
    #[arg(long, default_value = "sentence")]
    context: ContextSpec,
    /// Coders: each gets its own sheet, in its own random order
    #[arg(long, default_value_t = 1)]
    coders: usize,
    /// Share of the items every coder codes (for agreement); the rest is split
    #[arg(long, default_value_t = 1.0)]
    overlap: f64,
    /// Also draw this many sentences without a match per outlet and group
    #[arg(long, value_name = "N")]
    misses: Option<usize>,
    /// Draw those sentences from `matched` articles (with a match of the group) or `all`
    #[arg(long, default_value = "matched", value_parser = ["matched", "all"])]
    misses_from: String,
    /// Only this group (repeat for more)
    #[arg(long = "group", value_name = "ID")]
    groups: Vec<String>,
    /// Seed of the draw and the coders' orders
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(args: SampleArgs) -> anyhow::Result<()> {
    if args.out.join("sample.json").exists() {
        return Err(output::OutputError::Unsafe {
            path: args.out.clone(),
            why: "already holds a sample (its coded sheets would be overwritten): choose another --out".into(),
        }
        .into());
    }
    let lexicon = Lexicon::load(&args.inputs.lexicon())?;
    let matcher = Matcher::new(&lexicon)?;
    let corpus = Corpus::open(&args.inputs.corpus(), &args.inputs.corpus_options())?;
    let (corpus_path, lexicon_path) = (args.inputs.corpus(), args.inputs.lexicon());
    let mut inputs = corpus.files();
    inputs.extend([corpus_path.as_path(), lexicon_path.as_path()]);
    // Coded sheets live in this folder: never a folder that holds anything
    // else (a report folder would be replaced, sheets and all, by the next
    // report written there), so no marker is written either.
    place::check(&args.out, place::Kind::Folder, &inputs, true)?;
    if std::fs::read_dir(&args.out).is_ok_and(|mut d| d.next().is_some()) {
        return Err(output::OutputError::Unsafe {
            path: args.out.clone(),
            why: "holds other files; coding sheets go into a new or empty folder".into(),
        }
        .into());
    }
    let options = SampleOptions {
        strata: args.strata,
        per_stratum: args.per_stratum,
        seed: args.seed,
        context: args.context,
        context_words: None,
        misses: args.misses,
        miss_scope: if args.misses_from == "all" {
            MissScope::AllArticles
        } else {
            MissScope::MatchedArticles
        },
        groups: args.groups.clone(),
    };
    let mut sampler =
        Sampler::new(&matcher, options).map_err(|m| anyhow::anyhow!("--group: {m}"))?;
    for article in counted_articles(&corpus)? {
        let article = article?;
        sampler.observe(&article, &matcher.find_article(&article));
    }
    let sample = sampler.finish();
    output::create_dir(&args.out)?;
    let write = |name: String, bytes: &[u8]| -> anyhow::Result<()> {
        Ok(output::write_file(&args.out.join(name), bytes)?)
    };
    let mut written = 0;
    for kind in [ItemKind::Match, ItemKind::Miss] {
        if !sample.items.iter().any(|i| i.kind == kind) {
            continue;
        }
        let a = assign(&sample, kind, args.coders, args.overlap, args.seed)?;
        for (c, items) in a.coders.iter().enumerate() {
            let stem = format!(
                "coder{}_{}",
                c + 1,
                if kind == ItemKind::Match {
                    "matches"
                } else {
                    "misses"
                }
            );
            write(format!("{stem}.csv"), &sheet_csv(&sample, items)?)?;
            write(format!("{stem}.xlsx"), &sheet_xlsx(&sample, items, kind)?)?;
            written += 1;
        }
        eprintln!(
            "framescore: {} {} items, {} coded by every coder",
            sample.items.iter().filter(|i| i.kind == kind).count(),
            kind.name(),
            a.overlap
        );
    }
    write(
        "INSTRUCTIONS.txt".into(),
        format!("Matches:\n{INSTRUCTIONS_MATCH}\n\nMisses:\n{INSTRUCTIONS_MISS}\n").as_bytes(),
    )?;
    // Last, so a folder with sample.json holds a complete sample.
    write("sample.json".into(), &serde_json::to_vec_pretty(&sample)?)?;
    eprintln!(
        "framescore: sample {} ({} strata) -> {} sheets in {}",
        sample.id,
        sample.strata.len(),
        written * 2,
        args.out.display()
    );
    Ok(())
}
