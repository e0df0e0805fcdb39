//! Languages: ISO 639-1 codes as a lexicon writes them, the many ways a
//! corpus writes them (`ar`, `ara`, `Arabic`, `ARABIC`, `ar-EG`), detection
//! from the text (`whatlang`), and what a language changes about matching:
//! its normalisation steps (`profile.rs`), its proclitics
//! ([`Clitics`]) and its Snowball stemmer. Knows nothing of lexicon files,
//! corpora or counts.

use rust_stemmers::Algorithm;

pub mod model;

/// A language, by its ISO 639-1 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Language(u8);

/// One known language: ISO 639-1 code, English name, ISO 639-2/3 codes
/// (the first is the one `whatlang` reports, where it knows the language).
struct Known {
    code: &'static str,
    name: &'static str,
    iso3: &'static [&'static str],
}

const fn known(code: &'static str, name: &'static str, iso3: &'static [&'static str]) -> Known {
    Known { code, name, iso3 }
}

/// Every language `whatlang` detects, and others a news archive may name.
static LANGUAGES: &[Known] = &[
    known("af", "Afrikaans", &["afr"]),
    known("ak", "Akan", &["aka"]),
    known("am", "Amharic", &["amh"]),
    known("ar", "Arabic", &["ara", "arb", "arz", "apc", "acm"]),
    known("az", "Azerbaijani", &["aze", "azj", "azb"]),
    known("be", "Belarusian", &["bel"]),
    known("bg", "Bulgarian", &["bul"]),
    known("bn", "Bengali", &["ben"]),
    known("bs", "Bosnian", &["bos"]),
    known("ca", "Catalan", &["cat"]),
    known("cs", "Czech", &["ces", "cze"]),
    known("cy", "Welsh", &["cym", "wel"]),
    known("da", "Danish", &["dan"]),
    known("de", "German", &["deu", "ger"]),
    known("el", "Greek", &["ell", "gre"]),
    known("en", "English", &["eng"]),
    known("eo", "Esperanto", &["epo"]),
    known("es", "Spanish", &["spa"]),
    known("et", "Estonian", &["est", "ekk"]),
    known("eu", "Basque", &["eus", "baq"]),
    known("fa", "Persian", &["pes", "fas", "per", "prs"]),
    known("fi", "Finnish", &["fin"]),
    known("fr", "French", &["fra", "fre"]),
    known("ga", "Irish", &["gle"]),
    known("gl", "Galician", &["glg"]),
    known("gu", "Gujarati", &["guj"]),
    known("ha", "Hausa", &["hau"]),
    known("he", "Hebrew", &["heb"]),
    known("hi", "Hindi", &["hin"]),
    known("hr", "Croatian", &["hrv"]),
    known("hu", "Hungarian", &["hun"]),
    known("hy", "Armenian", &["hye", "arm"]),
    known("id", "Indonesian", &["ind"]),
    known("is", "Icelandic", &["isl", "ice"]),
    known("it", "Italian", &["ita"]),
    known("ja", "Japanese", &["jpn"]),
    known("jv", "Javanese", &["jav"]),
    known("ka", "Georgian", &["kat", "geo"]),
    known("kk", "Kazakh", &["kaz"]),
    known("km", "Khmer", &["khm"]),
    known("kn", "Kannada", &["kan"]),
    known("ko", "Korean", &["kor"]),
    known("ku", "Kurdish", &["kur", "kmr", "ckb"]),
    known("ky", "Kyrgyz", &["kir"]),
    known("la", "Latin", &["lat"]),
    known("lt", "Lithuanian", &["lit"]),
    known("lv", "Latvian", &["lav", "lvs"]),
    known("mk", "Macedonian", &["mkd", "mac"]),
    known("ml", "Malayalam", &["mal"]),
    known("mn", "Mongolian", &["mon", "khk"]),
    known("mr", "Marathi", &["mar"]),
    known("ms", "Malay", &["msa", "may", "zsm"]),
    known("mt", "Maltese", &["mlt"]),
    known("my", "Burmese", &["mya", "bur"]),
    known("nb", "Norwegian Bokmål", &["nob"]),
    known("ne", "Nepali", &["nep", "npi"]),
    known("nl", "Dutch", &["nld", "dut"]),
    known("nn", "Norwegian Nynorsk", &["nno"]),
    known("no", "Norwegian", &["nor"]),
    known("or", "Oriya", &["ori", "ory"]),
    known("pa", "Punjabi", &["pan"]),
    known("pl", "Polish", &["pol"]),
    known("ps", "Pashto", &["pus", "pbt"]),
    known("pt", "Portuguese", &["por"]),
    known("ro", "Romanian", &["ron", "rum"]),
    known("ru", "Russian", &["rus"]),
    known("si", "Sinhala", &["sin"]),
    known("sk", "Slovak", &["slk", "slo"]),
    known("sl", "Slovenian", &["slv"]),
    known("sn", "Shona", &["sna"]),
    known("so", "Somali", &["som"]),
    known("sq", "Albanian", &["sqi", "alb", "als"]),
    known("sr", "Serbian", &["srp"]),
    known("sv", "Swedish", &["swe"]),
    known("sw", "Swahili", &["swa", "swh"]),
    known("ta", "Tamil", &["tam"]),
    known("te", "Telugu", &["tel"]),
    known("tg", "Tajik", &["tgk"]),
    known("th", "Thai", &["tha"]),
    known("tk", "Turkmen", &["tuk"]),
    known("tl", "Tagalog", &["tgl", "fil"]),
    known("tr", "Turkish", &["tur"]),
    known("uk", "Ukrainian", &["ukr"]),
    known("ur", "Urdu", &["urd"]),
    known("uz", "Uzbek", &["uzb", "uzn"]),
    known("vi", "Vietnamese", &["vie"]),
    known("yi", "Yiddish", &["yid", "ydd"]),
    known("zh", "Chinese", &["cmn", "zho", "chi"]),
    known("zu", "Zulu", &["zul"]),
];

/// Other names archives use for a language.
const ALIASES: &[(&str, &str)] = &[
    ("farsi", "fa"),
    ("mandarin", "zh"),
    ("bokmal", "nb"),
    ("norwegian bokmal", "nb"),
    ("filipino", "tl"),
    ("castilian", "es"),
    ("flemish", "nl"),
    ("moldovan", "ro"),
    ("azeri", "az"),
];

/// A word of the language's proclitics: conjunctions, prepositions and the
/// article written together with the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clitics {
    /// و ف (and, so), ب ك ل (in, like, for), ال (the), in that order,
    /// with ل + ال written لل.
    Arabic,
    /// ו (and), ש כש מש (that, when, since), ב כ ל מ (in, like, to, from),
    /// ה (the), in that order.
    Hebrew,
}

impl Clitics {
    /// Whether `prefix`, the letters of a word before a term (normalised),
    /// is a sequence of this language's proclitics (the empty one included).
    pub fn allows(self, prefix: &str) -> bool {
        let mut rest = prefix;
        let mut take = |options: &[&str]| match options.iter().find(|o| rest.starts_with(*o)) {
            Some(o) => {
                rest = &rest[o.len()..];
                true
            }
            None => false,
        };
        match self {
            Clitics::Arabic => {
                take(&["و", "ف"]);
                if !take(&["لل"]) {
                    take(&["ب", "ك", "ل"]);
                    take(&["ال"]);
                }
            }
            Clitics::Hebrew => {
                take(&["ו"]);
                take(&["כש", "מש", "ש"]);
                take(&["ב", "כ", "ל", "מ"]);
                take(&["ה"]);
            }
        }
        rest.is_empty()
    }

    /// A term's first word without the article the clitics already allow
    /// (`المعارضة` -> `معارضة`), when at least two letters remain; Hebrew
    /// terms are left alone (ה begins many words).
    pub fn strip_article(self, term: &str) -> &str {
        match self {
            Clitics::Arabic => match term.strip_prefix("ال") {
                Some(rest) if rest.chars().take_while(|c| c.is_alphabetic()).count() >= 2 => rest,
                _ => term,
            },
            Clitics::Hebrew => term,
        }
    }
}

/// What was wrong with a language code in a lexicon.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ISO 639-1 language code: write two letters, e.g. `ar` (Arabic), `fa` (Persian), `ru` (Russian), `tr` (Turkish), `en` (English), `zh` (Chinese)")]
pub struct UnknownLanguage(pub String);

impl Language {
    fn known(self) -> &'static Known {
        // The index always comes from LANGUAGES.
        &LANGUAGES[usize::from(self.0)]
    }

    /// The two-letter code (`ar`).
    pub fn code(self) -> &'static str {
        self.known().code
    }

    /// The English name (`Arabic`).
    pub fn name(self) -> &'static str {
        self.known().name
    }

    /// Strict: a lexicon's `language = "ar"` (two lower-case letters).
    pub fn from_code(code: &str) -> Result<Language, UnknownLanguage> {
        LANGUAGES
            .iter()
            .position(|k| k.code == code)
            .map(|i| Language(i as u8))
            .ok_or_else(|| UnknownLanguage(code.to_string()))
    }

    /// Lenient: a corpus's language metadata, as archives write it: `ar`,
    /// `AR`, `ar-EG`, `zh_Hans`, `ara`, `Arabic`, `ARABIC`, `Farsi`.
    /// `None` when it names no known language.
    pub fn from_metadata(value: &str) -> Option<Language> {
        let value = value.trim().to_lowercase();
        let head = value
            .split(['-', '_', ';', ',', '('])
            .next()
            .unwrap_or("")
            .trim();
        let position = match head.len() {
            2 => LANGUAGES.iter().position(|k| k.code == head),
            3 => LANGUAGES.iter().position(|k| k.iso3.contains(&head)),
            _ => None,
        };
        position
            .or_else(|| LANGUAGES.iter().position(|k| k.name.to_lowercase() == head))
            .or_else(|| {
                let (_, code) = ALIASES.iter().find(|(alias, _)| *alias == head)?;
                LANGUAGES.iter().position(|k| k.code == *code)
            })
            .map(|i| Language(i as u8))
    }

    /// The Snowball stemmer `rust-stemmers` has for the language.
    pub fn stemmer(self) -> Option<Algorithm> {
        Some(match self.code() {
            "ar" => Algorithm::Arabic,
            "da" => Algorithm::Danish,
            "nl" => Algorithm::Dutch,
            "en" => Algorithm::English,
            "fi" => Algorithm::Finnish,
            "fr" => Algorithm::French,
            "de" => Algorithm::German,
            "el" => Algorithm::Greek,
            "hu" => Algorithm::Hungarian,
            "it" => Algorithm::Italian,
            "no" | "nb" | "nn" => Algorithm::Norwegian,
            "pt" => Algorithm::Portuguese,
            "ro" => Algorithm::Romanian,
            "ru" => Algorithm::Russian,
            "es" => Algorithm::Spanish,
            "sv" => Algorithm::Swedish,
            "ta" => Algorithm::Tamil,
            "tr" => Algorithm::Turkish,
            _ => return None,
        })
    }

    /// The codes of the languages that have a stemmer, for messages.
    pub fn stemmer_codes() -> String {
        let codes: Vec<&str> = LANGUAGES
            .iter()
            .enumerate()
            .filter(|(i, _)| Language(*i as u8).stemmer().is_some())
            .map(|(_, k)| k.code)
            .collect();
        codes.join(", ")
    }

    /// The language's proclitics, where they are handled.
    pub fn clitics(self) -> Option<Clitics> {
        match self.code() {
            "ar" => Some(Clitics::Arabic),
            "he" => Some(Clitics::Hebrew),
            _ => None,
        }
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// How much of an article [`detect`] reads: enough for `whatlang`'s
/// trigrams to settle, little enough to cost next to nothing per article.
const DETECT_BYTES: usize = 2048;

/// What [`detect`] reads of a text: its first two kilobytes, cut at a
/// character boundary.
pub fn detection_sample(text: &str) -> &str {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The language of a text, by `whatlang`'s script and trigram model (scored
/// by [`model`], with whatlang's answer), read from its
/// [`detection_sample`]; `None` when it finds none (no letters) or one
/// without an ISO 639-1 code.
pub fn detect(text: &str) -> Option<Language> {
    let lang = model::detect_lang(detection_sample(text))?;
    let code = lang.code();
    LANGUAGES
        .iter()
        .position(|k| k.iso3.first() == Some(&code) || k.iso3.contains(&code))
        .map(|i| Language(i as u8))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> Language {
        Language::from_code(code).unwrap()
    }

    #[test]
    fn codes_are_strict_metadata_is_lenient() {
        assert_eq!(lang("ar").name(), "Arabic");
        assert!(Language::from_code("arabic").is_err());
        assert!(Language::from_code("AR").is_err());
        for written in ["ar", "AR", "ar-EG", "ara", "Arabic", "ARABIC", " arabic "] {
            assert_eq!(
                Language::from_metadata(written),
                Some(lang("ar")),
                "{written}"
            );
        }
        assert_eq!(Language::from_metadata("Farsi"), Some(lang("fa")));
        assert_eq!(Language::from_metadata("pes"), Some(lang("fa")));
        assert_eq!(Language::from_metadata("zh_Hans"), Some(lang("zh")));
        assert_eq!(Language::from_metadata("English; Arabic"), Some(lang("en")));
        assert_eq!(Language::from_metadata("Klingon"), None);
        assert_eq!(Language::from_metadata(""), None);
    }

    #[test]
    fn every_whatlang_language_has_a_code() {
        for l in whatlang::Lang::all() {
            let code = l.code();
            assert!(
                LANGUAGES.iter().any(|k| k.iso3.contains(&code)),
                "whatlang's {code} has no ISO 639-1 code here"
            );
        }
        let codes: Vec<&str> = LANGUAGES.iter().map(|k| k.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "codes sorted and distinct");
    }

    #[test]
    fn detection_names_the_language_of_news_text() {
        let cases = [
            (
                "ar",
                "قالت المعارضة السورية المسلحة إن قوات النظام قصفت أحياء في مدينة حمص",
            ),
            (
                "fa",
                "نیروهای دولتی سوریه می‌گویند که شورشیان را از این شهر بیرون کرده‌اند",
            ),
            (
                "ru",
                "Сирийские повстанцы заявили, что правительственные войска обстреляли город",
            ),
            (
                "tr",
                "Suriyeli muhalifler, hükümet güçlerinin şehri bombaladığını söyledi",
            ),
            (
                "en",
                "Syrian rebels said government forces shelled the city overnight",
            ),
        ];
        for (code, text) in cases {
            assert_eq!(detect(text), Some(lang(code)), "{text}");
        }
        assert_eq!(detect("1234 ... !!"), None);
    }

    #[test]
    fn arabic_proclitics_in_their_order() {
        let c = Clitics::Arabic;
        for ok in [
            "", "و", "ف", "ب", "ك", "ل", "ال", "وال", "فال", "بال", "كال", "لل", "ولل", "وبال",
            "فلل", "وب",
        ] {
            assert!(c.allows(ok), "{ok}");
        }
        for bad in ["م", "الو", "لو", "بو", "ببال", "ووال", "سال", "اال", "للل"]
        {
            assert!(!c.allows(bad), "{bad}");
        }
        assert_eq!(c.strip_article("المعارضة"), "معارضة");
        assert_eq!(c.strip_article("المعارضة المسلحة"), "معارضة المسلحة");
        // Too short to be a word after the article: left as written.
        assert_eq!(c.strip_article("اله"), "اله");
        assert_eq!(c.strip_article("معارضة"), "معارضة");
    }

    #[test]
    fn hebrew_proclitics_in_their_order() {
        let c = Clitics::Hebrew;
        for ok in [
            "", "ו", "ה", "ב", "וה", "ול", "מה", "שב", "וכש", "כשה", "ומה",
        ] {
            assert!(c.allows(ok), "{ok}");
        }
        for bad in ["הו", "בו", "לב", "א", "ההה"] {
            assert!(!c.allows(bad), "{bad}");
        }
        assert_eq!(c.strip_article("הטרור"), "הטרור");
    }

    #[test]
    fn stemmers_and_clitics_by_language() {
        assert_eq!(lang("ru").stemmer(), Some(Algorithm::Russian));
        assert_eq!(lang("fa").stemmer(), None);
        assert_eq!(lang("ar").clitics(), Some(Clitics::Arabic));
        assert_eq!(lang("fa").clitics(), None);
        assert!(Language::stemmer_codes().contains("ar, "));
    }
}
