//! Networks and their address management: Docker's default pools in
//! Docker's order, lowest-free subnet and address allocation, and the
//! endpoints (IP, MAC, aliases) that exist while a container runs.

use super::Cid;
use crate::time::SimTime;
use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;

pub type NetId = u32;

/// An IPv4 subnet in CIDR form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Subnet {
    pub base: Ipv4Addr,
    pub prefix: u8,
}

impl Subnet {
    pub fn new(base: Ipv4Addr, prefix: u8) -> Subnet {
        let prefix = prefix.min(32);
        let mask = Self::mask_of(prefix);
        Subnet { base: Ipv4Addr::from(u32::from(base) & mask), prefix }
    }

    fn mask_of(prefix: u8) -> u32 {
        if prefix == 0 {
            0
        } else {
            u32::MAX << (32 - prefix as u32)
        }
    }

    /// Parses `172.18.0.0/16`. The host bits must be zero, as Docker requires.
    pub fn parse(s: &str) -> Option<Subnet> {
        let (ip, prefix) = s.split_once('/')?;
        let ip: Ipv4Addr = ip.parse().ok()?;
        let prefix: u8 = prefix.parse().ok().filter(|p| *p <= 32)?;
        Some(Subnet { base: ip, prefix })
    }

    /// True when the address has host bits set (`172.18.0.1/16` as a subnet).
    pub fn has_host_bits(&self) -> bool {
        u32::from(self.base) & !Self::mask_of(self.prefix) != 0
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        u32::from(ip) & Self::mask_of(self.prefix) == u32::from(self.base) & Self::mask_of(self.prefix)
    }

    pub fn overlaps(&self, other: &Subnet) -> bool {
        let p = self.prefix.min(other.prefix);
        let m = Self::mask_of(p);
        u32::from(self.base) & m == u32::from(other.base) & m
    }

    pub fn first_host(&self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.base).wrapping_add(1))
    }

    pub fn broadcast(&self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.base) | !Self::mask_of(self.prefix))
    }

    /// Splits this subnet into pieces of `prefix` bits.
    pub fn split(&self, prefix: u8) -> Vec<Subnet> {
        if prefix < self.prefix || prefix > 32 {
            return vec![*self];
        }
        let count = 1u32 << (prefix - self.prefix);
        let step = 1u32 << (32 - prefix as u32);
        (0..count).map(|i| Subnet::new(Ipv4Addr::from(u32::from(self.base) + i * step), prefix)).collect()
    }
}

impl fmt::Display for Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix)
    }
}

/// moby's default local address pools, in the order they are tried.
pub fn default_pools() -> Vec<Subnet> {
    let mut pools = vec![
        Subnet::new(Ipv4Addr::new(172, 17, 0, 0), 16),
        Subnet::new(Ipv4Addr::new(172, 18, 0, 0), 16),
        Subnet::new(Ipv4Addr::new(172, 19, 0, 0), 16),
    ];
    for b in [20u8, 24, 28] {
        pools.extend(Subnet::new(Ipv4Addr::new(172, b, 0, 0), 14).split(16));
    }
    pools.extend(Subnet::new(Ipv4Addr::new(192, 168, 0, 0), 16).split(20));
    pools
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Driver {
    Bridge,
    Host,
    Null,
    Other(String),
}

impl Driver {
    pub fn parse(s: &str) -> Driver {
        match s {
            "bridge" => Driver::Bridge,
            "host" => Driver::Host,
            "null" | "none" => Driver::Null,
            other => Driver::Other(other.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Driver::Bridge => "bridge",
            Driver::Host => "host",
            Driver::Null => "null",
            Driver::Other(s) => s,
        }
    }
}

/// A container's presence on a network while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: Ipv4Addr,
    pub mac: String,
    pub endpoint_id: String,
    /// Every DNS name this endpoint answers to on this network, first = PTR name.
    pub dns_names: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Network {
    pub key: NetId,
    pub id: String,
    pub name: String,
    pub driver: Driver,
    pub subnet: Option<Subnet>,
    pub gateway: Option<Ipv4Addr>,
    /// The subnet was given by the user (`--subnet`), which allows `--ip`.
    pub user_subnet: bool,
    /// The gateway was given by the user (`--gateway`): inspect lists it with a user subnet.
    pub user_gateway: bool,
    pub internal: bool,
    pub attachable: bool,
    pub ipv6: bool,
    /// `bridge`, `host` and `none`: cannot be removed, `bridge` has no DNS.
    pub predefined: bool,
    pub created: SimTime,
    pub labels: Vec<(String, String)>,
    pub options: Vec<(String, String)>,
    pub endpoints: BTreeMap<Cid, Endpoint>,
    /// Addresses handed out with `--ip` to containers that are not running: kept reserved.
    pub reserved: BTreeMap<Cid, Ipv4Addr>,
}

impl Network {
    /// Whether the embedded DNS server answers on this network.
    pub fn has_dns(&self) -> bool {
        !self.predefined && self.driver == Driver::Bridge
    }

    pub fn is_default_bridge(&self) -> bool {
        self.predefined && self.name == "bridge"
    }

    /// Lowest free host address (Docker's allocator), skipping the gateway.
    pub fn lowest_free_ip(&self) -> Option<Ipv4Addr> {
        let subnet = self.subnet?;
        let used = crate::sort::set_from(
            self.endpoints
                .values()
                .map(|e| u32::from(e.ip))
                .chain(self.reserved.values().map(|ip| u32::from(*ip)))
                .chain(self.gateway.map(u32::from)),
        );
        let first = u32::from(subnet.base) + 1;
        let last = u32::from(subnet.broadcast());
        (first..last).find(|a| !used.contains(a)).map(Ipv4Addr::from)
    }

    pub fn ip_in_use(&self, ip: Ipv4Addr, except: Cid) -> bool {
        self.endpoints.iter().any(|(c, e)| *c != except && e.ip == ip)
            || self.reserved.iter().any(|(c, r)| *c != except && *r == ip)
            || self.gateway == Some(ip)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pools_come_in_dockers_order() {
        let pools = default_pools();
        assert_eq!(pools.len(), 31);
        assert_eq!(pools[0].to_string(), "172.17.0.0/16");
        assert_eq!(pools[1].to_string(), "172.18.0.0/16");
        assert_eq!(pools[3].to_string(), "172.20.0.0/16");
        assert_eq!(pools[14].to_string(), "172.31.0.0/16");
        assert_eq!(pools[15].to_string(), "192.168.0.0/20");
        assert_eq!(pools[16].to_string(), "192.168.16.0/20");
        assert_eq!(pools[30].to_string(), "192.168.240.0/20");
    }

    #[test]
    fn subnet_arithmetic() {
        let s = Subnet::parse("172.18.0.0/16").unwrap();
        assert!(s.contains(Ipv4Addr::new(172, 18, 3, 4)));
        assert!(!s.contains(Ipv4Addr::new(172, 19, 0, 1)));
        assert_eq!(s.broadcast(), Ipv4Addr::new(172, 18, 255, 255));
        assert!(s.overlaps(&Subnet::parse("172.16.0.0/12").unwrap()));
        assert!(!s.overlaps(&Subnet::parse("172.19.0.0/16").unwrap()));
        assert!(Subnet::parse("172.18.0.1/16").unwrap().has_host_bits());
    }
}
