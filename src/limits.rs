//! Every bound framescore puts on what it is given, in one place: the
//! numeric options, the size of what one read holds in memory (a row, a
//! line, an article file, a lexicon file) and the size of a lexicon.
//!
//! A bound is checked before the work it protects, and going past it is an
//! error that names the bound and what to do (exit 2 at the command line),
//! never a panic, an abort or a silent cut. The README's "Limits" table
//! lists them; a test compares that table with these constants.
//!
//! Knows nothing of how the values are used: the command line checks the
//! options against these bounds, the corpus and lexicon readers the sizes.

/// `--bootstrap`: resamples per outlet. Memory grows as outlets x
/// categories x resamples x 8 bytes (242 outlets, 16 categories: 3 GB at
/// this bound), so a larger number is refused rather than left to fail
/// half-way.
pub const BOOTSTRAP_MAX: u64 = 100_000;

/// `--permutations`: permutations of the article-level test and random
/// tables of the Monte Carlo test. Time grows linearly with it (a p-value
/// cannot be below 1 / (N + 1), 1e-6 at this bound).
pub const PERMUTATIONS_MAX: u64 = 1_000_000;

/// `--context` of `kwic` and `diff`: characters on each side of a match.
pub const CONTEXT_MAX: u64 = 1_000;

/// `--threads`: worker threads (at least 1).
pub const THREADS_MAX: u64 = 1_024;

/// `--shard K/N`: at most this many shards.
pub const SHARDS_MAX: u64 = 100_000;

/// `--level`: category nesting depth to roll up to.
pub const LEVEL_MAX: u64 = 100;

/// `near` / `not_near` `window` in a lexicon rule: words on each side.
pub const WINDOW_MAX: u64 = 1_000;

/// One row of a table (CSV, TSV, manifest), one line of a JSON Lines file
/// or one article file, in bytes after decompression: what one read holds
/// in memory. A gzip stream is decompressed as it is read and never held
/// whole, so this is also the bound on what one gzip member may expand one
/// article to.
pub const RECORD_BYTES_MAX: u64 = 256 * 1024 * 1024;

/// Cells in one row of a table (columns).
pub const CELLS_MAX: usize = 10_000;

/// A lexicon file (TOML or an imported dictionary), in bytes. The largest
/// published dictionary we know (the General Inquirer, augmented) is 2.5 MB;
/// the matcher built from 16 MiB of long random terms takes about 1 GB.
pub const LEXICON_BYTES_MAX: u64 = 16 * 1024 * 1024;

/// Terms in a lexicon, over all groups and categories (rule words not
/// counted). A million terms build a matcher in a few seconds and under
/// 1 GB, the worst shapes included (see `matching::search::padding`).
pub const TERMS_MAX: usize = 1_000_000;

/// One term, or one word or phrase of a rule, in characters.
pub const TERM_CHARS_MAX: usize = 500;

/// A size in bytes for a message: `256 MiB`, `64 KiB`, `12 bytes`.
pub fn bytes(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (size, unit) in UNITS {
        if n >= size && n.is_multiple_of(size) {
            return format!("{} {unit}", n / size);
        }
    }
    format!("{n} bytes")
}

/// Reads at most `max` bytes of `input` to its end; `Ok(None)` when there
/// is more (nothing past `max + 1` bytes is read).
pub fn read_bounded(input: impl std::io::Read, max: u64) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    input.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= max).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(bytes(RECORD_BYTES_MAX), "256 MiB");
        assert_eq!(bytes(LEXICON_BYTES_MAX), "16 MiB");
        assert_eq!(bytes(3 << 30), "3 GiB");
        assert_eq!(bytes(1536), "1536 bytes");
        assert_eq!(bytes(2048), "2 KiB");
    }

    /// `1,000,000`.
    fn thousands(n: u64) -> String {
        let digits = n.to_string();
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn the_readme_states_every_bound() {
        let readme = include_str!("../README.md");
        let table = readme
            .split("## Limits")
            .nth(1)
            .and_then(|s| s.split("\n## ").next())
            .expect("README has a Limits section");
        let row = |label: &str| {
            table
                .lines()
                .find(|l| l.starts_with(&format!("| {label}")))
                .unwrap_or_else(|| panic!("no row for {label}"))
        };
        for (label, want) in [
            (
                "`--bootstrap N`",
                format!("0 to {}", thousands(BOOTSTRAP_MAX)),
            ),
            (
                "`--permutations N`",
                format!("0 to {}", thousands(PERMUTATIONS_MAX)),
            ),
            (
                "`--context N`",
                format!("0 to {} characters", thousands(CONTEXT_MAX)),
            ),
            ("`--threads N`", format!("1 to {}", thousands(THREADS_MAX))),
            ("`--level N`", format!("1 to {}", thousands(LEVEL_MAX))),
            ("`--shard K/N`", format!("N <= {}", thousands(SHARDS_MAX))),
            ("`window`", format!("1 to {} words", thousands(WINDOW_MAX))),
            (
                "one row",
                format!("{}, decompressed", bytes(RECORD_BYTES_MAX)),
            ),
            ("cells in one row", thousands(CELLS_MAX as u64)),
            ("a lexicon file", bytes(LEXICON_BYTES_MAX)),
            ("terms in a lexicon", thousands(TERMS_MAX as u64)),
            ("one term", format!("{TERM_CHARS_MAX} characters")),
        ] {
            assert!(
                row(label).contains(&want),
                "{label}: {want} not in {}",
                row(label)
            );
        }
    }

    #[test]
    fn a_bounded_read_stops_one_byte_past_the_bound() {
        let data = [7u8; 10];
        assert_eq!(read_bounded(&data[..], 10).unwrap(), Some(data.to_vec()));
        assert_eq!(read_bounded(&data[..], 9).unwrap(), None);
        // An endless input is not read to its end.
        assert_eq!(read_bounded(std::io::repeat(1), 1000).unwrap(), None);
    }
}
