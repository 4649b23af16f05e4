//! Muelle's notes in the terminal, apart from Docker's output: how to leave an attached
//! command that keeps running (the first times), and why a stop waits its whole timeout.

use sim_core::{Lang, Session, SessionConfig};

fn session(lang: Lang) -> Session {
    Session::new(SessionConfig { seed: 1, lang })
}

fn run(s: &mut Session, t: usize, line: &str) -> (String, Vec<String>) {
    s.submit(t, line);
    s.run_until_idle(t, 120_000);
    (s.take_output(t), s.take_hints(t))
}

const STILL_ES: &str = "muelle: el contenedor sigue en marcha y esta terminal muestra su salida: Ctrl+C para parar, o abre otra terminal con +. (Con `-d` corre en segundo plano.)";

#[test]
fn an_attached_run_that_keeps_running_says_how_to_leave_the_first_times() {
    let mut s = session(Lang::Es);
    run(&mut s, 0, "docker pull -q nginx");
    s.submit(0, "docker run --name web nginx");
    s.advance(1_000);
    let early = s.take_output(0);
    assert!(early.contains("start worker processes"), "{early}");
    assert!(s.take_hints(0).is_empty(), "not before it had time to look stuck");
    s.advance(1_500);
    assert_eq!(s.take_hints(0), [STILL_ES]);
    // Docker's own output is untouched by the note.
    assert!(!s.take_output(0).contains("muelle"));
    s.advance(10_000);
    assert!(s.take_hints(0).is_empty(), "said once per command");
    s.interrupt(0);
    s.run_until_idle(0, 20_000);
    s.take_output(0);

    // A second time, in a new terminal: said again; a third time: no more.
    let t = s.open_terminal();
    s.submit(t, "docker run --name web2 nginx");
    s.advance(3_000);
    assert_eq!(s.take_hints(t), [STILL_ES]);
    let u = s.open_terminal();
    s.submit(u, "docker run --name web3 nginx");
    s.advance(3_000);
    assert!(s.take_hints(u).is_empty());
    assert!(s.take_hints(t).is_empty());
}

#[test]
fn no_note_for_what_ends_by_itself_or_runs_detached() {
    let mut s = session(Lang::En);
    run(&mut s, 0, "docker pull -q alpine");
    let (out, hints) = run(&mut s, 0, "docker run --rm alpine ping -c 3 8.8.8.8");
    assert!(out.contains("3 packets transmitted"), "{out}");
    assert!(hints.is_empty(), "{hints:?}");
    let (_, hints) = run(&mut s, 0, "docker run -d --name web alpine sleep 1000");
    assert!(hints.is_empty(), "{hints:?}");
}

#[test]
fn a_stop_that_waits_the_timeout_says_why() {
    let mut s = session(Lang::En);
    run(&mut s, 0, "docker pull -q ubuntu");
    run(&mut s, 0, "docker pull -q nginx");
    run(&mut s, 0, "docker run -d --name sleeper ubuntu sleep 1000");
    run(&mut s, 0, "docker run -d --name web nginx");
    s.submit(0, "docker stop sleeper web");
    s.advance(100);
    assert_eq!(
        s.take_hints(0),
        ["muelle: \"sleeper\" did not end on SIGTERM: its main process is the container's PID 1, and the kernel does not apply a signal's default action to a PID 1 that does not handle it; Docker waits 10 s, then kills it with SIGKILL"]
    );
    s.run_until_idle(0, 20_000);
    assert_eq!(s.take_output(0), "sleeper\nweb\n");
    // nginx acts on its stop signal (SIGQUIT): no note; `-t 0` does not wait.
    run(&mut s, 0, "docker start web sleeper");
    let (_, hints) = run(&mut s, 0, "docker stop web");
    assert!(hints.is_empty(), "{hints:?}");
    let (_, hints) = run(&mut s, 0, "docker stop -t 0 sleeper");
    assert!(hints.is_empty(), "{hints:?}");

    let mut s = session(Lang::Es);
    run(&mut s, 0, "docker pull -q ubuntu");
    run(&mut s, 0, "docker run -d --name a1 ubuntu sleep 1000");
    run(&mut s, 0, "docker run -d --name a2 ubuntu sleep 1000");
    let (_, hints) = run(&mut s, 0, "docker stop -t 2 a1 a2");
    assert_eq!(
        hints,
        ["muelle: «a1» y «a2» no terminaron con SIGTERM: su proceso principal es el PID 1 de cada contenedor, y a un PID 1 que no maneja la señal el kernel no le aplica la acción por defecto; Docker espera 2 s y luego los mata con SIGKILL"]
    );
}

#[test]
fn compose_down_that_waits_says_why() {
    let mut s = session(Lang::En);
    s.write_host_file(
        "/home/alumno/proyecto/compose.yaml",
        b"services:\n  worker:\n    image: ubuntu\n    command: sleep 1000\n",
    )
    .unwrap();
    run(&mut s, 0, "docker compose up -d");
    s.submit(0, "docker compose down");
    s.advance(100);
    assert_eq!(
        s.take_hints(0),
        ["muelle: \"proyecto-worker-1\" did not end on SIGTERM: its main process is the container's PID 1, and the kernel does not apply a signal's default action to a PID 1 that does not handle it; Docker waits 10 s, then kills it with SIGKILL"]
    );
    s.run_until_idle(0, 30_000);
}

/// Ctrl-C at a prompt: the screen that holds the typed line shows `prompt line^C`; the
/// simulator adds nothing (it added its own `^C`, so the page showed two). While a command
/// runs, the terminal echoes `^C` itself.
#[test]
fn ctrl_c_at_a_prompt_shows_one_caret_c() {
    let mut s = session(Lang::Es);
    s.interrupt(0);
    assert_eq!(s.take_output(0), "");
    assert_eq!(s.last_status(0), 130);
    s.submit(0, "sleep 100");
    s.advance(500);
    s.interrupt(0);
    s.advance(100);
    assert_eq!(s.take_output(0), "^C\n");
    s.interrupt(0);
    let mut shown = Session::replay(SessionConfig { seed: 1, lang: Lang::Es }, s.journal(), s.now(), true);
    assert_eq!(
        shown.take_output(0),
        "alumno@muelle:~/proyecto$ ^C\nalumno@muelle:~/proyecto$ sleep 100\n^C\nalumno@muelle:~/proyecto$ ^C\n"
    );
}

#[test]
fn ctrl_c_on_compose_up_that_waits_says_why() {
    let mut s = session(Lang::Es);
    s.write_host_file(
        "/home/alumno/proyecto/compose.yaml",
        b"services:\n  web:\n    image: nginx\n  worker:\n    image: ubuntu\n    command: sleep 1000\n",
    )
    .unwrap();
    s.submit(0, "docker compose up");
    s.advance(30_000);
    s.take_output(0);
    s.take_hints(0);
    s.interrupt(0);
    s.advance(100);
    let out = s.take_output(0);
    assert!(out.contains("Gracefully Stopping... press Ctrl+C again to force"), "{out}");
    // nginx stops on its signal at once; the worker's `sleep` as PID 1 ignores SIGTERM.
    assert_eq!(
        s.take_hints(0),
        ["muelle: «proyecto-worker-1» no terminó con SIGTERM: su proceso principal es el PID 1 del contenedor, y a un PID 1 que no maneja la señal el kernel no le aplica la acción por defecto; Docker espera 10 s y luego lo mata con SIGKILL"]
    );
    s.run_until_idle(0, 20_000);
    assert!(s.take_output(0).contains("Stopped"));
}
