//! Counts as people read them: `100,000 records`, not `100000 records`. Every count a reader
//! sees (records, results, facet counts, members, passages) is written through [`Thousands`];
//! line numbers, byte offsets, ids and years are not counts and stay as they are.

use std::fmt::{self, Write};

/// A count written with its thousands grouped by commas: `Thousands(46174)` shows `46,174`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thousands(pub u64);

impl From<usize> for Thousands {
    fn from(n: usize) -> Self {
        Thousands(n as u64)
    }
}

impl From<u32> for Thousands {
    fn from(n: u32) -> Self {
        Thousands(u64::from(n))
    }
}

impl fmt::Display for Thousands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        for (i, digit) in digits.chars().enumerate() {
            // A comma before each digit that has a multiple of three digits after it.
            if i > 0 && (digits.len() - i) % 3 == 0 {
                f.write_char(',')?;
            }
            f.write_char(digit)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Thousands;

    fn check(n: u64, expect: &str) {
        assert_eq!(Thousands(n).to_string(), expect);
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        check(0, "0");
        check(7, "7");
        check(999, "999");
        check(1_000, "1,000");
        check(46_174, "46,174");
        check(100_000, "100,000");
        check(1_234_567, "1,234,567");
        check(u64::MAX, "18,446,744,073,709,551,615");
    }

    #[test]
    fn grouping_removes_only_the_commas_it_adds() {
        for n in [0, 1, 12, 123, 1_234, 12_345, 123_456, 9_999_999, 10_000_000] {
            let shown = Thousands(n).to_string();
            assert_eq!(shown.replace(',', ""), n.to_string());
            assert!(shown.split(',').skip(1).all(|g| g.len() == 3), "{shown}");
        }
    }
}
