//! Copies within an outlet (re-crawls, feeds, overlapping exports): an
//! article and the earlier article of its outlet it repeats, word for word
//! (found by the first pass's text keys) or nearly (by the syndication
//! search's signatures), for `--duplicates` and `duplicates.csv`.
//!
//! It knows what a copy is, not how copies are found or which are counted.

/// An article counted once because its outlet published the same text
/// before it (a row of `duplicates.csv`), as [`CopyList`] hands it out.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Duplicate<'a> {
    /// Corpus place and id of the copy left out (or, with `--duplicates
    /// keep` or a near copy under `first`, counted again).
    pub ordinal: u64,
    pub id: &'a str,
    pub outlet: &'a str,
    /// The earlier article of the same outlet it repeats.
    pub kept_ordinal: u64,
    pub kept_id: &'a str,
    /// `identical` (same cleaned text) or `near` (containment over the
    /// syndication threshold).
    pub kind: CopyKind,
    /// 1 for identical texts; the estimated Jaccard similarity for near ones.
    pub similarity: f64,
    /// Whether the copy was counted.
    pub counted: bool,
}

/// The copies within an outlet a run found, kept compact: a corpus of
/// re-crawls has a copy for nearly every article (the 4 GB benchmark,
/// 665,090 of 673,835), and a row with three strings of its own took about
/// 150 bytes (104 and the strings' heap). Here a row is 56 bytes and its
/// two ids go one after the other in one string of every row's ids;
/// outlets are kept once. Serialized as the sequence of its [`Duplicate`]s (a shard's
/// partial folder, a partition plan), as the list of rows it replaced was.
#[derive(Default, Clone)]
pub struct CopyList {
    rows: Vec<Row>,
    /// `ids[row.start..row.id_end]` is a row's copy's id, `..row.end`
    /// its kept article's.
    ids: String,
    outlets: indexmap::IndexSet<String>,
}

/// The 56 bytes a row takes, as the list's documentation says.
const _: () = assert!(std::mem::size_of::<Row>() == 56);

#[derive(Debug, Clone, Copy)]
struct Row {
    ordinal: u64,
    kept_ordinal: u64,
    similarity: f64,
    start: usize,
    id_end: usize,
    end: usize,
    outlet: u32,
    kind: CopyKind,
    counted: bool,
}

impl CopyList {
    /// Adds `copy` at the end.
    pub fn push(&mut self, copy: Duplicate<'_>) {
        let outlet = match self.outlets.get_index_of(copy.outlet) {
            Some(k) => k,
            None => self.outlets.insert_full(copy.outlet.to_string()).0,
        };
        let start = self.ids.len();
        self.ids.push_str(copy.id);
        let id_end = self.ids.len();
        self.ids.push_str(copy.kept_id);
        self.rows.push(Row {
            ordinal: copy.ordinal,
            kept_ordinal: copy.kept_ordinal,
            similarity: copy.similarity,
            start,
            id_end,
            end: self.ids.len(),
            // Fewer outlets than u32::MAX: each has an article.
            outlet: u32::try_from(outlet).unwrap_or(u32::MAX),
            kind: copy.kind,
            counted: copy.counted,
        });
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The copies in the list's order.
    pub fn iter(&self) -> impl Iterator<Item = Duplicate<'_>> + '_ {
        self.rows.iter().map(|r| self.row(r))
    }

    fn row(&self, r: &Row) -> Duplicate<'_> {
        Duplicate {
            ordinal: r.ordinal,
            id: self.ids.get(r.start..r.id_end).unwrap_or_default(),
            outlet: self
                .outlets
                .get_index(r.outlet as usize)
                .map_or("", |o| o.as_str()),
            kept_ordinal: r.kept_ordinal,
            kept_id: self.ids.get(r.id_end..r.end).unwrap_or_default(),
            kind: r.kind,
            similarity: r.similarity,
            counted: r.counted,
        }
    }

    /// Marks every copy counted or not.
    pub fn set_counted(&mut self, counted: bool) {
        for r in &mut self.rows {
            r.counted = counted;
        }
    }

    /// Keeps the copies `keep` says (their ids stay in the string).
    pub fn retain(&mut self, mut keep: impl FnMut(Duplicate<'_>) -> bool) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.retain(|r| keep(self.row(r)));
        self.rows = rows;
    }

    /// Adds every copy of `other` at the end.
    pub fn append(&mut self, other: &CopyList) {
        self.rows.reserve(other.len());
        for copy in other.iter() {
            self.push(copy);
        }
    }

    /// Sorts in corpus order of the copy, then by every field that can
    /// differ (rows equal in all of them are the same row), so that the
    /// order is the same every run.
    pub fn sort(&mut self) {
        self.rows.sort_unstable_by_key(|r| {
            let similarity = r.similarity.to_bits();
            (r.ordinal, r.kept_ordinal, r.kind, similarity, r.counted)
        });
    }
}

impl std::fmt::Debug for CopyList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Lists are equal when they hand out the same copies in the same order.
impl PartialEq for CopyList {
    fn eq(&self, other: &CopyList) -> bool {
        self.iter().eq(other.iter())
    }
}

impl<'a> FromIterator<Duplicate<'a>> for CopyList {
    fn from_iter<I: IntoIterator<Item = Duplicate<'a>>>(copies: I) -> CopyList {
        let mut list = CopyList::default();
        for copy in copies {
            list.push(copy);
        }
        list
    }
}

impl serde::Serialize for CopyList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for CopyList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<CopyList, D::Error> {
        /// A row as serialized (its strings owned: JSON may escape them).
        #[derive(serde::Deserialize)]
        struct Owned {
            ordinal: u64,
            id: String,
            outlet: String,
            kept_ordinal: u64,
            kept_id: String,
            kind: CopyKind,
            similarity: f64,
            counted: bool,
        }
        let rows = Vec::<Owned>::deserialize(d)?;
        Ok(rows
            .iter()
            .map(|r| Duplicate {
                ordinal: r.ordinal,
                id: &r.id,
                outlet: &r.outlet,
                kept_ordinal: r.kept_ordinal,
                kept_id: &r.kept_id,
                kind: r.kind,
                similarity: r.similarity,
                counted: r.counted,
            })
            .collect())
    }
}

/// How a copy within an outlet repeats the article it is listed with.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum CopyKind {
    /// The same cleaned text.
    Identical,
    /// Containment over the syndication threshold.
    Near,
}

impl CopyKind {
    /// As `duplicates.csv` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Identical => "identical",
            CopyKind::Near => "near",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{CopyKind, CopyList, Duplicate};

    fn copy<'a>(ordinal: u64, id: &'a str, outlet: &'a str, kept: (u64, &'a str)) -> Duplicate<'a> {
        Duplicate {
            ordinal,
            id,
            outlet,
            kept_ordinal: kept.0,
            kept_id: kept.1,
            kind: CopyKind::Near,
            similarity: 0.875,
            counted: true,
        }
    }

    /// What is pushed comes out, also sorted, filtered and appended to a
    /// list that knows other outlets (each list numbers its own).
    #[test]
    fn a_list_hands_out_the_copies_pushed() {
        let rows = [
            copy(9, "wire-9", "Wire", (2, "wire-2")),
            copy(4, "", "Рейтер", (0, "r0")),
            // Sorted by the article repeated before the kind.
            Duplicate {
                kind: CopyKind::Identical,
                similarity: 1.0,
                counted: false,
                ..copy(4, "", "Рейтер", (1, "r\u{e9}-1"))
            },
            copy(7, "w7", "Wire", (2, "wire-2")),
        ];
        let mut list: CopyList = rows.iter().copied().collect();
        assert_eq!(list.len(), 4);
        assert!(list.iter().eq(rows.iter().copied()));
        list.sort();
        let order: Vec<(u64, u64)> = list.iter().map(|d| (d.ordinal, d.kept_ordinal)).collect();
        assert_eq!(order, [(4, 0), (4, 1), (7, 2), (9, 2)]);
        assert_eq!(list.iter().nth(1), Some(rows[2]));
        list.retain(|d| d.outlet == "Wire");
        assert!(list.iter().eq([rows[3], rows[0]]));
        let mut other = CopyList::default();
        other.push(copy(12, "ap-12", "AP", (11, "ap-11")));
        other.append(&list);
        other.set_counted(false);
        let ids: Vec<(&str, &str, &str, bool)> = other
            .iter()
            .map(|d| (d.outlet, d.id, d.kept_id, d.counted))
            .collect();
        assert_eq!(
            ids,
            [
                ("AP", "ap-12", "ap-11", false),
                ("Wire", "w7", "wire-2", false),
                ("Wire", "wire-9", "wire-2", false)
            ]
        );
        assert!(CopyList::default().is_empty());
    }

    /// Serialized as the list of rows it replaced: an array of objects of
    /// the eight fields (a shard's partial folder), and read back from one,
    /// escapes and all.
    #[test]
    fn a_list_is_serialized_as_its_rows() {
        let list: CopyList = [copy(3, "a\"3", "X", (1, "a1"))].into_iter().collect();
        let json = serde_json::to_string(&list).expect("serialized");
        assert_eq!(
            json,
            r#"[{"ordinal":3,"id":"a\"3","outlet":"X","kept_ordinal":1,"kept_id":"a1","kind":"near","similarity":0.875,"counted":true}]"#
        );
        let back: CopyList = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, list);
        let empty: CopyList = serde_json::from_str("[]").expect("empty");
        assert!(empty.is_empty());
    }
}
