//! The report's two passes over the corpus. The first pass reads every
//! admitted article once to learn what needs the whole corpus: each outlet's
//! boilerplate lines, the syndicated pairs and the input's hash. The second
//! pass ([`Feed`]) hands the counting loop each article to count: syndicated
//! copies dropped as `--syndicated` says, text cleaned (every removal
//! written to `cleaning.csv`), and per-period count tables kept for
//! `--period`.

use super::corpus_tables::{self, InputSummary};
use super::tables::{csv_err, finish, Writer};
use super::{ReportError, Settings};
use crate::corpus::clean::{clean, Boilerplate, BoilerplateCounter, Cleaned, Removal, Rule};
use crate::corpus::dates::{Date, Period};
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::{signature, Detector, Signature, Signatures, Syndication};
use crate::corpus::{Article, Corpus, Extent, ReadStats, Reader};
use crate::counts::CountTable;
use crate::matching::ArticleMatches;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the first pass learned.
pub(crate) struct Prepared {
    boilerplate: Arc<Boilerplate>,
    syndication: Syndication,
    /// SHA-256 over every admitted article's id, outlet and original text;
    /// empty with [`Copies::IfDropped`].
    pub sha256: String,
    /// What the first pass read (`read`: the articles admitted, before
    /// `--syndicated` drops any); `None` when it did not run.
    pub read: Option<ReadStats>,
}

/// What the first pass does about syndicated copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Copies {
    /// Find them all, for `syndication.csv` (`report`).
    Find,
    /// Only when `--syndicated` drops them (`count`, `kwic`, ...; these
    /// record no corpus hash, so none is taken).
    IfDropped,
    /// Like `IfDropped`, but read the whole corpus anyway (to know its
    /// size and hash): a shard signs its own articles in the second pass
    /// and `merge` finds the copies.
    Defer,
}

/// The first pass: boilerplate lines per outlet and MinHash signatures for
/// syndication, computed on `threads` threads and gathered in corpus order.
pub(crate) fn prepare(
    corpus: &Corpus,
    threads: usize,
    copies: Copies,
) -> Result<Prepared, ReportError> {
    let cleaning = !corpus.options.no_clean;
    let find_copies = copies == Copies::Find || corpus.options.syndicated != Syndicated::Keep;
    if !cleaning && !find_copies && copies != Copies::Defer {
        return Ok(Prepared {
            boilerplate: Arc::new(BoilerplateCounter::default().finish()),
            syndication: Syndication::default(),
            sha256: String::new(),
            read: None,
        });
    }
    let mut counter = BoilerplateCounter::default();
    let mut detector = Detector::default();
    let family = detector.family().to_vec();
    let mut hasher = Sha256::new();
    let mut ordinal = 0u64;
    // Only a report (or a shard's partial report) records the hash.
    let hash = copies != Copies::IfDropped;
    let work = |article: Article| {
        let (lines, sig) = study(&article, cleaning, find_copies.then_some(&family[..]));
        // Each article hashed on its worker; the corpus hash is taken
        // over these in corpus order by the sink.
        let digest = hash.then(|| {
            let mut digest = Sha256::new();
            for part in [&article.id, &article.source, &article.text] {
                digest.update((part.len() as u64).to_le_bytes());
                digest.update(part.as_bytes());
            }
            digest.finalize()
        });
        Ok((article, lines, sig, digest))
    };
    let mut reader = corpus.articles();
    let articles = reader.by_ref().map(|a| a.map_err(ReportError::from));
    let mut progress =
        super::progress::Progress::new("reading (cleaning and copies)", corpus.extent());
    crate::parallel::ordered_map(articles, threads, work, |(article, lines, sig, digest)| {
        if let Some(digest) = digest {
            hasher.update(*digest);
        }
        if let Some(lines) = &lines {
            counter.add_lines(&article.source, lines);
        }
        progress.article(article.text.len());
        if find_copies {
            detector.add_signature(ordinal, article, sig.take());
        }
        ordinal += 1;
        Ok(())
    })?;
    Ok(Prepared {
        boilerplate: Arc::new(counter.finish()),
        syndication: detector.finish(corpus.options.syndicated),
        sha256: if hash {
            super::hex(&hasher.finalize())
        } else {
            String::new()
        },
        read: Some(reader.stats),
    })
}

/// What the first pass learns from one article: with cleaning, the keys of
/// its candidate boilerplate lines; with `family`, its MinHash signature,
/// taken over the text cleaned without boilerplate (which is not known
/// yet). A shard's deferred signatures come from here too ([`Signer`]), so
/// they are the signatures a single run takes.
fn study(
    article: &Article,
    cleaning: bool,
    family: Option<&[(u64, u64)]>,
) -> (Option<Vec<u64>>, Option<Signature>) {
    let cleaned = cleaning.then(|| clean(&article.text, &article.source, None));
    let sig = family.and_then(|family| {
        let text = cleaned
            .as_ref()
            .and_then(|c| c.text.as_deref())
            .unwrap_or(&article.text);
        signature(text, family)
    });
    (cleaned.map(|c| c.lines), sig)
}

/// Signs articles for syndication as the first pass does, on any thread
/// (a shard's second pass, [`Copies::Defer`]).
#[derive(Clone)]
pub(crate) struct Signer {
    family: Arc<Vec<(u64, u64)>>,
    cleaning: bool,
}

impl Signer {
    pub fn sign(&self, article: &Article) -> Option<Signature> {
        study(article, self.cleaning, Some(&self.family)).1
    }
}

/// The articles `report` counts, as a stream: filtered, syndicated copies
/// dropped as `--syndicated` says, and cleaned unless `--no-clean`. Runs
/// the first pass now. `kwic`, `diff` and `lexicon check` read this, so a
/// match they show is a match the report counts.
pub fn counted_articles(
    corpus: &Corpus,
) -> Result<impl Iterator<Item = Result<Article, ReportError>> + '_, ReportError> {
    let prepared = prepare(
        corpus,
        crate::parallel::default_threads(),
        Copies::IfDropped,
    )?;
    let template = CountTable::default();
    let mut feed = Feed::new(None, corpus, prepared, template, &Settings::default())?;
    Ok(std::iter::from_fn(move || feed.next_article().transpose()))
}

/// What the second pass leaves besides the counts.
pub(crate) struct Finished {
    pub input: InputSummary,
    pub periods: BTreeMap<String, CountTable>,
    /// The counted articles' signatures ([`Copies::Defer`]).
    pub signatures: Option<Signatures>,
}

/// What cleaning removed from one article: its rows of `cleaning.csv`,
/// made from the original text (on a worker thread), and the rules.
pub(crate) struct CleaningRecord {
    rows: Vec<[String; 7]>,
    rules: Vec<Rule>,
}

impl CleaningRecord {
    /// `article` still holds the original text.
    pub fn new(article: &Article, removals: &[Removal]) -> CleaningRecord {
        CleaningRecord {
            rows: removals
                .iter()
                .map(|r| corpus_tables::cleaning_row(article, r))
                .collect(),
            rules: removals.iter().map(|r| r.rule).collect(),
        }
    }
}

/// Cleans articles as the first pass decided; `None` inside with `--no-clean`.
#[derive(Clone)]
pub(crate) struct Cleaner {
    boilerplate: Option<Arc<Boilerplate>>,
}

impl Cleaner {
    /// The cleaned article text and what was removed; `None` with `--no-clean`.
    pub fn clean(&self, article: &Article) -> Option<Cleaned> {
        let boilerplate = self.boilerplate.as_deref()?;
        Some(clean(&article.text, &article.source, Some(boilerplate)))
    }
}

/// The second pass: the articles to count, cleaned. Reading
/// ([`Admit`]) and recording what was counted ([`Recorder`]) are apart, so
/// that one worker can read while another records.
pub(crate) struct Feed<'a> {
    admit: Admit<'a>,
    recorder: Recorder,
    prepared: Prepared,
    cleaning: bool,
}

/// The reading side of the second pass: which articles are counted.
pub(crate) struct Admit<'a> {
    reader: Reader<'a>,
    ordinal: u64,
    /// Corpus order of the articles to count (`count --shard`); reading
    /// stops at its end.
    range: Option<std::ops::Range<u64>>,
    /// Syndicated copies left out.
    dropped: u64,
}

/// The recording side of the second pass: `cleaning.csv`, the signatures
/// a shard defers, the per-period tables and the input summary.
pub(crate) struct Recorder {
    /// With [`Copies::Defer`]: the signatures of the counted articles.
    deferred: Option<Detector>,
    /// `cleaning.csv`, when the feed writes one.
    cleaning_csv: Option<(Writer, PathBuf)>,
    period: Option<Period>,
    template: CountTable,
    periods: BTreeMap<String, CountTable>,
    summary: InputSummary,
}

impl<'a> Feed<'a> {
    /// `template` is an empty count table for the lexicon (one per period is
    /// cloned from it).
    pub fn new(
        dir: Option<&Path>,
        corpus: &'a Corpus,
        prepared: Prepared,
        template: CountTable,
        settings: &Settings,
    ) -> Result<Feed<'a>, ReportError> {
        Ok(Feed {
            admit: Admit {
                reader: corpus.articles(),
                ordinal: 0,
                range: None,
                dropped: 0,
            },
            recorder: Recorder {
                deferred: None,
                cleaning_csv: dir.map(corpus_tables::cleaning_writer).transpose()?,
                period: settings.period,
                template,
                periods: BTreeMap::new(),
                summary: InputSummary::new(corpus, settings),
            },
            cleaning: !corpus.options.no_clean,
            prepared,
        })
    }

    /// Counts only the articles at these places in corpus order (a shard).
    pub fn only(&mut self, range: std::ops::Range<u64>) {
        self.admit.range = Some(range);
    }

    /// How many articles the pass will count, when the first pass read them.
    pub fn extent(&self) -> Option<Extent> {
        let read = self.prepared.read.as_ref()?.read;
        let n = match &self.admit.range {
            Some(r) => r.end - r.start,
            None => read - self.prepared.syndication.dropped.len() as u64,
        };
        Some(Extent::Articles(n))
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
    pub fn next_article(&mut self) -> Result<Option<Article>, ReportError> {
        let cleaner = self.cleaner();
        let (admitted, dropped, recorder) = self.split();
        let Some((_, mut article)) = admitted.next(dropped)? else {
            return Ok(None);
        };
        if let Some(cleaned) = cleaner.clean(&article) {
            recorder.record_cleaning(&CleaningRecord::new(&article, &cleaned.removals))?;
            if let Some(text) = cleaned.text {
                article.text = text;
            }
        }
        Ok(Some(article))
    }

    /// The reading side with the corpus places it skips, and the recording
    /// side, to be used at once (on different threads).
    pub fn split(&mut self) -> (&mut Admit<'a>, &HashSet<u64>, &mut Recorder) {
        (
            &mut self.admit,
            &self.prepared.syndication.dropped,
            &mut self.recorder,
        )
    }

    /// What cleans an article; shareable across threads.
    pub fn cleaner(&self) -> Cleaner {
        Cleaner {
            boilerplate: self
                .cleaning
                .then(|| Arc::clone(&self.prepared.boilerplate)),
        }
    }

    /// Finishes `cleaning.csv`, writes `syndication.csv`, and returns what
    /// the page and `run.json` say about the input, with the per-period
    /// tables.
    pub fn finish(self, dir: &Path) -> Result<Finished, ReportError> {
        let Recorder {
            deferred,
            cleaning_csv,
            periods,
            mut summary,
            ..
        } = self.recorder;
        if let Some((w, path)) = cleaning_csv {
            finish(w, &path)?;
        }
        summary.syndicated_dropped = self.admit.dropped;
        // A shard stops reading at the end of its range: the first pass
        // read everything.
        summary.read = match (self.admit.range, self.prepared.read) {
            (Some(_), Some(read)) => read,
            _ => self.admit.reader.stats,
        };
        summary.sha256 = self.prepared.sha256;
        if deferred.is_none() {
            corpus_tables::write_syndication(dir, &self.prepared.syndication)?;
        }
        summary.syndication_pairs = self.prepared.syndication.pairs;
        summary.too_short = self.prepared.syndication.too_short;
        summary.periods = periods.len();
        Ok(Finished {
            input: summary,
            periods,
            signatures: deferred.map(Detector::into_signatures),
        })
    }
}

impl Admit<'_> {
    /// The next article to count and its place in corpus order, before
    /// cleaning; `None` at the end. The syndicated copies at the places in
    /// `dropped` are skipped.
    pub fn next(&mut self, dropped: &HashSet<u64>) -> Result<Option<(u64, Article)>, ReportError> {
        for article in self.reader.by_ref() {
            let article = article?;
            let ordinal = self.ordinal;
            self.ordinal += 1;
            if let Some(range) = &self.range {
                if ordinal >= range.end {
                    break;
                }
                if ordinal < range.start {
                    continue;
                }
            }
            if dropped.contains(&ordinal) {
                self.dropped += 1;
                continue;
            }
            return Ok(Some((ordinal, article)));
        }
        Ok(None)
    }
}

impl Recorder {
    /// Lists an article's removals in `cleaning.csv` and the summary.
    pub fn record_cleaning(&mut self, record: &CleaningRecord) -> Result<(), ReportError> {
        if let Some((w, path)) = &mut self.cleaning_csv {
            for row in &record.rows {
                w.write_record(row).map_err(|e| csv_err(path, e))?;
            }
        }
        for &rule in &record.rules {
            self.summary.removals[rule as usize] += 1;
        }
        self.summary.articles_cleaned += u64::from(!record.rules.is_empty());
        Ok(())
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
