//! Network operations and what the network lets through: creating and
//! removing networks, connecting containers live, the embedded DNS (only on
//! user-defined networks), and whether a packet from A reaches an address.

use super::container::{Cid, NetAttach};
use super::network::{default_pools, Driver, Network, Subnet};
use super::vfs::Loc;
use super::World;
use crate::events::{Cause, EventKind};
use std::net::Ipv4Addr;

/// What a name lookup found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Addresses (several for round-robin names, shuffled), and the PTR name of the first.
    Found {
        ips: Vec<Ipv4Addr>,
        ptr: Option<String>,
        network: Option<String>,
    },
    NotFound(Cause),
}

/// Where a packet to an address ends up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The sender itself (loopback or its own address).
    Local,
    Container(Cid),
    /// The Docker host (a gateway address, or the host's own addresses).
    Host,
    /// Somewhere on the internet.
    External,
    /// Silently dropped (another network): no reply at all.
    Dropped(Cause),
    /// ARP fails inside the sender's own subnet.
    Unreachable(Cause),
    /// No route at all (`--network none`).
    NoRoute,
}

/// Public hosts that resolve from a container with internet access.
const PUBLIC_HOSTS: &[(&str, [u8; 4])] = &[
    ("google.com", [142, 250, 184, 206]),
    ("www.google.com", [142, 250, 184, 196]),
    ("example.com", [93, 184, 215, 14]),
    ("www.example.com", [93, 184, 215, 14]),
    ("github.com", [140, 82, 121, 4]),
    ("docker.com", [141, 193, 213, 21]),
    ("www.docker.com", [141, 193, 213, 21]),
    (concat!("deb", ".debian", ".org"), [151, 101, 134, 132]),
    ("archive.ubuntu.com", [91, 189, 91, 83]),
    ("dl-cdn.alpinelinux.org", [151, 101, 2, 133]),
    ("one.one.one.one", [1, 1, 1, 1]),
    ("dns.google", [8, 8, 8, 8]),
];

/// The daemon's refusals of network operations, typed. `Display` is the text after
/// `Error response from daemon: ` exactly as Docker Engine 28.2 words it (moby's
/// `daemon/network.go`, libnetwork's errors), so the CLI prints Docker's bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NetworkError {
    /// No network has this ID, name or ID prefix (`FindNetwork`).
    NoSuchNetwork { reference: String },
    /// An ID prefix several networks share.
    Ambiguous { reference: String, matches: usize },
    /// The network went away between lookup and use.
    NotFound,
    /// The container went away between lookup and use.
    NoSuchContainer,
    /// `network create` with a name already taken.
    NameInUse { name: String },
    /// A second `host` or `null` network.
    OnlyOneInstance { driver: &'static str },
    /// `overlay` outside a swarm.
    NotSwarmManager,
    /// A driver no plugin provides.
    PluginNotFound { driver: String },
    /// `--subnet` overlapping another network's.
    PoolOverlap,
    /// Every default address pool is in use.
    PoolsExhausted,
    /// `--gateway` outside `--subnet`.
    GatewayOutsideSubnet { gateway: Ipv4Addr, subnet: Subnet },
    /// `bridge`, `host`, `none` cannot be removed.
    Predefined { name: String },
    /// libnetwork's `ActiveEndpointsError` (Engine ≥ 28.1): each endpoint by its container's
    /// name and the endpoint's short ID.
    ActiveEndpoints { network: String, endpoints: Vec<(String, String)> },
    /// Connecting to or disconnecting from the host network (or a container on it).
    HostNetwork,
    /// The container already has an endpoint on the network.
    AlreadyConnected { container: String, network: String },
    /// `--alias` on a predefined network.
    AliasOnPredefined,
    /// `--ip` on the default bridge.
    IpOnDefaultBridge,
    /// `--ip` on a network whose subnet the daemon chose.
    IpWithoutUserSubnet,
    /// `--ip` taken by another endpoint.
    AddressInUse,
    /// Disconnecting a container that is not connected (the daemon words it differently for a
    /// running container and a stopped one).
    NotConnected { container_id: String, network: String, running: bool },
    /// `network create` of a predefined name (`bridge`, `host`, `none`, `default`).
    CreatePredefined { name: String },
    /// `network create ""`.
    EmptyName,
    /// A bridge with `--ipv4=false` and no `--ipv6`.
    NoAddressFamily,
    /// The daemon's `ValidateIPAM`: each subnet that is not one.
    InvalidIpam(Vec<IpamProblem>),
    /// The daemon's `validateEndpointSettings` (`connect --ip`/`--alias`).
    InvalidEndpoint(Vec<EndpointProblem>),
    /// Connecting a container not in host network mode to the host network.
    HostModeRequired,
    /// Connecting a container that shares another's (or the host's) network namespace.
    SharedNamespace,
    /// Connecting a container on `none` to another network, or to `none` a connected one.
    PrivateNone,
    /// Disconnecting a host-mode container from the host network.
    DisconnectHostMode,
}

/// One of `ValidateIPAM`'s findings (joined under `invalid network config:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IpamProblem {
    /// `invalid subnet <s>: invalid CIDR block notation`.
    NotCidr(String),
    /// `invalid subnet <s>: it should be <s without host bits>`.
    HostBits(Subnet),
}

impl std::fmt::Display for IpamProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IpamProblem::NotCidr(s) => write!(f, "invalid subnet {s}: invalid CIDR block notation"),
            IpamProblem::HostBits(sub) => {
                write!(f, "invalid subnet {sub}: it should be {}", Subnet::new(sub.base, sub.prefix))
            }
        }
    }
}

/// One of `validateEndpointSettings`' findings (joined under `invalid endpoint settings:`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointProblem {
    /// `--ip` on a predefined network.
    IpOnPredefined,
    /// `--alias` on a predefined network.
    AliasOnPredefined,
    /// `invalid IPv4 address: <ip>`.
    BadIp(String),
    /// `no configured subnet or ip-range contain the IP address <ip>`.
    IpOutsideSubnet(String),
    /// `--ip` on a network whose subnet the daemon chose.
    IpWithoutUserSubnet,
}

impl std::fmt::Display for EndpointProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EndpointProblem::IpOnPredefined => NetworkError::IpOnDefaultBridge.fmt(f),
            EndpointProblem::AliasOnPredefined => NetworkError::AliasOnPredefined.fmt(f),
            EndpointProblem::BadIp(ip) => write!(f, "invalid IPv4 address: {ip}"),
            EndpointProblem::IpOutsideSubnet(ip) => {
                write!(f, "no configured subnet or ip-range contain the IP address {ip}")
            }
            EndpointProblem::IpWithoutUserSubnet => NetworkError::IpWithoutUserSubnet.fmt(f),
        }
    }
}

/// Go's `errors.Join` of a validation's findings under its heading: one on its own line, more
/// as a `* ` list.
fn joined<T: std::fmt::Display>(f: &mut std::fmt::Formatter<'_>, heading: &str, items: &[T]) -> std::fmt::Result {
    match items {
        [one] => write!(f, "{heading}:\n{one}"),
        many => {
            write!(f, "{heading}:")?;
            for item in many {
                write!(f, "\n* {item}")?;
            }
            Ok(())
        }
    }
}

impl std::fmt::Display for NetworkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NetworkError::NoSuchNetwork { reference } => write!(f, "network {reference} not found"),
            NetworkError::Ambiguous { reference, matches } => {
                write!(f, "network {reference} is ambiguous ({matches} matches found based on ID prefix)")
            }
            NetworkError::NotFound => f.write_str("network not found"),
            NetworkError::NoSuchContainer => f.write_str("No such container"),
            NetworkError::NameInUse { name } => write!(f, "network with name {name} already exists"),
            NetworkError::OnlyOneInstance { driver } => write!(f, "only one instance of \"{driver}\" network is allowed"),
            NetworkError::NotSwarmManager => f.write_str("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again."),
            NetworkError::PluginNotFound { driver } => write!(f, "plugin \"{driver}\" not found"),
            NetworkError::PoolOverlap => f.write_str("invalid pool request: Pool overlaps with other one on this address space"),
            NetworkError::PoolsExhausted => f.write_str("all predefined address pools have been fully subnetted"),
            NetworkError::GatewayOutsideSubnet { gateway, subnet } => {
                write!(f, "invalid pool request: Gateway {gateway} is not in subnet {subnet}")
            }
            NetworkError::Predefined { name } => write!(f, "{name} is a pre-defined network and cannot be removed"),
            NetworkError::ActiveEndpoints { network, endpoints } => {
                let list: Vec<String> =
                    endpoints.iter().map(|(name, id)| format!("name:\"{name}\" id:\"{id}\"")).collect();
                write!(f, "error while removing network: network {network} has active endpoints ({})", list.join(", "))
            }
            NetworkError::HostNetwork => {
                f.write_str("container cannot be disconnected from host network or connected to host network")
            }
            NetworkError::AlreadyConnected { container, network } => {
                write!(f, "endpoint with name {container} already exists in network {network}")
            }
            NetworkError::AliasOnPredefined => {
                f.write_str("network-scoped alias is supported only for containers in user defined networks")
            }
            NetworkError::IpOnDefaultBridge => {
                f.write_str("user specified IP address is supported on user defined networks only")
            }
            NetworkError::IpWithoutUserSubnet => f.write_str(
                "user specified IP address is supported only when connecting to networks with user configured subnets",
            ),
            NetworkError::AddressInUse => f.write_str("Address already in use"),
            NetworkError::NotConnected { container_id, network, running: true } => {
                write!(f, "container {container_id} is not connected to network {network}")
            }
            NetworkError::NotConnected { container_id, network, running: false } => {
                write!(f, "container {container_id} is not connected to the network {network}")
            }
            NetworkError::CreatePredefined { name } => {
                write!(f, "operation is not permitted on predefined {name} network ")
            }
            NetworkError::EmptyName => f.write_str("invalid name: name is empty"),
            NetworkError::NoAddressFamily => f.write_str("IPv4 or IPv6 must be enabled"),
            NetworkError::InvalidIpam(problems) => joined(f, "invalid network config", problems),
            NetworkError::InvalidEndpoint(problems) => joined(f, "invalid endpoint settings", problems),
            NetworkError::HostModeRequired => f.write_str(
                "cannot connect container to host network - container must be created in host network mode",
            ),
            NetworkError::SharedNamespace => f.write_str(
                "container sharing network namespace with another container or host cannot be connected to any other network",
            ),
            NetworkError::PrivateNone => f.write_str(
                "container cannot be connected to multiple networks with one of the networks in private (none) mode",
            ),
            NetworkError::DisconnectHostMode => f.write_str(
                "cannot disconnect container from host network - container was created in host network mode",
            ),
        }
    }
}

/// The daemon's `validateEndpointSettings` for `--ip` and `--alias`.
fn validate_endpoint(net: &Network, ip: Option<&str>, aliases: &[String]) -> Result<(), NetworkError> {
    let mut problems = Vec::new();
    if net.predefined {
        if ip.is_some() {
            problems.push(EndpointProblem::IpOnPredefined);
        }
        if !aliases.is_empty() {
            problems.push(EndpointProblem::AliasOnPredefined);
        }
    }
    if let Some(ip) = ip {
        let parsed = ip.parse::<Ipv4Addr>().ok().filter(|a| !a.is_unspecified());
        if parsed.is_none() {
            problems.push(EndpointProblem::BadIp(ip.to_string()));
        }
        let static_subnet = net.user_subnet || net.is_default_bridge();
        if static_subnet {
            let inside = parsed.zip(net.subnet).is_some_and(|(a, s)| s.contains(a));
            if !inside {
                problems.push(EndpointProblem::IpOutsideSubnet(ip.to_string()));
            }
        } else {
            problems.push(EndpointProblem::IpWithoutUserSubnet);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(NetworkError::InvalidEndpoint(problems))
    }
}

impl World {
    /// What the daemon checks before it attaches container `cid` to network `key` (`docker
    /// network connect`): endpoint settings, host networking, a second endpoint, namespaces
    /// shared or private. `Ok` also when a stopped container is already connected (its
    /// settings are kept).
    pub fn check_connect(
        &self,
        key: super::NetId,
        cid: Cid,
        ip: Option<&str>,
        aliases: &[String],
    ) -> Result<(), NetworkError> {
        let (Some(net), Some(c)) = (self.network(key), self.container(cid)) else {
            return Err(NetworkError::NotFound);
        };
        validate_endpoint(net, ip, aliases)?;
        let host_mode = c.host.network_mode == "host";
        if !host_mode && net.driver == Driver::Host {
            return Err(NetworkError::HostModeRequired);
        }
        for attach in &c.networks {
            let Some(current) = self.network(attach.net) else { continue };
            if current.key == key {
                if c.is_running() {
                    return Err(NetworkError::AlreadyConnected {
                        container: c.name.clone(),
                        network: net.name.clone(),
                    });
                }
                return Ok(());
            }
            if current.driver == Driver::Host || net.driver == Driver::Host {
                return Err(NetworkError::SharedNamespace);
            }
            if current.name == "none" || net.name == "none" {
                return Err(NetworkError::PrivateNone);
            }
        }
        Ok(())
    }

    pub(super) fn create_predefined_networks(&mut self) {
        let pools = default_pools();
        for (name, driver) in [("bridge", Driver::Bridge), ("host", Driver::Host), ("none", Driver::Null)] {
            let key = self.alloc_net();
            let id = self.rng.hex64();
            let (subnet, gateway, options) = if name == "bridge" {
                (
                    Some(pools[0]),
                    Some(pools[0].first_host()),
                    vec![
                        ("com.docker.network.bridge.default_bridge".into(), "true".into()),
                        ("com.docker.network.bridge.enable_icc".into(), "true".into()),
                        ("com.docker.network.bridge.enable_ip_masquerade".into(), "true".into()),
                        ("com.docker.network.bridge.host_binding_ipv4".into(), "0.0.0.0".into()),
                        ("com.docker.network.bridge.name".into(), "docker0".into()),
                        ("com.docker.network.driver.mtu".into(), "1500".into()),
                    ],
                )
            } else {
                (None, None, vec![])
            };
            self.networks.insert(
                key,
                Network {
                    key,
                    id,
                    name: name.into(),
                    driver,
                    subnet,
                    gateway,
                    user_subnet: false,
                    user_gateway: false,
                    internal: false,
                    attachable: false,
                    ipv6: false,
                    predefined: true,
                    created: self.now(),
                    labels: vec![],
                    options,
                    addrs: Default::default(),
                },
            );
        }
    }

    /// `--ipv6` on a network just created (IPv6 addresses are not simulated; inspect shows it).
    pub fn set_network_ipv6(&mut self, key: super::NetId, ipv6: bool) {
        if let Some(net) = self.networks.get_mut(&key) {
            net.ipv6 = ipv6;
            self.revision += 1;
        }
    }

    /// `docker network create`. Returns the new network's key.
    #[allow(clippy::too_many_arguments)]
    pub fn create_network(
        &mut self,
        name: &str,
        driver: &str,
        subnet: Option<Subnet>,
        gateway: Option<Ipv4Addr>,
        internal: bool,
        attachable: bool,
        labels: Vec<(String, String)>,
        options: Vec<(String, String)>,
    ) -> Result<super::NetId, NetworkError> {
        if self.network_by_name(name).is_some() {
            return Err(NetworkError::NameInUse { name: name.to_string() });
        }
        let driver = Driver::parse(driver);
        match &driver {
            Driver::Bridge => {}
            Driver::Host | Driver::Null => {
                return Err(NetworkError::OnlyOneInstance {
                    driver: if driver == Driver::Host { "host" } else { "null" },
                })
            }
            Driver::Other(d) if d == "overlay" => return Err(NetworkError::NotSwarmManager),
            Driver::Other(d) if d == "macvlan" || d == "ipvlan" => {}
            Driver::Other(d) => return Err(NetworkError::PluginNotFound { driver: d.clone() }),
        }
        let used: Vec<Subnet> = self.networks.values().filter_map(|n| n.subnet).collect();
        let (subnet, user_subnet) = match subnet {
            Some(s) => {
                if used.iter().any(|u| u.overlaps(&s)) {
                    return Err(NetworkError::PoolOverlap);
                }
                (s, true)
            }
            None => match default_pools().into_iter().find(|p| !used.iter().any(|u| u.overlaps(p))) {
                Some(p) => (p, false),
                None => return Err(NetworkError::PoolsExhausted),
            },
        };
        if let Some(gw) = gateway {
            if !subnet.contains(gw) {
                return Err(NetworkError::GatewayOutsideSubnet { gateway: gw, subnet });
            }
        }
        let key = self.alloc_net();
        let id = self.rng.hex64();
        self.networks.insert(
            key,
            Network {
                key,
                id,
                name: name.to_string(),
                driver,
                subnet: Some(subnet),
                gateway: Some(gateway.unwrap_or_else(|| subnet.first_host())),
                user_subnet,
                user_gateway: gateway.is_some(),
                internal,
                attachable,
                ipv6: false,
                predefined: false,
                created: self.now(),
                labels,
                options,
                addrs: Default::default(),
            },
        );
        self.record(EventKind::NetworkCreated { name: name.to_string(), subnet: subnet.to_string() });
        Ok(key)
    }

    /// The daemon's `FindNetwork` for the network commands: a full ID, then a name, then a
    /// unique ID prefix.
    pub fn lookup_network(&self, reference: &str) -> Result<super::NetId, NetworkError> {
        if let Some(n) = self.networks.values().find(|n| n.id == reference) {
            return Ok(n.key);
        }
        if let Some(n) = self.networks.values().find(|n| n.name == reference) {
            return Ok(n.key);
        }
        let by_prefix: Vec<super::NetId> = self
            .networks
            .values()
            .filter(|n| !reference.is_empty() && n.id.starts_with(reference))
            .map(|n| n.key)
            .collect();
        match by_prefix.as_slice() {
            [one] => Ok(*one),
            [] => Err(NetworkError::NoSuchNetwork { reference: reference.to_string() }),
            many => Err(NetworkError::Ambiguous { reference: reference.to_string(), matches: many.len() }),
        }
    }

    /// `docker network rm`: refused for predefined networks and networks with running containers.
    pub fn remove_network(&mut self, key: super::NetId) -> Result<(), NetworkError> {
        let Some(net) = self.networks.get(&key) else {
            return Err(NetworkError::NotFound);
        };
        if net.predefined {
            return Err(NetworkError::Predefined { name: net.name.clone() });
        }
        if !net.endpoints().is_empty() {
            // libnetwork's `ActiveEndpointsError` (Engine ≥ 28.1), wrapped by the daemon: each
            // endpoint by its container's name and the endpoint's short ID.
            let endpoints: Vec<(String, String)> = net
                .endpoints()
                .iter()
                .map(|(cid, ep)| {
                    let name = self.containers.get(cid).map_or("", |c| c.name.as_str());
                    (name.to_string(), ep.endpoint_id.get(..12).unwrap_or(&ep.endpoint_id).to_string())
                })
                .collect();
            return Err(NetworkError::ActiveEndpoints { network: net.name.clone(), endpoints });
        }
        let name = net.name.clone();
        self.networks.remove(&key);
        for c in self.containers.values_mut() {
            c.networks.retain(|a| a.net != key);
        }
        self.record(EventKind::NetworkRemoved { name });
        Ok(())
    }

    /// `docker network connect`: live for a running container.
    pub fn connect(
        &mut self,
        key: super::NetId,
        cid: Cid,
        aliases: Vec<String>,
        ip: Option<Ipv4Addr>,
    ) -> Result<(), NetworkError> {
        let Some(net) = self.networks.get(&key) else { return Err(NetworkError::NotFound) };
        let Some(c) = self.containers.get(&cid) else { return Err(NetworkError::NoSuchContainer) };
        let on_host_or_none = |n: &str| n == "host" || n == "none";
        if on_host_or_none(&c.host.network_mode) || net.name == "host" {
            return Err(NetworkError::HostNetwork);
        }
        if c.networks.iter().any(|a| a.net == key) {
            return Err(NetworkError::AlreadyConnected { container: c.name.clone(), network: net.name.clone() });
        }
        if !aliases.is_empty() && net.predefined {
            return Err(NetworkError::AliasOnPredefined);
        }
        if ip.is_some() && !net.user_subnet {
            return Err(if net.is_default_bridge() {
                NetworkError::IpOnDefaultBridge
            } else {
                NetworkError::IpWithoutUserSubnet
            });
        }
        if let Some(ip) = ip {
            if net.ip_in_use(ip, cid) {
                return Err(NetworkError::AddressInUse);
            }
        }
        let attach = NetAttach { net: key, aliases, ipv4: ip };
        let running = c.is_running();
        let (cname, nname) = (c.name.clone(), net.name.clone());
        self.containers.get_mut(&cid).expect("present").networks.push(attach.clone());
        if running {
            self.join_network(cid, &attach);
            self.write_etc_files(cid);
        } else {
            self.record(EventKind::NetworkConnected { container: cname, network: nname, ip: None });
        }
        Ok(())
    }

    /// `docker network disconnect`.
    pub fn disconnect(&mut self, key: super::NetId, cid: Cid) -> Result<(), NetworkError> {
        let Some(net) = self.networks.get(&key) else { return Err(NetworkError::NotFound) };
        let Some(c) = self.containers.get(&cid) else { return Err(NetworkError::NoSuchContainer) };
        if net.name == "host" || c.host.network_mode == "host" {
            return Err(NetworkError::HostNetwork);
        }
        if !c.networks.iter().any(|a| a.net == key) {
            return Err(NetworkError::NotConnected {
                container_id: c.id.clone(),
                network: net.name.clone(),
                running: c.is_running(),
            });
        }
        let (cname, nname) = (c.name.clone(), net.name.clone());
        self.containers.get_mut(&cid).expect("present").networks.retain(|a| a.net != key);
        let net = self.networks.get_mut(&key).expect("present");
        net.addrs.remove_endpoint(cid);
        net.addrs.unreserve(cid);
        self.record(EventKind::NetworkDisconnected { container: cname, network: nname });
        Ok(())
    }

    /// Networks a container has an endpoint on right now.
    pub fn endpoints_of(&self, cid: Cid) -> Vec<(&Network, &super::network::Endpoint)> {
        self.networks.values().filter_map(|n| n.endpoints().get(&cid).map(|e| (n, e))).collect()
    }

    /// The container's first address (for `hostname -i`, `/etc/hosts`).
    pub fn primary_ip(&self, cid: Cid) -> Option<Ipv4Addr> {
        let c = self.containers.get(&cid)?;
        c.networks.iter().find_map(|a| self.networks.get(&a.net)?.endpoints().get(&cid).map(|e| e.ip))
    }

    /// Resolves `name` as seen from `from` (embedded DNS, /etc/hosts, upstream).
    pub fn resolve(&mut self, from: Loc, name: &str) -> Resolution {
        let result = self.resolve_quiet(from, name);
        let actor = self.actor(from);
        let (result_for_log, network) = match &result {
            Resolution::Found { ips, network, .. } => (Ok(ips[0]), network.clone()),
            Resolution::NotFound(c) => (Err(c.clone()), None),
        };
        if name.parse::<Ipv4Addr>().is_err() {
            self.record(EventKind::DnsLookup { from: actor, query: name.to_string(), network, result: result_for_log });
        }
        result
    }

    pub fn actor(&self, loc: Loc) -> crate::events::Actor {
        match loc {
            Loc::Host => crate::events::Actor::Host,
            Loc::Container(cid) => {
                crate::events::Actor::Container(self.containers.get(&cid).map(|c| c.name.clone()).unwrap_or_default())
            }
        }
    }

    fn resolve_quiet(&mut self, from: Loc, name: &str) -> Resolution {
        if let Ok(ip) = name.parse::<Ipv4Addr>() {
            return Resolution::Found { ips: vec![ip], ptr: None, network: None };
        }
        let lname = name.trim_end_matches('.').to_ascii_lowercase();
        if lname == "localhost" || lname == "ip6-localhost" {
            return Resolution::Found { ips: vec![Ipv4Addr::LOCALHOST], ptr: Some("localhost".into()), network: None };
        }
        match from {
            Loc::Host => {
                if lname == super::HOST_NAME {
                    return Resolution::Found {
                        ips: vec![Ipv4Addr::new(127, 0, 1, 1)],
                        ptr: Some(super::HOST_NAME.into()),
                        network: None,
                    };
                }
                if let Some(ip) = public_host(&lname) {
                    return Resolution::Found { ips: vec![ip], ptr: None, network: None };
                }
                Resolution::NotFound(self.why_unresolved(from, &lname))
            }
            Loc::Container(cid) => {
                let Some(c) = self.containers.get(&cid) else {
                    return Resolution::NotFound(Cause::UnknownName { name: name.into() });
                };
                // /etc/hosts: its own hostname.
                if lname == c.config.hostname.to_ascii_lowercase() {
                    if let Some(ip) = self.primary_ip(cid) {
                        return Resolution::Found {
                            ips: vec![ip],
                            ptr: Some(c.config.hostname.clone()),
                            network: None,
                        };
                    }
                }
                let mut found: Vec<(Ipv4Addr, String)> = Vec::new();
                let mut via = None;
                for (net, _) in self.endpoints_of(cid) {
                    if !net.has_dns() {
                        continue;
                    }
                    let suffix = format!(".{}", net.name.to_ascii_lowercase());
                    let short = lname.strip_suffix(&suffix).unwrap_or(&lname);
                    for (peer, ep) in net.endpoints() {
                        if ep.dns_names.iter().any(|n| n.to_ascii_lowercase() == short) {
                            let pname = self.containers.get(peer).map(|p| p.name.clone()).unwrap_or_default();
                            found.push((ep.ip, format!("{pname}.{}", net.name)));
                            via.get_or_insert_with(|| net.name.clone());
                        }
                    }
                    if !found.is_empty() {
                        break;
                    }
                }
                if !found.is_empty() {
                    self.rng.shuffle(&mut found);
                    let ptr = Some(found[0].1.clone());
                    return Resolution::Found { ips: found.into_iter().map(|(ip, _)| ip).collect(), ptr, network: via };
                }
                let has_outside = self.endpoints_of(cid).iter().any(|(n, _)| !n.internal);
                if let Some(ip) = public_host(&lname) {
                    if has_outside {
                        return Resolution::Found { ips: vec![ip], ptr: None, network: None };
                    }
                    return Resolution::NotFound(Cause::InternalNetwork);
                }
                Resolution::NotFound(self.why_unresolved(from, &lname))
            }
        }
    }

    /// Explains a failed lookup of a container name.
    fn why_unresolved(&self, from: Loc, lname: &str) -> Cause {
        let base = lname.split('.').next().unwrap_or(lname);
        let target = self.containers.values().find(|c| {
            c.name.to_ascii_lowercase() == base
                || c.networks.iter().any(|a| a.aliases.iter().any(|al| al.to_ascii_lowercase() == base))
                || c.compose.as_ref().is_some_and(|(_, svc)| svc.to_ascii_lowercase() == base)
        });
        let Some(target) = target else {
            return Cause::UnknownName { name: lname.to_string() };
        };
        if !target.is_running() {
            return Cause::TargetNotRunning { target: target.name.clone() };
        }
        if let Loc::Container(cid) = from {
            let mine = self.endpoints_of(cid);
            if mine.is_empty() {
                return Cause::NoNetwork;
            }
            let theirs = self.endpoints_of(target.key);
            let shared = mine.iter().any(|(n, _)| theirs.iter().any(|(m, _)| m.key == n.key));
            if shared && mine.iter().all(|(n, _)| !n.has_dns()) {
                return Cause::DefaultBridgeHasNoDns { target: target.name.clone() };
            }
            if mine.iter().all(|(n, _)| n.is_default_bridge()) && theirs.iter().any(|(n, _)| n.is_default_bridge()) {
                return Cause::DefaultBridgeHasNoDns { target: target.name.clone() };
            }
        }
        Cause::NoSharedNetwork { target: target.name.clone() }
    }

    /// Where a packet from `from` to `ip` goes.
    pub fn reach(&self, from: Loc, ip: Ipv4Addr) -> Reach {
        if ip.is_loopback() {
            return Reach::Local;
        }
        match from {
            Loc::Host => {
                if ip == super::HOST_LAN_IP {
                    return Reach::Local;
                }
                for net in self.networks.values() {
                    if net.gateway == Some(ip) {
                        return Reach::Local;
                    }
                    if let Some((cid, _)) = net.endpoints().iter().find(|(_, e)| e.ip == ip) {
                        return Reach::Container(*cid);
                    }
                }
                for net in self.networks.values() {
                    if net.subnet.is_some_and(|s| s.contains(ip)) {
                        return Reach::Unreachable(Cause::HostUnreachable { ip });
                    }
                }
                Reach::External
            }
            Loc::Container(cid) => {
                let Some(c) = self.containers.get(&cid) else { return Reach::NoRoute };
                if c.host.network_mode == "host" {
                    return self.reach(Loc::Host, ip);
                }
                let mine = self.endpoints_of(cid);
                if mine.is_empty() {
                    return Reach::NoRoute;
                }
                for (net, ep) in &mine {
                    if ep.ip == ip {
                        return Reach::Local;
                    }
                    if net.gateway == Some(ip) {
                        return Reach::Host;
                    }
                    if let Some((peer, _)) = net.endpoints().iter().find(|(_, e)| e.ip == ip) {
                        return Reach::Container(*peer);
                    }
                }
                for (net, ep) in &mine {
                    if net.subnet.is_some_and(|s| s.contains(ip)) {
                        let _ = ep;
                        return Reach::Unreachable(Cause::HostUnreachable { ip });
                    }
                }
                // Another Docker network: dropped by the isolation rules.
                if self.networks.values().any(|n| n.subnet.is_some_and(|s| s.contains(ip))) {
                    return Reach::Dropped(Cause::DifferentNetwork { ip });
                }
                if ip == super::HOST_LAN_IP {
                    return Reach::Host;
                }
                if mine.iter().all(|(n, _)| n.internal) {
                    return Reach::Dropped(Cause::InternalNetwork);
                }
                Reach::External
            }
        }
    }
}

fn public_host(name: &str) -> Option<Ipv4Addr> {
    PUBLIC_HOSTS.iter().find(|(n, _)| *n == name).map(|(_, o)| Ipv4Addr::from(*o))
}

#[cfg(test)]
mod tests {
    use super::NetworkError as E;
    use crate::world::network::Subnet;
    use std::net::Ipv4Addr;

    /// Each refusal's text is Docker Engine 28.2's, byte for byte: the strings the daemon
    /// methods built before the errors were typed (the golden transcripts check them in context).
    #[test]
    fn network_errors_print_the_daemons_words() {
        let s = |x: &str| x.to_string();
        let subnet = Subnet::parse("10.5.0.0/16").expect("subnet");
        let cases: Vec<(E, &str)> = vec![
            (E::NoSuchNetwork { reference: s("red") }, "network red not found"),
            (E::Ambiguous { reference: s("a"), matches: 2 }, "network a is ambiguous (2 matches found based on ID prefix)"),
            (E::NotFound, "network not found"),
            (E::NameInUse { name: s("red") }, "network with name red already exists"),
            (E::OnlyOneInstance { driver: "host" }, "only one instance of \"host\" network is allowed"),
            (E::OnlyOneInstance { driver: "null" }, "only one instance of \"null\" network is allowed"),
            (E::NotSwarmManager, "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again."),
            (E::PluginNotFound { driver: s("weave") }, "plugin \"weave\" not found"),
            (E::PoolOverlap, "invalid pool request: Pool overlaps with other one on this address space"),
            (E::PoolsExhausted, "all predefined address pools have been fully subnetted"),
            (
                E::GatewayOutsideSubnet { gateway: Ipv4Addr::new(10, 6, 0, 1), subnet },
                "invalid pool request: Gateway 10.6.0.1 is not in subnet 10.5.0.0/16",
            ),
            (E::Predefined { name: s("bridge") }, "bridge is a pre-defined network and cannot be removed"),
            (
                E::ActiveEndpoints {
                    network: s("red"),
                    endpoints: vec![(s("web"), s("0123456789ab")), (s("db"), s("ba9876543210"))],
                },
                "error while removing network: network red has active endpoints (name:\"web\" id:\"0123456789ab\", name:\"db\" id:\"ba9876543210\")",
            ),
            (E::HostNetwork, "container cannot be disconnected from host network or connected to host network"),
            (E::AlreadyConnected { container: s("web"), network: s("red") }, "endpoint with name web already exists in network red"),
            (E::AliasOnPredefined, "network-scoped alias is supported only for containers in user defined networks"),
            (E::IpOnDefaultBridge, "user specified IP address is supported on user defined networks only"),
            (
                E::IpWithoutUserSubnet,
                "user specified IP address is supported only when connecting to networks with user configured subnets",
            ),
            (E::AddressInUse, "Address already in use"),
            (
                E::NotConnected { container_id: s("abc"), network: s("red"), running: true },
                "container abc is not connected to network red",
            ),
            (
                E::NotConnected { container_id: s("abc"), network: s("red"), running: false },
                "container abc is not connected to the network red",
            ),
            (E::CreatePredefined { name: s("host") }, "operation is not permitted on predefined host network "),
            (E::EmptyName, "invalid name: name is empty"),
            (E::NoAddressFamily, "IPv4 or IPv6 must be enabled"),
            (
                E::InvalidIpam(vec![super::IpamProblem::NotCidr(s("10.0.0.0"))]),
                "invalid network config:\ninvalid subnet 10.0.0.0: invalid CIDR block notation",
            ),
            (
                E::InvalidIpam(vec![
                    super::IpamProblem::NotCidr(s("x")),
                    super::IpamProblem::HostBits(Subnet::parse("10.5.0.1/16").expect("subnet")),
                ]),
                "invalid network config:\n* invalid subnet x: invalid CIDR block notation\n* invalid subnet 10.5.0.1/16: it should be 10.5.0.0/16",
            ),
            (
                E::InvalidEndpoint(vec![super::EndpointProblem::BadIp(s("10.0.0.300"))]),
                "invalid endpoint settings:\ninvalid IPv4 address: 10.0.0.300",
            ),
            (
                E::InvalidEndpoint(vec![
                    super::EndpointProblem::IpOnPredefined,
                    super::EndpointProblem::AliasOnPredefined,
                    super::EndpointProblem::IpOutsideSubnet(s("10.9.0.2")),
                    super::EndpointProblem::IpWithoutUserSubnet,
                ]),
                "invalid endpoint settings:\n* user specified IP address is supported on user defined networks only\n* network-scoped alias is supported only for containers in user defined networks\n* no configured subnet or ip-range contain the IP address 10.9.0.2\n* user specified IP address is supported only when connecting to networks with user configured subnets",
            ),
            (
                E::HostModeRequired,
                "cannot connect container to host network - container must be created in host network mode",
            ),
            (
                E::SharedNamespace,
                "container sharing network namespace with another container or host cannot be connected to any other network",
            ),
            (
                E::PrivateNone,
                "container cannot be connected to multiple networks with one of the networks in private (none) mode",
            ),
            (
                E::DisconnectHostMode,
                "cannot disconnect container from host network - container was created in host network mode",
            ),
        ];
        for (e, text) in cases {
            assert_eq!(e.to_string(), text, "{e:?}");
        }
    }
}
