//! `docker inspect`, `docker container inspect` and `docker image inspect`:
//! find each object, describe it as the API's JSON document and print them
//! through the CLI's inspect writer (indented JSON, `--format json`, or a Go
//! template per object; not-found errors after the output, exit 1).
//!
//! `docker inspect` without `--type` tries a container, then an image, a
//! network and a volume, and reports `Error: No such object: x` when none
//! matches (docker/cli v28.2.2 `cli/command/system/inspect.go`). Every
//! object comes with its raw JSON there, so templates may also use JSON
//! names (`{{.Id}}`) and nothing is HTML-escaped (the daemon encodes with
//! `SetEscapeHTML(false)`).

mod container;
mod image;
pub(super) use crate::world::stable;

use super::args::{b, v, Parsed};
use super::templates::{self, Value, INSPECT_FORMAT_HELP};
use super::{done, Cmd};
use crate::process::{Cx, Job};
use crate::world::{ContainerError, ImageError, NetworkError, VolumeError, World};

pub use container::container_value;
pub use image::image_value;

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "inspect",
        aliases: &[],
        usage: "inspect [OPTIONS] NAME|ID [NAME|ID...]",
        short: "Return low-level information on Docker objects",
        flags: &[
            v("format", Some('f'), "string", INSPECT_FORMAT_HELP),
            b("size", Some('s'), "Display total file sizes if the type is container"),
            v("type", None, "string", "Only inspect objects of the given type"),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: inspect,
    },
    Cmd {
        path: "container inspect",
        aliases: &[],
        usage: "container inspect [OPTIONS] CONTAINER [CONTAINER...]",
        short: "Display detailed information on one or more containers",
        flags: &[v("format", Some('f'), "string", INSPECT_FORMAT_HELP), b("size", Some('s'), "Display total file sizes")],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: container_inspect,
    },
    Cmd {
        path: "image inspect",
        aliases: &[],
        usage: "image inspect [OPTIONS] IMAGE [IMAGE...]",
        short: "Display detailed information on one or more images",
        flags: &[
            v("format", Some('f'), "string", INSPECT_FORMAT_HELP),
            v(
                "platform",
                None,
                "string",
                "Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)",
            ),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: image_inspect,
    },
];

/// Object types `--type` accepts, in docker's order.
const TYPES: &[&str] =
    &["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

/// Why a lookup of one type found nothing.
enum Miss {
    /// Not there: `docker inspect` without `--type` goes on to the next type.
    NotFound(String),
    /// Any other error ends the search.
    Fatal(String),
}

fn daemon(message: impl std::fmt::Display) -> String {
    format!("Error response from daemon: {message}")
}

fn find_container(world: &World, reference: &str, with_size: bool) -> Result<Value, Miss> {
    let not_found = || ContainerError::NotFound { reference: reference.to_string() };
    match world.lookup_container(reference) {
        Ok(cid) => match world.container(cid) {
            Some(c) => Ok(container_value(world, c, with_size)),
            None => Err(Miss::NotFound(daemon(not_found()))),
        },
        Err(e @ ContainerError::Ambiguous { .. }) => Err(Miss::Fatal(daemon(e))),
        Err(e) => Err(Miss::NotFound(daemon(e))),
    }
}

fn find_image(world: &World, reference: &str) -> Result<Value, Miss> {
    match super::image::store::lookup(world, reference) {
        Ok(key) => match world.images().get(key) {
            Some(img) => Ok(image_value(world, img)),
            None => Err(Miss::NotFound(daemon(ImageError::NotFound { reference: reference.to_string() }))),
        },
        // Not found, and references docker cannot even parse, let the search go on.
        Err(message) => Err(Miss::NotFound(daemon(message))),
    }
}

fn find_network(world: &World, reference: &str) -> Result<Value, Miss> {
    let net = world.find_network(reference).ok().and_then(|k| world.network(k));
    match net {
        Some(net) => Ok(super::network::inspect_value(world, net)),
        None => Err(Miss::NotFound(daemon(NetworkError::NoSuchNetwork { reference: reference.to_string() }))),
    }
}

fn find_volume(world: &World, reference: &str) -> Result<Value, Miss> {
    match world.volumes().get(reference) {
        Some(vol) => Ok(super::volume::inspect_value(vol)),
        None => Err(Miss::NotFound(daemon(VolumeError::NotFound { name: reference.to_string() }))),
    }
}

/// What a type Muelle has no objects of answers (plugins; swarm objects without swarm mode).
fn absent(kind: &str, reference: &str) -> Miss {
    match kind {
        "plugin" => Miss::NotFound(daemon(format!("plugin \"{reference}\" not found"))),
        _ => Miss::NotFound(daemon(
            "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.",
        )),
    }
}

/// Looks `reference` up among the objects of one type.
fn find_of_type(world: &World, kind: &str, reference: &str, with_size: bool) -> Result<Value, Miss> {
    match kind {
        "container" => find_container(world, reference, with_size),
        "image" => find_image(world, reference),
        "network" => find_network(world, reference),
        "volume" => find_volume(world, reference),
        other => Err(absent(other, reference)),
    }
}

fn inspect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let kind = p.get("type");
    if let Some(k) = kind {
        let all = TYPES.join("\", \"");
        if k.is_empty() {
            cx.io.errln(&format!("type is empty: must be one of \"{all}\""));
            return done(1);
        }
        if !TYPES.contains(&k) {
            cx.io.errln(&format!("unknown type: \"{k}\": must be one of \"{all}\""));
            return done(1);
        }
    }
    let with_size = p.has("size");
    let world = &*cx.world;
    let mut warnings = String::new();
    let items: Vec<Result<Value, String>> = p
        .args
        .iter()
        .map(|reference| {
            let kinds: &[&str] = match kind {
                Some(k) => &[k],
                None => &["container", "image", "network", "volume"],
            };
            for k in kinds {
                match find_of_type(world, k, reference, with_size) {
                    Ok(v) => {
                        if with_size && *k != "container" {
                            warnings.push_str(&format!("WARNING: --size ignored for {k}\n"));
                        }
                        return Ok(v);
                    }
                    Err(Miss::NotFound(m)) if kind.is_some() => return Err(m),
                    Err(Miss::Fatal(m)) => return Err(m),
                    Err(Miss::NotFound(_)) => {}
                }
            }
            Err(format!("Error: No such object: {reference}"))
        })
        .collect();
    cx.io.err(&warnings);
    print(cx, p, &items)
}

fn container_inspect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let with_size = p.has("size");
    let world = &*cx.world;
    let items: Vec<Result<Value, String>> = p
        .args
        .iter()
        .map(|r| find_container(world, r, with_size).map_err(|(Miss::NotFound(m) | Miss::Fatal(m))| m))
        .collect();
    print(cx, p, &items)
}

fn image_inspect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let world = &*cx.world;
    let items: Vec<Result<Value, String>> =
        p.args.iter().map(|r| find_image(world, r).map_err(|(Miss::NotFound(m) | Miss::Fatal(m))| m)).collect();
    print(cx, p, &items)
}

fn print(cx: &mut Cx<'_>, p: &Parsed, items: &[Result<Value, String>]) -> Box<dyn Job> {
    let out = templates::inspect(p.get("format").unwrap_or(""), items, true);
    cx.io.out(&out.stdout);
    cx.io.err(&out.stderr);
    done(out.code)
}
