//! Uniform integer draws for the resampling loops (bootstrap, permutation):
//! the very draws `rand`'s `random_range` makes for a range that fits in
//! four bytes, written where the compiler can inline them. Through
//! `random_range` the draw was a call per article and resample: the
//! permutation test takes about 0.7x the time without it (timed in turn,
//! docs/PERFORMANCE.md). Knows nothing of tables.

use rand::Rng;

/// A uniform draw from `0..range` (`range` > 0), the value and the words
/// of the stream that `rng.random_range(0..range)` takes for a range of
/// `u32`s in `rand` 0.10 (and `usize` ranges up to `u32::MAX`): Canon's
/// method as `rand` makes it without its `unbiased` feature, one word
/// times the range, and a second word's high half carried in when the
/// first's low half is within `range` of wrapping (bias below 2^-32).
#[inline(always)]
pub(super) fn below(rng: &mut impl Rng, range: u32) -> u32 {
    let m = u64::from(rng.next_u32()) * u64::from(range);
    let (hi, lo) = ((m >> 32) as u32, m as u32);
    if lo > range.wrapping_neg() {
        let next = ((u64::from(rng.next_u32()) * u64::from(range)) >> 32) as u32;
        return hi + u32::from(lo.checked_add(next).is_none());
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::seeded_rng;
    use rand::RngExt;

    /// The same numbers as `random_range`, and the stream left at the same
    /// place: small ranges, the report's (an outlet's articles), and ranges
    /// near 2^32, where the second word is drawn often and carries.
    #[test]
    fn draws_what_random_range_draws() {
        let ranges = [
            1u32,
            2,
            3,
            7,
            1000,
            103_306,
            1 << 31,
            (1 << 31) + 1,
            u32::MAX - 1,
            u32::MAX,
        ];
        let mut second_words = 0;
        for (k, &range) in ranges.iter().enumerate() {
            let stream = k as u64;
            let (mut ours, mut theirs) = (seeded_rng(9, stream), seeded_rng(9, stream));
            let mut wide = seeded_rng(9, stream);
            for _ in 0..20_000 {
                let got = below(&mut ours, range);
                assert_eq!(got, theirs.random_range(0..range), "range {range}");
                let usize_draw = wide.random_range(0..=(range as usize - 1));
                assert_eq!(got as usize, usize_draw, "range {range} as usize");
            }
            assert_eq!(ours.get_word_pos(), theirs.get_word_pos(), "range {range}");
            assert_eq!(ours.get_word_pos(), wide.get_word_pos(), "range {range}");
            second_words += ours.get_word_pos() - 20_000;
        }
        assert!(second_words > 10_000, "few draws took a second word");
    }
}
