//! The `postMessage` API between an embedded Muelle and the page around it (documented in
//! `docs/embedding.md`).
//!
//! Out: `{source: "muelle", version: 1, type, …}` — `ready`, `command`, `step-completed`,
//! `hint-shown`, `lesson-completed`, `state`. In: `{source: "muelle-host", version: 1, type, …}` —
//! `load-workspace`, `run-command`, `load-lesson`. An incoming message is checked field by field:
//! an unknown type, a missing or extra field or a value of the wrong kind rejects the whole
//! message (the page logs why in the console). Origins are checked before this, in `embed.rs`.
//!
//! Both directions go through the page's own JSON (`crate::json`): an incoming message is read
//! into a [`Json`] value and then checked by hand, field by field, so the rejection names the
//! field; outgoing messages are written field by field behind one envelope ([`send`]).

use crate::json::{Json, Writer};

use crate::i18n::{self, Lang};
use crate::names::{self, BadName};
use crate::share::Workspace;

pub const VERSION: u32 = 1;
/// The most bytes one incoming message may take once serialized.
pub const MAX_MESSAGE: usize = 1024 * 1024;
/// The most characters of one `run-command`.
pub const MAX_COMMAND: usize = 4096;

/// A command from the embedding page.
#[derive(Clone, Debug, PartialEq)]
pub enum Incoming {
    /// Replace the workspace (a share-link fragment or a list of files).
    LoadWorkspace(WorkspaceSource),
    /// Type these lines into the terminal, in order.
    RunCommand(Vec<String>),
    /// Open this lesson with its starting workspace; with an LRS (`lrs`), start sending learning
    /// records there.
    LoadLesson(String, Option<Lrs>),
    /// A `load-workspace` refused for a file name (see [`crate::names`]): nothing is loaded, the
    /// page tells the student which file and why. Never produced by [`parse_incoming`].
    RefusedName(BadName),
}

/// A `load-lesson`'s `lrs`, checked: the message as it came (JSON; `static/xapi.js` reads its
/// `lrs` as it reads an address's launch parameters) and the seed of its actor.
#[derive(Clone, Debug, PartialEq)]
pub struct Lrs {
    pub message: String,
    pub seed: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum WorkspaceSource {
    Fragment(Workspace),
    Files(Vec<(String, String)>),
}

/// Why a message was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Not a Muelle host message at all (another script's): ignored silently.
    NotForMuelle,
    TooBig,
    BadVersion,
    UnknownType(String),
    Missing(&'static str),
    Unexpected(String),
    WrongKind(&'static str),
    /// A file name no entry point accepts (`names::check_path`).
    BadName(BadName),
}

impl Rejection {
    /// The console line (developers read it in English).
    pub fn describe(&self) -> String {
        match self {
            Rejection::NotForMuelle => "not a Muelle host message".into(),
            Rejection::TooBig => format!("message larger than {MAX_MESSAGE} bytes"),
            Rejection::BadVersion => format!("\"version\" must be {VERSION}"),
            Rejection::UnknownType(t) => {
                format!("unknown \"type\" {t:?} (expected load-workspace, run-command or load-lesson)")
            }
            Rejection::Missing(f) => format!("field \"{f}\" is missing"),
            Rejection::Unexpected(f) => format!("unexpected field \"{f}\""),
            Rejection::WrongKind(f) => format!("field \"{f}\" has the wrong kind of value"),
            Rejection::BadName(b) => i18n::bad_name(Lang::En, b),
        }
    }
}

fn string<'a>(m: &'a Json, k: &'static str) -> Result<&'a str, Rejection> {
    match m.get(k) {
        Some(Json::String(s)) => Ok(s),
        Some(_) => Err(Rejection::WrongKind(k)),
        None => Err(Rejection::Missing(k)),
    }
}

/// Validates a message (as `JSON.stringify` wrote it).
pub fn parse_incoming(json: &str) -> Result<Incoming, Rejection> {
    if json.len() > MAX_MESSAGE {
        return Err(Rejection::TooBig);
    }
    let Some(m) = crate::json::parse(json).filter(Json::is_object) else { return Err(Rejection::NotForMuelle) };
    if !matches!(m.get("source"), Some(Json::String(s)) if s == "muelle-host") {
        return Err(Rejection::NotForMuelle);
    }
    if m.get("version").and_then(Json::as_u64) != Some(VERSION.into()) {
        return Err(Rejection::BadVersion);
    }
    let kind = string(&m, "type")?;
    let allowed: &[&str] = match kind {
        "load-workspace" => &["workspace", "files"],
        "run-command" => &["command"],
        "load-lesson" => &["lesson", "lrs"],
        other => return Err(Rejection::UnknownType(other.chars().take(40).collect())),
    };
    if let Some(extra) = m
        .as_object()
        .unwrap_or_default()
        .iter()
        .map(|(k, _)| k)
        .find(|k| !["source", "version", "type"].contains(&k.as_str()) && !allowed.contains(&k.as_str()))
    {
        return Err(Rejection::Unexpected(extra.chars().take(40).collect()));
    }
    match kind {
        "run-command" => {
            let command = string(&m, "command")?;
            let lines: Vec<String> = command.lines().filter(|l| !l.trim().is_empty()).map(String::from).collect();
            if command.chars().count() > MAX_COMMAND || lines.is_empty() {
                return Err(Rejection::WrongKind("command"));
            }
            Ok(Incoming::RunCommand(lines))
        }
        "load-lesson" => {
            let id = string(&m, "lesson")?;
            if id.is_empty() || id.len() > 64 {
                return Err(Rejection::WrongKind("lesson"));
            }
            let lrs = match m.get("lrs") {
                None => None,
                Some(o) if lrs_ok(o) => Some(Lrs {
                    message: json.to_string(),
                    seed: o.get("actor").and_then(crate::lessons::seed_of_value),
                }),
                Some(_) => return Err(Rejection::WrongKind("lrs")),
            };
            Ok(Incoming::LoadLesson(id.to_string(), lrs))
        }
        _ => match (m.get("workspace"), m.get("files")) {
            (Some(Json::String(w)), None) => {
                let fragment = if w.starts_with("#w=") { w.clone() } else { format!("#w={w}") };
                let w = Workspace::from_fragment(&fragment).ok_or(Rejection::WrongKind("workspace"))?;
                names::check_files(&w.files).map_err(Rejection::BadName)?;
                Ok(Incoming::LoadWorkspace(WorkspaceSource::Fragment(w)))
            }
            (None, Some(Json::Array(list))) => {
                let mut files = Vec::new();
                for f in list {
                    let Some(fields) = f.as_object() else { return Err(Rejection::WrongKind("files")) };
                    if fields.len() != 2 {
                        return Err(Rejection::WrongKind("files"));
                    }
                    let path = string(f, "path").map_err(|_| Rejection::WrongKind("files"))?;
                    let content = string(f, "content").map_err(|_| Rejection::WrongKind("files"))?;
                    names::check_path(path).map_err(Rejection::BadName)?;
                    files.push((path.to_string(), content.to_string()));
                }
                Ok(Incoming::LoadWorkspace(WorkspaceSource::Files(files)))
            }
            (None, None) => Err(Rejection::Missing("workspace")),
            (Some(_), Some(_)) => Err(Rejection::Unexpected("files".into())),
            (Some(_), None) => Err(Rejection::WrongKind("workspace")),
            (None, Some(_)) => Err(Rejection::WrongKind("files")),
        },
    }
}

/// Whether an `lrs` object is `{endpoint, auth, actor, registration?}`: an http(s) endpoint, the
/// `Authorization` value, an xAPI actor object. `static/xapi.js` checks the actor further, as it
/// does an address's.
fn lrs_ok(o: &Json) -> bool {
    let Some(fields) = o.as_object() else { return false };
    let text = |k: &str| o.get(k).and_then(Json::as_str);
    fields.iter().all(|(k, _)| ["endpoint", "auth", "actor", "registration"].contains(&k.as_str()))
        && text("endpoint").is_some_and(|e| e.starts_with("https://") || e.starts_with("http://"))
        && text("auth").is_some_and(|a| !a.is_empty())
        && o.get("actor").is_some_and(Json::is_object)
        && o.get("registration").is_none_or(Json::is_string)
}

/// The most characters of a `lesson-completed`'s `replay`: an LRS stores statements of a few
/// hundred KB at most, and a class's dashboard reads them all.
pub const MAX_REPLAY: usize = 64 * 1024;

/// Every outgoing message: `{"source": "muelle", "version": 1, "type": …, …}`, its own fields
/// written by `fields`.
fn send(kind: &str, fields: impl FnOnce(&mut Writer)) -> String {
    let mut w = Writer::new(false);
    w.open('{').key("source").str("muelle").key("version").num(VERSION.into()).key("type").str(kind);
    fields(&mut w);
    w.close('}');
    w.finish()
}

/// A lesson's per-student values (name, value) as a JSON object `{name: value}`, left out when
/// there are none.
fn values(w: &mut Writer, values: &[(String, String)]) {
    if !values.is_empty() {
        w.key("values").open('{');
        for (k, v) in values {
            w.key(k).str(v);
        }
        w.close('}');
    }
}

/// Sent once the page listens: which lesson is open (if any), and its per-student `values`.
pub fn ready(lesson: Option<&str>, v: &[(String, String)]) -> String {
    send("ready", |w| {
        w.key("lesson").opt_str(lesson);
        values(w, v);
    })
}

/// A command finished in terminal `terminal` with exit status `status`; `cause` is Muelle's
/// explanation of a failure while it ran (e.g. why a name did not resolve), if there was one
/// (left out when empty).
pub fn command(line: &str, status: i32, terminal: usize, cause: Option<&str>) -> String {
    send("command", |w| {
        w.key("command").str(line).key("status").int(status.into()).key("terminal").num(terminal as u64);
        if let Some(cause) = cause.filter(|c| !c.is_empty()) {
            w.key("cause").str(cause);
        }
    })
}

/// The `hint`-th hint (1-based) of step `step` (1-based) of `lesson` appeared.
pub fn hint_shown(lesson: &str, step: usize, hint: usize) -> String {
    send("hint-shown", |w| {
        w.key("lesson").str(lesson).key("step").num(step as u64).key("hint").num(hint as u64);
    })
}

/// Step `step` (1-based) of `lesson` passed its checks (`values`: the student's, if it has some).
pub fn step_completed(lesson: &str, step: usize, steps: usize, v: &[(String, String)]) -> String {
    send("step-completed", |w| {
        w.key("lesson").str(lesson).key("step").num(step as u64).key("steps").num(steps as u64);
        values(w, v);
    })
}

/// Every step of `lesson` passed; `replay` is the session as a share link's fragment (`#w=…`:
/// files, seed, journal, branches) for the teacher's replay, left out when empty or longer than
/// [`MAX_REPLAY`].
pub fn lesson_completed(lesson: &str, v: &[(String, String)], replay: &str) -> String {
    send("lesson-completed", |w| {
        w.key("lesson").str(lesson);
        values(w, v);
        if !replay.is_empty() && replay.len() <= MAX_REPLAY {
            w.key("replay").str(replay);
        }
    })
}

/// The Docker host now: containers (name and state) and networks, both sorted by name.
pub fn state(containers: &[(String, String)], networks: &[String]) -> String {
    send("state", |w| {
        w.key("containers").open('[');
        for (name, state) in containers {
            w.open('{').key("name").str(name).key("state").str(state).close('}');
        }
        w.close(']').key("networks").strs(networks);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::share::json_quote;
    use serde_json::Value;

    fn msg(rest: &str) -> Result<Incoming, Rejection> {
        parse_incoming(&format!("{{\"source\":\"muelle-host\",\"version\":1,{rest}}}"))
    }

    #[test]
    fn valid_commands_are_accepted() {
        assert_eq!(
            msg(r#""type":"run-command","command":"docker network create mynet\n\ndocker ps""#),
            Ok(Incoming::RunCommand(vec!["docker network create mynet".into(), "docker ps".into()]))
        );
        assert_eq!(msg(r#""type":"load-lesson","lesson":"redes""#), Ok(Incoming::LoadLesson("redes".into(), None)));
        let lrs = r#""lrs":{"endpoint":"http://127.0.0.1:8100/xAPI/","auth":"Basic YTpi","actor":{"mbox":"mailto:ana@example.org"}}"#;
        let text = format!(r#"{{"source":"muelle-host","version":1,"type":"load-lesson","lesson":"redes",{lrs}}}"#);
        assert_eq!(
            parse_incoming(&text),
            Ok(Incoming::LoadLesson(
                "redes".into(),
                Some(Lrs {
                    message: text.clone(),
                    seed: crate::lessons::seed_of_actor(r#"{"mbox":"mailto:ana@example.org"}"#)
                })
            ))
        );
        for bad in [
            r#""lrs":"http://lrs""#,
            r#""lrs":{"endpoint":"ftp://lrs/","auth":"a","actor":{}}"#,
            r#""lrs":{"endpoint":"http://lrs/","auth":"a","actor":"ana"}"#,
            r#""lrs":{"endpoint":"http://lrs/","actor":{}}"#,
            r#""lrs":{"endpoint":"http://lrs/","auth":"a","actor":{},"otra":1}"#,
        ] {
            assert_eq!(
                msg(&format!(r#""type":"load-lesson","lesson":"redes",{bad}"#)),
                Err(Rejection::WrongKind("lrs")),
                "{bad}"
            );
        }
        assert_eq!(
            msg(r#""type":"load-workspace","files":[{"path":"a.txt","content":"hola"}]"#),
            Ok(Incoming::LoadWorkspace(WorkspaceSource::Files(vec![("a.txt".into(), "hola".into())])))
        );
        let w =
            Workspace { lang: Lang::En, seed: 3, files: vec![("x".into(), "y".into())], history: vec![], host: None };
        let frag = w.to_fragment();
        let want = Ok(Incoming::LoadWorkspace(WorkspaceSource::Fragment(w)));
        assert_eq!(msg(&format!(r#""type":"load-workspace","workspace":"{frag}""#)), want);
        assert_eq!(msg(&format!(r#""type":"load-workspace","workspace":"{}""#, &frag[3..])), want);
        // A link as the page wrote it before deflate (LZ77, here all literals) still loads.
        let old = "#w=TVcxEgBtdWVsbGUxCgAyOmVzMToxMQA6MA";
        let got = msg(&format!(r#""type":"load-workspace","workspace":"{old}""#));
        let empty = Workspace { lang: Lang::Es, seed: 1, files: vec![], history: vec![], host: None };
        assert_eq!(got, Ok(Incoming::LoadWorkspace(WorkspaceSource::Fragment(empty))));
    }

    #[test]
    fn bad_shapes_are_rejected_field_by_field() {
        use Rejection::*;
        assert_eq!(parse_incoming("[1]"), Err(NotForMuelle));
        assert_eq!(parse_incoming("no json"), Err(NotForMuelle));
        assert_eq!(parse_incoming(r#"{"source":"otro","type":"run-command"}"#), Err(NotForMuelle));
        assert_eq!(parse_incoming(r#"{"source":"muelle-host","version":2,"type":"x"}"#), Err(BadVersion));
        assert_eq!(parse_incoming(r#"{"source":"muelle-host","type":"x"}"#), Err(BadVersion));
        assert_eq!(msg(r#""type":"format-disk""#), Err(UnknownType("format-disk".into())));
        assert_eq!(msg(r#""type":7"#), Err(WrongKind("type")));
        assert_eq!(msg(r#""type":"run-command""#), Err(Missing("command")));
        assert_eq!(msg(r#""type":"run-command","command":["ls"]"#), Err(WrongKind("command")));
        assert_eq!(msg(r#""type":"run-command","command":"  ""#), Err(WrongKind("command")));
        assert_eq!(msg(r#""type":"run-command","command":"ls","sudo":true"#), Err(Unexpected("sudo".into())));
        assert_eq!(msg(r#""type":"load-lesson","lesson":"""#), Err(WrongKind("lesson")));
        assert_eq!(msg(r#""type":"load-workspace""#), Err(Missing("workspace")));
        assert_eq!(msg(r#""type":"load-workspace","workspace":"basura""#), Err(WrongKind("workspace")));
        let bad = |path: &str, why| Err(BadName(names::BadName { path: path.into(), why }));
        assert_eq!(
            msg(r#""type":"load-workspace","files":[{"path":"../etc/passwd","content":"x"}]"#),
            bad("../etc/passwd", names::Why::BadPart("..".into()))
        );
        assert_eq!(msg(r#""type":"load-workspace","files":[{"path":"a","content":1}]"#), Err(WrongKind("files")));
        let long = "x".repeat(MAX_COMMAND + 1);
        assert_eq!(msg(&format!(r#""type":"run-command","command":"{long}""#)), Err(WrongKind("command")));
        assert_eq!(parse_incoming(&" ".repeat(MAX_MESSAGE + 1)), Err(TooBig));
        assert!(UnknownType("x".into()).describe().contains("run-command"));
    }

    #[test]
    fn file_names_windows_cannot_hold_are_refused_with_the_file_and_the_character() {
        use names::Why;
        let files = |path: &str| {
            msg(&format!(
                r#""type":"load-workspace","files":[{{"path":"ok.txt","content":""}},{{"path":{},"content":"x"}}]"#,
                json_quote(path)
            ))
        };
        let bad = |path: &str, why| Err(Rejection::BadName(names::BadName { path: path.into(), why }));
        assert_eq!(files("..\\..\\evil.bat"), bad("..\\..\\evil.bat", Why::Char('\\')));
        assert_eq!(files("c:/x"), bad("c:/x", Why::Char(':')));
        assert_eq!(files("web/CON.yaml"), bad("web/CON.yaml", Why::Reserved("CON.yaml".into())));
        assert_eq!(files("a\u{1}b"), bad("a\u{1}b", Why::Control('\u{1}')));
        assert_eq!(files("notas."), bad("notas.", Why::TrailingDotOrSpace("notas.".into())));
        let said = files("a:b").unwrap_err().describe();
        assert!(said.contains("a:b") && said.contains('“') && said.contains(':'), "{said}");
        // A share-link fragment carries names too.
        let w =
            Workspace { lang: Lang::Es, seed: 1, files: vec![("nul".into(), "y".into())], history: vec![], host: None };
        let got = msg(&format!(r#""type":"load-workspace","workspace":"{}""#, w.to_fragment()));
        assert_eq!(got, bad("nul", Why::Reserved("nul".into())));
    }

    #[test]
    fn outgoing_messages_have_the_fixed_shape() {
        for m in [
            ready(Some("redes"), &[]),
            ready(None, &[]),
            command("echo \"hola\"", 0, 1, None),
            command("ping db", 1, 0, Some("ping: bad address 'db'")),
            step_completed("redes", 2, 4, &[]),
            hint_shown("redes", 1, 2),
            lesson_completed("redes", &[], ""),
            state(&[("web".into(), "running".into())], &["bridge".into()]),
        ] {
            let Ok(Value::Object(o)) = serde_json::from_str::<Value>(&m) else { panic!("not an object: {m}") };
            assert_eq!(o.get("source"), Some(&Value::from("muelle")), "{m}");
            assert_eq!(o.get("version"), Some(&Value::from(1)), "{m}");
            assert!(matches!(o.get("type"), Some(Value::String(_))), "{m}");
        }
        assert_eq!(ready(None, &[]), r#"{"source":"muelle","version":1,"type":"ready","lesson":null}"#);
        assert_eq!(
            step_completed("redes", 2, 4, &[]),
            r#"{"source":"muelle","version":1,"type":"step-completed","lesson":"redes","step":2,"steps":4}"#
        );
        assert_eq!(
            command("ls", 2, 0, None),
            r#"{"source":"muelle","version":1,"type":"command","command":"ls","status":2,"terminal":0}"#
        );
        assert_eq!(
            command("ping db", 1, 0, Some("no DNS")),
            r#"{"source":"muelle","version":1,"type":"command","command":"ping db","status":1,"terminal":0,"cause":"no DNS"}"#
        );
        assert_eq!(
            hint_shown("redes", 1, 2),
            r#"{"source":"muelle","version":1,"type":"hint-shown","lesson":"redes","step":1,"hint":2}"#
        );
        assert_eq!(
            state(&[("a".into(), "exited".into())], &["mynet".into()]),
            r#"{"source":"muelle","version":1,"type":"state","containers":[{"name":"a","state":"exited"}],"networks":["mynet"]}"#
        );
    }

    #[test]
    fn a_lesson_with_variables_says_the_students_values_and_the_completion_its_replay() {
        let values = vec![("red".to_string(), "faro27".to_string()), ("puerto".to_string(), "8123".to_string())];
        assert_eq!(
            ready(Some("tu-red"), &values),
            r#"{"source":"muelle","version":1,"type":"ready","lesson":"tu-red","values":{"red":"faro27","puerto":"8123"}}"#
        );
        assert_eq!(
            step_completed("tu-red", 1, 3, &values),
            r#"{"source":"muelle","version":1,"type":"step-completed","lesson":"tu-red","step":1,"steps":3,"values":{"red":"faro27","puerto":"8123"}}"#
        );
        assert_eq!(
            lesson_completed("tu-red", &values[..1], "#w=AbC"),
            r##"{"source":"muelle","version":1,"type":"lesson-completed","lesson":"tu-red","values":{"red":"faro27"},"replay":"#w=AbC"}"##
        );
        assert_eq!(
            lesson_completed("redes", &[], ""),
            r#"{"source":"muelle","version":1,"type":"lesson-completed","lesson":"redes"}"#
        );
        // A replay too big for a statement is left out; the completion still goes.
        let big = format!("#w={}", "A".repeat(MAX_REPLAY));
        assert!(!lesson_completed("redes", &[], &big).contains("replay"));
    }
}
