//! whatlang's language model, scored faster with the same answer. For a text
//! in a script several languages share (Latin, Cyrillic, Arabic, Devanagari,
//! Hebrew) `whatlang::detect_lang` (0.18, its default `Combined` method)
//! weighs an alphabet score against a trigram score; the trigram score looks
//! each of a language's 300 profile trigrams up in the text's trigrams, 37
//! languages x 300 hash lookups for every Latin text, which was most of a
//! default report's language detection (docs/PERFORMANCE.md). Here the
//! profiles are indexed by trigram once, so a text costs one lookup per
//! distinct trigram of its own (at most 600), and a trigram is three
//! characters packed in a `u64`. A text is read once, lower-cased a
//! character at a time, its letters and trigrams counted together; a
//! trigram of `a`-`z`, DEL and spaces is counted and looked up in an array
//! slot of its own rather than hashed. Every other step (which script, the
//! alphabets, the text's trigram ranks, the distances, the weights, the sort
//! orders and their ties) is whatlang's own, on the same types, so the
//! language is the same for every text: tests and `examples/same_language.rs`
//! (run by scripts/check_languages.sh on every shared corpus) compare.
//!
//! The profiles and alphabets are whatlang's (MIT), vendored in
//! `whatlang.txt` by scripts/vendor_whatlang.py because whatlang does not
//! export them. Owns the scoring; knows nothing of ISO codes (`language.rs`
//! maps whatlang's languages) or of articles.

use std::cmp::Reverse;
use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use whatlang::{Lang, Script};

/// whatlang's `MAX_TRIGRAM_DISTANCE`: a profile trigram missing from the
/// text, or at least this far from its rank there.
const MAX_TRIGRAM_DISTANCE: u32 = 300;
/// whatlang's `MAX_TOTAL_DISTANCE`.
const MAX_TOTAL_DISTANCE: u32 = MAX_TRIGRAM_DISTANCE * MAX_TRIGRAM_DISTANCE;
/// whatlang's `TEXT_TRIGRAMS_SIZE`: how many of a text's trigrams are ranked.
const TEXT_TRIGRAMS_SIZE: usize = 600;

/// The vendored data: `profile` and `alphabet` lines (see the file's header).
const DATA: &str = include_str!("whatlang.txt");

/// The languages of one script: their trigram profiles, indexed, and (for
/// Latin and Cyrillic) their alphabets.
struct Model {
    /// The profiles' languages in whatlang's order (the order its distance
    /// sort starts from, so ties fall the same way).
    langs: Vec<Lang>,
    /// Each language's profile length (300 in 0.18).
    lengths: Vec<u32>,
    /// Profile trigram -> its row of [`Model::rows`]: one lookup and one
    /// contiguous read per trigram of a text.
    ranks: FxHashMap<u64, u16>,
    /// The same by [`direct_slot`] for the trigrams it has one for (most
    /// of a Latin text's): an array read, no hashing; [`NO_ROW`] for
    /// trigrams of no profile.
    direct: Vec<u16>,
    /// A row's run of [`Model::places`] (start, end).
    rows: Vec<(u32, u32)>,
    /// (language's place in `langs`, rank in its profile), by trigram.
    places: Vec<(u8, u16)>,
    alphabet: Option<Alphabet>,
}

/// whatlang's inverted alphabet map: sorted characters and, for each, the
/// languages whose alphabet has it.
struct Alphabet {
    chars: Vec<char>,
    langs: Vec<Vec<Lang>>,
    /// Place in `chars` of each ASCII character (`u16::MAX`: none), to
    /// spare the binary search on the common characters.
    ascii: [u16; 128],
}

/// The models of the five scripts whatlang scores, parsed once.
static MODELS: LazyLock<[Model; 5]> = LazyLock::new(|| {
    ["latin", "cyrillic", "arabic", "devanagari", "hebrew"].map(|script| Model::parse(script, DATA))
});

/// The language of `text` as `whatlang::detect_lang` finds it.
pub fn detect_lang(text: &str) -> Option<Lang> {
    let script = script(text)?;
    let model = match script {
        Script::Latin => &MODELS[0],
        Script::Cyrillic => &MODELS[1],
        Script::Arabic => &MODELS[2],
        Script::Devanagari => &MODELS[3],
        Script::Hebrew => &MODELS[4],
        // One language per script, or Mandarin's test for Japanese kana:
        // no trigrams, nothing to gain.
        _ => return whatlang::detect_lang(text),
    };
    SCAN.with_borrow_mut(|scan| {
        let letters = scan.read(text, model.alphabet.as_ref(), script == Script::Latin);
        let (alphabet_scores, count) = match &model.alphabet {
            Some(alphabet) => alphabet.scores(script, &scan.char_scores, letters),
            // whatlang has no alphabets for these scripts: every language 1.
            None => (script.langs().iter().map(|&l| (l, 1.0)).collect(), 1),
        };
        let ranked = scan.ranked();
        let trigram_scores = model.trigram_scores(&ranked);
        combine(&alphabet_scores, &trigram_scores, count)
    })
}

thread_local! {
    /// Each thread's counting tables, reused from text to text.
    static SCAN: std::cell::RefCell<Scan> = std::cell::RefCell::new(Scan::new());
}

/// The characters a trigram of the direct table is made of: the space
/// (every stop character becomes one), `a` to `z` and DEL, which is all
/// lower-cased ASCII keeps past whatlang's stop characters.
const SYMBOLS: usize = 28;
/// Trigrams of those characters: one slot each.
const DIRECT: usize = SYMBOLS * SYMBOLS * SYMBOLS;
/// [`Scan::direct`]'s slot for the trigrams not counted.
const SINK: usize = DIRECT;
/// No row: a trigram of no profile.
const NO_ROW: u16 = u16::MAX;

/// Each ASCII character's [`symbol`] once lower-cased and a stop
/// character made a space ([`is_stop_char`]), as [`Window::push`] finds
/// it: 0 for the stop characters, `a`-`z` 1-26 in either case, DEL 27.
const ASCII_SYMBOLS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let lower = (b as u8).to_ascii_lowercase() as char;
        let c = if is_stop_char(lower) { ' ' } else { lower };
        let s = symbol(c as u32);
        // Every ASCII character has a symbol so (checked as it compiles).
        assert!(s < SYMBOLS as u32);
        table[b] = s as u8;
        b += 1;
    }
    table
};

/// Not one of [`SYMBOLS`].
const NO_SYMBOL: u32 = u32::MAX;

/// A character's place among [`SYMBOLS`], or [`NO_SYMBOL`].
const fn symbol(c: u32) -> u32 {
    match c {
        0x20 => 0,
        0x61..=0x7a => c - 0x60,
        0x7f => 27,
        _ => NO_SYMBOL,
    }
}

/// A trigram's slot in a direct table, if its three characters have one.
fn direct_slot(a: u32, b: u32, c: u32) -> Option<usize> {
    slot_of(symbol(a), symbol(b), symbol(c))
}

/// The slot of three [`symbol`]s, if none is [`NO_SYMBOL`].
fn slot_of(a: u32, b: u32, c: u32) -> Option<usize> {
    if a == NO_SYMBOL || b == NO_SYMBOL || c == NO_SYMBOL {
        return None;
    }
    Some(((a as usize * SYMBOLS) + b as usize) * SYMBOLS + c as usize)
}

/// The direct slot of a packed trigram, if it has one.
fn unpack_slot(trigram: u64) -> Option<usize> {
    const CHAR: u64 = (1 << 21) - 1;
    direct_slot(
        (trigram >> 42) as u32,
        ((trigram >> 21) & CHAR) as u32,
        (trigram & CHAR) as u32,
    )
}

/// A trigram as [`Scan::ranked`] hands it on: its direct slot (below
/// [`DIRECT`]), else its packed form (2^47 or more: its first character is
/// a space or above), so that a direct trigram is neither packed nor
/// unpacked on its way to the model's table.
type Key = u64;

/// The packed trigram of a [`Key`].
#[cfg(test)]
fn key_trigram(key: Key) -> u64 {
    if key < DIRECT as Key {
        unslot(key as usize)
    } else {
        key
    }
}

/// How many direct slots order below `trigram`, a trigram of none: the
/// slots whose trigrams are smaller are exactly those below this (slots
/// order as their trigrams do), so it orders above a slot's trigram when
/// the slot is below this number.
fn slots_below(trigram: u64) -> usize {
    const CHAR: u64 = (1 << 21) - 1;
    let [a, b, c] = [trigram >> 42, (trigram >> 21) & CHAR, trigram & CHAR].map(|x| x as u32);
    // The symbols below a character: the space, `a` to `z`, DEL.
    let below = |x: u32| {
        usize::from(x > 0x20) + (x.clamp(0x61, 0x7b) - 0x61) as usize + usize::from(x > 0x7f)
    };
    // A trigram of a first (second) character of no symbol has every slot
    // of a smaller first (second) character below it and no other.
    let mut n = below(a) * SYMBOLS * SYMBOLS;
    if symbol(a) != NO_SYMBOL {
        n += below(b) * SYMBOLS;
        if symbol(b) != NO_SYMBOL {
            n += below(c);
        }
    }
    n
}

/// The packed trigram of a direct slot.
#[cfg(test)]
fn unslot(slot: usize) -> u64 {
    let char_of = |s: usize| match s {
        0 => ' ',
        27 => '\u{7f}',
        _ => char::from(b'a' + s as u8 - 1),
    };
    pack(
        char_of(slot / (SYMBOLS * SYMBOLS)),
        char_of(slot / SYMBOLS % SYMBOLS),
        char_of(slot % SYMBOLS),
    )
}

/// The trigrams outside the direct slots a thread's table keeps room for
/// between texts: a 2 KB sample has at most 2,049.
const OTHER_KEPT: usize = 2048;

/// One text's letters and trigrams, counted in one reading.
struct Scan {
    /// Trigrams of [`SYMBOLS`] by slot, and past them [`SINK`], where a
    /// trigram whatlang does not count goes so that no branch skips it.
    direct: Vec<u32>,
    /// The slots of `direct` counted, a bit a slot: read from the top, the
    /// slots in descending order without sorting them. Zero between texts.
    seen: Vec<u64>,
    /// Every other trigram, packed.
    other: FxHashMap<u64, u32>,
    /// The alphabet's letters by place, 2 for each time seen.
    char_scores: Vec<usize>,
    /// The ASCII bytes read by [`Window::push_ascii`], by value: added to
    /// the letters and `char_scores` once a text is read, not byte by byte.
    /// Zero between texts.
    ascii: [usize; 128],
}

impl Scan {
    fn new() -> Scan {
        Scan {
            direct: vec![0; SINK + 1],
            seen: vec![0; (SINK + 1).div_ceil(64)],
            other: FxHashMap::default(),
            char_scores: Vec::new(),
            ascii: [0; 128],
        }
    }

    /// Counts the trigrams of `text` lower-cased as `str::to_lowercase`
    /// does (whatlang's stop characters as spaces, a space before and
    /// after), and with an alphabet its letters; returns how many letters
    /// (characters that are not stop characters). `by_char`: lower-cased a
    /// character at a time (a text mostly ASCII: no copy), else as a whole
    /// (a text mostly of other characters, which `str::to_lowercase` maps
    /// faster than `char::to_lowercase` one by one: Arabic 20% faster).
    fn read(&mut self, text: &str, alphabet: Option<&Alphabet>, by_char: bool) -> usize {
        if let Some(alphabet) = alphabet {
            self.char_scores.clear();
            self.char_scores.resize(alphabet.chars.len(), 0);
        }
        let mut window = Window {
            c1: ' ',
            c2: ' ',
            s1: 0,
            s2: 0,
            started: false,
            letters: 0,
        };
        // `str::to_lowercase` makes a capital sigma final or not by its
        // neighbours; char by char it cannot be told.
        if !by_char || text.contains('\u{3a3}') {
            for c in text.to_lowercase().chars() {
                window.push(c, self, alphabet);
            }
        } else {
            let mut rest = text;
            while let Some(c) = rest.chars().next() {
                // A run of ASCII by bytes, then one other character.
                let ascii = rest.bytes().take_while(u8::is_ascii).count();
                if let (Some(alphabet), Some((&first, bytes))) =
                    (alphabet, rest.as_bytes()[..ascii].split_first())
                {
                    window.push(char::from(first.to_ascii_lowercase()), self, Some(alphabet));
                    for &b in bytes {
                        window.push_ascii(b, self);
                    }
                } else {
                    for c in rest[..ascii].chars() {
                        window.push(c.to_ascii_lowercase(), self, alphabet);
                    }
                }
                rest = &rest[ascii..];
                if ascii == 0 {
                    for l in c.to_lowercase() {
                        window.push(l, self, alphabet);
                    }
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        window.end(self);
        if let Some(alphabet) = alphabet {
            window.letters += self.add_ascii(alphabet);
        }
        window.letters
    }

    /// Adds the bytes [`Window::push_ascii`] read to `char_scores` (2 each
    /// time, as [`Window::push`] does) and empties their table; returns
    /// how many were letters.
    fn add_ascii(&mut self, alphabet: &Alphabet) -> usize {
        let mut letters = 0;
        for (b, n) in (0u8..).zip(&mut self.ascii) {
            let n = std::mem::take(n);
            let lower = b.to_ascii_lowercase();
            if n == 0 || ASCII_SYMBOLS[usize::from(lower)] == 0 {
                continue;
            }
            letters += n;
            if let Some(i) = alphabet.place(char::from(lower)) {
                self.char_scores[i] += 2 * n;
            }
        }
        letters
    }

    fn count(&mut self, (c1, s1): (char, u32), (c2, s2): (char, u32), (c3, s3): (char, u32)) {
        if let Some(slot) = slot_of(s1, s2, s3) {
            self.count_slot(slot);
        } else {
            *self.other.entry(pack(c1, c2, c3)).or_insert(0) += 1;
        }
    }

    /// Counts a direct slot (or [`SINK`]) without a branch.
    #[inline(always)]
    fn count_slot(&mut self, slot: usize) {
        self.direct[slot] += 1;
        self.seen[slot / 64] |= 1 << (slot % 64);
    }

    /// whatlang's ranks of the trigrams counted (see [`rank`]) as [`Key`]s;
    /// empties the tables for the next text.
    fn ranked(&mut self) -> Vec<Key> {
        // Every trigram counted, in descending order: the direct slots read
        // from their bits, from the top (a slot orders as its trigram does:
        // the space, `a`-`z` and DEL order as their characters), merged with
        // the others, sorted (few in most texts).
        let mut others: Vec<(u64, u32)> = self.other.drain().collect();
        // Emptying a table costs its size: one grown by a long text is
        // made small again for the 2 KB samples after it.
        self.other.shrink_to(OTHER_KEPT);
        others.sort_unstable_by_key(|o| Reverse(o.0));
        let mut counts: Vec<(Key, u32)> = Vec::with_capacity(others.len() + 1024);
        self.direct[SINK] = 0;
        self.seen[SINK / 64] &= !(1 << (SINK % 64));
        // Each other trigram with the slots below it: it goes before a slot
        // when the slot is below that, compared without unpacking the slot.
        let mut others = others
            .into_iter()
            .map(|(trigram, n)| (slots_below(trigram), (trigram, n)))
            .peekable();
        for (w, word) in self.seen.iter_mut().enumerate().rev() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                let bit = 63 - bits.leading_zeros() as usize;
                bits &= !(1 << bit);
                let slot = w * 64 + bit;
                while let Some((_, other)) = others.next_if(|o| o.0 > slot) {
                    counts.push(other);
                }
                counts.push((slot as Key, std::mem::take(&mut self.direct[slot])));
            }
        }
        counts.extend(others.map(|(_, other)| other));
        rank(&counts)
    }
}

/// The last two characters read, and their symbols.
struct Window {
    c1: char,
    c2: char,
    s1: u32,
    s2: u32,
    started: bool,
    letters: usize,
}

impl Window {
    #[inline]
    fn push(&mut self, c: char, scan: &mut Scan, alphabet: Option<&Alphabet>) {
        let stop = is_stop_char(c);
        let c3 = if stop { ' ' } else { c };
        if !stop {
            self.letters += 1;
            if let Some(i) = alphabet.and_then(|a| a.place(c)) {
                scan.char_scores[i] += 2;
            }
        }
        let s3 = symbol(u32::from(c3));
        if !self.started {
            // whatlang's first trigram is a space, the first character and
            // the second.
            self.started = true;
            self.c2 = c3;
            self.s2 = s3;
            return;
        }
        self.count(c3, s3, scan);
        self.shift(c3, s3);
    }

    /// Counts the trigram the window makes with `c3` (symbol `s3`) unless
    /// whatlang skips it (a space between two spaces or a space and an end).
    #[inline(always)]
    fn count(&self, c3: char, s3: u32, scan: &mut Scan) {
        if !(self.c2 == ' ' && (self.c1 == ' ' || c3 == ' ')) {
            scan.count((self.c1, self.s1), (self.c2, self.s2), (c3, s3));
        }
    }

    #[inline(always)]
    fn shift(&mut self, c3: char, s3: u32) {
        self.c1 = self.c2;
        self.s1 = self.s2;
        self.c2 = c3;
        self.s2 = s3;
    }

    /// [`Window::push`] of an ASCII byte once the window has started, by
    /// tables: its symbol lower-cased (0, a space, for a stop character),
    /// the byte counted for [`Scan::add_ascii`] (the letters and the
    /// alphabet), and a trigram whatlang does not count sent to [`SINK`]
    /// rather than skipped by a branch.
    #[inline(always)]
    fn push_ascii(&mut self, b: u8, scan: &mut Scan) {
        let lower = b.to_ascii_lowercase();
        let s3 = u32::from(ASCII_SYMBOLS[usize::from(lower & 0x7f)]);
        let c3 = if s3 == 0 { ' ' } else { char::from(lower) };
        scan.ascii[usize::from(b & 0x7f)] += 1;
        match slot_of(self.s1, self.s2, s3) {
            Some(slot) => {
                let skip = self.s2 == 0 && (self.s1 == 0 || s3 == 0);
                scan.count_slot(if skip { SINK } else { slot });
            }
            None => self.count(c3, s3, scan),
        }
        self.shift(c3, s3);
    }

    /// The space after the text.
    fn end(&mut self, scan: &mut Scan) {
        if !self.started {
            return;
        }
        // Counted unless the last character was a space.
        if self.c2 != ' ' {
            scan.count((self.c1, self.s1), (self.c2, self.s2), (' ', 0));
        }
    }
}

/// `whatlang::detect_script`'s answer: the script most of the text's
/// letters are in. whatlang counts each letter's script by trying up to 25
/// ranges through function pointers (10-16 µs of a 2 KB sample here); an ASCII
/// letter is Latin, and any other script's letters are non-ASCII
/// characters, so when the ASCII letters outnumber the non-ASCII
/// characters Latin has the most, whatever whatlang counts of the rest.
/// Other texts (Arabic, Cyrillic, close mixtures) are whatlang's to count.
fn script(text: &str) -> Option<Script> {
    let (letters, others) = letters_and_others(text.as_bytes());
    if letters > others {
        Some(Script::Latin)
    } else {
        whatlang::detect_script(text)
    }
}

/// How many of `bytes` are ASCII letters, and how many start a character
/// outside ASCII (0xC0 and above: a character's first byte is ASCII or
/// that). One pass, counted in bytes a block of 255 at a time, which the
/// compiler turns into vector compares (two `filter().count()` passes were
/// 6% of a 2 KB sample's detection).
fn letters_and_others(bytes: &[u8]) -> (usize, usize) {
    let (mut letters, mut others) = (0, 0);
    for block in bytes.chunks(255) {
        let (mut l, mut o) = (0u8, 0u8);
        for &b in block {
            // `A`-`Z` and `a`-`z` land on 0..26 once bit 5 is set; every
            // other byte past it.
            l += u8::from((b | 0x20).wrapping_sub(b'a') < 26);
            o += u8::from(b >= 0xC0);
        }
        letters += usize::from(l);
        others += usize::from(o);
    }
    (letters, others)
}

/// whatlang's `utils::is_stop_char`: space, punctuation or digit.
const fn is_stop_char(ch: char) -> bool {
    matches!(ch, '\u{0000}'..='\u{0040}' | '\u{005B}'..='\u{0060}' | '\u{007B}'..='\u{007E}')
}

/// A trigram as one number that orders as whatlang's `Trigram(char, char,
/// char)` does (a character fits in 21 bits).
fn pack(a: char, b: char, c: char) -> u64 {
    (u64::from(a) << 42) | (u64::from(b) << 21) | u64::from(c)
}

impl Model {
    fn parse(script: &str, data: &str) -> Model {
        let mut model = Model {
            langs: Vec::new(),
            lengths: Vec::new(),
            ranks: FxHashMap::default(),
            direct: vec![NO_ROW; DIRECT],
            rows: Vec::new(),
            places: Vec::new(),
            alphabet: None,
        };
        let mut ranks: FxHashMap<u64, Vec<(u8, u16)>> = FxHashMap::default();
        let mut alphabets: Vec<(Lang, &str)> = Vec::new();
        for line in data.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let (Some(kind), Some(s), Some(code), Some(body)) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                panic!("whatlang.txt: a line without four fields: {line}");
            };
            if s != script {
                continue;
            }
            let lang = Lang::from_code(code)
                .unwrap_or_else(|| panic!("whatlang.txt: whatlang has no language {code}"));
            if kind == "alphabet" {
                alphabets.push((lang, body));
                continue;
            }
            let place = model.langs.len() as u8;
            let chars: Vec<char> = body.chars().collect();
            for (rank, t) in chars.chunks_exact(3).enumerate() {
                let ranks = ranks.entry(pack(t[0], t[1], t[2])).or_default();
                ranks.push((place, rank as u16));
            }
            model.langs.push(lang);
            model.lengths.push((chars.len() / 3) as u32);
        }
        for (trigram, places) in ranks {
            // A row below NO_ROW.
            let row = u16::try_from(model.rows.len())
                .ok()
                .filter(|&row| row != NO_ROW)
                .expect("whatlang.txt: under 65,535 trigrams a script");
            let start = model.places.len() as u32;
            model.places.extend(places);
            model.rows.push((start, model.places.len() as u32));
            model.ranks.insert(trigram, row);
            if let Some(slot) = unpack_slot(trigram) {
                model.direct[slot] = row;
            }
        }
        if !alphabets.is_empty() {
            model.alphabet = Some(Alphabet::new(&alphabets));
        }
        model
    }

    /// whatlang's `trigrams::calculate_scores_in_profiles`: each language's
    /// distance from the text's trigram ranks, sorted, as scores in 0..=1.
    fn trigram_scores(&self, ranked: &[Key]) -> Vec<(Lang, f64)> {
        let count = ranked.len() as u32;
        // Each language's distances summed in the low 32 bits (at most 300
        // x 600), the profile trigrams found above them: one addition a
        // place.
        let mut sums = vec![0u64; self.langs.len()];
        for (n, trigram) in ranked.iter().enumerate() {
            let row = if *trigram < DIRECT as Key {
                self.direct[*trigram as usize]
            } else {
                self.ranks.get(trigram).copied().unwrap_or(NO_ROW)
            };
            let (start, end) = self.rows.get(usize::from(row)).copied().unwrap_or((0, 0));
            for &(lang, rank) in &self.places[start as usize..end as usize] {
                let distance = (n as i32 - i32::from(rank)).unsigned_abs();
                sums[lang as usize] += (1 << 32) | u64::from(distance);
            }
        }
        let mut distances: Vec<(Lang, u32)> = Vec::with_capacity(self.langs.len());
        for (i, &lang) in self.langs.iter().enumerate() {
            let (sum, found) = (sums[i] as u32, (sums[i] >> 32) as u32);
            let mut total = sum + (self.lengths[i] - found) * MAX_TRIGRAM_DISTANCE;
            if MAX_TRIGRAM_DISTANCE > count {
                // Never below zero: at most `count` of the profile's
                // trigrams are found, the rest add 300 each.
                total -= (MAX_TRIGRAM_DISTANCE - count) * MAX_TRIGRAM_DISTANCE;
            }
            distances.push((lang, total.clamp(0, MAX_TOTAL_DISTANCE)));
        }
        distances.sort_unstable_by_key(|(_, dist)| *dist);
        let max_distance = count * MAX_TRIGRAM_DISTANCE;
        distances
            .into_iter()
            .map(|(lang, distance)| {
                let similarity = max_distance - distance;
                (lang, f64::from(similarity) / f64::from(max_distance))
            })
            .collect()
    }
}

/// whatlang's `trigrams::utils::get_trigrams_with_positions`'s order of
/// a text's distinct trigrams and their counts: by descending count, ties
/// by descending trigram, the first 600. `counts` is in descending order
/// of trigram, so a stable counting sort by count is that order.
fn rank(counts: &[(Key, u32)]) -> Vec<Key> {
    let most = counts.iter().map(|c| c.1).max().unwrap_or(0) as usize;
    // at[most - n]: where the next trigram counted n times goes.
    let mut at = vec![0usize; most + 1];
    for &(_, n) in counts {
        at[most - n as usize] += 1;
    }
    let mut start = 0;
    for slot in &mut at {
        let n = *slot;
        *slot = start;
        start += n;
    }
    let mut ranked = vec![0u64; counts.len().min(TEXT_TRIGRAMS_SIZE)];
    for &(trigram, n) in counts {
        let place = &mut at[most - n as usize];
        if let Some(r) = ranked.get_mut(*place) {
            *r = trigram;
        }
        *place += 1;
    }
    ranked
}

impl Alphabet {
    /// whatlang's `alphabets::common::build_inverted_map`.
    fn new(alphabets: &[(Lang, &str)]) -> Alphabet {
        let mut map: FxHashMap<char, Vec<Lang>> = FxHashMap::default();
        for &(lang, alphabet) in alphabets {
            for c in alphabet.chars() {
                map.entry(c).or_default().push(lang);
            }
        }
        let mut pairs: Vec<(char, Vec<Lang>)> = map.into_iter().collect();
        pairs.sort_unstable_by_key(|(c, _)| *c);
        let (chars, langs): (Vec<char>, Vec<Vec<Lang>>) = pairs.into_iter().unzip();
        let mut ascii = [u16::MAX; 128];
        for (i, &c) in chars.iter().enumerate() {
            if c.is_ascii() {
                ascii[c as usize] = i as u16;
            }
        }
        Alphabet {
            chars,
            langs,
            ascii,
        }
    }

    fn place(&self, c: char) -> Option<usize> {
        if c.is_ascii() {
            let i = self.ascii[c as usize];
            (i != u16::MAX).then_some(usize::from(i))
        } else {
            self.chars.binary_search(&c).ok()
        }
    }

    /// whatlang's `alphabets::common::generic_alphabet_calculate_scores`:
    /// each language's share of the text's letters in its alphabet, sorted,
    /// with the number of letters.
    /// `char_scores` and `max_raw_score` are [`Scan::read`]'s: 2 for each
    /// time a letter of the alphabet was read, and the count of letters.
    fn scores(
        &self,
        script: Script,
        char_scores: &[usize],
        max_raw_score: usize,
    ) -> (Vec<(Lang, f64)>, usize) {
        let script_langs = script.langs();
        let mut lang_scores = vec![0usize; Lang::all().len()];
        let mut common_score = 0usize;
        for (i, &char_score) in char_scores.iter().enumerate() {
            if char_score > 0 {
                let languages = &self.langs[i];
                if languages.len() == script_langs.len() {
                    common_score += char_score;
                } else {
                    for &lang in languages {
                        lang_scores[lang as usize] += char_score;
                    }
                }
            }
        }
        let mut raw_scores: Vec<(Lang, usize)> = script_langs
            .iter()
            .map(|&l| {
                let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
                (l, score)
            })
            .collect();
        raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));
        let scores = raw_scores
            .iter()
            .map(|&(lang, raw)| (lang, raw as f64 / max_raw_score as f64))
            .collect();
        (scores, max_raw_score)
    }
}

/// whatlang's `combined::raw_detect`: alphabet and trigram scores weighed by
/// the number of letters (the alphabet counts for 2/3 at none, 1/3 from 100
/// letters), the best language.
fn combine(alphabet: &[(Lang, f64)], trigram: &[(Lang, f64)], count: usize) -> Option<Lang> {
    // The alphabet's languages, then the trigrams' not among them, each
    // with its first score in each list (none: 0), as whatlang's `contains`
    // and `find` make them (neither list names a language twice), by a
    // table a language rather than by searching the lists (5% of a 2 KB
    // sample's detection).
    let mut scores_of: Vec<[Option<f64>; 2]> = vec![[None; 2]; Lang::all().len()];
    let mut all_langs: Vec<Lang> = Vec::with_capacity(alphabet.len() + trigram.len());
    for (list, scores) in [alphabet, trigram].into_iter().enumerate() {
        for &(lang, score) in scores {
            let entry = &mut scores_of[lang as usize];
            if entry.iter().all(Option::is_none) {
                all_langs.push(lang);
            }
            entry[list].get_or_insert(score);
        }
    }
    let alphabet_weight = (-(count as f64 / 300.0) + 2.0 / 3.0).clamp(1.0 / 3.0, 2.0 / 3.0);
    let trigram_weight = 1.0 - alphabet_weight;
    let mut scores: Vec<(Lang, f64)> = all_langs
        .into_iter()
        .map(|lang| {
            let [a, t] = scores_of[lang as usize].map(|s| s.unwrap_or(0.0));
            (lang, a * alphabet_weight + t * trigram_weight)
        })
        .collect();
    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));
    scores.first().map(|(lang, _)| *lang)
}

#[cfg(test)]
mod tests;
