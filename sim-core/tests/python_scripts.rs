//! A student's own Python script in a container, from a bind-mounted directory: decorators,
//! a dataclass, `json` and `with open` on the volume's files, as CPython 3.12 runs it.

use sim_core::{Lang, Session, SessionConfig};

fn run(s: &mut Session, t: usize, line: &str, ms: u64) -> String {
    s.submit(t, line);
    s.advance(ms);
    s.take_output(t)
}

const SCRIPT: &str = r#"import functools, json
from dataclasses import dataclass

def log(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print(f"-> {func.__name__}{args}")
        return func(*args, **kwargs)
    return wrapper

@dataclass
class Item:
    name: str
    qty: int = 1

    def __lt__(self, other):
        return self.qty < other.qty

@log
def load(path):
    with open(path) as f:
        return [Item(**d) for d in json.load(f)]

items = load("items.json")
print(sorted(items))
with open("out.txt", "w") as f:
    f.write(json.dumps({i.name: i.qty for i in items}))
print(sum(i.qty for i in items))
"#;

#[test]
fn a_script_with_decorators_and_a_dataclass_reads_and_writes_its_volume() {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    s.write_host_file("/home/alumno/proyecto/app/deco.py", SCRIPT.as_bytes()).unwrap();
    s.write_host_file("/home/alumno/proyecto/app/items.json", br#"[{"name": "pan", "qty": 2}, {"name": "sal"}]"#)
        .unwrap();
    run(&mut s, 0, "cd /home/alumno/proyecto", 10);
    let out =
        run(&mut s, 0, "docker run --rm -v ./app:/app -w /app python:3.12 python deco.py; echo status=$?", 20_000);
    assert!(
        out.ends_with("-> load('items.json',)\n[Item(name='sal', qty=1), Item(name='pan', qty=2)]\n3\nstatus=0\n"),
        "{out}"
    );
    assert_eq!(run(&mut s, 0, "cat app/out.txt", 100), "{\"pan\": 2, \"sal\": 1}");
}

/// Checked with CPython 3.11/3.12: the same lines.
const OBJECTS: &str = r#"class P:
    def __init__(self, x):
        self.x = x
    def __eq__(self, o):
        if not isinstance(o, P):
            return NotImplemented
        return self.x == o.x

print([P(1), P(2)] == [P(1), P(2)], {"k": (P(1),)} == {"k": (P(2),)}, P(2) in [P(1), P(2)])
print(P(1) == 1, 1 == P(1), NotImplemented)

def nat():
    n = 0
    while True:
        yield n
        n += 1

print(next(map(lambda x: x * 10, nat())), next(filter(lambda x: x > 3, nat())))

def running():
    total = 0
    while True:
        total += yield total

g = running()
next(g)
print(g.send(4), g.send(6))
"#;

#[test]
fn objects_in_containers_compare_with_eq_and_generators_take_send() {
    let mut s = Session::new(SessionConfig { seed: 7, lang: Lang::En });
    s.write_host_file("/home/alumno/proyecto/app/objs.py", OBJECTS.as_bytes()).unwrap();
    run(&mut s, 0, "cd /home/alumno/proyecto", 10);
    let out =
        run(&mut s, 0, "docker run --rm -v ./app:/app -w /app python:3.12 python objs.py; echo status=$?", 20_000);
    assert!(out.ends_with("True False True\nFalse False NotImplemented\n0 4\n4 10\nstatus=0\n"), "{out}");
}
