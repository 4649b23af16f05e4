//! `grep` as students pipe into it (`docker ps | grep web`, `env | grep -E 'DB|HOST'`,
//! `grep -rn listen /etc/nginx`), against GNU grep 3.11's behaviour on the host and in
//! Debian/Ubuntu containers (busybox's applet behaves the same for these).

use sim_core::{Lang, Session, SessionConfig};

fn run(s: &mut Session, line: &str) -> String {
    s.submit(0, line);
    s.advance(2_000);
    s.take_output(0)
}

fn session() -> Session {
    let mut s = Session::new(SessionConfig { seed: 3, lang: Lang::En });
    run(&mut s, "cd /home/alumno/proyecto");
    s.write_host_file("/home/alumno/proyecto/a.txt", b"web 1\nredis 2\nWeb 3\ndb-web 4\n").unwrap();
    s.write_host_file("/home/alumno/proyecto/conf/b.conf", b"listen 80;\n# listen 81;\n").unwrap();
    s
}

#[test]
fn basic_extended_and_fixed_patterns() {
    let mut s = session();
    assert_eq!(run(&mut s, "grep 'web\\|redis' a.txt"), "web 1\nredis 2\ndb-web 4\n", "GNU's \\| in a basic pattern");
    assert_eq!(run(&mut s, "grep -E '^(web|redis) ' a.txt"), "web 1\nredis 2\n");
    assert_eq!(run(&mut s, "egrep -c 'web|redis' a.txt"), "egrep: warning: egrep is obsolescent; using grep -E\n3\n");
    assert_eq!(run(&mut s, "grep -i '^web' a.txt"), "web 1\nWeb 3\n");
    assert_eq!(run(&mut s, "grep -w web a.txt"), "web 1\ndb-web 4\n");
    assert_eq!(run(&mut s, "grep -x 'web 1' a.txt"), "web 1\n");
    assert_eq!(run(&mut s, "grep -o '[0-9]' a.txt | head -2"), "1\n2\n");
    assert_eq!(run(&mut s, "grep -F 'db-web' a.txt"), "db-web 4\n");
    assert_eq!(run(&mut s, "grep -vn web a.txt"), "2:redis 2\n3:Web 3\n");
    assert_eq!(run(&mut s, "grep -e redis -e Web a.txt"), "redis 2\nWeb 3\n");
    assert_eq!(run(&mut s, "grep '[[:digit:]]\\{1\\}$' a.txt | wc -l"), "4\n");
    assert_eq!(run(&mut s, "echo 'a+b' | grep 'a+b'"), "a+b\n", "+ is itself in a basic pattern");
}

#[test]
fn files_folders_and_exit_statuses() {
    let mut s = session();
    assert_eq!(run(&mut s, "grep -rn listen conf"), "conf/b.conf:1:listen 80;\nconf/b.conf:2:# listen 81;\n");
    assert_eq!(run(&mut s, "grep -l redis a.txt conf/b.conf"), "a.txt\n");
    assert_eq!(run(&mut s, "grep -c listen a.txt conf/b.conf"), "a.txt:0\nconf/b.conf:2\n");
    assert_eq!(run(&mut s, "grep -q redis a.txt; echo $?"), "0\n");
    assert_eq!(run(&mut s, "grep nada a.txt; echo $?"), "1\n");
    assert_eq!(run(&mut s, "grep x nope.txt; echo $?"), "grep: nope.txt: No such file or directory\n2\n");
    assert_eq!(run(&mut s, "grep x conf; echo $?"), "grep: conf: Is a directory\n2\n");
    assert_eq!(run(&mut s, "grep '[abc' a.txt; echo $?"), "grep: Unmatched [, [^, [:, [., or [=\n2\n");
    assert_eq!(run(&mut s, "grep -E '(ab' a.txt; echo $?"), "grep: Unmatched ( or \\(\n2\n");
}
