//! `docker attach` and Docker's detach keys (`Session::ctrl_key`), end to end through a
//! session: what the runner's transcripts cannot show (partial and wrong sequences, other
//! terminals, a replayed journal).

use sim_core::{ctrl_code, Lang, Session, SessionConfig};

const CFG: SessionConfig = SessionConfig { seed: 1, lang: Lang::En };

fn session(lines: &[&str]) -> Session {
    let mut s = Session::new(CFG);
    for line in lines {
        s.submit(0, line);
        s.run_until_idle(0, 120_000);
        s.take_output(0);
    }
    s
}

fn run(s: &mut Session, t: usize, line: &str) -> String {
    s.submit(t, line);
    s.run_until_idle(t, 120_000);
    s.take_output(t)
}

const P: u8 = 16;
const Q: u8 = 17;

#[test]
fn caret_notation_codes() {
    assert_eq!(ctrl_code('p'), Some(P));
    assert_eq!(ctrl_code('Q'), Some(Q));
    assert_eq!(ctrl_code('@'), Some(0));
    assert_eq!(ctrl_code('_'), Some(31));
    assert_eq!(ctrl_code('1'), None);
}

#[test]
fn only_the_whole_sequence_detaches_and_the_container_keeps_running() {
    let mut s = session(&["docker run -it --name caja ubuntu bash"]);
    assert!(s.prompt(0).starts_with("root@"), "{}", s.prompt(0));
    // Ctrl-Q alone, or Ctrl-P then another key, is not the sequence.
    s.ctrl_key(0, Q);
    s.ctrl_key(0, P);
    s.ctrl_key(0, ctrl_code('x').unwrap());
    s.ctrl_key(0, Q);
    assert!(s.prompt(0).starts_with("root@"), "still attached: {}", s.prompt(0));
    s.ctrl_key(0, P);
    s.ctrl_key(0, Q);
    assert!(s.prompt(0).starts_with("alumno@"), "{}", s.prompt(0));
    // `docker run -it` detaches quietly, with success.
    assert_eq!(s.take_output(0), "");
    assert_eq!(s.last_status(0), 0);
    assert!(run(&mut s, 0, "docker ps --format '{{.Names}}'").contains("caja"));
    // At the host's prompt the keys mean nothing.
    s.ctrl_key(0, P);
    s.ctrl_key(0, Q);
    assert!(s.prompt(0).starts_with("alumno@"));
}

#[test]
fn attach_from_another_terminal_then_detach_with_custom_keys() {
    let mut s = session(&["docker run -dit --name caja ubuntu bash"]);
    let t = s.open_terminal();
    assert_eq!(run(&mut s, t, "docker attach --detach-keys=ctrl-a,b caja"), "");
    assert!(s.prompt(t).starts_with("root@"));
    // The default sequence is not this attach's.
    s.ctrl_key(t, P);
    s.ctrl_key(t, Q);
    assert!(s.prompt(t).starts_with("root@"));
    s.ctrl_key(t, ctrl_code('a').unwrap());
    s.ctrl_key(t, b'b');
    assert_eq!(s.take_output(t), "read escape sequence\n");
    assert_eq!(s.last_status(t), 1);
    assert!(s.prompt(t).starts_with("alumno@"));
}

#[test]
fn a_tty_stream_detaches_and_a_plain_one_does_not() {
    let mut s = session(&["docker run -dit --name web nginx", "docker run -d --name plano nginx"]);
    s.submit(0, "docker attach web");
    s.advance(1_000);
    assert!(s.is_busy(0));
    // Attached while nginx was still starting: its start-up lines stream first.
    assert!(s.take_output(0).contains("start worker processes"));
    s.ctrl_key(0, P);
    s.ctrl_key(0, Q);
    assert!(!s.is_busy(0));
    assert_eq!(s.take_output(0), "read escape sequence\n");
    // Without a TTY the keys are ordinary input: still attached.
    s.submit(0, "docker attach plano");
    s.advance(1_000);
    s.ctrl_key(0, P);
    s.ctrl_key(0, Q);
    assert!(s.is_busy(0));
    s.interrupt(0);
    s.run_until_idle(0, 60_000);
    assert!(!s.is_busy(0));
    assert_eq!(s.last_status(0), 0, "nginx exits 0 on SIGINT and attach reports it");
}

#[test]
fn a_replayed_journal_detaches_again() {
    let mut s = session(&["docker run -it --name caja ubuntu bash"]);
    s.ctrl_key(0, P);
    s.ctrl_key(0, Q);
    s.advance(500);
    let text = s.journal().encode();
    assert!(text.contains(" k 0 16\n"), "{text}");
    let journal = sim_core::journal::Journal::decode(&text).expect("decodes");
    let r = Session::replay(CFG, &journal, s.now(), false);
    assert_eq!(r.prompt(0), s.prompt(0));
    assert!(r.prompt(0).starts_with("alumno@"));
}
