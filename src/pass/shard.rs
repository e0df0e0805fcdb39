//! Which articles a shard counts: `count --shard K/N` takes the K-th of N
//! contiguous ranges of the corpus, in corpus order: of its articles in one
//! step, of its parts (files, row groups) in two phases.

use std::ops::Range;
use std::str::FromStr;

/// Shard `index` (from 1) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let parsed = s
            .split_once('/')
            .and_then(|(k, n)| Some((k.trim().parse().ok()?, n.trim().parse().ok()?)));
        match parsed {
            Some((index, count)) if index >= 1 && index <= count => Ok(Shard { index, count }),
            _ => Err(format!(
                "`{s}` is not a shard: write K/N with 1 <= K <= N (e.g. 3/8)"
            )),
        }
    }
}

impl Shard {
    /// This shard's articles, by place in corpus order, out of `total`:
    /// N contiguous ranges whose sizes differ by at most one.
    pub fn range(self, total: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(total) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index - 1)..at(self.index)
    }

    /// This shard's parts (places in [`crate::corpus::Corpus::parts`]) of a
    /// corpus of `parts` parts, for the two phases: the same split.
    pub fn parts(self, parts: usize) -> Range<usize> {
        let range = self.range(parts as u64);
        range.start as usize..range.end as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_split_evenly() {
        assert_eq!("3/8".parse(), Ok(Shard { index: 3, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        let ranges: Vec<_> = (1..=3)
            .map(|k| Shard { index: k, count: 3 }.range(5))
            .collect();
        assert_eq!(ranges, [0..1, 1..3, 3..5]);
        // More shards than articles: some are empty, none overlap.
        let ranges: Vec<_> = (1..=4)
            .map(|k| Shard { index: k, count: 4 }.range(2))
            .collect();
        assert_eq!(ranges, [0..0, 0..1, 1..1, 1..2]);
        assert_eq!(Shard { index: 1, count: 1 }.range(u64::MAX), 0..u64::MAX);
    }
}
