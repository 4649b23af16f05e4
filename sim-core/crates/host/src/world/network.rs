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
    /// Endpoints, `--ip` reservations and the index of addresses in use.
    pub addrs: Addresses,
}

/// A network's endpoints and `--ip` reservations, with an index of the
/// addresses they use so that allocating the lowest free address does not
/// scan every endpoint (a `compose up` of thousands of services was
/// quadratic). The fields are private: every change goes through one method,
/// which keeps the index equal to a recomputation from the two maps.
#[derive(Clone, Debug, Default)]
pub struct Addresses {
    endpoints: BTreeMap<Cid, Endpoint>,
    /// Addresses handed out with `--ip` to containers that are not running: kept reserved.
    reserved: BTreeMap<Cid, Ipv4Addr>,
    /// How many endpoints and reservations use each address.
    used: BTreeMap<u32, u32>,
    /// Every address below this one is used (or is the gateway): the search
    /// for the lowest free address starts here. Lowered when an address is freed.
    free_from: u32,
    /// Addresses looked at by [`Network::lowest_free_ip`] so far: a work
    /// counter for tests that keep allocation from turning quadratic again.
    steps: u64,
}

impl Addresses {
    pub fn endpoints(&self) -> &BTreeMap<Cid, Endpoint> {
        &self.endpoints
    }

    pub fn reserved(&self) -> &BTreeMap<Cid, Ipv4Addr> {
        &self.reserved
    }

    fn take(&mut self, ip: Ipv4Addr) {
        *self.used.entry(u32::from(ip)).or_default() += 1;
    }

    fn release(&mut self, ip: Ipv4Addr) {
        let a = u32::from(ip);
        if let Some(n) = self.used.get_mut(&a) {
            *n -= 1;
            if *n == 0 {
                self.used.remove(&a);
                if a < self.free_from {
                    self.free_from = a;
                }
            }
        }
    }

    pub fn insert_endpoint(&mut self, cid: Cid, e: Endpoint) {
        self.take(e.ip);
        if let Some(old) = self.endpoints.insert(cid, e) {
            self.release(old.ip);
        }
    }

    pub fn remove_endpoint(&mut self, cid: Cid) -> Option<Endpoint> {
        let old = self.endpoints.remove(&cid)?;
        self.release(old.ip);
        Some(old)
    }

    pub fn reserve(&mut self, cid: Cid, ip: Ipv4Addr) {
        self.take(ip);
        if let Some(old) = self.reserved.insert(cid, ip) {
            self.release(old);
        }
    }

    pub fn unreserve(&mut self, cid: Cid) -> Option<Ipv4Addr> {
        let old = self.reserved.remove(&cid)?;
        self.release(old);
        Some(old)
    }

    /// Renames the endpoint's first DNS name (`docker rename`); the address stays.
    pub fn rename(&mut self, cid: Cid, name: &str) {
        if let Some(first) = self.endpoints.get_mut(&cid).and_then(|e| e.dns_names.first_mut()) {
            *first = name.to_string();
        }
    }

    /// The address index recomputed from scratch (for tests of the index).
    pub fn recount(&self) -> BTreeMap<u32, u32> {
        let mut used: BTreeMap<u32, u32> = BTreeMap::new();
        for ip in self.endpoints.values().map(|e| e.ip).chain(self.reserved.values().copied()) {
            *used.entry(u32::from(ip)).or_default() += 1;
        }
        used
    }

    /// Addresses looked at by the lowest-free search so far (a work counter).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Checks the index against a recomputation from the endpoints and
    /// reservations, and the cursor (every address below it is taken).
    pub fn check_index(&self, subnet: Option<Subnet>, gateway: Option<Ipv4Addr>) -> Result<(), String> {
        if self.used != self.recount() {
            return Err(format!("address index {:?} differs from a recount {:?}", self.used, self.recount()));
        }
        if let Some(subnet) = subnet {
            let first = u32::from(subnet.base).wrapping_add(1);
            if let Some(a) =
                (first..self.free_from).find(|a| !self.used.contains_key(a) && gateway.map(u32::from) != Some(*a))
            {
                return Err(format!("{} is free but below the cursor {}", Ipv4Addr::from(a), self.free_from));
            }
        }
        Ok(())
    }
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
    ///
    /// Starts at the index's cursor (every address below it is taken), so a
    /// run of allocations costs about one step each; moves the cursor on.
    pub fn lowest_free_ip(&mut self) -> Option<Ipv4Addr> {
        let subnet = self.subnet?;
        let first = u32::from(subnet.base).wrapping_add(1);
        let last = u32::from(subnet.broadcast());
        let gateway = self.gateway.map(u32::from);
        let mut a = self.addrs.free_from.max(first);
        while a < last && (self.addrs.used.contains_key(&a) || gateway == Some(a)) {
            a += 1;
            self.addrs.steps += 1;
        }
        self.addrs.steps += 1;
        self.addrs.free_from = a;
        (a < last).then(|| Ipv4Addr::from(a))
    }

    /// Whether another container's endpoint or reservation, or the gateway, has this address.
    pub fn ip_in_use(&self, ip: Ipv4Addr, except: Cid) -> bool {
        let mine = self.addrs.endpoints.get(&except).is_some_and(|e| e.ip == ip) as u32
            + (self.addrs.reserved.get(&except) == Some(&ip)) as u32;
        self.addrs.used.get(&u32::from(ip)).copied().unwrap_or(0) > mine || self.gateway == Some(ip)
    }

    pub fn endpoints(&self) -> &BTreeMap<Cid, Endpoint> {
        self.addrs.endpoints()
    }

    /// See [`Addresses::check_index`].
    pub fn check_index(&self) -> Result<(), String> {
        self.addrs.check_index(self.subnet, self.gateway)
    }

    pub fn reserved(&self) -> &BTreeMap<Cid, Ipv4Addr> {
        self.addrs.reserved()
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
