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

/// A directory's entries read ahead of a copy: each path relative to the directory, with
/// the file's bytes (`None`: a directory), depth first in name order.
pub type Snapshot = Vec<(String, Option<Vec<u8>>)>;

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
                    MountKind::Volume(v) => {
                        let root = m.subpath.as_ref().map_or_else(|| "/".to_string(), |s| fs::normalize("/", s));
                        (Store::Volume(v.clone()), fs::normalize(&root, rel), !m.rw)
                    }
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

    /// Whether a mount laid over `path` hides what the image has there: the container's
    /// programs are not files, so a mount over their directory takes them away unless it
    /// brings them itself. A tmpfs is empty; a volume brings the image's content when it was
    /// empty at creation (copy-up) — taken here as "it has any content"; a bind mount brings
    /// only what the host folder holds (the file itself, or its directory below the mount point).
    pub fn mount_hides(&self, cid: Cid, path: &str) -> bool {
        let Some(c) = self.containers.get(&cid) else { return false };
        let Some(m) = c.host.mounts.iter().filter(|m| fs::is_within(path, &m.dest)).max_by_key(|m| m.dest.len()) else {
            return false;
        };
        let rel = path[m.dest.len().min(path.len())..].trim_start_matches('/');
        match &m.kind {
            MountKind::Tmpfs => true,
            MountKind::Volume(v) => self.volumes.get(v).is_none_or(|v| v.fs.is_empty_dir("/")),
            MountKind::Bind(src) => {
                let file = fs::normalize(src, rel);
                let below = rel.contains('/') && self.host_fs.is_dir(fs::parent(&file));
                !self.host_fs.exists(&file) && !below
            }
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
        if r.is_ok() && s == Store::Host {
            self.note_host_change(&p);
        }
        r
    }

    pub fn fs_mkdir(&mut self, loc: Loc, path: &str, parents: bool) -> Result<(), FsError> {
        let (s, p, ro) = self.route(loc, path);
        if ro {
            return Err(FsError::ReadOnly);
        }
        let existed = self.store(&s).is_some_and(|st| st.exists(&p));
        let store = self.store_mut(&s).ok_or(FsError::NotFound)?;
        let r = if parents { store.mkdir_p(&p) } else { store.mkdir(&p) };
        self.touch();
        if r.is_ok() && s == Store::Host && !existed {
            self.note_host_change(&p);
        }
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
        if r.is_ok() && s == Store::Host {
            self.note_host_change(&p);
        }
        r
    }

    /// Renames within one backing store, as rename(2). `Ok(false)`: `from` and `to` lie in
    /// different stores (a volume, a bind mount, the container's own layer), where rename(2)
    /// says `EXDEV` and `mv` copies then removes; nothing changed.
    pub fn fs_rename(&mut self, loc: Loc, from: &str, to: &str) -> Result<bool, FsError> {
        fs::check_path(from)?;
        fs::check_path(to)?;
        let (s1, p1, ro1) = self.route(loc, from);
        let (s2, p2, ro2) = self.route(loc, to);
        if let Loc::Container(cid) = loc {
            // A mount point, or a directory holding one, cannot move ("Device or resource busy").
            let busy = self
                .containers
                .get(&cid)
                .is_some_and(|c| c.host.mounts.iter().any(|m| fs::is_within(&m.dest, from) || m.dest == to));
            if busy {
                return Err(FsError::Busy);
            }
        }
        if s1 != s2 {
            return Ok(false);
        }
        if ro1 || ro2 {
            return Err(FsError::ReadOnly);
        }
        let r = self.store_mut(&s1).ok_or(FsError::NotFound)?.rename(&p1, &p2);
        self.touch();
        if r.is_ok() && s1 == Store::Host {
            self.note_host_change(&p1);
            self.note_host_change(&p2);
        }
        r.map(|()| true)
    }

    /// A snapshot: every entry below directory `from` as `loc` sees it (mounts included), depth first in
    /// name order: path relative to `from` and contents (`None`: a directory). Recursive copies
    /// read it whole before their first write, so they cannot see their own output and always
    /// end (a copy into its own source, or through a bind mount that leads back into it).
    pub fn fs_snapshot(&self, loc: Loc, from: &str) -> Result<Snapshot, FsError> {
        let mut out = Vec::new();
        let mut stack = vec![String::new()];
        while let Some(rel) = stack.pop() {
            let dir = if rel.is_empty() { from.to_string() } else { join(from, &rel) };
            let entries = self.fs_list(loc, &dir)?;
            let mut subdirs = Vec::new();
            for (name, is_dir) in entries {
                let child = if rel.is_empty() { name } else { format!("{rel}/{name}") };
                if is_dir {
                    out.push((child.clone(), None));
                    subdirs.push(child);
                } else {
                    let data = self.fs_read(loc, &join(from, &child)).unwrap_or_default();
                    out.push((child, Some(data)));
                }
            }
            stack.extend(subdirs.into_iter().rev());
        }
        Ok(out)
    }

    /// Copies directory `from` to `to` tree to tree when no mount lies below either (the
    /// usual case): a snapshot of the source store, then one merge into the destination
    /// store, work linear in the size of the tree whatever its depth. `skip`: a path
    /// relative to `from` left out (busybox's "recursion detected"). `None`: a mount is
    /// involved; copy entry by entry with [`World::fs_snapshot`] instead.
    pub fn fs_copy_dir(&mut self, loc: Loc, from: &str, to: &str, skip: Option<&str>) -> Option<Result<(), FsError>> {
        if let Loc::Container(cid) = loc {
            let c = self.containers.get(&cid)?;
            let below = |p: &str| c.host.mounts.iter().any(|m| m.dest != p && fs::is_within(&m.dest, p));
            if below(from) || below(to) {
                return None;
            }
        }
        let (s1, p1, _) = self.route(loc, from);
        let (s2, p2, ro) = self.route(loc, to);
        if ro {
            return Some(Err(FsError::ReadOnly));
        }
        let mut snap = self.store(&s1)?.snapshot(&p1)?;
        if let Some(rel) = skip {
            let _ = snap.remove(&format!("/{rel}"), true);
        }
        let dest = self.store_mut(&s2)?;
        match dest.get(&p2) {
            Some(Node::Dir) => {}
            Some(Node::File(_)) => return Some(Err(FsError::NotADirectory)),
            None => {
                if let Err(e) = dest.mkdir(&p2) {
                    return Some(Err(e));
                }
            }
        }
        dest.copy_tree_from(&snap, "/", &p2);
        self.touch();
        if s2 == Store::Host {
            // A watcher sees the new directory, then (adding it) each entry below it.
            self.note_host_change(&p2);
            for rel in snap.subtree_paths("/").iter().filter(|r| r.as_str() != "/") {
                self.note_host_change(&fs::normalize(&p2, rel.trim_start_matches('/')));
            }
        }
        Some(Ok(()))
    }

    /// Writes a [`World::fs_snapshot`] below directory `to` (made if missing; its parent must
    /// exist). On failure: the relative path that failed, whether it was a directory, and why.
    pub fn fs_write_snapshot(&mut self, loc: Loc, to: &str, entries: &Snapshot) -> Result<(), (String, bool, FsError)> {
        match self.fs_mkdir(loc, to, false) {
            Ok(()) | Err(FsError::Exists) => {}
            Err(e) => return Err((String::new(), true, e)),
        }
        for (rel, data) in entries {
            let path = join(to, rel);
            let r = match data {
                None => match self.fs_mkdir(loc, &path, false) {
                    Err(FsError::Exists) if self.fs_is_dir(loc, &path) => Ok(()),
                    r => r,
                },
                Some(d) => self.fs_write(loc, &path, d, false),
            };
            if let Err(e) = r {
                return Err((rel.clone(), data.is_none(), e));
            }
        }
        Ok(())
    }

    /// Size of a file in bytes.
    pub fn fs_size(&self, loc: Loc, path: &str) -> Option<u64> {
        match self.fs_node(loc, path)? {
            Node::File(d) => Some(d.len() as u64),
            Node::Dir => Some(4096),
        }
    }
}

/// `rel` below `dir`.
fn join(dir: &str, rel: &str) -> String {
    if dir == "/" {
        format!("/{rel}")
    } else {
        format!("{dir}/{rel}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::NoPrograms;

    #[test]
    fn host_paths_are_the_host_disk() {
        let mut w = World::new(1, &NoPrograms);
        w.fs_write(Loc::Host, "/home/alumno/proyecto/a.txt", b"hola", false).unwrap();
        assert_eq!(w.fs_read(Loc::Host, "/home/alumno/proyecto/a.txt").unwrap(), b"hola");
    }
}
