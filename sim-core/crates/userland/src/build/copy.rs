//! COPY and ADD: sources from the build context (globs, directories, minus
//! what `.dockerignore` leaves out), from another stage or image (`--from`),
//! or here-documents (`COPY <<EOF /start.sh`); a missing source fails with
//! BuildKit's "failed to calculate checksum of ref" error.

use super::dockerfile::{self, Instruction};
use super::error::{BuildError, ParseProblem};
use super::{substitute, Builder, Stage};
use crate::process::Cx;
use crate::world::image::Image;
use crate::world::Loc;

/// A random BuildKit session reference (`<uuid>::<25 chars>`), as in "checksum of ref".
fn session_ref(cx: &mut Cx<'_>) -> String {
    let h = cx.world.rng().hex64();
    let g = cx.world.rng().hex64();
    let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789".chars().collect();
    let id: String = g.bytes().take(25).enumerate().map(|(i, b)| alphabet[(b as usize + i * 7) % 36]).collect();
    format!("{}-{}-{}-{}-{}::{id}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// COPY/ADD: sources from the context (or `--from` a stage), here-documents, into the image.
pub(super) fn copy(
    cx: &mut Cx<'_>,
    b: &mut Builder<'_>,
    img: &mut Image,
    ins: &Instruction,
    from: Option<&str>,
    vars: &[(String, String)],
    stages: &[Stage],
) -> Result<(), BuildError> {
    let words: Vec<String> = match dockerfile::exec_form(&ins.args) {
        Some(w) => w,
        None => ins.args.split_whitespace().map(str::to_string).collect(),
    };
    let words: Vec<String> = words.iter().map(|w| substitute(w, vars)).collect();
    if words.len() < 2 {
        return Err(BuildError::Parse {
            line: ins.line,
            why: ParseProblem::NoDestination { keyword: ins.keyword.clone() },
        });
    }
    let dest_raw = words[words.len() - 1].clone();
    let workdir = if img.config.workdir.is_empty() { "/".to_string() } else { img.config.workdir.clone() };
    let dest = crate::fs::normalize(&workdir, &dest_raw);
    let to_dir = dest_raw.ends_with('/') || words.len() > 2;
    let put = |img: &mut Image, name: &str, data: Vec<u8>| {
        let target = if to_dir || img.fs.is_dir(&dest) {
            format!("{}/{name}", dest.trim_end_matches('/'))
        } else {
            dest.clone()
        };
        img.fs.put(&target, data);
    };
    // Here-documents: `COPY <<EOF /start.sh`.
    let mut srcs: Vec<&String> = Vec::new();
    for w in &words[..words.len() - 1] {
        if let Some(name) = w.strip_prefix("<<") {
            let name = name.trim_start_matches('-').trim_matches(|c| c == '"' || c == '\'');
            if let Some(h) = ins.heredocs.iter().find(|h| h.name == name) {
                let content = if h.expand { substitute(&h.content, vars) } else { h.content.clone() };
                put(img, name, content.into_bytes());
            }
            continue;
        }
        srcs.push(w);
    }
    if srcs.is_empty() {
        return Ok(());
    }
    // From another stage or image.
    if let Some(from) = from {
        let lower = from.to_ascii_lowercase();
        let idx = stages.iter().position(|s| s.name.as_deref() == Some(lower.as_str())).or_else(|| from.parse().ok());
        let source = match idx.and_then(|i| b.built.get(i).cloned().flatten()) {
            Some(i) => i,
            None => super::base_image(cx, from)?,
        };
        for src in srcs {
            let path = crate::fs::normalize("/", src);
            match source.fs.get(&path) {
                None => return Err(BuildError::SourceNotFound { session: session_ref(cx), path }),
                Some(crate::fs::Node::Dir) => {
                    let _ = img.fs.mkdir_p(&dest);
                    img.fs.copy_tree_from(&source.fs, &path, &dest);
                }
                Some(crate::fs::Node::File(data)) => put(img, crate::fs::basename(&path), data.clone()),
            }
        }
        return Ok(());
    }
    // From the build context.
    let context = b.req.context.clone();
    if !b.context_loaded {
        b.context_loaded = true;
        let size: u64 = cx
            .world
            .host_fs()
            .subtree_paths(&context)
            .iter()
            .filter(|p| !b.ignore.excluded(p.strip_prefix(&context).unwrap_or(p)))
            .filter_map(|p| cx.world.host_fs().read(p).ok().map(|d| d.len() as u64))
            .sum();
        let internal = b.internal();
        b.progress.push(format!(" => {internal} load build context"));
        b.progress.push(format!(" => => transferring context: {}B", size.max(2)));
    }
    for src in srcs {
        let rel = crate::fs::normalize("/", src);
        let matches: Vec<String> = if crate::wildcard::has_wildcards(&rel) {
            let parent = crate::fs::normalize(
                &context,
                rel.rsplit_once('/').map_or("/", |(d, _)| if d.is_empty() { "/" } else { d }).trim_start_matches('/'),
            );
            let pattern = crate::fs::basename(&rel).to_string();
            cx.world
                .host_fs()
                .list(&parent)
                .unwrap_or_default()
                .into_iter()
                .filter(|(n, _)| crate::wildcard::matches(&pattern, n, crate::wildcard::Dialect::GoPath))
                .map(|(n, _)| format!("{}/{n}", parent.trim_end_matches('/')))
                .collect()
        } else {
            vec![crate::fs::normalize(&context, rel.trim_start_matches('/'))]
        };
        let visible: Vec<String> = matches
            .into_iter()
            .filter(|p| {
                let r = p.strip_prefix(&context).unwrap_or(p).trim_start_matches('/');
                r.is_empty() || !b.ignore.excluded(r)
            })
            .filter(|p| cx.world.fs_node(Loc::Host, p).is_some())
            .collect();
        if visible.is_empty() {
            return Err(BuildError::SourceNotFound { session: session_ref(cx), path: rel.to_string() });
        }
        for path in visible {
            match cx.world.fs_node(Loc::Host, &path) {
                Some(crate::fs::Node::Dir) => {
                    let _ = img.fs.mkdir_p(&dest);
                    for p in cx.world.host_fs().subtree_paths(&path) {
                        let r = p.strip_prefix(&context).unwrap_or(&p).trim_start_matches('/');
                        if !r.is_empty() && b.ignore.excluded(r) {
                            continue;
                        }
                        let below = p.strip_prefix(&path).unwrap_or("").trim_start_matches('/');
                        let target = if below.is_empty() {
                            dest.clone()
                        } else {
                            format!("{}/{below}", dest.trim_end_matches('/'))
                        };
                        match cx.world.host_fs().get(&p) {
                            Some(crate::fs::Node::Dir) => {
                                let _ = img.fs.mkdir_p(&target);
                            }
                            Some(crate::fs::Node::File(d)) => img.fs.put(&target, d.clone()),
                            _ => {}
                        }
                    }
                }
                Some(crate::fs::Node::File(data)) => put(img, crate::fs::basename(&path), data),
                _ => {}
            }
        }
    }
    Ok(())
}
