//! Small English wording shared by the measures' reasons (a leaf, so `network` and `explain`
//! both use it without using each other).

/// "1 question", "5 questions".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
