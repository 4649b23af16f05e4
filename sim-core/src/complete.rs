//! Tab completion for the terminal, as bash with bash-completion offers it on
//! a Docker host: command names where a command goes, `docker`'s commands and
//! flags, the names of containers, networks, volumes, images and Compose
//! services where a command takes them, and paths everywhere else.
//!
//! It only reads the world. The front end decides what a Tab press does with
//! the answer ([`Completion::apply`]): one candidate is inserted, several
//! extend the word to what they share, and a second Tab lists them.

use std::collections::BTreeMap;

use crate::docker;
use crate::world::{Loc, World};

/// What can replace the word under the cursor (the end of the line).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Completion {
    /// Byte offset in the line where the word being completed starts.
    pub start: usize,
    /// Whole words that can stand there, sorted, without duplicates. A
    /// directory ends in `/` (more can follow); anything else is a full word.
    pub candidates: Vec<String>,
}

impl Completion {
    /// The line after one Tab: the only candidate (plus a space unless it is
    /// a directory), or the longest prefix every candidate shares. Returns
    /// `None` when Tab cannot add anything (then a second Tab lists them).
    pub fn apply(&self, line: &str) -> Option<String> {
        let word = line.get(self.start..).unwrap_or("");
        let head = line.get(..self.start).unwrap_or("");
        match self.candidates.as_slice() {
            [] => None,
            [only] => {
                let space = if only.ends_with('/') { "" } else { " " };
                Some(format!("{head}{only}{space}"))
            }
            many => {
                let common = common_prefix(many);
                (common.len() > word.len()).then(|| format!("{head}{common}"))
            }
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut end = first.len();
    for w in &words[1..] {
        end = end.min(first.char_indices().zip(w.chars()).take_while(|((_, a), b)| a == b).count());
    }
    first.chars().take(end).collect()
}

/// Completes the last word of `line`, typed in a shell at `loc` whose
/// working directory is `cwd`.
pub fn complete(world: &World, loc: Loc, cwd: &str, line: &str) -> Completion {
    let start = line.rfind(|c: char| c.is_whitespace() || matches!(c, '|' | ';' | '&' | '(')).map_or(0, |i| i + 1);
    let word = &line[start..];
    let segment_start = line[..start].rfind(['|', ';', '&', '(']).map_or(0, |i| i + 1);
    let before: Vec<&str> = line[segment_start..start].split_whitespace().collect();
    let mut candidates = if before.is_empty() && !word.contains('/') {
        commands(world, loc, word)
    } else {
        match before.first().copied() {
            Some("docker") => docker_words(world, loc, cwd, &before[1..], word),
            Some("docker-compose") => compose_words(world, loc, cwd, &before[1..], word),
            _ => paths(world, loc, cwd, word),
        }
    };
    candidates.retain(|c| c.starts_with(word));
    crate::sort::sort(&mut candidates);
    candidates.dedup();
    Completion { start, candidates }
}

/// Command names that exist where the shell runs.
fn commands(world: &World, loc: Loc, word: &str) -> Vec<String> {
    crate::programs::known_commands()
        .filter(|name| name.starts_with(word) && crate::programs::has_command(world, loc, name))
        .map(str::to_string)
        .collect()
}

/// Files and directories matching a partly typed path.
fn paths(world: &World, loc: Loc, cwd: &str, word: &str) -> Vec<String> {
    let (dir_typed, base) = match word.rfind('/') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let dir = if dir_typed.starts_with('/') {
        dir_typed.to_string()
    } else if let Some(rest) = dir_typed.strip_prefix("~/") {
        format!("/home/alumno/{rest}")
    } else {
        format!("{}/{dir_typed}", cwd.trim_end_matches('/'))
    };
    let dir = crate::fs::normalize("/", &dir);
    let Ok(entries) = world.fs_list(loc, &dir) else { return Vec::new() };
    entries
        .into_iter()
        .filter(|(name, _)| name.starts_with(base) && (!name.starts_with('.') || base.starts_with('.')))
        .map(|(name, is_dir)| format!("{dir_typed}{name}{}", if is_dir { "/" } else { "" }))
        .collect()
}

/// What a docker command's arguments are.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arg {
    Containers,
    RunningContainers,
    StoppedContainers,
    /// docker/cli's `pause` completion: running and not paused.
    UnpausedContainers,
    /// `unpause`: the paused ones.
    PausedContainers,
    Images,
    Networks,
    Volumes,
    Nothing,
}

fn arg_kind(path: &str) -> Arg {
    let path = path.strip_prefix("container ").unwrap_or(path);
    match path {
        "exec" | "stop" | "kill" | "top" | "port" | "stats" | "attach" => Arg::RunningContainers,
        "pause" => Arg::UnpausedContainers,
        "unpause" => Arg::PausedContainers,
        "start" => Arg::StoppedContainers,
        "rm" | "restart" | "logs" | "inspect" | "rename" | "wait" | "cp" | "diff" | "export" | "update" => {
            Arg::Containers
        }
        "run" | "create" | "pull" | "push" | "rmi" | "history" | "tag" | "save" | "image rm" | "image inspect"
        | "image history" | "image tag" | "image pull" | "image push" | "image save" => Arg::Images,
        "network rm" | "network inspect" | "network connect" | "network disconnect" => Arg::Networks,
        "volume rm" | "volume inspect" => Arg::Volumes,
        _ => Arg::Nothing,
    }
}

fn docker_words(world: &World, loc: Loc, cwd: &str, before: &[&str], word: &str) -> Vec<String> {
    // Global options come before the command.
    let words: Vec<&str> = before.iter().copied().skip_while(|w| w.starts_with('-')).collect();
    if words.first() == Some(&"compose") {
        return compose_words(world, loc, cwd, &words[1..], word);
    }
    let Some((cmd_path, used)) = docker::command_at(&words) else {
        // No command yet, or half of a management command (`docker network `).
        if word.starts_with('-') {
            return vec!["--help".into(), "--version".into()];
        }
        return docker::next_words(&words).into_iter().map(str::to_string).collect();
    };
    let args = &words[used..];
    if word.starts_with('-') {
        return docker::flag_names(cmd_path);
    }
    if let Some(prev) = args.last() {
        match *prev {
            "--network" | "--net" => return network_names(world),
            "-v" | "--volume" | "--mount" => return volume_names(world),
            "--name" | "-e" | "--env" | "-p" | "--publish" | "--format" | "-f" | "--filter" | "-w" | "--workdir"
            | "--restart" | "--hostname" | "-h" | "--memory" | "-m" | "--entrypoint" | "-u" | "--user" => {
                return Vec::new()
            }
            _ => {}
        }
    }
    let positional = args.iter().filter(|a| !a.starts_with('-')).count();
    let kind = arg_kind(cmd_path);
    // `docker run IMAGE` is followed by the container's own command.
    if kind == Arg::Images
        && matches!(cmd_path, "run" | "create" | "container run" | "container create")
        && positional > 0
    {
        return Vec::new();
    }
    // `docker network connect NET CONTAINER`.
    if matches!(cmd_path, "network connect" | "network disconnect") && positional == 1 {
        return container_names(world, |_| true);
    }
    match kind {
        Arg::Containers => container_names(world, |_| true),
        Arg::RunningContainers => container_names(world, |running| running),
        Arg::StoppedContainers => container_names(world, |running| !running),
        Arg::UnpausedContainers => {
            world.containers().values().filter(|c| c.is_running() && !c.is_paused()).map(|c| c.name.clone()).collect()
        }
        Arg::PausedContainers => {
            world.containers().values().filter(|c| c.is_paused()).map(|c| c.name.clone()).collect()
        }
        Arg::Images => image_names(world),
        Arg::Networks => network_names(world),
        Arg::Volumes => volume_names(world),
        Arg::Nothing => Vec::new(),
    }
}

/// `docker compose …` / `docker-compose …`: subcommands, their flags, the project's services.
fn compose_words(world: &World, loc: Loc, cwd: &str, before: &[&str], word: &str) -> Vec<String> {
    // The first word that is neither a root flag nor a root flag's value names the subcommand.
    let mut sub = None;
    let mut skip = false;
    for w in before {
        if std::mem::take(&mut skip) {
            continue;
        }
        if w.starts_with('-') {
            skip = !w.contains('=') && crate::compose_run::root_flag_takes_value(w);
            continue;
        }
        sub = Some(*w);
        break;
    }
    let Some(sub) = sub else {
        if word.starts_with('-') {
            return crate::compose_run::flag_names(None);
        }
        return crate::compose_run::subcommands().into_iter().map(str::to_string).collect();
    };
    if word.starts_with('-') {
        return crate::compose_run::flag_names(Some(sub));
    }
    if matches!(sub, "config" | "ls" | "version") {
        return Vec::new();
    }
    service_names(world, loc, cwd)
}

fn service_names(world: &World, loc: Loc, cwd: &str) -> Vec<String> {
    let read = |p: &str| -> Option<Vec<u8>> { world.fs_read(loc, p).ok() };
    let env = BTreeMap::new();
    let Ok(resolved) = crate::compose::options::resolve(&Default::default(), cwd, &env, &read) else {
        return Vec::new();
    };
    match crate::compose::load_resolved(&resolved, &read) {
        Ok((project, _)) => project.services.keys().cloned().collect(),
        Err(_) => Vec::new(),
    }
}

fn container_names(world: &World, keep: impl Fn(bool) -> bool) -> Vec<String> {
    world.containers().values().filter(|c| keep(c.is_running())).map(|c| c.name.clone()).collect()
}

fn network_names(world: &World) -> Vec<String> {
    world.networks().values().map(|n| n.name.clone()).collect()
}

fn volume_names(world: &World) -> Vec<String> {
    world.volumes().keys().cloned().collect()
}

fn image_names(world: &World) -> Vec<String> {
    let mut names: Vec<String> = world
        .images()
        .iter()
        .filter(|i| !i.removed && i.repo != "<none>")
        .flat_map(|i| [i.repo.clone(), format!("{}:{}", i.repo, i.tag)])
        .collect();
    // Images anyone can pull, as the Hub would suggest them.
    names.extend(crate::world::image::CATALOG.iter().map(|e| e.repo.to_string()));
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Session, SessionConfig};

    fn session(lines: &[&str]) -> Session {
        let mut s = Session::new(SessionConfig::default());
        for l in lines {
            s.submit(0, l);
            s.run_until_idle(0, 60_000);
            s.take_output(0);
        }
        s
    }

    fn words(s: &Session, line: &str) -> Vec<String> {
        s.complete(0, line).candidates
    }

    #[test]
    fn docker_subcommands_and_management_commands() {
        let s = session(&[]);
        assert_eq!(words(&s, "docker net"), ["network"]);
        assert_eq!(s.complete(0, "docker net").apply("docker net").as_deref(), Some("docker network "));
        let net = words(&s, "docker network c");
        assert_eq!(net, ["connect", "create"]);
        assert!(words(&s, "docker ").contains(&"compose".to_string()));
        assert!(words(&s, "docker ").contains(&"run".to_string()));
        assert_eq!(words(&s, "docker at"), ["attach"]);
        assert_eq!(words(&s, "docker container up"), ["update"]);
        assert!(words(&s, "docker attach --d").contains(&"--detach-keys".to_string()));
        assert!(words(&s, "docker run --volumes-f").contains(&"--volumes-from".to_string()));
    }

    #[test]
    fn flags_of_the_command() {
        let s = session(&[]);
        let flags = words(&s, "docker run --ne");
        assert!(flags.contains(&"--network".to_string()), "{flags:?}");
        assert!(words(&s, "docker ps -").contains(&"--all".to_string()));
        assert!(words(&s, "docker compose up --").contains(&"--detach".to_string()));
        // The compose command table: a root flag's value is not the subcommand.
        assert!(words(&s, "docker compose -f other.yaml up --").contains(&"--renew-anon-volumes".to_string()));
        assert!(words(&s, "docker compose --").contains(&"--project-name".to_string()));
        assert!(words(&s, "docker compose w").contains(&"watch".to_string()));
    }

    #[test]
    fn pause_offers_running_containers_and_unpause_the_paused_ones() {
        let s = session(&[
            "docker run -d --name web1 nginx",
            "docker run -d --name web2 nginx",
            "docker create --name web3 nginx",
            "docker pause web2",
        ]);
        assert_eq!(words(&s, "docker pause w"), ["web1"]);
        assert_eq!(words(&s, "docker unpause w"), ["web2"]);
        assert_eq!(words(&s, "docker container unpause w"), ["web2"]);
        assert_eq!(words(&s, "docker stats w"), ["web1", "web2"]);
    }

    #[test]
    fn names_of_containers_networks_and_volumes() {
        let s = session(&[
            "docker network create mynet",
            "docker volume create datos",
            "docker run -d --name web1 --network mynet nginx",
            "docker create --name web2 nginx",
        ]);
        assert_eq!(words(&s, "docker exec -it w"), ["web1"]);
        assert_eq!(words(&s, "docker start w"), ["web2"]);
        assert_eq!(words(&s, "docker rm w"), ["web1", "web2"]);
        assert_eq!(words(&s, "docker run --network my"), ["mynet"]);
        assert_eq!(words(&s, "docker network inspect my"), ["mynet"]);
        assert_eq!(words(&s, "docker network connect mynet we"), ["web1", "web2"]);
        assert_eq!(words(&s, "docker volume rm d"), ["datos"]);
        assert!(words(&s, "docker run ngi").contains(&"nginx".to_string()));
        assert!(words(&s, "docker run nginx ").is_empty());
    }

    #[test]
    fn commands_paths_and_services() {
        let mut s = session(&["mkdir web", "echo hola > web/index.html"]);
        assert!(words(&s, "doc").contains(&"docker".to_string()));
        assert_eq!(words(&s, "cat we"), ["web/"]);
        assert_eq!(words(&s, "cat web/"), ["web/index.html"]);
        let line = "cat web/i";
        assert_eq!(s.complete(0, line).apply(line).as_deref(), Some("cat web/index.html "));
        s.write_host_file(
            "/home/alumno/proyecto/compose.yaml",
            b"services:\n  db:\n    image: redis\n  web:\n    image: nginx\n",
        )
        .unwrap();
        assert_eq!(words(&s, "docker compose logs "), ["db", "web"]);
        assert_eq!(words(&s, "docker-compose up -d w"), ["web"]);
        assert!(words(&s, "docker compose u").contains(&"up".to_string()));
    }

    #[test]
    fn inside_a_container_only_its_commands() {
        let mut s = session(&["docker run -d --name ub ubuntu sleep infinity"]);
        s.submit(0, "docker exec -it ub bash");
        s.run_until_idle(0, 5_000);
        s.take_output(0);
        assert!(words(&s, "pin").is_empty(), "ubuntu has no ping before apt-get install");
        assert!(words(&s, "ap").contains(&"apt-get".to_string()));
    }

    #[test]
    fn several_candidates_extend_to_their_common_prefix() {
        let c = Completion { start: 7, candidates: vec!["network".into(), "node".into()] };
        assert_eq!(c.apply("docker n"), None);
        let c = Completion { start: 7, candidates: vec!["container".into(), "context".into()] };
        assert_eq!(c.apply("docker c").as_deref(), Some("docker cont"));
        assert_eq!(Completion { start: 0, candidates: vec![] }.apply("x"), None);
    }

    #[test]
    fn never_panics_on_odd_lines() {
        let s = session(&[]);
        for line in ["", " ", "|", "docker --", "docker compose -f ", "ñ", "docker network connect ", "cat /nope/"] {
            let _ = s.complete(0, line).apply(line);
        }
    }
}
