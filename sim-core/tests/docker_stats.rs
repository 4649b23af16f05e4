//! `docker stats` (`docker::stats`), end to end through a session.

use sim_core::{Lang, Session, SessionConfig};

fn session(lines: &[&str]) -> Session {
    let mut s = Session::new(SessionConfig { seed: 1, lang: Lang::En });
    for line in lines {
        s.submit(0, line);
        s.run_until_idle(0, 120_000);
        s.take_output(0);
    }
    s
}

const CLEAR: &str = "\x1b[H\x1b[2J";

#[test]
fn streaming_redraws_every_tick_until_ctrl_c() {
    let mut s = session(&["docker run -d --name web nginx"]);
    s.advance(5_000);
    s.submit(0, "docker stats");
    s.advance(1_400);
    assert_eq!(s.take_output(0), "", "no sample yet");
    s.advance(100);
    let first = s.take_output(0);
    assert!(first.starts_with(CLEAR), "{first:?}");
    assert!(first.contains("CONTAINER ID   NAME      CPU %"), "{first}");
    assert!(first.contains("web"), "{first}");
    s.advance(2_000);
    assert_eq!(s.take_output(0).matches(CLEAR).count(), 4, "one frame per 500 ms");
    // A container that starts joins the table; one that dies leaves it.
    let other = s.open_terminal();
    s.submit(other, "docker run -d --name otro busybox sleep 1000");
    s.advance(3_000);
    let frames = s.take_output(0);
    let last = frames.rsplit(CLEAR).next().unwrap_or_default();
    assert!(last.contains("otro") && last.contains("web"), "{last}");
    s.submit(other, "docker kill web");
    s.advance(1_000);
    let frames = s.take_output(0);
    let last = frames.rsplit(CLEAR).next().unwrap_or_default();
    assert!(last.contains("otro") && !last.contains("web"), "{last}");
    assert!(s.is_busy(0));
    s.interrupt(0);
    assert!(!s.is_busy(0));
}

#[test]
fn no_stream_prints_one_table_with_plausible_values() {
    let mut s = session(&["docker run -d --name web -m 64m nginx", "docker run -d --name sl busybox sleep 1000"]);
    s.advance(10_000);
    s.submit(0, "docker pause sl");
    s.run_until_idle(0, 1_000);
    s.take_output(0);
    s.submit(0, "docker stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}'");
    s.run_until_idle(0, 10_000);
    let out = s.take_output(0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("sl 0.00% ") && lines[0].ends_with(" / 7.751GiB 1"), "{out}");
    assert!(lines[1].starts_with("web ") && lines[1].contains(" / 64MiB 5"), "{out}");
    assert!(!out.contains('\x1b'));
}

#[test]
fn json_has_every_field_in_sorted_order() {
    let mut s = session(&["docker run -d --name web nginx"]);
    s.submit(0, "docker stats --no-stream --format json web");
    s.run_until_idle(0, 10_000);
    let out = s.take_output(0);
    let keys = ["BlockIO", "CPUPerc", "Container", "ID", "MemPerc", "MemUsage", "Name", "NetIO", "PIDs"];
    let mut at = 0;
    for k in keys {
        let i = out[at..].find(&format!("\"{k}\":")).map(|i| i + at);
        assert!(i.is_some(), "{k} in order in {out}");
        at = i.unwrap_or(0);
    }
    assert!(out.contains("\"Container\":\"web\""), "{out}");
}
