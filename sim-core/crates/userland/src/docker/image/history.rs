//! `docker history IMAGE`: the build steps of an image, newest first. Muelle
//! does not keep real Dockerfiles, so the steps are reconstructed from the
//! image's configuration (the `ENV`/`EXPOSE`/`ENTRYPOINT`/`CMD` lines a
//! Dockerfile needs to produce it) and its layers (one `RUN`/`COPY` line
//! each, with the layer's size), as BuildKit records them. Format from
//! docker/cli v28.2.2 `cli/command/image/formatter_history.go`.

use super::list::human_size_3;
use super::store;
use crate::docker::inspect::stable;
use crate::docker::templates::{write_list, ListFormat, Struct, Value};
use crate::docker::{daemon_error, done};
use crate::process::{Cx, Job};
use crate::time::{human_duration, EPOCH_SECS};
use crate::world::image::{Image, Os};

const BUILDKIT: &str = "buildkit.dockerfile.v0";

/// The kind of `RUN` steps official images are made of.
const RUN_LINES: &[&str] = &[
    "RUN /bin/sh -c set -eux; groupadd --system --gid 999 app; useradd --system --gid app --uid 999 app # buildkit",
    "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg; rm -rf /var/lib/apt/lists/* # buildkit",
    "RUN /bin/sh -c set -eux; mkdir -p /docker-entrypoint.d; ln -sf /dev/stdout /var/log/app.log # buildkit",
    "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
];

/// One history entry (`image.HistoryResponseItem`).
struct Step {
    created_by: String,
    size: u64,
    comment: &'static str,
    /// Seconds before the image's `Created`.
    earlier: i64,
}

fn json_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("[{}]", quoted.join(" "))
}

/// The base layer's line, as the distribution's own build writes it.
fn base_step(img: &Image, size: u64) -> Step {
    let (created_by, comment) = match img.config.os() {
        Os::Ubuntu => (
            "/bin/sh -c #(nop) ADD file:1d7c45546e94b90e941c5bf5c7a6fd8ba0df1f4e9c7a6e9c4bd6f2b1d0b6c8f3 in / "
                .to_string(),
            "",
        ),
        Os::Alpine => ("ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit".to_string(), BUILDKIT),
        Os::Busybox => ("BusyBox 1.37.0 (glibc), Debian 12".to_string(), ""),
        Os::Oracle => ("ADD oraclelinux-9-slim-amd64-rootfs.tar.xz / # buildkit".to_string(), BUILDKIT),
        Os::Debian => ("# debian.sh --arch 'amd64' out/ 'bookworm' '@1740355200'".to_string(), "debuerreotype 0.15"),
    };
    Step { created_by, size, comment, earlier: 86_400 * 7 }
}

fn steps(img: &Image) -> Vec<Step> {
    let c = &img.config;
    let sizes = store::layer_sizes(img);
    let mut out: Vec<Step> = Vec::new();
    let meta = |line: String| Step { created_by: line, size: 0, comment: BUILDKIT, earlier: 0 };
    if let Some(first) = sizes.first() {
        out.push(base_step(img, *first));
    }
    if img.repo != "ubuntu" && img.repo != "debian" && img.repo != "alpine" && img.repo != "busybox" {
        for (k, v) in c.env.iter().filter(|(k, _)| k != "PATH") {
            out.push(meta(format!("ENV {k}={v}")));
        }
        for (i, size) in sizes.iter().enumerate().skip(1) {
            let line = if i + 1 == sizes.len() && !c.entrypoint.is_empty() {
                format!("COPY {} / # buildkit", c.entrypoint[0].trim_start_matches('/'))
            } else {
                RUN_LINES[(i - 1) % RUN_LINES.len()].to_string()
            };
            out.push(Step { created_by: line, size: *size, comment: BUILDKIT, earlier: 0 });
        }
        if !c.workdir.is_empty() {
            out.push(meta(format!("WORKDIR {}", c.workdir)));
        }
        if !c.volumes.is_empty() {
            out.push(meta(format!("VOLUME {}", json_list(&c.volumes))));
        }
        if !c.entrypoint.is_empty() {
            out.push(meta(format!("ENTRYPOINT {}", json_list(&c.entrypoint))));
        }
        if !c.exposed.is_empty() {
            let ports: Vec<String> = c.exposed.iter().map(|p| format!("{p}:{{}}")).collect();
            out.push(meta(format!("EXPOSE map[{}]", ports.join(" "))));
        }
        if !c.stop_signal.is_empty() {
            out.push(meta(format!("STOPSIGNAL {}", c.stop_signal)));
        }
    } else {
        for (i, size) in sizes.iter().enumerate().skip(1) {
            out.push(Step {
                created_by: RUN_LINES[(i - 1) % RUN_LINES.len()].to_string(),
                size: *size,
                comment: BUILDKIT,
                earlier: 0,
            });
        }
    }
    let cmd = json_list(&c.cmd);
    let base_only = img.repo == "ubuntu";
    out.push(Step {
        created_by: if base_only { format!("/bin/sh -c #(nop)  CMD {cmd}") } else { format!("CMD {cmd}") },
        size: 0,
        comment: if base_only { "" } else { BUILDKIT },
        earlier: 0,
    });
    out.reverse();
    out
}

/// docker/cli's `Ellipsis`: at most `max` characters, the last one `…`.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

pub fn history(cx: &mut Cx<'_>, p: &crate::docker::args::Parsed) -> Box<dyn Job> {
    let key = match store::lookup(cx.world, &p.args[0]) {
        Ok(i) => i,
        Err(e) => return daemon_error(cx, &e.to_string()),
    };
    let Some(img) = cx.world.images().get(key).cloned() else { return done(1) };
    let human = p.get("human") != Some("false");
    let trunc = !p.has("no-trunc");
    let created = store::created_secs(&img);
    let now_secs = EPOCH_SECS as i64 + (cx.world.now().ms() / 1000) as i64;
    let steps = steps(&img);
    let rows: Vec<Value> = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let id = if i == 0 {
                let full = format!("sha256:{}", img.id);
                if trunc {
                    img.id.get(..12).unwrap_or(&img.id).to_string()
                } else {
                    full
                }
            } else {
                "<missing>".to_string()
            };
            let at = created - s.earlier;
            let created_at = stable::rfc3339_nano(at, 0);
            let since = if human {
                format!("{} ago", human_duration(((now_secs - at).max(0) as u64) * 1000))
            } else {
                created_at.clone()
            };
            let by = s.created_by.replace('\t', " ");
            Struct::new("*image.historyContext")
                .field("Comment", Value::str(s.comment))
                .field("CreatedAt", Value::str(created_at))
                .field("CreatedBy", Value::str(if trunc { ellipsis(&by, 45) } else { by }))
                .field("CreatedSince", Value::str(since))
                .field("ID", Value::str(id))
                .field("Size", Value::str(if human { human_size_3(s.size) } else { s.size.to_string() }))
                .into_value()
        })
        .collect();
    let spec = ListFormat {
        table: if human {
            "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
        } else {
            "table {{.ID}}\t{{.CreatedAt}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
        },
        quiet: "{{.ID}}",
        raw: "{{.ID}}",
        raw_quiet: "{{.ID}}",
        header: &[
            ("ID", "IMAGE"),
            ("CreatedSince", "CREATED"),
            ("CreatedAt", "CREATED AT"),
            ("CreatedBy", "CREATED BY"),
            ("Size", "SIZE"),
            ("Comment", "COMMENT"),
        ],
    };
    match write_list(&spec, p.get("format").unwrap_or(""), p.has("quiet"), &rows) {
        Ok(text) => {
            cx.io.out(&text);
            done(0)
        }
        Err(e) => {
            cx.io.errln(&e);
            done(1)
        }
    }
}
