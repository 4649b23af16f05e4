//! The student's project folder on the simulated host (`/home/alumno/proyecto`): walking it,
//! writing it back after a reload or a reset, and what a first visit starts with.

use sim_core::{Session, PROJECT_DIR};

use crate::i18n::Lang;
use crate::persist;

/// Files and folders below the project, as `(relative path, is_dir)`, depth first, sorted.
pub fn entries(session: &Session) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    walk(session, "", 0, &mut out);
    out
}

fn walk(session: &Session, rel: &str, depth: usize, out: &mut Vec<(String, bool)>) {
    const MAX_DEPTH: usize = 8;
    const MAX_ENTRIES: usize = 500;
    let dir = if rel.is_empty() { PROJECT_DIR.to_string() } else { format!("{PROJECT_DIR}/{rel}") };
    let Ok(list) = session.list_host_dir(&dir) else { return };
    // Folders first, then files, each alphabetically (the listing comes sorted by name).
    let (dirs, files): (Vec<_>, Vec<_>) = list.into_iter().partition(|(_, is_dir)| *is_dir);
    for (name, is_dir) in dirs.into_iter().chain(files) {
        if out.len() >= MAX_ENTRIES {
            return;
        }
        let path = if rel.is_empty() { name } else { format!("{rel}/{name}") };
        out.push((path.clone(), is_dir));
        if is_dir && depth < MAX_DEPTH {
            walk(session, &path, depth + 1, out);
        }
    }
}

/// Every text file of the project with its content.
pub fn files(session: &Session) -> Vec<(String, String)> {
    entries(session)
        .into_iter()
        .filter(|(_, is_dir)| !is_dir)
        .filter_map(|(p, _)| {
            let data = session.read_host_file(&p).ok()?;
            (data.len() <= persist::MAX_FILE).then(|| String::from_utf8(data).ok()).flatten().map(|c| (p, c))
        })
        .collect()
}

/// The file the editor opens first: a Compose file if there is one, else the first file.
pub fn first_file(session: &Session) -> Option<String> {
    let files: Vec<String> = entries(session).into_iter().filter(|(_, d)| !d).map(|(p, _)| p).collect();
    files.iter().find(|p| p.starts_with("compose.") || p.starts_with("docker-compose.")).or(files.first()).cloned()
}

/// Writes saved files into a fresh session's project folder.
pub fn restore(session: &mut Session, files: &[(String, String)]) {
    for (path, content) in files {
        if persist::safe_path(path) {
            let _ = session.write_host_file(path, content.as_bytes());
        }
    }
}

/// The files saved by the last visit, or the tutorial's example on a first visit.
pub fn saved_or_sample(lang: Lang) -> Vec<(String, String)> {
    persist::load(persist::FILES_KEY)
        .and_then(|s| persist::decode_files(&s))
        .unwrap_or_else(|| crate::examples::first_visit(lang))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::SessionConfig;

    #[test]
    fn the_sample_round_trips_through_the_simulated_disk() {
        let mut s = Session::new(SessionConfig::default());
        let sample = crate::examples::find("web").map(|e| e.files(Lang::Es)).unwrap_or_default();
        restore(&mut s, &sample);
        let mut back = files(&s);
        back.sort();
        let mut want = sample.clone();
        want.sort();
        assert_eq!(back, want);
        assert_eq!(first_file(&s).as_deref(), Some("compose.yaml"));
        let dirs: Vec<String> = entries(&s).into_iter().filter(|(_, d)| *d).map(|(p, _)| p).collect();
        assert_eq!(dirs, ["web"]);
    }

    #[test]
    fn unsafe_saved_paths_are_not_written() {
        let mut s = Session::new(SessionConfig::default());
        restore(&mut s, &[("../../etc/evil".into(), "x".into()), ("ok.txt".into(), "y".into())]);
        assert_eq!(files(&s), [("ok.txt".to_string(), "y".to_string())]);
    }

    #[test]
    fn files_written_from_the_shell_show_up() {
        let mut s = Session::new(SessionConfig::default());
        s.submit(0, "echo hola > nota.txt");
        s.run_until_idle(0, 1_000);
        assert_eq!(files(&s), [("nota.txt".to_string(), "hola\n".to_string())]);
    }
}
