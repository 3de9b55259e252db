//! Cross-crate tests live in this package's `tests/` folder. The library holds what a test shares
//! with a helper process: [`crash`], the writes of the crash test's child.

pub mod crash;
