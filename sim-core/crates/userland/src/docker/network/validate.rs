//! The checks `docker network create` and `connect` go through before the
//! world changes, in the order real Docker makes them: first the CLI's own
//! (`createIPAMConfig`: every `--gateway` needs its `--subnet`), then the
//! daemon's `ValidateIPAM`, a typed [`NetworkError`] (`validateEndpointSettings` is the
//! host's `World::check_connect`). Each prints the exact text Docker prints.

use crate::world::network::Subnet;
use crate::world::{IpamProblem, NetworkError};
use std::net::Ipv4Addr;

/// Go's `net.ParseCIDR` as the CLI uses it: `invalid CIDR address: x`.
pub(super) fn parse_cidr(s: &str) -> Result<Subnet, String> {
    let invalid = || format!("invalid CIDR address: {s}");
    let (ip, bits) = s.split_once('/').ok_or_else(invalid)?;
    let ip: Ipv4Addr = ip.parse().map_err(|_| invalid())?;
    let bits: u8 = bits.parse().ok().filter(|b| *b <= 32).ok_or_else(invalid)?;
    if bits.to_string() != s.split_once('/').map(|x| x.1).unwrap_or("") {
        return Err(invalid());
    }
    Ok(Subnet { base: ip, prefix: bits })
}

/// The CLI's `subnetMatches`: whether `data` (an address or CIDR) lies in `subnet`.
fn subnet_matches(subnet: &str, data: &str) -> Result<bool, String> {
    if subnet.contains(':') || data.contains(':') {
        return Ok(false);
    }
    let s = parse_cidr(subnet).map_err(|e| format!("invalid subnet: {e}"))?;
    let ip = if data.contains('/') { Some(parse_cidr(data)?.base) } else { data.parse::<Ipv4Addr>().ok() };
    Ok(ip.is_some_and(|ip| Subnet::new(s.base, s.prefix).contains(ip)))
}

/// The CLI's `createIPAMConfig` checks: each `--gateway`/`--ip-range` needs its `--subnet`.
pub(super) fn check_ipam_flags(subnets: &[String], ranges: &[String], gateways: &[String]) -> Result<(), String> {
    if subnets.len() < ranges.len() || subnets.len() < gateways.len() {
        return Err("every ip-range or gateway must have a corresponding subnet".into());
    }
    for (i, s) in subnets.iter().enumerate() {
        for k in &subnets[..i] {
            if subnet_matches(s, k)? || subnet_matches(k, s)? {
                return Err("multiple overlapping subnet configuration is not supported".into());
            }
        }
    }
    for r in ranges {
        if !r.contains(':') {
            parse_cidr(r)?;
        }
        let mut matched = 0;
        for s in subnets {
            if subnet_matches(s, r)? {
                matched += 1;
            }
        }
        if matched == 0 {
            return Err(format!("no matching subnet for range {r}"));
        }
        if matched > 1 {
            return Err(format!("cannot configure multiple ranges ({r}, {r}) on the same subnet"));
        }
    }
    for g in gateways {
        let mut matched = false;
        for s in subnets {
            if subnet_matches(s, g)? {
                if matched {
                    return Err(format!("cannot configure multiple gateways ({g}, {g}) for the same subnet ({s})"));
                }
                matched = true;
            }
        }
        if !matched {
            return Err(format!("no matching subnet for gateway {g}"));
        }
    }
    Ok(())
}

/// The daemon's `ValidateIPAM`: well-formed subnets without host bits.
pub(super) fn validate_ipam(subnets: &[String], ipv6: bool) -> Result<(), NetworkError> {
    let mut problems = Vec::new();
    for s in subnets {
        if s.contains(':') {
            if !ipv6 {
                continue;
            }
            if !s.contains('/') {
                problems.push(IpamProblem::NotCidr(s.clone()));
            }
            continue;
        }
        match parse_cidr(s) {
            Err(_) => problems.push(IpamProblem::NotCidr(s.clone())),
            Ok(sub) if sub.has_host_bits() => problems.push(IpamProblem::HostBits(sub)),
            Ok(_) => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(NetworkError::InvalidIpam(problems))
    }
}
