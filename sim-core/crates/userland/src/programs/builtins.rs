//! Shell builtins: they change the shell itself (`cd`, `export`, `exit`)
//! or are too small to be programs (`echo`, `true`).

use super::Run;
use crate::process::{Cx, Effect, Job};
use crate::shell::ShellKind;

/// The builtins' names, for completion (the same as [`lookup`] knows).
pub const NAMES: &[&str] = &[
    "cd", "pwd", "echo", "printf", "export", "unset", "exit", "logout", "true", "false", "help", "type", "history",
    "set", "shift", "read", "test", "source", "alias", "unalias", "hash", "ulimit", "umask", "trap", "wait", "shopt",
    "kill", "jobs", "fg", "bg",
];

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "cd" => cd,
        "pwd" => pwd,
        "echo" => echo,
        "printf" => printf,
        "export" => export,
        "unset" => unset,
        "exit" | "logout" => exit,
        "true" | ":" => |_, _| done(0),
        "false" => |_, _| done(1),
        "help" => help,
        "type" => type_,
        "history" => |_, _| done(0),
        "set" => set,
        "shift" => shift,
        "test" | "[" => test,
        "source" | "." => |_, _| done(0),
        "trap" => trap,
        "read" => read,
        "alias" | "unalias" | "hash" | "ulimit" | "umask" | "shopt" => |_, _| done(0),
        "wait" => super::jobctl::wait,
        "kill" => super::jobctl::kill,
        "jobs" => super::jobctl::jobs,
        "fg" => super::jobctl::fg,
        "bg" => super::jobctl::bg,
        _ => return None,
    })
}

pub use crate::process::done;

fn cd(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let target = match argv.get(1).map(|s| s.as_str()) {
        None | Some("~") => cx.sh.home().to_string(),
        Some("-") => cx.sh.var("OLDPWD").unwrap_or("/").to_string(),
        Some(p) => p.to_string(),
    };
    let path = cx.sh.path(&target);
    match cx.world.fs_node(cx.sh.loc, &path) {
        Some(crate::fs::Node::Dir) => {
            let old = std::mem::replace(&mut cx.sh.cwd, path.clone());
            cx.sh.vars.insert("OLDPWD".into(), old);
            cx.sh.vars.insert("PWD".into(), path);
            done(0)
        }
        Some(_) => {
            cx.io.errln(&format!("{}: cd: {target}: Not a directory", cx.sh.name_for_errors()));
            done(1)
        }
        None => {
            let msg = match cx.sh.kind {
                ShellKind::Bash => format!("bash: cd: {target}: No such file or directory"),
                ShellKind::Ash => format!("/bin/sh: cd: can't cd to {target}: No such file or directory"),
                ShellKind::Dash => format!("sh: 1: cd: can't cd to {target}"),
            };
            cx.io.errln(&msg);
            done(if cx.sh.kind == ShellKind::Dash { 2 } else { 1 })
        }
    }
}

fn pwd(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let cwd = cx.sh.cwd.clone();
    cx.io.outln(&cwd);
    done(0)
}

fn echo(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut args = &argv[1..];
    let mut newline = true;
    let mut escapes = false;
    while let Some(first) = args.first() {
        if first.len() > 1 && first.starts_with('-') && first[1..].chars().all(|c| "neE".contains(c)) {
            newline &= !first.contains('n');
            escapes = first.contains('e');
            args = &args[1..];
        } else {
            break;
        }
    }
    let mut text = args.join(" ");
    if escapes {
        text = text.replace("\\n", "\n").replace("\\t", "\t");
    }
    if newline {
        text.push('\n');
    }
    cx.io.out(&text);
    done(0)
}

fn printf(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Some(fmt) = argv.get(1) else {
        cx.io.errln("printf: usage: printf [-v var] format [arguments]");
        return done(2);
    };
    let mut args = argv[2..].iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            },
            '%' => match chars.next() {
                Some('s') | Some('d') => out.push_str(args.next().map(|s| s.as_str()).unwrap_or("")),
                Some('%') => out.push('%'),
                Some(o) => {
                    out.push('%');
                    out.push(o)
                }
                None => out.push('%'),
            },
            _ => out.push(c),
        }
    }
    cx.io.out(&out);
    done(0)
}

fn export(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv.len() == 1 || argv.get(1).map(|s| s.as_str()) == Some("-p") {
        let lines: Vec<String> = cx.sh.vars.iter().map(|(k, v)| format!("declare -x {k}=\"{v}\"")).collect();
        for l in lines {
            cx.io.outln(&l);
        }
        return done(0);
    }
    let mut status = 0;
    for a in &argv[1..] {
        let (k, v) = match a.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (a.as_str(), None),
        };
        if k.is_empty()
            || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            || k.starts_with(|c: char| c.is_ascii_digit())
        {
            cx.io.errln(&format!("{}: export: `{a}': not a valid identifier", cx.sh.name_for_errors()));
            status = 1;
            continue;
        }
        match v {
            Some(v) => {
                cx.sh.vars.insert(k.to_string(), v.to_string());
            }
            None => {
                cx.sh.vars.entry(k.to_string()).or_default();
            }
        }
    }
    done(status)
}

fn unset(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    for a in &argv[1..] {
        cx.sh.vars.remove(a);
    }
    done(0)
}

/// `set`: lists variables; `-e`/`+e` (`-o errexit`) and `--` (new positional parameters);
/// other options are accepted and ignored.
fn set(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        if a == "--" {
            cx.sh.args = argv[i + 1..].to_vec();
            return done(0);
        }
        if a == "-o" || a == "+o" {
            if argv.get(i + 1).map(|s| s.as_str()) == Some("errexit") {
                cx.sh.errexit = a == "-o";
            }
            i += 2;
            continue;
        }
        match a.strip_prefix('-').map(|f| (true, f)).or_else(|| a.strip_prefix('+').map(|f| (false, f))) {
            Some((on, flags)) if !flags.is_empty() => {
                if flags.contains('e') {
                    cx.sh.errexit = on;
                }
            }
            _ => {
                // `set a b c`: the positional parameters.
                cx.sh.args = argv[i..].to_vec();
                return done(0);
            }
        }
        i += 1;
    }
    if argv.len() == 1 {
        let lines: Vec<String> = cx.sh.vars.iter().map(|(k, v)| format!("{k}={v}")).collect();
        for l in lines {
            cx.io.outln(&l);
        }
    }
    done(0)
}

/// `trap [ACTION] CONDITION…`: stores handlers the shell runs (`EXIT` when a script or
/// `-c` string ends; `TERM`/`INT` when a container's main shell gets the signal, see
/// `shell::exec`). `-` resets, `''` ignores; no arguments (or `-p`) lists them.
fn trap(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let args: Vec<&str> = argv[1..].iter().map(|s| s.as_str()).filter(|a| *a != "--").collect();
    if args.is_empty() || args == ["-p"] {
        let lines: Vec<String> =
            cx.sh.traps.iter().map(|(k, v)| format!("trap -- '{}' {k}", v.replace('\'', "'\\''"))).collect();
        for l in lines {
            cx.io.outln(&l);
        }
        return done(0);
    }
    // One argument that is a condition: reset it (POSIX: `trap INT` is `trap - INT`).
    let (action, conds) =
        if args.len() == 1 || args[0].parse::<u32>().is_ok() { ("-", &args[..]) } else { (args[0], &args[1..]) };
    let mut status = 0;
    for c in conds {
        let up = c.trim_start_matches("SIG").to_ascii_uppercase();
        let name = match up.as_str() {
            "EXIT" | "0" => "EXIT",
            "HUP" | "1" => "HUP",
            "INT" | "2" => "INT",
            "QUIT" | "3" => "QUIT",
            "KILL" | "9" => "KILL",
            "USR1" | "10" => "USR1",
            "USR2" | "12" => "USR2",
            "TERM" | "15" => "TERM",
            "CHLD" | "17" => "CHLD",
            "ERR" if cx.sh.kind == ShellKind::Bash => "ERR",
            _ => {
                let msg = match cx.sh.kind {
                    ShellKind::Bash => format!("{}: trap: {c}: invalid signal specification", cx.sh.error_prefix()),
                    _ => format!("{}: trap: {c}: bad trap", cx.sh.error_prefix()),
                };
                cx.io.errln(&msg);
                status = 1;
                continue;
            }
        };
        if action == "-" {
            cx.sh.traps.remove(name);
        } else {
            cx.sh.traps.insert(name.to_string(), action.to_string());
        }
    }
    done(status)
}

/// `read [-r] [-p PROMPT] NAME…`: one line of stdin into variables (split at blanks, the last
/// name takes the rest; `REPLY` without names). Status 1 at end of input. With no stdin (a
/// terminal) it waits for the line typed next.
fn read(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut names = Vec::new();
    let mut i = 1;
    while let Some(a) = argv.get(i) {
        match a.as_str() {
            "-r" | "-s" => {}
            "-p" => {
                if let Some(p) = argv.get(i + 1) {
                    cx.io.err(p);
                }
                i += 1;
            }
            _ => names.push(a.clone()),
        }
        i += 1;
    }
    match cx.io.stdin.take() {
        Some(mut input) => {
            let line = take_line(&mut input);
            done(match line {
                Some(l) => {
                    assign_read(cx.sh, &names, &l);
                    0
                }
                None => 1,
            })
        }
        None => Box::new(ReadLine { names, answered: None }),
    }
}

/// The first line of `input` (without its newline), removed from it; `None` at its end.
pub fn take_line(input: &mut String) -> Option<String> {
    if input.is_empty() {
        return None;
    }
    let end = input.find('\n').map(|i| i + 1).unwrap_or(input.len());
    let line: String = input.drain(..end).collect();
    Some(line.trim_end_matches('\n').to_string())
}

/// `read`'s assignment: fields split at blanks, the last name gets the rest of the line.
pub fn assign_read(sh: &mut crate::shell::ShellCtx, names: &[String], line: &str) {
    if names.is_empty() {
        sh.vars.insert("REPLY".into(), line.to_string());
        return;
    }
    let mut rest = line.trim_start();
    for (k, name) in names.iter().enumerate() {
        let value = if k + 1 == names.len() {
            std::mem::take(&mut rest).trim_end().to_string()
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let v = rest[..end].to_string();
            rest = rest[end..].trim_start();
            v
        };
        sh.vars.insert(name.clone(), value);
    }
}

/// `read` at a terminal: the next typed line is its input.
struct ReadLine {
    names: Vec<String>,
    answered: Option<i32>,
}

impl Job for ReadLine {
    fn poll(&mut self, _cx: &mut Cx<'_>) -> crate::process::Poll {
        match self.answered {
            Some(code) => crate::process::Poll::Done(code),
            None => crate::process::Poll::Pending(crate::process::Wake::Never),
        }
    }
    fn wants_input(&self) -> bool {
        self.answered.is_none()
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> crate::process::Poll {
        assign_read(cx.sh, &self.names, line);
        self.answered = Some(0);
        crate::process::Poll::Done(0)
    }
    fn end_of_input(&mut self, _cx: &mut Cx<'_>) -> crate::process::Poll {
        // `read` at end of input fails, the variables left empty.
        self.answered = Some(1);
        crate::process::Poll::Done(1)
    }
    fn interrupt(&mut self, _cx: &mut Cx<'_>) -> crate::process::Poll {
        crate::process::Poll::Done(130)
    }
}

/// `shift [n]`: drops the first n positional parameters.
fn shift(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let n = match argv.get(1).map(|a| a.parse::<usize>()) {
        None => 1,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            let a = &argv[1];
            cx.io.errln(&format!("{}: shift: {a}: numeric argument required", cx.sh.error_prefix()));
            return done(if cx.sh.kind == ShellKind::Bash { 1 } else { 2 });
        }
    };
    if n > cx.sh.args.len() {
        return done(1);
    }
    cx.sh.args.drain(..n);
    done(0)
}

fn exit(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    // Interactive bash says `exit` before anything else, even before its own error (not a
    // script, a `-c` string or a subshell).
    if cx.sh.kind == ShellKind::Bash && cx.sh.invocation == crate::shell::Invocation::Interactive && !cx.sh.subshell {
        cx.io.errln("exit");
    }
    let code = match argv.get(1) {
        None => cx.sh.last_status,
        Some(n) => match n.parse::<i64>() {
            Ok(n) => (n & 0xff) as i32,
            Err(_) => {
                cx.io.errln(&format!("{}: exit: {n}: numeric argument required", cx.sh.name_for_errors()));
                2
            }
        },
    };
    cx.effects.push(Effect::ExitShell(code));
    done(code)
}

fn help(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let text = match cx.lang {
        crate::Lang::Es => HELP_ES,
        crate::Lang::En => HELP_EN,
    };
    cx.io.out(text);
    done(0)
}

const HELP_ES: &str = "Muelle: un anfitrión Docker simulado en tu navegador.
Órdenes de docker: run, ps, exec, logs, stop, start, restart, kill, rm, inspect, port,
  images, pull, network (create/ls/inspect/connect/disconnect/rm/prune),
  volume (create/ls/inspect/rm/prune). Usa `docker COMANDO --help`.
En el anfitrión y en los contenedores: cd pwd ls cat echo mkdir touch rm cp mv env export
  hostname sleep grep head tail wc ping curl wget getent nslookup ip apt-get apk exit clear.
Ctrl-C interrumpe una orden larga (ping, logs -f, docker run sin -d).
";

const HELP_EN: &str = "Muelle: a simulated Docker host in your browser.
docker commands: run, ps, exec, logs, stop, start, restart, kill, rm, inspect, port,
  images, pull, network (create/ls/inspect/connect/disconnect/rm/prune),
  volume (create/ls/inspect/rm/prune). Try `docker COMMAND --help`.
On the host and in containers: cd pwd ls cat echo mkdir touch rm cp mv env export
  hostname sleep grep head tail wc ping curl wget getent nslookup ip apt-get apk exit clear.
Ctrl-C interrupts a long command (ping, logs -f, docker run without -d).
";

fn type_(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut status = 0;
    for name in &argv[1..] {
        if lookup(name).is_some() {
            cx.io.outln(&format!("{name} is a shell builtin"));
        } else if super::has_command(cx.world, cx.sh.loc, name) {
            cx.io.outln(&format!("{name} is /usr/bin/{name}"));
        } else {
            cx.io.errln(&format!("{}: type: {name}: not found", cx.sh.name_for_errors()));
            status = 1;
        }
    }
    done(status)
}

fn test(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut args: Vec<&str> = argv[1..].iter().map(|s| s.as_str()).collect();
    if argv[0] == "[" {
        if args.last() != Some(&"]") {
            cx.io.errln(&format!("{}: [: missing `]'", cx.sh.name_for_errors()));
            return done(2);
        }
        args.pop();
    }
    let result = match args.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-e", p] | ["-f", p] | ["-d", p] => {
            let path = cx.sh.path(p);
            matches!(
                (args[0], cx.world.fs_node(cx.sh.loc, &path)),
                ("-e", Some(_)) | ("-f", Some(crate::fs::Node::File(_))) | ("-d", Some(crate::fs::Node::Dir))
            )
        }
        [a, "=", b] | [a, "==", b] => a == b,
        [a, "!=", b] => a != b,
        [a, op, b] => {
            let (x, y) = (a.parse::<i64>().unwrap_or(0), b.parse::<i64>().unwrap_or(0));
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                "-ge" => x >= y,
                _ => false,
            }
        }
        _ => false,
    };
    done(if result { 0 } else { 1 })
}
