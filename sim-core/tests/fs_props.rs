//! Property tests of the file system (issue 17): random `mkdir -p`, `cp -r`, `mv`, `rm -r`,
//! redirections, deep paths, `..` and copies into themselves never panic, and each step
//! does work bounded by a counter of inodes visited (`fs::work_done`), never by wall time.
//!
//! Two layers: `Fs` itself against a flat model (a map from full path to entry, the old
//! representation), and shell lines typed into a session.

use proptest::prelude::*;
use sim_core::fs::{self, Fs, FsError, Node};
use sim_core::{Lang, Session, SessionConfig};
use std::collections::BTreeMap;

/// Directory names: short ones, a long one (NAME_MAX is 255), and `..`/`.`.
const PARTS: &[&str] = &["a", "b", "a.txt", "a-b", "..", "."];

/// A path: a few parts, sometimes a deep chain of `a`, sometimes a name over NAME_MAX.
fn path() -> impl Strategy<Value = String> {
    (prop::collection::vec(prop::sample::select(PARTS), 1..5), 0..10u8).prop_map(|(parts, kind)| {
        let mut p = parts.join("/");
        match kind {
            0 => p = format!("{p}/{}", "a/".repeat(300).trim_end_matches('/')),
            1 => p = format!("{p}/{}", "a/".repeat(2100).trim_end_matches('/')),
            2 => p = format!("{p}/{}", "n".repeat(256)),
            _ => {}
        }
        fs::normalize("/w", &p)
    })
}

#[derive(Clone, Debug)]
enum Op {
    MkdirP(String),
    Mkdir(String),
    Write(String, u8),
    Remove(String),
    Rename(String, String),
    /// Copy the directory at .0 (a snapshot) below .1.
    Copy(String, String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        path().prop_map(Op::MkdirP),
        path().prop_map(Op::Mkdir),
        (path(), any::<u8>()).prop_map(|(p, b)| Op::Write(p, b)),
        path().prop_map(Op::Remove),
        (path(), path()).prop_map(|(a, b)| Op::Rename(a, b)),
        (path(), path()).prop_map(|(a, b)| Op::Copy(a, b)),
    ]
}

/// The old flat representation: full path → entry (`None`: a directory).
#[derive(Default)]
struct Model(BTreeMap<String, Option<Vec<u8>>>);

impl Model {
    fn new() -> Model {
        let mut m = Model::default();
        m.0.insert("/".into(), None);
        m
    }
    fn ok(p: &str) -> bool {
        fs::check_path(p).is_ok()
    }
    fn parent_is_dir(&self, p: &str) -> bool {
        matches!(self.0.get(fs::parent(p)), Some(None))
    }
    fn below(&self, p: &str) -> Vec<String> {
        self.0.keys().filter(|k| fs::is_within(k, p) && k.as_str() != "/").cloned().collect()
    }
    fn apply(&mut self, op: &Op) {
        match op {
            // `mkdir -p` makes the ancestors before a name over NAME_MAX.
            Op::MkdirP(p) if p.len() < fs::PATH_MAX => {
                let mut cur = String::new();
                for part in p.split('/').filter(|s| !s.is_empty()) {
                    if part.len() > fs::NAME_MAX {
                        return;
                    }
                    cur = format!("{cur}/{part}");
                    match self.0.get(&cur) {
                        Some(None) => {}
                        Some(Some(_)) => return,
                        None => {
                            self.0.insert(cur.clone(), None);
                        }
                    }
                }
            }
            Op::Mkdir(p) if Self::ok(p) && !self.0.contains_key(p) && self.parent_is_dir(p) => {
                self.0.insert(p.clone(), None);
            }
            Op::Write(p, b) if Self::ok(p) => match self.0.get(p) {
                Some(Some(_)) => {
                    self.0.insert(p.clone(), Some(vec![*b]));
                }
                None if self.parent_is_dir(p) => {
                    self.0.insert(p.clone(), Some(vec![*b]));
                }
                _ => {}
            },
            Op::Remove(p) if self.0.contains_key(p) => {
                for k in self.below(p) {
                    self.0.remove(&k);
                }
            }
            _ => {}
        }
    }
}

fn contents(fs: &Fs) -> Vec<(String, Option<Vec<u8>>)> {
    fs.subtree_paths("/")
        .into_iter()
        .map(|p| {
            let n = match fs.get(&p) {
                Some(Node::File(d)) => Some(d.clone()),
                _ => None,
            };
            (p, n)
        })
        .collect()
}

/// Inodes one operation may visit: a few passes over the deepest possible path and over
/// every entry of the tree, never a product of the two.
fn budget(fs: &Fs) -> u64 {
    64 * (fs::PATH_MAX as u64 + fs.file_count() as u64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// mkdir, write and remove agree with the flat model; rename and copy keep every path
    /// under PATH_MAX; every step stays within its work budget.
    #[test]
    fn fs_matches_the_flat_model_within_budget(ops in prop::collection::vec(op(), 1..30)) {
        let mut fs = Fs::new();
        let mut model = Model::new();
        for op in &ops {
            let before = fs::work_done();
            let allowed = budget(&fs);
            match op {
                Op::MkdirP(p) => { let _ = fs.mkdir_p(p); }
                Op::Mkdir(p) => { let _ = fs.mkdir(p); }
                Op::Write(p, b) => { let _ = fs.write(p, &[*b], false); }
                Op::Remove(p) => { let _ = fs.remove(p, true); }
                Op::Rename(a, b) => {
                    let r = fs.rename(a, b);
                    if fs.is_dir(a) && a != b && fs::is_within(b, a) {
                        prop_assert!(r.is_err());
                    }
                }
                Op::Copy(a, b) => {
                    if let Some(snap) = fs.snapshot(a) {
                        fs.copy_tree_from(&snap, "/", b);
                    }
                }
            }
            let work = fs::work_done() - before;
            prop_assert!(work <= allowed, "{op:?}: {work} > {allowed}");
            match op {
                Op::Rename(..) | Op::Copy(..) => {
                    // The model cannot follow these: rebuild it from the tree.
                    model = Model(contents(&fs).into_iter().collect());
                }
                _ => model.apply(op),
            }
            let got = contents(&fs);
            prop_assert!(got.iter().all(|(p, _)| p.len() < fs::PATH_MAX), "a path over PATH_MAX after {op:?}");
            let want: Vec<_> = model.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            prop_assert_eq!(got, want, "after {:?}", op);
            prop_assert_eq!(fs.file_count(), model.0.len());
        }
    }
}

/// Words for shell lines: plain names, `..`, `~`, deep and too-long paths.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(&["a", "b", "a/b", "a/b/c", "..", ".", "~", "/", "x.txt", "a/"][..])
            .prop_map(String::from),
        (1..3000usize).prop_map(|n| "a/".repeat(n)),
        (250..260usize).prop_map(|n| "n".repeat(n)),
    ]
}

fn line() -> impl Strategy<Value = String> {
    (0..9u8, word(), word()).prop_map(|(k, x, y)| match k {
        0 => format!("mkdir -p {x}"),
        1 => format!("mkdir {x}"),
        2 => format!("cp -r {x} {y}"),
        3 => format!("mv {x} {y}"),
        4 => format!("rm -r {x}"),
        5 => format!("echo hola > {x}"),
        6 => format!("cd {x}"),
        7 => format!("cat {x} | head -c 5"),
        _ => format!("touch {x}; ls {y}"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Shell lines on the host never panic, always finish, and do bounded work. They run in
    /// a scratch folder so `rm -r /` or `mv ~ …` cannot take the project with them — they
    /// may, and the session must survive that too.
    #[test]
    fn shell_file_commands_finish_within_budget(lines in prop::collection::vec(line(), 1..12)) {
        let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
        s.submit(0, "mkdir -p /tmp/w && cd /tmp/w");
        s.run_until_idle(0, 1_000);
        for l in &lines {
            let before = fs::work_done();
            s.submit(0, l);
            s.run_until_idle(0, 60_000);
            prop_assert!(!s.is_busy(0), "{l} did not finish");
            let _ = s.take_output(0);
            let work = fs::work_done() - before;
            let files = s.world().host_fs().file_count() as u64;
            prop_assert!(work <= 64 * (fs::PATH_MAX as u64 + 4 * files) * 8, "{l}: work {work}");
        }
    }
}

#[test]
fn deep_writes_from_the_page_are_refused_at_once() {
    let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
    let deep = format!("{}f", "a/".repeat(60_000));
    let before = fs::work_done();
    let journaled = s.journal().len();
    assert_eq!(s.write_host_file(&deep, b"x"), Err(FsError::NameTooLong));
    assert_eq!(s.rename_host_file("docker-compose.yaml", &deep), Err(FsError::NameTooLong));
    assert_eq!(s.write_host_file(&"n".repeat(256), b"x"), Err(FsError::NameTooLong));
    assert_eq!(s.remove_host_file(&deep), Err(FsError::NameTooLong));
    assert!(fs::work_done() - before < 100, "refused before walking the tree");
    assert_eq!(s.journal().len(), journaled, "a refused write is not journaled");
    assert!(!s.world().host_fs().exists("/home/alumno/proyecto/a"));
    s.write_host_file(&format!("{}f", "a/".repeat(2000)), b"ok").unwrap();
    assert_eq!(s.read_host_file(&format!("{}f", "a/".repeat(2000))).unwrap(), b"ok");
}

/// The copies of issue 17 that never ended: each answers at once, refuses where the real
/// tool refuses, and does bounded work.
#[test]
fn copies_into_themselves_end() {
    let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
    let type_line = |s: &mut Session, line: &str| -> String {
        let before = fs::work_done();
        s.submit(0, line);
        assert!(s.run_until_idle(0, 60_000), "{line} did not finish");
        assert!(fs::work_done() - before < 5_000_000, "{line}: too much work");
        s.take_output(0)
    };
    type_line(&mut s, "mkdir -p a d && touch d/f");
    assert!(
        type_line(&mut s, "cp -r a a/b; echo $?").contains("cp: cannot copy a directory, 'a', into itself, 'a/b'\n1\n")
    );
    assert!(type_line(&mut s, "mv .. x").contains("mv: cannot move '..' to 'x': Device or resource busy"));
    assert!(type_line(&mut s, "mv ~ ~/x")
        .contains("mv: cannot move '/home/alumno' to a subdirectory of itself, '/home/alumno/x'"));
    type_line(&mut s, "docker run -d --name web -v ./d:/d alpine sleep 1000");
    assert!(type_line(&mut s, "docker exec web cp -r /etc /etc/x; echo $?")
        .contains("cp: recursion detected, omitting directory '/etc/x'\n1\n"));
    let out = type_line(&mut s, "docker cp web:/ d/; echo $?");
    assert!(out.ends_with("\n0\n"), "{out}");
    // The copy holds what the source held when it started: d/d has d's old content only.
    let out = type_line(&mut s, "ls d/d; ls d/d/d");
    assert!(out.starts_with("f\nls: cannot access 'd/d/d': No such file or directory"), "{out}");
}

/// `cp -r` of a chain 2,000 directories deep visits each inode a few times, not depth².
#[test]
fn copying_a_deep_chain_is_linear() {
    let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
    s.submit(0, &format!("mkdir -p {}", "a/".repeat(2000)));
    assert!(s.run_until_idle(0, 1_000));
    let before = fs::work_done();
    s.submit(0, "cp -r a b && mv b c && rm -r a c");
    assert!(s.run_until_idle(0, 1_000));
    assert_eq!(s.last_status(0), 0, "{}", s.take_output(0));
    let work = fs::work_done() - before;
    assert!(work < 100_000, "work {work}");
}
