//! `docker images` / `docker image ls`: one row per repository tag (a
//! dangling image is one `<none>` row), newest image first, through the
//! CLI's list formatter. Sources: docker/cli v28.2.2
//! `cli/command/image/list.go`, `cli/command/formatter/image.go`; moby
//! `daemon/images/images.go` (filters, reference matching).

use super::store;
use crate::docker::filters::{bad_filter_flag, Filters};
use crate::docker::inspect::stable;
use crate::docker::templates::{human_size, write_list, ListFormat, Struct, Value};
use crate::docker::{daemon_error, done};
use crate::process::{Cx, Job};
use crate::time::{human_duration, EPOCH_SECS};
use crate::world::image::Image;
use crate::world::World;

pub const USAGE: &str = "images [OPTIONS] [REPOSITORY[:TAG]]";

const TABLE: &str =
    "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
const TABLE_WITH_DIGEST: &str = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
const RAW: &str = "repository: {{ .Repository }}\ntag: {{.Tag}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";
const RAW_WITH_DIGEST: &str = "repository: {{ .Repository }}\ntag: {{.Tag}}\ndigest: {{.Digest}}\nimage_id: {{.ID}}\ncreated_at: {{.CreatedAt}}\nvirtual_size: {{.Size}}\n";

const HEADER: &[(&str, &str)] = &[
    ("ID", "IMAGE ID"),
    ("Repository", "REPOSITORY"),
    ("Tag", "TAG"),
    ("Digest", "DIGEST"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("Size", "SIZE"),
    ("Containers", "CONTAINERS"),
    ("VirtualSize", "SIZE"),
    ("SharedSize", "SHARED SIZE"),
    ("UniqueSize", "UNIQUE SIZE"),
];

/// Subcommands of `docker image` a student may type after `docker images`.
const IMAGE_SUBCOMMANDS: &[&str] =
    &["build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push", "rm", "save", "tag"];

/// go-units' `HumanSizeWithPrecision(n, 3)`, as `docker images` prints sizes (`192MB`, `78.1MB`).
pub fn human_size_3(bytes: u64) -> String {
    crate::docker::templates::formatter::human_size_precision(bytes, 3)
}

/// Go's `path.Match` for reference patterns: `*` and `?` (not across `/`), `[...]`, `\\` escapes.
fn glob(pattern: &str, text: &str) -> bool {
    crate::wildcard::matches(pattern, text, crate::wildcard::Dialect::GoPath)
}

/// distribution's `FamiliarMatch`: the pattern against `repo:tag`, else against the repository.
fn reference_matches(pattern: &str, reference: &str) -> bool {
    if glob(pattern, reference) {
        return true;
    }
    let name = reference.split(['@', ':']).next().unwrap_or(reference);
    reference.contains([':', '@']) && glob(pattern, name)
}

/// One row's fields, in the order `{{json .}}` sorts them.
#[allow(clippy::too_many_arguments)]
fn row(world: &World, img: &Image, repo: &str, tag: &str, digest: &str, trunc: bool) -> Value {
    let id = format!("sha256:{}", img.id);
    let created = store::created_secs(img);
    let age_ms = (EPOCH_SECS as i64 - created).max(0) as u64 * 1000 + world.now().ms();
    Struct::new("*formatter.imageContext")
        .field("Containers", Value::str("N/A"))
        .field("CreatedAt", Value::str(stable::go_time_string(created)))
        .field("CreatedSince", Value::str(format!("{} ago", human_duration(age_ms))))
        .field("Digest", Value::str(digest))
        .field("ID", Value::str(if trunc { img.id.get(..12).unwrap_or(&img.id).to_string() } else { id }))
        .field("Repository", Value::str(repo))
        .field("SharedSize", Value::str("N/A"))
        .field("Size", Value::str(human_size_3(img.size_bytes)))
        .field("Tag", Value::str(tag))
        .field("UniqueSize", Value::str("N/A"))
        .field("VirtualSize", Value::str(human_size(img.size_bytes)))
        .into_value()
}

/// The rows of one image: a row per tag (with its repository's digest), a
/// `<none>` tag row for a repository known only by digest, or one `<none>` row.
fn rows_of(world: &World, id: &str, patterns: &[String], digests: bool, trunc: bool) -> Vec<Value> {
    let Some(img) = store::visible(world).map(|(_, i)| i).find(|i| i.id == id) else { return Vec::new() };
    let keep = |r: &str| patterns.is_empty() || patterns.iter().any(|p| reference_matches(p, r));
    let tags: Vec<String> = store::repo_tags(world, id).into_iter().filter(|r| keep(r)).collect();
    let digest_refs: Vec<String> = store::repo_digests(world, id).into_iter().filter(|r| keep(r)).collect();
    if tags.is_empty() && digest_refs.is_empty() {
        if !patterns.is_empty() {
            return Vec::new();
        }
        return vec![row(world, img, "<none>", "<none>", "<none>", trunc)];
    }
    let digest_of = |repo: &str| -> Vec<String> {
        digest_refs
            .iter()
            .filter_map(|d| d.split_once('@').filter(|(r, _)| *r == repo).map(|(_, d)| d.to_string()))
            .collect()
    };
    let mut rows = Vec::new();
    let mut repos_with_tags: Vec<String> = Vec::new();
    for t in &tags {
        let (repo, tag) = t.rsplit_once(':').unwrap_or((t.as_str(), ""));
        repos_with_tags.push(repo.to_string());
        let ds = if digests { digest_of(repo) } else { Vec::new() };
        if ds.is_empty() {
            rows.push(row(world, img, repo, tag, "<none>", trunc));
        }
        for d in ds {
            rows.push(row(world, img, repo, tag, &d, trunc));
        }
    }
    for d in &digest_refs {
        let Some((repo, dg)) = d.split_once('@') else { continue };
        if repos_with_tags.iter().any(|r| r == repo) {
            continue;
        }
        rows.push(row(world, img, repo, "<none>", if digests { dg } else { "" }, trunc));
    }
    rows
}

pub fn images(cx: &mut Cx<'_>, p: &crate::docker::args::Parsed) -> Box<dyn Job> {
    store::collect_garbage(cx.world);
    let filters = match Filters::parse(&p.all("filter")) {
        Ok(f) => f,
        Err(bad) => return done(bad_filter_flag(cx, "-f, --filter", &bad, "images", USAGE)),
    };
    if let Err(e) = filters.validate(&["dangling", "label", "before", "since", "reference", "until"]) {
        return daemon_error(cx, &e);
    }
    let dangling = match filters.bool_or_default("dangling", false) {
        Ok(d) => filters.contains("dangling").then_some(d),
        Err(e) => return daemon_error(cx, &e),
    };
    let mut patterns: Vec<String> = filters.get("reference").to_vec();
    if let Some(arg) = p.args.first() {
        patterns.push(arg.clone());
    }
    let digests = p.has("digests");
    let trunc = !p.has("no-trunc");
    let world = &*cx.world;
    let mut rows = Vec::new();
    for id in store::image_ids(world) {
        let untagged = store::repo_tags(world, &id).is_empty();
        if dangling.is_some_and(|d| d != untagged) {
            continue;
        }
        let labels =
            store::visible(world).find(|(_, i)| i.id == id).map(|(_, i)| i.config.labels.clone()).unwrap_or_default();
        if !filters.match_kv_list("label", &labels) {
            continue;
        }
        rows.extend(rows_of(world, &id, &patterns, digests, trunc));
    }
    let user = p.get("format").unwrap_or("");
    let table = if digests { TABLE_WITH_DIGEST } else { TABLE };
    let with_digest_column;
    let user = if user.starts_with("table") && digests && !user.contains("{{.Digest}}") {
        with_digest_column = format!("{user}\t{{{{.Digest}}}}");
        with_digest_column.as_str()
    } else {
        user
    };
    let spec = ListFormat {
        table,
        quiet: "{{.ID}}",
        raw: if digests { RAW_WITH_DIGEST } else { RAW },
        raw_quiet: "image_id: {{.ID}}",
        header: HEADER,
    };
    match write_list(&spec, user, p.has("quiet"), &rows) {
        Ok(text) => cx.io.out(&text),
        Err(e) => {
            cx.io.errln(&e);
            return done(1);
        }
    }
    // `docker images ls`: the student probably meant `docker image ls`.
    if let [arg] = p.args.as_slice() {
        if rows.is_empty() && IMAGE_SUBCOMMANDS.contains(&arg.as_str()) {
            cx.io.err(&format!("\nNo images found matching \"{arg}\": did you mean \"docker image {arg}\"?\n"));
        }
    }
    done(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_have_three_significant_digits() {
        assert_eq!(human_size_3(192_456_789), "192MB");
        assert_eq!(human_size_3(78_123_456), "78.1MB");
        assert_eq!(human_size_3(1_020_500_000), "1.02GB");
        assert_eq!(human_size_3(4_500_000), "4.5MB");
        assert_eq!(human_size_3(13_256), "13.3kB");
        assert_eq!(human_size_3(615), "615B");
        assert_eq!(human_size_3(0), "0B");
    }

    #[test]
    fn reference_patterns_match_like_path_match() {
        assert!(reference_matches("nginx", "nginx:latest"));
        assert!(reference_matches("nginx:latest", "nginx:latest"));
        assert!(!reference_matches("nginx:1.27", "nginx:latest"));
        assert!(reference_matches("ngi*", "nginx:latest"));
        assert!(!reference_matches("ngi", "nginx:latest"));
        assert!(!reference_matches("*", "bitnami/redis:7"));
        assert!(reference_matches("*/*", "bitnami/redis:7"));
    }
}
