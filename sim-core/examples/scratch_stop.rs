use sim_core::{Session, SessionConfig};
fn main() {
    let mut s = Session::new(SessionConfig::default());
    s.write_host_file("compose.yaml", b"services:\n  db:\n    image: redis:7\n  worker:\n    image: alpine\n    command: sh -c \"echo trabajando; sleep 1; exit 1\"\n    restart: on-failure\n    depends_on:\n      - db\n").unwrap();
    s.submit(0, "docker compose up");
    s.run_until_idle(0, 3000);
    let o = s.take_output(0);
    println!("before: ...{}", &o[o.len().saturating_sub(200)..]);
    let st: Vec<String> = s.world().containers.values().map(|c| format!("{}={:?}", c.name, c.state.status)).collect();
    println!("{st:?} busy={} until={}", s.is_busy(0), s.runs_until_interrupted(0));
    s.interrupt(0);
    println!("after interrupt busy={} out={:?}", s.is_busy(0), s.take_output(0));
}
