//! How many distinct 64-bit hashes a stream holds, exactly, in memory that
//! grows with the distinct hashes rather than with the stream: what a huge
//! article's syndication signature needs (a 200 MB article whose
//! paragraphs recur has 33 million shingles, 8 million of them distinct).
//! It knows nothing of shingles; the hashes must be well mixed, as their
//! top bits pick a part.
//!
//! The first [`SPILL`] distinct hashes are kept in one hash set, made
//! with room for about as many as the caller expects (every article of
//! ordinary size: half the time of sorting its hashes to count them, and
//! no growing). Past that the hashes go to 64 parts by their top 6 bits,
//! each a hash set of the part's distinct hashes and a buffer of hashes
//! waiting to be added, [`PENDING`] at a time: a set takes in many hashes
//! while its lines are in cache, rather than one hash in each set in turn
//! (a cache miss each). For the 200 MB article, on two threads of half the
//! text each: 1,024 parts of 256 waiting made its report 4.83-5.13 s;
//! 1,024 of 8,192, 4.35-4.44 s but 645 MB; 64 of 32,768, 4.59-4.73 s and
//! no more memory than sorting buckets of hashes did (4.74-5.16 s).

use rustc_hash::FxHashSet as Set;

/// Distinct hashes kept in one set before they are spread over parts.
const SPILL: usize = 1 << 20;
/// Hashes waiting in a part's buffer before they go to its set.
const PENDING: usize = 1 << 15;
/// A hash's top bits pick its part.
const PART_BITS: u32 = 6;
const PARTS: usize = 1 << PART_BITS;

/// Counts distinct hashes; see the module's comment.
#[derive(Debug)]
pub(super) struct Distinct {
    /// The distinct hashes until there are `spill` of them.
    small: Set<u64>,
    /// Empty until `small` spills.
    parts: Vec<Part>,
    spill: usize,
    pending: usize,
}

#[derive(Debug, Default)]
struct Part {
    pending: Vec<u64>,
    set: Set<u64>,
}

impl Part {
    fn flush(&mut self) {
        self.set.extend(self.pending.drain(..));
    }
}

impl Distinct {
    /// With room for about `expected` distinct hashes before any memory is
    /// taken again (at most [`SPILL`]).
    pub(super) fn with_room(expected: usize) -> Distinct {
        let mut distinct = Distinct::with_sizes(SPILL, PENDING);
        distinct.small.reserve(expected.min(SPILL));
        distinct
    }

    /// With `small` spilling at `spill` hashes and parts' buffers of
    /// `pending` (small in tests, to reach every path).
    fn with_sizes(spill: usize, pending: usize) -> Distinct {
        Distinct {
            small: Set::default(),
            parts: Vec::new(),
            spill: spill.max(1),
            pending: pending.max(1),
        }
    }

    pub(super) fn push(&mut self, hash: u64) {
        if self.parts.is_empty() {
            self.small.insert(hash);
            if self.small.len() >= self.spill {
                self.spread();
            }
        } else {
            self.part(hash);
        }
    }

    /// From `small` to the parts.
    fn spread(&mut self) {
        self.parts = (0..PARTS)
            .map(|_| Part {
                pending: Vec::with_capacity(self.pending),
                set: Set::default(),
            })
            .collect();
        for hash in std::mem::take(&mut self.small) {
            self.part(hash);
        }
    }

    fn part(&mut self, hash: u64) {
        let part = &mut self.parts[(hash >> (64 - PART_BITS)) as usize];
        part.pending.push(hash);
        if part.pending.len() >= self.pending {
            part.flush();
        }
    }

    /// The number of distinct hashes pushed.
    pub(super) fn count(mut self) -> usize {
        if self.parts.is_empty() {
            return self.small.len();
        }
        self.parts
            .iter_mut()
            .map(|p| {
                p.flush();
                p.set.len()
            })
            .sum()
    }

    /// The number of distinct hashes pushed to `self` or `other` (each
    /// given part of one stream): the hashes of each of the other's parts
    /// not in the same part of this one, added to this one's count.
    pub(super) fn count_with(mut self, mut other: Distinct) -> usize {
        if self.parts.is_empty() && other.parts.is_empty() {
            return union_len(&self.small, &other.small);
        }
        for d in [&mut self, &mut other] {
            if d.parts.is_empty() {
                d.spread();
            }
            d.parts.iter_mut().for_each(Part::flush);
        }
        self.parts
            .iter()
            .zip(&other.parts)
            .map(|(a, b)| union_len(&a.set, &b.set))
            .sum()
    }
}

/// How many hashes are in `a` or `b`.
fn union_len(a: &Set<u64>, b: &Set<u64>) -> usize {
    a.len() + b.iter().filter(|h| !a.contains(h)).count()
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

    fn counted(hashes: &[u64], spill: usize, pending: usize) -> usize {
        let mut distinct = Distinct::with_sizes(spill, pending);
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
        pending: usize,
    ) -> usize {
        let mut counters = [
            Distinct::with_sizes(spill, pending),
            Distinct::with_sizes(spill2, pending),
        ];
        for (i, chunk) in hashes.chunks(run).enumerate() {
            chunk.iter().for_each(|&h| counters[i % 2].push(h));
        }
        let [a, b] = counters;
        a.count_with(b)
    }

    #[test]
    fn counts_by_hand() {
        // Two parts (top bits all 0 and all 1), repeats within and across
        // the spill and the parts' buffers.
        let hashes = [7, 7, u64::MAX, 7, 3, u64::MAX, 3, 9, 7, 9, 0, 0];
        for (spill, pending) in [(SPILL, PENDING), (1, 1), (2, 1), (3, 2), (5, 3)] {
            assert_eq!(counted(&hashes, spill, pending), 5, "{spill} {pending}");
        }
        assert_eq!(counted(&[], 1, 1), 0);
        // Dealt out one at a time to two counters: 7, u64::MAX and 0 reach
        // both, 3 only the first, 9 only the second; one counter spilled
        // into parts and the other not, or both, or neither.
        for (spill, spill2, pending) in [
            (SPILL, SPILL, PENDING),
            (1, 1, 1),
            (4, SPILL, 2),
            (SPILL, 2, 1),
        ] {
            assert_eq!(counted_in_two(&hashes, 1, spill, spill2, pending), 5);
        }
        assert_eq!(counted_in_two(&[], 1, 1, 1, 1), 0);
        // Everything in the first counter, the second empty.
        assert_eq!(counted_in_two(&[1, 1, 2], 3, 1, 1, 1), 2);
        assert_eq!(counted_in_two(&[1, 1, 2], 3, SPILL, 1, 1), 2);
    }

    /// Hashes of small numbers spread over every part.
    fn spread(seeds: &[u64]) -> Vec<u64> {
        seeds
            .iter()
            .map(|&s| s.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17))
            .collect()
    }

    proptest! {
        #[test]
        fn counts_what_sorting_every_hash_counts(
            // Few distinct values (many repeats) spread over every part.
            seeds in proptest::collection::vec(0u64..300, 0..3000),
            spill in 1usize..200,
            pending in 1usize..20,
        ) {
            let hashes = spread(&seeds);
            prop_assert_eq!(counted(&hashes, spill, pending), by_sorting(&hashes));
        }

        #[test]
        fn counts_in_two_what_sorting_every_hash_counts(
            seeds in proptest::collection::vec(0u64..300, 0..3000),
            run in 1usize..50,
            spill in 1usize..200,
            spill2 in 1usize..200,
            pending in 1usize..20,
        ) {
            let hashes = spread(&seeds);
            prop_assert_eq!(
                counted_in_two(&hashes, run, spill, spill2, pending),
                by_sorting(&hashes)
            );
        }
    }
}
