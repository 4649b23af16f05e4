//! Benchmarks of the Compose loader and of `docker compose up`.
//!
//! - `compose/corpus_load`: parse + validate + interpolate + normalize every
//!   case of the Compose corpus that Docker Compose v2.40.3 accepted
//!   (`expected-v2/index.json`, rc 0), through `compose::options::resolve`
//!   and `compose::load`, with every file read from memory. Skipped, with a
//!   note, when the corpus is absent (`$MUELLE_CORPUS`, or `shared/corpus`
//!   beside the clone; with `CI=true` a missing corpus is an error).
//! - `compose/corpus_load_render_json`: the same plus `render_json`
//!   (`docker compose config --format json`).
//! - `compose/load_1000_services`: a generated file of 1,000 services, each
//!   with an image, a published port, environment, `depends_on` on the
//!   previous service, one of 10 networks and its own named volume.
//! - `compose/up_1000_services`: `docker compose up -d` of that file in a
//!   fresh `Session`, run until idle.
//! - `compose/up_100_services`: the same with 100 services (the growth from
//!   100 to 1,000 is the ratio of the two).
//! - `compose/up_2000_services`: the same with 2,000 services.
//!
//! Run with `cargo bench -p sim-core --bench compose` (only the `up` rows:
//! `cargo bench -p sim-core --bench compose -- up_`). The generated file is
//! `common/compose_file.rs`, shared with `examples/up_scale.rs` (best-of-N wall
//! time of one `up -d` for any sizes) and `tests/scale.rs` (its work counters).

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use sim_core::compose;
use sim_core::compose::options::CliOptions;
use sim_core::{Lang, Session, SessionConfig};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Services in the generated file.
const SERVICES: usize = 1_000;

#[path = "../tests/common/corpus.rs"]
mod corpus;

#[path = "common/compose_file.rs"]
mod compose_file;
use compose_file::compose_of;

use serde_json::Value as J;

/// Corpus files by absolute path.
type Files = BTreeMap<String, Vec<u8>>;

/// Where the corpus is mounted in the in-memory file map.
const ROOT: &str = "/corpus";

/// Every file of the corpus (outside `expected-*`), by absolute path under [`ROOT`].
fn read_tree(root: &Path, rel: &str, out: &mut Files) {
    let Ok(entries) = std::fs::read_dir(root.join(rel)) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let child = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        let p = e.path();
        if p.is_dir() {
            if !name.starts_with("expected-") {
                read_tree(root, &child, out);
            }
        } else if let Ok(data) = std::fs::read(&p) {
            out.insert(format!("{ROOT}/{child}"), data);
        }
    }
}

/// One accepted corpus case: CLI options, working directory and shell environment.
struct Case {
    cli: CliOptions,
    cwd: String,
    env: BTreeMap<String, String>,
}

/// The strings of a JSON array (none when it is not one).
fn strs(v: Option<&J>) -> Vec<&str> {
    v.and_then(J::as_array).map(|a| a.iter().map(|x| x.as_str().unwrap_or("")).collect()).unwrap_or_default()
}

/// The corpus files and the cases v2 accepted, or `None` without a corpus.
fn corpus() -> Option<(Files, Vec<Case>)> {
    let root = corpus::dir()?;
    let index: J = serde_json::from_str(&std::fs::read_to_string(root.join("expected-v2/index.json")).ok()?).ok()?;
    let mut files = BTreeMap::new();
    read_tree(&root, "", &mut files);
    let mut base = BTreeMap::new();
    if let Some(J::Object(vars)) = index.get("base_env") {
        for (k, v) in vars {
            base.insert(k.clone(), v.as_str().unwrap_or("").to_string());
        }
    }
    let mut cases = Vec::new();
    for case in index.get("cases")?.as_array()? {
        if case.get("result").and_then(|r| r.get("rc")).and_then(J::as_f64) != Some(0.0) {
            continue;
        }
        let dir = format!("{ROOT}/{}", case.get("dir").and_then(J::as_str).unwrap_or(""));
        let mut env = base.clone();
        if let Some(J::Object(vars)) = case.get("env") {
            for (k, v) in vars {
                env.insert(k.clone(), v.as_str().unwrap_or("").to_string());
            }
        }

        let args = strs(case.get("args"));
        let env_files = args.windows(2).filter(|w| w[0] == "--env-file").map(|w| w[1].to_string()).collect();
        let cli = CliOptions {
            files: strs(case.get("files")).into_iter().map(String::from).collect(),
            project_directory: Some(dir.clone()),
            project_name: None,
            env_files,
            profiles: Vec::new(),
        };
        cases.push(Case { cli, cwd: dir, env });
    }
    Some((files, cases))
}

/// `docker compose config` of one case: resolve options, load, optionally render.
fn load_case(files: &Files, case: &Case, render: bool) -> bool {
    let read = |p: &str| -> Option<Vec<u8>> { files.get(p).cloned() };
    let Ok(r) = compose::options::resolve(&case.cli, &case.cwd, &case.env, &read) else { return false };
    let Ok((p, w)) = compose::load(&r.files, &r.env, &r.project_dir, r.project_name.as_deref(), &r.profiles, &read)
    else {
        return false;
    };
    black_box(&w);
    if render {
        let Ok(j) = compose::render_json(&p) else { return false };
        black_box(j);
    }
    black_box(p);
    true
}

/// The generated file: `SERVICES` services chained by `depends_on`.
fn big_compose() -> String {
    compose_of(SERVICES)
}

fn load_big(text: &str) -> compose::Project {
    let files = [("/p/compose.yaml".to_string(), text.to_string())];
    let env: BTreeMap<String, String> = BTreeMap::new();
    let read = |_: &str| -> Option<Vec<u8>> { None };
    let (p, _) = compose::load(&files, &env, "/p", None, &[], &read).expect("the generated file loads");
    p
}

fn run(s: &mut Session, line: &str) -> String {
    s.submit(0, line);
    s.run_until_idle(0, 3_600_000);
    s.take_output(0)
}

/// A fresh session with the generated file in the home directory.
fn up_base(text: &str) -> Session {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    s.write_host_file("compose.yaml", text.as_bytes()).expect("write compose.yaml");
    s
}

/// Before measuring: `up -d` starts all the services.
fn check_up(text: &str, services: usize) {
    let mut s = up_base(text);
    let out = run(&mut s, "docker compose up -d");
    let running = s.world().containers().values().filter(|c| c.is_running()).count();
    assert_eq!(running, services, "all services run after up -d:\n{}", &out[out.len().saturating_sub(2_000)..]);
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("compose");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(5));

    match corpus() {
        None => println!("compose corpus not found (set MUELLE_CORPUS); corpus benchmarks skipped"),
        Some((files, cases)) => {
            let failed: Vec<&str> =
                cases.iter().filter(|c| !load_case(&files, c, true)).map(|c| c.cwd.as_str()).collect();
            assert!(failed.is_empty(), "accepted corpus cases fail to load: {failed:?}");
            println!("compose corpus: {} cases accepted by v2", cases.len());
            g.throughput(Throughput::Elements(cases.len() as u64));
            g.bench_function("corpus_load", |b| {
                b.iter(|| cases.iter().filter(|c| load_case(&files, c, false)).count())
            });
            g.bench_function("corpus_load_render_json", |b| {
                b.iter(|| cases.iter().filter(|c| load_case(&files, c, true)).count())
            });
        }
    }

    let text = big_compose();
    assert_eq!(load_big(&text).services.len(), SERVICES);
    g.throughput(Throughput::Elements(SERVICES as u64));
    g.bench_function("load_1000_services", |b| b.iter(|| load_big(black_box(&text))));

    check_up(&text, SERVICES);
    g.measurement_time(Duration::from_secs(9));
    g.bench_function("up_1000_services", |b| {
        b.iter_batched(
            || up_base(&text),
            |mut s| {
                run(&mut s, "docker compose up -d");
                s
            },
            BatchSize::PerIteration,
        )
    });
    // The same file with 100 services: `up_1000 / up_100` is the growth (budget ≤ 11×).
    let small = compose_of(100);
    check_up(&small, 100);
    g.throughput(Throughput::Elements(100));
    g.measurement_time(Duration::from_secs(3));
    g.bench_function("up_100_services", |b| {
        b.iter_batched(
            || up_base(&small),
            |mut s| {
                run(&mut s, "docker compose up -d");
                s
            },
            BatchSize::PerIteration,
        )
    });
    // 2,000 services: `up_2000 / up_1000` should stay near 2.
    let large = compose_of(2 * SERVICES);
    check_up(&large, 2 * SERVICES);
    g.throughput(Throughput::Elements(2 * SERVICES as u64));
    g.measurement_time(Duration::from_secs(12));
    g.bench_function("up_2000_services", |b| {
        b.iter_batched(
            || up_base(&large),
            |mut s| {
                run(&mut s, "docker compose up -d");
                s
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
