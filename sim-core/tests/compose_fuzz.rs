//! Hostile and broken inputs never panic and finish fast: random bytes,
//! corpus files with bytes flipped, lines dropped or duplicated, and
//! structured random YAML, all through `compose::load` and both renderers.

#[path = "common/corpus.rs"]
mod corpus;

use proptest::prelude::*;
use sim_core::compose;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

fn load(text: &str) {
    let read = |p: &str| -> Option<Vec<u8>> { (p == "/p/.env").then(|| b"A=1\n".to_vec()) };
    let env: BTreeMap<String, String> = [("HOME".to_string(), "/root".to_string())].into();
    let files = [("/p/compose.yaml".to_string(), text.to_string())];
    if let Ok((p, _)) = compose::load(&files, &env, "/p", None, &[], &read) {
        let _ = compose::render_json(&p);
        let _ = compose::render_yaml(&p);
    }
}

/// A small deterministic generator (xorshift), so failures replay.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn corpus_files() -> Vec<String> {
    let Some(root) = corpus::dir() else { return Vec::new() };
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() && !p.ends_with("expected-v1") && !p.ends_with("expected-v2") && !p.ends_with("schema") {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push(t);
                }
            }
        }
    }
    sim_core::sort::sort(&mut out);
    out
}

#[test]
fn mutated_corpus_files_never_panic() {
    let files = corpus_files();
    let started = Instant::now();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let alphabet: &[u8] = b" \t\n:-[]{}&*<>!|'\"#$%{}~?,.0123456789abcdefxyz";
    for (i, text) in files.iter().enumerate() {
        load(text);
        for round in 0..12 {
            let mut bytes = text.as_bytes().to_vec();
            match round % 4 {
                0 => {
                    for _ in 0..1 + rng.below(6) {
                        if !bytes.is_empty() {
                            let at = rng.below(bytes.len());
                            bytes[at] = alphabet[rng.below(alphabet.len())];
                        }
                    }
                }
                1 => {
                    let lines: Vec<&str> = text.lines().collect();
                    let drop = rng.below(lines.len());
                    bytes = lines
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| *j != drop)
                        .map(|(_, l)| *l)
                        .collect::<Vec<_>>()
                        .join("\n")
                        .into_bytes();
                }
                2 => {
                    let lines: Vec<&str> = text.lines().collect();
                    let dup = rng.below(lines.len());
                    let mut v = lines.clone();
                    if let Some(l) = lines.get(dup) {
                        v.insert(dup, l);
                    }
                    bytes = v.join("\n").into_bytes();
                }
                _ => {
                    let at = rng.below(bytes.len() + 1);
                    let junk: Vec<u8> = (0..rng.below(40)).map(|_| (rng.next() & 0xff) as u8).collect();
                    bytes.splice(at..at, junk);
                }
            }
            load(&String::from_utf8_lossy(&bytes));
        }
        assert!(started.elapsed() < Duration::from_secs(60), "fuzzing got slow at file {i}");
    }
}

fn yaml_fragment() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("nginx".to_string()),
        Just("\"8080:80\"".to_string()),
        Just("${X:-d}".to_string()),
        Just("*a".to_string()),
        Just("&a x".to_string()),
        Just("<<: *a".to_string()),
        Just("~".to_string()),
        Just("!reset".to_string()),
        "[a-z:\\[\\]{}\"' -]{0,12}",
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..4).prop_map(|v| format!(
                "{{{}}}",
                v.into_iter().map(|(k, x)| format!("{k}: {x}")).collect::<Vec<_>>().join(", ")
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let start = Instant::now();
        load(&String::from_utf8_lossy(&bytes));
        prop_assert!(start.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn random_services_never_panic(
        svc in "[a-z]{1,6}",
        keys in prop::collection::vec((prop::sample::select(vec![
            "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes",
            "networks", "depends_on", "healthcheck", "restart", "deploy", "container_name", "labels", "profiles",
            "extends", "secrets", "configs", "x-muelle", "tty", "scale", "ulimits", "develop", "logging",
        ]), yaml_fragment()), 0..6),
        top in prop::collection::vec((prop::sample::select(vec!["networks", "volumes", "secrets", "configs", "include", "name", "x-a"]), yaml_fragment()), 0..3),
    ) {
        let mut text = format!("services:\n  {svc}:\n");
        for (k, v) in &keys {
            text.push_str(&format!("    {k}: {v}\n"));
        }
        for (k, v) in &top {
            text.push_str(&format!("{k}: {v}\n"));
        }
        let start = Instant::now();
        load(&text);
        prop_assert!(start.elapsed() < Duration::from_secs(2));
    }
}
