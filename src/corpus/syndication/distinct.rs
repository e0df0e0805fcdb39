//! How many distinct 64-bit hashes a stream holds, exactly, in memory that
//! grows with the distinct hashes rather than with the stream: what a huge
//! article's syndication signature needs (a 200 MB article whose
//! paragraphs recur has 33 million shingles, 8 million of them distinct).
//! It knows nothing of shingles; the hashes must be well mixed, as their
//! top bits pick a bucket.
//!
//! The first [`SPILL`] hashes are kept in one buffer, sorted once at the
//! end (every article of ordinary size). Past that the hashes go to 256
//! buckets by their top 8 bits, and a bucket is sorted and deduplicated
//! whenever it has doubled since it last was: it never holds much more
//! than twice its distinct hashes, and it is small enough to sort in
//! cache.

/// Hashes kept in one buffer before they are spread over buckets.
const SPILL: usize = 1 << 20;
/// A bucket is not sorted before it holds this many hashes.
const BUCKET_MIN: usize = 1 << 12;
/// A hash's top bits pick its bucket.
const BUCKET_BITS: u32 = 8;
const BUCKETS: usize = 1 << BUCKET_BITS;

/// Counts distinct hashes; see the module's comment.
#[derive(Debug)]
pub(super) struct Distinct {
    flat: Vec<u64>,
    /// Empty until the flat buffer spills.
    buckets: Vec<Bucket>,
    spill: usize,
    bucket_min: usize,
}

#[derive(Debug, Default)]
struct Bucket {
    hashes: Vec<u64>,
    /// Sorted again when this long.
    limit: usize,
}

impl Default for Distinct {
    fn default() -> Self {
        Distinct::with_sizes(SPILL, BUCKET_MIN)
    }
}

impl Distinct {
    /// With the flat buffer spilling at `spill` hashes and buckets sorted
    /// from `bucket_min` (small in tests, to reach every path).
    fn with_sizes(spill: usize, bucket_min: usize) -> Distinct {
        Distinct {
            flat: Vec::new(),
            buckets: Vec::new(),
            spill: spill.max(1),
            bucket_min: bucket_min.max(1),
        }
    }

    pub(super) fn push(&mut self, hash: u64) {
        if self.buckets.is_empty() {
            self.flat.push(hash);
            if self.flat.len() >= self.spill {
                self.buckets = (0..BUCKETS)
                    .map(|_| Bucket {
                        hashes: Vec::new(),
                        limit: self.bucket_min,
                    })
                    .collect();
                for hash in std::mem::take(&mut self.flat) {
                    self.bucket(hash);
                }
            }
        } else {
            self.bucket(hash);
        }
    }

    fn bucket(&mut self, hash: u64) {
        let bucket = &mut self.buckets[(hash >> (64 - BUCKET_BITS)) as usize];
        bucket.hashes.push(hash);
        if bucket.hashes.len() >= bucket.limit {
            // Stable sort: it merges the sorted run already there with the
            // new hashes sorted, instead of sorting both again.
            bucket.hashes.sort();
            bucket.hashes.dedup();
            bucket.limit = (2 * bucket.hashes.len()).max(self.bucket_min);
        }
    }

    /// The number of distinct hashes pushed.
    pub(super) fn count(mut self) -> usize {
        self.sorted().count()
    }

    /// The number of distinct hashes pushed to `self` or `other` (each
    /// given part of one stream): their sorted hashes merged, counted as
    /// they are walked, with no copy.
    pub(super) fn count_with(mut self, mut other: Distinct) -> usize {
        let (mut a, mut b) = (self.sorted(), other.sorted());
        let (mut x, mut y) = (a.next(), b.next());
        let mut distinct = 0;
        while let (Some(p), Some(q)) = (x, y) {
            distinct += 1;
            if p <= q {
                x = a.next();
            }
            if q <= p {
                y = b.next();
            }
        }
        distinct + usize::from(x.is_some()) + a.count() + usize::from(y.is_some()) + b.count()
    }

    /// The distinct hashes pushed, in increasing order: each bucket (or
    /// the flat buffer) sorted and deduplicated; the buckets follow one
    /// another in order, as their hashes' top bits do.
    fn sorted(&mut self) -> impl Iterator<Item = u64> + '_ {
        if self.buckets.is_empty() {
            self.flat.sort_unstable();
            self.flat.dedup();
        }
        // A bucket is a sorted run and the hashes added since: the stable
        // sort merges the two (as in `bucket`).
        for b in &mut self.buckets {
            b.hashes.sort();
            b.hashes.dedup();
        }
        self.flat
            .iter()
            .chain(self.buckets.iter().flat_map(|b| &b.hashes))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_sorting(hashes: &[u64]) -> usize {
        let mut all = hashes.to_vec();
        all.sort_unstable();
        all.dedup();
        all.len()
    }

    fn counted(hashes: &[u64], spill: usize, bucket_min: usize) -> usize {
        let mut distinct = Distinct::with_sizes(spill, bucket_min);
        hashes.iter().for_each(|&h| distinct.push(h));
        distinct.count()
    }

    /// [`Distinct::count_with`] of `hashes` dealt out to two counters in
    /// runs of `run` hashes, in turn; the second counter's buffer spills at
    /// `spill2`.
    fn counted_in_two(
        hashes: &[u64],
        run: usize,
        spill: usize,
        spill2: usize,
        bucket_min: usize,
    ) -> usize {
        let mut counters = [
            Distinct::with_sizes(spill, bucket_min),
            Distinct::with_sizes(spill2, bucket_min),
        ];
        for (i, chunk) in hashes.chunks(run).enumerate() {
            chunk.iter().for_each(|&h| counters[i % 2].push(h));
        }
        let [a, b] = counters;
        a.count_with(b)
    }

    #[test]
    fn counts_by_hand() {
        // Two buckets (top bytes 0x00 and 0xFF), repeats within and across
        // the spill and the bucket sorts.
        let hashes = [7, 7, u64::MAX, 7, 3, u64::MAX, 3, 9, 7, 9, 0, 0];
        for (spill, bucket_min) in [(SPILL, BUCKET_MIN), (1, 1), (2, 1), (3, 2), (5, 3)] {
            assert_eq!(
                counted(&hashes, spill, bucket_min),
                5,
                "{spill} {bucket_min}"
            );
        }
        assert_eq!(counted(&[], 1, 1), 0);
        // Dealt out one at a time to two counters: 7, u64::MAX and 0 reach
        // both, 3 only the first, 9 only the second; one counter spilled
        // into buckets and the other not, or both, or neither.
        for (spill, spill2, bucket_min) in [
            (SPILL, SPILL, BUCKET_MIN),
            (1, 1, 1),
            (4, SPILL, 2),
            (SPILL, 2, 1),
        ] {
            assert_eq!(counted_in_two(&hashes, 1, spill, spill2, bucket_min), 5);
        }
        assert_eq!(counted_in_two(&[], 1, 1, 1, 1), 0);
        // Everything in the first counter, the second empty.
        assert_eq!(counted_in_two(&[1, 1, 2], 3, 1, 1, 1), 2);
        assert_eq!(counted_in_two(&[1, 1, 2], 3, SPILL, 1, 1), 2);
    }

    /// Hashes of small numbers spread over every bucket.
    fn spread(seeds: &[u64]) -> Vec<u64> {
        seeds
            .iter()
            .map(|&s| s.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17))
            .collect()
    }

    proptest! {
        #[test]
        fn counts_what_sorting_every_hash_counts(
            // Few distinct values (many repeats) spread over every bucket.
            seeds in proptest::collection::vec(0u64..300, 0..3000),
            spill in 1usize..200,
            bucket_min in 1usize..20,
        ) {
            let hashes = spread(&seeds);
            prop_assert_eq!(counted(&hashes, spill, bucket_min), by_sorting(&hashes));
        }

        #[test]
        fn counts_in_two_what_sorting_every_hash_counts(
            seeds in proptest::collection::vec(0u64..300, 0..3000),
            run in 1usize..50,
            spill in 1usize..200,
            spill2 in 1usize..200,
            bucket_min in 1usize..20,
        ) {
            let hashes = spread(&seeds);
            prop_assert_eq!(
                counted_in_two(&hashes, run, spill, spill2, bucket_min),
                by_sorting(&hashes)
            );
        }
    }
}
