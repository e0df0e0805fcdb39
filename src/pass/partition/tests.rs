//! The protocol against the fused passes: a corpus with boilerplate,
//! repeated paragraphs, identical and near copies within outlets and
//! syndicated copies across them, cut into partitions every which way,
//! summarised, planned, counted and merged in shuffled orders, must give
//! the `Pass` (counts, periods, input summary, copies) and the per-article
//! rows `pass::run` gives, in the same order.

use super::*;
use crate::corpus::options::{Duplicates, Syndicated};
use crate::corpus::{Article, Corpus, CorpusOptions};
use crate::lexicon::Lexicon;
use crate::matching::Matcher;
use crate::pass::{Pass, PassError, PassOptions, Seen};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const LEXICON: &str = r#"
[groups.actors.categories]
terrorists = ["terrorist*"]
rebels = ["rebel*", "insurgent*", "armed opposition"]
regime = ["regime", "government in damascus"]
[groups.places.categories]
north = ["idlib", "aleppo"]
south = ["daraa"]
"#;

/// A small random generator for the corpus and the shuffles.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// 160 articles of 4 outlets: a boilerplate line per outlet, repeated
/// paragraphs, identical re-crawls within an outlet (one with other line
/// breaks), a near copy within an outlet, a story syndicated across three
/// outlets, dates of several months, some unreadable.
fn corpus(dir: &Path) -> PathBuf {
    let sentences = [
        "Terrorists attacked the checkpoint near Idlib on Tuesday.",
        "Rebels said they had taken the village after heavy fighting.",
        "The insurgents withdrew from the outskirts of Aleppo.",
        "The regime shelled the eastern districts of Daraa again.",
        "Talks in Geneva resumed without the armed opposition.",
        "The government in Damascus denied the reports of a massacre.",
        "Aid convoys reached the besieged town for the first time.",
        "Residents described a night of explosions and burning cars.",
    ];
    let story = "Jihadists and rebels fought over the road to Aleppo for a third day, residents \
                 said, as the terrorists shelled the market and the insurgents moved their \
                 fighters into the hills above the old town near the citadel while aid workers \
                 counted families sheltering in the school beside the mosque.";
    let outlets = ["Alpha", "Beta", "Gamma", "Delta"];
    let mut rng = Rng(0x5eed);
    let mut csv = String::from("id,outlet,date,title,bias,text\n");
    let mut texts: Vec<String> = Vec::new();
    for i in 0..160 {
        let outlet = outlets[i % 4];
        let mut paragraphs: Vec<String> = (0..2 + rng.below(4))
            .map(|_| {
                (0..1 + rng.below(3))
                    .map(|_| sentences[rng.below(sentences.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        paragraphs.push(format!("Subscribe to {outlet} for more news."));
        if i % 13 == 0 {
            paragraphs.push(paragraphs[0].clone());
        }
        let mut text = paragraphs.join("\n\n");
        if [30, 33, 35].contains(&i) {
            text = format!("{story}\n\nSubscribe to {outlet} for more news.");
        }
        // Re-crawls: the same text (one with other line breaks) again.
        if i >= 8 && i % 19 == 0 {
            text = texts[i - 8].clone();
        }
        if i == 100 {
            text = texts[92].replace("\n\n", "\n");
        }
        // A near copy within the outlet: one sentence added.
        if i == 120 {
            text = format!("{story} It added more.\n\nSubscribe to Alpha for more news.");
        }
        texts.push(text.clone());
        let date = match i % 23 {
            5 => "not a date".to_string(),
            7 => String::new(),
            _ => format!("2016-{:02}-{:02}", 1 + i % 5, 1 + i % 28),
        };
        let bias = ["left", "right"][i % 3 % 2];
        let _ = writeln!(
            csv,
            "a{i},{outlet},{date},Story {i},{bias},\"{}\"",
            text.replace('"', "\"\"")
        );
    }
    let path = dir.join("corpus.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

/// What each counted article leaves besides the counts, for comparing.
fn rows(seen: &Seen) -> Result<String, PassError> {
    let mut row = format!(
        "{} {} {}:",
        seen.article.id,
        seen.article.outlet,
        seen.original.len()
    );
    for r in seen.removals {
        let _ = write!(row, " {}-{}", r.start, r.end);
    }
    for h in &seen.found.hits {
        let _ = write!(row, " {}@{}", h.term, h.start);
    }
    Ok(row)
}

/// The fused passes of a single run.
fn fused(
    corpus: &Corpus,
    lexicon: &Lexicon,
    matcher: &Matcher,
    settings: &Settings,
) -> (Pass, Vec<String>) {
    let mut made = Vec::new();
    let options = PassOptions {
        threads: 2,
        period: settings.period,
        shard: None,
        plan: None,
    };
    let pass = crate::pass::run(corpus, lexicon, matcher, options, rows, |r| {
        made.push(r);
        Ok::<(), PassError>(())
    })
    .unwrap();
    (pass, made)
}

type Partition = Vec<(ArticleKey, Article)>;

/// The protocol over `partitions`, merged in shuffled orders.
fn partitioned(
    partitions: &[Partition],
    read: &crate::corpus::ReadStats,
    lexicon: &Lexicon,
    matcher: &Matcher,
    settings: &Settings,
    rng: &mut Rng,
) -> (Pass, Vec<String>, Plan) {
    let mut summaries: Vec<Summary> = partitions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // The corpus reader admitted the articles: what it skipped goes
            // with one partition (its examples in corpus order).
            let mut admitter = Admitter::new(settings);
            if i == 0 {
                admitter.add_read(read, ArticleKey::default());
            }
            let items = p.iter().cloned().map(Ok::<_, PassError>);
            summarise(settings, items, admitter, 1 + rng.below(2)).unwrap()
        })
        .collect();
    rng.shuffle(&mut summaries);
    // Summaries travel as bytes.
    let mut merged = Summary::default();
    for s in summaries {
        merged
            .merge(Summary::from_bytes(&s.to_bytes()).unwrap())
            .unwrap();
    }
    let plan = Plan::new(merged, settings).unwrap();
    let plan = Plan::from_bytes(&plan.to_bytes()).unwrap();
    let mut all = Vec::new();
    let mut order: Vec<usize> = (0..partitions.len()).collect();
    rng.shuffle(&mut order);
    for i in order {
        let items = partitions[i].iter().cloned().map(Ok::<_, PassError>);
        count(
            &plan,
            settings,
            matcher,
            items,
            1 + rng.below(2),
            rows,
            |row| {
                all.push(row);
                Ok(())
            },
        )
        .unwrap();
    }
    rng.shuffle(&mut all);
    let (pass, made) = merge(&plan, settings, lexicon, matcher, all).unwrap();
    (pass, made, plan)
}

fn same(a: &Pass, b: &Pass) {
    assert_eq!(a.counts, b.counts);
    assert_eq!(a.periods, b.periods);
    assert_eq!(a.articles, b.articles);
    assert_eq!(a.matches, b.matches);
    assert_eq!(a.syndication_dropped, b.syndication_dropped);
    let json = |p: &Pass| serde_json::to_value(&p.input).unwrap();
    let (ja, jb) = (json(a), json(b));
    for (k, v) in ja.as_object().unwrap() {
        if jb.get(k) != Some(v) {
            let short = |v: &serde_json::Value| {
                let s = v.to_string();
                s.chars().take(1500).collect::<String>()
            };
            eprintln!(
                "DIFF {k}:\n  partitioned {}\n  single      {}",
                short(v),
                short(&jb[k])
            );
        }
    }
    assert_eq!(ja, jb);
}

/// Every admitted article with its key (its place in corpus order), and
/// what reading skipped.
fn keyed(corpus: &Corpus) -> (Vec<(ArticleKey, Article)>, crate::corpus::ReadStats) {
    let mut reader = corpus.articles();
    let articles = reader
        .by_ref()
        .enumerate()
        .map(|(i, a)| {
            (
                ArticleKey {
                    part: 0,
                    row: i as u64,
                },
                a.unwrap(),
            )
        })
        .collect();
    (articles, reader.stats)
}

/// Cuts the articles into partitions: contiguous, interleaved, random.
fn cuts(articles: &[(ArticleKey, Article)], rng: &mut Rng) -> Vec<Vec<Partition>> {
    let contiguous: Vec<Partition> = articles.chunks(37).map(<[_]>::to_vec).collect();
    let mut interleaved = vec![Vec::new(); 5];
    for (i, a) in articles.iter().enumerate() {
        interleaved[i % 5].push(a.clone());
    }
    let mut shuffled = articles.to_vec();
    rng.shuffle(&mut shuffled);
    let random: Vec<Partition> = shuffled.chunks(23).map(<[_]>::to_vec).collect();
    vec![vec![articles.to_vec()], contiguous, interleaved, random]
}

fn check(options: CorpusOptions, period: Option<crate::corpus::dates::Period>) {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let lexicon = Lexicon::parse(LEXICON, Path::new("t.toml")).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let settings = Settings {
        options: CorpusOptions {
            dates_used: period.is_some(),
            ..options
        },
        period,
    };
    let corpus = Corpus::open(&path, &settings.options).unwrap();
    let (single, single_rows) = fused(&corpus, &lexicon, &matcher, &settings);
    let (articles, read) = keyed(&corpus);
    let mut rng = Rng(7);
    for partitions in cuts(&articles, &mut rng) {
        let (pass, made, _) =
            partitioned(&partitions, &read, &lexicon, &matcher, &settings, &mut rng);
        same(&pass, &single);
        assert_eq!(made, single_rows);
    }
}

#[test]
fn default_options_give_the_single_run() {
    check(CorpusOptions::default(), None);
}

#[test]
fn copies_dropped_and_periods_give_the_single_run() {
    check(
        CorpusOptions {
            duplicates: Duplicates::Near,
            syndicated: Syndicated::First,
            group_by: Some("bias".into()),
            on_error: crate::corpus::OnError::Skip,
            ..CorpusOptions::default()
        },
        Some(crate::corpus::dates::Period::Month),
    );
}

#[test]
fn syndicated_drop_and_no_cleaning_give_the_single_run() {
    check(
        CorpusOptions {
            syndicated: Syndicated::Drop,
            no_clean: true,
            duplicates: Duplicates::Keep,
            ..CorpusOptions::default()
        },
        None,
    );
}

/// The corpus exercises what it is meant to: boilerplate removed, copies
/// within outlets found and left out, syndicated pairs found.
#[test]
fn the_corpus_has_boilerplate_copies_and_syndication() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let lexicon = Lexicon::parse(LEXICON, Path::new("t.toml")).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let settings = Settings::default();
    let corpus = Corpus::open(&path, &settings.options).unwrap();
    let (pass, _) = fused(&corpus, &lexicon, &matcher, &settings);
    let input = &pass.input;
    assert!(
        input.removals[1] >= 150,
        "boilerplate lines: {:?}",
        input.removals
    );
    assert!(
        input.removals[2] > 0,
        "repeated paragraphs: {:?}",
        input.removals
    );
    let identical = input
        .duplicates
        .iter()
        .filter(|d| d.kind == crate::pass::CopyKind::Identical)
        .count();
    assert!(identical >= 8, "{:?}", input.duplicates);
    assert!(input
        .duplicates
        .iter()
        .any(|d| d.id == "a100" && d.kept_id == "a92"));
    assert!(input
        .duplicates
        .iter()
        .any(|d| d.kind == crate::pass::CopyKind::Near));
    assert_eq!(input.duplicates_dropped, identical as u64);
    assert!(
        input.syndication_pairs.len() >= 3,
        "{:?}",
        input.syndication_pairs
    );
}

/// Merging summaries is associative and commutative: any grouping and
/// order gives the same bytes, and the same plan.
#[test]
fn summaries_merge_in_any_order_and_grouping() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let settings = Settings::default();
    let corpus = Corpus::open(&path, &settings.options).unwrap();
    let (articles, _) = keyed(&corpus);
    let parts: Vec<Summary> = articles
        .chunks(40)
        .map(|p| {
            let items = p.iter().cloned().map(Ok::<_, PassError>);
            summarise(&settings, items, Admitter::new(&settings), 1).unwrap()
        })
        .collect();
    let join = |order: &[usize]| {
        let mut s = Summary::default();
        for &i in order {
            s.merge(parts[i].clone()).unwrap();
        }
        s
    };
    let left = join(&[0, 1, 2, 3]);
    let right = {
        let mut a = join(&[2, 3]);
        let mut b = join(&[0]);
        b.merge(parts[1].clone()).unwrap();
        a.merge(b).unwrap();
        a
    };
    let shuffled = join(&[3, 1, 0, 2]);
    assert_eq!(left.to_bytes(), right.to_bytes());
    assert_eq!(left.to_bytes(), shuffled.to_bytes());
    assert_eq!(left.articles(), articles.len() as u64);
    let plan = |s: Summary| Plan::new(s, &settings).unwrap().to_bytes();
    assert_eq!(plan(left), plan(right));
    // An article in two partitions is refused.
    let mut twice = join(&[0, 1]);
    let err = twice.merge(parts[1].clone()).unwrap_err();
    assert!(err.to_string().contains("is given twice"), "{err}");
}

/// Phase 2 with a plan of other settings, or partials that miss a
/// partition or hold one twice, are refused with what to do.
#[test]
fn wrong_plans_and_partials_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path());
    let lexicon = Lexicon::parse(LEXICON, Path::new("t.toml")).unwrap();
    let matcher = Matcher::new(&lexicon).unwrap();
    let settings = Settings::default();
    let corpus = Corpus::open(&path, &settings.options).unwrap();
    let (articles, _) = keyed(&corpus);
    let items = || articles.iter().cloned().map(Ok::<_, PassError>);
    let summary = summarise(&settings, items(), Admitter::new(&settings), 1).unwrap();
    let plan = Plan::new(summary, &settings).unwrap();
    let other = Settings {
        options: CorpusOptions {
            no_clean: true,
            ..CorpusOptions::default()
        },
        period: None,
    };
    let err = count(&plan, &other, &matcher, items(), 1, rows, |_| Ok(())).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("same options"), "{message}");
    // Only the setting that differs is named.
    assert!(
        message.contains("(no_clean=false; here: no_clean=true)"),
        "{message}"
    );
    assert!(!message.contains("columns="), "{message}");
    let mut all = Vec::new();
    count(&plan, &settings, &matcher, items(), 1, rows, |r| {
        all.push(r);
        Ok(())
    })
    .unwrap();
    let missing = all[..all.len() - 1].to_vec();
    let err = merge(&plan, &settings, &lexicon, &matcher, missing).unwrap_err();
    assert!(
        err.to_string().contains("count every partition once"),
        "{err}"
    );
    let mut twice = all.clone();
    twice.push(all[3].clone());
    let err = merge(&plan, &settings, &lexicon, &matcher, twice).unwrap_err();
    assert!(err.to_string().contains("given twice"), "{err}");
    assert!(Plan::from_bytes(b"framescore-plan-2\nxx").is_err());
    assert!(Summary::from_bytes(b"nonsense").is_err());
    // A plan of an earlier build (its line keys hashed otherwise) is
    // refused whole, not used; this build's reads back.
    let bytes = plan.to_bytes();
    assert!(Plan::from_bytes(&bytes).is_ok());
    let body = bytes.strip_prefix(b"framescore-plan-2\n").unwrap();
    let old = [&b"framescore-plan-1\n"[..], body].concat();
    let err = Plan::from_bytes(&old).unwrap_err();
    assert!(
        err.to_string()
            .contains("make them again with this version"),
        "{err}"
    );
}
