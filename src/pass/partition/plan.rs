//! The reduce step: a merged [`Summary`] read in key order, as the first
//! pass of a single run reads the corpus, gives the [`Plan`] every
//! partition is counted with: each outlet's boilerplate lines and which
//! articles are left out as copies; and, for the report, the copies and
//! syndicated pairs found, the corpus hash and what reading skipped.

use super::summary::{Summary, EXAMPLES};
use super::{ArticleKey, PartitionError, Settings};
use crate::corpus::clean::{Boilerplate, BoilerplateCounter, BoilerplateParts};
use crate::corpus::syndication::{Detector, Pair};
use crate::corpus::{Article, ReadStats};
use crate::pass::prepare::{add_near_duplicates, hex, CopyList, Drops, SameText};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// What phase 2 does with an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Fate {
    Counted,
    /// Left out: it repeats an earlier article of its outlet
    /// (`--duplicates`).
    Copy,
    /// Left out: a syndicated copy (`--syndicated drop|first`).
    Syndicated,
}

impl Fate {
    /// `counted`, `copy` or `syndicated`, as an engine's table says it.
    pub fn name(self) -> &'static str {
        match self {
            Fate::Counted => "counted",
            Fate::Copy => "copy",
            Fate::Syndicated => "syndicated",
        }
    }
}

/// The plan's values, as they travel.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Facts {
    settings: String,
    boilerplate: BoilerplateParts,
    /// The articles left out, by key (sorted).
    left_out: Vec<(ArticleKey, Fate)>,
    /// Articles admitted, and the sum of their keys' mixes.
    articles: u64,
    keys: u64,
    /// Articles admitted per key part (a shard's place in corpus order).
    parts: Vec<(u64, u64)>,
    sha256: String,
    read: ReadStats,
    /// For the report, with articles numbered by their rank in key order.
    duplicates: CopyList,
    pairs: Vec<Pair>,
    too_short: u64,
    syndication_dropped: Vec<u64>,
}

/// What every partition is counted with, and what the report says about
/// the corpus as a whole. Made once, from the summaries of all partitions.
#[derive(Debug, Clone)]
pub struct Plan {
    facts: Facts,
    boilerplate: Arc<Boilerplate>,
    left_out: HashMap<ArticleKey, Fate>,
}

/// What marks a plan's bytes (2: its boilerplate lines' keys take their
/// length last, as summaries 4 do: a plan of an earlier build is refused,
/// not used to clean with keys that match no line).
const MAGIC: &[u8] = b"framescore-plan-2\n";

impl Plan {
    /// The plan from the summary of every partition (merged), as the
    /// first pass of a single run decides: the first copy of a text within
    /// an outlet is the one with the smallest key; the lines of the copies
    /// are not counted toward boilerplate; syndicated copies are found
    /// among the articles that are not copies.
    pub fn new(summary: Summary, settings: &Settings) -> Result<Plan, PartitionError> {
        summary.check(settings, "the summary")?;
        let options = &settings.options;
        let policy = options.duplicates;
        let cleaning = !options.no_clean;
        let settings_key = summary.settings().to_string();
        let Summary { entries, log, .. } = summary;
        let mut counter = BoilerplateCounter::default();
        let mut detector = Detector::default();
        let mut hasher = Sha256::new();
        let mut same_text = SameText::default();
        let mut keys = Vec::with_capacity(entries.len());
        let mut parts: Vec<(u64, u64)> = Vec::new();
        let mut mix = 0u64;
        for (ordinal, e) in entries.into_iter().enumerate() {
            let ordinal = ordinal as u64;
            hasher.update(e.digest);
            keys.push(e.key);
            mix = mix.wrapping_add(e.key.mix());
            match parts.last_mut() {
                Some((part, n)) if *part == e.key.part => *n += 1,
                _ => parts.push((e.key.part, 1)),
            }
            let copy = e
                .text_key
                .is_some_and(|key| same_text.is_copy(ordinal, &e.id, &e.source, key));
            if copy {
                continue;
            }
            if let Some(lines) = &e.lines {
                counter.add_lines(&e.source, lines);
            }
            let article = Article {
                id: e.id,
                source: e.source,
                date: e.date,
                ..Article::default()
            };
            detector.add_signature(ordinal, &article, e.sig);
        }
        let mut syndication = detector.finish(options.syndicated)?;
        let mut duplicates = same_text.found;
        add_near_duplicates(
            &mut duplicates,
            std::mem::take(&mut syndication.within),
            policy,
        );
        let rank = |ordinal: u64| keys.get(ordinal as usize).copied();
        let drops = Drops::new(&syndication.dropped, &duplicates);
        let left_out: HashMap<ArticleKey, Fate> = drops
            .all
            .iter()
            .filter_map(|&o| {
                let fate = if drops.copies.contains(&o) {
                    Fate::Copy
                } else {
                    Fate::Syndicated
                };
                rank(o).map(|k| (k, fate))
            })
            .collect();
        let mut left_out_sorted: Vec<(ArticleKey, Fate)> =
            left_out.iter().map(|(&k, &f)| (k, f)).collect();
        left_out_sorted.sort_unstable_by_key(|(k, _)| *k);
        let mut syndication_dropped: Vec<u64> = syndication.dropped.iter().copied().collect();
        syndication_dropped.sort_unstable();
        let read = ReadStats {
            read: keys.len() as u64,
            skipped: log.skipped,
            skip_examples: log.skip_examples.into_iter().map(|(_, e)| e).collect(),
            filtered: log.filtered,
            undated: log.undated,
            undated_examples: log
                .undated_examples
                .into_iter()
                .take(EXAMPLES)
                .map(|(_, e)| e)
                .collect(),
            outlet_spellings: log.outlet_spellings,
        };
        let boilerplate = if cleaning {
            counter.finish()
        } else {
            Boilerplate::default()
        };
        let facts = Facts {
            settings: settings_key,
            boilerplate: boilerplate.to_parts(),
            left_out: left_out_sorted,
            articles: keys.len() as u64,
            keys: mix,
            parts,
            sha256: hex(&hasher.finalize()),
            read,
            duplicates,
            pairs: syndication.pairs,
            too_short: syndication.too_short,
            syndication_dropped,
        };
        Ok(Plan {
            facts,
            boilerplate: Arc::new(boilerplate),
            left_out,
        })
    }

    /// What phase 2 does with the article of this key.
    pub fn fate(&self, key: ArticleKey) -> Fate {
        self.left_out.get(&key).copied().unwrap_or(Fate::Counted)
    }

    /// The boilerplate lines per outlet.
    pub(crate) fn boilerplate(&self) -> &Arc<Boilerplate> {
        &self.boilerplate
    }

    /// Articles admitted in all partitions.
    pub fn articles(&self) -> u64 {
        self.facts.articles
    }

    /// Articles left out as copies within an outlet, and as syndicated.
    pub fn left_out(&self) -> (u64, u64) {
        let copies = self
            .facts
            .left_out
            .iter()
            .filter(|(_, f)| *f == Fate::Copy)
            .count() as u64;
        (copies, self.facts.left_out.len() as u64 - copies)
    }

    /// The place in corpus order of the articles of key parts `parts`
    /// (contiguous): a shard's range, as `count --shard` records it.
    pub fn range_of_parts(&self, parts: std::ops::Range<usize>) -> std::ops::Range<u64> {
        let parts = parts.start as u64..parts.end as u64;
        let before: u64 = self
            .facts
            .parts
            .iter()
            .filter(|(p, _)| *p < parts.start)
            .map(|(_, n)| n)
            .sum();
        let within: u64 = self
            .facts
            .parts
            .iter()
            .filter(|(p, _)| parts.contains(p))
            .map(|(_, n)| n)
            .sum();
        before..before + within
    }

    /// SHA-256 over every admitted article's id, outlet and text, in key
    /// order: a single run's corpus hash.
    pub fn sha256(&self) -> &str {
        &self.facts.sha256
    }

    /// What reading all partitions skipped and left out.
    pub fn read(&self) -> &ReadStats {
        &self.facts.read
    }

    pub(crate) fn duplicates(&self) -> &CopyList {
        &self.facts.duplicates
    }

    pub(crate) fn pairs(&self) -> &[Pair] {
        &self.facts.pairs
    }

    pub(crate) fn too_short(&self) -> u64 {
        self.facts.too_short
    }

    pub(crate) fn syndication_dropped(&self) -> HashSet<u64> {
        self.facts.syndication_dropped.iter().copied().collect()
    }

    pub(super) fn keys_mix(&self) -> u64 {
        self.facts.keys
    }

    /// Refuses a plan made with other settings.
    pub(crate) fn check(&self, settings: &Settings) -> Result<(), PartitionError> {
        let ours = settings.fingerprint();
        if self.facts.settings != ours {
            return Err(PartitionError::settings(
                "the plan",
                &ours,
                &self.facts.settings,
            ));
        }
        Ok(())
    }

    /// The plan as bytes (to send to the workers).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.extend(postcard::to_allocvec(&self.facts).unwrap_or_default());
        out
    }

    /// A plan from [`Plan::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Plan, PartitionError> {
        let bad = |e: String| PartitionError::Damaged("a plan", e);
        let body = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("it does not start as one".into()))?;
        let facts: Facts = postcard::from_bytes(body).map_err(|e| bad(e.to_string()))?;
        let boilerplate = Arc::new(Boilerplate::from_parts(facts.boilerplate.clone()));
        let left_out = facts.left_out.iter().copied().collect();
        Ok(Plan {
            facts,
            boilerplate,
            left_out,
        })
    }
}
