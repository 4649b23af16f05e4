//! `docker inspect`, `docker container inspect` and `docker image inspect`
//! end to end through `Session`, against Engine 28.2's documents: the Go
//! structs' field order and the values the CLI and daemon fill in (moby
//! v28.2.2 `api/types/container/*.go`, `api/types/image/image_inspect.go`,
//! `daemon/inspect.go`; docker/cli v28.2.2 `cli/command/inspect/inspector.go`,
//! `cli/command/system/inspect.go`). Random IDs and timestamps are checked
//! for their shape, then masked or taken from the world.

mod common;

use common::Term;

impl Term {
    fn ctr(&self, name: &str) -> &sim_core::world::Container {
        self.s.world().container_by_name(name).expect("container exists")
    }

    fn image_id(&self, repo: &str) -> String {
        self.s.world().images().iter().find(|i| i.repo == repo).map(|i| i.id.clone()).unwrap_or_default()
    }
}

fn is_hex(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// `2025-03-10T10:00:01.123456789Z`: Go's RFC3339Nano (no trailing zero in the fraction).
fn assert_rfc3339_nanos(ts: &str) {
    let body = ts.strip_suffix('Z').expect("ends in Z");
    let (secs, frac) = body.split_once('.').unwrap_or((body, ""));
    assert_eq!(secs.len(), 19, "{ts}");
    assert!(secs.starts_with("2025-"), "{ts}");
    assert!(frac.len() <= 9 && frac.chars().all(|c| c.is_ascii_digit()) && !frac.ends_with('0'), "{ts}");
}

/// Replaces 64-hex runs with `<id>`, the values of timestamp keys with `<time>`.
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
        out.extend(&chars[i..i + run.max(1)]);
        i += run.max(1);
    }
    let mut masked = String::new();
    for line in out.split_inclusive('\n') {
        let key = line.trim_start().split('"').nth(1).unwrap_or("");
        if ["Created", "StartedAt", "FinishedAt", "Start", "End"].contains(&key) {
            let value = line.split('"').nth(3).unwrap_or("");
            if value != "0001-01-01T00:00:00Z" {
                assert_rfc3339_nanos(value);
                masked.push_str(&line.replace(value, "<time>"));
                continue;
            }
        }
        masked.push_str(line);
    }
    masked
}

// ----- reading documents by key order (serde_json with `preserve_order`) -----------

use serde_json::{json, Value as J};

/// Panicking accessors: a test that reaches for a missing field fails there.
trait Doc {
    fn keys(&self) -> Vec<&str>;
    fn key(&self, key: &str) -> &J;
    fn at(&self, i: usize) -> &J;
    fn str(&self) -> &str;
}

impl Doc for J {
    fn keys(&self) -> Vec<&str> {
        match self {
            J::Object(m) => m.keys().map(String::as_str).collect(),
            _ => panic!("not an object: {self:?}"),
        }
    }
    fn key(&self, key: &str) -> &J {
        match self {
            J::Object(m) => m.get(key).unwrap_or_else(|| panic!("no {key}")),
            _ => panic!("not an object: {self:?}"),
        }
    }
    fn at(&self, i: usize) -> &J {
        match self {
            J::Array(a) => &a[i],
            _ => panic!("not an array: {self:?}"),
        }
    }
    fn str(&self) -> &str {
        match self {
            J::String(s) => s,
            _ => panic!("not a string: {self:?}"),
        }
    }
}

/// One JSON document, nothing after it.
fn parse_json(text: &str) -> J {
    serde_json::from_str(text).expect("a JSON document")
}

/// Puts names on the values the world knows (the container's IDs, its image,
/// its networks and endpoints), then masks what is left ([`mask`]).
fn named(t: &Term, container: &str, text: &str) -> String {
    let c = t.ctr(container);
    let world = t.s.world();
    let mut out = text.replace(&c.id, "<cid>").replace(&c.id[..12], "<short>");
    out = out.replace(&c.config.image_id, "<image>");
    for n in world.networks().values() {
        out = out.replace(&n.id, &format!("<net:{}>", n.name));
        if let Some(e) = n.endpoints().get(&c.key) {
            out = out.replace(&e.endpoint_id, &format!("<endpoint:{}>", n.name)).replace(&e.mac, "<mac>");
        }
    }
    out = out.replace(&format!("\"Pid\": {},", c.state.pid), "\"Pid\": <pid>,");
    // The sandbox key is named after the sandbox ID's first 12 characters.
    if let Some(sandbox) = out.split("\"SandboxID\": \"").nth(1).and_then(|r| r.get(..12)) {
        if is_hex(sandbox) {
            out = out.replace(&format!("netns/{sandbox}"), "netns/<sandbox12>");
        }
    }
    mask(&out)
}

const RUNNING_NGINX: &str = r#"[
    {
        "Id": "<cid>",
        "Created": "<time>",
        "Path": "/docker-entrypoint.sh",
        "Args": [
            "nginx",
            "-g",
            "daemon off;"
        ],
        "State": {
            "Status": "running",
            "Running": true,
            "Paused": false,
            "Restarting": false,
            "OOMKilled": false,
            "Dead": false,
            "Pid": <pid>,
            "ExitCode": 0,
            "Error": "",
            "StartedAt": "<time>",
            "FinishedAt": "0001-01-01T00:00:00Z"
        },
        "Image": "sha256:<image>",
        "ResolvConfPath": "/var/lib/docker/containers/<cid>/resolv.conf",
        "HostnamePath": "/var/lib/docker/containers/<cid>/hostname",
        "HostsPath": "/var/lib/docker/containers/<cid>/hosts",
        "LogPath": "/var/lib/docker/containers/<cid>/<cid>-json.log",
        "Name": "/web",
        "RestartCount": 0,
        "Driver": "overlay2",
        "Platform": "linux",
        "MountLabel": "",
        "ProcessLabel": "",
        "AppArmorProfile": "docker-default",
        "ExecIDs": null,
        "HostConfig": {
            "Binds": null,
            "ContainerIDFile": "",
            "LogConfig": {
                "Type": "json-file",
                "Config": {}
            },
            "NetworkMode": "bridge",
            "PortBindings": {
                "80/tcp": [
                    {
                        "HostIp": "",
                        "HostPort": "8080"
                    }
                ]
            },
            "RestartPolicy": {
                "Name": "no",
                "MaximumRetryCount": 0
            },
            "AutoRemove": false,
            "VolumeDriver": "",
            "VolumesFrom": null,
            "ConsoleSize": [
                24,
                80
            ],
            "CapAdd": null,
            "CapDrop": null,
            "CgroupnsMode": "private",
            "Dns": [],
            "DnsOptions": [],
            "DnsSearch": [],
            "ExtraHosts": null,
            "GroupAdd": null,
            "IpcMode": "private",
            "Cgroup": "",
            "Links": null,
            "OomScoreAdj": 0,
            "PidMode": "",
            "Privileged": false,
            "PublishAllPorts": false,
            "ReadonlyRootfs": false,
            "SecurityOpt": null,
            "UTSMode": "",
            "UsernsMode": "",
            "ShmSize": 67108864,
            "Runtime": "runc",
            "Isolation": "",
            "CpuShares": 0,
            "Memory": 0,
            "NanoCpus": 0,
            "CgroupParent": "",
            "BlkioWeight": 0,
            "BlkioWeightDevice": [],
            "BlkioDeviceReadBps": [],
            "BlkioDeviceWriteBps": [],
            "BlkioDeviceReadIOps": [],
            "BlkioDeviceWriteIOps": [],
            "CpuPeriod": 0,
            "CpuQuota": 0,
            "CpuRealtimePeriod": 0,
            "CpuRealtimeRuntime": 0,
            "CpusetCpus": "",
            "CpusetMems": "",
            "Devices": [],
            "DeviceCgroupRules": null,
            "DeviceRequests": null,
            "MemoryReservation": 0,
            "MemorySwap": 0,
            "MemorySwappiness": null,
            "OomKillDisable": null,
            "PidsLimit": null,
            "Ulimits": [],
            "CpuCount": 0,
            "CpuPercent": 0,
            "IOMaximumIOps": 0,
            "IOMaximumBandwidth": 0,
            "MaskedPaths": [
                "/proc/asound",
                "/proc/acpi",
                "/proc/interrupts",
                "/proc/kcore",
                "/proc/keys",
                "/proc/latency_stats",
                "/proc/timer_list",
                "/proc/timer_stats",
                "/proc/sched_debug",
                "/proc/scsi",
                "/sys/firmware",
                "/sys/devices/virtual/powercap"
            ],
            "ReadonlyPaths": [
                "/proc/bus",
                "/proc/fs",
                "/proc/irq",
                "/proc/sys",
                "/proc/sysrq-trigger"
            ]
        },
        "GraphDriver": {
            "Data": {
                "LowerDir": "/var/lib/docker/overlay2/<id>-init/diff:/var/lib/docker/overlay2/<id>/diff:/var/lib/docker/overlay2/<id>/diff:/var/lib/docker/overlay2/<id>/diff:/var/lib/docker/overlay2/<id>/diff:/var/lib/docker/overlay2/<id>/diff:/var/lib/docker/overlay2/<id>/diff:/var/lib/docker/overlay2/<id>/diff",
                "MergedDir": "/var/lib/docker/overlay2/<id>/merged",
                "UpperDir": "/var/lib/docker/overlay2/<id>/diff",
                "WorkDir": "/var/lib/docker/overlay2/<id>/work"
            },
            "Name": "overlay2"
        },
        "Mounts": [],
        "Config": {
            "Hostname": "<short>",
            "Domainname": "",
            "User": "",
            "AttachStdin": false,
            "AttachStdout": false,
            "AttachStderr": false,
            "ExposedPorts": {
                "80/tcp": {}
            },
            "Tty": false,
            "OpenStdin": false,
            "StdinOnce": false,
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "NGINX_VERSION=1.27.4",
                "NJS_VERSION=0.8.9",
                "PKG_RELEASE=1~bookworm"
            ],
            "Cmd": [
                "nginx",
                "-g",
                "daemon off;"
            ],
            "Image": "nginx",
            "Volumes": null,
            "WorkingDir": "",
            "Entrypoint": [
                "/docker-entrypoint.sh"
            ],
            "OnBuild": null,
            "Labels": {},
            "StopSignal": "SIGQUIT"
        },
        "NetworkSettings": {
            "Bridge": "",
            "SandboxID": "<id>",
            "SandboxKey": "/var/run/docker/netns/<sandbox12>",
            "Ports": {
                "80/tcp": [
                    {
                        "HostIp": "0.0.0.0",
                        "HostPort": "8080"
                    },
                    {
                        "HostIp": "::",
                        "HostPort": "8080"
                    }
                ]
            },
            "HairpinMode": false,
            "LinkLocalIPv6Address": "",
            "LinkLocalIPv6PrefixLen": 0,
            "SecondaryIPAddresses": null,
            "SecondaryIPv6Addresses": null,
            "EndpointID": "<endpoint:bridge>",
            "Gateway": "172.17.0.1",
            "GlobalIPv6Address": "",
            "GlobalIPv6PrefixLen": 0,
            "IPAddress": "172.17.0.2",
            "IPPrefixLen": 16,
            "IPv6Gateway": "",
            "MacAddress": "<mac>",
            "Networks": {
                "bridge": {
                    "IPAMConfig": null,
                    "Links": null,
                    "Aliases": null,
                    "MacAddress": "<mac>",
                    "DriverOpts": null,
                    "GwPriority": 0,
                    "NetworkID": "<net:bridge>",
                    "EndpointID": "<endpoint:bridge>",
                    "Gateway": "172.17.0.1",
                    "IPAddress": "172.17.0.2",
                    "IPPrefixLen": 16,
                    "IPv6Gateway": "",
                    "GlobalIPv6Address": "",
                    "GlobalIPv6PrefixLen": 0,
                    "DNSNames": null
                }
            }
        }
    }
]
"#;

#[test]
fn a_running_container_is_described_as_engine_28_does() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker run -d --name web -p 8080:80 nginx");
    let out = t.run("docker inspect web");
    assert_eq!(t.status(), 0);
    assert_eq!(named(&t, "web", &out), RUNNING_NGINX);
    // The same document through `docker container inspect`, and by ID prefix.
    let id = t.ctr("web").id.clone();
    assert_eq!(t.run("docker container inspect web"), out);
    assert_eq!(t.run(&format!("docker inspect {}", &id[..5])), out);
    // What the placeholders stand for: the world's own values.
    let doc = parse_json(&out);
    let c = doc.at(0);
    let world = t.s.world();
    let web = t.ctr("web");
    let bridge = world.network_by_name("bridge").unwrap();
    let ep = bridge.endpoints().get(&web.key).unwrap();
    assert_eq!(c.key("Id").str(), web.id);
    assert_eq!(c.key("Image").str(), format!("sha256:{}", t.image_id("nginx")));
    assert_eq!(c.key("State").key("Pid"), &json!(web.state.pid));
    let ns = c.key("NetworkSettings");
    assert_eq!(ns.key("IPAddress").str(), ep.ip.to_string());
    assert_eq!(ns.key("IPAddress").str(), "172.17.0.2");
    assert_eq!(ns.key("MacAddress").str(), ep.mac);
    assert_eq!(ns.key("Networks").key("bridge").key("NetworkID").str(), bridge.id);
    assert_eq!(ns.key("SandboxKey").str(), format!("/var/run/docker/netns/{}", &ns.key("SandboxID").str()[..12]));
    assert_eq!(c.key("Config").key("Hostname").str(), &web.id[..12]);
}

#[test]
fn documents_keep_the_go_structs_field_order() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker run -d --name web nginx");
    let doc = parse_json(&t.run("docker inspect web"));
    let c = doc.at(0);
    assert_eq!(
        c.keys(),
        [
            "Id",
            "Created",
            "Path",
            "Args",
            "State",
            "Image",
            "ResolvConfPath",
            "HostnamePath",
            "HostsPath",
            "LogPath",
            "Name",
            "RestartCount",
            "Driver",
            "Platform",
            "MountLabel",
            "ProcessLabel",
            "AppArmorProfile",
            "ExecIDs",
            "HostConfig",
            "GraphDriver",
            "Mounts",
            "Config",
            "NetworkSettings"
        ]
    );
    assert_eq!(
        c.key("State").keys(),
        [
            "Status",
            "Running",
            "Paused",
            "Restarting",
            "OOMKilled",
            "Dead",
            "Pid",
            "ExitCode",
            "Error",
            "StartedAt",
            "FinishedAt"
        ]
    );
    assert_eq!(
        c.key("Config").keys(),
        [
            "Hostname",
            "Domainname",
            "User",
            "AttachStdin",
            "AttachStdout",
            "AttachStderr",
            "ExposedPorts",
            "Tty",
            "OpenStdin",
            "StdinOnce",
            "Env",
            "Cmd",
            "Image",
            "Volumes",
            "WorkingDir",
            "Entrypoint",
            "OnBuild",
            "Labels",
            "StopSignal"
        ]
    );
    assert_eq!(
        c.key("NetworkSettings").key("Networks").key("bridge").keys(),
        [
            "IPAMConfig",
            "Links",
            "Aliases",
            "MacAddress",
            "DriverOpts",
            "GwPriority",
            "NetworkID",
            "EndpointID",
            "Gateway",
            "IPAddress",
            "IPPrefixLen",
            "IPv6Gateway",
            "GlobalIPv6Address",
            "GlobalIPv6PrefixLen",
            "DNSNames"
        ]
    );
    // `-s` adds the sizes after GraphDriver; ignored (with a warning) for other objects.
    let sized = parse_json(&t.run("docker inspect -s web"));
    let keys = sized.at(0).keys();
    let at = keys.iter().position(|k| *k == "GraphDriver").unwrap();
    assert_eq!(&keys[at..at + 4], ["GraphDriver", "SizeRw", "SizeRootFs", "Mounts"]);
    let size = t.s.world().images().iter().find(|i| i.repo == "nginx").unwrap().size_bytes;
    assert_eq!(sized.at(0).key("SizeRootFs"), &json!(size));
    let out = t.run("docker inspect -s -f '{{.RepoTags}}' nginx");
    assert_eq!(out, "WARNING: --size ignored for image\n[nginx:latest]\n");
}

#[test]
fn the_templates_students_use() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker network create mynet");
    t.run("docker run -d --name web --network mynet --restart on-failure:3 -l app=tienda -l tier=front nginx");
    t.run("docker run -d --name old nginx");
    let short = t.ctr("web").id[..12].to_string();
    let id = t.ctr("web").id.clone();
    let cases: Vec<(&str, String)> = vec![
        ("{{.State.Status}}", "running".into()),
        ("{{.State.Running}} {{.State.ExitCode}} {{.RestartCount}}", "true 0 0".into()),
        ("{{.Name}}", "/web".into()),
        ("{{.Id}}", id.clone()),
        ("{{.ID}}", id.clone()),
        ("{{.Config.Hostname}}", short),
        ("{{.NetworkSettings.IPAddress}}", "".into()),
        ("{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "172.18.0.2".into()),
        ("{{range $net, $ep := .NetworkSettings.Networks}}{{$net}}={{$ep.Gateway}}{{end}}", "mynet=172.18.0.1".into()),
        ("{{index .Config.Labels \"app\"}}", "tienda".into()),
        ("{{index .Config.Labels \"nope\"}}", "".into()),
        ("{{.HostConfig.RestartPolicy.Name}}:{{.HostConfig.RestartPolicy.MaximumRetryCount}}", "on-failure:3".into()),
        ("{{json .Config.Labels}}", "{\"app\":\"tienda\",\"tier\":\"front\"}".into()),
        ("{{json .Mounts}}", "[]".into()),
        ("{{json .Config.Cmd}}", "[\"nginx\",\"-g\",\"daemon off;\"]".into()),
        ("{{join .Config.Cmd \" \"}}", "nginx -g daemon off;".into()),
        ("{{upper .State.Status}} {{lower \"ABC\"}}", "RUNNING abc".into()),
        ("{{println .Name}}{{.Path}}", "/web\n/docker-entrypoint.sh".into()),
        ("{{.Config.ExposedPorts}}", "map[80/tcp:{}]".into()),
        ("{{.HostConfig.PortBindings}}", "map[]".into()),
        ("{{.Config.Env}}", "[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin NGINX_VERSION=1.27.4 NJS_VERSION=0.8.9 PKG_RELEASE=1~bookworm]".into()),
        ("{{if .State.Running}}sí{{else}}no{{end}}", "sí".into()),
    ];
    for (template, want) in cases {
        assert_eq!(t.run(&format!("docker inspect -f '{template}' web")), format!("{want}\n"), "{template}");
        assert_eq!(t.status(), 0, "{template}");
    }
    // One line per object, in the order asked.
    assert_eq!(t.run("docker inspect --format '{{.Name}} {{.State.Status}}' old web"), "/old running\n/web running\n");
    assert_eq!(t.run("docker inspect -f '{{.NetworkSettings.IPAddress}}' old"), "172.17.0.2\n");
    assert_eq!(t.run("docker inspect -f json old").lines().count(), 1);
    assert!(t.run("docker inspect -f json old").starts_with("[{\"Id\":\""));
}

#[test]
fn template_errors_are_docker_s() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker run -d --name web nginx");
    assert_eq!(
        t.run("docker inspect -f '{{.State.Status' web"),
        "template parsing error: template: :1: unclosed action\n"
    );
    assert_eq!(t.status(), 64);
    // A missing field fails on the typed object, then on the raw JSON (`missingkey=error`).
    assert_eq!(
        t.run("docker inspect -f '{{.Foo}}' web"),
        "\ntemplate parsing error: template: :1:2: executing \"\" at <.Foo>: map has no entry for key \"Foo\"\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker inspect -f '{{.Name}}' web nginx"),
        "/web\ntemplate parsing error: template: :1:2: executing \"\" at <.Name>: map has no entry for key \"Name\"\n"
    );
    assert_eq!(t.status(), 1);
}

#[test]
fn unknown_objects_and_types() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker run -d --name web nginx");
    assert_eq!(t.run("docker inspect nada"), "[]\nError: No such object: nada\n");
    assert_eq!(t.status(), 1);
    assert_eq!(t.run("docker inspect -f '{{.Name}}' nada"), "\nError: No such object: nada\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker inspect --type container nada"),
        "[]\nError response from daemon: No such container: nada\n"
    );
    assert_eq!(t.run("docker container inspect nada"), "[]\nError response from daemon: No such container: nada\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker inspect --type image nada"),
        "[]\nError response from daemon: No such image: nada:latest\n"
    );
    assert_eq!(t.run("docker image inspect nada:1.0"), "[]\nError response from daemon: No such image: nada:1.0\n");
    assert_eq!(t.run("docker inspect --type network nada"), "[]\nError response from daemon: network nada not found\n");
    assert_eq!(
        t.run("docker inspect --type volume nada"),
        "[]\nError response from daemon: get nada: no such volume\n"
    );
    assert_eq!(
        t.run("docker inspect --type cosa nada"),
        "unknown type: \"cosa\": must be one of \"config\", \"container\", \"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", \"volume\"\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker inspect --type '' web"),
        "type is empty: must be one of \"config\", \"container\", \"image\", \"network\", \"node\", \"plugin\", \"secret\", \"service\", \"task\", \"volume\"\n"
    );
    // `--type image` does not find containers.
    assert_eq!(t.run("docker inspect --type image web"), "[]\nError response from daemon: No such image: web:latest\n");
    // Found objects are printed, then the errors of the others.
    let out = t.run("docker inspect -f '{{.Name}}' nada web otra");
    assert_eq!(out, "/web\nError: No such object: nada\nError: No such object: otra\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker inspect"),
        "docker: 'docker inspect' requires at least 1 argument\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nSee 'docker inspect --help' for more information\n"
    );
}

#[test]
fn inspect_without_type_tries_containers_images_networks_and_volumes() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker network create mynet");
    t.run("docker volume create datos");
    t.run("docker create --name nginx nginx");
    let nginx = t.ctr("nginx").id.clone();
    let image = t.image_id("nginx");
    // A container named like an image wins.
    assert_eq!(t.run("docker inspect -f '{{.Id}}' nginx"), format!("{nginx}\n"));
    assert_eq!(t.run("docker inspect --type image -f '{{.Id}}' nginx"), format!("sha256:{image}\n"));
    assert_eq!(t.run("docker inspect -f '{{.Id}}' nginx:latest"), format!("sha256:{image}\n"));
    assert_eq!(t.run(&format!("docker inspect -f '{{{{.Id}}}}' {}", &image[..12])), format!("sha256:{image}\n"));
    assert_eq!(t.run(&format!("docker inspect -f '{{{{.Id}}}}' sha256:{image}")), format!("sha256:{image}\n"));
    assert_eq!(t.run("docker inspect -f '{{.Name}}' mynet datos"), "mynet\ndatos\n");
    // The same documents as `docker network inspect` / `docker volume inspect`.
    assert_eq!(t.run("docker inspect mynet"), t.run("docker network inspect mynet"));
    assert_eq!(t.run("docker inspect --type volume datos"), t.run("docker volume inspect datos"));
}

#[test]
fn created_and_stopped_containers() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker create --name web -p 8080:80 nginx");
    let state = t.run("docker inspect -f '{{json .State}}' web");
    assert_eq!(
        state,
        "{\"Status\":\"created\",\"Running\":false,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,\"Dead\":false,\"Pid\":0,\"ExitCode\":0,\"Error\":\"\",\"StartedAt\":\"0001-01-01T00:00:00Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"}\n"
    );
    // Never started: no sandbox, no endpoint, no network ID yet; bindings asked for, none made.
    let out = t.run("docker inspect -f '{{json .NetworkSettings}}' web");
    assert_eq!(
        named(&t, "web", &out),
        "{\"Bridge\":\"\",\"SandboxID\":\"\",\"SandboxKey\":\"\",\"Ports\":{},\"HairpinMode\":false,\"LinkLocalIPv6Address\":\"\",\"LinkLocalIPv6PrefixLen\":0,\"SecondaryIPAddresses\":null,\"SecondaryIPv6Addresses\":null,\"EndpointID\":\"\",\"Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"MacAddress\":\"\",\"Networks\":{\"bridge\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"MacAddress\":\"\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"\",\"EndpointID\":\"\",\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":null}}}\n"
    );
    assert_eq!(
        t.run("docker inspect -f '{{json .HostConfig.PortBindings}} {{.AppArmorProfile}}|' web"),
        "{\"80/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8080\"}]} |\n"
    );
    t.run("docker start web");
    t.s.advance(3_000);
    t.run("docker stop web");
    let doc = parse_json(&t.run("docker inspect web"));
    let c = doc.at(0);
    let state = c.key("State");
    assert_eq!(state.key("Status").str(), "exited");
    assert_eq!(state.key("Running"), &json!(false));
    assert_eq!(state.key("Pid"), &json!(0));
    assert_eq!(state.key("ExitCode"), &json!(0), "nginx stops gracefully on SIGQUIT");
    assert_rfc3339_nanos(state.key("StartedAt").str());
    assert_rfc3339_nanos(state.key("FinishedAt").str());
    assert!(state.key("FinishedAt").str() > state.key("StartedAt").str());
    assert_eq!(c.key("AppArmorProfile").str(), "docker-default");
    // Stopped: the sandbox and the addresses are gone, the network ID stays.
    let ns = c.key("NetworkSettings");
    assert_eq!(ns.key("SandboxID").str(), "");
    assert_eq!(ns.key("Ports"), &json!({}));
    assert_eq!(ns.key("IPAddress").str(), "");
    let bridge = ns.key("Networks").key("bridge");
    assert_eq!(bridge.key("NetworkID").str(), t.net_id("bridge"));
    assert_eq!(bridge.key("EndpointID").str(), "");
    assert_eq!(bridge.key("MacAddress").str(), "");
    // A process that fails: its exit code and the restart count.
    t.pull(&["alpine"]);
    t.run("docker run --name falla alpine sh -c 'exit 3'");
    assert_eq!(t.run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' falla"), "exited 3\n");
}

#[test]
fn mounts_binds_and_image_volumes() {
    let mut t = Term::new();
    t.pull(&["postgres:16"]);
    t.run("docker run -d --name db -e POSTGRES_PASSWORD=x -v datos:/var/lib/postgresql/data -v /home/alumno/conf:/etc/conf:ro -v /scratch postgres:16");
    let out = t.run("docker inspect -f '{{json .Mounts}}' db");
    let anon = t
        .ctr("db")
        .host
        .mounts
        .iter()
        .find_map(|m| match &m.kind {
            sim_core::world::container::MountKind::Volume(n) if m.anonymous => Some(n.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        out,
        format!(
            "[{{\"Type\":\"bind\",\"Source\":\"/home/alumno/conf\",\"Destination\":\"/etc/conf\",\"Mode\":\"ro\",\"RW\":false,\"Propagation\":\"rprivate\"}},\
{{\"Type\":\"volume\",\"Name\":\"{anon}\",\"Source\":\"/var/lib/docker/volumes/{anon}/_data\",\"Destination\":\"/scratch\",\"Driver\":\"local\",\"Mode\":\"\",\"RW\":true,\"Propagation\":\"\"}},\
{{\"Type\":\"volume\",\"Name\":\"datos\",\"Source\":\"/var/lib/docker/volumes/datos/_data\",\"Destination\":\"/var/lib/postgresql/data\",\"Driver\":\"local\",\"Mode\":\"z\",\"RW\":true,\"Propagation\":\"\"}}]\n"
        )
    );
    assert_eq!(
        t.run("docker inspect -f '{{json .HostConfig.Binds}} {{json .Config.Volumes}}' db"),
        "[\"datos:/var/lib/postgresql/data\",\"/home/alumno/conf:/etc/conf:ro\"] {\"/scratch\":{}}\n"
    );
    // Without a mount there, the image's VOLUME gets an anonymous volume.
    t.run("docker run -d --name db2 -e POSTGRES_PASSWORD=x postgres:16");
    assert_eq!(
        t.run("docker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}} {{len .Name}} {{.Mode}}|{{end}} {{json .Config.Volumes}} {{.HostConfig.Binds}}' db2"),
        "volume /var/lib/postgresql/data 64 | {\"/var/lib/postgresql/data\":{}} []\n"
    );
    assert_eq!(t.run("docker inspect -f '{{.Config.StopSignal}} {{.Config.Image}}' db2"), "SIGINT postgres:16\n");
}

#[test]
fn user_defined_networks_show_aliases_and_dns_names() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker network create mynet");
    t.run("docker run -d --name web --network mynet --network-alias site nginx");
    let out = t.run("docker inspect -f '{{json .NetworkSettings.Networks}}' web");
    let out = named(&t, "web", &out);
    assert_eq!(
        out,
        "{\"mynet\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":[\"site\"],\"MacAddress\":\"<mac>\",\"DriverOpts\":null,\"GwPriority\":0,\"NetworkID\":\"<net:mynet>\",\"EndpointID\":\"<endpoint:mynet>\",\"Gateway\":\"172.18.0.1\",\"IPAddress\":\"172.18.0.2\",\"IPPrefixLen\":16,\"IPv6Gateway\":\"\",\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"DNSNames\":[\"web\",\"site\",\"<short>\"]}}\n"
    );
    // The deprecated top-level fields describe only the default bridge.
    assert_eq!(
        t.run("docker inspect -f '[{{.NetworkSettings.IPAddress}}] [{{.NetworkSettings.Gateway}}]' web"),
        "[] []\n"
    );
    assert_eq!(t.run("docker inspect -f '{{.HostConfig.NetworkMode}}' web"), "mynet\n");
    // host: no addresses, the host's name.
    t.run("docker run -d --name hostnet --network host nginx");
    assert_eq!(
        t.run("docker inspect -f '{{.HostConfig.NetworkMode}} {{.Config.Hostname}} {{range $n, $e := .NetworkSettings.Networks}}{{$n}}:{{$e.IPAddress}}:{{len $e.EndpointID}}{{end}}' hostnet"),
        "host muelle host::64\n"
    );
}

#[test]
fn published_ports_while_running() {
    let mut t = Term::new();
    t.pull(&["nginx", "neo4j"]);
    t.run("docker run -d --name web -p 127.0.0.1:8080:80 -p 8443:443 nginx");
    assert_eq!(
        t.run("docker inspect -f '{{json .NetworkSettings.Ports}}' web"),
        "{\"443/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"8443\"},{\"HostIp\":\"::\",\"HostPort\":\"8443\"}],\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}\n"
    );
    assert_eq!(
        t.run("docker inspect -f '{{json .HostConfig.PortBindings}}' web"),
        "{\"443/tcp\":[{\"HostIp\":\"\",\"HostPort\":\"8443\"}],\"80/tcp\":[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"8080\"}]}\n"
    );
    // `-P`: every exposed port on an ephemeral one; exposed-only ports are `null`.
    t.run("docker run -d --name graph -P -e NEO4J_AUTH=none neo4j");
    assert_eq!(
        t.run("docker inspect -f '{{json .NetworkSettings.Ports}} {{.HostConfig.PublishAllPorts}}' graph"),
        "{\"7473/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"32768\"},{\"HostIp\":\"::\",\"HostPort\":\"32768\"}],\"7474/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"32769\"},{\"HostIp\":\"::\",\"HostPort\":\"32769\"}],\"7687/tcp\":[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"32770\"},{\"HostIp\":\"::\",\"HostPort\":\"32770\"}]} true\n"
    );
    t.run("docker run -d --name plain nginx");
    assert_eq!(t.run("docker inspect -f '{{json .NetworkSettings.Ports}}' plain"), "{\"80/tcp\":null}\n");
}

#[test]
fn healthchecks_show_their_state_and_configuration() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker run -d --name hc --health-cmd true --health-interval 2s --health-retries 5 nginx");
    assert_eq!(
        t.run("docker inspect -f '{{json .State.Health}}' hc"),
        "{\"Status\":\"starting\",\"FailingStreak\":0,\"Log\":[]}\n"
    );
    assert_eq!(
        t.run("docker inspect -f '{{json .Config.Healthcheck}}' hc"),
        "{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":2000000000,\"Retries\":5}\n"
    );
    t.s.advance(5_000);
    let doc = parse_json(&t.run("docker inspect -f '{{json .State.Health}}' hc"));
    assert_eq!(doc.key("Status").str(), "healthy");
    let J::Array(log) = doc.key("Log") else { panic!() };
    assert_eq!(log.len(), 2, "probes every 2 s for 5 s");
    assert_eq!(log[0].keys(), ["Start", "End", "ExitCode", "Output"]);
    assert_eq!(log[1].key("ExitCode"), &json!(0));
    assert!(log[0].key("Start").str() < log[1].key("Start").str());
    // No healthcheck: no Health at all.
    t.run("docker run -d --name plain nginx");
    let state = parse_json(&t.run("docker inspect -f '{{json .State}}' plain"));
    assert!(!state.keys().contains(&"Health"));
    assert!(!t.run("docker inspect -f '{{json .Config}}' plain").contains("Healthcheck"));
}

#[test]
fn an_image_is_described_as_engine_28_does() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    let image = t.image_id("alpine");
    let digest = t.s.world().images().iter().find(|i| i.repo == "alpine").unwrap().digest.clone();
    let out = t.run("docker image inspect alpine");
    assert_eq!(t.status(), 0);
    let size = t.s.world().images().iter().find(|i| i.repo == "alpine").unwrap().size_bytes;
    let masked = mask(
        &out.replace(&image, "<image>")
            .replace(&digest, "<digest>")
            .replace(&format!("\"Size\": {size},"), "\"Size\": <size>,"),
    );
    assert_eq!(
        masked,
        r#"[
    {
        "Id": "sha256:<image>",
        "RepoTags": [
            "alpine:latest"
        ],
        "RepoDigests": [
            "alpine@sha256:<digest>"
        ],
        "Parent": "",
        "Comment": "buildkit.dockerfile.v0",
        "Created": "<time>",
        "DockerVersion": "",
        "Author": "",
        "Config": {
            "Env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
            ],
            "Cmd": [
                "/bin/sh"
            ]
        },
        "Architecture": "amd64",
        "Os": "linux",
        "Size": <size>,
        "GraphDriver": {
            "Data": {
                "MergedDir": "/var/lib/docker/overlay2/<id>/merged",
                "UpperDir": "/var/lib/docker/overlay2/<id>/diff",
                "WorkDir": "/var/lib/docker/overlay2/<id>/work"
            },
            "Name": "overlay2"
        },
        "RootFS": {
            "Type": "layers",
            "Layers": [
                "sha256:<id>"
            ]
        },
        "Metadata": {
            "LastTagTime": "0001-01-01T00:00:00Z"
        }
    }
]
"#
    );
    assert!((8_000_000..9_000_000).contains(&size), "alpine is about 8 MB");
    // The same through `docker inspect`, by reference or by ID.
    assert_eq!(t.run("docker inspect alpine:latest"), out);
    assert_eq!(t.run(&format!("docker image inspect {}", &image[..12])), out);
    // Images with more layers: the lower layers, one digest per layer.
    t.pull(&["nginx"]);
    let doc = parse_json(&t.run("docker image inspect nginx"));
    let layers = t.s.world().images().iter().find(|i| i.repo == "nginx").unwrap().layers.len();
    let J::Array(diffs) = doc.at(0).key("RootFS").key("Layers") else { panic!() };
    assert_eq!(diffs.len(), layers);
    assert_eq!(doc.at(0).key("GraphDriver").key("Data").keys(), ["LowerDir", "MergedDir", "UpperDir", "WorkDir"]);
    assert_eq!(
        doc.at(0).key("Config").keys(),
        ["ExposedPorts", "Env", "Entrypoint", "Cmd", "StopSignal"],
        "empty fields are omitted in the OCI config"
    );
    assert_eq!(
        t.run("docker image inspect -f '{{.Os}}/{{.Architecture}} {{.Config.Cmd}} {{index .Config.ExposedPorts \"80/tcp\"}}' nginx"),
        "linux/amd64 [nginx -g daemon off;] {}\n"
    );
    // A tag: both names, and when it was tagged.
    t.run("docker tag alpine mi/alpine:v1");
    let doc = parse_json(&t.run("docker image inspect mi/alpine:v1"));
    assert_eq!(doc.at(0).key("RepoTags"), &json!(["alpine:latest", "mi/alpine:v1"]));
    assert_rfc3339_nanos(doc.at(0).key("Metadata").key("LastTagTime").str());
}

#[test]
fn nothing_is_html_escaped() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker create --name cc -l 'maintainer=Ana <ana@example.com> & co' alpine");
    let out = t.run("docker inspect cc");
    assert!(out.contains("\"maintainer\": \"Ana <ana@example.com> & co\""), "{out}");
    assert_eq!(
        t.run("docker inspect -f '{{json .Config.Labels}}' cc"),
        "{\"maintainer\":\"Ana <ana@example.com> & co\"}\n"
    );
}
