//! The Go toolchain of the `golang` image: `go version`, `go env`, and `go run` of a program
//! whose `main` only prints literals (what Muelle can tell for certain it prints); anything else
//! gets a labelled Muelle note and a non-zero status, never a made-up result.

use super::builtins::done;
use crate::process::{Cx, Job};

fn go_version(cx: &Cx<'_>) -> String {
    cx.sh.var("GOLANG_VERSION").filter(|v| !v.is_empty()).unwrap_or("1.24.1").to_string()
}

/// Muelle's note for what it does not run, on stderr, in the student's language.
fn not_simulated(cx: &mut Cx<'_>, what: &str) -> Box<dyn Job> {
    cx.io.errln(&match cx.lang {
        crate::Lang::Es => format!("muelle: Muelle no compila ni ejecuta código Go: `{what}` no se simula (sí: go version, go env, go run de un main que solo imprime textos con fmt.Println)"),
        crate::Lang::En => format!("muelle: Muelle does not compile or run Go code: `{what}` is not simulated (it does: go version, go env, go run of a main that only prints text with fmt.Println)"),
    });
    done(1)
}

/// `go`.
pub(super) fn go(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let version = go_version(cx);
    match argv.get(1).map(String::as_str) {
        Some("version") => {
            cx.io.outln(&format!("go version go{version} linux/amd64"));
            done(0)
        }
        Some("env") => {
            let vars: Vec<(&str, String)> = vec![
                ("GOARCH", "amd64".into()),
                ("GOOS", "linux".into()),
                ("GOPATH", cx.sh.var("GOPATH").unwrap_or("/root/go").to_string()),
                ("GOROOT", "/usr/local/go".into()),
                ("GOTOOLCHAIN", cx.sh.var("GOTOOLCHAIN").unwrap_or("auto").to_string()),
                ("GOVERSION", format!("go{version}")),
                ("CGO_ENABLED", "1".into()),
            ];
            let asked = &argv[2..];
            if asked.is_empty() {
                return not_simulated(cx, &argv.join(" "));
            }
            for name in asked {
                match vars.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => cx.io.outln(v),
                    None => return not_simulated(cx, &argv.join(" ")),
                }
            }
            done(0)
        }
        Some("run") => go_run(cx, argv),
        None => {
            cx.io.errln("Go is a tool for managing Go source code.\n\nUsage:\n\n\tgo <command> [arguments]\n");
            not_simulated(cx, "go")
        }
        Some(_) => not_simulated(cx, &argv.join(" ")),
    }
}

/// `go run FILE.go`: only a `main` whose statements are `fmt.Println`/`fmt.Print` of string and
/// integer literals is run.
fn go_run(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Some(file) = argv.get(2) else {
        cx.io.errln("go: no go files listed");
        return done(1);
    };
    if file == "." || !file.ends_with(".go") {
        return not_simulated(cx, &argv.join(" "));
    }
    let path = cx.sh.path(file);
    let Ok(src) = cx.world.fs_read(cx.sh.loc, &path) else {
        cx.io.errln(&format!("stat {file}: no such file or directory"));
        return done(1);
    };
    let src = String::from_utf8_lossy(&src).into_owned();
    match printed(&src) {
        Some(out) => {
            cx.io.out(&out);
            done(0)
        }
        None => not_simulated(cx, &argv.join(" ")),
    }
}

/// What a `main` that only prints literals prints; `None` for any other program.
fn printed(src: &str) -> Option<String> {
    let body_start = src.find("func main()")?;
    let head = &src[..body_start];
    if !head.trim_start().starts_with("package main") {
        return None;
    }
    let rest = &src[body_start + "func main()".len()..];
    let open = rest.find('{')?;
    let close = rest.rfind('}')?;
    if !rest[..open].trim().is_empty() || !rest[close + 1..].trim().is_empty() {
        return None;
    }
    let mut out = String::new();
    for stmt in rest[open + 1..close].lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")) {
        let (newline, args) = if let Some(a) = stmt.strip_prefix("fmt.Println(") {
            (true, a)
        } else if let Some(a) = stmt.strip_prefix("fmt.Print(") {
            (false, a)
        } else {
            return None;
        };
        let args = args.strip_suffix(')')?;
        // Println separates operands by spaces; Print only two operands neither of which is a
        // string.
        let parts = split_literals(args)?;
        for (i, (text, string)) in parts.iter().enumerate() {
            if i > 0 && (newline || (!string && !parts[i - 1].1)) {
                out.push(' ');
            }
            out.push_str(text);
        }
        if newline {
            out.push('\n');
        }
    }
    Some(out)
}

/// Comma-separated Go literals: interpreted strings (`"…"` with `\n`, `\t`, `\"`, `\\`) and
/// decimal integers.
fn split_literals(s: &str) -> Option<Vec<(String, bool)>> {
    let mut out = Vec::new();
    let b: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b[i] == '"' {
            let mut v = String::new();
            i += 1;
            loop {
                match b.get(i)? {
                    '"' => break,
                    '\\' => {
                        i += 1;
                        v.push(match b.get(i)? {
                            'n' => '\n',
                            't' => '\t',
                            '"' => '"',
                            '\\' => '\\',
                            _ => return None,
                        });
                    }
                    c => v.push(*c),
                }
                i += 1;
            }
            i += 1;
            out.push((v, true));
        } else {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || (i == start && b[i] == '-')) {
                i += 1;
            }
            let n: String = b[start..i].iter().collect();
            n.parse::<i64>().ok()?;
            out.push((n, false));
        }
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        match b.get(i) {
            None => break,
            Some(',') => i += 1,
            Some(_) => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::printed;

    #[test]
    fn only_literal_prints_run() {
        let hello = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"Hola, mundo\")\n\tfmt.Println(\"a\", 1)\n}\n";
        assert_eq!(printed(hello).as_deref(), Some("Hola, mundo\na 1\n"));
        let other = "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tx := 2\n\tfmt.Println(x)\n}\n";
        assert_eq!(printed(other), None);
    }
}
