//! Word-at-a-time byte tests ("SWAR"): eight ASCII bytes in a `u64`
//! classified with a few additions and masks, for the hot loops of
//! cleaning (the tests take bytes below 0x80 only), and the gathering of
//! per-byte flags into a bitmask for the normaliser; and bytes turned into
//! a `String` after one SIMD check of their UTF-8.

/// `bytes` as a `String`, checked as UTF-8 once, with SIMD (`simdutf8`:
/// std's check is several times slower on text with curly quotes and
/// accents); std's error, which locates the first bad byte, when they are
/// not UTF-8.
pub(crate) fn utf8_string(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just checked that the bytes are UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    }
}

/// The high bit of each byte of `x` (all below 0x80) that lies in
/// `lo..=hi`, the others zero. No carry crosses a byte: each sum stays
/// below 0x100.
#[inline(always)]
pub(crate) fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_lo = x.wrapping_add(ONES * u64::from(0x80 - lo));
    let above_hi = x.wrapping_add(ONES * u64::from(0x7F - hi));
    at_least_lo & !above_hi & (ONES << 7)
}

/// The high bit of each byte of `x` (all below 0x80) equal to `c`.
#[inline(always)]
pub(crate) fn bytes_equal(x: u64, c: u8) -> u64 {
    in_range(x, c, c)
}

/// Bit `bit` (below 8) of each of the 64 `bytes`, byte `i` to bit `i` of
/// the result. On x86-64, SSE2's `pmovmskb` on a per-byte test (LLVM does
/// not emit it from portable code; in the normaliser's AVX2 variant it
/// becomes `vpmovmskb` on 32 bytes at a time, partly). Against
/// [`gather_bits_portable`] (below), medians on the 100 MB benchmark
/// corpus: the normaliser's AVX2 variant 863 -> 1,087 MB/s, its baseline
/// 686 -> 750 MB/s.
#[inline(always)]
pub(crate) fn gather_bits(bytes: &[u8; 64], bit: u32) -> u64 {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        use std::arch::x86_64::{
            __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_set1_epi8,
        };
        // SAFETY: SSE2 is enabled for this build (the `cfg` above), and
        // 64 bytes are four 128-bit lanes, which take any bit pattern.
        unsafe {
            let lanes: [__m128i; 4] = std::mem::transmute(*bytes);
            let flag = _mm_set1_epi8((1u8 << bit) as i8);
            let mut mask = 0;
            for (j, lane) in lanes.into_iter().enumerate() {
                let set = _mm_cmpeq_epi8(_mm_and_si128(lane, flag), flag);
                mask |= u64::from(_mm_movemask_epi8(set) as u16) << (16 * j);
            }
            mask
        }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    gather_bits_portable(bytes, bit)
}

/// [`gather_bits`] in portable code, for other targets: one multiplication
/// per eight bytes moves byte `i`'s bit to bit `56 + i`; the other products
/// land below bit 56 or above bit 63, each on a bit of its own, so no carry
/// reaches the top byte.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
#[inline(always)]
pub(crate) fn gather_bits_portable(bytes: &[u8; 64], bit: u32) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut mask = 0;
    for (j, eight) in bytes.chunks_exact(8).enumerate() {
        let lows = (load(eight) >> bit) & ONES;
        mask |= (lows.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * j);
    }
    mask
}

/// Eight bytes as a little-endian `u64`.
#[inline(always)]
pub(crate) fn load(chunk: &[u8]) -> u64 {
    let mut bytes = [0; 8];
    bytes.copy_from_slice(chunk);
    u64::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn gather_bits_equals_the_portable_version(
            bytes in prop::array::uniform32(any::<u8>()),
            more in prop::array::uniform32(any::<u8>()),
            bit in 0..8u32,
        ) {
            let mut all = [0; 64];
            all[..32].copy_from_slice(&bytes);
            all[32..].copy_from_slice(&more);
            let want = (0..64).fold(0u64, |m, i| m | u64::from(all[i] >> bit & 1) << i);
            prop_assert_eq!(gather_bits(&all, bit), want);
            prop_assert_eq!(gather_bits_portable(&all, bit), want);
        }
    }
}
