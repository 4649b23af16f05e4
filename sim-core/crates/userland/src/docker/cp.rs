//! `docker cp`: files between a container's file system (running or not) and
//! the host, as docker/cli v28 `cli/command/container/cp.go` does it. The
//! summary it prints on stderr counts the bytes of the tar stream the daemon
//! sends (512-byte headers and blocks, two zero blocks at the end), so
//! copying a 615-byte `index.html` reports `2.56kB`.

use super::args::{b, Parsed};
use super::{done, Cmd};
use crate::fs::Node;
use crate::process::{Cx, Job};
use crate::world::{Cid, Loc, World};

pub const COMMANDS: &[Cmd] = &[Cmd {
    path: "cp",
    aliases: &["container cp"],
    usage: "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    short: "Copy files/folders between a container and the local filesystem",
    flags: &[
        b("archive", Some('a'), "Archive mode (copy all uid/gid information)"),
        b("follow-link", Some('L'), "Always follow symbol link in SRC_PATH"),
        b("quiet", Some('q'), "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
    ],
    stop_at_first_arg: false,
    min_args: 2,
    max_args: Some(2),
    run: cp,
}];

/// `CONTAINER:PATH` or a local path (docker/cli's `splitCpArg`: absolute or `.`-relative
/// paths are local even with a colon).
fn split_arg(arg: &str) -> (Option<&str>, &str) {
    if arg.starts_with('/') || arg.starts_with('.') {
        return (None, arg);
    }
    match arg.split_once(':') {
        Some((container, path)) => (Some(container), path),
        None => (None, arg),
    }
}

fn cp(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let (src, dst) = (p.args[0].as_str(), p.args[1].as_str());
    if src.is_empty() {
        cx.io.errln("source can not be empty");
        return done(1);
    }
    if dst.is_empty() {
        cx.io.errln("destination can not be empty");
        return done(1);
    }
    let quiet = p.has("quiet");
    match (split_arg(src), split_arg(dst)) {
        ((Some(_), _), (Some(_), _)) => {
            cx.io.errln("copying between containers is not supported");
            done(1)
        }
        ((None, _), (None, _)) => {
            cx.io.errln("must specify at least one container source");
            done(1)
        }
        ((Some(name), src_path), (None, dst_path)) => {
            let Some(cid) = super::container::lookup(cx, name) else { return done(1) };
            let container = cx.world.container(cid).map(|c| c.name.clone()).unwrap_or_default();
            let from = crate::fs::normalize("/", src_path);
            if let Err(e) = cx.world.stat_path(cid, &from, name) {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                return done(1);
            }
            let shown = local_shown(&cx.sh.cwd, dst_path);
            let to = crate::fs::normalize(&cx.sh.cwd, dst_path);
            match copy(cx.world, (Loc::Container(cid), &from), (Loc::Host, &to), src_path.ends_with("/.")) {
                Ok(bytes) => {
                    if !quiet {
                        cx.io.errln(&format!("Successfully copied {} to {shown}", size(bytes)));
                    }
                    done(0)
                }
                Err(e) => {
                    let _ = container;
                    cx.io.errln(&e);
                    done(1)
                }
            }
        }
        ((None, src_path), (Some(name), dst_path)) => {
            let from = crate::fs::normalize(&cx.sh.cwd, src_path);
            if cx.world.fs_node(Loc::Host, &from).is_none() {
                cx.io.errln(&format!("lstat {from}: no such file or directory"));
                return done(1);
            }
            let Some(cid) = super::container::lookup(cx, name) else { return done(1) };
            let to = crate::fs::normalize("/", dst_path);
            match copy(cx.world, (Loc::Host, &from), (Loc::Container(cid), &to), src_path.ends_with("/.")) {
                Ok(bytes) => {
                    if !quiet {
                        let shown = container_target(cx.world, cid, &to, dst_path);
                        cx.io.errln(&format!("Successfully copied {} to {name}:{shown}", size(bytes)));
                    }
                    done(0)
                }
                Err(e) => {
                    cx.io.errln(&e.replace("lstat ", &format!("Error response from daemon: {name}:")));
                    done(1)
                }
            }
        }
    }
}

/// The local destination as the CLI prints it: absolute, keeping a trailing `/` or `/.`.
fn local_shown(cwd: &str, typed: &str) -> String {
    let abs = crate::fs::normalize(cwd, typed);
    if typed == "." || typed.ends_with("/.") {
        format!("{}/.", abs.trim_end_matches('/'))
    } else if typed.ends_with('/') && abs != "/" {
        format!("{abs}/")
    } else {
        abs
    }
}

/// Where in the container the copy landed, as the CLI prints it (`dstInfo.Path`).
fn container_target(world: &World, cid: Cid, to: &str, typed: &str) -> String {
    let _ = (world, cid);
    if typed.ends_with('/') && to != "/" {
        format!("{to}/")
    } else {
        to.to_string()
    }
}

/// Copies a file or a tree; returns the size of the tar stream it would have been.
/// Copying `dir/.` copies what is inside `dir` into the destination directory.
fn copy(
    world: &mut World,
    (sloc, from): (Loc, &str),
    (dloc, to): (Loc, &str),
    contents_only: bool,
) -> Result<u64, String> {
    let src_is_dir = matches!(world.fs_node(sloc, from), Some(Node::Dir));
    let base = from.rsplit('/').next().unwrap_or("").to_string();
    // Into an existing directory: a new entry named like the source (or its contents).
    let target = if world.fs_is_dir(dloc, to) && !(src_is_dir && contents_only) {
        if base.is_empty() {
            to.to_string()
        } else {
            format!("{}/{base}", to.trim_end_matches('/'))
        }
    } else {
        let parent = crate::fs::parent(to);
        if !world.fs_is_dir(dloc, parent) {
            return Err(format!("lstat {parent}: no such file or directory"));
        }
        to.to_string()
    };
    if !src_is_dir && world.fs_is_dir(dloc, &target) {
        return Err(format!("cannot overwrite directory \"{target}\" with non-directory \"{from}\""));
    }
    // The daemon streams a tar of the source while the CLI unpacks it; here the whole
    // source is read first (a snapshot), so a destination inside the source (a folder
    // bind-mounted into the container) cannot feed the copy forever.
    let mut bytes = 1024;
    if src_is_dir {
        let entries = world.fs_snapshot(sloc, from).map_err(|e| format!("lstat {from}: {}", e.strerror()))?;
        bytes += 512;
        for (_, data) in &entries {
            bytes += match data {
                None => 512,
                Some(d) => 512 + (d.len() as u64).div_ceil(512) * 512,
            };
        }
        world.fs_write_snapshot(dloc, &target, &entries).map_err(|(rel, dir, e)| {
            let path = if rel.is_empty() { target.clone() } else { format!("{target}/{rel}") };
            format!("{} {path}: {}", if dir { "mkdir" } else { "open" }, e.strerror())
        })?;
    } else {
        let data = world.fs_read(sloc, from).map_err(|e| format!("open {from}: {}", e.strerror()))?;
        bytes += 512 + (data.len() as u64).div_ceil(512) * 512;
        world.fs_write(dloc, &target, &data, false).map_err(|e| format!("open {target}: {}", e.strerror()))?;
    }
    Ok(bytes)
}

/// go-units `HumanSizeWithPrecision(n, 3)`: `2.56kB`, `1.05MB`.
fn size(n: u64) -> String {
    super::templates::formatter::human_size_precision(n, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_docker_cli() {
        assert_eq!(split_arg("web:/etc/hosts"), (Some("web"), "/etc/hosts"));
        assert_eq!(split_arg("./a:b"), (None, "./a:b"));
        assert_eq!(split_arg("/tmp/x"), (None, "/tmp/x"));
        assert_eq!(split_arg("notes.txt"), (None, "notes.txt"));
    }

    #[test]
    fn sizes_have_three_significant_digits() {
        assert_eq!(size(2560), "2.56kB");
        assert_eq!(size(3584), "3.58kB");
        assert_eq!(size(1536), "1.54kB");
        assert_eq!(size(999), "999B");
    }

    #[test]
    fn local_destinations_print_as_the_cli_resolves_them() {
        assert_eq!(local_shown("/home/alumno/proyecto", "."), "/home/alumno/proyecto/.");
        assert_eq!(local_shown("/home/alumno/proyecto", "conf/"), "/home/alumno/proyecto/conf/");
        assert_eq!(local_shown("/home/alumno/proyecto", "a.txt"), "/home/alumno/proyecto/a.txt");
    }
}
