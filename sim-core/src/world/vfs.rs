//! The file system as a process sees it: on the host, the host's disk; in a
//! container, its root file system with volumes and bind mounts laid over
//! it. A write through a mount lands in the volume (or the host folder), so
//! every container mounting it and the host see the same bytes at once.

use super::container::{Cid, MountKind};
use super::World;
use crate::fs::{self, Fs, FsError, Node};

/// Where a process runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Loc {
    Host,
    Container(Cid),
}

/// The backing store a path lands in.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Store {
    Host,
    Rootfs(Cid),
    Volume(String),
}

impl World {
    /// Resolves a normalized path to (store, path inside the store, read-only).
    fn route(&self, loc: Loc, path: &str) -> (Store, String, bool) {
        let Loc::Container(cid) = loc else {
            return (Store::Host, path.to_string(), false);
        };
        let Some(c) = self.containers.get(&cid) else {
            return (Store::Host, path.to_string(), true);
        };
        let best = c
            .host
            .mounts
            .iter()
            .filter(|m| fs::is_within(path, &m.dest) && m.kind != MountKind::Tmpfs)
            .max_by_key(|m| m.dest.len());
        match best {
            None => (Store::Rootfs(cid), path.to_string(), false),
            Some(m) => {
                let rel = &path[m.dest.len().min(path.len())..];
                let rel = rel.trim_start_matches('/');
                match &m.kind {
                    MountKind::Volume(v) => (Store::Volume(v.clone()), fs::normalize("/", rel), !m.rw),
                    MountKind::Bind(src) => (Store::Host, fs::normalize(src, rel), !m.rw),
                    MountKind::Tmpfs => (Store::Rootfs(cid), path.to_string(), false),
                }
            }
        }
    }

    fn store(&self, s: &Store) -> Option<&Fs> {
        match s {
            Store::Host => Some(&self.host_fs),
            Store::Rootfs(cid) => self.containers.get(cid).map(|c| &c.rootfs),
            Store::Volume(v) => self.volumes.get(v).map(|v| &v.fs),
        }
    }

    fn store_mut(&mut self, s: &Store) -> Option<&mut Fs> {
        match s {
            Store::Host => Some(&mut self.host_fs),
            Store::Rootfs(cid) => self.containers.get_mut(cid).map(|c| &mut c.rootfs),
            Store::Volume(v) => self.volumes.get_mut(v).map(|v| &mut v.fs),
        }
    }

    pub fn fs_node(&self, loc: Loc, path: &str) -> Option<Node> {
        let (s, p, _) = self.route(loc, path);
        self.store(&s)?.get(&p).cloned()
    }

    pub fn fs_is_dir(&self, loc: Loc, path: &str) -> bool {
        matches!(self.fs_node(loc, path), Some(Node::Dir))
    }

    pub fn fs_read(&self, loc: Loc, path: &str) -> Result<Vec<u8>, FsError> {
        let (s, p, _) = self.route(loc, path);
        self.store(&s).ok_or(FsError::NotFound)?.read(&p).map(|d| d.to_vec())
    }

    pub fn fs_write(&mut self, loc: Loc, path: &str, data: &[u8], append: bool) -> Result<(), FsError> {
        let (s, p, ro) = self.route(loc, path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        let r = self.store_mut(&s).ok_or(FsError::NotFound)?.write(&p, data, append);
        self.touch();
        r
    }

    pub fn fs_mkdir(&mut self, loc: Loc, path: &str, parents: bool) -> Result<(), FsError> {
        let (s, p, ro) = self.route(loc, path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        let store = self.store_mut(&s).ok_or(FsError::NotFound)?;
        let r = if parents { store.mkdir_p(&p) } else { store.mkdir(&p) };
        self.touch();
        r
    }

    pub fn fs_list(&self, loc: Loc, path: &str) -> Result<Vec<(String, bool)>, FsError> {
        let (s, p, _) = self.route(loc, path);
        self.store(&s).ok_or(FsError::NotFound)?.list(&p)
    }

    pub fn fs_remove(&mut self, loc: Loc, path: &str, recursive: bool) -> Result<(), FsError> {
        let (s, p, ro) = self.route(loc, path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        // A mount point itself cannot be removed ("Device or resource busy"): keep it simple, refuse.
        if let Loc::Container(cid) = loc {
            if self.containers.get(&cid).is_some_and(|c| c.host.mounts.iter().any(|m| m.dest == path)) {
                return Err(FsError::NotEmpty);
            }
        }
        let r = self.store_mut(&s).ok_or(FsError::NotFound)?.remove(&p, recursive);
        self.touch();
        r
    }

    /// Size of a file in bytes.
    pub fn fs_size(&self, loc: Loc, path: &str) -> Option<u64> {
        match self.fs_node(loc, path)? {
            Node::File(d) => Some(d.len() as u64),
            Node::Dir => Some(4096),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_paths_are_the_host_disk() {
        let mut w = World::new(1);
        w.fs_write(Loc::Host, "/home/alumno/proyecto/a.txt", b"hola", false).unwrap();
        assert_eq!(w.fs_read(Loc::Host, "/home/alumno/proyecto/a.txt").unwrap(), b"hola");
    }
}
