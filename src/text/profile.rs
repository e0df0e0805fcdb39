//! Language normalisation: the steps a language adds to the normaliser's
//! NFKC, case folding and typographic unification, applied to a term and to
//! the text of an article in that language alike, so that spellings a
//! reader takes for the same word compare equal. `docs/LEXICONS.md`
//! section 9 lists them with their reasons.
//!
//! The steps run as a second pass over [`normalise`]'s output (which stays
//! the same, fast paths and all, for text of no declared language), keeping
//! the map back to the original's byte offsets: a match is still reported
//! where it was written.

use super::language::Language;
use super::normalise::{anchor, count_tokens, normalise, Normalised};
use unicode_normalization::char::canonical_combining_class;

/// Which script-specific steps apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Steps {
    /// None beyond the normaliser's own (English, French, German, ...).
    #[default]
    None,
    /// Arabic: hamzated alefs and alef wasla to bare alef, alef maqsura to
    /// ya, Persian kaf and yeh to Arabic, ta marbuta to ha (unless turned
    /// off), tatweel and harakat removed, Arabic-Indic digits to 0-9;
    /// directional marks removed (also for Persian and Hebrew).
    Arabic,
    /// Persian: Arabic kaf to keheh, Arabic yeh and alef maqsura to Farsi
    /// yeh, tatweel and harakat removed, Persian and Arabic-Indic digits to
    /// 0-9 (the normaliser already drops the zero-width non-joiner).
    Persian,
    /// Hebrew: points (niqqud) and cantillation marks removed.
    Hebrew,
    /// Russian: ё to е.
    Russian,
    /// Turkish and Azerbaijani case folding: I to ı, İ to i.
    Turkic,
}

/// The language steps a text or a term is normalised with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Profile {
    pub steps: Steps,
    /// Arabic: ة is written as ه (on by default; `ta_marbuta = false` keeps
    /// them apart).
    pub ta_marbuta: bool,
}

impl Profile {
    /// No language steps: the normaliser alone.
    pub const GENERIC: Profile = Profile {
        steps: Steps::None,
        ta_marbuta: false,
    };

    /// The default steps of a language.
    pub fn of(language: Option<Language>) -> Profile {
        let steps = match language.map(Language::code) {
            Some("ar") => Steps::Arabic,
            Some("fa") => Steps::Persian,
            Some("he") => Steps::Hebrew,
            Some("ru") => Steps::Russian,
            Some("tr" | "az") => Steps::Turkic,
            _ => Steps::None,
        };
        Profile {
            steps,
            ta_marbuta: steps == Steps::Arabic,
        }
    }

    /// The same steps, with ة kept apart from ه.
    pub fn without_ta_marbuta(self) -> Profile {
        Profile {
            ta_marbuta: false,
            ..self
        }
    }

    pub fn is_generic(self) -> bool {
        self.steps == Steps::None
    }
}

/// What a step does with one character of the normaliser's output.
enum Step {
    Keep,
    Drop,
    To(char),
}

/// Harakat, Quranic annotation signs and the superscript alef.
fn arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}')
}

/// Arabic-Indic and extended (Persian, Urdu) Arabic-Indic digits to 0-9.
fn arabic_digit(c: char) -> Option<char> {
    let v = match c {
        '\u{0660}'..='\u{0669}' => c as u32 - 0x0660,
        '\u{06F0}'..='\u{06F9}' => c as u32 - 0x06F0,
        _ => return None,
    };
    char::from_digit(v, 10)
}

/// Directional formatting characters, invisible, which right-to-left text
/// carries between words and letters (left-to-right and right-to-left
/// marks, the Arabic letter mark, embeddings, overrides and isolates).
pub fn bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Hebrew points and cantillation marks (not the maqaf, paseq, sof pasuq
/// or nun hafukha, which are punctuation).
fn hebrew_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0591}'
            ..='\u{05BD}'
                | '\u{05BF}'
                | '\u{05C1}'
                | '\u{05C2}'
                | '\u{05C4}'
                | '\u{05C5}'
                | '\u{05C7}'
    )
}

/// The step for `c` at `at` in the normaliser's output. `capital_i`: the
/// original character there is a capital I (Turkish folding only).
fn step(p: Profile, c: char, capital_i: impl Fn() -> bool, after_i: bool, fold: bool) -> Step {
    let right_to_left = matches!(p.steps, Steps::Arabic | Steps::Persian | Steps::Hebrew);
    if right_to_left && bidi_control(c) {
        return Step::Drop;
    }
    match p.steps {
        Steps::None => Step::Keep,
        Steps::Arabic => match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => Step::To('ا'),
            'ى' | 'ی' => Step::To('ي'),
            'ک' => Step::To('ك'),
            'ة' if p.ta_marbuta => Step::To('ه'),
            '\u{0640}' => Step::Drop,
            c if arabic_mark(c) => Step::Drop,
            c => arabic_digit(c).map_or(Step::Keep, Step::To),
        },
        Steps::Persian => match c {
            'ك' => Step::To('ک'),
            'ي' | 'ى' => Step::To('ی'),
            '\u{0640}' => Step::Drop,
            c if arabic_mark(c) => Step::Drop,
            c => arabic_digit(c).map_or(Step::Keep, Step::To),
        },
        Steps::Hebrew if hebrew_mark(c) => Step::Drop,
        Steps::Hebrew => Step::Keep,
        Steps::Russian => match c {
            'ё' => Step::To('е'),
            'Ё' => Step::To('Е'),
            _ => Step::Keep,
        },
        // Folding made `I` an `i` and `İ` an `i` with a combining dot.
        Steps::Turkic if fold && c == 'i' && capital_i() => Step::To('ı'),
        Steps::Turkic if fold && c == '\u{0307}' && after_i => Step::Drop,
        Steps::Turkic => Step::Keep,
    }
}

/// [`normalise`] followed by the language steps of `profile`, with the
/// token count and the offset map of the result.
pub fn normalise_with(input: &str, fold: bool, profile: Profile) -> Normalised {
    let first = normalise(input, fold);
    if profile.is_generic() {
        return first;
    }
    let mut text = String::with_capacity(first.text.len());
    let mut anchors = Vec::new();
    let mut after_i = false;
    let mut dropped = false;
    let mut cursor = first.cursor();
    for (i, c) in first.text.char_indices() {
        let capital_i = || input.as_bytes().get(first.original_offset(i)) == Some(&b'I');
        match step(profile, c, capital_i, after_i, fold) {
            // A mark dropped between two spaces leaves one space.
            Step::Keep if c == ' ' && text.ends_with(' ') => {}
            Step::Keep => text.push(c),
            Step::To(m) => text.push(m),
            Step::Drop => dropped = true,
        }
        after_i = c == 'i';
        anchor(
            &mut anchors,
            text.len(),
            cursor.original_offset(i + c.len_utf8()),
        );
    }
    if dropped {
        text = canonical_order(text);
    }
    Normalised::from_parts(count_tokens(&text), text, anchors, first.original_len())
}

/// Puts each run of combining marks back in canonical order, which a
/// dropped character between two marks can break (a directional mark
/// between a Cyrillic titlo and a fathatan): the result then normalises to
/// itself. A run keeps its length in bytes, so the offset map still holds
/// for it as a whole.
fn canonical_order(text: String) -> String {
    let class = canonical_combining_class;
    let in_order = text
        .chars()
        .zip(text.chars().skip(1))
        .all(|(a, b)| class(b) == 0 || class(a) <= class(b));
    if in_order {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    for c in text.chars() {
        if class(c) == 0 {
            run.sort_by_key(|&m| class(m));
            out.extend(run.drain(..));
            out.push(c);
        } else {
            run.push(c);
        }
    }
    run.sort_by_key(|&m| class(m));
    out.extend(run);
    out
}

/// [`normalise_with`] without the offset map (lexicon terms).
pub fn normalise_str_with(input: &str, fold: bool, profile: Profile) -> String {
    normalise_with(input, fold, profile).text
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn profile(code: &str) -> Profile {
        Profile::of(Some(Language::from_code(code).unwrap()))
    }

    fn norm(code: &str, s: &str) -> String {
        normalise_str_with(s, true, profile(code))
    }

    #[test]
    fn arabic_steps() {
        // Hamza and alef variants, alef maqsura, ta marbuta.
        assert_eq!(norm("ar", "الإرهابية"), norm("ar", "الارهابيه"));
        assert_eq!(norm("ar", "الإرهابية"), "الارهابيه");
        assert_eq!(norm("ar", "أإآٱا"), "ااااا");
        assert_eq!(norm("ar", "الإرهابى"), "الارهابي");
        // Tatweel and harakat.
        assert_eq!(norm("ar", "المعـــارضة"), "المعارضه");
        assert_eq!(norm("ar", "الْمُعَارَضَةُ"), "المعارضه");
        assert_eq!(norm("ar", "٢٠١٣ ۲۰۱۳"), "2013 2013");
        // Persian letters written in Arabic text.
        assert_eq!(norm("ar", "کی"), "كي");
        // Presentation forms (NFKC) then the steps: lam-alef with hamza.
        assert_eq!(norm("ar", "\u{FEF7}"), "لا");
        // Directional marks between the words of a phrase.
        assert_eq!(
            norm("ar", "المعارضة\u{200F} \u{202B}المسلحة\u{202C}"),
            "المعارضه المسلحه"
        );
        let kept = normalise_str_with("المعارضة", true, profile("ar").without_ta_marbuta());
        assert_eq!(kept, "المعارضة");
    }

    #[test]
    fn persian_steps_and_the_zero_width_non_joiner() {
        assert_eq!(norm("fa", "كيى"), "کیی");
        assert_eq!(norm("fa", "تروريست‌ها"), "تروریستها");
        assert_eq!(norm("fa", "تروریستها"), "تروریستها");
        assert_eq!(normalise_with("تروریست‌ها", true, profile("fa")).tokens, 1);
    }

    #[test]
    fn russian_turkish_hebrew_and_german() {
        assert_eq!(norm("ru", "Ёлка и ёж"), "елка и еж");
        assert_eq!(normalise_str_with("Ёж", false, profile("ru")), "Еж");
        assert_eq!(norm("tr", "İSTANBUL"), "istanbul");
        assert_eq!(norm("tr", "IŞİD ISPARTA"), "ışid ısparta");
        assert_eq!(norm("tr", "ıi"), "ıi");
        // Without Turkish folding, İ folds to i and a combining dot.
        assert_eq!(
            normalise_str_with("İSTANBUL", true, Profile::GENERIC),
            "i\u{307}stanbul"
        );
        assert_eq!(normalise_str_with("İI", false, profile("tr")), "İI");
        assert_eq!(norm("he", "שָׁלוֹם"), "שלום");
        // A mark alone between spaces goes, and one space stays.
        assert_eq!(norm("he", "א \u{05B8} ב"), "א ב");
        assert_eq!(norm("ar", "ا \u{064E} \u{0640} ب"), "ا ب");
        // German ß and ẞ: full case folding, for every language.
        assert_eq!(norm("de", "Straße STRAẞE"), "strasse strasse");
        assert_eq!(
            normalise_str_with("Straße", true, Profile::GENERIC),
            "strasse"
        );
    }

    #[test]
    fn offsets_map_back_to_the_text_as_written() {
        let orig = "قال إن المُعـارَضة السورية";
        let n = normalise_with(orig, true, profile("ar"));
        assert_eq!(n.text, "قال ان المعارضه السوريه");
        let start = n.text.find("المعارضه").unwrap();
        let (s, e) = n.original_span(orig, start, start + "المعارضه".len());
        assert_eq!(&orig[s..e], "المُعـارَضة");
        let orig = "In İSTANBUL, IŞİD";
        let n = normalise_with(orig, true, profile("tr"));
        assert_eq!(n.text, "ın istanbul, ışid");
        let start = n.text.find("ışid").unwrap();
        let (s, e) = n.original_span(orig, start, n.text.len());
        assert_eq!(&orig[s..e], "IŞİD");
        assert_eq!(n.tokens, 3);
    }

    /// The steps' offset map: every output character maps into the
    /// original character it came from, in order, over any text.
    fn offsets_are_monotone(orig: &str, code: &str) -> Result<(), TestCaseError> {
        let n = normalise_with(orig, true, profile(code));
        let mut last = 0;
        for (i, _) in n.text.char_indices() {
            let o = n.original_offset(i);
            prop_assert!(o >= last && o <= orig.len());
            last = o;
        }
        prop_assert_eq!(n.tokens, count_tokens(&n.text));
        Ok(())
    }

    #[test]
    fn a_dropped_mark_leaves_the_marks_around_it_in_canonical_order() {
        // Titlo (class 230), Arabic letter mark (dropped), fathatan (27).
        let once = norm("he", "\u{483}\u{61c}\u{64b}");
        assert_eq!(once, "\u{64b}\u{483}");
        assert_eq!(norm("he", &once), once);
    }

    proptest! {
        #[test]
        fn arabic_offsets_stay_in_order(s in "[\u{0600}-\u{06FF} a-zA-Z\u{064B}\u{0640}I\u{0130}]{0,60}") {
            for code in ["ar", "fa", "tr", "ru", "he"] {
                offsets_are_monotone(&s, code)?;
            }
        }

        /// The steps are idempotent: a normalised term normalises to itself.
        /// (Not with `İ` before a combining mark: folding after NFKC leaves
        /// its dot out of canonical order, in the normaliser itself.)
        #[test]
        fn steps_are_idempotent(s in "[\u{0600}-\u{06FF}\u{0590}-\u{05FF}\u{0400}-\u{04FF} a-zA-Z\u{0131}]{0,40}") {
            for code in ["ar", "fa", "tr", "ru", "he"] {
                let once = norm(code, &s);
                prop_assert_eq!(norm(code, &once), once.clone(), "{}", code);
            }
        }
    }
}
