//! Word-at-a-time byte tests ("SWAR"): eight ASCII bytes in a `u64`
//! classified with a few additions and masks, for the hot loops of the
//! normaliser and of cleaning. The tests take bytes below 0x80 only.

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

/// How many bytes of `mask` have their high bit set (no other bit may be):
/// one multiplication sums them in the top byte, where `count_ones` would
/// be a software loop on baseline x86-64.
#[inline(always)]
pub(crate) fn high_bits(mask: u64) -> u64 {
    (mask >> 7).wrapping_mul(0x0101_0101_0101_0101) >> 56
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
