//! The second pass's reading and recording: hands the counting loop each
//! article to count (syndicated copies dropped as `--syndicated` says,
//! text cleaned as the first pass decided), and records what cleaning
//! removed, the per-period count tables (`--period`) and the signatures a
//! shard defers to `merge`.

use super::input::InputSummary;
use super::partition::{PartitionError, Plan};
use super::prepare::{prepare, Copies, Drops, Prepared, SameText, Signer};
use super::PassError;
use crate::corpus::clean::{clean, Boilerplate, Cleaned, Removal, Rule};
use crate::corpus::dates::{Date, Period};
use crate::corpus::syndication::{Detector, Signature, Signatures, SpillError};
use crate::corpus::{Article, Corpus, Extent, Reader};
use crate::counts::CountTable;
use crate::matching::ArticleMatches;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// The articles `report` counts, as a stream: filtered, syndicated copies
/// dropped as `--syndicated` says, and cleaned unless `--no-clean`. Runs
/// the first pass now. `kwic`, `diff` and `lexicon check` read this, so a
/// match they show is a match the report counts.
pub fn counted_articles(
    corpus: &Corpus,
) -> Result<impl Iterator<Item = Result<Article, PassError>> + '_, PassError> {
    let prepared = prepare(
        corpus,
        crate::parallel::default_threads(),
        Copies::IfDropped,
    )?;
    let template = CountTable::default();
    let mut feed = Feed::new(corpus, prepared, template, None);
    Ok(std::iter::from_fn(move || feed.next_article().transpose()))
}

/// What the second pass leaves besides the counts.
pub struct Finished {
    pub input: InputSummary,
    pub periods: BTreeMap<String, CountTable>,
    /// The counted articles' signatures ([`Copies::Defer`]).
    pub signatures: Option<Signatures>,
    /// The corpus places of the syndicated copies left out, when this pass
    /// found the copies itself (not deferred to `merge`).
    pub syndication_dropped: Option<HashSet<u64>>,
}

/// Cleans articles as the first pass decided; `None` inside with `--no-clean`.
#[derive(Clone)]
pub struct Cleaner {
    boilerplate: Option<Arc<Boilerplate>>,
}

impl Cleaner {
    /// Cleans with these boilerplate lines; `None` for `--no-clean`.
    pub(crate) fn new(boilerplate: Option<Arc<Boilerplate>>) -> Cleaner {
        Cleaner { boilerplate }
    }

    /// The cleaned article text and what was removed; `None` with `--no-clean`.
    /// The boilerplate rule never removes an article's whole text: an
    /// article made only of its outlet's recurring lines is cleaned by the
    /// other rules alone.
    pub fn clean(&self, article: &Article) -> Option<Cleaned> {
        let boilerplate = self.boilerplate.as_deref()?;
        let cleaned = clean(&article.text, &article.source, Some(boilerplate));
        let emptied = cleaned
            .text
            .as_deref()
            .is_some_and(|t| t.trim().is_empty() && !article.text.trim().is_empty());
        if emptied && cleaned.removals.iter().any(|r| r.rule == Rule::Boilerplate) {
            return Some(clean(&article.text, &article.source, None));
        }
        Some(cleaned)
    }

    /// Cleans `article` in place (its text becomes the cleaned text): what
    /// the counting loops do with each article before matching it.
    pub(crate) fn clean_in_place(&self, article: &mut Article) -> Clean {
        let (original, removals) = match self.clean(article) {
            Some(Cleaned {
                text: Some(text),
                removals,
                ..
            }) => (Some(std::mem::replace(&mut article.text, text)), removals),
            Some(Cleaned { removals, .. }) => (None, removals),
            None => (None, Vec::new()),
        };
        let original_bytes = original.as_ref().map_or(article.text.len(), String::len);
        Clean {
            original,
            removals,
            original_bytes,
        }
    }
}

/// An article's text before [`Cleaner::clean_in_place`] and what it removed.
pub(crate) struct Clean {
    /// The text before cleaning; `None` when cleaning left it as it was
    /// (or is off).
    pub original: Option<String>,
    /// What cleaning removed, as spans of the text before.
    pub removals: Vec<Removal>,
    /// The length of the text before cleaning, in bytes.
    pub original_bytes: usize,
}

impl Clean {
    /// Whether cleaning removed more than half the text.
    pub fn half_cleaned(&self) -> bool {
        half_cleaned(&self.removals, self.original_bytes)
    }
}

/// Whether `removals` take more than half of a text of `length` bytes.
fn half_cleaned(removals: &[Removal], length: usize) -> bool {
    let removed: usize = removals.iter().map(|r| r.end - r.start).sum();
    2 * removed > length
}

/// The second pass: the articles to count, cleaned. Reading
/// ([`Admit`]) and recording what was counted ([`Recorder`]) are apart, so
/// that one worker can read while another records.
pub struct Feed<'a> {
    admit: Admit<'a>,
    recorder: Recorder,
    prepared: Prepared,
    cleaning: bool,
}

/// The reading side of the second pass: which articles are counted.
pub struct Admit<'a> {
    reader: Reader<'a>,
    ordinal: u64,
    /// Corpus order of the articles to count (`count --shard`); reading
    /// stops at its end.
    range: Option<std::ops::Range<u64>>,
    /// Syndicated copies left out.
    dropped: u64,
    /// Copies within an outlet left out.
    copies: u64,
    /// With a plan: `range` is exactly the articles the reader holds, and
    /// any other number of articles is an error naming these parts.
    exact: Option<String>,
}

/// The recording side of the second pass: what cleaning removed (counted
/// by rule), the signatures a shard defers, the copies within an outlet
/// when this pass finds them, the per-period tables and the input summary.
pub struct Recorder {
    /// With [`Feed::copies_in_pass`]: the first article of each outlet and
    /// text, and the copies found.
    same_text: Option<SameText>,
    /// With [`Copies::Defer`]: the signatures of the counted articles.
    deferred: Option<Detector>,
    period: Option<Period>,
    template: CountTable,
    periods: BTreeMap<String, CountTable>,
    summary: InputSummary,
}

impl<'a> Feed<'a> {
    /// `template` is an empty count table for the lexicon (one per period is
    /// cloned from it).
    pub fn new(
        corpus: &'a Corpus,
        prepared: Prepared,
        template: CountTable,
        period: Option<Period>,
    ) -> Feed<'a> {
        Feed {
            admit: Admit {
                reader: corpus.articles(),
                ordinal: 0,
                range: None,
                dropped: 0,
                copies: 0,
                exact: None,
            },
            recorder: Recorder {
                same_text: None,
                deferred: None,
                period,
                template,
                periods: BTreeMap::new(),
                summary: InputSummary::new(corpus, period),
            },
            cleaning: !corpus.options.no_clean,
            prepared,
        }
    }

    /// Counts only the articles at these places in corpus order (a shard).
    pub fn only(&mut self, range: std::ops::Range<u64>) {
        self.admit.range = Some(range);
    }

    /// Reads only `parts` of the corpus (places in its parts), whose
    /// articles `plan` places in corpus order: the pass reads the parts to
    /// their end, and [`Feed::check_read_all`] refuses parts that held more
    /// or fewer articles than the plan counted.
    pub fn only_parts(&mut self, corpus: &'a Corpus, parts: std::ops::Range<usize>, plan: &Plan) {
        let names: Vec<String> = corpus.parts()[parts.clone()]
            .iter()
            .map(|&p| corpus.part_name(p))
            .collect();
        let places = plan.range_of_parts(parts.clone());
        self.admit.reader = corpus.read_parts(parts);
        self.admit.ordinal = places.start;
        self.admit.range = Some(places);
        self.admit.exact = Some(if names.is_empty() {
            "no part of the corpus".into()
        } else {
            names.join(", ")
        });
    }

    /// After the pass: with [`Feed::only_parts`], an error unless the
    /// parts held exactly the articles the plan counted.
    pub fn check_read_all(&self) -> Result<(), PassError> {
        match (&self.admit.exact, &self.admit.range) {
            (Some(parts), Some(range)) if self.admit.ordinal != range.end => {
                Err(PartitionError::PlanDiffers {
                    parts: parts.clone(),
                    found: self.admit.ordinal - range.start,
                    expected: range.end - range.start,
                }
                .into())
            }
            _ => Ok(()),
        }
    }

    /// How many articles the pass will count, when the first pass read them.
    pub fn extent(&self) -> Option<Extent> {
        let read = self.prepared.read.as_ref()?.read;
        let n = match &self.admit.range {
            Some(r) => r.end - r.start,
            None => read - self.prepared.dropped.all.len() as u64,
        };
        Some(Extent::Articles(n))
    }

    /// Finds the copies within an outlet as the articles are counted, when
    /// no first pass did ([`super::prepare::only_identical_copies`]): each
    /// article's text key is taken on its worker ([`Feed::keys_texts`]) and
    /// a copy is left out when recorded ([`Recorder::is_copy`]), in corpus
    /// order, as the first pass would have dropped it.
    pub fn copies_in_pass(&mut self) {
        self.recorder.same_text = Some(SameText::default());
    }

    /// Whether the workers key each article's text for [`Recorder::is_copy`].
    pub fn keys_texts(&self) -> bool {
        self.recorder.same_text.is_some()
    }

    /// Signs the counted articles for syndication ([`Copies::Defer`]).
    pub fn defer_copies(&mut self) {
        self.recorder.deferred = Some(Detector::default());
    }

    /// What signs articles, when the feed collects signatures.
    pub fn signer(&self) -> Option<Signer> {
        self.recorder.deferred.as_ref().map(|detector| Signer {
            family: Arc::new(detector.family().to_vec()),
            cleaning: self.cleaning,
        })
    }

    /// The next article to count, cleaned, `None` at the end.
    pub fn next_article(&mut self) -> Result<Option<Article>, PassError> {
        let cleaner = self.cleaner();
        let (admitted, dropped, recorder) = self.split();
        let Some((_, mut article)) = admitted.next(dropped)? else {
            return Ok(None);
        };
        let clean = cleaner.clean_in_place(&mut article);
        recorder.record_cleaning(&clean.removals, clean.original_bytes);
        Ok(Some(article))
    }

    /// The reading side with the corpus places it skips, and the recording
    /// side, to be used at once (on different threads).
    pub fn split(&mut self) -> (&mut Admit<'a>, &Drops, &mut Recorder) {
        (&mut self.admit, &self.prepared.dropped, &mut self.recorder)
    }

    /// What cleans an article; shareable across threads.
    pub fn cleaner(&self) -> Cleaner {
        Cleaner {
            boilerplate: self
                .cleaning
                .then(|| Arc::clone(&self.prepared.boilerplate)),
        }
    }

    /// What the page and `run.json` say about the input, with the
    /// per-period tables and the syndicated copies found.
    pub fn finish(self) -> Result<Finished, SpillError> {
        let Recorder {
            same_text,
            deferred,
            periods,
            mut summary,
            ..
        } = self.recorder;
        summary.syndicated_dropped = self.admit.dropped;
        summary.duplicates_dropped = self.admit.copies;
        summary.duplicates = self.prepared.duplicates;
        if let Some(same_text) = same_text {
            summary.duplicates_dropped += same_text.found.len() as u64;
            summary.duplicates.append(&same_text.found);
        }
        // A shard stops reading at the end of its range: the first pass
        // read everything.
        summary.read = match (self.admit.range, self.prepared.read) {
            (Some(_), Some(read)) => read,
            _ => self.admit.reader.stats,
        };
        summary.sha256 = self.prepared.sha256;
        // With copies deferred to `merge`, this pass found none itself.
        let syndication_dropped = deferred
            .is_none()
            .then(|| self.prepared.syndication.dropped.clone());
        summary.syndication_pairs = self.prepared.syndication.pairs;
        summary.too_short = self.prepared.syndication.too_short;
        summary.periods = periods.len();
        Ok(Finished {
            input: summary,
            periods,
            signatures: deferred.map(Detector::into_signatures).transpose()?,
            syndication_dropped,
        })
    }
}

impl Admit<'_> {
    /// The next article to count and its place in corpus order, before
    /// cleaning; `None` at the end. The syndicated copies at the places in
    /// `dropped` are skipped.
    pub fn next(&mut self, dropped: &Drops) -> Result<Option<(u64, Article)>, PassError> {
        for article in self.reader.by_ref() {
            let article = article?;
            let ordinal = self.ordinal;
            self.ordinal += 1;
            if let Some(range) = &self.range {
                if ordinal >= range.end {
                    // With a plan, read on: the count goes into the error.
                    if self.exact.is_some() {
                        continue;
                    }
                    break;
                }
                if ordinal < range.start {
                    continue;
                }
            }
            if dropped.all.contains(&ordinal) {
                if dropped.copies.contains(&ordinal) {
                    self.copies += 1;
                } else {
                    self.dropped += 1;
                }
                continue;
            }
            return Ok(Some((ordinal, article)));
        }
        Ok(None)
    }
}

impl Recorder {
    /// Counts an article's removals in the summary.
    /// `length` is the article's text before cleaning, in bytes.
    pub fn record_cleaning(&mut self, removals: &[Removal], length: usize) {
        for r in removals {
            self.summary.removals[r.rule as usize] += 1;
        }
        self.summary.half_cleaned += u64::from(half_cleaned(removals, length));
        self.summary.articles_cleaned += u64::from(!removals.is_empty());
    }

    /// With [`Feed::copies_in_pass`], whether the article at `ordinal`
    /// with text key `key` repeats an earlier article of its outlet (then
    /// recorded as a copy, and not to be counted).
    pub fn is_copy(&mut self, ordinal: u64, article: &Article, key: Option<u64>) -> bool {
        match (&mut self.same_text, key) {
            (Some(same), Some(key)) => same.is_copy(ordinal, &article.id, &article.source, key),
            _ => false,
        }
    }

    /// Adds the signature of a counted article, at its corpus place.
    pub fn record_signature(&mut self, ordinal: u64, article: &Article, sig: Option<Signature>) {
        if let Some(detector) = &mut self.deferred {
            detector.add_signature(ordinal, article, sig);
        }
    }

    /// Adds a counted article to its period's table (`--period`).
    pub fn count_period(&mut self, article: &Article, found: &ArticleMatches) {
        let Some(period) = self.period else { return };
        let Ok(date) = Date::parse(&article.date) else {
            self.summary.undated += 1;
            return;
        };
        self.periods
            .entry(period.key(date))
            .or_insert_with(|| self.template.clone())
            .add(article, found);
    }
}
