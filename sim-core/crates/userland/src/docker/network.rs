//! `docker network create|ls|inspect|connect|disconnect|rm|prune`, as
//! Engine 28 prints them. The CLI's own checks (`--gateway` without a
//! matching `--subnet`, bad `-f` values) and the daemon's (predefined names,
//! IPAM validation, endpoint settings, who is connected where) run here in
//! the daemon's order, so the first error a student sees is the one real
//! Docker shows; the world then does the change. Inspect and list output go
//! through [`super::templates`], so `--format` behaves as docker's does.

mod validate;
/// Also what `docker inspect NETWORK` shows.
pub(super) mod view;

use super::args::{b, v, FlagSpec, Parsed};
use super::filters::{bad_filter_flag, Filters};
use super::templates::{self, natural_cmp, Value, INSPECT_FORMAT_HELP, LIST_FORMAT_HELP};
use super::{daemon_error, done, Cmd};
use crate::process::{Cx, Job};
use crate::world::network::{Driver, Network};
use crate::world::{NetId, NetworkError, World};
use std::net::Ipv4Addr;
use validate::{check_ipam_flags, parse_cidr, validate_ipam};
/// `network.Inspect` of one network, for `docker inspect` too.
pub(super) use view::inspect_value;
use view::{containers_of, list_row, LIST_FORMAT};

const CREATE_FLAGS: &[FlagSpec] = &[
    b("attachable", None, "Enable manual container attachment"),
    v("aux-address", None, "map", "Auxiliary IPv4 or IPv6 addresses used by Network driver (default map[])"),
    v("config-from", None, "string", "The network from which to copy the configuration"),
    b("config-only", None, "Create a configuration only network"),
    v("driver", Some('d'), "string", "Driver to manage the Network (default \"bridge\")"),
    v("gateway", None, "strings", "IPv4 or IPv6 Gateway for the master subnet"),
    b("ingress", None, "Create swarm routing-mesh network"),
    b("internal", None, "Restrict external access to the network"),
    v("ip-range", None, "strings", "Allocate container ip from a sub-range"),
    v("ipam-driver", None, "string", "IP Address Management Driver (default \"default\")"),
    v("ipam-opt", None, "map", "Set IPAM driver specific options (default map[])"),
    b("ipv4", None, "Enable or disable IPv4 address assignment (default true)"),
    b("ipv6", None, "Enable or disable IPv6 address assignment"),
    v("label", None, "list", "Set metadata on a network"),
    v("opt", Some('o'), "map", "Set driver specific options (default map[])"),
    v("scope", None, "string", "Control the network's scope"),
    v("subnet", None, "strings", "Subnet in CIDR format that represents a network segment"),
];

const CONNECT_FLAGS: &[FlagSpec] = &[
    v("alias", None, "strings", "Add network-scoped alias for the container"),
    v("driver-opt", None, "strings", "driver options for the network"),
    v(
        "gw-priority",
        None,
        "int",
        "Highest gw-priority provides the default gateway. Accepts positive and negative values.",
    ),
    v("ip", None, "string", "IPv4 address (e.g., \"172.30.100.104\")"),
    v("ip6", None, "string", "IPv6 address (e.g., \"2001:db8::33\")"),
    v("link", None, "list", "Add link to another container"),
    v("link-local-ip", None, "strings", "Add a link-local address for the container"),
];

const LS_USAGE: &str = "network ls [OPTIONS]";

pub const COMMANDS: &[Cmd] = &[
    Cmd {
        path: "network connect",
        aliases: &[],
        usage: "network connect [OPTIONS] NETWORK CONTAINER",
        short: "Connect a container to a network",
        flags: CONNECT_FLAGS,
        stop_at_first_arg: false,
        min_args: 2,
        max_args: Some(2),
        run: connect,
    },
    Cmd {
        path: "network create",
        aliases: &[],
        usage: "network create [OPTIONS] NETWORK",
        short: "Create a network",
        flags: CREATE_FLAGS,
        stop_at_first_arg: false,
        min_args: 1,
        max_args: Some(1),
        run: create,
    },
    Cmd {
        path: "network disconnect",
        aliases: &[],
        usage: "network disconnect [OPTIONS] NETWORK CONTAINER",
        short: "Disconnect a container from a network",
        flags: &[b("force", Some('f'), "Force the container to disconnect from a network")],
        stop_at_first_arg: false,
        min_args: 2,
        max_args: Some(2),
        run: disconnect,
    },
    Cmd {
        path: "network inspect",
        aliases: &[],
        usage: "network inspect [OPTIONS] NETWORK [NETWORK...]",
        short: "Display detailed information on one or more networks",
        flags: &[
            v("format", Some('f'), "string", INSPECT_FORMAT_HELP),
            b("verbose", Some('v'), "Verbose output for diagnostics"),
        ],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: inspect,
    },
    Cmd {
        path: "network ls",
        aliases: &["network list"],
        usage: LS_USAGE,
        short: "List networks",
        flags: &[
            v("filter", Some('f'), "filter", "Provide filter values (e.g. \"driver=bridge\")"),
            v("format", None, "string", LIST_FORMAT_HELP),
            b("no-trunc", None, "Do not truncate the output"),
            b("quiet", Some('q'), "Only display network IDs"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: ls,
    },
    Cmd {
        path: "network prune",
        aliases: &[],
        usage: "network prune [OPTIONS]",
        short: "Remove all unused networks",
        flags: &[
            v("filter", None, "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
            b("force", Some('f'), "Do not prompt for confirmation"),
        ],
        stop_at_first_arg: false,
        min_args: 0,
        max_args: Some(0),
        run: prune,
    },
    Cmd {
        path: "network rm",
        aliases: &["network remove"],
        usage: "network rm NETWORK [NETWORK...]",
        short: "Remove one or more networks",
        flags: &[b("force", Some('f'), "Do not error if the network does not exist")],
        stop_at_first_arg: false,
        min_args: 1,
        max_args: None,
        run: rm,
    },
];

// ----- lookups ---------------------------------------------------------------

/// `NETWORK` names docker treats as its own: creating one is refused.
fn is_predefined_name(name: &str) -> bool {
    matches!(name, "bridge" | "host" | "none" | "default")
}

/// `--subnet a,b --subnet c`: pflag's string slices split on commas.
fn string_slice(p: &Parsed, flag: &str) -> Vec<String> {
    p.all(flag).iter().flat_map(|v| v.split(',').map(|s| s.trim().to_string())).filter(|s| !s.is_empty()).collect()
}

/// `k=v` flags (`--label`, `-o`) as a sorted map; a bare `k` maps to `""`.
fn key_values(p: &Parsed, flag: &str) -> Vec<(String, String)> {
    let mut map = std::collections::BTreeMap::new();
    for item in p.all(flag) {
        let (k, v) = item.split_once('=').unwrap_or((item.as_str(), ""));
        map.insert(k.to_string(), v.to_string());
    }
    map.into_iter().collect()
}

// ----- create ----------------------------------------------------------------

fn create(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let name = p.args.first().cloned().unwrap_or_default();
    let subnets = string_slice(p, "subnet");
    let gateways = string_slice(p, "gateway");
    let ranges = string_slice(p, "ip-range");
    if let Err(e) = check_ipam_flags(&subnets, &ranges, &gateways) {
        cx.io.errln(&e);
        return done(1);
    }
    let driver = p.get("driver").unwrap_or("bridge").to_string();
    if is_predefined_name(&name) {
        return daemon_error(cx, &NetworkError::CreatePredefined { name }.to_string());
    }
    let swarm_only = driver == "overlay" || p.has("ingress") || p.get("scope") == Some("swarm");
    if swarm_only {
        return daemon_error(cx, &NetworkError::NotSwarmManager.to_string());
    }
    let ipv6 = p.has("ipv6");
    if let Err(e) = validate_ipam(&subnets, ipv6) {
        return daemon_error(cx, &e.to_string());
    }
    if name.trim().is_empty() {
        return daemon_error(cx, &NetworkError::EmptyName.to_string());
    }
    if cx.world.network_by_name(&name).is_none() {
        if let Some(ipam) = p.get("ipam-driver").filter(|d| !matches!(*d, "" | "default" | "null")) {
            return daemon_error(cx, &NetworkError::PluginNotFound { driver: ipam.to_string() }.to_string());
        }
        if driver == "bridge" && p.values.get("ipv4").and_then(|v| v.last()).is_some_and(|v| v == "false") && !ipv6 {
            return daemon_error(cx, &NetworkError::NoAddressFamily.to_string());
        }
    }
    let subnet = subnets.iter().filter(|s| !s.contains(':')).find_map(|s| parse_cidr(s).ok());
    let gateway = gateways.iter().filter(|g| !g.contains(':')).find_map(|g| g.parse::<Ipv4Addr>().ok());
    let result = cx.world.create_network(
        &name,
        &driver,
        subnet,
        gateway,
        p.has("internal"),
        p.has("attachable"),
        key_values(p, "label"),
        key_values(p, "opt"),
    );
    match result {
        Ok(key) => {
            cx.world.set_network_ipv6(key, ipv6);
            if let Some(net) = cx.world.network(key) {
                cx.io.outln(&net.id);
            }
            done(0)
        }
        Err(e) => daemon_error(cx, &e.to_string()),
    }
}

// ----- inspect -----------------------------------------------------------------

fn inspect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let items: Vec<Result<Value, String>> = p
        .args
        .iter()
        .map(|name| {
            let key = cx.world.lookup_network(name).map_err(|e| format!("Error response from daemon: {e}"))?;
            let missing = || NetworkError::NoSuchNetwork { reference: name.clone() };
            let net = cx.world.network(key).ok_or_else(|| format!("Error response from daemon: {}", missing()))?;
            Ok(inspect_value(cx.world, net))
        })
        .collect();
    let out = templates::inspect(p.get("format").unwrap_or(""), &items, true);
    cx.io.out(&out.stdout);
    cx.io.err(&out.stderr);
    done(out.code)
}

// ----- ls ------------------------------------------------------------------------

/// moby's `FilterNetworks`.
fn filter_networks<'w>(world: &'w World, f: &Filters) -> Result<Vec<&'w Network>, String> {
    f.validate(&["dangling", "driver", "id", "label", "name", "scope", "type"])?;
    let mut list: Vec<&Network> = world
        .networks()
        .values()
        .filter(|n| f.exact_match("driver", n.driver.as_str()))
        .filter(|n| f.regex_match("name", &n.name))
        .filter(|n| f.regex_match("id", &n.id))
        .filter(|n| f.match_kv_list("label", &n.labels))
        .filter(|_| f.exact_match("scope", "local"))
        .collect();
    let dangling = f.get("dangling");
    if !dangling.is_empty() {
        if dangling.len() > 1 {
            return Err("got more than one value for filter key \"dangling\"".into());
        }
        let only = match dangling[0].as_str() {
            "0" | "false" => false,
            "1" | "true" => true,
            _ => {
                return Err(
                    "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")".into()
                )
            }
        };
        list.retain(|n| {
            let in_use = n.predefined || containers_of(world, n).truthy();
            in_use != only
        });
    }
    if f.contains("type") {
        let mut typed = Vec::new();
        for t in f.get("type") {
            match t.as_str() {
                "builtin" => typed.extend(list.iter().filter(|n| n.predefined)),
                "custom" => typed.extend(list.iter().filter(|n| !n.predefined)),
                other => return Err(format!("invalid filter: 'type'='{other}'")),
            }
        }
        list = typed;
    }
    Ok(list)
}

fn ls(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => return done(bad_filter_flag(cx, "-f, --filter", &bad, "network ls", LS_USAGE)),
    };
    let mut list = match filter_networks(cx.world, &filters) {
        Ok(l) => l,
        Err(e) => return daemon_error(cx, &e),
    };
    crate::sort::sort_by(&mut list, |a, b| natural_cmp(&a.name, &b.name));
    let rows: Vec<Value> = list.iter().map(|n| list_row(n, !p.has("no-trunc"))).collect();
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

// ----- connect / disconnect ----------------------------------------------------------

fn connect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let [net_ref, ctr_ref] = [0, 1].map(|i| p.args.get(i).cloned().unwrap_or_default());
    let Some(cid) = super::container::lookup(cx, &ctr_ref) else { return done(1) };
    let key = match cx.world.lookup_network(&net_ref) {
        Ok(k) => k,
        Err(e) => return daemon_error(cx, &e.to_string()),
    };
    let aliases = string_slice(p, "alias");
    let ip = p.get("ip").filter(|s| !s.is_empty()).map(|s| s.to_string());
    if let Err(e) = cx.world.check_connect(key, cid, ip.as_deref(), &aliases) {
        return daemon_error(cx, &e.to_string());
    }
    let already = cx.world.container(cid).is_some_and(|c| c.networks.iter().any(|a| a.net == key));
    let running = cx.world.container(cid).is_some_and(|c| c.is_running());
    if already && !running {
        return done(0); // the daemon keeps the existing settings
    }
    let ip = ip.and_then(|s| s.parse::<Ipv4Addr>().ok());
    match cx.world.connect(key, cid, aliases, ip) {
        Ok(()) => done(0),
        Err(e) => daemon_error(cx, &e.to_string()),
    }
}

fn disconnect(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let [net_ref, ctr_ref] = [0, 1].map(|i| p.args.get(i).cloned().unwrap_or_default());
    let Some(cid) = super::container::lookup(cx, &ctr_ref) else { return done(1) };
    let found = cx.world.lookup_network(&net_ref);
    let Some(c) = cx.world.container(cid) else { return done(1) };
    let (running, id, host_mode) = (c.is_running(), c.id.clone(), c.host.network_mode == "host");
    let attached: Vec<NetId> = c.networks.iter().map(|a| a.net).collect();
    let key = if !running || (found.is_err() && p.has("force")) {
        // Without a running container there are only settings, kept by network name.
        let name = found.as_ref().ok().and_then(|k| cx.world.network(*k)).map(|n| n.name.clone());
        match found {
            Ok(k) if attached.contains(&k) => k,
            _ => {
                let name = name.unwrap_or(net_ref);
                let e = NetworkError::NotConnected { container_id: id, network: name, running: false };
                return daemon_error(cx, &e.to_string());
            }
        }
    } else {
        let k = match found {
            Ok(k) => k,
            Err(e) => return daemon_error(cx, &e.to_string()),
        };
        let Some(net) = cx.world.network(k) else { return done(1) };
        if host_mode && net.driver == Driver::Host {
            return daemon_error(cx, &NetworkError::DisconnectHostMode.to_string());
        }
        let addressless = matches!(net.driver, Driver::Host | Driver::Null);
        let has_endpoint = net.endpoints().contains_key(&cid) || (addressless && attached.contains(&k));
        if !has_endpoint {
            let e = NetworkError::NotConnected { container_id: id, network: net.name.clone(), running: true };
            return daemon_error(cx, &e.to_string());
        }
        k
    };
    match cx.world.disconnect(key, cid) {
        Ok(()) => done(0),
        Err(e) => daemon_error(cx, &e.to_string()),
    }
}

// ----- rm / prune ----------------------------------------------------------------------

fn rm(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let mut status = 0;
    for name in &p.args {
        let key = match cx.world.lookup_network(name) {
            Ok(k) => k,
            Err(_) if p.has("force") && !cx.world.networks().values().any(|n| n.id.starts_with(name.as_str())) => {
                continue
            }
            Err(e) => {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                status = 1;
                continue;
            }
        };
        match cx.world.remove_network(key) {
            Ok(()) => cx.io.outln(name),
            Err(e) => {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                status = 1;
            }
        }
    }
    done(status)
}

/// Removes custom networks no container uses (and that `filters` select); prints
/// `Deleted Networks:`, the names and a blank line, or nothing.
pub(crate) fn prune_unused(world: &mut crate::world::World, filters: &Filters) -> String {
    let mut unused: Vec<(NetId, String)> = world
        .networks()
        .values()
        .filter(|n| !n.predefined && !containers_of(world, n).truthy())
        .filter(|n| filters.match_kv_list("label", &n.labels))
        .filter(|n| !filters.contains("label!") || !filters.match_kv_list("label!", &n.labels))
        .map(|n| (n.key, n.name.clone()))
        .collect();
    crate::sort::sort_by(&mut unused, |a, b| natural_cmp(&a.1, &b.1));
    let mut deleted = Vec::new();
    for (key, name) in unused {
        if world.remove_network(key).is_ok() {
            deleted.push(name);
        }
    }
    if deleted.is_empty() {
        String::new()
    } else {
        format!("Deleted Networks:\n{}\n\n", deleted.join("\n"))
    }
}

fn prune(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let filters = match Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => return done(bad_filter_flag(cx, "--filter", &bad, "network prune", "network prune [OPTIONS]")),
    };
    super::confirm(
        cx,
        "WARNING! This will remove all custom networks not used by at least one container.",
        p.has("force"),
        Box::new(move |cx: &mut Cx<'_>| {
            if let Err(e) = filters.validate(&["label", "label!", "until"]) {
                cx.io.errln(&format!("Error response from daemon: {e}"));
                return 1;
            }
            let out = prune_unused(cx.world, &filters);
            cx.io.out(&out);
            0
        }),
    )
}
