//! How a network looks from outside: the `network.Inspect` document that
//! `docker network inspect` prints and templates walk, and the row `docker
//! network ls` formats. Built from the world on demand, so they always show
//! the live endpoints (only running containers have one).

use super::super::templates::{ListFormat, Struct, Value};
use crate::time::{DateTime, SimTime};
use crate::world::network::{Driver, Network};
use crate::world::World;

/// A Go `time.Time` at `t` with sub-millisecond digits taken from `salt`: RFC 3339 in JSON,
/// `2025-03-10 10:00:00.123456789 +0000 UTC` when printed.
pub fn go_time(t: SimTime, salt: &str) -> Value {
    let dt = DateTime::at(t);
    let extra = u32::from_str_radix(salt.get(..5).unwrap_or("0"), 16).unwrap_or(0) % 1_000_000;
    let nanos = dt.millis * 1_000_000 + extra;
    let frac = if nanos == 0 { String::new() } else { format!(".{nanos:09}").trim_end_matches('0').to_string() };
    let date = format!("{:04}-{:02}-{:02}", dt.year, dt.month, dt.day);
    let time = format!("{:02}:{:02}:{:02}{frac}", dt.hour, dt.minute, dt.second);
    Value::Time { rfc3339: format!("{date}T{time}Z"), display: format!("{date} {time} +0000 UTC") }
}

/// A stable 64-hex ID derived from two others (endpoints on `host`/`none` carry no stored ID).
fn derived_id(a: &str, b: &str) -> String {
    let mut out = String::with_capacity(64);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0..4u8 {
        for byte in a.bytes().chain([round]).chain(b.bytes()) {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

/// `"Containers"`: the running containers with an endpoint on the network.
pub(super) fn containers_of(world: &World, net: &Network) -> Value {
    let mut entries: Vec<(String, Value)> = Vec::new();
    let prefix = net.subnet.map(|s| s.prefix).unwrap_or(16);
    for (cid, ep) in net.endpoints() {
        let Some(c) = world.container(*cid) else { continue };
        entries.push((c.id.clone(), endpoint_value(&c.name, &ep.endpoint_id, &ep.mac, &format!("{}/{prefix}", ep.ip))));
    }
    // host and none: running containers attached there have an endpoint without addresses.
    if matches!(net.driver, Driver::Host | Driver::Null) {
        for c in world.containers().values().filter(|c| c.is_running() && c.networks.iter().any(|a| a.net == net.key)) {
            entries.push((c.id.clone(), endpoint_value(&c.name, &derived_id(&c.id, &net.id), "", "")));
        }
    }
    Value::map(entries)
}

fn endpoint_value(name: &str, endpoint_id: &str, mac: &str, ipv4: &str) -> Value {
    Struct::new("network.EndpointResource")
        .field("Name", Value::str(name))
        .field("EndpointID", Value::str(endpoint_id))
        .field("MacAddress", Value::str(mac))
        .field("IPv4Address", Value::str(ipv4))
        .field("IPv6Address", Value::str(""))
        .into_value()
}

/// `IPAM` as the daemon builds it: user-given config as given, else what was allocated.
fn ipam_value(net: &Network) -> Value {
    let special = matches!(net.driver, Driver::Host | Driver::Null);
    let config = match net.subnet {
        _ if special => Value::List(None),
        None => Value::List(None),
        Some(subnet) => {
            // A user-given subnet shows only what the user gave; an allocated one shows its gateway.
            let gateway = if net.user_subnet && !net.user_gateway {
                String::new()
            } else {
                net.gateway.map(|g| g.to_string()).unwrap_or_default()
            };
            Value::list(vec![Struct::new("network.IPAMConfig")
                .omitempty("Subnet", Value::str(subnet.to_string()))
                .omitempty("IPRange", Value::str(""))
                .omitempty("Gateway", Value::str(gateway))
                .omitempty("AuxAddress", Value::Map(None))
                .into_value()])
        }
    };
    let options = if net.predefined { Value::Map(None) } else { Value::string_map(Vec::<(String, String)>::new()) };
    Struct::new("network.IPAM")
        .field("Driver", Value::str("default"))
        .field("Options", options)
        .field("Config", config)
        .into_value()
}

/// `network.Inspect` for one network.
pub(in crate::docker) fn inspect_value(world: &World, net: &Network) -> Value {
    let created = if net.predefined { SimTime::ZERO } else { net.created };
    Struct::new("network.Inspect")
        .field("Name", Value::str(&net.name))
        .field_as("ID", "Id", Value::str(&net.id))
        .field("Created", go_time(created, &net.id))
        .field("Scope", Value::str("local"))
        .field("Driver", Value::str(net.driver.as_str()))
        .field("EnableIPv4", Value::Bool(true))
        .field("EnableIPv6", Value::Bool(net.ipv6))
        .field("IPAM", ipam_value(net))
        .field("Internal", Value::Bool(net.internal))
        .field("Attachable", Value::Bool(net.attachable))
        .field("Ingress", Value::Bool(false))
        .field("ConfigFrom", Struct::new("network.ConfigReference").field("Network", Value::str("")).into_value())
        .field("ConfigOnly", Value::Bool(false))
        .field("Containers", containers_of(world, net))
        .field("Options", Value::string_map(net.options.iter().map(|(k, v)| (k, v))))
        .field("Labels", Value::string_map(net.labels.iter().map(|(k, v)| (k, v))))
        .omitempty("Peers", Value::List(None))
        .omitempty("Services", Value::Map(None))
        .into_value()
}

pub(super) const LIST_FORMAT: ListFormat<'static> = ListFormat {
    table: "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}",
    quiet: "{{.ID}}",
    raw: "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n",
    raw_quiet: "network_id: {{.ID}}",
    header: &[
        ("ID", "NETWORK ID"),
        ("Name", "NAME"),
        ("Driver", "DRIVER"),
        ("Scope", "SCOPE"),
        ("IPv4", "IPV4"),
        ("IPv6", "IPV6"),
        ("Internal", "INTERNAL"),
        ("Labels", "LABELS"),
        ("CreatedAt", "CREATED AT"),
    ],
};

/// docker/cli's `networkContext`: one `ls` row (fields in the order `{{json .}}` sorts them).
pub(super) fn list_row(net: &Network, trunc: bool) -> Value {
    let id = if trunc { net.id.get(..12).unwrap_or(&net.id) } else { &net.id };
    let created = match go_time(if net.predefined { SimTime::ZERO } else { net.created }, &net.id) {
        Value::Time { display, .. } => display,
        _ => String::new(),
    };
    let labels: Vec<String> = net.labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    Struct::new("*network.networkContext")
        .field("CreatedAt", Value::str(created))
        .field("Driver", Value::str(net.driver.as_str()))
        .field("ID", Value::str(id))
        .field("IPv4", Value::str("true"))
        .field("IPv6", Value::str(net.ipv6.to_string()))
        .field("Internal", Value::str(net.internal.to_string()))
        .field("Label", Value::LabelMethod(net.labels.clone()))
        .field("Labels", Value::str(labels.join(",")))
        .field("Name", Value::str(&net.name))
        .field("Scope", Value::str("local"))
        .into_value()
}
