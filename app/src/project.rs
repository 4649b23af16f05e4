//! The student's project folder on the simulated host (`/home/alumno/proyecto`): walking it,
//! writing it back after a reload or a reset, and what a first visit starts with.

use sim_core::remote::Mirror;

use crate::i18n::Lang;
use crate::persist;

/// Files and folders below the project, as `(relative path, is_dir)`, depth first, sorted
/// (folders first; see `sim_core::remote::project_tree`).
pub fn entries(session: &Mirror) -> Vec<(String, bool)> {
    session.project_tree().to_vec()
}

/// Every text file of the project with its content.
pub fn files(session: &Mirror) -> Vec<(String, String)> {
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
pub fn first_file(session: &Mirror) -> Option<String> {
    let files: Vec<String> = entries(session).into_iter().filter(|(_, d)| !d).map(|(p, _)| p).collect();
    files.iter().find(|p| p.starts_with("compose.") || p.starts_with("docker-compose.")).or(files.first()).cloned()
}

/// The saved files a fresh session's project folder may hold (see [`persist::safe_path`]).
pub fn safe(files: &[(String, String)]) -> Vec<(String, String)> {
    files.iter().filter(|(path, _)| persist::safe_path(path)).cloned().collect()
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
    use crate::sim::Sim;

    #[test]
    fn the_sample_round_trips_through_the_simulated_disk() {
        let sample = crate::examples::find("web").map(|e| e.files(Lang::Es)).unwrap_or_default();
        let s = Sim::start(1, Lang::Es, &safe(&sample), None);
        let s = s.borrow();
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
        let s = Sim::start(
            1,
            Lang::Es,
            &safe(&[("../../etc/evil".into(), "x".into()), ("ok.txt".into(), "y".into())]),
            None,
        );
        assert_eq!(files(&s.borrow()), [("ok.txt".to_string(), "y".to_string())]);
    }

    #[test]
    fn files_written_from_the_shell_show_up() {
        let s = Sim::start(1, Lang::Es, &[], None);
        s.borrow_mut().submit(0, "echo hola > nota.txt");
        assert_eq!(files(&s.borrow()), [("nota.txt".to_string(), "hola\n".to_string())]);
    }
}
