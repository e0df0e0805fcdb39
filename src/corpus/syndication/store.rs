//! Where the syndication detector keeps what it learns of each compared
//! article until the pair search, so that its memory does not grow with the
//! corpus: the signature, shingle count and outlet as fixed-size records,
//! the labels (corpus place, id, date) one after another, and the band keys
//! a block of [`KEY_BLOCK`] articles at a time, band-major within a block
//! (one band's keys are read without the rest). Each is a [`Spill`]: in
//! memory up to [`MEMORY_BYTES`], then in an unnamed temporary file in the
//! system's temporary folder (`TMPDIR`), which the system removes when the
//! run ends, also when it is killed. Nothing is kept per article in memory.
//!
//! It knows the record's layout, not what a signature means or how pairs
//! are found (the parent module).

use super::{Signature, BANDS, HASHES};
use rustc_hash::FxHashMap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

/// What a [`Spill`] holds in memory before it moves to a file.
pub(super) const MEMORY_BYTES: usize = 4 << 20;
/// Articles whose band keys are gathered before they are written.
const KEY_BLOCK: usize = 4096;
/// A record: the min-hashes, the shingle count (u64) and the outlet (u32).
const RECORD: usize = HASHES * 4 + 8 + 4;

/// The store could not write or read its temporary file.
#[derive(Debug, thiserror::Error)]
#[error(
    "the syndication signatures could not be kept in a temporary file in {} (set TMPDIR \
     to a folder with room: about 850 bytes per article compared)",
    std::env::temp_dir().display()
)]
pub struct SpillError {
    #[from]
    source: io::Error,
}

/// Bytes appended in memory, or to a temporary file once there are more
/// than its limit.
struct Spill {
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
    limit: usize,
}

impl Spill {
    fn new(limit: usize) -> Spill {
        Spill {
            memory: Vec::new(),
            file: None,
            limit,
        }
    }

    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(file) = &mut self.file {
            return file.write_all(bytes);
        }
        if self.memory.len() + bytes.len() <= self.limit {
            self.memory.extend_from_slice(bytes);
            return Ok(());
        }
        let mut file = BufWriter::with_capacity(1 << 18, tempfile::tempfile()?);
        file.write_all(&self.memory)?;
        file.write_all(bytes)?;
        self.memory = Vec::new();
        self.file = Some(file);
        Ok(())
    }

    fn seal(self) -> io::Result<Sealed> {
        match self.file {
            Some(file) => Ok(Sealed::File(
                file.into_inner().map_err(io::IntoInnerError::into_error)?,
            )),
            None => Ok(Sealed::Memory(self.memory)),
        }
    }
}

/// A [`Spill`] written to the end, read at any place (from any thread).
enum Sealed {
    Memory(Vec<u8>),
    File(File),
}

impl Sealed {
    fn read(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        match self {
            Sealed::Memory(bytes) => {
                let from = usize::try_from(at).ok();
                let to = from.and_then(|from| from.checked_add(buf.len()));
                match (from, to) {
                    (Some(from), Some(to)) if to <= bytes.len() => {
                        buf.copy_from_slice(&bytes[from..to]);
                        Ok(())
                    }
                    _ => Err(io::ErrorKind::UnexpectedEof.into()),
                }
            }
            Sealed::File(file) => read_exact_at(file, buf, at),
        }
    }

    /// A reader from the start.
    fn reader(&self) -> io::Result<Box<dyn Read + '_>> {
        match self {
            Sealed::Memory(bytes) => Ok(Box::new(&bytes[..])),
            Sealed::File(file) => {
                let mut file = file;
                file.seek(SeekFrom::Start(0))?;
                Ok(Box::new(BufReader::with_capacity(1 << 18, file)))
            }
        }
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut at: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, at)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                at += n as u64;
            }
        }
    }
    Ok(())
}

/// A compared article's record, read back.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Record {
    pub mins: [u32; HASHES],
    pub shingles: u64,
    /// The outlet's number ([`Written::outlet`] names it).
    pub outlet: u32,
}

impl Default for Record {
    fn default() -> Self {
        Record {
            mins: [0; HASHES],
            shingles: 0,
            outlet: 0,
        }
    }
}

/// An article's labels, read back.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Labels<'a> {
    pub ordinal: u64,
    pub outlet: u32,
    pub id: &'a str,
    pub date: &'a str,
}

/// The articles added so far.
pub(super) struct Store {
    records: Spill,
    labels: Spill,
    keys: Spill,
    /// The band keys of the block being gathered: band b's at
    /// `b * KEY_BLOCK ..`.
    block: Vec<u64>,
    len: usize,
    outlets: Vec<String>,
    outlet_ids: FxHashMap<String, u32>,
    /// The first write that failed; nothing is written after it.
    failed: Option<io::Error>,
}

impl Store {
    pub fn new(memory_bytes: usize) -> Store {
        Store {
            records: Spill::new(memory_bytes),
            labels: Spill::new(memory_bytes),
            keys: Spill::new(memory_bytes),
            block: vec![0; BANDS * KEY_BLOCK],
            len: 0,
            outlets: Vec::new(),
            outlet_ids: FxHashMap::default(),
            failed: None,
        }
    }

    /// Adds an article (its band keys from its signature).
    pub fn push(&mut self, ordinal: u64, outlet: &str, id: &str, date: &str, sig: &Signature) {
        if self.failed.is_some() {
            return;
        }
        let outlet = match self.outlet_ids.get(outlet) {
            Some(&n) => n,
            None => {
                let n = self.outlets.len() as u32;
                self.outlets.push(outlet.to_string());
                self.outlet_ids.insert(outlet.to_string(), n);
                n
            }
        };
        let slot = self.len % KEY_BLOCK;
        for (b, key) in super::band_keys(&sig.mins).enumerate() {
            self.block[b * KEY_BLOCK + slot] = key;
        }
        if let Err(e) = self.write(ordinal, outlet, id, date, sig, slot) {
            self.failed = Some(e);
        }
        self.len += 1;
    }

    fn write(
        &mut self,
        ordinal: u64,
        outlet: u32,
        id: &str,
        date: &str,
        sig: &Signature,
        slot: usize,
    ) -> io::Result<()> {
        let mut record = [0u8; RECORD];
        for (to, m) in record.chunks_exact_mut(4).zip(&sig.mins[..]) {
            to.copy_from_slice(&m.to_le_bytes());
        }
        record[HASHES * 4..HASHES * 4 + 8].copy_from_slice(&(sig.shingles as u64).to_le_bytes());
        record[HASHES * 4 + 8..].copy_from_slice(&outlet.to_le_bytes());
        self.records.append(&record)?;
        self.labels.append(&ordinal.to_le_bytes())?;
        self.labels.append(&outlet.to_le_bytes())?;
        for text in [id, date] {
            self.labels.append(&(text.len() as u64).to_le_bytes())?;
            self.labels.append(text.as_bytes())?;
        }
        if slot == KEY_BLOCK - 1 {
            let block: Vec<u8> = self.block.iter().flat_map(|k| k.to_le_bytes()).collect();
            self.keys.append(&block)?;
        }
        Ok(())
    }

    /// Everything written, to be read back.
    pub fn seal(self) -> Result<Written, SpillError> {
        if let Some(e) = self.failed {
            return Err(e.into());
        }
        Ok(Written {
            records: self.records.seal()?,
            labels: self.labels.seal()?,
            keys: self.keys.seal()?,
            block: self.block,
            len: self.len,
            outlets: self.outlets,
        })
    }
}

/// The store, written: records and band keys read at any place (from any
/// thread), labels in order.
pub(super) struct Written {
    records: Sealed,
    labels: Sealed,
    keys: Sealed,
    block: Vec<u64>,
    len: usize,
    outlets: Vec<String>,
}

impl Written {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn outlet(&self, n: u32) -> &str {
        &self.outlets[n as usize]
    }

    /// Reads the `i`-th article's record into `to`.
    pub fn record(&self, i: usize, to: &mut Record) -> io::Result<()> {
        let mut bytes = [0u8; RECORD];
        self.records.read((i * RECORD) as u64, &mut bytes)?;
        let (mins, rest) = bytes.split_at(HASHES * 4);
        for (m, from) in to.mins.iter_mut().zip(mins.chunks_exact(4)) {
            *m = u32::from_le_bytes(from.try_into().unwrap_or_default());
        }
        let (shingles, outlet) = rest.split_at(8);
        to.shingles = u64::from_le_bytes(shingles.try_into().unwrap_or_default());
        to.outlet = u32::from_le_bytes(outlet.try_into().unwrap_or_default());
        Ok(())
    }

    /// Every article's key in band `b`, in the order added.
    pub fn band_keys(&self, b: usize) -> io::Result<Vec<u64>> {
        let mut keys = Vec::with_capacity(self.len);
        let full = self.len / KEY_BLOCK;
        let mut bytes = vec![0u8; KEY_BLOCK * 8];
        for block in 0..full {
            let at = (block * BANDS + b) * KEY_BLOCK * 8;
            self.keys.read(at as u64, &mut bytes)?;
            keys.extend(
                bytes
                    .chunks_exact(8)
                    .map(|k| u64::from_le_bytes(k.try_into().unwrap_or_default())),
            );
        }
        let rest = self.len % KEY_BLOCK;
        keys.extend_from_slice(&self.block[b * KEY_BLOCK..b * KEY_BLOCK + rest]);
        Ok(keys)
    }

    /// Calls `f(i, labels)` for each article in the order added.
    pub fn each_label(&self, mut f: impl FnMut(usize, Labels)) -> io::Result<()> {
        let mut from = self.labels.reader()?;
        let (mut id, mut date) = (Vec::new(), Vec::new());
        let text = |from: &mut dyn Read, to: &mut Vec<u8>| -> io::Result<()> {
            let mut len = [0u8; 8];
            from.read_exact(&mut len)?;
            let len = usize::try_from(u64::from_le_bytes(len))
                .map_err(|_| io::Error::from(io::ErrorKind::InvalidData))?;
            to.resize(len, 0);
            from.read_exact(to)
        };
        fn utf8(bytes: &[u8]) -> io::Result<&str> {
            std::str::from_utf8(bytes).map_err(io::Error::other)
        }
        for i in 0..self.len {
            let (mut ordinal, mut outlet) = ([0u8; 8], [0u8; 4]);
            from.read_exact(&mut ordinal)?;
            from.read_exact(&mut outlet)?;
            text(&mut from, &mut id)?;
            text(&mut from, &mut date)?;
            let labels = Labels {
                ordinal: u64::from_le_bytes(ordinal),
                outlet: u32::from_le_bytes(outlet),
                id: utf8(&id)?,
                date: utf8(&date)?,
            };
            f(i, labels);
        }
        Ok(())
    }
}
