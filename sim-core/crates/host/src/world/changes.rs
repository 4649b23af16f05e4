//! What changed on the host's disk, as inotify tells a watcher (`docker compose watch`): each
//! write, new directory, removal or rename of a host path — by a shell on the host, the page's
//! editor (`Session::write_host_file`) or a container writing through a bind mount — is noted
//! with its time. Readers keep a sequence number ([`World::host_changes_total`]) and ask for
//! what came after it; only the last [`KEEP`] changes are kept, so the list stays flat over
//! hours (a reader that falls further behind misses the oldest, as inotify's queue overflows).

use super::World;
use crate::time::SimTime;
use std::collections::VecDeque;

/// How many recent changes are kept.
pub const KEEP: usize = 4096;

#[derive(Debug, Default)]
pub(super) struct HostChanges {
    recent: VecDeque<(SimTime, String)>,
    total: u64,
}

impl HostChanges {
    pub(super) fn note(&mut self, at: SimTime, path: &str) {
        if self.recent.len() == KEEP {
            self.recent.pop_front();
        }
        self.recent.push_back((at, path.to_string()));
        self.total += 1;
    }
}

impl World {
    /// How many host changes were ever noted: a reader's cursor.
    pub fn host_changes_total(&self) -> u64 {
        self.changes.total
    }

    /// The changes noted after cursor `seen` (at most the last [`KEEP`]), oldest first: when and
    /// which absolute host path.
    pub fn host_changes_since(&self, seen: u64) -> impl Iterator<Item = (SimTime, &str)> + '_ {
        let kept = self.changes.recent.len() as u64;
        let first = self.changes.total - kept;
        let skip = seen.saturating_sub(first).min(kept) as usize;
        self.changes.recent.iter().skip(skip).map(|(t, p)| (*t, p.as_str()))
    }

    pub(super) fn note_host_change(&mut self, path: &str) {
        let now = self.now();
        self.changes.note(now, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_changes_with_a_cursor() {
        let mut c = HostChanges::default();
        for i in 0..(KEEP + 10) {
            c.note(SimTime::ZERO, &format!("/f{i}"));
        }
        assert_eq!(c.total, (KEEP + 10) as u64);
        assert_eq!(c.recent.len(), KEEP);
        assert_eq!(c.recent.front().map(|(_, p)| p.as_str()), Some("/f10"));
    }
}
