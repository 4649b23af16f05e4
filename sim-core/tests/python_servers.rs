//! Servers a student starts by hand in a container (`docker exec -it c python3 -m
//! http.server`) are not its main process: their request lines go to the terminal that runs
//! them, not to `docker logs`, and their port closes when they end.

use sim_core::{Lang, Session, SessionConfig};

fn run(s: &mut Session, t: usize, line: &str, ms: u64) -> String {
    s.submit(t, line);
    s.advance(ms);
    s.take_output(t)
}

#[test]
fn a_server_started_by_hand_logs_to_its_terminal_and_closes_its_port() {
    let mut s = Session::new(SessionConfig { seed: 3, lang: Lang::En });
    s.write_host_file("/home/alumno/proyecto/sitio/hola.txt", b"hola\n").unwrap();
    run(&mut s, 0, "docker run -d --name caja -p 8000:8000 -v ./sitio:/srv -w /srv python:3.12 sleep infinity", 5000);
    let out = run(&mut s, 0, "docker exec -it caja python3 -m http.server", 1000);
    assert_eq!(out, "Serving HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n");
    let t1 = s.open_terminal();
    run(&mut s, t1, "cd /home/alumno/proyecto", 10);
    assert_eq!(run(&mut s, t1, "curl -s localhost:8000/hola.txt", 500), "hola\n");
    s.advance(100);
    let served = s.take_output(0);
    assert!(served.ends_with("\"GET /hola.txt HTTP/1.1\" 200 -\n"), "{served}");
    assert!(served.starts_with("172.17.0.1 - - ["), "{served}");
    assert_eq!(run(&mut s, t1, "docker logs caja", 500), "", "PID 1 is sleep: the log is its");
    s.interrupt(0);
    s.advance(100);
    assert_eq!(s.take_output(0), "^C\nKeyboard interrupt received, exiting.\n");
    let out = run(&mut s, t1, "curl -s localhost:8000/hola.txt; echo $?", 500);
    assert_eq!(out, "56\n", "nothing listens any more: the proxy resets the connection");
}
