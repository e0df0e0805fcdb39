//! Phase 1: what the first pass learns from each article of a partition,
//! kept under its key so that summaries of any partitions merge into what
//! one first pass over all of them learns.

use super::{ArticleKey, PartitionError, Settings};
use crate::corpus::options::{Admitted, Duplicates, OnError};
use crate::corpus::syndication::{Detector, Signature};
use crate::corpus::vet::Spellings;
use crate::corpus::{Article, CorpusError};
use crate::pass::prepare::{study_and_digest, Studied};

/// How many skip and undated examples a read keeps (as the corpus reader).
pub(super) const EXAMPLES: usize = 10;

/// What phase 1 keeps of one article.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Entry {
    pub key: ArticleKey,
    /// SHA-256 over its id, outlet and original text (the corpus hash is
    /// taken over these in key order).
    pub digest: [u8; 32],
    pub id: String,
    /// Its outlet, whatever `--group-by` says: copies and syndication are
    /// between outlets.
    pub source: String,
    pub date: String,
    /// The key of its cleaned text, for copies within an outlet
    /// (`--duplicates first|near`).
    pub text_key: Option<u64>,
    /// Its candidate boilerplate lines (with cleaning).
    pub lines: Option<Vec<u64>>,
    /// Its MinHash signature; `None` when too short to compare.
    pub sig: Option<Signature>,
}

/// What reading skipped and left out, with examples keyed for order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct ReadLog {
    pub skipped: u64,
    pub filtered: u64,
    pub undated: u64,
    pub skip_examples: Vec<(ArticleKey, String)>,
    pub undated_examples: Vec<(ArticleKey, String)>,
    /// Every spelling each outlet (NFC) was written in.
    pub outlet_spellings: Spellings,
}

impl ReadLog {
    fn merge(&mut self, other: ReadLog) {
        self.skipped += other.skipped;
        self.filtered += other.filtered;
        self.undated += other.undated;
        self.outlet_spellings.merge(&other.outlet_spellings);
        for (mine, theirs) in [
            (&mut self.skip_examples, other.skip_examples),
            (&mut self.undated_examples, other.undated_examples),
        ] {
            mine.extend(theirs);
            // Stable: examples of one key keep their order.
            mine.sort_by_key(|(k, _)| *k);
            mine.truncate(EXAMPLES);
        }
    }
}

/// Phase 1's result for some partitions: every admitted article's entry,
/// sorted by key, and what reading skipped. Merging is associative and
/// commutative ([`Summary::merge`]).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// [`Settings::fingerprint`]; empty for the empty summary.
    settings: String,
    pub(super) entries: Vec<Entry>,
    pub(super) log: ReadLog,
    /// Partitions summarised.
    partitions: u64,
    /// Bytes of article text read.
    text_bytes: u64,
}

/// What marks a summary's bytes (4: a boilerplate line's key takes its
/// length last, not first; 3: the text keys are XXH3 of the words joined
/// by one space; 2 had them joined by 0xFF, 1 SipHash per word: a summary
/// of an earlier build is refused, not compared).
const MAGIC: &[u8] = b"framescore-summary-4\n";

impl Summary {
    /// The summary of no article yet, of a run with `settings`: merged
    /// with summaries of other settings, it refuses them.
    pub fn of(settings: &Settings) -> Summary {
        Summary {
            settings: settings.fingerprint(),
            ..Summary::default()
        }
    }

    /// Articles admitted.
    pub fn articles(&self) -> u64 {
        self.entries.len() as u64
    }

    /// Partitions summarised into this one.
    pub fn partitions(&self) -> u64 {
        self.partitions
    }

    /// Bytes of article text read (phase 1 reads each article once).
    pub fn text_bytes(&self) -> u64 {
        self.text_bytes
    }

    /// The smallest and largest key summarised.
    pub fn key_range(&self) -> Option<(ArticleKey, ArticleKey)> {
        Some((self.entries.first()?.key, self.entries.last()?.key))
    }

    /// Adds the summary of other partitions of the same run. Associative
    /// and commutative; an article key in both is refused.
    pub fn merge(&mut self, other: Summary) -> Result<(), PartitionError> {
        self.merge_all([other])
    }

    /// [`Summary::merge`] of many at once (one sort).
    pub fn merge_all(
        &mut self,
        others: impl IntoIterator<Item = Summary>,
    ) -> Result<(), PartitionError> {
        for other in others {
            if self.settings.is_empty() {
                self.settings = other.settings;
            } else if !other.settings.is_empty() && other.settings != self.settings {
                return Err(PartitionError::settings(
                    "a summary",
                    &self.settings,
                    &other.settings,
                ));
            }
            self.entries.extend(other.entries);
            self.log.merge(other.log);
            self.partitions += other.partitions;
            self.text_bytes += other.text_bytes;
        }
        // Sorted runs merge in linear time.
        self.entries.sort_by_key(|e| e.key);
        if let Some(w) = self.entries.windows(2).find(|w| w[0].key == w[1].key) {
            return Err(PartitionError::DuplicateKey(w[0].key));
        }
        Ok(())
    }

    /// The summary as bytes (to travel between workers).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        // Serialising plain values to memory cannot fail.
        out.extend(postcard::to_allocvec(self).unwrap_or_default());
        out
    }

    /// A summary from [`Summary::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Summary, PartitionError> {
        let bad = |e: String| PartitionError::Damaged("a summary", e);
        let body = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("it does not start as one".into()))?;
        postcard::from_bytes(body).map_err(|e| bad(e.to_string()))
    }

    /// Adds what reading a part with the corpus reader skipped and left
    /// out (its [`crate::corpus::ReadStats`]), the examples placed at `key`.
    pub fn add_read(&mut self, stats: &crate::corpus::ReadStats, key: ArticleKey) {
        self.log.merge(ReadLog::of(stats, key));
    }

    pub(super) fn check(
        &self,
        settings: &Settings,
        what: &'static str,
    ) -> Result<(), PartitionError> {
        let ours = settings.fingerprint();
        if !self.settings.is_empty() && self.settings != ours {
            return Err(PartitionError::settings(what, &ours, &self.settings));
        }
        Ok(())
    }

    pub(super) fn settings(&self) -> &str {
        &self.settings
    }
}

/// Turns a partition's rows into the articles to use, as the corpus reader
/// does: `--where`, `--from`, `--to`, `--group-by` and dates
/// ([`crate::corpus::CorpusOptions::admit`]), and `--on-error` (`skip`
/// counts the row with an example, `fail` stops with it).
pub struct Admitter<'a> {
    settings: &'a Settings,
    pub(super) log: ReadLog,
}

impl<'a> Admitter<'a> {
    pub fn new(settings: &'a Settings) -> Admitter<'a> {
        Admitter {
            settings,
            log: ReadLog::default(),
        }
    }

    /// The article of a row (`Ok(None)`: left out or skipped), from the
    /// row as read (an error for a row that cannot be): its outlet put in
    /// NFC and checked as the corpus reader does ([`crate::corpus::vet`]).
    pub fn admit(
        &mut self,
        key: ArticleKey,
        row: Result<Article, CorpusError>,
    ) -> Result<Option<Article>, CorpusError> {
        let options = &self.settings.options;
        let mut spelling = None;
        let admitted = row
            .and_then(|mut a| {
                spelling =
                    crate::corpus::vet::vet(&mut a, &options.columns).map_err(|message| {
                        CorpusError::At {
                            origin: a.origin.clone(),
                            message,
                        }
                    })?;
                Ok(a)
            })
            .and_then(|a| options.admit(a));
        if let Ok(Admitted::Kept(a) | Admitted::Undated(a, _)) = &admitted {
            self.log
                .outlet_spellings
                .record(&a.source, spelling.as_deref());
        }
        match admitted {
            Ok(Admitted::Kept(article)) => Ok(Some(article)),
            Ok(Admitted::Undated(article, example)) => {
                self.log.undated += 1;
                if self.log.undated_examples.len() < EXAMPLES {
                    self.log.undated_examples.push((key, example));
                }
                Ok(Some(article))
            }
            Ok(Admitted::Filtered) => {
                self.log.filtered += 1;
                Ok(None)
            }
            Err(e) if options.on_error == OnError::Skip && e.is_row() => {
                self.log.skipped += 1;
                if self.log.skip_examples.len() < EXAMPLES {
                    self.log.skip_examples.push((key, e.to_string()));
                }
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Adds the skips of a part read elsewhere (the corpus reader's
    /// [`crate::corpus::ReadStats`]), its examples placed at `key`.
    pub fn add_read(&mut self, stats: &crate::corpus::ReadStats, key: ArticleKey) {
        self.log.merge(ReadLog::of(stats, key));
    }
}

impl ReadLog {
    /// What the corpus reader's [`crate::corpus::ReadStats`] say, the
    /// examples placed at `key`.
    fn of(stats: &crate::corpus::ReadStats, key: ArticleKey) -> ReadLog {
        let at = |examples: &[String]| examples.iter().map(|e| (key, e.clone())).collect();
        ReadLog {
            skipped: stats.skipped,
            filtered: stats.filtered,
            undated: stats.undated,
            skip_examples: at(&stats.skip_examples),
            undated_examples: at(&stats.undated_examples),
            outlet_spellings: stats.outlet_spellings.clone(),
        }
    }
}

/// Phase 1 over one partition's admitted articles (with their keys) on
/// `threads` threads; `admitter` has admitted them (its skips go into the
/// summary).
pub fn summarise<E>(
    settings: &Settings,
    articles: impl Iterator<Item = Result<(ArticleKey, Article), E>> + Send,
    admitter: Admitter,
    threads: usize,
) -> Result<Summary, E>
where
    E: From<PartitionError> + Send,
{
    let options = &settings.options;
    let cleaning = !options.no_clean;
    let dedup = options.duplicates != Duplicates::Keep;
    // A report always looks for copies (`syndication.csv`).
    let detector = Detector::default();
    let family = detector.family();
    let mut entries = Vec::new();
    let mut text_bytes = 0u64;
    let work = |(key, article): (ArticleKey, Article)| -> Result<Option<(Entry, u64)>, E> {
        let (
            Studied {
                lines,
                sig,
                key: text_key,
            },
            digest,
        ) = study_and_digest(&article, cleaning, Some(family), dedup, threads);
        let text = article.text.len() as u64;
        let Article {
            id, source, date, ..
        } = article;
        let entry = Entry {
            key,
            digest,
            id,
            source,
            date,
            text_key,
            lines,
            sig,
        };
        Ok(Some((entry, text)))
    };
    crate::parallel::ordered_map(articles, threads, work, |done| {
        if let Some((entry, text)) = done.take() {
            text_bytes += text;
            entries.push(entry);
        }
        Ok(())
    })?;
    let mut summary = Summary {
        settings: settings.fingerprint(),
        entries,
        log: admitter.log,
        partitions: 1,
        text_bytes,
    };
    summary.merge_all(std::iter::empty()).map_err(E::from)?;
    Ok(summary)
}
