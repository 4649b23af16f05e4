//! Counts passed and failed tests from the output of the test runners, for the one summary line
//! `cargo xtask test` ends with. Understands cargo's (and wasm-bindgen-test-runner's)
//! `test result:` lines and node's TAP `# pass N` / `# fail N` lines.

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub passed: u64,
    pub failed: u64,
}

impl Tally {
    pub fn add(&mut self, other: Tally) {
        self.passed += other.passed;
        self.failed += other.failed;
    }

    /// The summary line: `12 passed, 0 failed`.
    pub fn line(&self) -> String {
        format!("{} passed, {} failed", self.passed, self.failed)
    }
}

/// Sums every `test result: ok. 3 passed; 0 failed; ...` line.
pub fn cargo(output: &str) -> Tally {
    let mut tally = Tally::default();
    for line in output.lines() {
        let Some((_, rest)) = line.split_once("test result:") else {
            continue;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(count)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(count) = count.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => tally.passed += count,
                "failed" => tally.failed += count,
                _ => {}
            }
        }
    }
    tally
}

/// Reads node's TAP footer: `# pass 2` and `# fail 0`.
pub fn node_tap(output: &str) -> Tally {
    let mut tally = Tally::default();
    for line in output.lines() {
        let mut words = line.split_whitespace();
        if words.next() != Some("#") {
            continue;
        }
        let (Some(label), Some(count), None) = (words.next(), words.next(), words.next()) else {
            continue;
        };
        let Ok(count) = count.parse::<u64>() else {
            continue;
        };
        match label {
            "pass" => tally.passed += count,
            "fail" => tally.failed += count,
            _ => {}
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_results() {
        let out = "\
running 3 tests
test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s
   Doc-tests sim_core
test result: FAILED. 1 passed; 2 failed; 1 ignored; 0 measured; 0 filtered out
test result: ok. 4 passed; 0 failed; 0 ignored; 0 filtered out; finished in 1.22s
";
        assert_eq!(cargo(out), Tally { passed: 8, failed: 2 });
    }

    #[test]
    fn reads_node_tap_footer() {
        let out = "TAP version 13\nok 1 - carga\n# tests 2\n# suites 0\n# pass 1\n# fail 1\n";
        assert_eq!(node_tap(out), Tally { passed: 1, failed: 1 });
        assert_eq!(node_tap("# pass the salt"), Tally::default());
    }

    #[test]
    fn summary_line() {
        let mut t = Tally::default();
        t.add(Tally { passed: 5, failed: 1 });
        assert_eq!(t.line(), "5 passed, 1 failed");
    }
}
