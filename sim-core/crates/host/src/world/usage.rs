//! What a container uses right now, for `docker stats`: memory, CPU, network
//! and block I/O, processes. Nothing here is measured — it is derived, so it
//! is deterministic without drawing from the RNG (which would shift every ID
//! and name printed after a `docker stats`): each image has an idle
//! footprint close to what the real image shows (nginx's master and one
//! worker per CPU, postgres's background processes, mysqld's threads…),
//! a user's program declares its memory with `x-muelle`, and a small
//! wobble comes from the container's ID and the current second. A paused
//! container's CPU is 0; a stopped one reports nothing (all zeros).

use super::container::{Container, MountKind};
use super::World;

/// The host's memory as `docker info` reports it (7.751GiB): the limit of a container without `--memory`.
pub const HOST_MEMORY: u64 = 8_322_416_640;

const MIB: u64 = 1024 * 1024;

/// One sample of a container's usage (moby's stats, as docker/cli computes them).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Usage {
    pub cpu_percent: f64,
    pub memory: u64,
    pub memory_limit: u64,
    pub net_rx: u64,
    pub net_tx: u64,
    pub block_read: u64,
    pub block_write: u64,
    pub pids: u64,
}

impl Usage {
    pub fn memory_percent(&self) -> f64 {
        if self.memory_limit == 0 {
            0.0
        } else {
            self.memory as f64 / self.memory_limit as f64 * 100.0
        }
    }
}

/// An image's idle footprint: resident memory, processes/threads, bytes read at
/// start, and the most CPU it takes when idle (hundredths of a percent).
fn footprint(repo: &str) -> (u64, u64, u64, u64) {
    match repo {
        "nginx" => (5_873_664, 5, 0, 3),
        "httpd" => (9_400_320, 82, 0, 5),
        "postgres" => (23_617_536, 6, 4_096, 6),
        "mysql" => (386_924_544, 37, 49_152, 60),
        "mariadb" => (92_246_016, 8, 32_768, 8),
        "redis" => (3_952_640, 6, 0, 30),
        "node" => (41_467_904, 11, 0, 4),
        "python" => (10_493_952, 1, 0, 2),
        "php" => (12_754_944, 1, 0, 1),
        // A JVM: its heap and ~30 threads (GC, JIT compilers, a web server's pool).
        "eclipse-temurin" | "openjdk" | "amazoncorretto" => (187_432_960, 31, 0, 12),
        "hello-world" => (0, 0, 0, 0),
        // `sleep`, a shell waiting: nothing to do.
        "alpine" | "busybox" => (536_576, 1, 0, 0),
        "debian" | "ubuntu" => (1_052_672, 1, 0, 0),
        // A user's own program (built or from another registry).
        _ => (28 * MIB, 1, 0, 5),
    }
}

/// A stable number from a container's ID and a salt (FNV-1a).
fn mix(id: &str, salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 29)
}

impl World {
    /// The container's usage now (zeros when it does not run, as the daemon's stats are then).
    pub fn usage(&self, c: &Container) -> Usage {
        if !c.is_running() {
            return Usage::default();
        }
        let now = self.now();
        let second = now.ms() / 1000;
        let up_ms = c.state.started_at.map(|s| now.since(s)).unwrap_or(0);
        let repo = self.images.iter().find(|i| i.id == c.config.image_id).map(|i| i.repo.as_str()).unwrap_or("");
        let (base, pids, read, idle_cpu) = footprint(repo);
        let declared = c.behaviour.as_ref().and_then(|b| b.memory_bytes);
        let limit = c.host.memory.unwrap_or(HOST_MEMORY);
        let wobble = (mix(&c.id, second) % 48) * 4096;
        let memory = (declared.unwrap_or(base) + wobble).min(limit.saturating_sub(limit / 50));
        let cpu_percent = if c.is_paused() {
            0.0
        } else if up_ms < 3_000 && idle_cpu > 0 {
            // Starting up: a few percent of one CPU.
            1.5 + (mix(&c.id, second ^ 0x55) % 600) as f64 / 100.0
        } else {
            (mix(&c.id, second ^ 0xaa) % (idle_cpu + 1)) as f64 / 100.0
        };
        let (net_rx, net_tx) = if self.endpoints_of(c.key).is_empty() {
            (0, 0)
        } else {
            let (served, asked) = self.log.traffic(&c.name);
            // Router solicitations and ARP the interface sees, plus the requests it served and made.
            let background = 866 + 70 * (up_ms / 30_000);
            (background + served * 86 + asked * 650, served * 892 + asked * 92)
        };
        let writes = c.host.mounts.iter().filter(|m| !matches!(m.kind, MountKind::Tmpfs)).count() as u64;
        Usage {
            cpu_percent,
            memory,
            memory_limit: limit,
            net_rx,
            net_tx,
            block_read: read,
            block_write: writes * 8_192 + (mix(&c.id, 7) % 4) * 4_096,
            pids,
        }
    }
}
