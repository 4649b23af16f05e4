//! `docker volume create|ls|inspect|rm|prune`, as Engine 28 prints them.
//! Volumes live in the world (`World::volumes`), each with its own file
//! tree shared by every container that mounts it; these commands only
//! name, list, describe and delete them. Errors follow moby's volume store
//! (`get x: no such volume`, `remove x: volume is in use - [ids]`) and the
//! local driver's checks of names and `-o` options.

use super::args::{b, v, FlagSpec, Parsed};
use super::filters::{bad_filter_flag, Filters};
use super::templates::{self, natural_cmp, ListFormat, Struct, Value, INSPECT_FORMAT_HELP, LIST_FORMAT_HELP};
use super::{daemon_error, done, Cmd};
use crate::process::{Cx, Job};
use crate::time::DateTime;
use crate::world::volume::{Volume, VolumeError};
use crate::world::World;

const CREATE_FLAGS: &[FlagSpec] = &[
    v("driver", Some('d'), "string", "Specify volume driver name (default \"local\")"),
    v("label", None, "list", "Set metadata for a volume"),
    v("opt", Some('o'), "map", "Set driver specific options (default map[])"),
    // Hidden: `--name`, and the cluster-volume flags docker hides without swarm mode.
    v("name", None, "string", ""),
    v("availability", None, "string", ""),
    v("group", None, "string", ""),
    v("limit-bytes", None, "bytes", ""),
    v("required-bytes", None, "bytes", ""),
    v("scope", None, "string", ""),
    v("secret", None, "map", ""),
    v("sharing", None, "string", ""),
    v("topology-preferred", None, "list", ""),
    v("topology-required", None, "list", ""),
    v("type", None, "string", ""),
];

const CLUSTER_FLAGS: &[&str] = &[
    "availability",
    "group",
    "limit-bytes",
    "required-bytes",
    "scope",
    "secret",
    "sharing",
    "topology-preferred",
    "topology-required",
    "type",
];

const LS_USAGE: &str = "volume ls [OPTIONS]";
const PRUNE_USAGE: &str = "volume prune [OPTIONS]";

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "volume create",
        aliases: &[],
        usage: "volume create [OPTIONS] [VOLUME]",
        short: "Create a volume",
        flags: CREATE_FLAGS,
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(1),
        run: create,
    },
    Cmd {
        path: "volume inspect",
        aliases: &[],
        usage: "volume inspect [OPTIONS] VOLUME [VOLUME...]",
        short: "Display detailed information on one or more volumes",
        flags: &[v("format", Some('f'), "string", INSPECT_FORMAT_HELP)],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: inspect,
    },
    Cmd {
        path: "volume ls",
        aliases: &["volume list"],
        usage: LS_USAGE,
        short: "List volumes",
        flags: &[
            b("cluster", None, ""),
            v("filter", Some('f'), "filter", "Provide filter values (e.g. \"dangling=true\")"),
            v("format", None, "string", LIST_FORMAT_HELP),
            b("quiet", Some('q'), "Only display volume names"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: ls,
    },
    Cmd {
        path: "volume prune",
        aliases: &[],
        usage: PRUNE_USAGE,
        short: "Remove unused local volumes",
        flags: &[
            b("all", Some('a'), "Remove all unused volumes, not just anonymous ones"),
            v("filter", None, "filter", "Provide filter values (e.g. \"label=<label>\")"),
            b("force", Some('f'), "Do not prompt for confirmation"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: prune,
    },
    Cmd {
        path: "volume rm",
        aliases: &["volume remove"],
        usage: "volume rm [OPTIONS] VOLUME [VOLUME...]",
        short: "Remove one or more volumes",
        flags: &[b("force", Some('f'), "Force the removal of one or more volumes")],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: rm,
    },
];

/// `k=v` flags (`--label`, `-o`) as a sorted map; a bare `k` maps to `""`.
fn key_values(p: &Parsed, flag: &str) -> Vec<(String, String)> {
    let mut map = std::collections::BTreeMap::new();
    for item in p.all(flag) {
        let (k, v) = item.split_once('=').unwrap_or((item.as_str(), ""));
        map.insert(k.to_string(), v.to_string());
    }
    map.into_iter().collect()
}

fn create(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let mut name = p.get("name").unwrap_or("").to_string();
    if let Some(arg) = p.args.first() {
        if !name.is_empty() {
            cx.io
                .errln("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
            return done(1);
        }
        name = arg.clone();
    }
    if CLUSTER_FLAGS.iter().any(|f| p.get(f).is_some()) {
        return daemon_error(
            cx,
            "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.",
        );
    }
    let driver = p.get("driver").filter(|d| !d.is_empty()).unwrap_or("local").to_string();
    let opts = key_values(p, "opt");
    let labels = key_values(p, "label");
    if name.is_empty() {
        name = cx.world.rng().hex64();
    }
    let mut vol = Volume::new(name.clone(), cx.world.now());
    vol.driver = driver;
    vol.options = opts;
    vol.labels = labels;
    vol.explicit = true;
    if let Err(e) = cx.world.volume_create(vol) {
        return daemon_error(cx, &e.to_string());
    }
    cx.io.outln(&name);
    done(0)
}

/// Labels or options as inspect shows them: `null` for a volume the daemon made on its own
/// with none, `{}` for one made by `volume create`.
fn pairs_value(pairs: &[(String, String)], explicit: bool) -> Value {
    if pairs.is_empty() && !explicit {
        Value::Map(None)
    } else {
        Value::string_map(pairs.iter().map(|(k, v)| (k, v)))
    }
}

/// `volume.Volume` as the API returns it (for `docker inspect` too).
pub(super) fn inspect_value(vol: &Volume) -> Value {
    Struct::new("volume.Volume")
        .omitempty("ClusterVolume", Value::Nil)
        .omitempty("CreatedAt", Value::str(DateTime::at(vol.created).rfc3339_secs()))
        .field("Driver", Value::str(&vol.driver))
        .field("Labels", pairs_value(&vol.labels, vol.explicit))
        .field("Mountpoint", Value::str(vol.mountpoint()))
        .field("Name", Value::str(&vol.name))
        .field("Options", pairs_value(&vol.options, vol.explicit))
        .field("Scope", Value::str("local"))
        .omitempty("Status", Value::Map(None))
        .omitempty("UsageData", Value::Nil)
        .into_value()
}

fn inspect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let items: Vec<Result<Value, String>> =
        p.args
            .iter()
            .map(|name| {
                cx.world.volumes().get(name).map(inspect_value).ok_or_else(|| {
                    format!("Error response from daemon: {}", VolumeError::NotFound { name: name.clone() })
                })
            })
            .collect();
    let out = templates::inspect(p.get("format").unwrap_or(""), &items, false);
    cx.io.out(&out.stdout);
    cx.io.err(&out.stderr);
    done(out.code)
}

const LIST_FORMAT: ListFormat<'static> = ListFormat {
    table: "table {{.Driver}}\t{{.Name}}",
    quiet: "{{.Name}}",
    raw: "name: {{.Name}}\\ndriver: {{.Driver}}\\n",
    raw_quiet: "name: {{.Name}}",
    header: &[
        ("ID", "ID"),
        ("Name", "VOLUME NAME"),
        ("Group", "GROUP"),
        ("Driver", "DRIVER"),
        ("Scope", "SCOPE"),
        ("Availability", "AVAILABILITY"),
        ("Mountpoint", "MOUNTPOINT"),
        ("Labels", "LABELS"),
        ("Links", "LINKS"),
        ("Size", "SIZE"),
        ("Status", "STATUS"),
    ],
};

/// docker/cli's `volumeContext`: one `ls` row (fields in the order `{{json .}}` sorts them).
fn list_row(vol: &Volume) -> Value {
    let labels: Vec<String> = vol.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Struct::new("*formatter.volumeContext")
        .field("Availability", Value::str("N/A"))
        .field("Driver", Value::str(&vol.driver))
        .field("Group", Value::str("N/A"))
        .field("Label", Value::LabelMethod(vol.labels.clone()))
        .field("Labels", Value::str(labels.join(",")))
        .field("Links", Value::str("N/A"))
        .field("Mountpoint", Value::str(vol.mountpoint()))
        .field("Name", Value::str(&vol.name))
        .field("Scope", Value::str("local"))
        .field("Size", Value::str("N/A"))
        .field("Status", Value::str("N/A"))
        .into_value()
}

/// moby's `filtersToBy` for `volume ls`.
fn filter_volumes<'w>(world: &'w World, f: &Filters) -> Result<Vec<&'w Volume>, String> {
    f.validate(&["dangling", "driver", "label", "name"])?;
    let dangling = if f.contains("dangling") { Some(f.bool_or_default("dangling", false)?) } else { None };
    Ok(world
        .volumes()
        .values()
        .filter(|v| f.exact_match("driver", &v.driver))
        .filter(|v| f.regex_match("name", &v.name))
        .filter(|v| f.match_kv_list("label", &v.labels))
        .filter(|v| dangling.is_none_or(|d| world.volume_users(&v.name).is_empty() == d))
        .collect())
}

fn ls(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => return done(bad_filter_flag(cx, "-f, --filter", &bad, "volume ls", LS_USAGE)),
    };
    let mut list = match filter_volumes(cx.world, &filters) {
        Ok(l) => l,
        Err(e) => return daemon_error(cx, &e),
    };
    if p.has("cluster") {
        list.clear();
    }
    crate::sort::sort_by(&mut list, |a, b| natural_cmp(&a.name, &b.name));
    let rows: Vec<Value> = list.iter().map(|v| list_row(v)).collect();
    match templates::write_list(&LIST_FORMAT, p.get("format").unwrap_or(""), p.has("quiet"), &rows) {
        Ok(text) => {
            cx.io.out(&text);
            done(0)
        }
        Err(e) => {
            cx.io.errln(&e);
            done(1)
        }
    }
}

/// Removes a volume nobody uses, or says why not (moby's `VolumesService.Remove`).
fn remove(world: &mut World, name: &str, force: bool) -> Result<(), String> {
    match world.remove_volume(name) {
        Err(VolumeError::NotFound { .. }) if force => Ok(()),
        result => result.map_err(|e| e.to_string()),
    }
}

fn rm(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let mut errors = Vec::new();
    for name in &p.args {
        match remove(cx.world, name, p.has("force")) {
            Ok(()) => cx.io.outln(name),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    if errors.is_empty() {
        return done(0);
    }
    cx.io.errln(&errors.join("\n"));
    done(1)
}

/// Removes local volumes no container uses — anonymous ones, or all with `all` — that
/// `filters` select. Returns what `volume prune` prints before the total, and the bytes freed.
pub(crate) fn prune_unused(world: &mut World, all: bool, filters: &Filters) -> (String, u64) {
    let mut unused: Vec<String> = world
        .volumes()
        .values()
        .filter(|v| v.driver == "local" && world.volume_users(&v.name).is_empty())
        .filter(|v| all || v.labels.iter().any(|(k, _)| k == "com.docker.volume.anonymous"))
        .filter(|v| filters.match_kv_list("label", &v.labels))
        .filter(|v| !filters.contains("label!") || !filters.match_kv_list("label!", &v.labels))
        .map(|v| v.name.clone())
        .collect();
    crate::sort::sort_by(&mut unused, |a, b| natural_cmp(a, b));
    let mut reclaimed = 0u64;
    let mut deleted = Vec::new();
    for name in unused {
        let size = world.volumes().get(&name).map(|v| v.fs.size_below("/")).unwrap_or(0);
        if remove(world, &name, false).is_ok() {
            reclaimed += size;
            deleted.push(name);
        }
    }
    let mut out = String::new();
    if !deleted.is_empty() {
        out.push_str(&format!("Deleted Volumes:\n{}\n\n", deleted.join("\n")));
    }
    (out, reclaimed)
}

fn prune(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => return done(bad_filter_flag(cx, "--filter", &bad, "volume prune", PRUNE_USAGE)),
    };
    let all = p.has("all");
    if all && filters.contains("all") {
        cx.io.errln("conflicting options: cannot specify both --all and --filter all=1");
        return done(1);
    }
    let warning = if all {
        "WARNING! This will remove all local volumes not used by at least one container."
    } else {
        "WARNING! This will remove anonymous local volumes not used by at least one container."
    };
    super::confirm(
        cx,
        warning,
        p.has("force"),
        Box::new(move |cx: &mut Cx<'_>| {
            if let Err(e) = filters.validate(&["label", "label!", "all"]) {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                return 1;
            }
            let all = all || filters.bool_or_default("all", false).unwrap_or(false);
            let (mut out, reclaimed) = prune_unused(cx.world, all, &filters);
            out.push_str(&format!("Total reclaimed space: {}\n", templates::human_size(reclaimed)));
            cx.io.out(&out);
            0
        }),
    )
}
