//! The daemon's image store as the image commands see it (moby v28.2.2
//! `daemon/images/image_delete.go`, `image_prune.go`, `image_tag.go`, the
//! classic reference store).
//!
//! The world keeps one [`Image`] entry per repository reference: `nginx:latest`
//! and a `docker tag`ged `web:v1` are two entries with the same ID. An entry
//! carries its repository's digest (`nginx@sha256:…`, only pulls have one);
//! an entry with an empty tag stands for a digest-only reference, or, with no
//! digest either, for a dangling image (`<none>:<none>`). Entries keep their
//! repository name even then, because the container's programs depend on it.
//! Layer digests, chain IDs, overlay2 directories and per-layer sizes are
//! derived from the stored layer IDs, so they agree wherever they are shown.

use super::image::{Image, Reference};
use super::stable;
use super::World;
use crate::time::EPOCH_SECS;
use std::collections::BTreeMap;

/// An entry of the image store (one repository reference of an image, or the hidden anchor of
/// one): a key handed out once, in increasing order, and never reused. Removing an entry
/// therefore never shifts what another key names, as a `Vec` index would; and the store's
/// order (keys ascending) is the order entries were added, which `images`'s ties and the
/// "first entry of an image" rule go by. `ImageKey::default()` names no entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImageKey(u64);

/// The entries, in the order they were added. Only this module changes them; callers hold
/// [`ImageKey`]s.
#[derive(Clone, Debug, Default)]
pub struct ImageStore {
    entries: BTreeMap<ImageKey, Image>,
    /// The last key handed out (keys start at 1: the default key names nothing).
    last: u64,
}

impl ImageStore {
    /// Every entry, removed ones included, in the order they were added.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Image> + '_ {
        self.entries.values()
    }

    /// Every entry with its key, in the order they were added.
    pub fn entries(&self) -> impl Iterator<Item = (ImageKey, &Image)> + '_ {
        self.entries.iter().map(|(k, i)| (*k, i))
    }

    pub fn get(&self, key: ImageKey) -> Option<&Image> {
        self.entries.get(&key)
    }

    /// The key of the first entry (in the store's order) that `pred` accepts.
    pub fn position(&self, mut pred: impl FnMut(&Image) -> bool) -> Option<ImageKey> {
        self.entries.iter().find(|(_, i)| pred(i)).map(|(k, _)| *k)
    }

    pub(super) fn get_mut(&mut self, key: ImageKey) -> Option<&mut Image> {
        self.entries.get_mut(&key)
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut Image> + '_ {
        self.entries.values_mut()
    }

    /// Adds an entry after all others, under a fresh key.
    fn push(&mut self, image: Image) -> ImageKey {
        self.last += 1;
        let key = ImageKey(self.last);
        self.entries.insert(key, image);
        key
    }

    fn remove(&mut self, key: ImageKey) {
        self.entries.remove(&key);
    }

    fn retain(&mut self, mut keep: impl FnMut(&Image) -> bool) {
        self.entries.retain(|_, i| keep(i));
    }
}

/// One line of `docker rmi`'s answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Untagged(String),
    Deleted(String),
}

/// The entries docker commands see (not removed), with their keys.
pub fn visible(world: &World) -> impl Iterator<Item = (ImageKey, &Image)> {
    world.images.entries().filter(|(_, i)| !i.removed)
}

fn entries_of<'w>(world: &'w World, id: &'w str) -> impl Iterator<Item = (ImageKey, &'w Image)> + 'w {
    visible(world).filter(move |(_, i)| i.id == id)
}

/// `nginx`, `bitnami/redis`: how docker names a repository.
fn familiar(repo: &str, tag: &str) -> String {
    format!("{repo}:{tag}")
}

/// `RepoTags`, sorted as the reference store sorts them.
pub fn repo_tags(world: &World, id: &str) -> Vec<String> {
    let mut tags: Vec<String> =
        entries_of(world, id).filter(|(_, i)| !i.tag.is_empty()).map(|(_, i)| familiar(&i.repo, &i.tag)).collect();
    crate::sort::sort(&mut tags);
    tags.dedup();
    tags
}

/// `RepoDigests` (`nginx@sha256:…`), sorted.
pub fn repo_digests(world: &World, id: &str) -> Vec<String> {
    let mut digests: Vec<String> = entries_of(world, id)
        .filter(|(_, i)| !i.digest.is_empty())
        .map(|(_, i)| format!("{}@sha256:{}", i.repo, i.digest))
        .collect();
    crate::sort::sort(&mut digests);
    digests.dedup();
    digests
}

/// Every reference of an image in the store's order (tags sort before digests of the same repository).
pub fn references(world: &World, id: &str) -> Vec<String> {
    let mut refs = repo_tags(world, id);
    refs.extend(repo_digests(world, id));
    crate::sort::sort(&mut refs);
    refs
}

/// IDs of the visible images, newest first (as `GET /images/json` sorts them).
pub fn image_ids(world: &World) -> Vec<String> {
    let mut ids: Vec<(i64, ImageKey, String)> = Vec::new();
    for (key, img) in visible(world) {
        if !ids.iter().any(|(_, _, id)| *id == img.id) {
            ids.push((created_secs(img), key, img.id.clone()));
        }
    }
    crate::sort::sort_by(&mut ids, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ids.into_iter().map(|(_, _, id)| id).collect()
}

/// When the image was built: `created_ago_days` before the host booted, at a stable time of day.
pub fn created_secs(img: &Image) -> i64 {
    if let Some(t) = img.built_at {
        return EPOCH_SECS as i64 + i64::try_from(t.ms() / 1000).unwrap_or(0);
    }
    let days = i64::try_from(img.created_ago_days).unwrap_or(0);
    EPOCH_SECS as i64 - days * 86_400 - stable::below(&[&img.id, "created"], 86_400) as i64
}

/// The RFC 3339 `Created` of an image.
pub fn created_rfc3339(img: &Image) -> String {
    stable::rfc3339_nano(created_secs(img), stable::below(&[&img.id, "created-ns"], 1_000_000_000) as u32)
}

/// `RootFS.Layers`: one diff ID per layer, bottom first (the same layer gives the same digest in every image).
pub fn diff_ids(img: &Image) -> Vec<String> {
    img.layers.iter().map(|l| stable::hex64(&["diff", l])).collect()
}

/// The layers' chain IDs, bottom first: what `rmi` prints as `Deleted: sha256:…`.
pub fn chain_ids(img: &Image) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for diff in diff_ids(img) {
        let next = match out.last() {
            None => diff,
            Some(parent) => stable::hex64(&["chain", parent, &diff]),
        };
        out.push(next);
    }
    out
}

/// overlay2's directory of each layer, bottom first.
pub fn layer_dirs(img: &Image) -> Vec<String> {
    chain_ids(img).iter().map(|c| format!("/var/lib/docker/overlay2/{}", stable::hex64(&["cache", c]))).collect()
}

/// The size of each layer, bottom first; they add up to the image's size.
pub fn layer_sizes(img: &Image) -> Vec<u64> {
    let weights: Vec<u64> = img.layers.iter().map(|l| 1 + stable::below(&["size", l], 1000)).collect();
    let total: u64 = weights.iter().sum::<u64>().max(1);
    let mut sizes: Vec<u64> =
        weights.iter().map(|w| (u128::from(img.size_bytes) * u128::from(*w) / u128::from(total)) as u64).collect();
    let assigned: u64 = sizes.iter().sum();
    if let Some(first) = sizes.first_mut() {
        *first += img.size_bytes.saturating_sub(assigned);
    }
    sizes
}

/// `LastTagTime`: when `docker tag` last named this image (pulls do not count).
pub fn last_tag_time(world: &World, id: &str) -> Option<crate::SimTime> {
    entries_of(world, id).filter(|(_, i)| i.digest.is_empty() && !i.tag.is_empty()).map(|(_, i)| i.pulled_at).max()
}

/// The daemon's refusals of an image lookup or removal, worded as moby v28.2.2 words them after
/// `Error response from daemon: ` (`daemon/images/image.go`, `image_delete.go`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// `No such image: <reference>` (a tagged reference in its familiar form).
    NotFound { reference: String },
    /// The reference does not parse ([`RefError`]'s text).
    Reference(super::image::RefError),
    /// The registry refused the pull ([`PullError`]'s text).
    Pull(super::image::PullError),
    /// `conflict: unable to delete <short ID> (must be forced|cannot be forced) - <why>`.
    Conflict { id: String, hard: bool, why: ConflictReason },
    /// `conflict: unable to remove repository reference "<ref>" (must force) - container <short
    /// ID> is using its referenced image <short ID>`.
    ReferenceInUse { reference: String, container: String, id: String },
}

/// Why an image cannot be deleted (`imageDeleteConflict`'s message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConflictReason {
    /// `image is being used by running container <short ID>`.
    RunningContainer(String),
    /// `image is being used by stopped container <short ID>`.
    StoppedContainer(String),
    /// `image is referenced in multiple repositories`.
    MultipleRepositories,
}

impl std::fmt::Display for ConflictReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConflictReason::RunningContainer(c) => write!(f, "image is being used by running container {c}"),
            ConflictReason::StoppedContainer(c) => write!(f, "image is being used by stopped container {c}"),
            ConflictReason::MultipleRepositories => write!(f, "image is referenced in multiple repositories"),
        }
    }
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImageError::NotFound { reference } => write!(f, "No such image: {reference}"),
            ImageError::Reference(e) => e.fmt(f),
            ImageError::Pull(e) => e.fmt(f),
            ImageError::Conflict { id, hard, why } => {
                let force = if *hard { "cannot be forced" } else { "must be forced" };
                write!(f, "conflict: unable to delete {id} ({force}) - {why}")
            }
            ImageError::ReferenceInUse { reference, container, id } => write!(
                f,
                "conflict: unable to remove repository reference \"{reference}\" (must force) - container {container} is using its referenced image {id}"
            ),
        }
    }
}

impl From<super::image::PullError> for ImageError {
    fn from(e: super::image::PullError) -> ImageError {
        ImageError::Pull(e)
    }
}

impl From<super::image::RefError> for ImageError {
    fn from(e: super::image::RefError) -> ImageError {
        ImageError::Reference(e)
    }
}

/// `docker image`'s reference rules: the typed text as the daemon reports it missing.
fn not_found(reference: &str) -> ImageError {
    match Reference::parse(reference) {
        Ok(r) if !reference.contains('@') => ImageError::NotFound { reference: r.familiar() },
        _ => ImageError::NotFound { reference: reference.to_string() },
    }
}

/// The daemon's `GetImage`: a reference (`nginx` = `nginx:latest`), else an ID or ID prefix.
/// `Err` is the daemon's refusal.
pub fn lookup(world: &World, reference: &str) -> Result<ImageKey, ImageError> {
    if reference.is_empty() {
        return Err(not_found(reference));
    }
    let hex_like = reference.strip_prefix("sha256:").unwrap_or(reference);
    let looks_like_id = !hex_like.is_empty() && hex_like.chars().all(|c| c.is_ascii_hexdigit());
    if !looks_like_id {
        Reference::parse(reference)?;
    }
    if let Some((name, digest)) = reference.split_once("@sha256:") {
        let repo = Reference::parse(name).map(|r| r.repo).unwrap_or_default();
        return visible(world)
            .find(|(_, i)| i.repo == repo && i.digest == digest)
            .map(|(i, _)| i)
            .ok_or_else(|| not_found(reference));
    }
    world
        .find_image(reference)
        .filter(|k| world.images.get(*k).is_some_and(|im| !im.removed))
        .ok_or_else(|| not_found(reference))
}

/// Whether `reference` names the image by its ID (`a6bd71f48f68`, `sha256:a6bd…`).
fn is_id_prefix(id: &str, reference: &str) -> bool {
    let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
    !hex.is_empty() && id.starts_with(hex)
}

/// moby's `isSingleReference`: at most one tag, and digests only of that tag's repository.
fn is_single_reference(world: &World, id: &str) -> bool {
    let tags: Vec<(String, String)> = entries_of(world, id)
        .filter(|(_, i)| !i.tag.is_empty())
        .map(|(_, i)| (i.repo.clone(), i.tag.clone()))
        .collect();
    let digest_repos =
        crate::sort::set_from(entries_of(world, id).filter(|(_, i)| !i.digest.is_empty()).map(|(_, i)| i.repo.clone()));
    let total = tags.len() + digest_repos.len();
    if total <= 1 {
        return total == 1;
    }
    if tags.len() > 1 {
        return false;
    }
    let repo = match tags.first() {
        Some((r, _)) => r.clone(),
        None => digest_repos.iter().next().cloned().unwrap_or_default(),
    };
    digest_repos.len() == 1 && digest_repos.contains(&repo)
}

fn truncate(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// A container using the image, running ones first (moby checks those first).
fn user_of(world: &World, id: &str, running: bool) -> Option<String> {
    world.containers.values().find(|c| c.config.image_id == id && c.is_running() == running).map(|c| c.id.clone())
}

/// Removes one tag entry. The repository's digest stays with a sibling tag
/// of the same repository, else it is untagged too (moby removes the digest
/// references of a repository once its last tag goes). The last reference of
/// an image leaves a dangling entry behind.
fn untag_entry(world: &mut World, key: ImageKey, records: &mut Vec<Record>) {
    let Some(entry) = world.images.get(key).cloned() else { return };
    records.push(Record::Untagged(familiar(&entry.repo, &entry.tag)));
    let sibling = entries_of(world, &entry.id)
        .find(|(i, im)| *i != key && im.repo == entry.repo && !im.tag.is_empty())
        .map(|(i, _)| i);
    if !entry.digest.is_empty() {
        match sibling {
            Some(s) => {
                if let Some(s) = world.images.get_mut(s).filter(|s| s.digest.is_empty()) {
                    s.digest = entry.digest.clone();
                }
            }
            None => records.push(Record::Untagged(format!("{}@sha256:{}", entry.repo, entry.digest))),
        }
    }
    drop_entry(world, key);
}

/// Removes a digest reference (`nginx@sha256:…`).
fn untag_digest(world: &mut World, key: ImageKey, records: &mut Vec<Record>) {
    let Some(entry) = world.images.get_mut(key) else { return };
    records.push(Record::Untagged(format!("{}@sha256:{}", entry.repo, entry.digest)));
    entry.digest.clear();
    if entry.tag.is_empty() {
        drop_entry(world, key);
    }
}

/// Forgets an entry that no longer carries a reference; the image's last
/// visible entry stays, without references, so the image itself remains.
fn drop_entry(world: &mut World, key: ImageKey) {
    let Some(id) = world.images.get(key).map(|e| e.id.clone()) else { return };
    if entries_of(world, &id).any(|(i, _)| i != key) {
        retire_entry(world, key);
    } else if let Some(e) = world.images.get_mut(key) {
        e.tag.clear();
        e.digest.clear();
    }
}

/// Takes an entry out of sight. An image's first entry stays as a hidden
/// anchor: the programs of its containers go by that entry's repository
/// (`docker tag nginx web` then `docker rmi nginx` still runs nginx).
fn retire_entry(world: &mut World, key: ImageKey) {
    let Some(id) = world.images.get(key).map(|e| e.id.clone()) else { return };
    if world.images.position(|i| i.id == id) == Some(key) {
        if let Some(e) = world.images.get_mut(key) {
            e.removed = true;
            e.tag.clear();
            e.digest.clear();
        }
    } else {
        world.images.remove(key);
    }
}

/// Forgets hidden entries of images that are gone and that no container uses any more.
pub fn collect_garbage(world: &mut World) {
    let live = crate::sort::set_from(
        visible(world).map(|(_, i)| i.id.clone()).chain(world.containers.values().map(|c| c.config.image_id.clone())),
    );
    world.images.retain(|i| !i.removed || live.contains(&i.id));
}

/// Removes every reference of an image (`removeAllReferencesToImageID`).
fn untag_all(world: &mut World, id: &str, records: &mut Vec<Record>) {
    for r in references(world, id) {
        records.push(Record::Untagged(r));
    }
    let indices: Vec<ImageKey> = entries_of(world, id).map(|(i, _)| i).collect();
    if let Some((&keep, rest)) = indices.split_first() {
        for i in rest.iter().rev() {
            retire_entry(world, *i);
        }
        if let Some(e) = world.images.get_mut(keep) {
            e.tag.clear();
            e.digest.clear();
        }
    }
}

/// What stops an image from being deleted (`imageDeleteConflict`).
struct Conflict {
    hard: bool,
    used: bool,
    why: ConflictReason,
}

fn check_conflict(world: &World, id: &str, hard_only: bool, with_references: bool) -> Option<Conflict> {
    if let Some(c) = user_of(world, id, true) {
        let why = ConflictReason::RunningContainer(truncate(&c).to_string());
        return Some(Conflict { hard: true, used: true, why });
    }
    if hard_only {
        return None;
    }
    if with_references && !references(world, id).is_empty() {
        return Some(Conflict { hard: false, used: false, why: ConflictReason::MultipleRepositories });
    }
    if let Some(c) = user_of(world, id, false) {
        let why = ConflictReason::StoppedContainer(truncate(&c).to_string());
        return Some(Conflict { hard: false, used: true, why });
    }
    None
}

fn conflict_error(id: &str, c: Conflict) -> ImageError {
    ImageError::Conflict { id: truncate(id).to_string(), hard: c.hard, why: c.why }
}

/// Deletes the image record and the layers nothing else uses, top layer first.
fn delete_image(world: &mut World, id: &str, records: &mut Vec<Record>) -> u64 {
    let Some(img) = world.images.iter().find(|i| i.id == id).cloned() else { return 0 };
    records.push(Record::Deleted(format!("sha256:{id}")));
    // A stopped container still holds the layers: only the image record goes.
    let held = world.containers.values().any(|c| c.config.image_id == id);
    if held {
        for e in world.images.iter_mut().filter(|i| i.id == id) {
            e.removed = true;
            e.tag.clear();
            e.digest.clear();
        }
        return 0;
    }
    world.images.retain(|i| i.id != id);
    let in_use = crate::sort::set_from(world.images.iter().flat_map(chain_ids));
    let mut freed = 0;
    let chains = chain_ids(&img);
    let sizes = layer_sizes(&img);
    for (chain, size) in chains.iter().zip(sizes).rev() {
        if !in_use.contains(chain) {
            records.push(Record::Deleted(format!("sha256:{chain}")));
            freed += size;
        }
    }
    freed
}

/// `imageDeleteHelper`: conflicts (ignored when `quiet` and the image is still
/// referenced or used), then every remaining reference and the image itself.
fn delete_helper(
    world: &mut World,
    id: &str,
    force: bool,
    quiet: bool,
    records: &mut Vec<Record>,
) -> Result<u64, ImageError> {
    if let Some(c) = check_conflict(world, id, force, true) {
        let dangling = references(world, id).is_empty();
        if quiet && (!dangling || c.used) {
            return Ok(0);
        }
        return Err(conflict_error(id, c));
    }
    untag_all(world, id, records);
    Ok(delete_image(world, id, records))
}

/// A reference of an image held by one entry.
#[derive(Clone, Copy)]
enum Held {
    Tag(ImageKey),
    Digest(ImageKey),
}

/// The entry holding `reference` (`nginx:latest`, `nginx@sha256:…`) of image `id`.
fn held(world: &World, id: &str, reference: &str) -> Option<Held> {
    match reference.split_once("@sha256:") {
        Some((name, digest)) => {
            let repo = Reference::parse(name).ok()?.repo;
            visible(world)
                .find(|(_, i)| i.id == id && i.repo == repo && i.digest == digest)
                .map(|(i, _)| Held::Digest(i))
        }
        None => {
            let r = Reference::parse(reference).ok()?;
            visible(world).find(|(_, i)| i.id == id && i.repo == r.repo && i.tag == r.tag).map(|(i, _)| Held::Tag(i))
        }
    }
}

/// `ImageDelete` given a repository reference: untag it, and delete the image with its last reference.
fn remove_reference(
    world: &mut World,
    id: &str,
    target: Held,
    typed: &str,
    force: bool,
) -> Result<(Vec<Record>, u64), ImageError> {
    if !force && is_single_reference(world, id) {
        if let Some(c) = user_of(world, id, true).or_else(|| user_of(world, id, false)) {
            return Err(ImageError::ReferenceInUse {
                reference: typed.to_string(),
                container: truncate(&c).to_string(),
                id: truncate(id).to_string(),
            });
        }
    }
    let mut records = Vec::new();
    match target {
        Held::Tag(i) => untag_entry(world, i, &mut records),
        Held::Digest(i) => untag_digest(world, i, &mut records),
    }
    if !references(world, id).is_empty() {
        return Ok((records, 0));
    }
    let freed = delete_helper(world, id, force, true, &mut records)?;
    Ok((records, freed))
}

/// `DELETE /images/{name}` (`docker rmi`): the records, and the bytes freed.
pub fn remove(world: &mut World, reference: &str, force: bool) -> Result<(Vec<Record>, u64), ImageError> {
    let key = lookup(world, reference)?;
    let Some(id) = world.images.get(key).map(|i| i.id.clone()) else { return Err(not_found(reference)) };
    if !is_id_prefix(&id, reference) {
        let target = match reference.split_once('@') {
            Some(_) => held(world, &id, reference),
            None => Some(Held::Tag(key)),
        };
        let Some(target) = target else { return Err(not_found(reference)) };
        return remove_reference(world, &id, target, reference, force);
    }
    let mut records = Vec::new();
    if is_single_reference(world, &id) {
        // An ID with one tag: the containers decide, then the tag goes with the image.
        if let Some(c) = check_conflict(world, &id, force, false) {
            return Err(conflict_error(&id, c));
        }
        untag_all(world, &id, &mut records);
    }
    let freed = delete_helper(world, &id, force, false, &mut records)?;
    world.revision += 1;
    Ok((records, freed))
}

/// `POST /images/{name}/tag`: `target` now names the image at `source`.
/// A tag already naming another image moves (that image keeps its digest, or dangles).
pub fn tag(world: &mut World, source: ImageKey, target: &Reference) {
    let Some(src) = world.images.get(source).cloned() else { return };
    let existing = visible(world).find(|(_, i)| i.repo == target.repo && i.tag == target.tag).map(|(i, _)| i);
    if let Some(existing) = existing {
        if world.images.get(existing).is_some_and(|e| e.id == src.id) {
            return;
        }
        let mut ignored = Vec::new();
        untag_entry(world, existing, &mut ignored);
    }
    // The programs of the tagged image come along whatever its new name.
    let mut entry = src.clone();
    for p in world.programs.image_packages(&src.repo) {
        if !entry.config.packages.iter().any(|x| x == p) {
            entry.config.packages.push(p.to_string());
        }
    }
    entry.repo = target.repo.clone();
    entry.tag = target.tag.clone();
    entry.digest = String::new();
    entry.pulled_at = world.now();
    entry.removed = false;
    let dangling =
        visible(world).find(|(_, i)| i.id == entry.id && i.tag.is_empty() && i.digest.is_empty()).map(|(i, _)| i);
    world.images.push(entry);
    if let Some(d) = dangling {
        retire_entry(world, d);
    }
    world.revision += 1;
}

/// `POST /images/prune`: dangling images, or (`all`) every image no container
/// uses; each reference goes as `docker rmi <ref>` would take it, and an image
/// in use is skipped. The records, and the bytes freed.
pub fn prune(world: &mut World, all: bool) -> (Vec<Record>, u64) {
    let mut records = Vec::new();
    let mut freed = 0;
    let mut ids = image_ids(world);
    crate::sort::sort(&mut ids);
    for id in ids {
        let refs = references(world, &id);
        if refs.is_empty() {
            let mut step = Vec::new();
            if let Ok(bytes) = delete_helper(world, &id, false, false, &mut step) {
                records.extend(step);
                freed += bytes;
            }
            continue;
        }
        if !all && !repo_tags(world, &id).is_empty() {
            continue;
        }
        for r in refs {
            let Some(target) = held(world, &id, &r) else { continue };
            if let Ok((step, bytes)) = remove_reference(world, &id, target, &r, false) {
                records.extend(step);
                freed += bytes;
            }
        }
    }
    if !records.is_empty() {
        world.revision += 1;
    }
    (records, freed)
}

/// `POST /images/create` (a pull) stored `image`: a new entry, recorded as `ImagePulled`
/// under `reference`. Returns its key.
pub fn add_pulled(world: &mut World, image: Image, reference: String) -> ImageKey {
    let key = world.images.push(image);
    world.record(crate::events::EventKind::ImagePulled { reference });
    key
}

/// A build stored `image` under its repository and tag. The tag moves from an older image
/// of that name, which dangles (`<none>`) when that was its last reference; an image built
/// without a tag (empty tag) is dangling from the start. Returns its key.
pub fn add_built(world: &mut World, image: Image) -> ImageKey {
    if !image.tag.is_empty() {
        let old = visible(world).find(|(_, i)| i.repo == image.repo && i.tag == image.tag).map(|(i, _)| i);
        if let Some(old) = old {
            if world.images.get(old).is_some_and(|o| o.id == image.id) {
                world.images.remove(old);
            } else {
                let mut ignored = Vec::new();
                untag_entry(world, old, &mut ignored);
            }
        }
    }
    let key = world.images.push(image);
    world.revision += 1;
    key
}
