//! `docker build` (`docker image build`, `docker builder build`, `docker
//! buildx build`): docker 28's build is buildx's, so the usage, flags and
//! errors are buildx v0.24's (`commands/build.go`): the context a host
//! directory, `-f` relative to the current directory, `-t` repeated,
//! `--build-arg`, `--target`, `--no-cache`, `-q`. The building itself is the
//! shared builder's ([`crate::build`]); this prints BuildKit's progress as
//! the terminal's last frame shows it (on stderr, as buildx does) and stores
//! the image: tagged, or dangling (`<none>`) without `-t`.

use super::args::{b, v, Parsed};
use super::{done, Cmd};
use crate::process::{Cx, Job};
use crate::world::Loc;

pub const COMMANDS: &[Cmd] = &[Cmd {
    path: "buildx build",
    aliases: &["build", "image build", "builder build", "buildx b"],
    usage: "buildx build [OPTIONS] PATH | URL | -",
    short: "Start a build",
    flags: &[
        v("add-host", None, "strings", "Add a custom host-to-IP mapping (format: \"host:ip\")"),
        v("build-arg", None, "stringArray", "Set build-time variables"),
        v("cache-from", None, "stringArray", "External cache sources (e.g., \"user/app:cache\", \"type=local,src=path/to/dir\")"),
        v("file", Some('f'), "string", "Name of the Dockerfile (default: \"PATH/Dockerfile\")"),
        v("label", None, "stringArray", "Set metadata for an image"),
        b("load", None, "Shorthand for \"--output=type=docker\""),
        v("network", None, "string", "Set the networking mode for the \"RUN\" instructions during build (default \"default\")"),
        b("no-cache", None, "Do not use cache when building the image"),
        v("platform", None, "stringArray", "Set target platform for build"),
        v("progress", None, "string", "Set type of progress output (\"auto\", \"quiet\", \"plain\", \"tty\", \"rawjson\"). Use plain to show container output (default \"auto\")"),
        b("pull", None, "Always attempt to pull all referenced images"),
        b("quiet", Some('q'), "Suppress the build output and print image ID on success"),
        v("tag", Some('t'), "stringArray", "Image identifier (format: \"[registry/]repository[:tag]\")"),
        v("target", None, "string", "Set the target build stage to build"),
    ],
    stop_at_first_arg: false,
    min_args: 1,
    max_args: Some(1),
    run: build,
}];

/// `KEY=value`, or `KEY` taking the value of the client's environment.
fn build_arg(cx: &Cx<'_>, s: &str) -> Option<(String, String)> {
    match s.split_once('=') {
        Some((k, v)) => Some((k.to_string(), v.to_string())),
        None => cx.sh.var(s).map(|v| (s.to_string(), v.to_string())),
    }
}

fn build(cx: &mut Cx<'_>, p: &Parsed) -> Box<dyn Job> {
    let error = |cx: &mut Cx<'_>, m: &str| {
        cx.io.errln(&format!("ERROR: {m}"));
        done(1)
    };
    let mut tags = Vec::new();
    for t in p.all("tag") {
        match crate::world::image::parse_reference(&t) {
            Ok(r) if !t.contains('@') => tags.push(r),
            Ok(_) => return error(cx, &format!("invalid tag {t:?}: tag must not contain a digest")),
            Err(e) => return error(cx, &format!("invalid tag {t:?}: {e}")),
        }
    }
    let path = &p.args[0];
    let context = crate::fs::normalize(&cx.sh.cwd, path);
    if !cx.world.fs_is_dir(Loc::Host, &context) {
        return error(cx, &format!("unable to prepare context: path {path:?} not found"));
    }
    let (dockerfile, dockerfile_name) = match p.get("file") {
        Some(f) => (crate::fs::normalize(&cx.sh.cwd, f), crate::fs::basename(f).to_string()),
        None => (crate::fs::normalize(&context, "Dockerfile"), "Dockerfile".to_string()),
    };
    let build_args = p.all("build-arg").iter().filter_map(|a| build_arg(cx, a)).collect();
    let req = crate::build::Request {
        context,
        dockerfile,
        dockerfile_name,
        build_args,
        target: p.get("target").map(str::to_string),
        prefix: None,
        no_cache: p.has("no-cache"),
    };
    let mut outcome = crate::build::build(cx, &req);
    let quiet = p.has("quiet") || p.get("progress") == Some("quiet");
    let mut img = match &outcome.result {
        Ok(img) => img.clone(),
        Err(f) => {
            let message = f.error.to_string();
            if !quiet {
                cx.io.err(&outcome.render());
            }
            return error(cx, &format!("failed to build: failed to solve: {message}"));
        }
    };
    img.id = cx.world.rng().hex64();
    img.digest = String::new();
    img.tag = String::new();
    img.created_ago_days = 0;
    img.built_at = Some(cx.now());
    img.pulled_at = cx.now();
    img.removed = false;
    for (k, v) in p.all("label").iter().map(|l| l.split_once('=').unwrap_or((l, ""))) {
        img.config.labels.retain(|(l, _)| l != k);
        img.config.labels.push((k.to_string(), v.to_string()));
    }
    // `--no-cache` makes every layer anew: a new image, even from the same steps.
    if !req.no_cache {
        crate::build::reuse_earlier(cx.world, &mut img);
    }
    outcome.progress.push(" => exporting to image".into());
    outcome.progress.push(" => => exporting layers".into());
    outcome.progress.push(format!(" => => writing image sha256:{}", img.id));
    for t in &tags {
        outcome.progress.push(format!(" => => naming to {}", t.canonical()));
    }
    if quiet {
        cx.io.outln(&format!("sha256:{}", img.id));
    } else {
        cx.io.err(&outcome.render());
    }
    let mut first = tags.iter();
    if let Some(t) = first.next() {
        img.repo = t.repo.clone();
        img.tag = t.tag.clone();
    }
    let key = crate::world::image_store::add_built(cx.world, img);
    for t in first {
        crate::world::image_store::tag(cx.world, key, t);
    }
    done(0)
}
