//! The first pass: reads every admitted article once to learn what needs
//! the whole corpus: each outlet's boilerplate lines, the syndicated pairs
//! (MinHash signatures) and the input's hash.

use super::progress::Progress;
use super::PassError;
use crate::corpus::clean::{clean, Boilerplate, BoilerplateCounter};
use crate::corpus::options::Syndicated;
use crate::corpus::syndication::{signature, Detector, Signature, Syndication};
use crate::corpus::{Article, Corpus, ReadStats};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// What the first pass learned.
pub struct Prepared {
    pub(crate) boilerplate: Arc<Boilerplate>,
    pub(crate) syndication: Syndication,
    /// SHA-256 over every admitted article's id, outlet and original text;
    /// empty with [`Copies::IfDropped`].
    pub sha256: String,
    /// What the first pass read (`read`: the articles admitted, before
    /// `--syndicated` drops any); `None` when it did not run.
    pub read: Option<ReadStats>,
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
    let articles = reader.by_ref().map(|a| a.map_err(PassError::from));
    let mut progress = Progress::new("reading (cleaning and copies)", corpus.extent());
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
pub struct Signer {
    pub(crate) family: Arc<Vec<(u64, u64)>>,
    pub(crate) cleaning: bool,
}

impl Signer {
    pub fn sign(&self, article: &Article) -> Option<Signature> {
        study(article, self.cleaning, Some(&self.family)).1
    }
}

/// Lower-case hexadecimal of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
