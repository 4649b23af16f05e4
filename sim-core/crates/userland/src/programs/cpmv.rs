//! `cp` and `mv`, with the refusals of the real tools: a directory copied or moved into
//! itself, `.`/`..` moved, a file onto itself, a name Linux would refuse.
//!
//! A recursive copy first reads the whole source and only then writes, so it
//! cannot see its own output (`World::fs_snapshot`): `cp -r a a/b` or a copy through a bind mount that leads back
//! into the source always ends, after work bounded by the size the source had. Nothing here
//! recurses. GNU's texts are coreutils' (`src/copy.c`, `src/mv.c`); busybox's (Alpine) are
//! `libbb/copy_file.c` and `coreutils/mv.c`, with musl's `strerror`.

use super::builtins::done;
use super::coreutils::split_flags;
use crate::fs::{self, FsError, Node};
use crate::process::{Cx, Job};
use crate::world::Loc;

/// Whether the process runs in a busybox image (Alpine).
pub fn is_busybox(cx: &Cx<'_>) -> bool {
    matches!(cx.sh.loc, Loc::Container(cid) if super::container_os(cx.world, cid).is_busybox())
}

/// `strerror` as the process's C library words it.
pub fn strerror(cx: &Cx<'_>, e: &FsError) -> &'static str {
    if is_busybox(cx) {
        e.strerror_musl()
    } else {
        e.strerror()
    }
}

pub fn cp(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    cp_or_mv(cx, argv, false)
}

pub fn mv(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    cp_or_mv(cx, argv, true)
}

/// One source and where it goes: as typed (for messages) and resolved.
struct Op<'a> {
    src: &'a str,
    from: String,
    to: String,
    /// The destination as the tools print it: the operand, or `DIR/NAME` inside a directory.
    to_disp: String,
}

fn cp_or_mv(cx: &mut Cx<'_>, argv: &[String], is_move: bool) -> Box<dyn Job> {
    let prog = if is_move { "mv" } else { "cp" };
    let (flags, operands) = split_flags(argv);
    let recursive = is_move || flags.contains('r') || flags.contains('R') || flags.contains('a');
    if operands.len() < 2 {
        if operands.is_empty() {
            cx.io.errln(&format!("{prog}: missing file operand\nTry '{prog} --help' for more information."));
        } else {
            cx.io.errln(&format!(
                "{prog}: missing destination file operand after '{}'\nTry '{prog} --help' for more information.",
                operands[0]
            ));
        }
        return done(1);
    }
    let loc = cx.sh.loc;
    let dest_op = &operands[operands.len() - 1];
    let dest = cx.sh.path(dest_op);
    let dest_is_dir = cx.world.fs_is_dir(loc, &dest);
    let sources = &operands[..operands.len() - 1];
    if sources.len() > 1 && !dest_is_dir {
        cx.io.errln(&format!("{prog}: target '{dest_op}' is not a directory"));
        return done(1);
    }
    let mut status = 0;
    for src in sources {
        let from = cx.sh.path(src);
        let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
        let name = if name.is_empty() { fs::basename(&from) } else { name };
        let (to, to_disp) = if dest_is_dir {
            let to = if dest == "/" { format!("/{name}") } else { format!("{dest}/{name}") };
            let disp = if dest_op.ends_with('/') { format!("{dest_op}{name}") } else { format!("{dest_op}/{name}") };
            (fs::normalize("/", &to), disp)
        } else {
            (dest.clone(), dest_op.clone())
        };
        let op = Op { src, from, to, to_disp };
        let node = cx.world.fs_node(loc, &op.from);
        match node {
            None => {
                let e = if fs::check_path(&op.from).is_err() { FsError::NameTooLong } else { FsError::NotFound };
                cx.io.errln(&format!("{prog}: cannot stat '{src}': {}", strerror(cx, &e)));
                status = 1;
                continue;
            }
            Some(Node::Dir) if !recursive => {
                cx.io.errln(&format!("cp: -r not specified; omitting directory '{src}'"));
                status = 1;
                continue;
            }
            _ => {}
        }
        let is_dir = matches!(node, Some(Node::Dir));
        let code = if is_move { do_move(cx, &op, is_dir) } else { do_copy(cx, &op, is_dir) };
        status = status.max(code);
    }
    done(status)
}

fn do_move(cx: &mut Cx<'_>, op: &Op<'_>, is_dir: bool) -> i32 {
    let loc = cx.sh.loc;
    let busybox = is_busybox(cx);
    let last = op.src.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let err = if op.from == "/" || last == "." || last == ".." {
        Some(FsError::Busy)
    } else if is_dir && op.to != op.from && fs::is_within(&op.to, &op.from) {
        Some(FsError::Invalid)
    } else if op.to == op.from {
        if busybox {
            return 0;
        }
        cx.io.errln(&format!("mv: '{}' and '{}' are the same file", op.src, op.to_disp));
        return 1;
    } else {
        match cx.world.fs_rename(loc, &op.from, &op.to) {
            Ok(true) => None,
            Ok(false) => move_across(cx, op, is_dir).err(),
            Err(e) => Some(e),
        }
    };
    let Some(e) = err else { return 0 };
    if busybox {
        cx.io.errln(&format!("mv: can't rename '{}': {}", op.src, e.strerror_musl()));
    } else if e == FsError::Invalid {
        cx.io.errln(&format!("mv: cannot move '{}' to a subdirectory of itself, '{}'", op.src, op.to_disp));
    } else {
        cx.io.errln(&format!("mv: cannot move '{}' to '{}': {}", op.src, op.to_disp, e.strerror()));
    }
    1
}

/// `mv` between stores (rename(2) said `EXDEV`): copy, then remove the source.
fn move_across(cx: &mut Cx<'_>, op: &Op<'_>, is_dir: bool) -> Result<(), FsError> {
    let loc = cx.sh.loc;
    if is_dir {
        let entries = cx.world.fs_snapshot(loc, &op.from)?;
        if cx.world.fs_node(loc, &op.to).is_some_and(|n| n != Node::Dir) {
            return Err(FsError::NotADirectory);
        }
        cx.world.fs_write_snapshot(loc, &op.to, &entries).map_err(|(_, _, e)| e)?;
    } else {
        let data = cx.world.fs_read(loc, &op.from)?;
        cx.world.fs_write(loc, &op.to, &data, false)?;
    }
    cx.world.fs_remove(loc, &op.from, true)
}

fn do_copy(cx: &mut Cx<'_>, op: &Op<'_>, is_dir: bool) -> i32 {
    let loc = cx.sh.loc;
    let busybox = is_busybox(cx);
    if op.to == op.from {
        if is_dir && !busybox {
            cx.io.errln(&format!("cp: cannot copy a directory, '{}', into itself, '{}'", op.src, op.to_disp));
        } else {
            cx.io.errln(&format!("cp: '{}' and '{}' are the same file", op.src, op.to_disp));
        }
        return 1;
    }
    if !is_dir {
        let r = cx.world.fs_read(loc, &op.from).and_then(|d| cx.world.fs_write(loc, &op.to, &d, false));
        if let Err(e) = r {
            let msg = strerror(cx, &e);
            if busybox {
                cx.io.errln(&format!("cp: can't create '{}': {msg}", op.to_disp));
            } else {
                cx.io.errln(&format!("cp: cannot create regular file '{}': {msg}", op.to_disp));
            }
            return 1;
        }
        return 0;
    }
    let into_itself = fs::is_within(&op.to, &op.from);
    if into_itself {
        // Both tools create the destination first, then meet it again while reading the source.
        if let Err(e) = cx.world.fs_mkdir(loc, &op.to, false) {
            if e != FsError::Exists {
                return create_failed(cx, op, "", true, &e);
            }
        }
        if !busybox {
            cx.io.errln(&format!("cp: cannot copy a directory, '{}', into itself, '{}'", op.src, op.to_disp));
            return 1;
        }
    }
    if cx.world.fs_node(loc, &op.to).is_some_and(|n| n != Node::Dir) {
        return not_a_dir(cx, op, busybox);
    }
    // busybox copies everything but the directory it just made, and says so.
    let rel = op.to.get(op.from.len()..).unwrap_or("").trim_start_matches('/').to_string();
    if into_itself {
        let shown = op.src.trim_end_matches('/');
        cx.io.errln(&format!("cp: recursion detected, omitting directory '{shown}/{rel}'"));
    }
    let status = i32::from(into_itself);
    match cx.world.fs_copy_dir(loc, &op.from, &op.to, into_itself.then_some(rel.as_str())) {
        Some(Ok(())) => return status,
        Some(Err(e)) => return create_failed(cx, op, "", true, &e),
        None => {}
    }
    // A mount below the source or the destination: entry by entry through the mounts.
    let mut entries = match cx.world.fs_snapshot(loc, &op.from) {
        Ok(e) => e,
        Err(e) => {
            cx.io.errln(&format!("cp: cannot access '{}': {}", op.src, strerror(cx, &e)));
            return 1;
        }
    };
    if into_itself {
        entries.retain(|(p, _)| !fs::is_within(&format!("/{p}"), &format!("/{rel}")));
    }
    if let Err((rel, dir, e)) = cx.world.fs_write_snapshot(loc, &op.to, &entries) {
        return create_failed(cx, op, &rel, dir, &e);
    }
    status
}

fn not_a_dir(cx: &mut Cx<'_>, op: &Op<'_>, busybox: bool) -> i32 {
    if busybox {
        cx.io.errln(&format!("cp: target '{}' is not a directory", op.to_disp));
    } else {
        cx.io.errln(&format!("cp: cannot overwrite non-directory '{}' with directory '{}'", op.to_disp, op.src));
    }
    1
}

fn create_failed(cx: &mut Cx<'_>, op: &Op<'_>, rel: &str, dir: bool, e: &FsError) -> i32 {
    let shown = if rel.is_empty() { op.to_disp.clone() } else { format!("{}/{rel}", op.to_disp.trim_end_matches('/')) };
    let msg = strerror(cx, e);
    let line = match (is_busybox(cx), dir) {
        (true, true) => format!("cp: can't create directory '{shown}': {msg}"),
        (true, false) => format!("cp: can't create '{shown}': {msg}"),
        (false, true) => format!("cp: cannot create directory '{shown}': {msg}"),
        (false, false) => format!("cp: cannot create regular file '{shown}': {msg}"),
    };
    cx.io.errln(&line);
    1
}
