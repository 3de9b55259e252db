//! Which characters a stored text may hold, and the cleaning an import does instead of refusing.
//!
//! Names and notes arrive from other people's vCards, CSVs and calendars. Three kinds of character
//! in them can mislead or attack whoever reads them later:
//!
//! - control characters (C0, DEL and C1: ESC, BEL, CR, U+009B...), which drive a terminal (retitle
//!   it, clear it, rewrite a line) and make an SVG chart ill-formed;
//! - direction overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069), which make a
//!   name read backwards;
//! - invisible characters (zero-width space, joiners, BOM, soft hyphen...), of which a name can be
//!   made that looks empty.
//!
//! A write from the user refuses them ([`check`], naming the field and the character); an import
//! takes them out and says how many in a warning ([`clean`]), as one bad character should not
//! refuse a whole address book. Text already stored before these rules is escaped wherever it is
//! printed (the CLI) or drawn (charts).

use crate::error::{Error, Reason, Result};

/// What a field holds, which decides the characters it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line: a title, a company, a question, an address. No control character at all.
    Line,
    /// A person's or a circle's name: a [`Shape::Line`] with no direction control, that must show
    /// something visible.
    Name,
    /// Free text over several lines (notes, summaries, comments): tab and newline allowed.
    Prose,
}

/// Direction embedding, override and isolate controls: they reorder the text around them.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that leave no visible mark: spaces, controls, and the format characters a name can
/// be hidden in (zero-width space and joiners, word joiner, BOM, soft hyphen, direction marks,
/// fillers, variation selectors, tags).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
        )
}

/// Whether `c` is refused in a field of this shape.
fn refused(c: char, shape: Shape) -> bool {
    match shape {
        Shape::Prose => c.is_control() && c != '\n' && c != '\t',
        Shape::Line => c.is_control(),
        Shape::Name => c.is_control() || is_direction_control(c),
    }
}

/// `U+001B`: how a sentence names a character that cannot be shown.
pub fn code(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// Refuses, naming `field` and the first offending character, text this field must not hold
/// (see the module's notes). A NUL has its own reason, as before these rules.
pub fn check(field: &'static str, value: &str, shape: Shape) -> Result<()> {
    if value.contains('\0') {
        return Err(Error::invalid(field, Reason::Nul {}));
    }
    if let Some(c) = value.chars().find(|c| refused(*c, shape)) {
        let code = code(c);
        return Err(Error::invalid(
            field,
            if c.is_control() { Reason::ControlCharacter { code } } else { Reason::DirectionControl { code } },
        ));
    }
    if shape == Shape::Name && !value.is_empty() && value.chars().all(is_invisible) {
        return Err(Error::invalid(field, Reason::InvisibleName {}));
    }
    Ok(())
}

/// Takes out of an imported `value` what [`check`] would refuse, and returns every character
/// taken (empty: unchanged). Line breaks are not loss: in prose CR LF and a lone CR become a
/// newline, and in a one-line field a line break or tab becomes a space, neither counted.
pub fn clean(value: &mut String, shape: Shape) -> Vec<char> {
    // Printable ASCII is never refused (no control or direction character): a byte scan is enough.
    if value.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return Vec::new();
    }
    if !value.chars().any(|c| refused(c, shape) || c == '\r') {
        return Vec::new();
    }
    let mut taken = Vec::new();
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        match (matches!(c, '\n' | '\r' | '\t'), shape) {
            (true, Shape::Prose) => out.push(if c == '\r' { '\n' } else { c }),
            (true, _) => out.push(' '),
            (false, _) if refused(c, shape) => taken.push(c),
            (false, _) => out.push(c),
        }
    }
    *value = out;
    taken
}

/// The warning for what [`clean`] took out of one field: how many, and which (each once).
pub fn removed(taken: &[char]) -> Reason {
    let mut codes: Vec<String> = Vec::new();
    for c in taken {
        let code = code(*c);
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Reason::ControlsRemoved { n: taken.len(), codes }
}

/// `text` with every control and direction character written as an escape (`\u{1b}`), tab and
/// newline kept: for a terminal, which would act on them.
pub fn escape_for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_direction_control(c);
    if !text.chars().any(shown) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// What a spreadsheet reads as the start of a formula (`=`, `+`, `-`, `@`), or skips before
/// reading one (tab, CR).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell would start a formula once any quotes [`csv_safe`] added are taken off.
fn starts_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// A text cell for a CSV file a spreadsheet may open: one that would start a formula
/// (`=HYPERLINK(...)` in a name from someone's vCard) gets a leading `'`, which spreadsheets read
/// as "this is text". A cell that already starts with quotes before such a character gets one
/// more, so [`csv_unsafe`] gives back exactly what was stored.
pub fn csv_safe(cell: &str) -> String {
    if starts_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The cell as it was before [`csv_safe`] (or another spreadsheet-safe writer) quoted it.
pub fn csv_unsafe(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_formula(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_its_lines_and_loses_its_controls() {
        let mut s = "one\r\ntwo\rthree\tfour\u{1b}]0;x\u{7}".to_owned();
        assert_eq!(clean(&mut s, Shape::Prose), vec!['\u{1b}', '\u{7}']);
        assert_eq!(s, "one\ntwo\nthree\tfour]0;x");
    }

    #[test]
    fn a_name_loses_its_overrides_and_its_line_breaks_become_spaces() {
        let mut s = "Ann\nLee\u{202E}\u{9b}".to_owned();
        let taken = clean(&mut s, Shape::Name);
        assert_eq!(removed(&taken).to_string(), "control or direction characters taken out: 2 (U+202E and U+009B)");
        assert_eq!(s, "Ann Lee");
    }

    #[test]
    fn the_terminal_sees_escapes() {
        assert_eq!(escape_for_terminal("a\u{1b}[2Jb\r\u{9b}\u{202e}\n"), "a\\u{1b}[2Jb\\r\\u{9b}\\u{202e}\n");
    }

    #[test]
    fn a_formula_cell_is_quoted_and_comes_back_as_it_was() {
        for cell in ["=1+1", "+33 6", "-x", "@SUM(A1)", "\tx", "'=x", "''+y", "'plain", "plain", "", "a=b"] {
            let safe = csv_safe(cell);
            assert!(!safe.starts_with(FORMULA_STARTS), "{safe:?}");
            assert_eq!(csv_unsafe(&safe), cell);
        }
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("'plain"), "'plain");
    }
}
