//! Printing: JSON for programs, aligned tables and short lines for people. Everything goes
//! through one writer so a closed pipe ends the command quietly instead of panicking.

use std::io::Write;

use serde::Serialize;

use crate::error::Result;

/// Pretty JSON followed by a newline.
pub fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// How a column lines up: text to the left, numbers to the right.
#[derive(Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Right,
}

/// A plain-text table: a header row, then one row per record, columns two spaces apart.
pub struct Table {
    columns: Vec<(&'static str, Align)>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&'static str, Align)]) -> Self {
        Table { columns: columns.to_vec(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }

    pub fn print(&self, out: &mut dyn Write) -> Result<()> {
        self.print_indented(out, "")
    }

    /// The table with every line starting with `indent`, to nest it under a heading.
    pub fn print_indented(&self, out: &mut dyn Write, indent: &str) -> Result<()> {
        let mut widths: Vec<usize> = self.columns.iter().map(|(h, _)| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let header: Vec<String> = self.columns.iter().map(|(h, _)| h.to_string()).collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = indent.to_owned();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(widths[i] - width(cell));
                match self.columns[i].1 {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&pad);
                    }
                    Align::Right => {
                        line.push_str(&pad);
                        line.push_str(cell);
                    }
                }
            }
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// Characters, not bytes, so accented names line up. (Wide CJK glyphs will still be off by a
/// little; a dependency for display width is not worth it for a listing.)
fn width(s: &str) -> usize {
    s.chars().count()
}

/// Cuts text to `max` characters with an ellipsis, on one line, for a table cell.
pub fn clip(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// "1 contact", "2 contacts": a count with its noun, for sentences.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// An optional cell: the value, or a dash.
pub fn or_dash(value: Option<&str>) -> String {
    value.filter(|s| !s.is_empty()).unwrap_or("-").to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_aligns_text_left_and_numbers_right() {
        let mut t = Table::new(&[("id", Align::Right), ("name", Align::Left)]);
        t.row(vec!["7".into(), "Zoé".into()]);
        t.row(vec!["12".into(), "Ann Lee".into()]);
        let mut out = Vec::new();
        t.print(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "id  name\n 7  Zoé\n12  Ann Lee\n");
    }

    #[test]
    fn clip_shortens_long_text_to_one_line() {
        assert_eq!(clip("a\nb", 10), "a b");
        assert_eq!(clip("abcdefghij", 5), "abcd…");
    }
}
