//! The built-in example projects the toolbar's menu loads: the tutorial's
//! Compose file (what a first visit finds), its "Ejemplo completo", a web page
//! served by nginx, and a restart loop to watch. The files are the ones in the
//! repository's `examples/` folder, compiled in, so what the page shows is what
//! `muelle --dir examples/…` and the tests run.

use crate::i18n::Lang;

/// One example: an id for URLs and storage, a name per language, its files.
pub struct Example {
    pub id: &'static str,
    name_es: &'static str,
    name_en: &'static str,
    files: fn(Lang) -> Vec<(String, String)>,
}

impl Example {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Es => self.name_es,
            Lang::En => self.name_en,
        }
    }

    pub fn files(&self, lang: Lang) -> Vec<(String, String)> {
        (self.files)(lang)
    }
}

/// The menu, in order. The first is what a first visit loads.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "tutorial",
        name_es: "Tutorial: Compose (postgres + app)",
        name_en: "Tutorial: Compose (postgres + app)",
        files: |lang| {
            let compose =
                in_lang(lang, include_str!("../../examples/tutorial-compose/docker-compose.yaml"), TUTORIAL_EN);
            fixed(&[
                ("docker-compose.yaml", &compose),
                ("main_app/Dockerfile", include_str!("../../examples/tutorial-compose/main_app/Dockerfile")),
                ("main_app/main.py", include_str!("../../examples/tutorial-compose/main_app/main.py")),
            ])
        },
    },
    Example {
        id: "completo",
        name_es: "Ejemplo completo (web + neo4j)",
        name_en: "Complete example (web + neo4j)",
        files: |lang| {
            let compose =
                in_lang(lang, include_str!("../../examples/ejemplo-completo/docker-compose.yml"), COMPLETE_EN);
            fixed(&[
                ("docker-compose.yml", &compose),
                ("web/Dockerfile", include_str!("../../examples/ejemplo-completo/web/Dockerfile")),
                ("web/app.py", include_str!("../../examples/ejemplo-completo/web/app.py")),
                ("web/requirements.txt", include_str!("../../examples/ejemplo-completo/web/requirements.txt")),
            ])
        },
    },
    Example { id: "web", name_es: "Tu página con nginx", name_en: "Your page on nginx", files: web_page },
    Example {
        id: "reinicios",
        name_es: "Reinicios: un servicio que falla",
        name_en: "Restarts: a failing service",
        files: restart_loop,
    },
];

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// What a first visit finds in the project folder: the tutorial's example.
pub fn first_visit(lang: Lang) -> Vec<(String, String)> {
    EXAMPLES[0].files(lang)
}

/// Whether `files` are exactly one of the examples as shipped (nothing of the student's to lose).
pub fn is_pristine(files: &[(String, String)], lang: Lang) -> bool {
    let mut have = files.to_vec();
    sim_core::sort::sort(&mut have);
    EXAMPLES.iter().any(|e| {
        let mut want = e.files(lang);
        sim_core::sort::sort(&mut want);
        want == have
    })
}

/// The English opening comment of the tutorial's compose file (the file's own is Spanish).
const TUTORIAL_EN: &str = "# The tutorial's docker-compose.yaml example, with the TABs of its indentation\n\
# replaced by spaces (YAML allows none there) and without its \"version: 3\" line:\n\
# Compose v2 no longer uses it (a number is an error; quoted, a warning).\n";

/// The English opening comment of the complete example's compose file.
const COMPLETE_EN: &str = "# The tutorial's \"Ejemplo completo\" in Muelle: a web app on port 8080 backed\n\
# by the neo4j graph database on 7474. Try \"docker compose up -d\", then\n\
# \"curl localhost:8080\" and \"curl localhost:7474\".\n\
#\n\
# `x-muelle` tells the simulator what the web app's program does (Muelle does\n\
# not run its code); real Docker ignores it, so this file also works with\n\
# \"docker compose up\" on a real engine.\n";

/// A file whose opening comment (its first lines starting with `#`) is Spanish, with `english`
/// in its place for an English page.
fn in_lang(lang: Lang, spanish: &str, english: &str) -> String {
    match lang {
        Lang::Es => spanish.to_string(),
        Lang::En => {
            let body = spanish.split_inclusive('\n').skip_while(|l| l.starts_with('#')).collect::<String>();
            format!("{english}{body}")
        }
    }
}

fn fixed(files: &[(&str, &str)]) -> Vec<(String, String)> {
    files.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect()
}

/// nginx serving a page the student edits (a bind mount, as in the Volúmenes section).
fn web_page(lang: Lang) -> Vec<(String, String)> {
    let (comment, title, heading, text) = match lang {
        Lang::Es => (
            "# Un servidor web con tu propia página: prueba «docker compose up -d»\n# o «docker run -d -p 8080:80 -v ./web:/usr/share/nginx/html nginx».\n",
            "Hola desde Muelle",
            "¡Hola desde un contenedor!",
            "Edita web/index.html en el editor y vuelve a cargar la página en el navegador.",
        ),
        Lang::En => (
            "# A web server with your own page: try \"docker compose up -d\"\n# or \"docker run -d -p 8080:80 -v ./web:/usr/share/nginx/html nginx\".\n",
            "Hello from Muelle",
            "Hello from a container!",
            "Edit web/index.html in the editor and reload the page in the browser.",
        ),
    };
    vec![
        (
            "compose.yaml".into(),
            format!(
                "{comment}services:\n  web:\n    image: nginx\n    ports:\n      - \"8080:80\"\n    volumes:\n      - ./web:/usr/share/nginx/html:ro\n"
            ),
        ),
        (
            "web/index.html".into(),
            format!(
                "<!doctype html>\n<html lang=\"{}\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>{title}</title>\n</head>\n<body>\n  <h1>{heading}</h1>\n  <p>{text}</p>\n</body>\n</html>\n",
                lang.code()
            ),
        ),
    ]
}

/// A job that fails after two seconds under `restart: on-failure`, beside a
/// healthy database: the timeline shows the back-off growing.
fn restart_loop(lang: Lang) -> Vec<(String, String)> {
    let comment = match lang {
        Lang::Es => "# «docker compose up -d» y mira la línea de tiempo: «worker» falla a los 2 s y Docker\n# lo reinicia cada vez más tarde (100 ms, 200 ms, 400 ms…). Prueba «docker compose ps».\n",
        Lang::En => "# \"docker compose up -d\" and watch the timeline: \"worker\" fails after 2 s and Docker\n# restarts it later each time (100 ms, 200 ms, 400 ms…). Try \"docker compose ps\".\n",
    };
    vec![(
        "compose.yaml".into(),
        format!(
            "{comment}services:\n  db:\n    image: redis:7\n  worker:\n    image: alpine\n    command: sh -c \"echo trabajando; sleep 2; exit 1\"\n    restart: on-failure\n    depends_on:\n      - db\n"
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim_core::{Session, SessionConfig};

    #[test]
    fn ids_are_unique_and_every_example_has_a_compose_file() {
        for (i, e) in EXAMPLES.iter().enumerate() {
            assert!(EXAMPLES[..i].iter().all(|o| o.id != e.id), "{} twice", e.id);
            for lang in [Lang::Es, Lang::En] {
                let files = e.files(lang);
                assert!(files.iter().any(|(p, _)| p.contains("compose.y")), "{}", e.id);
                assert!(is_pristine(&files, lang));
            }
        }
        assert_eq!(find("completo").map(|e| e.id), Some("completo"));
        assert!(find("nada").is_none());
    }

    /// Each example comes up with `docker compose up -d` on a fresh host.
    #[test]
    fn every_example_comes_up() {
        for e in EXAMPLES {
            let mut s = Session::new(SessionConfig::default());
            for (path, content) in crate::project::safe(&e.files(Lang::Es)) {
                s.write_host_file(&path, content.as_bytes()).unwrap();
            }
            s.submit(0, "docker compose up -d");
            s.run_until_idle(0, 600_000);
            let out = s.take_output(0);
            assert_eq!(s.last_status(0), 0, "{}: {out}", e.id);
            assert!(!s.view().containers.is_empty(), "{}", e.id);
        }
    }

    #[test]
    fn an_edited_project_is_not_pristine() {
        let mut files = first_visit(Lang::Es);
        files[0].1.push_str("# mío\n");
        assert!(!is_pristine(&files, Lang::Es));
    }
}

#[cfg(test)]
mod lang_tests {
    use super::*;

    #[test]
    fn the_compose_examples_speak_the_pages_language_and_differ_only_there() {
        for id in ["tutorial", "completo"] {
            let example = EXAMPLES.iter().find(|e| e.id == id).unwrap();
            let (es, en) = (example.files(Lang::Es), example.files(Lang::En));
            let (es, en) = (&es[0].1, &en[0].1);
            assert!(es.starts_with("# El ") && en.starts_with("# The "), "{id}");
            let body = |t: &str| t.split_inclusive('\n').skip_while(|l| l.starts_with('#')).collect::<String>();
            assert_eq!(body(es), body(en), "{id}");
            assert!(body(es).starts_with("services:"), "{id}");
        }
    }
}
