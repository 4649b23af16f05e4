//! `docker network …` end to end through `Session`, compared with what
//! Docker Engine 28 prints (the project's reference §0, §1.1–1.6 and
//! docker/cli + moby v28.5.2 sources). IDs, MAC addresses and timestamps
//! are random: they are checked for their shape and then masked, or taken
//! from the world and put into the expected text.

mod common;

use common::Term;

fn is_hex(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// Replaces every 64-hex run with `<id>` and every MAC address with `<mac>`, after
/// checking they are well formed; and `"Created": "…"` timestamps with `<time>`.
fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..].iter().take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()).count();
        if run == 64 {
            out.push_str("<id>");
            i += 64;
            continue;
        }
        let mac: String = chars[i..].iter().take(17).collect();
        let looks_mac = mac.len() == 17
            && mac.split(':').count() == 6
            && mac.split(':').all(|p| p.len() == 2 && is_hex(p))
            && (i == 0 || chars[i - 1] == '"');
        if looks_mac {
            let first = u8::from_str_radix(&mac[..2], 16).unwrap();
            assert_eq!(first & 0x03, 0x02, "{mac} is not a locally administered unicast MAC");
            out.push_str("<mac>");
            i += 17;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    let mut masked = String::new();
    for line in out.split_inclusive('\n') {
        if let Some(rest) = line.trim_start().strip_prefix("\"Created\": \"") {
            let ts = rest.split('"').next().unwrap();
            assert_rfc3339_nanos(ts);
            masked.push_str(&line.replace(ts, "<time>"));
        } else {
            masked.push_str(line);
        }
    }
    masked
}

/// `2025-03-10T10:00:01.123456789Z` with 0–9 fraction digits, no trailing zero (Go's RFC3339Nano).
fn assert_rfc3339_nanos(ts: &str) {
    let (secs, frac) =
        ts.strip_suffix('Z').expect("ends in Z").split_once('.').unwrap_or((ts.trim_end_matches('Z'), ""));
    assert_eq!(secs.len(), 19, "{ts}");
    assert!(secs.starts_with("2025-03-10T"), "{ts}");
    assert!(frac.len() <= 9 && frac.chars().all(|c| c.is_ascii_digit()) && !frac.ends_with('0'), "{ts}");
}

#[test]
fn a_fresh_daemon_has_bridge_host_and_none() {
    let mut t = Term::new();
    let out = t.run("docker network ls");
    let short = |n: &str| t.net_id(n)[..12].to_string();
    assert_eq!(
        out,
        format!(
            "NETWORK ID     NAME      DRIVER    SCOPE\n{}   bridge    bridge    local\n{}   host      host      local\n{}   none      null      local\n",
            short("bridge"),
            short("host"),
            short("none")
        )
    );
}

#[test]
fn create_prints_the_id_and_ls_sorts_by_name() {
    let mut t = Term::new();
    let out = t.run("docker network create mynet");
    let id = t.net_id("mynet");
    assert_eq!(id.len(), 64);
    assert!(is_hex(&id));
    assert_eq!(out, format!("{id}\n"));
    t.run("docker network create Zeta");
    t.run("docker network create net10");
    t.run("docker network create net2");
    let ids: Vec<(String, String)> = ["Zeta", "bridge", "host", "mynet", "net2", "net10", "none"]
        .iter()
        .map(|n| (n.to_string(), t.net_id(n)[..12].to_string()))
        .collect();
    let short = |n: &str| ids.iter().find(|(name, _)| name == n).map(|(_, id)| id.clone()).unwrap();
    let rows: Vec<String> = ["Zeta", "bridge", "host", "mynet", "net2", "net10", "none"]
        .iter()
        .map(|n| {
            let driver = match *n {
                "host" => "host",
                "none" => "null",
                _ => "bridge",
            };
            format!("{}   {n:<10}{driver:<10}local\n", short(n))
        })
        .collect();
    assert_eq!(t.run("docker network ls"), format!("NETWORK ID     NAME      DRIVER    SCOPE\n{}", rows.concat()));
    // -q: IDs only, same order.
    let ids: String = ["Zeta", "bridge", "host", "mynet", "net2", "net10", "none"]
        .iter()
        .map(|n| format!("{}\n", short(n)))
        .collect();
    assert_eq!(t.run("docker network ls -q"), ids);
    assert_eq!(t.run("docker network list -q"), ids);
}

#[test]
fn ls_filters_formats_and_no_trunc() {
    let mut t = Term::new();
    t.run("docker network create mynet");
    let full = t.net_id("mynet");
    assert_eq!(
        t.run("docker network ls --no-trunc -f name=myn"),
        format!("NETWORK ID{}NAME      DRIVER    SCOPE\n{full}   mynet     bridge    local\n", " ".repeat(57))
    );
    assert_eq!(t.run("docker network ls -f driver=null --format '{{.Name}}'"), "none\n");
    assert_eq!(t.run("docker network ls -f type=custom -q --no-trunc"), format!("{full}\n"));
    assert_eq!(
        t.run("docker network ls --format '{{.Name}}:{{.Driver}}' -f driver=bridge"),
        "bridge:bridge\nmynet:bridge\n"
    );
    assert_eq!(
        t.run("docker network ls --format 'table {{.Name}}\\t{{.IPv6}}\\t{{.Internal}}' -f name=mynet"),
        "NAME      IPV6      INTERNAL\nmynet     false     false\n"
    );
    let json = t.run("docker network ls --format json -f name=^mynet$");
    let id12 = &full[..12];
    assert!(json.starts_with("{\"CreatedAt\":\"2025-03-10 10:00:"), "{json}");
    assert!(
        json.ends_with(&format!(
            " +0000 UTC\",\"Driver\":\"bridge\",\"ID\":\"{id12}\",\"IPv4\":\"true\",\"IPv6\":\"false\",\"Internal\":\"false\",\"Labels\":\"\",\"Name\":\"mynet\",\"Scope\":\"local\"}}\n"
        )),
        "{json}"
    );
}

#[test]
fn ls_rejects_bad_filters() {
    let mut t = Term::new();
    assert_eq!(t.run("docker network ls -f foo=bar"), "Error response from daemon: invalid filter 'foo'\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker network ls -f foo"),
        "invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\nUsage:  docker network ls [OPTIONS]\n\nRun 'docker network ls --help' for more information\n"
    );
    assert_eq!(t.status(), 125);
    assert_eq!(
        t.run("docker network ls --format '{{.Nope}}'"),
        "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *network.networkContext\n"
    );
    assert_eq!(t.status(), 1);
}

#[test]
fn create_errors() {
    let mut t = Term::new();
    t.run("docker network create mynet");
    assert_eq!(
        t.run("docker network create mynet"),
        "Error response from daemon: network with name mynet already exists\n"
    );
    assert_eq!(t.status(), 1);
    t.run("docker network create --subnet 172.25.0.0/16 red1");
    assert_eq!(
        t.run("docker network create --subnet 172.25.0.0/24 red2"),
        "Error response from daemon: invalid pool request: Pool overlaps with other one on this address space\n"
    );
    assert_eq!(
        t.run("docker network create --subnet 172.30.0.1/16 red2"),
        "Error response from daemon: invalid network config:\ninvalid subnet 172.30.0.1/16: it should be 172.30.0.0/16\n"
    );
    assert_eq!(
        t.run("docker network create --subnet hola red2"),
        "Error response from daemon: invalid network config:\ninvalid subnet hola: invalid CIDR block notation\n"
    );
    assert_eq!(
        t.run("docker network create --gateway 10.0.0.1 red2"),
        "every ip-range or gateway must have a corresponding subnet\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker network create --subnet 10.1.0.0/16 --gateway 10.2.0.1 red2"),
        "no matching subnet for gateway 10.2.0.1\n"
    );
    assert_eq!(
        t.run("docker network create bridge"),
        "Error response from daemon: operation is not permitted on predefined bridge network \n"
    );
    assert_eq!(
        t.run("docker network create -d overlay red2"),
        "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.\n"
    );
    assert_eq!(t.run("docker network create -d nope red2"), "Error response from daemon: plugin \"nope\" not found\n");
    assert_eq!(
        t.run("docker network create"),
        "docker: 'docker network create' requires 1 argument\n\nUsage:  docker network create [OPTIONS] NETWORK\n\nRun 'docker network create --help' for more information\n"
    );
    assert!(t.s.world().network_by_name("red2").is_none());
}

#[test]
fn subnets_come_from_the_default_pools_lowest_free_first() {
    let mut t = Term::new();
    for n in ["a1", "a2", "a3"] {
        t.run(&format!("docker network create {n}"));
    }
    let subnets = t.run("docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{.Gateway}}{{end}}' a1 a2 a3");
    assert_eq!(subnets, "172.18.0.0/16 172.18.0.1\n172.19.0.0/16 172.19.0.1\n172.20.0.0/16 172.20.0.1\n");
    t.run("docker network rm a1");
    t.run("docker network create a4");
    assert_eq!(t.run("docker network inspect -f '{{(index .IPAM.Config 0).Subnet}}' a4"), "172.18.0.0/16\n");
}

const MYNET_INSPECT: &str = r#"[
    {
        "Name": "mynet",
        "Id": "<id>",
        "Created": "<time>",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv4": true,
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": {},
            "Config": [
                {
                    "Subnet": "172.18.0.0/16",
                    "Gateway": "172.18.0.1"
                }
            ]
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {
            "<id>": {
                "Name": "web",
                "EndpointID": "<id>",
                "MacAddress": "<mac>",
                "IPv4Address": "172.18.0.2/16",
                "IPv6Address": ""
            }
        },
        "Options": {},
        "Labels": {}
    }
]
"#;

#[test]
fn inspect_shows_running_containers_only() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    t.run("docker network create mynet");
    t.run("docker run -d --network mynet --name web nginx");
    t.run("docker create --network mynet --name idle alpine");
    let out = t.run("docker network inspect mynet");
    assert_eq!(mask(&out), MYNET_INSPECT);
    let (nid, cid) = (t.net_id("mynet"), t.ctr_id("web"));
    assert!(out.contains(&format!("\"Id\": \"{nid}\"")));
    assert!(out.contains(&format!("\"{cid}\": {{")));
    assert_eq!(t.status(), 0);
}

const BRIDGE_INSPECT: &str = r#"[
    {
        "Name": "bridge",
        "Id": "<id>",
        "Created": "<time>",
        "Scope": "local",
        "Driver": "bridge",
        "EnableIPv4": true,
        "EnableIPv6": false,
        "IPAM": {
            "Driver": "default",
            "Options": null,
            "Config": [
                {
                    "Subnet": "172.17.0.0/16",
                    "Gateway": "172.17.0.1"
                }
            ]
        },
        "Internal": false,
        "Attachable": false,
        "Ingress": false,
        "ConfigFrom": {
            "Network": ""
        },
        "ConfigOnly": false,
        "Containers": {},
        "Options": {
            "com.docker.network.bridge.default_bridge": "true",
            "com.docker.network.bridge.enable_icc": "true",
            "com.docker.network.bridge.enable_ip_masquerade": "true",
            "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
            "com.docker.network.bridge.name": "docker0",
            "com.docker.network.driver.mtu": "1500"
        },
        "Labels": {}
    }
]
"#;

#[test]
fn inspect_the_default_bridge() {
    let mut t = Term::new();
    assert_eq!(mask(&t.run("docker network inspect bridge")), BRIDGE_INSPECT);
    assert_eq!(
        t.run("docker network inspect -f '{{json .IPAM}}' host none"),
        "{\"Driver\":\"default\",\"Options\":null,\"Config\":null}\n{\"Driver\":\"default\",\"Options\":null,\"Config\":null}\n"
    );
}

#[test]
fn inspect_user_config_labels_and_options() {
    let mut t = Term::new();
    t.run("docker network create --subnet 10.10.0.0/16 --label env=dev -o com.docker.network.bridge.name=br-dev --internal dev");
    t.run("docker network create --subnet 10.20.0.0/16 --gateway 10.20.0.254 --attachable ops");
    let out = t.run("docker network inspect -f '{{json .IPAM.Config}} {{.Internal}} {{.Attachable}} {{json .Labels}} {{json .Options}}' dev ops");
    assert_eq!(
        out,
        "[{\"Subnet\":\"10.10.0.0/16\"}] true false {\"env\":\"dev\"} {\"com.docker.network.bridge.name\":\"br-dev\"}\n[{\"Subnet\":\"10.20.0.0/16\",\"Gateway\":\"10.20.0.254\"}] false true {} {}\n"
    );
}

#[test]
fn inspect_unknown_prints_empty_array_then_the_error() {
    let mut t = Term::new();
    assert_eq!(t.run("docker network inspect nope"), "[]\nError response from daemon: network nope not found\n");
    assert_eq!(t.status(), 1);
    t.run("docker network create mynet");
    let out = t.run("docker network inspect -f '{{.Name}}' mynet nope");
    assert_eq!(out, "mynet\nError response from daemon: network nope not found\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker network inspect -f '{{.Name}}' nope"),
        "\nError response from daemon: network nope not found\n"
    );
}

#[test]
fn inspect_templates() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker network create mynet");
    t.run("docker run -d --network mynet --name c1 alpine sleep 1000");
    let cid = t.ctr_id("c1");
    assert_eq!(
        t.run("docker network inspect --format '{{.Name}} {{.Driver}} {{.Scope}}' mynet"),
        "mynet bridge local\n"
    );
    assert_eq!(t.run("docker network inspect -f '{{.Id}}' mynet"), format!("{}\n", t.net_id("mynet")));
    assert_eq!(
        t.run("docker network inspect -f '{{range .Containers}}{{.Name}} {{.IPv4Address}}{{end}}' mynet"),
        "c1 172.18.0.2/16\n"
    );
    let json = t.run("docker network inspect -f '{{json .Containers}}' mynet");
    assert!(json.starts_with(&format!("{{\"{cid}\":{{\"Name\":\"c1\",\"EndpointID\":\"")), "{json}");
    assert!(json.ends_with(",\"IPv4Address\":\"172.18.0.2/16\",\"IPv6Address\":\"\"}}\n"), "{json}");
    assert_eq!(
        t.run("docker network inspect -f '{{index .Options \"com.docker.network.bridge.name\"}}' bridge"),
        "docker0\n"
    );
    assert_eq!(
        t.run("docker network inspect -f '{{.Foo}}' mynet"),
        "\ntemplate parsing error: template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\"\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker network inspect -f '{{.Name' mynet"),
        "template parsing error: template: :1: unclosed action\n"
    );
    assert_eq!(t.status(), 64);
    let compact = t.run("docker network inspect --format json none");
    assert!(compact.starts_with("[{\"Name\":\"none\",\"Id\":\""), "{compact}");
    assert!(compact.ends_with("\"Containers\":{},\"Options\":{},\"Labels\":{}}]\n"), "{compact}");
}

#[test]
fn containers_on_a_user_network_find_each_other_until_disconnected() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    t.run("docker network create mynet");
    t.run("docker run -d --network mynet --name c1 nginx");
    t.run("docker run -d --network mynet --name c2 alpine sleep 1000");
    let out = t.run("docker exec c2 ping -c 1 c1");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("PING c1 (172.18.0.2): 56 data bytes"));
    let reply = lines.next().unwrap();
    assert!(reply.starts_with("64 bytes from 172.18.0.2: seq=0 ttl=64 time=0."), "{reply}");
    assert_eq!(lines.next(), Some(""));
    assert_eq!(lines.next(), Some("--- c1 ping statistics ---"));
    assert_eq!(lines.next(), Some("1 packets transmitted, 1 packets received, 0% packet loss"));
    assert!(lines.next().unwrap().starts_with("round-trip min/avg/max = 0."));
    assert_eq!(t.status(), 0);

    assert_eq!(t.run("docker network disconnect mynet c1"), "");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker exec c2 ping -c 1 c1"), "ping: bad address 'c1'\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        mask(&t.run("docker network inspect -f '{{len .Containers}} {{range .Containers}}{{.Name}}{{end}}' mynet")),
        "1 c2\n"
    );
}

#[test]
fn connect_attaches_a_running_container_live() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker network create --subnet 172.30.0.0/16 back");
    t.run("docker run -d --name api alpine sleep 1000");
    t.run("docker run -d --network back --name db alpine sleep 1000");
    assert_eq!(t.run("docker exec api ping -c 1 db"), "ping: bad address 'db'\n");
    assert_eq!(t.run("docker network connect --alias app --ip 172.30.0.50 back api"), "");
    assert_eq!(t.status(), 0);
    assert_eq!(
        t.run("docker network inspect -f '{{range .Containers}}{{.Name}}={{.IPv4Address}} {{end}}' back"),
        format!("{} \n", order_by_id(&t, &[("api", "172.30.0.50/16"), ("db", "172.30.0.2/16")]))
    );
    assert!(t.run("docker exec db ping -c 1 app").starts_with("PING app (172.30.0.50): 56 data bytes\n"));
    assert!(t.run("docker exec api ping -c 1 db").starts_with("PING db (172.30.0.2): 56 data bytes\n"));
}

/// `Containers` is a map keyed by container ID: entries come in ID order.
fn order_by_id(t: &Term, entries: &[(&str, &str)]) -> String {
    let mut v: Vec<(String, String)> = entries.iter().map(|(n, ip)| (t.ctr_id(n), format!("{n}={ip}"))).collect();
    sim_core::sort::sort(&mut v);
    v.into_iter().map(|(_, s)| s).collect::<Vec<_>>().join(" ")
}

#[test]
fn connect_errors() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker network create mynet");
    t.run("docker run -d --name web alpine sleep 1000");
    t.run("docker network connect mynet web");
    assert_eq!(
        t.run("docker network connect mynet web"),
        "Error response from daemon: endpoint with name web already exists in network mynet\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(t.run("docker network connect nope web"), "Error response from daemon: network nope not found\n");
    assert_eq!(t.run("docker network connect mynet nope"), "Error response from daemon: No such container: nope\n");
    assert_eq!(
        t.run("docker network connect host web"),
        "Error response from daemon: cannot connect container to host network - container must be created in host network mode\n"
    );
    assert_eq!(
        t.run("docker network connect --ip 172.17.0.50 bridge web"),
        "Error response from daemon: invalid endpoint settings:\nuser specified IP address is supported on user defined networks only\n"
    );
    t.run("docker network create other");
    assert_eq!(
        t.run("docker network connect --ip 172.19.0.9 other web"),
        "Error response from daemon: invalid endpoint settings:\nuser specified IP address is supported only when connecting to networks with user configured subnets\n"
    );
    assert_eq!(
        t.run("docker network connect --alias x bridge web"),
        "Error response from daemon: invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks\n"
    );
    assert_eq!(
        t.run("docker network connect mynet"),
        "docker: 'docker network connect' requires 2 arguments\n\nUsage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\nRun 'docker network connect --help' for more information\n"
    );
}

#[test]
fn disconnect_errors_name_the_container_by_full_id() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker network create mynet");
    t.run("docker run -d --name web alpine sleep 1000");
    let id = t.ctr_id("web");
    assert_eq!(
        t.run("docker network disconnect mynet web"),
        format!("Error response from daemon: container {id} is not connected to network mynet\n")
    );
    assert_eq!(t.status(), 1);
    assert_eq!(t.run("docker network disconnect nope web"), "Error response from daemon: network nope not found\n");
    t.run("docker stop -t 0 web");
    assert_eq!(
        t.run("docker network disconnect mynet web"),
        format!("Error response from daemon: container {id} is not connected to the network mynet\n")
    );
    assert_eq!(
        t.run("docker network disconnect mynet ghost"),
        "Error response from daemon: No such container: ghost\n"
    );
}

#[test]
fn rm_prints_names_and_refuses_predefined_and_busy_networks() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker network create a");
    t.run("docker network create b");
    t.run("docker network create busy");
    t.run("docker run -d --network busy --name worker alpine sleep 1000");
    let busy = t.net_id("busy");
    let endpoint = t.run("docker inspect -f '{{.NetworkSettings.Networks.busy.EndpointID}}' worker");
    let endpoint = &endpoint.trim()[..12];
    assert_eq!(t.run("docker network rm a b"), "a\nb\n");
    assert_eq!(t.status(), 0);
    assert_eq!(
        t.run("docker network rm bridge"),
        "Error response from daemon: bridge is a pre-defined network and cannot be removed\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker network rm busy"),
        format!(
            "Error response from daemon: error while removing network: network busy has active endpoints (name:\"worker\" id:\"{endpoint}\")\n"
        )
    );
    assert_eq!(t.run("docker network rm nope"), "Error response from daemon: network nope not found\n");
    assert_eq!(t.run("docker network rm -f nope"), "");
    assert_eq!(t.status(), 0);
    t.run("docker rm -f worker");
    assert_eq!(t.run(&format!("docker network remove {}", &busy[..12])), format!("{}\n", &busy[..12]));
    assert_eq!(t.run("docker network ls --format '{{.Name}}'"), "bridge\nhost\nnone\n");
}

#[test]
fn prune_asks_then_removes_unused_networks() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker network create used");
    t.run("docker network create idle1");
    t.run("docker network create idle2");
    t.run("docker run -d --network used --name worker alpine sleep 1000");
    let warning = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue? [y/N] ";
    assert_eq!(t.run("docker network prune"), warning);
    assert_eq!(t.run("n"), "");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker network ls -q").lines().count(), 6);
    assert_eq!(t.run("docker network prune"), warning);
    assert_eq!(t.run("y"), "Deleted Networks:\nidle1\nidle2\n\n");
    assert_eq!(t.run("docker network prune -f"), "");
    assert_eq!(t.run("docker network ls --format '{{.Name}}'"), "bridge\nhost\nnone\nused\n");
}

#[test]
fn help_comes_from_the_flag_table() {
    let mut t = Term::new();
    assert_eq!(
        t.run("docker network disconnect --help"),
        "\nUsage:  docker network disconnect [OPTIONS] NETWORK CONTAINER\n\nDisconnect a container from a network\n\nOptions:\n  -f, --force   Force the container to disconnect from a network\n"
    );
    let ls = t.run("docker network ls --help");
    assert!(ls.contains("\nAliases:\n  docker network ls, docker network list\n"), "{ls}");
    assert!(
        ls.contains("      --format string   Format output using a custom template:\n                        'table':            Print output in table format with column headers (default)\n"),
        "{ls}"
    );
    let top = t.run("docker network --help");
    assert!(top.contains("Commands:\n  connect     Connect a container to a network\n  create      Create a network\n  disconnect  Disconnect a container from a network\n  inspect     Display detailed information on one or more networks\n  ls          List networks\n  prune       Remove all unused networks\n  rm          Remove one or more networks\n"), "{top}");
}

/// `dig` as Docker's getting-started guide (part 7) shows it: the network alias answered by the
/// embedded DNS at 127.0.0.11, TTL 600, 44 bytes for `mysql`; `+short`; `host`; NXDOMAIN.
#[test]
fn dig_asks_the_embedded_dns_as_the_workshop_shows() {
    let mut s = sim_core::Session::new(sim_core::SessionConfig { seed: 4, lang: sim_core::Lang::En });
    let run = |s: &mut sim_core::Session, line: &str| {
        s.submit(0, line);
        s.run_until_idle(0, 120_000);
        s.advance(100);
        s.take_output(0)
    };
    run(&mut s, "docker network create todo-app");
    run(&mut s, "docker run -d --network todo-app --network-alias mysql --name db redis");
    let out = run(&mut s, "docker run --rm --network todo-app alpine sh -c 'apk add bind-tools >/dev/null; dig mysql'");
    let dig = &out[out.find("\n; <<>> DiG").expect(&out)..];
    assert!(dig.starts_with("\n; <<>> DiG 9.18.33 <<>> mysql\n;; global options: +cmd\n;; Got answer:\n;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: "), "{dig}");
    assert!(dig.contains("\n;; flags: qr rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0\n\n;; QUESTION SECTION:\n;mysql.\t\t\t\tIN\tA\n\n;; ANSWER SECTION:\nmysql.\t\t\t600\tIN\tA\t172.18.0.2\n\n;; Query time: 0 msec\n;; SERVER: 127.0.0.11#53(127.0.0.11) (UDP)\n;; WHEN: "), "{dig}");
    assert!(dig.ends_with(" UTC 2025\n;; MSG SIZE  rcvd: 44\n\n"), "{dig}");
    let out = run(&mut s, "docker run --rm --network todo-app alpine sh -c 'apk add bind-tools >/dev/null; dig +short db; host mysql; host nope; echo $?'");
    assert!(out.ends_with("172.18.0.2\nmysql has address 172.18.0.2\nHost nope not found: 3(NXDOMAIN)\n1\n"), "{out}");
    let out = run(&mut s, "docker run --rm alpine sh -c 'apk add bind-tools >/dev/null; dig mysql'");
    assert!(out.contains("status: NXDOMAIN") && out.contains(";; MSG SIZE  rcvd: 23\n"), "{out}");
}
