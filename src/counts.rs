//! Counts: adds matches up per outlet, category and term, with the
//! denominators (articles, tokens) beside them. Counting is additive:
//! [`CountTable::merge`] of two partial tables equals counting both parts.
//! It knows nothing of statistics, files or how a report looks.

use crate::corpus::Article;
use crate::matching::{ArticleMatches, CategoryInfo, Matcher, TermInfo};
use std::collections::BTreeMap;

/// One outlet's totals. Vectors are indexed by flattened category.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OutletCounts {
    pub articles: u64,
    pub tokens: u64,
    pub counts: Vec<u64>,
    pub articles_with_match: Vec<u64>,
    /// Per-article category counts, one row per article in corpus order:
    /// the unit the bootstrap and the permutation test resample. `merge`
    /// appends, so it stays associative.
    pub article_counts: ArticleRows,
    /// Tokens of each article, in the same order.
    pub article_tokens: Vec<u64>,
}

impl OutletCounts {
    /// No articles yet, `categories` zeros in each total.
    fn new(categories: usize) -> OutletCounts {
        OutletCounts {
            counts: vec![0; categories],
            articles_with_match: vec![0; categories],
            ..OutletCounts::default()
        }
    }

    /// The rows the article bootstrap resamples: each article's count of
    /// every category, then its tokens (`counts.len() + 1` cells an
    /// article, in corpus order).
    pub fn resample_rows(&self) -> Vec<u64> {
        let width = self.counts.len() + 1;
        let mut rows = vec![0u64; self.article_tokens.len() * width];
        let each = self.article_tokens.iter().enumerate();
        for ((a, &tokens), row) in each.zip(rows.chunks_mut(width)) {
            self.article_counts.fill(a, &mut row[..width - 1]);
            row[width - 1] = tokens;
        }
        rows
    }

    /// Adds one article: its per-category counts and tokens.
    fn add(&mut self, per_article: &[u64], tokens: u64) {
        self.articles += 1;
        self.tokens += tokens;
        self.article_tokens.push(tokens);
        self.article_counts.push(per_article);
        for (c, &k) in per_article.iter().enumerate() {
            self.counts[c] += k;
            self.articles_with_match[c] += u64::from(k > 0);
        }
    }
}

/// The category counts of each article of an outlet, in corpus order,
/// kept sparse: for each article a bit per category (whether it has a
/// count) and its counts that are not zero. Most cells of a framing
/// lexicon's rows are zero (91% in the benchmark: 15 categories took 60
/// bytes an article dense, 16 now); a dictionary of common words, whose
/// cells are nearly all counts, costs its bits and `ends` more than dense
/// (22 categories, 97% counted: 97 bytes against 88). Counts beyond
/// `u32::MAX` are kept as `u32::MAX`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleRows {
    /// Categories a row has (set by the first row).
    width: usize,
    /// Where each article's counts end: article `a`'s are
    /// `counts[ends[a - 1]..ends[a]]` (from 0 for the first).
    ends: Vec<u64>,
    /// A bit per category for each article, `width.div_ceil(8)` bytes an
    /// article: set for the categories with a count.
    present: Vec<u8>,
    /// The counts that are not zero, by article, then category.
    counts: Vec<u32>,
}

impl ArticleRows {
    /// Bytes of an article's bits.
    fn stride(&self) -> usize {
        self.width.div_ceil(8)
    }

    /// Adds an article's row: its count for each category (as many as the
    /// first row's).
    pub fn push(&mut self, row: &[impl Copy + Into<u64>]) {
        if self.ends.is_empty() {
            self.width = row.len();
        }
        let at = self.present.len();
        self.present.resize(at + self.stride(), 0);
        for (c, &k) in row.iter().enumerate().take(self.width) {
            let k: u64 = k.into();
            if k > 0 {
                self.present[at + c / 8] |= 1 << (c % 8);
                self.counts.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
        }
        self.ends.push(self.counts.len() as u64);
    }

    /// The articles.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Article `a`'s (category, count) with a count, by category.
    pub fn row(&self, a: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        let start = a.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        let bits = &self.present[a * self.stride()..(a + 1) * self.stride()];
        let categories = (0..self.width).filter(move |&c| bits[c / 8] & (1 << (c % 8)) != 0);
        categories.zip(self.counts[start..].iter().copied())
    }

    /// Article `a`'s count of category `c` (0 for an article not kept).
    pub fn get(&self, a: usize, c: usize) -> u32 {
        if a >= self.len() {
            return 0;
        }
        self.row(a).find(|&(cat, _)| cat == c).map_or(0, |(_, k)| k)
    }

    /// Writes article `a`'s count of each category into `out` (its
    /// categories' cells), zeros included.
    pub fn fill(&self, a: usize, out: &mut [u64]) {
        out.fill(0);
        for (c, k) in self.row(a) {
            out[c] = u64::from(k);
        }
    }

    /// Adds `other`'s articles after these (of as many categories).
    pub fn append(&mut self, other: ArticleRows) {
        if self.ends.is_empty() {
            self.width = other.width;
        }
        let base = self.counts.len() as u64;
        self.ends.extend(other.ends.iter().map(|&e| e + base));
        self.present.extend(other.present);
        self.counts.extend(other.counts);
    }

    /// Whether these are `articles` rows of `categories` categories, well
    /// formed (a partial read from a file is checked before it is used).
    pub fn fits(&self, articles: u64, categories: usize) -> bool {
        let stride = categories.div_ceil(8);
        let shape = self.ends.len() as u64 == articles
            && (self.width == categories || articles == 0)
            && self.present.len() == self.ends.len() * stride;
        // Each article's bits count its counts (no bit past the last
        // category: those are the bytes' high bits).
        let mut start = 0u64;
        shape
            && self.ends.iter().enumerate().all(|(a, &end)| {
                let bits = &self.present[a * stride..(a + 1) * stride];
                let set: u64 = bits.iter().map(|b| u64::from(b.count_ones())).sum();
                let inside = bits
                    .last()
                    .is_none_or(|&b| categories.is_multiple_of(8) || b >> (categories % 8) == 0);
                let ok = end >= start && end - start == set && inside;
                start = end;
                ok
            })
            && start == self.counts.len() as u64
            && self.counts.iter().all(|&k| k > 0)
    }
}

/// One language's totals over every outlet (the language each article was
/// matched in): the rates per language of `languages.csv`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LanguageCounts {
    pub articles: u64,
    pub tokens: u64,
    /// Per flattened category.
    pub counts: Vec<u64>,
}

/// Totals for a whole corpus, outlets in sorted order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountTable {
    pub categories: Vec<CategoryInfo>,
    pub terms: Vec<TermInfo>,
    /// Group ids, in lexicon order.
    pub groups: Vec<String>,
    pub outlets: BTreeMap<String, OutletCounts>,
    /// ISO 639-1 code of the language the articles were matched in (empty:
    /// none, as with a lexicon that declares no language) -> its totals.
    pub languages: BTreeMap<String, LanguageCounts>,
    /// outlet -> (term, normalised written form) -> count: the outlet is
    /// looked up once per article, each hit compares a term index first
    /// ([`CountTable::forms`] lists them flat).
    forms: BTreeMap<String, Forms>,
}

/// One outlet's written forms: (term, normalised written form) -> count.
type Forms = BTreeMap<(usize, String), u64>;

/// The serialisable part of a [`CountTable`]: per-outlet totals and the
/// written forms as `(outlet, term, form, count)`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub outlets: BTreeMap<String, OutletCounts>,
    pub forms: Vec<(String, usize, String, u64)>,
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageCounts>,
}

/// An outlet x category table of one group, for the tests.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupTable {
    pub outlets: Vec<String>,
    /// Flattened category indices of the columns.
    pub categories: Vec<usize>,
    pub cells: Vec<Vec<u64>>,
}

impl CountTable {
    pub fn new(matcher: &Matcher, groups: Vec<String>) -> CountTable {
        CountTable {
            categories: matcher.categories().to_vec(),
            terms: matcher.terms().to_vec(),
            groups,
            outlets: BTreeMap::new(),
            languages: BTreeMap::new(),
            forms: BTreeMap::new(),
        }
    }

    /// What counting filled in, in a form that serialises (the partials of
    /// `count --shard`); categories and terms come from the lexicon.
    pub fn tally(&self) -> Tally {
        Tally {
            outlets: self.outlets.clone(),
            languages: self.languages.clone(),
            forms: self
                .forms()
                .map(|(outlet, term, form, n)| (outlet.to_string(), term, form.to_string(), n))
                .collect(),
        }
    }

    /// Adds a tally counted with the same lexicon, as [`CountTable::merge`]
    /// does; refuses one whose shape does not fit this lexicon.
    pub fn merge_tally(&mut self, tally: Tally) -> Result<(), String> {
        let n = self.categories.len();
        if let Some((name, _)) = tally.outlets.iter().find(|(_, o)| {
            o.counts.len() != n
                || o.articles_with_match.len() != n
                || !o.article_counts.fits(o.articles, n)
                || o.article_tokens.len() as u64 != o.articles
        }) {
            return Err(format!(
                "the counts of outlet `{name}` do not fit the lexicon's {n} categories"
            ));
        }
        if let Some((name, _)) = tally.languages.iter().find(|(_, l)| l.counts.len() != n) {
            return Err(format!(
                "the counts of language `{name}` do not fit the lexicon's {n} categories"
            ));
        }
        if let Some((_, term, _, _)) = tally.forms.iter().find(|f| f.1 >= self.terms.len()) {
            return Err(format!("term {term} is not in the lexicon"));
        }
        let mut forms: BTreeMap<String, Forms> = BTreeMap::new();
        for (outlet, term, form, n) in tally.forms {
            *forms
                .entry(outlet)
                .or_default()
                .entry((term, form))
                .or_insert(0) += n;
        }
        self.merge(CountTable {
            outlets: tally.outlets,
            languages: tally.languages,
            forms,
            ..CountTable::default()
        });
        Ok(())
    }

    /// The written forms as (outlet, term, normalised form, count), sorted
    /// by outlet, term and form.
    pub fn forms(&self) -> impl Iterator<Item = (&str, usize, &str, u64)> {
        self.forms.iter().flat_map(|(outlet, forms)| {
            forms
                .iter()
                .map(move |((term, form), &n)| (outlet.as_str(), *term, form.as_str(), n))
        })
    }

    /// Per-category counts of one article.
    pub fn article_counts(&self, matches: &ArticleMatches) -> Vec<u64> {
        let mut counts = vec![0u64; self.categories.len()];
        for hit in &matches.hits {
            counts[hit.category] += 1;
        }
        counts
    }

    pub fn add(&mut self, article: &Article, matches: &ArticleMatches) {
        let per_article = self.article_counts(matches);
        // Looked up by reference: the outlet's name is copied only when new.
        match self.outlets.get_mut(article.outlet.as_str()) {
            Some(outlet) => outlet.add(&per_article, matches.tokens),
            None => {
                let mut outlet = OutletCounts::new(per_article.len());
                outlet.add(&per_article, matches.tokens);
                self.outlets.insert(article.outlet.clone(), outlet);
            }
        }
        let language = matches.language.map_or("", |l| l.code());
        if !self.languages.contains_key(language) {
            let counts = vec![0; per_article.len()];
            self.languages.insert(
                language.to_string(),
                LanguageCounts {
                    counts,
                    ..LanguageCounts::default()
                },
            );
        }
        if let Some(l) = self.languages.get_mut(language) {
            l.articles += 1;
            l.tokens += matches.tokens;
            for (total, k) in l.counts.iter_mut().zip(&per_article) {
                *total += k;
            }
        }
        if matches.hits.is_empty() {
            return;
        }
        let forms = match self.forms.get_mut(article.outlet.as_str()) {
            Some(forms) => forms,
            None => self.forms.entry(article.outlet.clone()).or_default(),
        };
        // One key, refilled for each hit; copied only for a new form.
        let mut key = (0, String::new());
        for hit in &matches.hits {
            key.0 = hit.term;
            key.1.clear();
            key.1.push_str(matches.form(hit));
            match forms.get_mut(&key) {
                Some(n) => *n += 1,
                None => {
                    forms.insert(key.clone(), 1);
                }
            }
        }
    }

    /// Adds another table counted with the same lexicon.
    pub fn merge(&mut self, other: CountTable) {
        for (name, o) in other.outlets {
            let mine = self
                .outlets
                .entry(name)
                .or_insert_with(|| OutletCounts::new(o.counts.len()));
            mine.articles += o.articles;
            mine.tokens += o.tokens;
            mine.article_counts.append(o.article_counts);
            mine.article_tokens.extend(o.article_tokens);
            for c in 0..o.counts.len() {
                mine.counts[c] += o.counts[c];
                mine.articles_with_match[c] += o.articles_with_match[c];
            }
        }
        for (language, l) in other.languages {
            let mine = self
                .languages
                .entry(language)
                .or_insert_with(|| LanguageCounts {
                    counts: vec![0; l.counts.len()],
                    ..LanguageCounts::default()
                });
            mine.articles += l.articles;
            mine.tokens += l.tokens;
            for (total, k) in mine.counts.iter_mut().zip(&l.counts) {
                *total += k;
            }
        }
        for (outlet, forms) in other.forms {
            let mine = self.forms.entry(outlet).or_default();
            for (k, v) in forms {
                *mine.entry(k).or_insert(0) += v;
            }
        }
    }

    /// Flattened category indices of a group.
    pub fn group_categories(&self, group: usize) -> Vec<usize> {
        (0..self.categories.len())
            .filter(|&c| self.categories[c].group == group)
            .collect()
    }

    /// An outlet's total matches in a group: the denominator of its shares.
    pub fn group_total(&self, outlet: &OutletCounts, group: usize) -> u64 {
        self.group_categories(group)
            .iter()
            .map(|&c| outlet.counts[c])
            .sum()
    }

    /// The outlet x category table of a group, without outlets or categories
    /// that have no match in it (they cannot enter a test of association).
    /// Returns the table and the names left out.
    pub fn group_table(&self, group: usize) -> (GroupTable, Vec<String>, Vec<String>) {
        let cats = self.group_categories(group);
        let (outlets, dropped_outlets): (Vec<_>, Vec<_>) = self
            .outlets
            .iter()
            .partition(|(_, o)| cats.iter().any(|&c| o.counts[c] > 0));
        let (categories, dropped_cats): (Vec<usize>, Vec<usize>) = cats
            .iter()
            .partition(|&&c| self.outlets.values().any(|o| o.counts[c] > 0));
        let cells = outlets
            .iter()
            .map(|(_, o)| categories.iter().map(|&c| o.counts[c]).collect())
            .collect();
        (
            GroupTable {
                outlets: outlets.iter().map(|(n, _)| n.to_string()).collect(),
                categories,
                cells,
            },
            dropped_outlets.iter().map(|(n, _)| n.to_string()).collect(),
            dropped_cats
                .iter()
                .map(|&c| self.categories[c].id.clone())
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;
    use std::path::Path;

    fn setup() -> (Matcher, CountTable) {
        let lex = Lexicon::parse(
            "[groups.g.categories]\na = [\"alpha\"]\nb = [\"beta\"]\nc = [\"gamma\"]\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let m = Matcher::new(&lex).unwrap();
        let t = CountTable::new(&m, vec!["g".into()]);
        (m, t)
    }

    fn article(outlet: &str) -> Article {
        Article {
            outlet: outlet.into(),
            ..Article::default()
        }
    }

    #[test]
    fn counts_denominators_and_forms() {
        let (m, mut t) = setup();
        t.add(&article("X"), &m.find("Alpha alpha beta one"));
        t.add(&article("X"), &m.find("nothing here"));
        t.add(&article("Y"), &m.find("beta"));
        let x = &t.outlets["X"];
        assert_eq!((x.articles, x.tokens), (2, 6));
        assert_eq!(x.counts, [2, 1, 0]);
        assert_eq!(x.articles_with_match, [1, 1, 0]);
        let rows: Vec<Vec<(usize, u32)>> =
            (0..2).map(|a| x.article_counts.row(a).collect()).collect();
        assert_eq!(rows, [vec![(0, 2), (1, 1)], vec![]]);
        assert_eq!(x.article_tokens, [4, 2]);
        // Counts then tokens, by hand: "Alpha alpha beta one", "nothing here".
        assert_eq!(x.resample_rows(), [2, 1, 0, 4, 0, 0, 0, 2]);
        let forms: Vec<_> = t.forms().collect();
        assert_eq!(
            forms,
            [
                ("X", 0, "alpha", 2),
                ("X", 1, "beta", 1),
                ("Y", 1, "beta", 1)
            ]
        );
        assert_eq!(t.group_total(x, 0), 3);
        let (table, dropped_o, dropped_c) = t.group_table(0);
        assert_eq!(table.outlets, ["X", "Y"]);
        assert_eq!(table.categories, [0, 1]);
        assert_eq!(table.cells, [[2, 1], [0, 1]]);
        assert!(dropped_o.is_empty());
        assert_eq!(dropped_c, ["c"]);
    }

    #[test]
    fn merge_equals_counting_together() {
        let (m, mut whole) = setup();
        let (_, mut a) = setup();
        let (_, b) = setup();
        let docs = [("X", "alpha beta"), ("Y", "gamma gamma"), ("X", "beta")];
        for (o, text) in docs {
            whole.add(&article(o), &m.find(text));
        }
        a.add(&article(docs[0].0), &m.find(docs[0].1));
        let mut b = b;
        b.add(&article(docs[1].0), &m.find(docs[1].1));
        b.add(&article(docs[2].0), &m.find(docs[2].1));
        a.merge(b);
        assert_eq!(a, whole);
    }

    #[test]
    fn languages_add_up_as_articles_were_matched() {
        let lex = Lexicon::parse(
            "[groups.g.categories]\nrebel.terms = { en = [\"rebel*\"], ar = [\"ثوار*\"] }\n",
            Path::new("t.toml"),
        )
        .unwrap();
        let m = Matcher::new(&lex).unwrap();
        let mut whole = CountTable::new(&m, vec!["g".into()]);
        let with = |language: &str, outlet: &str, text: &str| Article {
            outlet: outlet.into(),
            text: text.into(),
            meta: vec![("language".into(), language.into())],
            ..Article::default()
        };
        let docs = [
            with("en", "X", "The rebels and more rebels"),
            with("ar", "X", "قال الثوار"),
            with("ar", "Y", "الثوار والثوار هنا"),
        ];
        for d in &docs {
            whole.add(d, &m.find_article(d));
        }
        assert_eq!(whole.languages.keys().collect::<Vec<_>>(), ["ar", "en"]);
        let ar = &whole.languages["ar"];
        assert_eq!((ar.articles, ar.tokens, ar.counts.clone()), (2, 5, vec![3]));
        let en = &whole.languages["en"];
        assert_eq!((en.articles, en.tokens, en.counts.clone()), (1, 5, vec![2]));
        // Shards add up to the whole, through the partials' JSON too.
        let mut a = CountTable::new(&m, vec!["g".into()]);
        let mut b = a.clone();
        a.add(&docs[0], &m.find_article(&docs[0]));
        for d in &docs[1..] {
            b.add(d, &m.find_article(d));
        }
        let json = serde_json::to_string(&b.tally()).unwrap();
        a.merge_tally(serde_json::from_str(&json).unwrap()).unwrap();
        assert_eq!(a, whole);
    }

    #[test]
    fn tally_round_trips_through_json() {
        let (m, mut whole) = setup();
        whole.add(&article("X"), &m.find("alpha beta alpha"));
        whole.add(&article("Y"), &m.find("gamma"));
        let json = serde_json::to_string(&whole.tally()).unwrap();
        let (_, mut back) = setup();
        back.merge_tally(serde_json::from_str(&json).unwrap())
            .unwrap();
        assert_eq!(back, whole);
        let mut bad = whole.tally();
        bad.outlets.get_mut("X").unwrap().counts.pop();
        assert!(setup().1.merge_tally(bad).unwrap_err().contains("`X`"));
    }

    proptest::proptest! {
        /// The sparse rows give back the dense rows they were given (cell
        /// by cell, whole, and as their non-zero entries), and two parts
        /// appended are the whole pushed at once.
        #[test]
        fn article_rows_are_the_dense_rows(
            dense in proptest::collection::vec(proptest::collection::vec(0u64..3, 19), 0..40),
            cut in 0usize..40,
        ) {
            let cut = cut.min(dense.len());
            let (mut whole, mut first, mut second) =
                (ArticleRows::default(), ArticleRows::default(), ArticleRows::default());
            for (a, row) in dense.iter().enumerate() {
                whole.push(row);
                if a < cut { first.push(row) } else { second.push(row) }
            }
            first.append(second);
            proptest::prop_assert_eq!(&first, &whole);
            proptest::prop_assert!(whole.fits(dense.len() as u64, 19));
            proptest::prop_assert!(!whole.fits(dense.len() as u64 + 1, 19));
            let mut cells = [9u64; 19];
            for (a, row) in dense.iter().enumerate() {
                whole.fill(a, &mut cells);
                proptest::prop_assert_eq!(&cells[..], &row[..]);
                for (c, &k) in row.iter().enumerate() {
                    proptest::prop_assert_eq!(u64::from(whole.get(a, c)), k);
                }
                let entries: Vec<(usize, u64)> =
                    whole.row(a).map(|(c, k)| (c, u64::from(k))).collect();
                let nonzero: Vec<(usize, u64)> =
                    row.iter().copied().enumerate().filter(|&(_, k)| k > 0).collect();
                proptest::prop_assert_eq!(entries, nonzero);
            }
            proptest::prop_assert_eq!(whole.get(dense.len(), 0), 0);
        }
    }

    /// Rows read from a partial that do not fit are refused: another
    /// width, a bit past the last category, a zero count, bits and counts
    /// that disagree, ends out of order or past the counts.
    #[test]
    fn article_rows_that_do_not_fit_are_refused() {
        let parse = |json: &str| serde_json::from_str::<ArticleRows>(json).unwrap();
        let good = parse(r#"{"width":3,"ends":[1,1,3],"present":[4,0,3],"counts":[5,1,2]}"#);
        assert!(good.fits(3, 3));
        assert_eq!(good.get(0, 2), 5);
        assert_eq!(good.get(2, 1), 2);
        assert!(!good.fits(3, 2), "3 categories, not 2");
        assert!(!good.fits(2, 3), "3 articles, not 2");
        let bad = [
            (r#"{"width":3,"ends":[1],"present":[8],"counts":[1]}"#, 1),
            (r#"{"width":3,"ends":[1],"present":[1],"counts":[0]}"#, 1),
            (r#"{"width":3,"ends":[1],"present":[3],"counts":[1]}"#, 1),
            (r#"{"width":3,"ends":[2],"present":[3],"counts":[1]}"#, 1),
            (
                r#"{"width":3,"ends":[2,1],"present":[3,1],"counts":[1,1]}"#,
                2,
            ),
            (r#"{"width":3,"ends":[1],"present":[1],"counts":[1,1]}"#, 1),
            (r#"{"width":3,"ends":[1],"present":[1,0],"counts":[1]}"#, 1),
        ];
        for (json, articles) in bad {
            assert!(!parse(json).fits(articles, 3), "{json}");
        }
        let fine = parse(r#"{"width":3,"ends":[1],"present":[1],"counts":[1]}"#);
        assert!(fine.fits(1, 3), "the control");
    }
}
