//! A cell of a table as every writer receives it ([`Value`]: text, whole
//! number, real, empty) and how a column's numbers read ([`Format`]), so
//! each writer writes a cell its way: the CSV writer as text (numbers by
//! [`num`], with a decimal comma in the `excel-eu` dialect; a cell's text,
//! [`CellText`], borrowed or made on the stack), the workbook as a number
//! with the column's number format.

/// A cell of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    /// A count or another whole number.
    Int(i64),
    /// A real number; not finite means undefined.
    Num(f64),
    /// Undefined or not applicable.
    Empty,
}

impl Value {
    /// The cell as CSV text: numbers by [`num`], undefined as empty; a
    /// number's text made on the stack, not the heap (a report writes
    /// millions of them).
    pub fn csv(&self) -> CellText<'_> {
        match self {
            Value::Text(s) => CellText::Borrowed(s),
            Value::Int(n) => CellText::Digits(Digits::int(*n)),
            Value::Num(x) => CellText::Digits(Digits::of(*x)),
            Value::Empty => CellText::Borrowed(""),
        }
    }

    /// A cell read back from a CSV field of a column of `format` (a
    /// shard's table in `merge`): empty is [`Value::Empty`], a field that
    /// reads as a number in a numeric column is a number, anything else
    /// text. The caller strips the formula guard first.
    pub fn parse(field: &str, format: Format) -> Value {
        if field.is_empty() {
            return Value::Empty;
        }
        match format {
            Format::Text | Format::Date => Value::Text(field.to_string()),
            Format::Count => field
                .parse::<i64>()
                .map(Value::Int)
                .or_else(|_| field.parse::<f64>().map(Value::Num))
                .unwrap_or_else(|_| Value::Text(field.to_string())),
            _ => field
                .parse::<f64>()
                .map(Value::Num)
                .unwrap_or_else(|_| Value::Text(field.to_string())),
        }
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        i64::try_from(n).map_or(Value::Num(n as f64), Value::Int)
    }
}

impl From<usize> for Value {
    fn from(n: usize) -> Value {
        Value::from(n as u64)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<f64> for Value {
    fn from(x: f64) -> Value {
        Value::Num(x)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(x: Option<T>) -> Value {
        x.map_or(Value::Empty, Into::into)
    }
}

/// What a column holds, which decides how a spreadsheet shows it: the
/// workbook's number format ([`Format::excel`]) and the word the docs and
/// the workbook's "Columns" sheet use for it ([`Format::label`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Text, as written.
    Text,
    /// A count or another whole number: no decimals.
    Count,
    /// A rate per 1,000 tokens: two decimals.
    Rate,
    /// A proportion between 0 and 1, shown as a percentage.
    Share,
    /// A p-value: scientific notation.
    PValue,
    /// A calendar day `YYYY-MM-DD` (a date cell in the workbook when it is
    /// exactly that; text otherwise).
    Date,
    /// A test statistic, effect size or residual: three decimals.
    Statistic,
    /// Any other number, shown as the spreadsheet's general format.
    Number,
}

impl Format {
    /// Every format, in the order the docs explain them.
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Count,
        Format::Rate,
        Format::Share,
        Format::PValue,
        Format::Date,
        Format::Statistic,
        Format::Number,
    ];

    /// Its name in docs/OUTPUTS.md and on the "Columns" sheet.
    pub fn label(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Count => "count",
            Format::Rate => "rate",
            Format::Share => "share",
            Format::PValue => "p-value",
            Format::Date => "date",
            Format::Statistic => "statistic",
            Format::Number => "number",
        }
    }

    /// The Excel number format of its cells (`None`: General).
    pub fn excel(self) -> Option<&'static str> {
        match self {
            Format::Text | Format::Number => None,
            Format::Count => Some("0"),
            Format::Rate => Some("0.00"),
            Format::Share => Some("0.0%"),
            Format::PValue => Some("0.00E+00"),
            Format::Date => Some("yyyy-mm-dd"),
            Format::Statistic => Some("0.000"),
        }
    }

    /// True for columns of numbers.
    pub fn is_numeric(self) -> bool {
        !matches!(self, Format::Text | Format::Date)
    }
}

/// A number for a CSV cell: empty when undefined, never `NaN` or `inf`;
/// up to 10 significant digits.
pub fn num(x: f64) -> String {
    Digits::of(x).as_str().to_string()
}

/// `x` as [`num`] writes it, read back: the number a CSV cell holds (10
/// significant digits), for a writer that stores numbers as numbers.
pub fn as_written(x: f64) -> f64 {
    Digits::of(x).as_str().parse().unwrap_or(x)
}

/// A cell's text ([`Value::csv`]): borrowed from a text cell, a number's
/// digits in a buffer of their own, or text made for it (a decimal comma).
pub enum CellText<'a> {
    Borrowed(&'a str),
    Digits(Digits),
    Owned(String),
}

impl std::ops::Deref for CellText<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            CellText::Borrowed(s) => s,
            CellText::Digits(d) => d.as_str(),
            CellText::Owned(s) => s,
        }
    }
}

/// [`num`]'s text, or a whole number's, made in a buffer of its own rather
/// than on the heap (every number of a report's tables is written by it,
/// twice with the workbook). At most 20 bytes: a whole number's sign and
/// 19 digits; a sign and 16 digits (just under 1e15, rounded up), a sign,
/// `0.` and 13 decimals (from 1e-4), or a sign, 10 digits, the point and
/// an exponent of up to `e-324`; a test checks.
pub struct Digits {
    bytes: [u8; 24],
    len: usize,
}

impl std::fmt::Write for Digits {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(std::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl Digits {
    /// A whole number's digits, as `to_string` writes them (by `itoa`).
    fn int(n: i64) -> Digits {
        let mut digits = itoa::Buffer::new();
        let text = digits.format(n).as_bytes();
        let mut d = Digits {
            bytes: [0; 24],
            len: text.len(),
        };
        // 20 bytes at most (`i64::MIN`): they fit.
        d.bytes[..text.len()].copy_from_slice(text);
        d
    }

    fn of(x: f64) -> Digits {
        use std::fmt::Write;
        let mut d = Digits {
            bytes: [0; 24],
            len: 0,
        };
        if !x.is_finite() {
            return d;
        }
        if x == 0.0 {
            d.bytes[0] = b'0';
            d.len = 1;
            return d;
        }
        let a = x.abs();
        // The buffer holds every number (see above): a write cannot fail
        // (a debug build would stop here; the test would see a short text).
        let written = if (1e-4..1e15).contains(&a) {
            let decimals = (9 - a.log10().floor() as i32).max(0) as usize;
            let written = write!(d, "{x:.decimals$}");
            if d.as_str().contains('.') {
                d.len = d.as_str().trim_end_matches('0').trim_end_matches('.').len();
            }
            written
        } else {
            let written = write!(d, "{x:.9e}");
            if let Some(e) = d.as_str().find('e') {
                // The mantissa's trailing zeros (and point) out, the
                // exponent moved up to it.
                let kept = d.as_str()[..e]
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .len();
                d.bytes.copy_within(e..d.len, kept);
                d.len = kept + (d.len - e);
            }
            written
        };
        debug_assert!(written.is_ok(), "{x:e} does not fit num's buffer");
        // No "-0" to mend, as the String method did: a number from 1e-4 up
        // shows a nonzero digit in its 13 decimals, smaller ones go to the
        // exponent form (the test compares every case with that method).
        d
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are written into it.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// [`num`] of an optional number: empty when `None`.
pub fn opt(x: Option<f64>) -> String {
    x.map_or(String::new(), num)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// A whole number's cell text is `to_string`'s, at the ends of `i64`,
    /// around every power of ten (each length of digits, both signs) and
    /// on random numbers; text and empty cells are borrowed as they are.
    #[test]
    fn whole_numbers_read_as_to_string_writes_them() {
        let mut cases = vec![0, 1, -1, i64::MAX, i64::MIN, i64::MIN + 1];
        for k in 0..19 {
            let p = 10i64.pow(k);
            cases.extend([p - 1, p, p + 1, -p + 1, -p, -p - 1]);
        }
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(7);
        cases.extend((0..1000).map(|_| rng.random::<i64>() >> rng.random_range(0..63)));
        for n in cases {
            assert_eq!(&*Value::Int(n).csv(), n.to_string(), "{n}");
        }
        assert_eq!(&*Value::Text("a, \"b\"".into()).csv(), "a, \"b\"");
        assert_eq!(&*Value::Empty.csv(), "");
        assert_eq!(&*Value::Num(0.5).csv(), "0.5");
    }

    /// [`num`] as it was first written, by `format!` and `String`s.
    fn num_by_strings(x: f64) -> String {
        if !x.is_finite() {
            return String::new();
        }
        if x == 0.0 {
            return "0".into();
        }
        let a = x.abs();
        let s = if (1e-4..1e15).contains(&a) {
            let decimals = (9 - a.log10().floor() as i32).max(0) as usize;
            let s = format!("{x:.decimals$}");
            if s.contains('.') {
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            } else {
                s
            }
        } else {
            let s = format!("{x:.9e}");
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let m = m.trim_end_matches('0').trim_end_matches('.');
            format!("{m}e{e}")
        };
        if s == "-0" {
            "0".into()
        } else {
            s
        }
    }

    /// The buffer gives the strings' text for numbers of every size and
    /// sign, at the edges of the two forms and of the buffer, and reads
    /// back as they do.
    #[test]
    fn numbers_in_a_buffer_are_the_strings_numbers() {
        let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(31);
        let mut values = vec![
            0.0,
            -0.0,
            1e-4,
            -1e-4,
            9.99999999995e-5,
            1e15,
            -1e15,
            999_999_999_999_999.9,
            -999_999_999_999_999.9,
            0.1 + 0.2,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            -5e-324,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            123_456_789.0,
            0.5,
        ];
        for _ in 0..20_000 {
            let sign = if rng.random_range(0..2u8) == 0 {
                1.0
            } else {
                -1.0
            };
            let exponent = rng.random_range(-320..308i32);
            let mantissa: f64 = rng.random_range(1.0..10.0);
            values.push(sign * mantissa * 10f64.powi(exponent));
            // Whole numbers and short decimals, as counts and rates are.
            values.push(f64::from(rng.random_range(0..1_000_000u32)) / 100.0);
        }
        let longest = values.iter().map(|&x| num_by_strings(x).len()).max();
        assert_eq!(longest, Some(17));
        for x in values {
            let want = num_by_strings(x);
            assert_eq!(num(x), want, "{x:e}");
            let back = if want.is_empty() {
                x
            } else {
                want.parse().unwrap_or(f64::NAN)
            };
            assert_eq!(as_written(x).to_bits(), back.to_bits(), "{x:e}");
        }
    }

    #[test]
    fn csv_fields_read_back_as_the_cells_they_were() {
        for (value, format) in [
            (Value::Int(42), Format::Count),
            (Value::Num(0.3333333333), Format::Share),
            (Value::Num(6.5e-10), Format::PValue),
            (Value::Num(-2.468779417), Format::Statistic),
            (Value::Text("2016-03-01".into()), Format::Date),
            (Value::Text("12".into()), Format::Text),
            (Value::Empty, Format::Rate),
        ] {
            assert_eq!(Value::parse(&value.csv(), format), value);
        }
        assert_eq!(
            Value::parse("n/a", Format::Count),
            Value::Text("n/a".into())
        );
    }
}
