//! The everyday file and text tools (GNU coreutils, grep, hostname; busybox
//! applets behave alike), with their real error messages.

use super::builtins::done;
use super::Run;
use crate::fs::{FsError, Node};
use crate::process::{Cx, Effect, Job, Poll, Wake};
use crate::world::Loc;

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "ls" => ls,
        "cat" => cat,
        "mkdir" => mkdir,
        "touch" => touch,
        "rm" => rm,
        "rmdir" => rmdir,
        "cp" => super::cpmv::cp,
        "mv" => super::cpmv::mv,
        "env" | "printenv" => env,
        "hostname" => hostname,
        "sleep" => sleep,
        "head" => super::headtail::head,
        "tail" => super::headtail::tail,
        "wc" => wc,
        "grep" | "egrep" | "fgrep" => super::grep::grep,
        "date" => date,
        "whoami" => whoami,
        "id" => id,
        "uname" => uname,
        "timeout" => timeout,
        "tee" => tee,
        "sort" => sort,
        "uniq" => uniq,
        "seq" => super::stream::seq,
        "yes" => super::stream::yes,
        "which" => which,
        "basename" => basename,
        "dirname" => dirname,
        "clear" => clear,
        "stty" => stty,
        "tput" => tput,
        "ps" => ps,
        "top" | "watch" => |_, _| Box::new(Sleep { until: None }),
        "busybox" => |cx, argv| {
            if argv.len() < 2 {
                cx.io.outln("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.");
                return done(0);
            }
            super::spawn(cx, argv[1..].to_vec(), vec![])
        },
        "nproc" => |cx, _| {
            cx.io.outln("2");
            done(0)
        },
        _ => return None,
    })
}

/// Splits flags (`-la`) from operands; `--` ends flags.
pub(super) fn split_flags(argv: &[String]) -> (String, Vec<String>) {
    let mut flags = String::new();
    let mut operands = Vec::new();
    let mut only_operands = false;
    for a in &argv[1..] {
        if !only_operands && a == "--" {
            only_operands = true;
        } else if !only_operands && a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            flags.push_str(&a[1..]);
        } else if !only_operands && a.starts_with("--") {
            // long options are accepted and ignored, except a few mapped to short ones
            match a.as_str() {
                "--all" => flags.push('a'),
                "--recursive" | "--archive" => flags.push('r'),
                "--parents" => flags.push('p'),
                "--force" => flags.push('f'),
                _ => {}
            }
        } else {
            operands.push(a.clone());
        }
    }
    (flags, operands)
}

fn fs_err(cx: &mut Cx<'_>, prog: &str, what: &str, e: &FsError) {
    let msg = super::cpmv::strerror(cx, e);
    cx.io.errln(&format!("{prog}: {what}: {msg}"));
}

fn ls(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, mut operands) = split_flags(argv);
    let all = flags.contains('a');
    let long = flags.contains('l');
    let one = flags.contains('1') || long;
    if operands.is_empty() {
        operands.push(".".into());
    }
    let mut status = 0;
    let multiple = operands.len() > 1;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for op in &operands {
        let path = cx.sh.path(op);
        match cx.world.fs_node(cx.sh.loc, &path) {
            None => {
                let e = if crate::fs::check_path(&path).is_err() { FsError::NameTooLong } else { FsError::NotFound };
                let msg = super::cpmv::strerror(cx, &e);
                cx.io.errln(&format!("ls: cannot access '{op}': {msg}"));
                status = 2;
            }
            Some(Node::File(d)) => files.push((op.clone(), d.len(), false)),
            // `-d`: a directory is listed as itself, not its contents.
            Some(Node::Dir) if flags.contains('d') => files.push((op.clone(), 4096, true)),
            Some(Node::Dir) => dirs.push((op.clone(), path)),
        }
    }
    let now = crate::time::DateTime::at(cx.now());
    let stamp = format!("{} {:>2} {:02}:{:02}", now.month_abbr(), now.day, now.hour, now.minute);
    let user = cx.sh.user.clone();
    let busybox = matches!(cx.sh.loc, Loc::Container(cid) if super::container_os(cx.world, cid).is_busybox());
    // GNU ls pads each column to its widest cell; busybox uses fixed widths.
    let render_long = |rows: &[(String, bool, u64)]| -> String {
        let links = |d: bool| if d { 2 } else { 1 };
        let lw = rows.iter().map(|(_, d, _)| links(*d).to_string().len()).max().unwrap_or(1);
        let sw = rows.iter().map(|(_, _, s)| s.to_string().len()).max().unwrap_or(1);
        let mut out = String::new();
        for (name, is_dir, size) in rows {
            let perm = if *is_dir { "drwxr-xr-x" } else { "-rw-r--r--" };
            let n = links(*is_dir);
            if busybox {
                out.push_str(&format!("{perm} {n:>4} {user:<8} {user:<8} {size:>9} {stamp} {name}\n"));
            } else {
                out.push_str(&format!("{perm} {n:>lw$} {user} {user} {size:>sw$} {stamp} {name}\n"));
            }
        }
        out
    };
    let blocks = |rows: &[(String, bool, u64)]| -> u64 {
        rows.iter().map(|(_, d, s)| if *d { 4 } else { s.div_ceil(4096) * 4 }).sum()
    };
    let mut out = String::new();
    if long {
        let rows: Vec<(String, bool, u64)> = files.iter().map(|(n, s, d)| (n.clone(), *d, *s as u64)).collect();
        out.push_str(&render_long(&rows));
    } else {
        for (name, _, _) in &files {
            out.push_str(name);
            out.push('\n');
        }
    }
    for (i, (op, path)) in dirs.iter().enumerate() {
        if multiple || !files.is_empty() {
            if i > 0 || !files.is_empty() {
                out.push('\n');
            }
            out.push_str(&format!("{op}:\n"));
        }
        let mut entries = match cx.world.fs_list(cx.sh.loc, path) {
            Ok(e) => e,
            Err(e) => {
                cx.io.errln(&format!("ls: cannot open directory '{op}': {}", e.strerror()));
                status = 2;
                continue;
            }
        };
        if all {
            entries.insert(0, ("..".into(), true));
            entries.insert(0, (".".into(), true));
        } else {
            entries.retain(|(n, _)| !n.starts_with('.'));
        }
        if long {
            let rows: Vec<(String, bool, u64)> = entries
                .iter()
                .map(|(name, is_dir)| {
                    let full = crate::fs::normalize(path, name);
                    (name.clone(), *is_dir, cx.world.fs_size(cx.sh.loc, &full).unwrap_or(4096))
                })
                .collect();
            out.push_str(&format!("total {}\n", blocks(&rows)));
            out.push_str(&render_long(&rows));
        } else if one {
            for (name, _) in &entries {
                out.push_str(name);
                out.push('\n');
            }
        } else if !entries.is_empty() {
            // A terminal shows several names per line; two spaces apart is what fits here.
            let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
            out.push_str(&names.join("  "));
            out.push('\n');
        }
    }
    cx.io.out(&out);
    done(status)
}

pub(super) fn read_input(cx: &mut Cx<'_>, prog: &str, operands: &[String]) -> (String, i32) {
    if operands.is_empty() || operands == ["-"] {
        return (cx.io.stdin.take().unwrap_or_default(), 0);
    }
    let mut text = String::new();
    let mut status = 0;
    for op in operands {
        let path = cx.sh.path(op);
        match cx.world.fs_read(cx.sh.loc, &path) {
            Ok(d) => text.push_str(&String::from_utf8_lossy(&d)),
            Err(e) if super::cpmv::is_busybox(cx) => {
                // libbb's open_or_warn.
                cx.io.errln(&format!("{prog}: can't open '{op}': {}", e.strerror_musl()));
                status = 1;
            }
            Err(e) => {
                fs_err(cx, prog, op, &e);
                status = 1;
            }
        }
    }
    (text, status)
}

fn cat(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, operands) = split_flags(argv);
    let (text, status) = read_input(cx, "cat", &operands);
    if flags.contains('n') {
        let numbered: String = text.lines().enumerate().map(|(i, l)| format!("{:>6}\t{l}\n", i + 1)).collect();
        cx.io.out(&numbered);
    } else {
        cx.io.out(&text);
    }
    done(status)
}

fn mkdir(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, operands) = split_flags(argv);
    if operands.is_empty() {
        cx.io.errln("mkdir: missing operand\nTry 'mkdir --help' for more information.");
        return done(1);
    }
    let parents = flags.contains('p');
    let mut status = 0;
    for op in &operands {
        let path = cx.sh.path(op);
        if let Err(e) = cx.world.fs_mkdir(cx.sh.loc, &path, parents) {
            if parents && e == FsError::Exists {
                continue;
            }
            // With -p, a name over NAME_MAX fails as an ancestor: the tools print the
            // operand cut after it (mkancesdirs, libbb's bb_make_directory).
            let mut shown = op.as_str();
            if parents && e == FsError::NameTooLong {
                let mut end = 0;
                for part in op.split('/') {
                    end += part.len();
                    if part.len() > crate::fs::NAME_MAX {
                        shown = &op[..end];
                        break;
                    }
                    end += 1;
                }
            }
            if super::cpmv::is_busybox(cx) {
                cx.io.errln(&format!("mkdir: can't create directory '{shown}': {}", e.strerror_musl()));
            } else {
                cx.io.errln(&format!("mkdir: cannot create directory '{shown}': {}", e.strerror()));
            }
            status = 1;
        }
    }
    done(status)
}

fn touch(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (_, operands) = split_flags(argv);
    if operands.is_empty() {
        cx.io.errln("touch: missing file operand\nTry 'touch --help' for more information.");
        return done(1);
    }
    let mut status = 0;
    for op in &operands {
        let path = cx.sh.path(op);
        if cx.world.fs_node(cx.sh.loc, &path).is_some() {
            continue;
        }
        if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, b"", false) {
            if super::cpmv::is_busybox(cx) {
                cx.io.errln(&format!("touch: {op}: {}", e.strerror_musl()));
            } else {
                cx.io.errln(&format!("touch: cannot touch '{op}': {}", e.strerror()));
            }
            status = 1;
        }
    }
    done(status)
}

fn rm(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, operands) = split_flags(argv);
    let recursive = flags.contains('r') || flags.contains('R');
    let force = flags.contains('f');
    if operands.is_empty() && !force {
        cx.io.errln("rm: missing operand\nTry 'rm --help' for more information.");
        return done(1);
    }
    let mut status = 0;
    for op in &operands {
        let path = cx.sh.path(op);
        match cx.world.fs_node(cx.sh.loc, &path) {
            None => {
                if !force {
                    cx.io.errln(&format!("rm: cannot remove '{op}': No such file or directory"));
                    status = 1;
                }
            }
            Some(Node::Dir) if !recursive => {
                cx.io.errln(&format!("rm: cannot remove '{op}': Is a directory"));
                status = 1;
            }
            Some(_) => {
                if let Err(e) = cx.world.fs_remove(cx.sh.loc, &path, true) {
                    let msg = if e == FsError::NotEmpty { "Device or resource busy" } else { e.strerror() };
                    cx.io.errln(&format!("rm: cannot remove '{op}': {msg}"));
                    status = 1;
                }
            }
        }
    }
    done(status)
}

fn rmdir(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (_, operands) = split_flags(argv);
    let mut status = 0;
    for op in &operands {
        let path = cx.sh.path(op);
        let r = match cx.world.fs_node(cx.sh.loc, &path) {
            Some(Node::Dir) => cx.world.fs_remove(cx.sh.loc, &path, false),
            Some(_) => Err(FsError::NotADirectory),
            None => Err(FsError::NotFound),
        };
        if let Err(e) = r {
            cx.io.errln(&format!("rmdir: failed to remove '{op}': {}", e.strerror()));
            status = 1;
        }
    }
    done(status)
}

fn env(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv[0].ends_with("printenv") && argv.len() > 1 {
        let mut status = 0;
        for k in &argv[1..] {
            match cx.sh.var(k).map(|s| s.to_string()) {
                Some(v) => cx.io.outln(&v),
                None => status = 1,
            }
        }
        return done(status);
    }
    if argv.len() > 1 && !argv[0].ends_with("printenv") {
        // `env VAR=x cmd`: run cmd with extra variables.
        let mut assigns = Vec::new();
        let mut i = 1;
        while i < argv.len() && argv[i].contains('=') {
            if let Some((k, v)) = argv[i].split_once('=') {
                assigns.push((k.to_string(), v.to_string()));
            }
            i += 1;
        }
        if i < argv.len() {
            return super::spawn(cx, argv[i..].to_vec(), assigns);
        }
        for (k, v) in assigns {
            cx.sh.vars.insert(k, v);
        }
    }
    let mut lines: Vec<String> =
        cx.sh.vars.iter().filter(|(k, _)| *k != "OLDPWD").map(|(k, v)| format!("{k}={v}")).collect();
    if cx.sh.loc != Loc::Host {
        // Docker's order: PATH and HOSTNAME first, then image/env variables, then HOME.
        crate::sort::sort_by_key(&mut lines, |l| match l.split('=').next() {
            Some("PATH") => 0,
            Some("HOSTNAME") => 1,
            Some("HOME") => 3,
            _ => 2,
        });
    }
    for l in lines {
        cx.io.outln(&l);
    }
    done(0)
}

fn hostname(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, _) = split_flags(argv);
    match cx.sh.loc {
        Loc::Host => {
            if flags.contains('I') {
                cx.io.outln(&format!("{} 172.17.0.1 ", crate::world::HOST_LAN_IP));
            } else if flags.contains('i') {
                cx.io.outln("127.0.1.1");
            } else {
                cx.io.outln(crate::world::HOST_NAME);
            }
        }
        Loc::Container(cid) => {
            let ips: Vec<String> = cx.world.endpoints_of(cid).iter().map(|(_, e)| e.ip.to_string()).collect();
            if flags.contains('I') {
                cx.io.outln(&format!("{} ", ips.join(" ")));
            } else if flags.contains('i') {
                match cx.world.primary_ip(cid) {
                    Some(ip) => cx.io.outln(&ip.to_string()),
                    None => {
                        cx.io.errln("hostname: Name or service not known");
                        return done(1);
                    }
                }
            } else {
                let h = cx.world.container(cid).map(|c| c.config.hostname.clone()).unwrap_or_default();
                cx.io.outln(&h);
            }
        }
    }
    done(0)
}

/// Parses `sleep`'s durations: `5`, `0.5`, `2m`, `infinity`. `None` = forever.
pub fn parse_duration_ms(s: &str) -> Result<Option<u64>, ()> {
    if s == "infinity" || s == "inf" {
        return Ok(None);
    }
    let (num, mult) = match s.chars().last() {
        Some('s') => (&s[..s.len() - 1], 1000.0),
        Some('m') => (&s[..s.len() - 1], 60_000.0),
        Some('h') => (&s[..s.len() - 1], 3_600_000.0),
        Some('d') => (&s[..s.len() - 1], 86_400_000.0),
        _ => (s, 1000.0),
    };
    let n = crate::float::parse(num).ok_or(())?;
    if !n.is_finite() || n < 0.0 {
        return Err(());
    }
    Ok(Some((n * mult).min(1e15) as u64))
}

/// Waits until a time (or forever); Ctrl-C ends it.
pub struct Sleep {
    until: Option<crate::time::SimTime>,
}

impl Sleep {
    /// Waits until Ctrl-C (`tail -f`, `sleep infinity`).
    pub fn forever() -> Sleep {
        Sleep { until: None }
    }
}

impl Job for Sleep {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.until {
            None => Poll::Pending(Wake::Never),
            Some(t) if cx.now() >= t => Poll::Done(0),
            Some(t) => Poll::Pending(Wake::At(t)),
        }
    }
    fn runs_until_interrupted(&self) -> bool {
        self.until.is_none()
    }
}

fn sleep(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv.len() < 2 {
        cx.io.errln("sleep: missing operand\nTry 'sleep --help' for more information.");
        return done(1);
    }
    let mut total: Option<u64> = Some(0);
    for a in &argv[1..] {
        match parse_duration_ms(a) {
            Ok(None) => total = None,
            Ok(Some(ms)) => total = total.map(|t| t.saturating_add(ms)),
            Err(()) => {
                cx.io.errln(&format!("sleep: invalid time interval '{a}'\nTry 'sleep --help' for more information."));
                return done(1);
            }
        }
    }
    let now = cx.now();
    Box::new(Sleep { until: total.map(|ms| now.plus(ms)) })
}

fn wc(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, files) = split_flags(argv);
    let (text, status) = read_input(cx, "wc", &files);
    let l = text.matches('\n').count();
    let w = text.split_whitespace().count();
    let c = text.len();
    let name = if files.is_empty() { String::new() } else { format!(" {}", files.join(" ")) };
    let line = match (flags.contains('l'), flags.contains('w'), flags.contains('c')) {
        (true, false, false) => format!("{l}{name}"),
        (false, true, false) => format!("{w}{name}"),
        (false, false, true) => format!("{c}{name}"),
        _ if files.is_empty() => format!("{l:>7} {w:>7} {c:>7}"),
        _ => format!("{l:>2} {w:>2} {c:>2}{name}"),
    };
    cx.io.outln(&line);
    done(status)
}

fn date(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let d = crate::time::DateTime::at(cx.now());
    let wd = d.weekday_abbr();
    cx.io.outln(&format!(
        "{wd} {} {:>2} {:02}:{:02}:{:02} UTC {}",
        d.month_abbr(),
        d.day,
        d.hour,
        d.minute,
        d.second,
        d.year
    ));
    done(0)
}

fn whoami(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    let u = cx.sh.user.clone();
    cx.io.outln(&u);
    done(0)
}

fn id(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    if cx.sh.user == "root" {
        cx.io.outln("uid=0(root) gid=0(root) groups=0(root)");
    } else {
        let u = cx.sh.user.clone();
        cx.io.outln(&format!("uid=1000({u}) gid=1000({u}) groups=1000({u}),27(sudo),999(docker)"));
    }
    done(0)
}

fn uname(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, _) = split_flags(argv);
    let host = match cx.sh.loc {
        Loc::Host => crate::world::HOST_NAME.to_string(),
        Loc::Container(cid) => cx.world.container(cid).map(|c| c.config.hostname.clone()).unwrap_or_default(),
    };
    if flags.contains('a') {
        cx.io.outln(&format!("Linux {host} 6.8.0-52-generic #53-Ubuntu SMP PREEMPT_DYNAMIC x86_64 GNU/Linux"));
    } else if flags.contains('r') {
        cx.io.outln("6.8.0-52-generic");
    } else if flags.contains('m') {
        cx.io.outln("x86_64");
    } else if flags.contains('n') {
        cx.io.outln(&host);
    } else {
        cx.io.outln("Linux");
    }
    done(0)
}

/// `timeout N cmd`: runs cmd, kills it after N seconds (status 124).
struct Timeout {
    inner: Box<dyn Job>,
    deadline: crate::time::SimTime,
}

impl Job for Timeout {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        match self.inner.poll(cx) {
            Poll::Done(c) => Poll::Done(c),
            Poll::Pending(_) if cx.now() >= self.deadline => {
                let _ = self.inner.interrupt(cx);
                Poll::Done(124)
            }
            Poll::Pending(Wake::At(t)) => Poll::Pending(Wake::At(t.min(self.deadline))),
            Poll::Pending(_) => Poll::Pending(Wake::At(self.deadline)),
        }
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.inner.interrupt(cx)
    }
}

fn timeout(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut i = 1;
    while i < argv.len() && argv[i].starts_with('-') {
        i += if argv[i] == "-s" || argv[i] == "-k" { 2 } else { 1 };
    }
    let (Some(dur), true) = (argv.get(i), argv.len() > i + 1) else {
        cx.io.errln("timeout: missing operand\nTry 'timeout --help' for more information.");
        return done(125);
    };
    let Ok(Some(ms)) = parse_duration_ms(dur) else {
        cx.io.errln(&format!("timeout: invalid time interval '{dur}'\nTry 'timeout --help' for more information."));
        return done(125);
    };
    let deadline = cx.now().plus(ms);
    let inner = super::spawn(cx, argv[i + 1..].to_vec(), vec![]);
    Box::new(Timeout { inner, deadline })
}

fn tee(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, files) = split_flags(argv);
    let text = cx.io.stdin.take().unwrap_or_default();
    let mut status = 0;
    for f in &files {
        let path = cx.sh.path(f);
        if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, text.as_bytes(), flags.contains('a')) {
            fs_err(cx, "tee", f, &e);
            status = 1;
        }
    }
    cx.io.out(&text);
    done(status)
}

fn sort(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, files) = split_flags(argv);
    let (text, status) = read_input(cx, "sort", &files);
    let mut lines: Vec<&str> = text.lines().collect();
    if flags.contains('n') {
        crate::sort::sort_by_key(&mut lines, |l| {
            l.split_whitespace().next().and_then(|n| n.parse::<i64>().ok()).unwrap_or(0)
        });
    } else {
        crate::sort::sort(&mut lines);
    }
    if flags.contains('r') {
        lines.reverse();
    }
    if flags.contains('u') {
        lines.dedup();
    }
    for l in lines {
        cx.io.outln(l);
    }
    done(status)
}

fn uniq(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (flags, files) = split_flags(argv);
    let (text, status) = read_input(cx, "uniq", &files);
    let mut groups: Vec<(usize, &str)> = Vec::new();
    for l in text.lines() {
        match groups.last_mut() {
            Some((n, last)) if *last == l => *n += 1,
            _ => groups.push((1, l)),
        }
    }
    for (n, l) in groups {
        if flags.contains('c') {
            cx.io.outln(&format!("{n:>7} {l}"));
        } else {
            cx.io.outln(l);
        }
    }
    done(status)
}

fn which(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut status = 0;
    for name in &argv[1..] {
        if super::has_command(cx.world, cx.sh.loc, name) && super::builtins::lookup(name).is_none() {
            let dir =
                if matches!(name.as_str(), "apt-get" | "ip" | "ifconfig" | "nginx") { "/usr/sbin" } else { "/usr/bin" };
            cx.io.outln(&format!("{dir}/{name}"));
        } else {
            status = 1;
        }
    }
    done(status)
}

fn basename(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    match argv.get(1) {
        Some(p) => {
            let mut b = crate::fs::basename(p.trim_end_matches('/')).to_string();
            if let Some(suffix) = argv.get(2) {
                if let Some(s) = b.strip_suffix(suffix.as_str()) {
                    b = s.to_string();
                }
            }
            cx.io.outln(&b);
            done(0)
        }
        None => {
            cx.io.errln("basename: missing operand\nTry 'basename --help' for more information.");
            done(1)
        }
    }
}

fn dirname(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    match argv.get(1) {
        Some(p) => {
            let d = match p.trim_end_matches('/').rfind('/') {
                Some(0) => "/".to_string(),
                Some(i) => p[..i].to_string(),
                None => ".".to_string(),
            };
            cx.io.outln(&d);
            done(0)
        }
        None => {
            cx.io.errln("dirname: missing operand\nTry 'dirname --help' for more information.");
            done(1)
        }
    }
}

fn clear(cx: &mut Cx<'_>, _argv: &[String]) -> Box<dyn Job> {
    cx.io.out("\x1b[H\x1b[2J");
    cx.effects.push(Effect::Clear);
    done(0)
}

/// `stty`: `size` prints the terminal's rows and columns (`stty size` → `24 80`); the modes a
/// script sets (`-echo`, `sane`…) are accepted and change nothing Muelle shows. Without a
/// terminal, GNU's refusal.
fn stty(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Some(tty) = cx.sh.tty else {
        cx.io.errln("stty: 'standard input': Inappropriate ioctl for device");
        return done(1);
    };
    match argv.get(1).map(String::as_str) {
        Some("size") => cx.io.outln(&format!("{} {}", tty.rows, tty.cols)),
        None => cx.io.outln("speed 38400 baud; line = 0;\n-brkint -imaxbel iutf8"),
        Some("sane" | "echo" | "-echo" | "raw" | "-raw" | "cooked" | "icanon" | "-icanon") => {}
        Some(arg) => {
            cx.io.errln(&format!("stty: invalid argument '{arg}'\nTry 'stty --help' for more information."));
            return done(1);
        }
    }
    done(0)
}

/// ncurses' `tput`: the capabilities scripts ask for. `cols`/`lines` are the terminal's size
/// (terminfo's 80×24 without one), `colors` comes from `$TERM`.
fn tput(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Some(term) = cx.sh.var("TERM").filter(|t| !t.is_empty()).map(str::to_string) else {
        cx.io.errln("tput: No value for $TERM and no -T specified");
        return done(2);
    };
    let size = cx.sh.tty.unwrap_or(crate::shell::TtySize::DEFAULT);
    let n = |i: usize| argv.get(i).and_then(|a| a.parse::<u8>().ok());
    let out = match argv.get(1).map(String::as_str) {
        None => {
            cx.io.errln("usage: tput [-V] [-S] [-T term] capname");
            return done(2);
        }
        Some("cols") => size.cols.to_string() + "\n",
        Some("lines") => size.rows.to_string() + "\n",
        Some("colors") => if term.contains("256color") { "256\n" } else { "8\n" }.to_string(),
        Some("bold") => "\x1b[1m".to_string(),
        Some("sgr0") => "\x1b(B\x1b[m".to_string(),
        Some("clear") => {
            cx.effects.push(Effect::Clear);
            "\x1b[H\x1b[2J".to_string()
        }
        Some(cap @ ("setaf" | "setab")) => {
            let base = if cap == "setaf" { 30 } else { 40 };
            match n(2) {
                Some(c) if c < 8 => format!("\x1b[{}m", base + c),
                Some(c) if c < 16 => format!("\x1b[{}m", base + 60 + c - 8),
                Some(c) => format!("\x1b[{};5;{c}m", base + 8),
                None => String::new(),
            }
        }
        Some(cap) => {
            cx.io.errln(&format!("tput: unknown terminfo capability '{cap}'"));
            return done(4);
        }
    };
    cx.io.out(&out);
    done(0)
}

/// `ps`: PID 1 is the container's main process, then the shell and `ps` itself.
fn ps(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let (main, tty) = match cx.sh.loc {
        Loc::Container(cid) => cx
            .world
            .container(cid)
            .map(|c| (c.argv().join(" "), if c.config.tty { "pts/0" } else { "?" }))
            .unwrap_or_default(),
        Loc::Host => ("/sbin/init".to_string(), "?"),
    };
    let me = argv.join(" ");
    let busybox = matches!(cx.sh.loc, Loc::Container(cid) if super::container_os(cx.world, cid).is_busybox());
    let shell = if cx.sh.is_main { None } else { Some(super::shells::name_of(cx.sh.kind)) };
    let mut rows: Vec<(u32, String)> = vec![(1, main)];
    if let Some(sh) = shell {
        rows.push((7, sh.to_string()));
    }
    rows.push((13, me));
    if busybox {
        cx.io.outln("PID   USER     TIME  COMMAND");
        for (pid, cmd) in rows {
            cx.io.outln(&format!("{pid:>5} root      0:00 {cmd}"));
        }
    } else if argv.iter().skip(1).any(|a| a.contains('a') || a.contains('e')) {
        cx.io.outln("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
        let d = crate::time::DateTime::at(cx.now());
        for (pid, cmd) in rows {
            cx.io.outln(&format!(
                "root     {pid:>7}  0.0  0.0   4588  3840 {tty:<8} Ss   {:02}:{:02}   0:00 {cmd}",
                d.hour, d.minute
            ));
        }
    } else {
        cx.io.outln("    PID TTY          TIME CMD");
        for (pid, cmd) in rows.into_iter().skip(1) {
            let name = cmd.split_whitespace().next().unwrap_or("").rsplit('/').next().unwrap_or("").to_string();
            cx.io.outln(&format!("{pid:>7} {tty:<8} 00:00:00 {name}"));
        }
    }
    done(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("2"), Ok(Some(2000)));
        assert_eq!(parse_duration_ms("0.5"), Ok(Some(500)));
        assert_eq!(parse_duration_ms("1m"), Ok(Some(60_000)));
        assert_eq!(parse_duration_ms("infinity"), Ok(None));
        assert!(parse_duration_ms("x").is_err());
        assert!(parse_duration_ms("-1").is_err());
    }
}
