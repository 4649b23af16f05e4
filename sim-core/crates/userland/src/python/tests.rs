//! The interpreter on its own, with a host that records what the program does.

use super::vm::{Host, Status, Vm};

#[derive(Default)]
struct Fake {
    out: String,
    err: String,
}

impl Host for Fake {
    fn write(&mut self, err: bool, s: &str) {
        if err {
            self.err.push_str(s);
        } else {
            self.out.push_str(s);
        }
    }
    fn read_file(&mut self, _: &str) -> Result<String, &'static str> {
        Err("No such file or directory")
    }
    fn write_file(&mut self, _: &str, _: &str, _: bool) -> Result<(), &'static str> {
        Ok(())
    }
    fn list_dir(&mut self, _: &str) -> Result<Vec<String>, &'static str> {
        Ok(Vec::new())
    }
    fn stat(&mut self, _: &str) -> Option<bool> {
        None
    }
    fn now_ms(&self) -> u64 {
        1_741_600_800_000
    }
    fn connect(&mut self, host: &str, _: u16) -> Result<(), (i32, &'static str)> {
        if host == "db" {
            Ok(())
        } else {
            Err((-2, "Name or service not known"))
        }
    }
    fn resolve(&mut self, _: &str) -> Option<String> {
        None
    }
}

/// Runs `src` to its end (sleeps pass at once): (stdout, stderr, status, polls).
fn run(src: &str) -> (String, String, i32, u32) {
    let mut host = Fake::default();
    let mut vm = Vm::new(vec!["/t.py".into()], vec![("DB".into(), "mydb".into())], "/code");
    vm.add_source("/t.py", src);
    match super::compile(src, "/t.py", false) {
        Ok(code) => vm.start(code),
        Err(text) => return (String::new(), text, 1, 0),
    }
    let mut polls = 0;
    loop {
        polls += 1;
        match vm.run(&mut host, 10_000) {
            Status::Exit(c) => return (host.out, host.err, c, polls),
            Status::Input => vm.give_input(None),
            _ if polls > 1000 => return (host.out, host.err, -1, polls),
            _ => {}
        }
    }
}

#[test]
fn prints_like_python() {
    let (out, err, code, _) = run(
        "import os\nx = [1, 2.5, 'a', None, True]\nprint(x, len(x), x[-1], {'k': (1,)})\nprint(f'{3.14159:.2f}|{7:03d}|{\"s\":>3}|{x[0]=}')\nprint(7 // -2, 7 % -3, 2 ** 62, 1 / 3, 1e16, 0.1 + 0.2)\nprint(os.environ['DB'], os.getenv('NO', 'def'), '%s-%05.1f' % ('a', 2.25))\n",
    );
    assert_eq!(err, "");
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "[1, 2.5, 'a', None, True] 5 True {'k': (1,)}\n3.14|007|  s|x[0]=1\n-4 -2 4611686018427387904 0.3333333333333333 1e+16 0.30000000000000004\nmydb def a-002.2\n"
    );
}

#[test]
fn name_error_traceback_and_status() {
    let (out, err, code, _) = run("print('start')\ndef f():\n    return undefined_name + 1\nf()\n");
    assert_eq!(out, "start\n");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "Traceback (most recent call last):\n  File \"/t.py\", line 4, in <module>\n    f()\n  File \"/t.py\", line 3, in f\n    return undefined_name + 1\n           ^^^^^^^^^^^^^^\nNameError: name 'undefined_name' is not defined\n"
    );
}

#[test]
fn suggestions_and_chained_exceptions() {
    let (_, err, _, _) = run("count = 1\nprint(cout)\n");
    assert!(err.ends_with("NameError: name 'cout' is not defined. Did you mean: 'count'?\n"), "{err}");
    let (_, err, _, _) = run("time.sleep(1)\n");
    assert!(err.ends_with("NameError: name 'time' is not defined. Did you forget to import 'time'?\n"), "{err}");
    let (_, err, code, _) = run("try:\n    {}['k']\nexcept KeyError:\n    raise ValueError('bad')\n");
    assert_eq!(code, 1);
    assert!(
        err.contains("KeyError: 'k'\n\nDuring handling of the above exception, another exception occurred:\n\n"),
        "{err}"
    );
    assert!(err.ends_with("ValueError: bad\n"));
}

#[test]
fn sys_exit_and_caught_errors() {
    assert_eq!(run("import sys\nsys.exit(3)\n").2, 3);
    assert_eq!(run("import sys\nsys.exit('bye')\n").1, "bye\n");
    let (out, _, code, _) =
        run("try:\n    int('x')\nexcept ValueError as e:\n    print('caught', e)\nfinally:\n    print('done')\n");
    assert_eq!((out.as_str(), code), ("caught invalid literal for int() with base 10: 'x'\ndone\n", 0));
}

#[test]
fn sockets_go_through_the_host() {
    let (out, err, code, _) = run(
        "import socket\nsocket.create_connection(('db', 5432))\nprint('ok')\nsocket.create_connection(('nope', 5432))\n",
    );
    assert_eq!(out, "ok\n");
    assert_eq!(code, 1);
    assert!(err.ends_with("socket.gaierror: [Errno -2] Name or service not known\n"), "{err}");
}

#[test]
fn a_busy_loop_yields_and_deep_recursion_is_an_error() {
    let mut host = Fake::default();
    let mut vm = Vm::new(Vec::new(), Vec::new(), "/");
    vm.start(super::compile("while True:\n    pass\n", "/t.py", false).unwrap());
    assert_eq!(vm.run(&mut host, 1000), Status::Yield);
    assert_eq!(vm.interrupt(&mut host), Some(130));
    assert!(host.err.ends_with("KeyboardInterrupt\n"));
    let (_, err, code, _) = run("def f(n):\n    return f(n + 1)\nf(0)\n");
    assert_eq!(code, 1);
    assert!(err.ends_with("RecursionError: maximum recursion depth exceeded\n"), "{err}");
}

#[test]
fn deeply_nested_input_is_refused_not_a_crash() {
    let only = std::env::var("NEST_CASE").ok().and_then(|v| v.parse::<usize>().ok());
    for (i, src) in [
        format!("x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000)),
        format!("x = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        format!("x = {}1\n", "-".repeat(10_000)),
        format!("x = 1{}\n", " + 1".repeat(10_000)),
        (0..200).map(|i| format!("{}if True:\n", "    ".repeat(i))).collect::<String>()
            + &"    ".repeat(200)
            + "pass\n",
    ]
    .into_iter()
    .enumerate()
    {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let (_, err, code, _) = run(&src);
        assert_eq!(code, 1);
        assert!(err.contains("Error"), "{err}");
    }
}

#[test]
fn unsupported_constructs_say_so() {
    // Classes run (see `classes_*`); a decorated class (`@dataclass`) still does not.
    let (_, err, code, _) = run("@dataclass\nclass A:\n    pass\n");
    assert_eq!(code, 1);
    assert!(err.contains("NotImplementedError: Muelle's Python subset does not run class definitions"), "{err}");
    let (_, err, code, _) = run("async def f():\n    pass\n");
    assert_eq!(code, 1);
    assert!(err.contains("NotImplementedError: Muelle's Python subset does not run async code"), "{err}");
    let (_, err, _, _) = run("import flask\n");
    assert!(err.ends_with("ModuleNotFoundError: No module named 'flask'\n"));
}

#[test]
fn same_program_same_bytes() {
    let src = "import random\nprint([random.randint(1, 100) for _ in range(5)], random.random())\n";
    assert_eq!(run(src), run(src));
}

#[test]
fn classes_methods_init_attributes_inheritance() {
    let src = "class Punto:\n    dims = 2\n    def __init__(self, x, y=0):\n        self.x = x\n        self.y = y\n    def mover(self, dx):\n        self.x += dx\n        return self\n    def __repr__(self):\n        return f'Punto({self.x}, {self.y})'\n\nclass P3(Punto):\n    def __init__(self, x, y, z):\n        super().__init__(x, y)\n        self.z = z\n    def __str__(self):\n        return f'<{self.x} {self.y} {self.z}>'\n\np = Punto(1).mover(2)\nq = P3(1, 2, 3)\nprint(p, [p], p.dims, Punto.dims)\nprint(q, repr(q), isinstance(q, Punto), isinstance(p, P3), type(q).__name__)\nprint(f'{q}', str(q), hasattr(q, 'z'), getattr(p, 'y'))\n";
    let (out, err, code, _) = run(src);
    assert_eq!(err, "");
    assert_eq!(code, 0);
    assert_eq!(out, "Punto(3, 0) [Punto(3, 0)] 2 2\n<1 2 3> Punto(1, 2) True False P3\n<1 2 3> <1 2 3> True 0\n");
}

#[test]
fn classes_errors_as_cpython() {
    let (_, err, code, _) = run("class A:\n    pass\nA().x\n");
    assert_eq!(code, 1);
    assert!(err.ends_with("AttributeError: 'A' object has no attribute 'x'\n"), "{err}");
    let (_, err, _, _) = run("class A:\n    pass\nA(1)\n");
    assert!(err.ends_with("TypeError: A() takes no arguments\n"), "{err}");
    let (out, err, _, _) = run("class A:\n    pass\nprint(A(), A)\n");
    assert_eq!(err, "");
    assert!(out.starts_with("<__main__.A object at 0x") && out.ends_with(" <class '__main__.A'>\n"), "{out}");
}

#[test]
fn own_exception_classes_are_raised_caught_and_printed() {
    let src = "class SinSaldo(ValueError):\n    pass\ntry:\n    raise SinSaldo('no hay')\nexcept ValueError as e:\n    print('capturada:', e, isinstance(e, SinSaldo))\nraise SinSaldo('adios')\n";
    let (out, err, code, _) = run(src);
    assert_eq!(out, "capturada: no hay True\n");
    assert_eq!(code, 1);
    assert!(err.ends_with("SinSaldo: adios\n"), "{err}");
}

#[test]
#[ignore]
fn adhoc() {
    let src = std::fs::read_to_string(std::env::var("PYFILE").unwrap_or_default()).unwrap_or_default();
    let (out, err, code, _) = run(&src);
    println!("---OUT---\n{out}---ERR---\n{err}---CODE {code}");
}
