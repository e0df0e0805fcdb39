//! A stratified random sample of matches (and of sentences without one)
//! drawn from a stream of matched articles, for hand coding.
//!
//! The [`Sampler`] sees each article once with its hits (the same cleaned
//! stream and matcher the report counts) and keeps, per stratum, the `n`
//! items with the smallest random keys: a simple random sample without
//! replacement of the stratum's items ("bottom-k" reservoir sampling), in
//! memory bounded by `n` per stratum whatever the corpus size. Each item's
//! key is the first draw of a ChaCha8 stream named by the seed and the
//! item's stable id, so the sample does not depend on the order articles
//! arrive in, and samplers fed by different threads or shards combine with
//! [`Sampler::merge`] into the sample one sampler would have drawn.
//!
//! It knows nothing of files or sheets: [`Sample`] is plain data.

use super::context::{context_of, sentence_spans, Context, ContextSpec};
use crate::corpus::Article;
use crate::matching::{ArticleMatches, Matcher};
use crate::stats::seeded_rng;
use rand::RngExt;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BinaryHeap};

/// What a stratum of matches is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strata {
    /// One stratum per outlet and category.
    #[default]
    Category,
    /// One stratum per outlet and lexicon term.
    Term,
}

impl std::str::FromStr for Strata {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "category" | "outlet-category" => Ok(Strata::Category),
            "term" | "outlet-term" => Ok(Strata::Term),
            _ => Err(format!("`{s}` is not a stratification; use `category` (outlet x category) or `term` (outlet x term)")),
        }
    }
}

/// Where sentences without a match are drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissScope {
    /// Articles with at least one match of the group.
    MatchedArticles,
    /// Every article: those with a match of the group and those without
    /// are separate strata.
    AllArticles,
}

/// The design of a sample.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SampleOptions {
    pub strata: Strata,
    /// Matches drawn per stratum (all of a smaller stratum).
    pub per_stratum: usize,
    pub seed: u64,
    #[serde(skip, default)]
    pub context: ContextSpec,
    /// Words each side when the context is not the sentence (for the record).
    pub context_words: Option<usize>,
    /// Sentences without a match drawn per outlet and group (`None`: no
    /// sample of misses).
    pub misses: Option<usize>,
    pub miss_scope: MissScope,
    /// Only these groups (ids); empty: every group.
    pub groups: Vec<String>,
}

impl Default for SampleOptions {
    fn default() -> Self {
        SampleOptions {
            strata: Strata::Category,
            per_stratum: 20,
            seed: 1,
            context: ContextSpec::Sentence,
            context_words: None,
            misses: None,
            miss_scope: MissScope::MatchedArticles,
            groups: Vec::new(),
        }
    }
}

/// A match to check, or a sentence to search for a missed mention.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Match,
    Miss,
}

impl ItemKind {
    pub fn name(self) -> &'static str {
        match self {
            ItemKind::Match => "match",
            ItemKind::Miss => "miss",
        }
    }
}

/// One item of the sample.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    /// Stable id: a hash of the outlet, article, span and category (or group).
    pub id: String,
    pub kind: ItemKind,
    /// The stratum's name (`outlet | category` and so on).
    pub stratum: String,
    pub outlet: String,
    pub group: String,
    /// `""` for a miss.
    pub category: String,
    /// The lexicon term as written (`""` for a miss).
    pub term: String,
    pub article_id: String,
    /// Byte span of the match (or the sentence) in the cleaned article text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// For a miss, `matched` holds the sentence and the sides are empty.
    pub context: Context,
    /// Items of the stratum's population (`N_h`).
    pub stratum_size: u64,
    /// Items drawn from it (`n_h`).
    pub stratum_sampled: u64,
}

impl Item {
    /// Probability that this item entered the sample: `n_h / N_h`.
    pub fn inclusion_probability(&self) -> f64 {
        self.stratum_sampled as f64 / self.stratum_size.max(1) as f64
    }

    /// The text the coder reads: the marked context of a match, the
    /// sentence of a miss.
    pub fn text(&self) -> String {
        match self.kind {
            ItemKind::Match => self.context.marked(),
            ItemKind::Miss => self.context.matched.clone(),
        }
    }
}

/// One stratum: its population and how many of it were drawn.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StratumInfo {
    pub name: String,
    pub kind: ItemKind,
    pub outlet: String,
    pub group: String,
    pub category: String,
    pub term: String,
    pub size: u64,
    pub sampled: u64,
}

/// A drawn sample: its id, design, strata and items (sorted by stratum, then id).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Sample {
    /// A hash of the design and the items: every sheet carries it.
    pub id: String,
    pub options: SampleOptions,
    pub strata: Vec<StratumInfo>,
    pub items: Vec<Item>,
}

/// A candidate in a reservoir, ordered by its key (ties by id).
#[derive(Debug, Clone)]
struct Keyed {
    key: u64,
    item: Item,
}

impl PartialEq for Keyed {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Keyed {}
impl PartialOrd for Keyed {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Keyed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.key, &self.item.id).cmp(&(other.key, &other.item.id))
    }
}

/// One stratum's population count and the `n` smallest keys seen.
#[derive(Debug, Clone, Default)]
struct Reservoir {
    info: Option<StratumInfo>,
    size: u64,
    heap: BinaryHeap<Keyed>,
}

impl Reservoir {
    /// Counts an item and keeps it if its key is among the `n` smallest;
    /// `make` builds the item only then.
    fn offer(&mut self, n: usize, key: u64, id: &str, make: impl FnOnce() -> Item) {
        self.size += 1;
        if n == 0 {
            return;
        }
        if self.heap.len() >= n {
            match self.heap.peek() {
                Some(top) if (key, id) < (top.key, top.item.id.as_str()) => {
                    self.heap.pop();
                }
                _ => return,
            }
        }
        self.heap.push(Keyed { key, item: make() });
    }

    fn merge(&mut self, other: Reservoir, n: usize) {
        self.size += other.size;
        if self.info.is_none() {
            self.info = other.info;
        }
        for k in other.heap {
            self.heap.push(k);
            if self.heap.len() > n {
                self.heap.pop();
            }
        }
    }
}

/// Stratum key: kind, outlet, group, category or term, and for misses in
/// all articles whether the article matched the group.
type StratumKey = (ItemKind, String, String, String, bool);

/// Draws a [`Sample`] from a stream of matched articles.
pub struct Sampler<'m> {
    matcher: &'m Matcher,
    options: SampleOptions,
    /// Group index -> included.
    groups: Vec<bool>,
    group_ids: Vec<String>,
    reservoirs: BTreeMap<StratumKey, Reservoir>,
}

/// 12 hex digits of SHA-256 over `parts`, separated by NUL.
pub(crate) fn short_hash(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    h.finalize()
        .iter()
        .take(6)
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl<'m> Sampler<'m> {
    /// A sampler for the matcher's lexicon. Unknown group ids in
    /// `options.groups` are returned as an error message naming the known ones.
    pub fn new(matcher: &'m Matcher, options: SampleOptions) -> Result<Sampler<'m>, String> {
        let mut group_ids: Vec<String> = Vec::new();
        for c in matcher.categories() {
            if group_ids.len() <= c.group {
                group_ids.resize(c.group + 1, String::new());
            }
            group_ids[c.group] = c.group_id.clone();
        }
        if let Some(bad) = options.groups.iter().find(|g| !group_ids.contains(g)) {
            return Err(format!(
                "the lexicon has no group `{bad}`; its groups are: {}",
                group_ids.join(", ")
            ));
        }
        let groups = group_ids
            .iter()
            .map(|g| options.groups.is_empty() || options.groups.contains(g))
            .collect();
        Ok(Sampler {
            matcher,
            options,
            groups,
            group_ids,
            reservoirs: BTreeMap::new(),
        })
    }

    /// The random key of an item id under this sample's seed.
    fn key(&self, id: &str) -> u64 {
        let stream = u64::from_str_radix(id, 16).unwrap_or(0);
        seeded_rng(self.options.seed, stream).random::<u64>()
    }

    /// Offers every match of `article` and, with misses, its sentences.
    pub fn observe(&mut self, article: &Article, m: &ArticleMatches) {
        let n = self.options.per_stratum;
        let cats = self.matcher.categories();
        let terms = self.matcher.terms();
        let mut groups_hit = vec![false; self.groups.len()];
        for hit in &m.hits {
            let Some(true) = self.groups.get(hit.group).copied() else {
                continue;
            };
            groups_hit[hit.group] = true;
            let (Some(cat), Some(term)) = (cats.get(hit.category), terms.get(hit.term)) else {
                continue;
            };
            let (start, end) = (hit.start.to_string(), hit.end.to_string());
            let id = short_hash(&[
                &article.outlet,
                &article.id,
                &start,
                &end,
                &cat.group_id,
                &cat.id,
            ]);
            let by = match self.options.strata {
                Strata::Category => cat.id.clone(),
                Strata::Term => format!("{}: {}", cat.id, term.text),
            };
            let stratum = format!("{} | {}.{by}", article.outlet, cat.group_id);
            let key = self.key(&id);
            let spec = self.options.context;
            let skey = (
                ItemKind::Match,
                article.outlet.clone(),
                cat.group_id.clone(),
                by.clone(),
                true,
            );
            let r = self.reservoirs.entry(skey).or_default();
            r.info.get_or_insert_with(|| StratumInfo {
                name: stratum.clone(),
                kind: ItemKind::Match,
                outlet: article.outlet.clone(),
                group: cat.group_id.clone(),
                category: cat.id.clone(),
                term: match self.options.strata {
                    Strata::Category => String::new(),
                    Strata::Term => term.text.clone(),
                },
                size: 0,
                sampled: 0,
            });
            r.offer(n, key, &id, || Item {
                id: id.clone(),
                kind: ItemKind::Match,
                stratum,
                outlet: article.outlet.clone(),
                group: cat.group_id.clone(),
                category: cat.id.clone(),
                term: term.text.clone(),
                article_id: article.id.clone(),
                byte_start: hit.start,
                byte_end: hit.end,
                context: context_of(&article.text, hit.start, hit.end, spec),
                stratum_size: 0,
                stratum_sampled: 0,
            });
        }
        if let Some(per) = self.options.misses {
            self.observe_misses(article, m, &groups_hit, per);
        }
    }

    fn observe_misses(&mut self, article: &Article, m: &ArticleMatches, hit: &[bool], per: usize) {
        let all = self.options.miss_scope == MissScope::AllArticles;
        let wanted: Vec<usize> = (0..self.groups.len())
            .filter(|&g| self.groups[g] && (hit[g] || all))
            .collect();
        if wanted.is_empty() {
            return;
        }
        for (s, e) in sentence_spans(&article.text) {
            let sentence = &article.text[s..e];
            if !sentence.chars().any(char::is_alphanumeric) {
                continue;
            }
            for &g in &wanted {
                if m.hits
                    .iter()
                    .any(|h| h.group == g && h.start < e && h.end > s)
                {
                    continue;
                }
                let gid = self.group_ids[g].clone();
                let (start, end) = (s.to_string(), e.to_string());
                let id = short_hash(&[&article.outlet, &article.id, &start, &end, &gid, "miss"]);
                let key = self.key(&id);
                let matched = hit[g];
                let stratum = if all && !matched {
                    format!("{} | {gid} | articles without a match", article.outlet)
                } else {
                    format!("{} | {gid}", article.outlet)
                };
                let skey = (
                    ItemKind::Miss,
                    article.outlet.clone(),
                    gid.clone(),
                    String::new(),
                    matched,
                );
                let r = self.reservoirs.entry(skey).or_default();
                r.info.get_or_insert_with(|| StratumInfo {
                    name: stratum.clone(),
                    kind: ItemKind::Miss,
                    outlet: article.outlet.clone(),
                    group: gid.clone(),
                    category: String::new(),
                    term: String::new(),
                    size: 0,
                    sampled: 0,
                });
                r.offer(per, key, &id, || Item {
                    id: id.clone(),
                    kind: ItemKind::Miss,
                    stratum,
                    outlet: article.outlet.clone(),
                    group: gid.clone(),
                    category: String::new(),
                    term: String::new(),
                    article_id: article.id.clone(),
                    byte_start: s,
                    byte_end: e,
                    context: Context {
                        matched: context_of(&article.text, s, e, ContextSpec::Words(0))
                            .matched
                            .chars()
                            .take(2 * super::context::MAX_SIDE)
                            .collect(),
                        ..Context::default()
                    },
                    stratum_size: 0,
                    stratum_sampled: 0,
                });
            }
        }
    }

    /// Adds what another sampler of the same design saw (another thread's
    /// or shard's articles): the result is the sample of both streams.
    pub fn merge(&mut self, other: Sampler<'_>) {
        for (k, r) in other.reservoirs {
            let n = match k.0 {
                ItemKind::Match => self.options.per_stratum,
                ItemKind::Miss => self.options.misses.unwrap_or(0),
            };
            self.reservoirs.entry(k).or_default().merge(r, n);
        }
    }

    /// The sample: items sorted by stratum, then id; each with its
    /// stratum's size and the number drawn.
    pub fn finish(self) -> Sample {
        let mut strata = Vec::new();
        let mut items = Vec::new();
        for (_, r) in self.reservoirs {
            let Some(mut info) = r.info else { continue };
            info.size = r.size;
            info.sampled = r.heap.len() as u64;
            let mut drawn: Vec<Item> = r.heap.into_iter().map(|k| k.item).collect();
            drawn.sort_by(|a, b| a.id.cmp(&b.id));
            for mut item in drawn {
                item.stratum_size = info.size;
                item.stratum_sampled = info.sampled;
                items.push(item);
            }
            strata.push(info);
        }
        let mut options = self.options;
        if let ContextSpec::Words(w) = options.context {
            options.context_words = Some(w);
        }
        let design = serde_json::to_string(&options).unwrap_or_default();
        let mut parts: Vec<&str> = vec![&design];
        parts.extend(items.iter().map(|i| i.id.as_str()));
        Sample {
            id: short_hash(&parts),
            options,
            strata,
            items,
        }
    }
}

#[cfg(test)]
#[path = "sample_tests.rs"]
pub(crate) mod tests;
