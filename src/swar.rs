//! Word-at-a-time byte tests ("SWAR"): eight ASCII bytes in a `u64`
//! classified with a few additions and masks, for the hot loops of
//! cleaning (the tests take bytes below 0x80 only), and the gathering of
//! per-byte flags into a bitmask for the normaliser.

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

/// Bit `bit` of each of the 64 `bytes`, byte `i` to bit `i` of the result:
/// SSE2's `pmovmskb`, which LLVM does not emit from portable code. One
/// multiplication per eight bytes moves byte `i`'s bit to bit `56 + i`; the
/// other products land below bit 56 or above bit 63, each on a bit of its
/// own, so no carry reaches the top byte.
#[inline(always)]
pub(crate) fn gather_bits(bytes: &[u8; 64], bit: u32) -> u64 {
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

/// Where the run of ASCII bytes starting at `from` ends.
pub(crate) fn ascii_run_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    let mut skipped = 0;
    for chunk in rest.chunks_exact(16) {
        if !chunk.is_ascii() {
            break;
        }
        skipped += 16;
    }
    rest[skipped..]
        .iter()
        .position(|&b| b >= 0x80)
        .map_or(bytes.len(), |p| from + skipped + p)
}
