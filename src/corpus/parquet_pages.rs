//! A check of a Parquet row group's page headers before the parquet crate
//! decodes it: the crate allocates what a page header claims as the page's
//! uncompressed size, so a damaged 4 KB file could make it take gigabytes
//! (a fuzzing finding). Each page header is read here (Thrift compact
//! protocol, only its sizes) and a page that claims more than a real page
//! can hold is refused first.
//!
//! It owns the page-size bound; it knows nothing of columns or articles.

use crate::limits::RECORD_BYTES_MAX;
use std::io::{Read, Seek, SeekFrom};

/// How far a page may expand: no codec Parquet uses gets near 1024:1 on
/// text; a page of up to [`SMALL_PAGE`] bytes may claim any size up to it.
const RATIO_MAX: u64 = 1024;
const SMALL_PAGE: u64 = 1 << 20;
/// The most bytes a page header is read from (statistics included).
const HEADER_MAX: usize = 1 << 20;

/// Checks every page header of column chunks `chunks` (each a `(start,
/// length)` byte range of the file): `Err` names the first page whose
/// claimed size is damaged or too large.
pub fn check<F: Read + Seek>(file: &mut F, chunks: &[(u64, u64)]) -> Result<(), String> {
    let mut window = Vec::new();
    for (column, &(start, length)) in chunks.iter().enumerate() {
        let end = start.saturating_add(length);
        let mut at = start;
        let mut page = 0;
        while at < end {
            page += 1;
            let place = || format!("column {}, page {page}", column + 1);
            let left = usize::try_from(end - at).unwrap_or(HEADER_MAX);
            // Most headers fit in a few KB; statistics may make one longer.
            let mut sizes = None;
            let mut cursor_at = 0;
            for want in [4096, 65536, HEADER_MAX] {
                let want = want.min(left);
                window.resize(want, 0);
                file.seek(SeekFrom::Start(at))
                    .and_then(|_| file.read_exact(&mut window))
                    .map_err(|e| format!("{}: cannot read its header ({e})", place()))?;
                let mut cursor = Cursor {
                    bytes: &window,
                    at: 0,
                };
                sizes = cursor.page_sizes();
                cursor_at = cursor.at;
                if sizes.is_some() || want == left {
                    break;
                }
            }
            let (uncompressed, compressed) =
                sizes.ok_or_else(|| format!("{}: its header cannot be read", place()))?;
            let (Ok(uncompressed), Ok(compressed)) =
                (u64::try_from(uncompressed), u64::try_from(compressed))
            else {
                return Err(format!("{}: its header gives a negative size", place()));
            };
            let most = compressed.saturating_mul(RATIO_MAX).max(SMALL_PAGE);
            if uncompressed > most.min(RECORD_BYTES_MAX) {
                return Err(format!(
                    "{}: its header claims {uncompressed} bytes uncompressed from {compressed} bytes, more than a page can hold",
                    place()
                ));
            }
            at = at
                .saturating_add(cursor_at as u64)
                .saturating_add(compressed);
        }
    }
    Ok(())
}

/// Reads Thrift compact protocol values from a byte slice; `None` when the
/// bytes end early or are not Thrift.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

/// How deep structs and lists may nest in a page header.
const DEPTH_MAX: u32 = 32;

impl Cursor<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    fn zigzag(&mut self) -> Option<i64> {
        let v = self.varint()?;
        Some((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn advance(&mut self, n: u64) -> Option<()> {
        let n = usize::try_from(n).ok()?;
        self.at = self.at.checked_add(n).filter(|&a| a <= self.bytes.len())?;
        Some(())
    }

    /// The page header's uncompressed and compressed sizes (fields 2 and
    /// 3, both i32), the cursor left after the whole header.
    fn page_sizes(&mut self) -> Option<(i64, i64)> {
        let (mut uncompressed, mut compressed) = (None, None);
        self.fields(0, |cursor, id, kind| {
            match (id, kind) {
                (2, 5) => uncompressed = Some(cursor.zigzag()?),
                (3, 5) => compressed = Some(cursor.zigzag()?),
                _ => cursor.skip(kind, 1)?,
            }
            Some(())
        })?;
        Some((uncompressed?, compressed?))
    }

    /// Reads a struct's fields to its stop byte, handing each field's id
    /// and type to `field` (which must read or skip its value).
    fn fields(
        &mut self,
        depth: u32,
        mut field: impl FnMut(&mut Self, i64, u8) -> Option<()>,
    ) -> Option<()> {
        let mut last = 0i64;
        loop {
            let header = self.byte()?;
            if header == 0 {
                return Some(());
            }
            let (delta, kind) = (i64::from(header >> 4), header & 0x0f);
            last = if delta == 0 {
                self.zigzag()?
            } else {
                last.checked_add(delta)?
            };
            if depth > DEPTH_MAX {
                return None;
            }
            field(self, last, kind)?;
        }
    }

    /// Skips a value of compact type `kind`.
    fn skip(&mut self, kind: u8, depth: u32) -> Option<()> {
        if depth > DEPTH_MAX {
            return None;
        }
        match kind {
            1 | 2 => Some(()),
            3 => self.advance(1),
            4..=6 => self.varint().map(|_| ()),
            7 => self.advance(8),
            8 => {
                let n = self.varint()?;
                self.advance(n)
            }
            9 | 10 => {
                let header = self.byte()?;
                let (short, elem) = (u64::from(header >> 4), header & 0x0f);
                let n = if short == 15 { self.varint()? } else { short };
                self.elements(n, &[elem], depth)
            }
            11 => {
                let n = self.varint()?;
                if n == 0 {
                    return Some(());
                }
                let kinds = self.byte()?;
                self.elements(n, &[kinds >> 4, kinds & 0x0f], depth)
            }
            12 => self.fields(depth + 1, |cursor, _, kind| cursor.skip(kind, depth + 1)),
            _ => None,
        }
    }

    /// Skips `n` elements of each of `kinds` in turn (booleans take a byte
    /// each inside a list or map).
    fn elements(&mut self, n: u64, kinds: &[u8], depth: u32) -> Option<()> {
        // Every element takes at least a byte: a count beyond the bytes
        // left is damage, not a loop to run.
        if n > (self.bytes.len() - self.at) as u64 {
            return None;
        }
        for _ in 0..n {
            for &kind in kinds {
                match kind {
                    1 | 2 => self.advance(1)?,
                    _ => self.skip(kind, depth + 1)?,
                }
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor as Bytes;

    /// A page header as the Thrift compact protocol writes it: type (i32),
    /// uncompressed and compressed sizes (i32), a data page header struct
    /// (num_values, a statistics struct with a binary max, a list of three
    /// booleans), then `compressed` bytes of page.
    fn page(uncompressed: i64, compressed: i64) -> Vec<u8> {
        let zigzag = |v: i64| {
            let mut z = ((v << 1) ^ (v >> 63)) as u64;
            let mut out = Vec::new();
            loop {
                let b = (z & 0x7f) as u8;
                z >>= 7;
                if z == 0 {
                    out.push(b);
                    return out;
                }
                out.push(b | 0x80);
            }
        };
        let mut h = vec![0x15];
        h.extend(zigzag(0));
        h.push(0x15);
        h.extend(zigzag(uncompressed));
        h.push(0x15);
        h.extend(zigzag(compressed));
        // field 5: struct { 1: i32 num_values, 5: struct { 1: binary "zz" },
        // 6: list<bool> [true, false, true] }, then the header's stop.
        h.extend([0x2c, 0x15, 0x06, 0x4c, 0x18, 0x02, b'z', b'z', 0x00]);
        h.extend([0x19, 0x31, 0x01, 0x02, 0x01, 0x00, 0x00]);
        h.extend(std::iter::repeat_n(0xab, compressed.max(0) as usize));
        h
    }

    #[test]
    fn real_sized_pages_pass_and_are_walked_one_after_another() {
        let mut file = page(5000, 1200);
        file.extend(page(100, 100));
        file.extend(page(3_000_000, 40_000));
        let len = file.len() as u64;
        assert_eq!(check(&mut Bytes::new(file), &[(0, len)]), Ok(()));
    }

    #[test]
    fn a_page_claiming_far_more_than_it_can_hold_is_refused() {
        let mut file = page(5000, 1200);
        file.extend(page(300_000_000, 100));
        let len = file.len() as u64;
        let e = check(&mut Bytes::new(file), &[(0, len)]).unwrap_err();
        assert!(
            e.starts_with("column 1, page 2: its header claims 300000000 bytes"),
            "{e}"
        );
        // Beyond the cell limit even at a plausible ratio.
        let big = page(300_000_000, 1_000_000);
        let len = big.len() as u64;
        let e = check(&mut Bytes::new(big), &[(0, len)]).unwrap_err();
        assert!(e.contains("claims 300000000 bytes"), "{e}");
        let negative = page(-5, 10);
        let len = negative.len() as u64;
        let e = check(&mut Bytes::new(negative), &[(0, len)]).unwrap_err();
        assert!(e.contains("negative size"), "{e}");
    }

    #[test]
    fn damaged_headers_are_errors_not_loops_or_panics() {
        let good = page(100, 100);
        // Cut short, and a chunk beyond the file.
        for cut in [1, 3, 7, 12] {
            let e = check(&mut Bytes::new(good[..cut].to_vec()), &[(0, cut as u64)]);
            assert!(e.is_err(), "cut at {cut}");
        }
        assert!(check(&mut Bytes::new(good.clone()), &[(0, 10_000)]).is_err());
        // A list that claims more elements than there are bytes.
        let list = vec![0x19, 0xf5, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00];
        assert!(check(&mut Bytes::new(list), &[(0, 8)]).is_err());
        // Structs nested deeper than any header.
        let deep = vec![0x1c; 200];
        assert!(check(&mut Bytes::new(deep), &[(0, 200)]).is_err());
    }
}
