//! The first pass: reads every admitted article once to learn what needs
//! the whole corpus: each outlet's boilerplate lines, the syndicated pairs
//! (MinHash signatures) and the input's hash.

use super::progress::Progress;
use super::PassError;
use crate::corpus::clean::{clean, Boilerplate, BoilerplateCounter};
use crate::corpus::options::{Duplicates, Syndicated};
use crate::corpus::syndication::{signature, Detector, Signature, Syndication, PIPELINE_BYTES};
use crate::corpus::{Article, Corpus, ReadStats};
use crate::text::words::joined_words;
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use std::collections::hash_map::Entry;
use std::collections::HashSet;
use std::sync::Arc;

pub use crate::corpus::copies::{CopyKind, CopyList, Duplicate};

/// The corpus places of the articles the second pass leaves out.
#[derive(Debug, Default)]
pub struct Drops {
    /// Syndicated copies (`--syndicated`) and copies within an outlet.
    pub all: HashSet<u64>,
    /// Of those, the copies within an outlet (`--duplicates`).
    pub copies: HashSet<u64>,
}

impl Drops {
    /// The syndicated copies left out and the copies within an outlet
    /// that are not counted (a copy within an outlet is left out as one,
    /// also when syndicated).
    pub(crate) fn new(syndicated: &HashSet<u64>, duplicates: &CopyList) -> Drops {
        // A near copy of several earlier articles is listed with each.
        let copies: HashSet<u64> = duplicates
            .iter()
            .filter(|d| !d.counted)
            .map(|d| d.ordinal)
            .collect();
        let mut all = syndicated.clone();
        all.extend(&copies);
        Drops { all, copies }
    }
}

/// What the first pass learned.
pub struct Prepared {
    pub(crate) boilerplate: Arc<Boilerplate>,
    pub(crate) syndication: Syndication,
    /// Copies within an outlet, in corpus order of the copy.
    pub duplicates: CopyList,
    /// Corpus places of the articles not counted.
    pub(crate) dropped: Drops,
    /// SHA-256 over every admitted article's id, outlet and original text;
    /// empty with [`Copies::IfDropped`].
    pub sha256: String,
    /// What the first pass read (`read`: the articles admitted, before
    /// `--syndicated` drops any); `None` when it did not run.
    pub read: Option<ReadStats>,
}

impl Prepared {
    /// What a partition plan ([`super::partition::Plan`]) says in place of
    /// the first pass: the boilerplate, the copies and syndicated copies
    /// left out (by place in corpus order), the corpus hash and what
    /// reading skipped. With `deferred` (a shard under `--syndicated
    /// keep`), the syndicated pairs are left to `merge`, as a shard's own
    /// first pass leaves them.
    pub fn from_plan(plan: &super::partition::Plan, deferred: bool) -> Prepared {
        let syndication = Syndication {
            pairs: if deferred {
                Vec::new()
            } else {
                plan.pairs().to_vec()
            },
            within: CopyList::default(),
            dropped: plan.syndication_dropped(),
            too_short: plan.too_short(),
        };
        let mut duplicates = plan.duplicates().clone();
        let dropped = Drops::new(&syndication.dropped, &duplicates);
        // Deferred, `merge` lists the near copies that were counted (it
        // sees their signatures), as after a shard's own first pass.
        duplicates.retain(|d| !(deferred && d.kind == CopyKind::Near && d.counted));
        Prepared {
            boilerplate: Arc::clone(plan.boilerplate()),
            syndication,
            duplicates,
            dropped,
            sha256: plan.sha256().to_string(),
            read: Some(plan.read().clone()),
        }
    }

    /// What a pass that needs no first pass starts from.
    pub(crate) fn nothing() -> Prepared {
        Prepared {
            boilerplate: Arc::new(BoilerplateCounter::default().finish()),
            syndication: Syndication::default(),
            duplicates: CopyList::default(),
            dropped: Drops::default(),
            sha256: String::new(),
            read: None,
        }
    }
}

/// Whether all a first pass of `count` ([`Copies::IfDropped`]: no corpus
/// hash, no list of syndicated pairs) would learn is which articles repeat
/// an earlier one of their outlet word for word: no cleaning, no
/// syndicated copies to drop, `--duplicates first`. Then the counting pass
/// can find them itself, in corpus order ([`Feed::copies_in_pass`]), and
/// the corpus is read once.
///
/// [`Feed::copies_in_pass`]: super::Feed::copies_in_pass
pub(crate) fn only_identical_copies(corpus: &Corpus) -> bool {
    let options = &corpus.options;
    options.no_clean
        && options.syndicated == Syndicated::Keep
        && options.duplicates == Duplicates::First
}

/// What the first pass does about syndicated copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copies {
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
pub fn prepare(corpus: &Corpus, threads: usize, copies: Copies) -> Result<Prepared, PassError> {
    let cleaning = !corpus.options.no_clean;
    let policy = corpus.options.duplicates;
    let find_copies = copies == Copies::Find
        || corpus.options.syndicated != Syndicated::Keep
        || policy == Duplicates::Near;
    let dedup = policy != Duplicates::Keep;
    if !cleaning && !find_copies && !dedup && copies != Copies::Defer {
        return Ok(Prepared::nothing());
    }
    let mut copies_of = SameText::default();
    let mut counter = BoilerplateCounter::default();
    let mut detector = Detector::default().with_threads(threads);
    let family = detector.family().to_vec();
    let mut hasher = Sha256::new();
    let mut ordinal = 0u64;
    // Only a report (or a shard's partial report) records the hash.
    let hash = copies != Copies::IfDropped;
    let work = |article: Article| {
        let family = find_copies.then_some(&family[..]);
        // Each article hashed on its worker; the corpus hash is taken
        // over these in corpus order by the sink.
        let (Studied { lines, sig, key }, digest) = if hash {
            let (studied, digest) = study_and_digest(&article, cleaning, family, dedup, threads);
            (studied, Some(digest))
        } else {
            (study(&article, cleaning, family, dedup, threads), None)
        };
        Ok((article, lines, sig, key, digest))
    };
    let mut reader = corpus.articles();
    let articles = reader.by_ref().map(|a| a.map_err(PassError::from));
    let mut progress = Progress::new("reading (cleaning and copies)", corpus.extent());
    crate::parallel::ordered_map(
        articles,
        threads,
        work,
        |(article, lines, sig, key, digest)| {
            if let Some(digest) = digest {
                hasher.update(digest);
            }
            progress.article(article.text.len());
            // A copy of an earlier article of its outlet: its lines are not
            // boilerplate (they recur because the article does) and it is no
            // second candidate for syndication.
            let copy = key
                .is_some_and(|key| copies_of.is_copy(ordinal, &article.id, &article.source, key));
            if !copy {
                if let Some(lines) = &lines {
                    counter.add_lines(&article.source, lines);
                }
                if find_copies {
                    detector.add_signature(ordinal, article, sig.take());
                }
            }
            ordinal += 1;
            Ok(())
        },
    )?;
    // What the pair search does not need is let go before it: the first
    // article of each text (a key and an id per article, about 50 MB at
    // 4 GB) and the line counts.
    let mut duplicates = copies_of.found;
    drop(copies_of.first);
    let boilerplate = Arc::new(counter.finish());
    let mut syndication = detector.finish(corpus.options.syndicated)?;
    add_near_duplicates(
        &mut duplicates,
        std::mem::take(&mut syndication.within),
        policy,
    );
    let dropped = Drops::new(&syndication.dropped, &duplicates);
    Ok(Prepared {
        boilerplate,
        syndication,
        duplicates,
        dropped,
        sha256: if hash {
            hex(&hasher.finalize())
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
/// they are the signatures a single run takes. `threads`: what a huge
/// article's signature may take ([`signature`]).
pub(crate) fn study(
    article: &Article,
    cleaning: bool,
    family: Option<&[(u64, u64)]>,
    dedup: bool,
    threads: usize,
) -> Studied {
    let cleaned = cleaning.then(|| clean(&article.text, &article.source, None));
    let text = cleaned
        .as_ref()
        .and_then(|c| c.text.as_deref())
        .unwrap_or(&article.text);
    let sig = || family.and_then(|family| signature(text, family, threads));
    let key = || dedup.then(|| text_key(text));
    // A huge article's key is taken beside its signature (0.12 s of a
    // 200 MB article), which takes two threads of its own.
    let beside = threads > 1 && text.len() >= PIPELINE_BYTES && family.is_some() && dedup;
    let (key, sig) = if beside {
        crate::parallel::both(key, sig)
    } else {
        (key(), sig())
    };
    Studied {
        sig,
        key,
        lines: cleaned.map(|c| c.lines),
    }
}

/// An article's part of the corpus hash: its id, outlet and text, each
/// after its length in bytes.
fn digest(article: &Article) -> [u8; 32] {
    let mut digest = Sha256::new();
    for part in [&article.id, &article.source, &article.text] {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part.as_bytes());
    }
    digest.finalize().into()
}

/// [`study`] and the article's [`digest`]; with threads to spare, an
/// article of [`PIPELINE_BYTES`] or more is hashed on a thread of its own
/// meanwhile (a 200 MB article: 0.2 s less of the first pass, where the
/// other workers have nothing to read).
pub(crate) fn study_and_digest(
    article: &Article,
    cleaning: bool,
    family: Option<&[(u64, u64)]>,
    dedup: bool,
    threads: usize,
) -> (Studied, [u8; 32]) {
    if threads < 2 || article.text.len() < PIPELINE_BYTES {
        let studied = study(article, cleaning, family, dedup, threads);
        return (studied, digest(article));
    }
    let (digest, studied) = crate::parallel::both(
        || digest(article),
        || study(article, cleaning, family, dedup, threads),
    );
    (studied, digest)
}

/// What [`study`] learns of an article.
pub(crate) struct Studied {
    /// With cleaning, the keys of its candidate boilerplate lines.
    pub lines: Option<Vec<u64>>,
    /// With a family, its MinHash signature (`None` too short to compare).
    pub sig: Option<Signature>,
    /// With deduplication, its cleaned text's key ([`text_key`]).
    pub key: Option<u64>,
}

/// Moves the near-copies within an outlet the syndication detector found
/// into `duplicates`, in corpus order of the copy, counted unless `policy`
/// is `near`. The detector's list becomes the whole list (the identical
/// copies, usually few, moved into it): no second list of hundreds of
/// thousands of copies is made beside it.
pub fn add_near_duplicates(duplicates: &mut CopyList, mut within: CopyList, policy: Duplicates) {
    within.set_counted(policy != Duplicates::Near);
    within.append(duplicates);
    within.sort();
    *duplicates = within;
}

/// A 64-bit key of a text's words (white space runs collapsed), equal for
/// texts that differ only in spacing and line breaks: XXH3 (a specified
/// hash, so shards on other machines agree) of the words joined by one
/// space, the words being those of `split_whitespace` (Unicode
/// White_Space). It runs on every article of every `report` and `count`
/// (`--duplicates first` is the default), so the words are not copied
/// out: the hash is fed the runs of the text that already are words
/// joined by one space ([`joined_words`]). Against the byte loop that
/// copied the words out (1 GB, one thread, `count --no-clean`, when the
/// first pass still ran): 5.6 -> 3.6 s.
pub(crate) fn text_key(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = twox_hash::XxHash3_64::with_seed(0);
    joined_words(text, |bytes| hasher.write(bytes));
    hasher.finish()
}

/// Exact copies within an outlet, found in corpus order (by the first
/// pass, and by a partition plan over its summaries in key order).
#[derive(Default)]
pub(crate) struct SameText {
    /// Outlet -> text key -> the first article with that text (looked up
    /// by the outlet's name first, so a new article copies no name).
    first: FxHashMap<String, FxHashMap<u64, (u64, String)>>,
    pub(crate) found: CopyList,
}

impl SameText {
    /// True when the article `id` of outlet `source` repeats an earlier
    /// article of its outlet (recorded), false when it is the first with
    /// its text.
    pub(crate) fn is_copy(&mut self, ordinal: u64, id: &str, source: &str, key: u64) -> bool {
        let texts = match self.first.get_mut(source) {
            Some(texts) => texts,
            None => self.first.entry(source.to_string()).or_default(),
        };
        match texts.entry(key) {
            Entry::Occupied(e) => {
                let (kept_ordinal, kept_id) = e.get();
                self.found.push(Duplicate {
                    ordinal,
                    id,
                    outlet: source,
                    kept_ordinal: *kept_ordinal,
                    kept_id,
                    kind: CopyKind::Identical,
                    similarity: 1.0,
                    counted: false,
                });
                true
            }
            Entry::Vacant(e) => {
                e.insert((ordinal, id.to_string()));
                false
            }
        }
    }
}

/// Signs articles for syndication as the first pass does, on any thread
/// (a shard's second pass, [`Copies::Defer`]).
#[derive(Clone)]
pub struct Signer {
    pub(crate) family: Arc<Vec<(u64, u64)>>,
    pub(crate) cleaning: bool,
}

impl Signer {
    pub fn sign(&self, article: &Article) -> Option<Signature> {
        study(article, self.cleaning, Some(&self.family), false, 1).sig
    }
}

/// Lower-case hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{study, text_key, PIPELINE_BYTES};
    use crate::corpus::{clean::clean, syndication::Detector, Article};

    /// XXH3 of the words `split_whitespace` finds, joined by one space.
    fn oracle(text: &str) -> u64 {
        let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
        twox_hash::XxHash3_64::oneshot(words.as_bytes())
    }

    /// The key is XXH3 of the words `split_whitespace` finds joined by
    /// one space: the same key for the same words whatever separates them,
    /// another key for other words.
    #[test]
    fn text_keys_depend_on_the_words_only() {
        let ascii = "  Terrorists\tstrike\r\nAleppo \x0B\x0C now ";
        let unicode = "Terrorists\u{2003}strike\u{3000}Aleppo\u{a0}\u{2028}now";
        assert_eq!(text_key(ascii), text_key("Terrorists strike Aleppo now"));
        assert_eq!(text_key(ascii), text_key(unicode));
        assert_ne!(text_key(ascii), text_key("Terrorists strike Aleppo"));
        assert_ne!(text_key(ascii), text_key("Terrorists strike Aleppo no w"));
        assert_ne!(text_key(ascii), text_key("Terrorists strike Aleppo nów"));
        assert_eq!(text_key(""), text_key(" \n\t"));
        // The words of a long text with every kind of spacing (the runs
        // are tested against `split_whitespace` in `text::words`).
        let long = format!("{ascii}{unicode}\u{201c}x ").repeat(40);
        assert_eq!(text_key(&long), oracle(&long));
        assert_eq!(text_key(ascii), oracle(ascii));
    }

    /// An article past PIPELINE_BYTES, whose key is taken beside its
    /// signature on two threads: what one thread learns of it, the key
    /// that of the cleaned text (a repeated paragraph removed).
    #[test]
    fn a_huge_article_is_studied_alike_on_two_threads() {
        let lines: Vec<String> = (0..120_000u32)
            .map(|i| {
                format!(
                    "paragraph {i} of words {} and more",
                    i.wrapping_mul(2_654_435_761)
                )
            })
            .collect();
        let text = format!(
            "{}\n\nparagraph 7 of words 1\n\nparagraph 7 of words 1\n",
            lines.join("\n\n")
        );
        assert!(text.len() > PIPELINE_BYTES);
        let article = Article {
            id: "1".into(),
            outlet: "wire".into(),
            source: "wire".into(),
            text,
            ..Article::default()
        };
        let cleaned = clean(&article.text, "wire", None)
            .text
            .expect("a repeat removed");
        let family = Detector::default().family().to_vec();
        let studied = |threads| study(&article, true, Some(&family), true, threads);
        let (one, two) = (studied(1), studied(2));
        assert_eq!(one.key, Some(oracle(&cleaned)));
        assert_ne!(one.key, Some(oracle(&article.text)));
        assert_eq!(two.key, one.key);
        assert_eq!(format!("{:?}", two.sig), format!("{:?}", one.sig));
        assert!(one.sig.is_some());
        assert_eq!(two.lines, one.lines);
        assert_eq!(one.lines.map(|l| l.len()), Some(120_001));
    }
}
