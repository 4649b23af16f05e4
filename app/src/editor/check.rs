//! Validation as you type: which files are checked, and how problems are counted. The check
//! itself runs in the simulator's worker (`sim_core::remote::check`, asked through
//! `Sim::request_check`), where the Compose loader lives.

use sim_core::compose::{self, options};

pub use sim_core::remote::Problem;

/// Whether `path` is a file `docker compose` picks up by itself (and so is worth validating).
pub fn is_compose(path: &str) -> bool {
    let name = compose::basename(path);
    options::DEFAULT_FILES.contains(&name) || options::OVERRIDE_FILES.contains(&name)
}

/// Errors and warnings in `problems`.
pub fn counts(problems: &[Problem]) -> (usize, usize) {
    let errors = problems.iter().filter(|p| !p.warning).count();
    (errors, problems.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::sim::Sim;
    use std::cell::RefCell;
    use std::rc::Rc;

    #[test]
    fn recognises_compose_files() {
        for p in ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml", "app/compose.yaml"] {
            assert!(is_compose(p), "{p}");
        }
        assert!(!is_compose("web/index.html") && !is_compose("config.yaml"));
    }

    /// What the worker answers for `text` as `path` (at once: the tests' inline simulator).
    fn check(s: &crate::SharedSession, path: &str, text: &str, lang: Lang) -> Vec<Problem> {
        let got = Rc::new(RefCell::new(None));
        let into = got.clone();
        Sim::request_check(s, path, text, lang, Box::new(move |found| *into.borrow_mut() = Some(found)));
        let found = got.borrow_mut().take();
        found.expect("answered")
    }

    #[test]
    fn a_valid_file_has_no_errors_and_a_bad_one_is_located() {
        let s = Sim::start(1, Lang::Es, &[], None);
        let ok = check(&s, "compose.yaml", "services:\n  web:\n    image: nginx\n", Lang::Es);
        assert_eq!(counts(&ok).0, 0, "{ok:?}");
        let bad = check(&s, "compose.yaml", "services:\n  web:\n    image: nginx\n    portz:\n      - 80\n", Lang::Es);
        assert_eq!(counts(&bad).0, 1, "{bad:?}");
        assert_eq!(bad[0].line, Some(4), "{bad:?}");
        assert!(!bad[0].compose.is_empty() && bad[0].explain().starts_with("compose.yaml:4:"), "{bad:?}");
    }

    #[test]
    fn other_files_come_from_the_simulated_disk() {
        let s = Sim::start(1, Lang::Es, &[], None);
        let text = "services:\n  web:\n    image: nginx\n    env_file: app.env\n";
        let missing = check(&s, "compose.yaml", text, Lang::En);
        assert_eq!(counts(&missing).0, 1, "{missing:?}");
        s.borrow_mut().write_host_file("app.env", b"A=1\n").unwrap();
        assert_eq!(counts(&check(&s, "compose.yaml", text, Lang::En)).0, 0);
    }
}
