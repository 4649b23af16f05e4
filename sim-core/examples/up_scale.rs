//! `docker compose up -d` of the benchmark's generated file with N services, timed.
//! `cargo run -p sim-core --profile bench --example up_scale -- 100 1000 2000`
use sim_core::{Lang, Session, SessionConfig};
use std::time::Instant;

#[path = "../benches/common/compose_file.rs"]
mod compose_file;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let reps: usize = std::env::var("REPS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    for n in args {
        let text = compose_file::compose_of(n);
        let mut best = f64::MAX;
        for _ in 0..reps {
            let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
            s.write_host_file("compose.yaml", text.as_bytes()).expect("write");
            let t = Instant::now();
            s.submit(0, "docker compose up -d");
            let t_submit = t.elapsed().as_secs_f64();
            s.run_until_idle(0, 3_600_000);
            if std::env::var("SPLIT").is_ok() {
                println!(
                    "  submit {:.1} ms, then until idle {:.1} ms",
                    t_submit * 1e3,
                    (t.elapsed().as_secs_f64() - t_submit) * 1e3
                );
            }
            let out = s.take_output(0);
            let dt = t.elapsed().as_secs_f64();
            std::hint::black_box(out);
            best = best.min(dt);
            drop(s);
        }
        println!("{n} services: best of {reps} {:.1} ms ({:.1} µs per service)", best * 1e3, best * 1e6 / n as f64);
        if std::env::var("LOAD").is_ok() {
            // The loader alone (`docker compose config`'s work), for where the time goes.
            let files = [("/p/compose.yaml".to_string(), text.clone())];
            let env = std::collections::BTreeMap::new();
            let mut best = f64::MAX;
            for _ in 0..reps {
                let t = Instant::now();
                let p = sim_core::compose::load(&files, &env, "/p", None, &[], &|_: &str| None);
                best = best.min(t.elapsed().as_secs_f64());
                std::hint::black_box(p.is_ok());
            }
            println!("  load alone: {:.1} ms ({:.1} µs per service)", best * 1e3, best * 1e6 / n as f64);
        }
    }
}
