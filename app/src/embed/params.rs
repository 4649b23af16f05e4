//! The embed mode's address: `index.html?embed&lesson=redes&panels=terminal,lessons&…`, parsed into
//! [`EmbedParams`], and the other way round for the "copy embed code" button ([`iframe_snippet`]).
//!
//! Every parameter is optional and a bad value is ignored (the default applies), so a typo in a
//! teacher's page never breaks the playground. The full list is in `docs/embedding.md`.

use crate::i18n::Lang;
use crate::persist::Theme;

/// A panel an embedding page may show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Panel {
    Editor,
    Terminal,
    Topology,
    Timeline,
    Browser,
    Lessons,
}

pub const PANELS: [Panel; 6] =
    [Panel::Editor, Panel::Terminal, Panel::Topology, Panel::Timeline, Panel::Browser, Panel::Lessons];

impl Panel {
    pub fn code(self) -> &'static str {
        match self {
            Panel::Editor => "editor",
            Panel::Terminal => "terminal",
            Panel::Topology => "topology",
            Panel::Timeline => "timeline",
            Panel::Browser => "browser",
            Panel::Lessons => "lessons",
        }
    }
    pub fn parse(s: &str) -> Option<Panel> {
        PANELS.into_iter().find(|p| p.code() == s)
    }
}

/// The most lines `run=` may type (a link is no place for long scripts).
pub const MAX_RUN_LINES: usize = 50;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedParams {
    /// `lesson=ID`: open this lesson.
    pub lesson: Option<String>,
    /// `w=…` (query or fragment): a workspace as share links carry it, kept as a `#w=` fragment.
    pub workspace: Option<String>,
    /// `panels=a,b`: which panels show; `None` = all of them.
    pub panels: Option<Vec<Panel>>,
    /// `readonly=1`: the editor cannot change files.
    pub readonly: bool,
    /// `timetravel=0`: no scrubber, branches or undo (a teacher's choice, see `docs/embedding.md`).
    pub no_time_travel: bool,
    pub lang: Option<Lang>,
    pub theme: Option<Theme>,
    /// `run=`: lines typed into the terminal on load, newline-separated.
    pub run: Vec<String>,
    /// `origin=`: the parent page origins allowed to send commands and sent events (`*` = any).
    pub origins: Vec<String>,
    /// `?player#w=…` (issue 15): a teacher's read-only player of a shared session, from its start,
    /// with the scrubber, the inspector and the comparison of branches (time travel always on).
    pub player: bool,
}

impl EmbedParams {
    /// Whether `panel` shows.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.as_ref().is_none_or(|v| v.contains(&panel))
    }

    /// The query string (with `?embed`) that [`parse`] reads back as `self`.
    pub fn to_query(&self) -> String {
        let mut q = String::from("?embed");
        let mut add = |k: &str, v: &str| {
            q.push('&');
            q.push_str(k);
            q.push('=');
            q.push_str(&percent_encode(v));
        };
        if let Some(l) = &self.lesson {
            add("lesson", l);
        }
        if let Some(p) = &self.panels {
            add("panels", &p.iter().map(|p| p.code()).collect::<Vec<_>>().join(","));
        }
        if self.readonly {
            add("readonly", "1");
        }
        if self.no_time_travel {
            add("timetravel", "0");
        }
        if let Some(l) = self.lang {
            add("lang", l.code());
        }
        if let Some(t) = self.theme {
            add("theme", t.code());
        }
        if !self.run.is_empty() {
            add("run", &self.run.join("\n"));
        }
        for o in &self.origins {
            add("origin", o);
        }
        if let Some(w) = &self.workspace {
            q.push_str(w);
        }
        q
    }
}

/// The first value of parameter `name` in a query string (`?a=1&b=2`), percent-decoded.
pub fn param(search: &str, name: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|p| {
        let (k, v) = p.split_once('=').unwrap_or((p, ""));
        (percent_decode(k) == name).then(|| percent_decode(v))
    })
}

/// Reads `location.search` and `location.hash`; `None` unless the query has `embed`.
pub fn parse(search: &str, hash: &str) -> Option<EmbedParams> {
    let pairs: Vec<(String, String)> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    let player = pairs.iter().any(|(k, _)| k == "player");
    if !player && !pairs.iter().any(|(k, _)| k == "embed") {
        return None;
    }
    let mut e = EmbedParams { player, readonly: player, ..EmbedParams::default() };
    for (k, v) in pairs {
        match k.as_str() {
            "lesson" if is_id(&v) => e.lesson = Some(v),
            "w" if !v.is_empty() => e.workspace = Some(format!("#w={v}")),
            "panels" => e.panels = Some(v.split(',').filter_map(|p| Panel::parse(p.trim())).collect()),
            "readonly" => e.readonly = player || matches!(v.as_str(), "1" | "true" | "yes" | ""),
            "timetravel" => e.no_time_travel = !player && matches!(v.as_str(), "0" | "false" | "no"),
            "lang" => e.lang = Lang::parse(&v).or(e.lang),
            "theme" => e.theme = Theme::parse(&v).or(e.theme),
            "run" => {
                e.run = v
                    .lines()
                    .map(|l| l.trim_end_matches('\r').to_string())
                    .filter(|l| !l.trim().is_empty())
                    .take(MAX_RUN_LINES)
                    .collect()
            }
            "origin" => {
                for o in v.split(',').map(str::trim) {
                    if is_origin(o) && !e.origins.iter().any(|x| x == o) {
                        e.origins.push(o.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    if let Some(w) = hash.strip_prefix("#w=").filter(|w| !w.is_empty()) {
        e.workspace = Some(format!("#w={w}"));
    }
    Some(e)
}

/// The `<iframe>` a teacher pastes into a course page; `base` is the page's address without query.
pub fn iframe_snippet(base: &str, params: &EmbedParams) -> String {
    let src = format!("{base}{}", params.to_query()).replace('&', "&amp;").replace('"', "&quot;");
    format!(
        "<iframe src=\"{src}\" width=\"1000\" height=\"640\" title=\"Muelle\" loading=\"lazy\" \
         style=\"border:1px solid #ccc;border-radius:6px\"></iframe>"
    )
}

/// A lesson id: letters, digits and dashes.
fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `*`, or `scheme://host[:port]` with nothing after (what `MessageEvent.origin` looks like).
pub fn is_origin(s: &str) -> bool {
    if s == "*" {
        return true;
    }
    let Some((scheme, rest)) = s.split_once("://") else { return false };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
}

/// Whether a message from `origin` may drive this page.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|a| a == "*" || a == origin)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~,".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_embed_query_turns_embed_mode_on() {
        assert_eq!(parse("", ""), None);
        assert_eq!(parse("?lesson=redes", ""), None);
        assert_eq!(parse("?embed", ""), Some(EmbedParams::default()));
        assert_eq!(parse("?embed=1&lang=en", "").unwrap().lang, Some(Lang::En));
    }

    #[test]
    fn a_player_link_is_read_only_with_time_travel_on() {
        let e = parse("?player&timetravel=0", "#w=abc").unwrap();
        assert!(e.player && e.readonly && !e.no_time_travel);
        assert_eq!(e.workspace.as_deref(), Some("#w=abc"));
        assert!(!parse("?embed", "").unwrap().player);
    }

    #[test]
    fn every_parameter_is_read() {
        let e = parse(
            "?embed&lesson=redes&panels=terminal,lessons,nada&readonly=1&lang=en&theme=dark\
             &run=docker%20network%20create%20mynet%0Adocker+ps%0A%0A&origin=https://profe.example:8443",
            "",
        )
        .unwrap();
        assert_eq!(e.lesson.as_deref(), Some("redes"));
        assert_eq!(e.panels, Some(vec![Panel::Terminal, Panel::Lessons]));
        assert!(e.shows(Panel::Terminal) && !e.shows(Panel::Editor));
        assert!(e.readonly);
        assert_eq!((e.lang, e.theme), (Some(Lang::En), Some(Theme::Dark)));
        assert_eq!(e.run, ["docker network create mynet", "docker ps"]);
        assert_eq!(e.origins, ["https://profe.example:8443"]);
    }

    #[test]
    fn bad_values_are_ignored() {
        let e =
            parse("?embed&lesson=../x&lang=fr&theme=rosa&origin=javascript:alert(1)&origin=https://a.b/c&%ZZ=1", "")
                .unwrap();
        assert_eq!(e, EmbedParams::default());
        assert!(!parse("?embed&readonly=0", "").unwrap().readonly);
        assert!(parse("?embed&timetravel=0", "").unwrap().no_time_travel);
        assert!(!parse("?embed&timetravel=1", "").unwrap().no_time_travel);
        assert!(!parse("?embed", "").unwrap().no_time_travel, "on unless turned off");
        assert_eq!(parse("?embed&run=%", "").unwrap().run, ["%"]);
        let many = format!("?embed&run={}", "ls%0A".repeat(200));
        assert_eq!(parse(&many, "").unwrap().run.len(), MAX_RUN_LINES);
    }

    #[test]
    fn the_workspace_comes_from_the_query_or_the_fragment() {
        assert_eq!(parse("?embed&w=abc", "").unwrap().workspace.as_deref(), Some("#w=abc"));
        assert_eq!(parse("?embed&w=abc", "#w=xyz").unwrap().workspace.as_deref(), Some("#w=xyz"));
        assert_eq!(parse("?embed", "#otra").unwrap().workspace, None);
    }

    #[test]
    fn the_query_round_trips_and_the_snippet_is_an_iframe() {
        let e = EmbedParams {
            lesson: Some("compose".into()),
            workspace: Some("#w=TUcx".into()),
            panels: Some(vec![Panel::Editor, Panel::Terminal]),
            readonly: true,
            no_time_travel: true,
            lang: Some(Lang::Es),
            theme: Some(Theme::Light),
            run: vec!["docker compose up -d".into(), "echo \"ñ & ok\"".into()],
            origins: vec!["https://curso.example".into()],
            player: false,
        };
        let q = e.to_query();
        let (search, hash) = q.split_at(q.find('#').unwrap());
        assert_eq!(parse(search, hash), Some(e.clone()));
        let html = iframe_snippet("https://muelle.example/", &e);
        assert!(html.starts_with("<iframe src=\"https://muelle.example/?embed&amp;lesson=compose&amp;"));
        assert!(html.contains("title=\"Muelle\"") && html.contains("loading=\"lazy\""));
        assert!(!html[..html.find("title").unwrap()].contains(" & "), "ampersands are escaped");
    }

    #[test]
    fn origins() {
        assert!(is_origin("http://127.0.0.1:8080") && is_origin("https://[::1]:4000") && is_origin("*"));
        for bad in ["", "null", "file://", "https://a/b", "ftp://a", "https://a?b"] {
            assert!(!is_origin(bad), "{bad}");
        }
        let allowed = vec!["https://a.example".to_string()];
        assert!(origin_allowed(&allowed, "https://a.example"));
        assert!(!origin_allowed(&allowed, "https://b.example"));
        assert!(!origin_allowed(&[], "https://a.example"));
        assert!(origin_allowed(&["*".into()], "https://b.example"));
    }
}
