//! `docker compose build` (and `up` of a service with `build:`): a Dockerfile
//! read from the simulated project, interpreted instruction by instruction
//! into a new image — FROM's content and config, ENV, WORKDIR, COPY/ADD of
//! host files, packages installed by RUN, EXPOSE, CMD/ENTRYPOINT — with
//! BuildKit-style step output.

use super::spec;
use crate::compose::project::Project;
use crate::process::Cx;
use crate::world::image::Image;
use crate::world::Loc;

/// Splits a Dockerfile into (line number, instruction, arguments), joining `\` continuations.
fn instructions(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut start = 0;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if pending.is_empty() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        if pending.is_empty() {
            start = i + 1;
        }
        if let Some(body) = line.strip_suffix('\\') {
            pending.push_str(body);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let full = std::mem::take(&mut pending);
        let (instr, args) = full.split_once(char::is_whitespace).unwrap_or((&full, ""));
        out.push((start, instr.to_ascii_uppercase(), args.trim().to_string()));
    }
    if !pending.is_empty() {
        let (instr, args) = pending.split_once(char::is_whitespace).unwrap_or((&pending, ""));
        out.push((start, instr.to_ascii_uppercase(), args.trim().to_string()));
    }
    out
}

/// `["a", "b"]` (exec form) or a shell string wrapped in `/bin/sh -c`.
fn command_form(args: &str) -> Vec<String> {
    let t = args.trim();
    if t.starts_with('[') && t.ends_with(']') {
        let inner = &t[1..t.len() - 1];
        let mut out = Vec::new();
        for part in inner.split(',') {
            let p = part.trim().trim_matches('"').to_string();
            if !p.is_empty() {
                out.push(p);
            }
        }
        return out;
    }
    vec!["/bin/sh".into(), "-c".into(), t.to_string()]
}

fn key_values(args: &str) -> Vec<(String, String)> {
    if !args.contains('=') {
        let (k, v) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
        return vec![(k.to_string(), v.trim().trim_matches('"').to_string())];
    }
    args.split_whitespace()
        .filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string())))
        .collect()
}

/// `HEALTHCHECK [--interval=…] [--timeout=…] [--retries=…] [--start-period=…] CMD …` or `NONE`.
fn dockerfile_healthcheck(args: &str) -> Option<crate::world::container::Healthcheck> {
    let mut hc = crate::world::container::Healthcheck {
        test: Vec::new(),
        interval_ms: 30_000,
        timeout_ms: 30_000,
        retries: 3,
        start_period_ms: 0,
    };
    let mut rest = args.trim();
    while let Some(opt) = rest.strip_prefix("--") {
        let (word, tail) = opt.split_once(char::is_whitespace).unwrap_or((opt, ""));
        let (k, v) = word.split_once('=').unwrap_or((word, ""));
        let ms = crate::docker::run::parse_go_duration(v);
        match k {
            "interval" => hc.interval_ms = ms.unwrap_or(hc.interval_ms),
            "timeout" => hc.timeout_ms = ms.unwrap_or(hc.timeout_ms),
            "start-period" => hc.start_period_ms = ms.unwrap_or(0),
            "retries" => hc.retries = v.parse().unwrap_or(3),
            _ => {}
        }
        rest = tail.trim_start();
    }
    let cmd = rest.strip_prefix("CMD")?.trim();
    hc.test = match command_form(cmd).as_slice() {
        [sh, c, line] if sh == "/bin/sh" && c == "-c" => vec!["CMD-SHELL".into(), line.clone()],
        argv => std::iter::once("CMD".to_string()).chain(argv.iter().cloned()).collect(),
    };
    Some(hc)
}

/// Builds the image of `service` and adds it to the local images.
pub fn build_service(cx: &mut Cx<'_>, project: &Project, service: &str) -> Result<(), String> {
    let Some(svc) = project.services.get(service) else { return Err(format!("no such service: {service}")) };
    let Some(build) = svc.build.clone() else { return Ok(()) };
    let context = crate::fs::normalize(&project.working_dir, &build.context);
    if !cx.world.fs_is_dir(Loc::Host, &context) {
        return Err(format!("unable to prepare context: path \"{context}\" not found"));
    }
    let dockerfile_name = build.dockerfile.clone().unwrap_or_else(|| "Dockerfile".into());
    let dockerfile = crate::fs::normalize(&context, &dockerfile_name);
    let text = match cx.world.fs_read(Loc::Host, &dockerfile) {
        Ok(d) => String::from_utf8_lossy(&d).into_owned(),
        Err(_) => {
            return Err(format!(
                "failed to solve: failed to read dockerfile: open {dockerfile_name}: no such file or directory"
            ))
        }
    };
    let steps = instructions(&text);
    let mut args = crate::sort::map_from(build.args.iter().filter_map(|(k, v)| v.clone().map(|v| (k.clone(), v))));
    let mut base: Option<Image> = None;
    let mut lines: Vec<String> = Vec::new();
    let total = steps
        .iter()
        .filter(|(_, i, _)| {
            !matches!(
                i.as_str(),
                "ARG"
                    | "LABEL"
                    | "EXPOSE"
                    | "ENV"
                    | "CMD"
                    | "ENTRYPOINT"
                    | "USER"
                    | "VOLUME"
                    | "HEALTHCHECK"
                    | "STOPSIGNAL"
                    | "SHELL"
                    | "ONBUILD"
                    | "MAINTAINER"
            )
        })
        .count();
    let mut n = 0;
    for (line, instr, raw_args) in &steps {
        let a = args
            .iter()
            .fold(raw_args.clone(), |acc, (k, v)| acc.replace(&format!("${{{k}}}"), v).replace(&format!("${k}"), v));
        if base.is_none() && !matches!(instr.as_str(), "FROM" | "ARG") {
            return Err(format!(
                "failed to solve: dockerfile parse error on line {line}: no build stage in current context"
            ));
        }
        match instr.as_str() {
            "FROM" => {
                let image_name = a.split_whitespace().next().unwrap_or("").to_string();
                let idx = crate::docker::run::ensure_image(&mut Cx { world: cx.world, io: &mut crate::process::Io::default(), sh: cx.sh, lang: cx.lang, effects: cx.effects }, &image_name, true, false)
                    .map_err(|m| format!("failed to solve: {image_name}: failed to resolve source metadata for docker.io/library/{image_name}: {m}"))?;
                let mut img = cx.world.images()[idx].clone();
                img.config.packages.extend(crate::programs::image_packages(&img.repo).iter().map(|s| s.to_string()));
                n += 1;
                let r = crate::docker::run::parse_reference(&image_name)
                    .map(|r| r.canonical())
                    .unwrap_or(image_name.clone());
                lines.push(format!(" => [{service} {n}/{total}] FROM {r}@sha256:{}", img.digest));
                base = Some(img);
            }
            "ARG" => {
                for (k, v) in key_values(&a) {
                    args.entry(k).or_insert(v);
                }
            }
            other => {
                let img = base.as_mut().expect("checked above");
                match other {
                    "ENV" => {
                        for (k, v) in key_values(&a) {
                            img.config.env.retain(|(ek, _)| *ek != k);
                            img.config.env.push((k, v));
                        }
                    }
                    "WORKDIR" => {
                        let dir = crate::fs::normalize(
                            if img.config.workdir.is_empty() { "/" } else { &img.config.workdir },
                            &a,
                        );
                        let _ = img.fs.mkdir_p(&dir);
                        img.config.workdir = dir;
                        n += 1;
                        lines.push(format!(" => [{service} {n}/{total}] WORKDIR {a}"));
                    }
                    "COPY" | "ADD" => {
                        let parts: Vec<&str> = a.split_whitespace().filter(|p| !p.starts_with("--")).collect();
                        if parts.len() < 2 {
                            return Err(format!("failed to solve: dockerfile parse error on line {line}: {other} requires at least two arguments, but only one was provided. Destination could not be determined"));
                        }
                        let dest_raw = parts[parts.len() - 1];
                        let workdir =
                            if img.config.workdir.is_empty() { "/".to_string() } else { img.config.workdir.clone() };
                        let dest = crate::fs::normalize(&workdir, dest_raw);
                        for src in &parts[..parts.len() - 1] {
                            let from = crate::fs::normalize(&context, src);
                            match cx.world.fs_node(Loc::Host, &from) {
                                None => {
                                    return Err(format!("failed to solve: failed to compute cache key: failed to calculate checksum of ref: \"/{src}\": not found"));
                                }
                                Some(crate::fs::Node::Dir) => {
                                    let _ = img.fs.mkdir_p(&dest);
                                    img.fs.copy_tree_from(cx.world.host_fs(), &from, &dest);
                                }
                                Some(crate::fs::Node::File(data)) => {
                                    let target = if dest_raw.ends_with('/') || img.fs.is_dir(&dest) {
                                        format!("{dest}/{}", crate::fs::basename(&from))
                                    } else {
                                        dest.clone()
                                    };
                                    img.fs.put(&target, data);
                                }
                            }
                        }
                        n += 1;
                        lines.push(format!(" => [{service} {n}/{total}] {other} {a}"));
                    }
                    "RUN" => {
                        // Packages a RUN installs are really there afterwards.
                        let words: Vec<&str> = a
                            .split(|c: char| c.is_whitespace() || c == ';' || c == '&')
                            .filter(|w| !w.is_empty())
                            .collect();
                        for (i, w) in words.iter().enumerate() {
                            if (*w == "install" || *w == "add")
                                && i > 0
                                && matches!(words[i - 1], "apt-get" | "apt" | "apk" | "pip" | "pip3")
                            {
                                for p in words[i + 1..]
                                    .iter()
                                    .take_while(|p| !matches!(**p, "apt-get" | "apt" | "apk" | "rm" | "pip"))
                                {
                                    if !p.starts_with('-') {
                                        img.config.packages.push(p.to_string());
                                    }
                                }
                            }
                        }
                        n += 1;
                        lines.push(format!(" => [{service} {n}/{total}] RUN {a}"));
                    }
                    "EXPOSE" => {
                        for p in a.split_whitespace() {
                            let e = if p.contains('/') { p.to_string() } else { format!("{p}/tcp") };
                            if !img.config.exposed.contains(&e) {
                                img.config.exposed.push(e);
                            }
                        }
                    }
                    "CMD" => img.config.cmd = command_form(&a),
                    "ENTRYPOINT" => {
                        img.config.entrypoint = command_form(&a);
                        img.config.cmd.clear();
                    }
                    "USER" => img.config.user = a.clone(),
                    "LABEL" => img.config.labels.extend(key_values(&a)),
                    "VOLUME" => img.config.volumes.extend(command_form(&a).into_iter().filter(|v| v.starts_with('/'))),
                    "HEALTHCHECK" => img.config.healthcheck = dockerfile_healthcheck(&a),
                    "STOPSIGNAL" => img.config.stop_signal = a.clone(),
                    "SHELL" | "ONBUILD" | "MAINTAINER" => {}
                    _ => {
                        return Err(format!(
                            "failed to solve: dockerfile parse error on line {line}: unknown instruction: {other}"
                        ))
                    }
                }
            }
        }
    }
    let Some(mut img) = base else {
        return Err("failed to solve: the Dockerfile (Dockerfile) cannot be empty".into());
    };
    let name = spec::image_ref(project, svc);
    let (repo, tag) = match name.rsplit_once(':') {
        Some((r, t)) if !t.contains('/') => (r.to_string(), t.to_string()),
        _ => (name.clone(), "latest".to_string()),
    };
    img.id = cx.world.rng().hex64();
    img.digest = cx.world.rng().hex64();
    img.repo = repo;
    img.tag = tag;
    img.created_ago_days = 0;
    img.pulled_at = cx.now();
    let secs = 1.0 + lines.len() as f64 * 0.4;
    let mut out = format!("[+] Building {secs:.1}s ({}/{}) FINISHED\n", lines.len() + 4, lines.len() + 4);
    out.push_str(&format!(" => [{service} internal] load build definition from {dockerfile_name}\n => => transferring dockerfile: {}B\n => [{service} internal] load .dockerignore\n => => transferring context: 2B\n", text.len()));
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str(&format!(" => [{service}] exporting to image\n => => exporting layers\n => => writing image sha256:{}\n => => naming to docker.io/library/{name}\n", img.id));
    cx.io.out(&out);
    crate::world::image_store::add_built(cx.world, img);
    Ok(())
}
