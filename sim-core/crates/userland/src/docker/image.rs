//! The image commands: `docker images` (`image ls`), `rmi` (`image rm`),
//! `tag`, `image prune` and `history`, as docker/cli v28.2.2 prints them
//! (`cli/command/image/{list,remove,tag,prune,history}.go`). What they do
//! to the local store follows moby's classic image service (see [`store`]).

mod history;
mod list;
pub(super) use crate::world::image_store as store;

use super::args::{b, v, Parsed};
use super::filters::{bad_filter_flag, Filters};
use super::templates::{human_size, LIST_FORMAT_HELP};
use super::{confirm, daemon_error, done, Cmd};
use crate::process::{Cx, Job};
use store::Record;

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "images",
        aliases: &["image ls", "image list"],
        usage: list::USAGE,
        short: "List images",
        flags: &[
            b("all", Some('a'), "Show all images (default hides intermediate images)"),
            b("digests", None, "Show digests"),
            v("filter", Some('f'), "filter", "Filter output based on conditions provided"),
            v("format", None, "string", LIST_FORMAT_HELP),
            b("no-trunc", None, "Don't truncate output"),
            b("quiet", Some('q'), "Only show image IDs"),
            b("tree", None, "List multi-platform images as a tree (EXPERIMENTAL)"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(1),
        run: list::images,
    },
    Cmd {
        path: "rmi",
        aliases: &["image rm", "image remove"],
        usage: "rmi [OPTIONS] IMAGE [IMAGE...]",
        short: "Remove one or more images",
        flags: &[
            b("force", Some('f'), "Force removal of the image"),
            b("no-prune", None, "Do not delete untagged parents"),
            v(
                "platform",
                None,
                "strings",
                "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
            ),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: rmi,
    },
    Cmd {
        path: "tag",
        aliases: &["image tag"],
        usage: "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
        short: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        flags: &[],
        stop_at_first_arg: true,
        min_args: 2,
        max_args: Some(2),
        run: tag,
    },
    Cmd {
        path: "image prune",
        aliases: &[],
        usage: PRUNE_USAGE,
        short: "Remove unused images",
        flags: &[
            b("all", Some('a'), "Remove all unused images, not just dangling ones"),
            v("filter", None, "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
            b("force", Some('f'), "Do not prompt for confirmation"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: prune,
    },
    Cmd {
        path: "history",
        aliases: &["image history"],
        usage: "history [OPTIONS] IMAGE",
        short: "Show the history of an image",
        flags: &[
            v("format", None, "string", LIST_FORMAT_HELP),
            flag_human(),
            b("no-trunc", None, "Don't truncate output"),
            v(
                "platform",
                None,
                "string",
                "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
            ),
            b("quiet", Some('q'), "Only show image IDs"),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: Some(1),
        run: history::history,
    },
];

const PRUNE_USAGE: &str = "image prune [OPTIONS]";

const fn flag_human() -> super::args::FlagSpec {
    b("human", Some('H'), "Print sizes and dates in human readable format (default true)")
}

fn print_records(cx: &mut Cx<'_>, records: &[Record]) {
    for r in records {
        match r {
            Record::Untagged(x) => cx.io.outln(&format!("Untagged: {x}")),
            Record::Deleted(x) => cx.io.outln(&format!("Deleted: {x}")),
        }
    }
}

/// `docker rmi`: each image in turn; errors are gathered and printed at the
/// end. With `-f`, images that do not exist are reported but do not fail.
fn rmi(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    store::collect_garbage(cx.world);
    let force = p.has("force");
    let mut errors: Vec<String> = Vec::new();
    let mut fatal = false;
    for reference in &p.args {
        match store::remove(cx.world, reference, force) {
            Ok((records, _)) => {
                print_records(cx, &records);
            }
            Err(message) => {
                fatal |= !matches!(message, store::ImageError::NotFound { .. });
                errors.push(format!("Error response from daemon: {message}"));
            }
        }
    }
    if errors.is_empty() {
        return done(0);
    }
    cx.io.errln(&errors.join("\n"));
    done(if !force || fatal { 1 } else { 0 })
}

/// `docker tag SOURCE TARGET`: the client checks both references, the daemon finds the source.
fn tag(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let (source, target) = (&p.args[0], &p.args[1]);
    let source_is_id = source.strip_prefix("sha256:").unwrap_or(source).chars().all(|c| c.is_ascii_hexdigit());
    if !source_is_id {
        if let Err(e) = crate::world::image::parse_reference(source) {
            cx.io.errln(&format!("Error parsing reference: {source:?} is not a valid repository/tag: {e}"));
            return done(1);
        }
    }
    let parsed = match crate::world::image::parse_reference(target) {
        Ok(r) => r,
        Err(e) => {
            cx.io.errln(&format!("Error parsing reference: {target:?} is not a valid repository/tag: {e}"));
            return done(1);
        }
    };
    if target.contains('@') {
        cx.io.errln("refusing to create a tag with a digest reference");
        return done(1);
    }
    store::collect_garbage(cx.world);
    let key = match store::lookup(cx.world, source) {
        Ok(i) => i,
        Err(e) => return daemon_error(cx, &e.to_string()),
    };
    store::tag(cx.world, key, &parsed);
    done(0)
}

/// Removes dangling images (all unused ones with `all`). Returns what `image prune` prints
/// before the total (`Deleted Images:`, untagged/deleted lines, a blank line) and the bytes freed.
pub(crate) fn prune_unused(world: &mut crate::world::World, all: bool) -> (String, u64) {
    store::collect_garbage(world);
    let (records, freed) = store::prune(world, all);
    let mut text = String::new();
    if !records.is_empty() {
        text.push_str("Deleted Images:\n");
        for r in &records {
            match r {
                Record::Untagged(x) => text.push_str(&format!("untagged: {x}\n")),
                Record::Deleted(x) => text.push_str(&format!("deleted: {x}\n")),
            }
        }
        text.push('\n');
    }
    (text, freed)
}

/// `docker image prune [-a] [-f]`: the warning and question, then what went and the space freed.
fn prune(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => return done(bad_filter_flag(cx, "--filter", &bad, "image prune", PRUNE_USAGE)),
    };
    if let Err(e) = filters.validate(&["dangling", "label", "label!", "until"]) {
        return daemon_error(cx, &e);
    }
    let all = p.has("all");
    let warning = if all {
        "WARNING! This will remove all images without at least one container associated to them."
    } else {
        "WARNING! This will remove all dangling images."
    };
    confirm(
        cx,
        warning,
        p.has("force"),
        Box::new(move |cx: &mut Cx<'_>| {
            let (text, freed) = prune_unused(cx.world, all);
            cx.io.out(&text);
            cx.io.outln(&format!("Total reclaimed space: {}", human_size(freed)));
            0
        }),
    )
}
