//! `tar` (GNU tar 1.35 in Debian/Ubuntu images and on the host, BusyBox's applet in Alpine):
//! `c`/`x`/`t` with `v`, `f ARCHIVE`, `-C DIR`, `--strip-components N` — enough for Docker's
//! volume backup and restore (`tar cvf /backup/backup.tar /dbdata`, `tar xvf … --strip 1`).
//! The archive is a real ustar file (512-byte headers, GNU magic), so `ls -l` shows its size and
//! another `tar` reads it back. Compression flags (`z`, `j`, `J`) are accepted and ignored.

use super::builtins::done;
use crate::process::{Cx, Job};
use crate::time::{DateTime, EPOCH_SECS};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Create,
    Extract,
    List,
}

struct Opts {
    mode: Option<Mode>,
    verbose: bool,
    file: Option<String>,
    dir: Option<String>,
    strip: usize,
    operands: Vec<String>,
}

/// One archive member: its stored name (directories end in `/`), and a file's bytes.
struct Member {
    name: String,
    data: Option<Vec<u8>>,
    mtime: u64,
}

fn usage_error(cx: &mut Cx<'_>, busybox: bool, msg: &str) -> Box<dyn Job> {
    if busybox {
        cx.io.errln(&format!("tar: {msg}"));
        return done(1);
    }
    cx.io.errln(&format!("tar: {msg}\nTry 'tar --help' or 'tar --usage' for more information."));
    done(2)
}

fn parse(argv: &[String]) -> Result<Opts, String> {
    let mut o = Opts { mode: None, verbose: false, file: None, dir: None, strip: 0, operands: Vec::new() };
    let mut i = 1;
    let mut wants_file = 0usize;
    let mut wants_dir = 0usize;
    let set_mode = |o: &mut Opts, m: Mode| -> Result<(), String> {
        match o.mode {
            Some(old) if old != m => {
                Err("You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option".into())
            }
            _ => {
                o.mode = Some(m);
                Ok(())
            }
        }
    };
    while i < argv.len() {
        let a = &argv[i];
        i += 1;
        if wants_file > 0 {
            wants_file -= 1;
            o.file = Some(a.clone());
            continue;
        }
        if wants_dir > 0 {
            wants_dir -= 1;
            o.dir = Some(a.clone());
            continue;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = long.split_once('=').map(|(n, v)| (n, Some(v.to_string()))).unwrap_or((long, None));
            let mut value_or_next = || value.clone().or_else(|| argv.get(i).cloned().inspect(|_| i += 1));
            // GNU getopt takes any unambiguous prefix of a long option.
            let is = |full: &str, min: usize| name.len() >= min && full.starts_with(name);
            if is("strip-components", 3) {
                let v = value_or_next().ok_or("option '--strip-components' requires an argument")?;
                o.strip = v.parse().map_err(|_| format!("Invalid number of elements: '{v}'"))?;
            } else if is("directory", 3) {
                o.dir = Some(value_or_next().ok_or("option '--directory' requires an argument")?);
            } else if is("file", 2) {
                o.file = Some(value_or_next().ok_or("option '--file' requires an argument")?);
            } else if is("create", 2) {
                set_mode(&mut o, Mode::Create)?;
            } else if is("extract", 2) || is("get", 2) {
                set_mode(&mut o, Mode::Extract)?;
            } else if is("list", 2) {
                set_mode(&mut o, Mode::List)?;
            } else if is("verbose", 4) {
                o.verbose = true;
            } else if is("gzip", 2) || is("bzip2", 2) || is("xz", 2) {
            } else {
                return Err(format!("unrecognized option '{a}'"));
            }
            continue;
        }
        // The first word may be the old style's bundled letters without a dash (`cvf`).
        let letters = match a.strip_prefix('-') {
            Some(l) if !l.is_empty() => l,
            _ if i == 2 && o.mode.is_none() && !a.is_empty() => a.as_str(),
            _ => {
                o.operands.push(a.clone());
                continue;
            }
        };
        for ch in letters.chars() {
            match ch {
                'c' => set_mode(&mut o, Mode::Create)?,
                'x' => set_mode(&mut o, Mode::Extract)?,
                't' => set_mode(&mut o, Mode::List)?,
                'v' => o.verbose = true,
                'f' => wants_file += 1,
                'C' => wants_dir += 1,
                'z' | 'j' | 'J' | 'p' | 'o' => {}
                other => return Err(format!("invalid option -- '{other}'")),
            }
        }
    }
    if wants_file > 0 {
        return Err("option requires an argument -- 'f'".into());
    }
    Ok(o)
}

fn octal(out: &mut [u8], value: u64) {
    let digits = out.len() - 1;
    let text = format!("{value:0digits$o}");
    let bytes = text.as_bytes();
    let from = bytes.len().saturating_sub(digits);
    out[..digits].copy_from_slice(&bytes[from..]);
    out[digits] = 0;
}

fn header(m: &Member) -> [u8; 512] {
    let mut h = [0u8; 512];
    let name = m.name.as_bytes();
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name[..n]);
    octal(&mut h[100..108], if m.data.is_some() { 0o644 } else { 0o755 });
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], m.data.as_ref().map_or(0, |d| d.len() as u64));
    octal(&mut h[136..148], m.mtime);
    h[148..156].copy_from_slice(b"        ");
    h[156] = if m.data.is_some() { b'0' } else { b'5' };
    h[257..265].copy_from_slice(b"ustar  \0");
    h[265..269].copy_from_slice(b"root");
    h[297..301].copy_from_slice(b"root");
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    octal(&mut h[148..155], sum);
    h[155] = b' ';
    h
}

fn archive(members: &[Member]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in members {
        out.extend_from_slice(&header(m));
        if let Some(d) = &m.data {
            out.extend_from_slice(d);
            out.resize(out.len().div_ceil(512) * 512, 0);
        }
    }
    out.resize(out.len() + 1024, 0);
    // GNU tar writes whole records of 20 blocks.
    out.resize(out.len().div_ceil(10_240) * 10_240, 0);
    out
}

fn field(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

fn read_octal(bytes: &[u8]) -> Option<u64> {
    let text = field(bytes);
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
}

/// The members of an archive, or `None` when it is not one.
fn unpack(bytes: &[u8]) -> Option<Vec<Member>> {
    if !bytes.is_empty() && bytes.len() < 512 {
        return None;
    }
    let mut members = Vec::new();
    let mut at = 0;
    while at + 512 <= bytes.len() {
        let h = &bytes[at..at + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let stored: u64 = read_octal(&h[148..156])?;
        let mut copy = [0u8; 512];
        copy.copy_from_slice(h);
        copy[148..156].copy_from_slice(b"        ");
        if copy.iter().map(|&b| u64::from(b)).sum::<u64>() != stored {
            return None;
        }
        let name = field(&h[..100]);
        let size = read_octal(&h[124..136])? as usize;
        let mtime = read_octal(&h[136..148])?;
        at += 512;
        let dir = h[156] == b'5' || name.ends_with('/');
        let data = if dir {
            None
        } else {
            let end = at.checked_add(size)?;
            let d = bytes.get(at..end)?.to_vec();
            at += size.div_ceil(512) * 512;
            Some(d)
        };
        members.push(Member { name, data, mtime });
    }
    Some(members)
}

pub fn tar(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let busybox = super::cpmv::is_busybox(cx);
    let o = match parse(argv) {
        Ok(o) => o,
        Err(msg) => return usage_error(cx, busybox, &msg),
    };
    let Some(mode) = o.mode else {
        if busybox {
            cx.io.errln("tar: need one of -c, -x, -t");
            return done(1);
        }
        return usage_error(cx, false, "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options");
    };
    // Without `f`, GNU tar uses its compiled-in default (stdin/stdout): not simulated.
    let Some(file) = o.file.clone() else {
        cx.io.errln("tar: Refusing to write archive contents to terminal (missing -f option?)\ntar: Error is not recoverable: exiting now");
        return done(2);
    };
    let base = match &o.dir {
        Some(d) => cx.sh.path(d),
        None => cx.sh.cwd.clone(),
    };
    if let Some(d) = &o.dir {
        if !cx.world.fs_is_dir(cx.sh.loc, &base) {
            cx.io.errln(&format!(
                "tar: {d}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now"
            ));
            return done(2);
        }
    }
    match mode {
        Mode::Create => create(cx, &o, &file, &base, busybox),
        Mode::Extract | Mode::List => {
            let path = cx.sh.path(&file);
            let bytes = match cx.world.fs_read(cx.sh.loc, &path) {
                Ok(b) => b,
                Err(e) => {
                    if busybox {
                        cx.io.errln(&format!("tar: can't open '{file}': {}", e.strerror_musl()));
                        return done(1);
                    }
                    cx.io.errln(&format!(
                        "tar: {file}: Cannot open: {}\ntar: Error is not recoverable: exiting now",
                        e.strerror()
                    ));
                    return done(2);
                }
            };
            let Some(members) = unpack(&bytes) else {
                if busybox {
                    cx.io.errln("tar: invalid tar magic");
                    return done(1);
                }
                cx.io.errln("tar: This does not look like a tar archive\ntar: Exiting with failure status due to previous errors");
                return done(2);
            };
            if mode == Mode::List {
                for m in &members {
                    if o.verbose {
                        let dt = DateTime::at(crate::SimTime(m.mtime.saturating_sub(EPOCH_SECS) * 1000));
                        let size = m.data.as_ref().map_or(0, |d| d.len()).to_string();
                        let (modes, width) = if m.data.is_some() { ("-rw-r--r--", 10) } else { ("drwxr-xr-x", 10) };
                        let width = width.max(size.len());
                        cx.io.outln(&format!(
                            "{modes} root/root {size:>width$} {:04}-{:02}-{:02} {:02}:{:02} {}",
                            dt.year, dt.month, dt.day, dt.hour, dt.minute, m.name
                        ));
                    } else {
                        cx.io.outln(&m.name);
                    }
                }
                return done(0);
            }
            extract(cx, &o, &members, &base)
        }
    }
}

fn create(cx: &mut Cx<'_>, o: &Opts, file: &str, base: &str, busybox: bool) -> Box<dyn Job> {
    if o.operands.is_empty() {
        if busybox {
            cx.io.errln("tar: empty archive");
            return done(1);
        }
        cx.io.errln("tar: Cowardly refusing to create an empty archive\nTry 'tar --help' or 'tar --usage' for more information.");
        return done(2);
    }
    let mtime = EPOCH_SECS + cx.world.now().0 / 1000;
    let mut members = Vec::new();
    let mut status = 0;
    let mut told_leading = false;
    for op in &o.operands {
        let path = crate::fs::normalize(base, op);
        if cx.world.fs_node(cx.sh.loc, &path).is_none() {
            if busybox {
                cx.io.errln(&format!("tar: {op}: No such file or directory"));
            } else {
                cx.io.errln(&format!("tar: {op}: Cannot stat: No such file or directory"));
            }
            status = 2;
            continue;
        }
        let stored_root = op.trim_start_matches('/');
        if stored_root.len() != op.len() && !told_leading {
            told_leading = true;
            cx.io.errln(if busybox {
                "tar: removing leading '/' from member names"
            } else {
                "tar: Removing leading `/' from member names"
            });
        }
        // Depth first, each directory before its entries.
        let mut stack = vec![(path.clone(), op.trim_end_matches('/').to_string())];
        while let Some((real, shown)) = stack.pop() {
            let stored = shown.trim_start_matches('/').to_string();
            if cx.world.fs_is_dir(cx.sh.loc, &real) {
                let name = if stored.is_empty() { "./".to_string() } else { format!("{stored}/") };
                if o.verbose {
                    let line = if busybox { name.clone() } else { format!("{shown}/") };
                    cx.io.outln(&line);
                }
                members.push(Member { name, data: None, mtime });
                let mut entries = cx.world.fs_list(cx.sh.loc, &real).unwrap_or_default();
                entries.reverse();
                for (entry, _) in entries {
                    stack.push((format!("{}/{entry}", real.trim_end_matches('/')), format!("{shown}/{entry}")));
                }
            } else {
                let data = cx.world.fs_read(cx.sh.loc, &real).unwrap_or_default();
                if o.verbose {
                    cx.io.outln(if busybox { &stored } else { &shown });
                }
                members.push(Member { name: stored, data: Some(data), mtime });
            }
        }
    }
    let bytes = archive(&members);
    let path = cx.sh.path(file);
    if let Err(e) = cx.world.fs_write(cx.sh.loc, &path, &bytes, false) {
        if busybox {
            cx.io.errln(&format!("tar: can't open '{file}': {}", e.strerror_musl()));
            return done(1);
        }
        cx.io.errln(&format!("tar: {file}: Cannot open: {}\ntar: Error is not recoverable: exiting now", e.strerror()));
        return done(2);
    }
    if status != 0 && !busybox {
        cx.io.errln("tar: Exiting with failure status due to previous errors");
    }
    done(if busybox && status != 0 { 1 } else { status })
}

fn extract(cx: &mut Cx<'_>, o: &Opts, members: &[Member], base: &str) -> Box<dyn Job> {
    let mut status = 0;
    for m in members {
        let parts: Vec<&str> = m.name.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
        // GNU tar skips members with no more components than it strips.
        if parts.len() <= o.strip && (o.strip > 0 || parts.is_empty()) {
            continue;
        }
        if o.verbose {
            cx.io.outln(&m.name);
        }
        let rel = parts[o.strip..].join("/");
        let dest = crate::fs::normalize(base, &rel);
        let result = match &m.data {
            None => cx.world.fs_mkdir(cx.sh.loc, &dest, true),
            Some(d) => {
                let parent = crate::fs::normalize(&dest, "..");
                let _ = cx.world.fs_mkdir(cx.sh.loc, &parent, true);
                cx.world.fs_write(cx.sh.loc, &dest, d, false)
            }
        };
        if let Err(e) = result {
            if matches!(e, crate::fs::FsError::Exists) && m.data.is_none() {
                continue;
            }
            cx.io.errln(&format!("tar: {rel}: Cannot open: {}", e.strerror()));
            status = 2;
        }
    }
    if status != 0 {
        cx.io.errln("tar: Exiting with failure status due to previous errors");
    }
    done(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_archive_reads_back() {
        let members = vec![
            Member { name: "dbdata/".into(), data: None, mtime: EPOCH_SECS },
            Member { name: "dbdata/a.txt".into(), data: Some(b"hola\n".to_vec()), mtime: EPOCH_SECS + 5 },
        ];
        let bytes = archive(&members);
        assert_eq!(bytes.len(), 10_240);
        let back = unpack(&bytes).expect("an archive");
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].name, "dbdata/");
        assert!(back[0].data.is_none());
        assert_eq!(back[1].data.as_deref(), Some(&b"hola\n"[..]));
        assert_eq!(back[1].mtime, EPOCH_SECS + 5);
        assert!(unpack(b"not a tar archive").is_none());
        assert!(unpack(b"").is_some_and(|m| m.is_empty()));
        let mut bad = bytes.clone();
        bad[0] = b'X';
        assert!(unpack(&bad).is_none());
    }

    #[test]
    fn old_style_letters_and_long_prefixes() {
        let argv: Vec<String> =
            ["tar", "xvf", "/backup/backup.tar", "--strip", "1"].iter().map(|s| s.to_string()).collect();
        let o = parse(&argv).expect("parses");
        assert!(o.mode == Some(Mode::Extract) && o.verbose);
        assert_eq!(o.file.as_deref(), Some("/backup/backup.tar"));
        assert_eq!(o.strip, 1);
        let argv: Vec<String> = ["tar", "-cf", "a.tar", "-C", "/x", "y"].iter().map(|s| s.to_string()).collect();
        let o = parse(&argv).expect("parses");
        assert_eq!((o.dir.as_deref(), o.operands.len()), (Some("/x"), 1));
    }
}
