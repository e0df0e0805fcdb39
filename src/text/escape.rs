//! Text from a user's files made safe to print on a terminal: control
//! characters (C0 but tab and line feed, DEL, C1, which can move the
//! cursor, clear the screen, change colours or set the window title) and
//! the bidirectional embeddings, overrides and isolates (which reorder
//! what is shown) are written as `\u{...}`. Used for error messages and
//! for text output meant to be read (`kwic` lines, `lexicon check`);
//! never for data formats (CSV, TOML), whose writers escape by their own
//! rules.

use std::borrow::Cow;

/// True for a character [`for_terminal`] escapes.
pub fn is_unsafe_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every character [`is_unsafe_on_terminal`] written as
/// `\u{1b}`; borrowed when there is none.
pub fn for_terminal(s: &str) -> Cow<'_, str> {
    if !s.contains(is_unsafe_on_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_on_terminal(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_visible_and_the_rest_untouched() {
        assert_eq!(
            for_terminal("a\u{1b}[2Jb\u{7}\u{0}\u{9b}\u{202e}x\ty\nz\u{7f}"),
            "a\\u{1b}[2Jb\\u{7}\\u{0}\\u{9b}\\u{202e}x\ty\nz\\u{7f}"
        );
        assert!(matches!(
            for_terminal("Café, قناة العالم"),
            Cow::Borrowed("Café, قناة العالم")
        ));
    }
}
