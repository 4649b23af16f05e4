//! A session rebuilt from its journal (what the page does on reload) is the
//! same session: the same containers, events and terminal output, even when
//! the inputs were Ctrl-C in the middle of commands, several terminals and
//! files written by the editor.

use sim_core::journal::Journal;
use sim_core::{Lang, Session, SessionConfig};

fn cfg() -> SessionConfig {
    SessionConfig { seed: 42, lang: Lang::Es }
}

/// Drives a session the way the page does: inputs, then time in 50 ms ticks.
fn live() -> (Session, Vec<String>) {
    let mut s = Session::new(cfg());
    let mut out = vec![String::new(); 3];
    let tick = |s: &mut Session, out: &mut Vec<String>, ticks: u32| {
        for _ in 0..ticks {
            s.advance(50);
            for (t, o) in out.iter_mut().enumerate() {
                o.push_str(&s.take_output(t));
            }
        }
    };
    s.write_host_file("compose.yaml", b"services:\n  web:\n    image: nginx\n  worker:\n    image: alpine\n    command: sh -c 'sleep 1; exit 1'\n    restart: on-failure\n").unwrap();
    s.write_host_file("compose.yaml", b"services:\n  web:\n    image: nginx\n  worker:\n    image: alpine\n    command: sh -c 'sleep 2; exit 1'\n    restart: on-failure\n").unwrap();
    s.submit(0, "docker network create mynet");
    tick(&mut s, &mut out, 3);
    s.submit(0, "docker run -d --name c1 --network mynet alpine sleep 1000");
    tick(&mut s, &mut out, 200);
    let t1 = s.open_terminal();
    s.submit(t1, "docker exec -it c1 sh");
    tick(&mut s, &mut out, 5);
    s.submit(t1, "ping c1");
    tick(&mut s, &mut out, 47);
    s.interrupt(t1);
    tick(&mut s, &mut out, 2);
    s.submit(0, "docker compose up");
    tick(&mut s, &mut out, 300);
    s.interrupt(0);
    tick(&mut s, &mut out, 40);
    s.submit(0, "docker compose up -d");
    tick(&mut s, &mut out, 150);
    assert!(s.inject_fault("proyecto-web-1", &sim_core::world::Fault::Crash(3)));
    assert!(!s.inject_fault("no-such-container", &sim_core::world::Fault::Kill));
    tick(&mut s, &mut out, 5);
    let t2 = s.open_terminal();
    s.submit(t2, "docker ps -a");
    tick(&mut s, &mut out, 1);
    s.close_terminal(t2);
    s.rename_host_file("compose.yaml", "otro.yaml").unwrap();
    tick(&mut s, &mut out, 20);
    (s, out)
}

#[test]
fn a_replayed_journal_gives_the_same_session() {
    let (mut s, out) = live();
    assert!(out[0].contains("Gracefully Stopping"), "{}", out[0]);
    assert!(out[1].contains("64 bytes from 172.18.0.2"), "{}", out[1]);
    assert!(out[1].contains("packets transmitted"), "the ping was interrupted: {}", out[1]);
    let text = s.journal().encode();
    let journal = Journal::decode(&text).expect("the journal's text reads back");
    let mut again = Session::replay(cfg(), &journal, s.now(), false);
    assert_eq!(again.now(), s.now());
    assert_eq!(again.events(), s.events());
    // Terminal 2 was closed: what it printed went with it.
    for (t, o) in out.iter().enumerate().take(2) {
        assert_eq!(&again.take_output(t), o, "terminal {t}");
    }
    assert_eq!(again.take_output(2), "");
    // And they go on alike.
    for x in [&mut s, &mut again] {
        x.submit(0, "docker ps -a --format '{{.Names}} {{.Status}}'");
        x.advance(100);
    }
    let (a, b) = (s.take_output(0), again.take_output(0));
    assert!(a.contains("proyecto-worker-1"), "{a}");
    assert!(a.contains("proyecto-web-1 Exited (3)"), "the crash came back with the replay: {a}");
    assert_eq!(a, b);
    assert_eq!(again.read_host_file("otro.yaml"), s.read_host_file("otro.yaml"));
}

#[test]
fn an_echoing_replay_shows_prompts_typed_lines_and_hints() {
    let (s, _) = live();
    let mut shown = Session::replay(cfg(), s.journal(), s.now(), true);
    let host = shown.take_output(0);
    assert!(host.starts_with("alumno@muelle:~/proyecto$ docker network create mynet\n"), "{host}");
    assert!(host.contains("alumno@muelle:~/proyecto$ docker compose up\n"), "{host}");
    let t1 = shown.take_output(1);
    // Typed into the shell inside c1: its own prompt, then ping's output.
    assert!(t1.contains("ping c1\nPING c1 (172.18.0.2)"), "{t1}");
}

/// Python's prompt in an attached `docker run -it`: typed lines, Ctrl-C and Ctrl-D (a control
/// key in the journal) replay to the same output and the same container state.
#[test]
fn a_python_prompt_replays_from_its_journal() {
    let mut s = Session::new(cfg());
    let mut out = String::new();
    let tick = |s: &mut Session, out: &mut String, ticks: u32| {
        for _ in 0..ticks {
            s.advance(50);
            out.push_str(&s.take_output(0));
        }
    };
    s.submit(0, "docker run -it --name repl python:3.12");
    tick(&mut s, &mut out, 40);
    assert!(s.wants_input(0), "the prompt reads the terminal: {out}");
    for line in ["class A:", "    def f(self):", "        return 6 * 7", "", "A().f()", "import time", "time.sleep(30)"]
    {
        s.submit(0, line);
        tick(&mut s, &mut out, 4);
    }
    s.interrupt(0);
    tick(&mut s, &mut out, 4);
    s.ctrl_key(0, 4);
    tick(&mut s, &mut out, 10);
    assert!(out.contains("42\n>>> "), "{out}");
    assert!(out.contains("KeyboardInterrupt\n>>> "), "{out}");
    assert!(!s.is_busy(0), "Ctrl-D ended the prompt: {out}");
    let mut again = Session::replay(cfg(), s.journal(), s.now(), false);
    assert_eq!(again.take_output(0), out);
    assert_eq!(again.events(), s.events());
    s.submit(0, "docker ps -a --format '{{.Names}} {{.Status}}'");
    s.advance(100);
    assert!(s.take_output(0).contains("repl Exited (0)"));
}

/// Ctrl-D at a container shell's idle prompt exits that shell as `exit` would: an attached
/// `docker run -it alpine sh` stops its container with the shell's last status, a
/// `docker exec -it … bash` returns to the host (bash says `exit`), and the host's own shell
/// stays. The journal replays it.
#[test]
fn ctrl_d_leaves_a_container_shell() {
    let mut s = Session::new(cfg());
    let mut out = String::new();
    let run = |s: &mut Session, out: &mut String, line: &str| {
        s.submit(0, line);
        s.run_until_idle(0, 60_000);
        s.advance(100);
        out.push_str(&s.take_output(0));
    };
    run(&mut s, &mut out, "docker run -it --name sh1 alpine sh");
    assert!(s.at_container_prompt(0), "{out}");
    run(&mut s, &mut out, "false");
    s.ctrl_key(0, 4);
    s.advance(100);
    out.push_str(&s.take_output(0));
    assert!(!s.at_container_prompt(0), "back on the host: {out}");
    run(&mut s, &mut out, "docker ps -a --format '{{.Names}} {{.Status}}'");
    assert!(out.contains("sh1 Exited (1)"), "the shell's last status is the container's: {out}");

    run(&mut s, &mut out, "docker run -d --name u1 ubuntu sleep infinity");
    run(&mut s, &mut out, "docker exec -it u1 bash");
    assert!(s.at_container_prompt(0), "{out}");
    let before = out.len();
    s.ctrl_key(0, 4);
    s.advance(100);
    out.push_str(&s.take_output(0));
    assert_eq!(&out[before..], "exit\n", "bash says exit at end of input");
    run(&mut s, &mut out, "docker ps --format '{{.Names}} {{.Status}}'");
    assert!(out.contains("u1 Up"), "exec's shell ended, not the container: {out}");

    // At the host's prompt Ctrl-D changes nothing.
    let before = out.len();
    s.ctrl_key(0, 4);
    s.advance(100);
    out.push_str(&s.take_output(0));
    assert_eq!(&out[before..], "");
    run(&mut s, &mut out, "echo still here");
    assert!(out.ends_with("still here\n"), "{out}");

    let mut again = Session::replay(cfg(), s.journal(), s.now(), false);
    assert_eq!(again.take_output(0), out);
}
