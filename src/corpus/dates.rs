//! Article dates: parsing `YYYY-MM-DD` (a time after it is ignored), reading
//! the dates of exports as they write them ([`DateReader`]: `January 11, 2010
//! Monday`, `29 décembre 2011`, `--date-format` patterns), and naming the
//! period a date falls in (`--period month|week|year`; weeks are ISO 8601
//! weeks, Monday first, named `2016-W48`). A numeric date whose order of day
//! and month is not known (`12/1/16`) is never guessed.

use std::fmt;
use std::str::FromStr;

/// A calendar day (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space and a time.
    pub fn parse(s: &str) -> Result<Date, String> {
        let s = s.trim();
        let bad = || {
            format!("date `{s}` is not a date: write it as YYYY-MM-DD (a time after it is fine)")
        };
        let day_part = s.split(['T', ' ']).next().unwrap_or("");
        let parts: Vec<&str> = day_part.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i32>(), m.parse::<u32>(), d.parse::<u32>())
        else {
            return Err(bad());
        };
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(bad());
        }
        Ok(Date { year, month, day })
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    fn days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// ISO weekday, Monday = 1 .. Sunday = 7.
    fn weekday(self) -> i64 {
        (self.days() + 3).rem_euclid(7) + 1
    }

    /// ISO 8601 week-numbering year and week.
    pub fn iso_week(self) -> (i32, u32) {
        let jan1 = Date {
            year: self.year,
            month: 1,
            day: 1,
        };
        let ordinal = self.days() - jan1.days() + 1;
        let week = (ordinal - self.weekday() + 10).div_euclid(7);
        if week < 1 {
            let dec31 = Date {
                year: self.year - 1,
                month: 12,
                day: 31,
            };
            return dec31.iso_week();
        }
        let weeks_in_year = |y: i32| {
            let p = |y: i32| {
                let d = Date {
                    year: y,
                    month: 12,
                    day: 31,
                };
                d.weekday()
            };
            if p(y) == 4 || p(y - 1) == 3 {
                53
            } else {
                52
            }
        };
        if week > weeks_in_year(self.year) {
            (self.year + 1, 1)
        } else {
            (self.year, week as u32)
        }
    }
}

/// Reads an article's date as its export writes it: ISO 8601 (`2016-12-01`,
/// `2024-03-01T10:00:00Z`, `2016-12-01 10:00:00`), a day, a month's name and
/// a year in any order with an optional weekday and time (`January 11, 2010
/// Monday`, `11 January 2010`, `29 décembre 2011`, `11. Januar 2010`), then
/// each `--date-format` in order.
#[derive(Debug, Clone, Copy)]
pub struct DateReader<'a> {
    formats: &'a [String],
}

impl<'a> DateReader<'a> {
    /// A reader trying `formats` (strftime-style) after the built-in forms;
    /// an error names a format that is not one.
    pub fn new(formats: &'a [String]) -> Result<DateReader<'a>, String> {
        for f in formats {
            let items = chrono::format::StrftimeItems::new(f);
            let has = |c: &str| f.contains(c);
            if items
                .clone()
                .any(|i| matches!(i, chrono::format::Item::Error))
                || !(has("%Y") || has("%y") || has("%G"))
                || !(has("%m") || has("%b") || has("%B") || has("%h") || has("%j"))
            {
                return Err(format!(
                    "--date-format `{f}` is not a date format with a year and a month: write it strftime-style, e.g. %d/%m/%Y or %m/%d/%y"
                ));
            }
        }
        Ok(DateReader { formats })
    }

    /// The day a date names; an error says why not and what to do.
    pub fn read(&self, s: &str) -> Result<Date, String> {
        let s = s.trim();
        if let Ok(d) = Date::parse(s) {
            return Ok(d);
        }
        if let Some(d) = named_month(s) {
            return Ok(d);
        }
        for f in self.formats {
            if let Ok(d) = chrono::NaiveDate::parse_from_str(s, f) {
                use chrono::Datelike;
                return Ok(Date {
                    year: d.year(),
                    month: d.month(),
                    day: d.day(),
                });
            }
        }
        if self.formats.is_empty() && numeric_day_month(s) {
            return Err(format!(
                "date `{s}` could be day-first or month-first: say which with --date-format (e.g. %m/%d/%y or %d/%m/%Y)"
            ));
        }
        if self.formats.is_empty() {
            Err(format!(
                "date `{s}` is not a date: write it as YYYY-MM-DD or describe it with --date-format"
            ))
        } else {
            Err(format!(
                "date `{s}` is not a date in any --date-format given ({})",
                self.formats.join(", ")
            ))
        }
    }
}

/// Month names as exports write them (Factiva's HTML follows the exporting
/// machine's language): English, French, German, Spanish, Italian,
/// Portuguese and Dutch, full and abbreviated, lower-case, without accents
/// where exports drop them too.
const MONTHS: [&[&str]; 12] = [
    &[
        "january", "jan", "janvier", "janv", "januar", "jän", "enero", "ene", "gennaio", "gen",
        "janeiro", "januari",
    ],
    &[
        "february",
        "feb",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "februar",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
    ],
    &[
        "march", "mar", "mars", "märz", "maerz", "mär", "marzo", "março", "marco", "maart", "mrt",
    ],
    &["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
    &["may", "mai", "mayo", "may", "maggio", "mag", "maio", "mei"],
    &[
        "june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho",
    ],
    &[
        "july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho",
    ],
    &["august", "aug", "août", "aout", "agosto", "ago", "augustus"],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "settembre",
        "set",
        "setembro",
    ],
    &[
        "october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "ott", "outubro",
        "out",
    ],
    &["november", "nov", "novembre", "noviembre", "novembro"],
    &[
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "dezember",
        "dez",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
    ],
];

/// Words beside a date that say nothing about the day: weekdays, `de`,
/// `the`, time-zone and meridiem markers.
fn is_filler(word: &str) -> bool {
    const WEEKDAYS: [&str; 47] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "de",
        "del",
        "the",
        "of",
        "le",
        "am",
        "pm",
        "gmt",
        "utc",
    ];
    WEEKDAYS.contains(&word)
}

/// A date with its month named: a day, a month and a four-digit year in any
/// order, among weekday names and a time.
fn named_month(s: &str) -> Option<Date> {
    let (mut day, mut month, mut year) = (None, None, None);
    for raw in s.split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '-') {
        let word = raw.trim_end_matches('.').to_lowercase();
        if word.is_empty() || is_filler(&word) || word.contains(':') {
            continue;
        }
        if let Some(m) = MONTHS
            .iter()
            .position(|names| names.contains(&word.as_str()))
        {
            if month.replace(m as u32 + 1).is_some() {
                return None;
            }
            continue;
        }
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &word[digits.len()..];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        if !["", "st", "nd", "rd", "th", "er", "e"].contains(&suffix) {
            return None;
        }
        match digits.len() {
            4 if suffix.is_empty() && year.is_none() => year = digits.parse().ok(),
            1 | 2 if day.is_none() => day = digits.parse().ok(),
            _ => return None,
        }
    }
    let (year, month, day): (i32, u32, u32) = (year?, month?, day?);
    (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
}

/// True for `12/1/16`, `01.02.2016`, `1-2-2016`: numbers alone, the year
/// last, day and month in an order only the user knows.
fn numeric_day_month(s: &str) -> bool {
    let day_part = s.split_whitespace().next().unwrap_or("");
    let parts: Vec<&str> = day_part.split(['/', '.', '-']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts.first().is_some_and(|p| p.len() <= 2)
}

/// The warning for articles counted undated because their date could not
/// be read: how many, the first few, and what to do.
pub fn undated_warning(count: u64, examples: &[String]) -> String {
    let shown = examples
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    let more = if count > 3 { ", ..." } else { "" };
    let (n, verb) = if count == 1 {
        ("1 article".to_string(), "has")
    } else {
        (format!("{count} articles"), "have")
    };
    format!(
        "{n} {verb} a date that cannot be read and {} counted undated ({shown}{more}); \
         describe the dates with --date-format (e.g. %m/%d/%y) to read them",
        if count == 1 { "is" } else { "are" }
    )
}

/// The time unit of `--period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Period {
    Week,
    Month,
    Year,
}

impl FromStr for Period {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "week" => Ok(Period::Week),
            "month" => Ok(Period::Month),
            "year" => Ok(Period::Year),
            _ => Err(format!("`{s}` is not `week`, `month` or `year`")),
        }
    }
}

impl Period {
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }

    /// The name of the period a date falls in: `2016-W48`, `2016-12`, `2016`;
    /// names sort in time order.
    pub fn key(self, date: Date) -> String {
        match self {
            Period::Year => format!("{:04}", date.year),
            Period::Month => format!("{:04}-{:02}", date.year, date.month),
            Period::Week => {
                let (y, w) = date.iso_week();
                format!("{y:04}-W{w:02}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn parses_days_and_refuses_the_rest() {
        assert_eq!(d("2016-12-01T18:43:13Z").to_string(), "2016-12-01");
        assert_eq!(d("2016-02-29 10:00").day, 29);
        for bad in [
            "12/1/16",
            "2015-02-29",
            "2016-13-01",
            "2016-1-1",
            "yesterday",
        ] {
            let e = Date::parse(bad).unwrap_err();
            assert!(e.contains("write it as YYYY-MM-DD"), "{bad}: {e}");
        }
    }

    fn read(s: &str, formats: &[&str]) -> Result<String, String> {
        let formats: Vec<String> = formats.iter().map(|f| f.to_string()).collect();
        DateReader::new(&formats)?.read(s).map(|d| d.to_string())
    }

    #[test]
    fn export_dates_are_read_without_a_format() {
        for (written, day) in [
            ("January 11, 2010 Monday", "2010-01-11"),
            ("January 8, 2010", "2010-01-08"),
            ("Saturday, January 9, 2010", "2010-01-09"),
            ("9 January 2010", "2010-01-09"),
            ("29 décembre 2011", "2011-12-29"),
            ("11. Januar 2010", "2010-01-11"),
            ("5 de mayo de 2012", "2012-05-05"),
            ("Feb 29, 2016 10:00 AM", "2016-02-29"),
            ("March 1st, 2016", "2016-03-01"),
            ("2012-01-09T01:35:58Z", "2012-01-09"),
            ("2024-03-01T10:00:00Z", "2024-03-01"),
            ("2016-12-01 10:00:00", "2016-12-01"),
        ] {
            assert_eq!(read(written, &[]).as_deref(), Ok(day), "{written}");
        }
        for bad in [
            "February 30, 2016",
            "January 2010",
            "11 12 January 2010",
            "May the 4th",
        ] {
            assert!(read(bad, &[]).is_err(), "{bad}");
        }
    }

    #[test]
    fn numeric_dates_need_a_format_and_are_never_guessed() {
        let e = read("12/1/16", &[]).unwrap_err();
        assert!(e.contains("day-first or month-first"), "{e}");
        assert!(read("13/01/2016", &[])
            .unwrap_err()
            .contains("--date-format"));
        assert_eq!(read("12/1/16", &["%m/%d/%y"]).as_deref(), Ok("2016-12-01"));
        assert_eq!(read("12/1/16", &["%d/%m/%y"]).as_deref(), Ok("2016-01-12"));
        // Tried in order: the first that reads the date wins.
        assert_eq!(
            read("13/1/2016", &["%m/%d/%Y", "%d/%m/%Y"]).as_deref(),
            Ok("2016-01-13")
        );
        assert_eq!(
            read("01.02.2016 18:30", &["%d.%m.%Y %H:%M"]).as_deref(),
            Ok("2016-02-01")
        );
        let e = read("2016/13/45", &["%Y/%m/%d"]).unwrap_err();
        assert!(
            e.contains("not a date in any --date-format given (%Y/%m/%d)"),
            "{e}"
        );
        for bad in ["%H:%M", "%d/%m", "%Q"] {
            assert!(DateReader::new(&[bad.to_string()]).is_err(), "{bad}");
        }
    }

    #[test]
    fn iso_weeks_match_the_calendar() {
        // Checked against `date +%G-W%V`.
        assert_eq!(Period::Week.key(d("2016-12-01")), "2016-W48");
        assert_eq!(Period::Week.key(d("2016-01-01")), "2015-W53");
        assert_eq!(Period::Week.key(d("2014-12-29")), "2015-W01");
        assert_eq!(Period::Week.key(d("2020-12-31")), "2020-W53");
        assert_eq!(Period::Month.key(d("2015-11-26")), "2015-11");
        assert_eq!(Period::Year.key(d("0001-01-01")), "0001");
    }
}
