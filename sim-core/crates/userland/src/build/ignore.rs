//! `.dockerignore`: which files of the build context the builder never sees
//! (moby's `patternmatcher`: one pattern per line, `#` comments, `!`
//! exceptions where the last matching line wins, `*`/`?`/`[…]` within a path
//! component, `**` across components; a pattern that matches a directory
//! excludes everything below it).

use crate::wildcard::{matches, Dialect};

pub struct Ignore {
    /// (exception, pattern components).
    patterns: Vec<(bool, Vec<String>)>,
}

impl Ignore {
    pub fn parse(text: &str) -> Ignore {
        Ignore::from_patterns(text.lines().map(str::trim).filter(|t| !t.starts_with('#')))
    }

    /// Patterns given one by one (Compose's `develop.watch[].ignore`): no comment lines.
    pub fn from_patterns<'a>(lines: impl IntoIterator<Item = &'a str>) -> Ignore {
        let mut patterns = Vec::new();
        for line in lines {
            let t = line.trim();
            if t.is_empty() {
                continue;
            }
            let (exception, p) = match t.strip_prefix('!') {
                Some(p) => (true, p.trim()),
                None => (false, t),
            };
            let parts: Vec<String> = p.split('/').filter(|s| !s.is_empty() && *s != ".").map(str::to_string).collect();
            if !parts.is_empty() {
                patterns.push((exception, parts));
            }
        }
        Ignore { patterns }
    }

    /// Whether `rel` (a path relative to the context, `a/b.txt`) is left out.
    pub fn excluded(&self, rel: &str) -> bool {
        let path: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
        let mut out = false;
        for (exception, pat) in &self.patterns {
            // The pattern matches the path itself or one of its parent directories.
            let hit = (1..=path.len()).any(|n| segments_match(pat, &path[..n]));
            if hit {
                out = !exception;
            }
        }
        out
    }
}

/// Component-wise match with `**` as any number of components: a table of
/// reachable (pattern, path) positions, no recursion.
fn segments_match(pat: &[String], path: &[&str]) -> bool {
    let (p, t) = (pat.len(), path.len());
    let mut reach = vec![vec![false; t + 1]; p + 1];
    reach[0][0] = true;
    for i in 0..=p {
        for j in 0..=t {
            if !reach[i][j] || i == p {
                continue;
            }
            if pat[i] == "**" {
                reach[i + 1][j] = true;
                if j < t {
                    reach[i][j + 1] = true;
                }
            } else if j < t && matches(&pat[i], path[j], Dialect::GoPath) {
                reach[i + 1][j + 1] = true;
            }
        }
    }
    reach[p][t]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_exceptions_and_directories() {
        let ig = Ignore::parse("# comment\nnode_modules\n*.log\n!keep.log\n**/secret.txt\n./build/\n");
        assert!(ig.excluded("node_modules"));
        assert!(ig.excluded("node_modules/x/y.js"));
        assert!(ig.excluded("debug.log"));
        assert!(!ig.excluded("keep.log"));
        assert!(!ig.excluded("src/debug.log"));
        assert!(ig.excluded("a/b/secret.txt"));
        assert!(ig.excluded("secret.txt"));
        assert!(ig.excluded("build/out"));
        assert!(!ig.excluded("app.py"));
    }
}
