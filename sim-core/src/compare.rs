//! Two moments side by side (issue 15): two branches, or two moments of one, compared from
//! their [`PastView`]s — the containers and their states, networks, volumes and project files
//! that differ, and the first event where the two stories part. Computed in the worker
//! ([`crate::remote::Driver::part`]) and worded as markup there ([`markup`]) for the page part.

use serde::{Deserialize, Serialize};

use crate::journal::{Entry, Input};
use crate::timeline::PastView;
use crate::LogEvent;

/// One side of a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    /// A branch at its end (the live one's end is now).
    Branch(String),
    /// A moment of the live branch.
    At(crate::timeline::Moment),
}

/// What a [`Difference`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Aspect {
    Container,
    Network,
    Volume,
    File,
}

impl Aspect {
    /// The page's `data-aspect`.
    pub fn name(self) -> &'static str {
        match self {
            Aspect::Container => "container",
            Aspect::Network => "network",
            Aspect::Volume => "volume",
            Aspect::File => "file",
        }
    }

    /// What the row's heading calls it, in the user's language.
    pub fn word(self, lang: crate::Lang) -> &'static str {
        let es = lang == crate::Lang::Es;
        match self {
            Aspect::Container => {
                if es {
                    "contenedor"
                } else {
                    "container"
                }
            }
            Aspect::Network => {
                if es {
                    "red"
                } else {
                    "network"
                }
            }
            Aspect::Volume => {
                if es {
                    "volumen"
                } else {
                    "volume"
                }
            }
            Aspect::File => {
                if es {
                    "archivo"
                } else {
                    "file"
                }
            }
        }
    }
}

/// One thing that is not the same on both sides: what it is on each (`None`: absent there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    pub aspect: Aspect,
    pub name: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// Where the two stories part: the first event that differs (either side's, `None` when that
/// side's log ends first), and the first line typed that differs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Divergence {
    pub a: Option<LogEvent>,
    pub b: Option<LogEvent>,
    /// The first input where the journals differ, when the two sides' journals are known:
    /// (simulated ms, side a's line, side b's line).
    pub input: Option<(u64, Option<String>, Option<String>)>,
}

/// Two sides compared.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The sides' labels as asked (a branch's name, or a moment's time).
    pub a: String,
    pub b: String,
    /// Simulated ms of each side's moment.
    pub a_at: u64,
    pub b_at: u64,
    /// Ordered by aspect, then name.
    pub differences: Vec<Difference>,
    /// `None`: the sides' events are the same.
    pub diverge: Option<Divergence>,
}

/// How a container looks for a comparison: its state, image, networks and published ports.
fn container_line(c: &crate::view::ContainerView) -> String {
    let state = match c.state {
        crate::ContainerState::Exited(code) => format!("exited ({code})"),
        s => s.as_str().to_string(),
    };
    let mut line = format!("{state} · {}", c.image);
    if !c.networks.is_empty() {
        line.push_str(&format!(" · {}", c.networks.join(", ")));
    }
    for p in &c.ports {
        line.push_str(&format!(" · {}→{}", p.host_port, p.container_port));
    }
    line
}

/// Pairs two sorted-by-key lists: every key once, with each side's value.
fn pair(aspect: Aspect, a: Vec<(String, String)>, b: Vec<(String, String)>, out: &mut Vec<Difference>) {
    let mut keys: Vec<&String> = a.iter().chain(b.iter()).map(|(k, _)| k).collect();
    crate::sort::sort(&mut keys);
    keys.dedup();
    for k in keys {
        let va = a.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        let vb = b.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if va != vb {
            out.push(Difference { aspect, name: k.clone(), a: va, b: vb });
        }
    }
}

/// The first event where `a` and `b` differ (both lists from the start of what each keeps).
pub fn first_divergence(a: &[LogEvent], b: &[LogEvent]) -> Option<(Option<LogEvent>, Option<LogEvent>)> {
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if same == a.len() && same == b.len() {
        return None;
    }
    Some((a.get(same).cloned(), b.get(same).cloned()))
}

/// The first input where two journals differ: (its time, each side's line, if a line).
pub fn first_different_input(a: &[Entry], b: &[Entry]) -> Option<(u64, Option<String>, Option<String>)> {
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if same == a.len() && same == b.len() {
        return None;
    }
    let line = |e: Option<&Entry>| {
        e.map(|e| match &e.input {
            Input::Submit { line, .. } => line.clone(),
            other => format!("{other:?}"),
        })
    };
    let at = a.get(same).or(b.get(same)).map_or(0, |e| e.at);
    Some((at, line(a.get(same)), line(b.get(same))))
}

/// Compares two moments' views (their `events` from the start of what each session keeps).
pub fn compare(a: &PastView, b: &PastView) -> Comparison {
    let mut differences = Vec::new();
    let containers = |v: &PastView| v.view.containers.iter().map(|c| (c.name.clone(), container_line(c))).collect();
    pair(Aspect::Container, containers(a), containers(b), &mut differences);
    let networks = |v: &PastView| {
        v.view.networks.iter().map(|n| (n.name.clone(), n.subnet.clone().unwrap_or_else(|| n.driver.clone()))).collect()
    };
    pair(Aspect::Network, networks(a), networks(b), &mut differences);
    let volumes = |v: &PastView| v.view.volumes.iter().map(|n| (n.name.clone(), String::new())).collect();
    pair(Aspect::Volume, volumes(a), volumes(b), &mut differences);
    // Files by their content: the text's size and first differing line are enough to show.
    let files = |v: &PastView| {
        v.tree
            .iter()
            .filter(|(_, dir)| !dir)
            .map(|(p, _)| {
                let text = v.files.iter().find(|(f, _)| f == p).and_then(|(_, t)| t.clone());
                (p.clone(), text.unwrap_or_default())
            })
            .collect::<Vec<_>>()
    };
    let (fa, fb) = (files(a), files(b));
    let mut file_diffs = Vec::new();
    pair(Aspect::File, fa, fb, &mut file_diffs);
    for d in &mut file_diffs {
        // A file's whole text is not what a side-by-side row shows: its size in lines and the
        // first line that differs.
        let (ta, tb) = (d.a.take(), d.b.take());
        let first = first_line_differing(ta.as_deref().unwrap_or(""), tb.as_deref().unwrap_or(""));
        let show =
            |t: &Option<String>| t.as_ref().map(|t| format!("{} L · {}", t.lines().count(), first_line(t, first)));
        d.a = show(&ta);
        d.b = show(&tb);
    }
    differences.extend(file_diffs);
    let diverge = first_divergence(&a.events, &b.events).map(|(ea, eb)| Divergence { a: ea, b: eb, input: None });
    Comparison { a: String::new(), b: String::new(), a_at: a.moment.at, b_at: b.moment.at, differences, diverge }
}

fn first_line_differing(a: &str, b: &str) -> usize {
    a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count()
}

fn first_line(text: &str, n: usize) -> String {
    let line = text.lines().nth(n).unwrap_or("");
    let cut: String = line.chars().take(60).collect();
    format!("{}: {cut}", n + 1)
}

/// Simulated ms as `m:ss` (a moment's label).
pub fn clock(ms: u64) -> String {
    let s = ms / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

/// An event of a comparison's divergence, in a line: its time and the timeline's sentence for it
/// in `lang` (`event_rows`, the same words the student reads in the timeline).
fn event_line(e: &Option<LogEvent>, lang: crate::Lang) -> String {
    let Some(e) = e else { return "—".into() };
    let words = crate::event_rows::rows(std::slice::from_ref(e), lang).into_iter().next().map(|r| r.text);
    format!("{} {}", crate::inspect::clock(e.at.ms()), words.unwrap_or_default()).trim_end().to_string()
}

/// The comparison as the page part inserts it (`muelle-part.js`; see `inspect::markup`): the
/// two choices of sides (`options`: value and label; `a` and `b` picked, or by default the
/// first branch that is not the last option's and the current one), the button, and `answer`
/// when there is one — a row per difference (`compare-row`, `data-aspect`) and where the two
/// stories part (`compare-diverge`), or "no differences". Escaped, worded in `lang`.
pub fn markup(
    answer: Option<&Comparison>,
    options: &[(String, String)],
    current: &str,
    a: &str,
    b: &str,
    lang: crate::Lang,
) -> String {
    use crate::inspect::esc;
    use std::fmt::Write;
    let es = lang == crate::Lang::Es;
    let title = if es { "Comparar" } else { "Compare" };
    let b = if b.is_empty() { current } else { b };
    let default_a = options.iter().map(|(v, _)| v.as_str()).find(|v| *v != current).unwrap_or(current);
    let a = if a.is_empty() { default_a } else { a };
    let mut out = format!(
        "<section class=\"compare\" data-testid=\"compare\" aria-label=\"{title}\"><div class=\"inspector-bar\">"
    );
    crate::inspect::select(&mut out, "compare-a", options, a);
    crate::inspect::select(&mut out, "compare-b", options, b);
    let _ = write!(out, "<button class=\"btn\" data-testid=\"compare-go\">{title}</button></div>");
    if let Some(c) = answer {
        // Present with nothing more to say (a volume): a tick; absent: a dash.
        let cell = |v: &Option<String>| match v.as_deref() {
            Some("") => "✓".to_string(),
            Some(t) => esc(t),
            None => "—".into(),
        };
        let _ = write!(
            out,
            "<table class=\"compare-table\"><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead><tbody>",
            esc(&c.a),
            esc(&c.b)
        );
        for d in &c.differences {
            let _ = write!(
                out,
                "<tr data-testid=\"compare-row\" data-aspect=\"{}\"><th scope=\"row\">{} {}</th><td>{}</td><td>{}</td></tr>",
                d.aspect.name(),
                d.aspect.word(lang),
                esc(&d.name),
                cell(&d.a),
                cell(&d.b),
            );
        }
        if let Some(d) = &c.diverge {
            let _ = write!(
                out,
                "<tr data-testid=\"compare-diverge\" class=\"diverge\"><th scope=\"row\">{}</th>",
                if es { "se separan en" } else { "they part at" }
            );
            // Each side's event, and the line typed there if that side had one.
            for (e, line) in [
                (&d.a, d.input.as_ref().and_then(|i| i.1.as_ref())),
                (&d.b, d.input.as_ref().and_then(|i| i.2.as_ref())),
            ] {
                let _ = write!(out, "<td>{}", esc(&event_line(e, lang)));
                if let Some(line) = line {
                    let _ = write!(out, "<code class=\"cmd\">{}</code>", esc(line));
                }
                out.push_str("</td>");
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
        if c.differences.is_empty() && c.diverge.is_none() {
            let _ =
                write!(out, "<p class=\"empty-hint\">{}</p>", if es { "Sin diferencias" } else { "No differences" });
        }
    }
    out.push_str("</section>");
    out
}
