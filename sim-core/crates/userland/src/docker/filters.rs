//! `--filter key=value` as docker/cli's `FilterOpt` collects it and moby's
//! `filters.Args` matches it: keys lower-cased, repeated keys OR-ed,
//! different keys AND-ed, `name=` matched as a regular expression (so a
//! plain word matches anywhere in the name), unknown keys refused with the
//! daemon's `invalid filter 'x'`.

use crate::process::Cx;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    values: BTreeMap<String, Vec<String>>,
}

impl Filters {
    /// Collects `-f` values; a value without `=` is refused (its text is the error).
    pub fn parse(values: &[String]) -> Result<Filters, String> {
        let mut f = Filters::default();
        for v in values {
            if v.is_empty() {
                continue;
            }
            let Some((k, val)) = v.split_once('=') else {
                return Err(v.clone());
            };
            let entry = f.values.entry(crate::case::to_lower(k.trim())).or_default();
            let val = val.trim().to_string();
            if !entry.contains(&val) {
                entry.push(val);
            }
        }
        Ok(f)
    }

    /// The daemon's check of filter keys: `invalid filter 'foo'`.
    pub fn validate(&self, accepted: &[&str]) -> Result<(), String> {
        match self.values.keys().find(|k| !accepted.contains(&k.as_str())) {
            Some(k) => Err(format!("invalid filter '{k}'")),
            None => Ok(()),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }

    pub fn get(&self, key: &str) -> &[String] {
        self.values.get(key).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// `ExactMatch`: true without the key, else some value equals `source`.
    pub fn exact_match(&self, key: &str, source: &str) -> bool {
        match self.values.get(key) {
            None => true,
            Some(vals) => vals.is_empty() || vals.iter().any(|v| v == source),
        }
    }

    /// `Match`: true without the key, else some value equals or (as a regexp) matches `source`.
    pub fn regex_match(&self, key: &str, source: &str) -> bool {
        match self.values.get(key) {
            None => true,
            Some(vals) => vals.is_empty() || vals.iter().any(|v| v == source || regex_find(v, source)),
        }
    }

    /// `MatchKVList`: every `label=k` / `label=k=v` value names a label the object has.
    pub fn match_kv_list(&self, key: &str, labels: &[(String, String)]) -> bool {
        self.get(key).iter().all(|want| match want.split_once('=') {
            Some((k, v)) => labels.iter().any(|(lk, lv)| lk == k && lv == v),
            None => labels.iter().any(|(lk, _)| lk == want),
        })
    }

    /// `GetBoolOrDefault`: `true`/`1` or `false`/`0`; anything else is `invalid filter 'k=[v]'`.
    pub fn bool_or_default(&self, key: &str, default: bool) -> Result<bool, String> {
        let Some(vals) = self.values.get(key) else { return Ok(default) };
        let is_false = vals.iter().any(|v| v == "0" || v == "false");
        let is_true = vals.iter().any(|v| v == "1" || v == "true");
        if is_false == is_true {
            return Err(format!("invalid filter '{key}=[{}]'", vals.join(" ")));
        }
        Ok(is_true)
    }
}

/// pflag's complaint about a bad filter value, with the command's usage: exit 125.
/// `flag` is how pflag names it: `-f, --filter` with a shorthand, else `--filter`.
pub fn bad_filter_flag(cx: &mut Cx<'_>, flag: &str, value: &str, command_path: &str, usage: &str) -> i32 {
    cx.io.errln(&format!(
        "invalid argument \"{value}\" for \"{flag}\" flag: bad format of filter (expected name=value)\n\nUsage:  docker {usage}\n\nRun 'docker {command_path} --help' for more information"
    ));
    125
}

/// Whether `pattern` matches somewhere in `text`, for the regexp subset names use:
/// literals, `.`, `*`, `+`, `?`, `^`, `$`. Other syntax is taken literally. Runs in
/// pattern × text steps whatever the pattern (no backtracking).
pub fn regex_find(pattern: &str, text: &str) -> bool {
    if pattern.chars().any(|c| "[](){}|\\".contains(c)) {
        return text.contains(pattern);
    }
    let (anchored_start, body) = match pattern.strip_prefix('^') {
        Some(rest) => (true, rest),
        None => (false, pattern),
    };
    let (anchored_end, body) = match body.strip_suffix('$') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    // Atoms: a character (`None` = `.`) and how often it may repeat.
    let mut atoms: Vec<(Option<char>, usize, bool)> = Vec::new();
    for c in body.chars() {
        match (c, atoms.last_mut()) {
            ('*', Some(last)) => *last = (last.0, 0, true),
            ('+', Some(last)) => *last = (last.0, 1, true),
            ('?', Some(last)) => *last = (last.0, 0, false),
            (c, _) => atoms.push((if c == '.' { None } else { Some(c) }, 1, false)),
        }
    }
    let t: Vec<char> = text.chars().collect();
    // states[k]: atom k is next and the text read so far can be matched by atoms before it.
    let closure = |states: &mut Vec<bool>| {
        for k in 0..atoms.len() {
            if states[k] && atoms[k].1 == 0 {
                states[k + 1] = true;
            }
        }
    };
    let mut states = vec![false; atoms.len() + 1];
    states[0] = true;
    closure(&mut states);
    for ch in &t {
        if states[atoms.len()] && !anchored_end {
            return true;
        }
        let mut next = vec![false; atoms.len() + 1];
        if !anchored_start {
            next[0] = true; // a match may start at the next character
        }
        for (k, (want, _, many)) in atoms.iter().enumerate() {
            if !states[k] || !want.is_none_or(|w| w == *ch) {
                continue;
            }
            next[k + 1] = true;
            if *many {
                next[k] = true; // a repeating atom may take more
            }
        }
        states = next;
        closure(&mut states);
    }
    states[atoms.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(v: &[&str]) -> Filters {
        Filters::parse(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn parse_and_match() {
        let fl = f(&["Name=net", "driver=bridge", "driver=host"]);
        assert!(fl.regex_match("name", "mynet") && !fl.regex_match("name", "bridge"));
        assert!(fl.exact_match("driver", "host") && !fl.exact_match("driver", "null"));
        assert_eq!(fl.validate(&["name"]), Err("invalid filter 'driver'".into()));
        assert_eq!(Filters::parse(&["oops".to_string()]), Err("oops".into()));
        assert_eq!(
            f(&["dangling=maybe"]).bool_or_default("dangling", false),
            Err("invalid filter 'dangling=[maybe]'".into())
        );
        assert_eq!(f(&["dangling=1"]).bool_or_default("dangling", false), Ok(true));
    }

    #[test]
    fn small_regexps() {
        assert!(regex_find("^my", "mynet") && !regex_find("^net", "mynet"));
        assert!(regex_find("net$", "mynet") && regex_find("m.n", "mynet") && regex_find("y*n", "mynet"));
        assert!(!regex_find("^x+$", "mynet"));
        assert!(regex_find("^my.+t$", "mynet") && !regex_find("^myn+et+$", "mynt"));
        assert!(regex_find("ne?t", "mnt") && regex_find("^$", "") && !regex_find("^$", "a"));
        assert!(!regex_find(&format!("^{}b", "a*".repeat(40)), &"a".repeat(60)), "no catastrophic backtracking");
        assert!(regex_find("x|y", "ax|y"), "other syntax is literal");
    }
}
