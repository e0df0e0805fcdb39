//! Article dates: parsing `YYYY-MM-DD` (a time after it is ignored) and
//! naming the period a date falls in (`--period month|week|year`; weeks are
//! ISO 8601 weeks, Monday first, named `2016-W48`).

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
