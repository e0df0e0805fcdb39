//! The counting loop of the second pass: clean and match every article on
//! `threads` workers and add the matches up, in corpus order, so the
//! result is the same at any thread count. What the caller keeps of each
//! article beyond the counts (the report's per-article rows) is made on the
//! worker that counted it (`make`, given a [`Seen`]) and handed over in
//! corpus order (`keep`); this module writes nothing itself.

use super::feed::{Clean, Feed};
use super::prepare::text_key;
use super::progress::Progress;
use super::{Pass, PassError};
use crate::corpus::clean::Removal;
use crate::corpus::syndication::Signature;
use crate::corpus::Article;
use crate::counts::CountTable;
use crate::lexicon::Lexicon;
use crate::matching::{ArticleMatches, Matcher};

/// An article as the counting loop saw it, for the caller's rows.
pub struct Seen<'a> {
    /// The article, its text cleaned.
    pub article: &'a Article,
    /// Its text before cleaning (the same as `article.text` when cleaning
    /// removed nothing or is off).
    pub original: &'a str,
    /// What cleaning removed, as spans of `original`.
    pub removals: &'a [Removal],
    /// What matched in the cleaned text.
    pub found: &'a ArticleMatches,
}

/// One article, cleaned, matched and made into the caller's rows by a worker.
struct Counted<R> {
    /// The article's place in corpus order.
    ordinal: u64,
    /// The article, without its text.
    article: Article,
    /// The length of its text.
    text_bytes: usize,
    /// For syndication, when the feed collects signatures.
    signature: Option<Option<Signature>>,
    /// The key of its text, when the pass finds copies within an outlet.
    key: Option<u64>,
    /// What cleaning removed, and the length of the text before.
    removals: Vec<Removal>,
    original_bytes: usize,
    found: ArticleMatches,
    rows: Option<R>,
}

/// Counts every article the feed admits on `threads` threads; `make` and
/// `keep` as the module says.
pub fn count_articles<R, E>(
    feed: &mut Feed,
    lexicon: &Lexicon,
    matcher: &Matcher,
    threads: usize,
    make: impl Fn(&Seen) -> Result<R, E> + Sync,
    mut keep: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<Pass, E>
where
    R: Send,
    E: From<PassError> + Send,
{
    let groups = lexicon.groups.iter().map(|g| g.id.clone()).collect();
    let mut counts = CountTable::new(matcher, groups);
    let (mut articles, mut total_matches) = (0u64, 0u64);
    let cleaner = feed.cleaner();
    let signer = feed.signer();
    let keys_texts = feed.keys_texts();
    let work = |(ordinal, mut article): (u64, Article)| -> Result<Counted<R>, E> {
        let signature = signer.as_ref().map(|s| s.sign(&article));
        let key = keys_texts.then(|| text_key(&article.text));
        let Clean {
            original,
            removals,
            original_bytes,
        } = cleaner.clean_in_place(&mut article);
        let mut found = matcher.find_article(&article);
        let rows = make(&Seen {
            article: &article,
            original: original.as_deref().unwrap_or(&article.text),
            removals: &removals,
            found: &found,
        })?;
        // The sink needs the matched forms, not the article's text or its
        // normalised copy: free those here, on the thread that read them.
        drop(original);
        found.keep_only_forms();
        let text_bytes = std::mem::take(&mut article.text).len();
        Ok(Counted {
            ordinal,
            article,
            text_bytes,
            signature,
            key,
            removals,
            original_bytes,
            found,
            rows: Some(rows),
        })
    };
    let mut progress = Progress::new("counting", feed.extent());
    // The workers read the articles (one at a time, under the pass's
    // lock) and record what they counted, in corpus order, one at a time.
    let (admit, dropped, recorder) = feed.split();
    let admitted = std::iter::from_fn(|| admit.next(dropped).map_err(E::from).transpose());
    crate::parallel::ordered_map(admitted, threads, work, |done| {
        if recorder.is_copy(done.ordinal, &done.article, done.key) {
            return Ok(());
        }
        recorder.record_cleaning(&done.removals, done.original_bytes);
        if let Some(rows) = done.rows.take() {
            keep(rows)?;
        }
        if let Some(sig) = done.signature.take() {
            recorder.record_signature(done.ordinal, &done.article, sig);
        }
        recorder.count_period(&done.article, &done.found);
        counts.add(&done.article, &done.found);
        progress.article(done.text_bytes);
        articles += 1;
        total_matches += done.found.hits.len() as u64;
        Ok(())
    })?;
    Ok(Pass {
        counts,
        articles,
        matches: total_matches,
        ..Pass::default()
    })
}
