//! The host's administration commands around dockerd: `sudo`, `systemctl` and `service`.
//!
//! `alumno` is in the `sudo` group with no password asked (a lab machine), so `sudo CMD` runs
//! CMD as root (`whoami`, `id`, the prompt of a `sudo -i`/`sudo bash` shell). `systemctl
//! restart|stop|start docker` changes the daemon through the host's `daemon_*` methods and waits
//! as systemctl waits for its job (a stop lasts as long as the containers take to stop); without
//! root it fails as systemctl does when no polkit agent can ask for a password. `service` is
//! Debian's wrapper, which hands over to systemctl.

use super::Run;
use crate::process::{done, Cx, Job, Poll, Wake};
use crate::time::{DateTime, SimTime};
use crate::world::DaemonState;

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "sudo" => sudo,
        "systemctl" => systemctl,
        "service" => service,
        _ => return None,
    })
}

/// sudo 1.9's usage (Ubuntu 24.04's build, with SELinux's `-r role -t type`), printed by a bare `sudo`.
const SUDO_USAGE: &str = "usage: sudo -h | -K | -k | -V
usage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]
usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user]
            [-u user] [command [arg ...]]
usage: sudo [-ABbEHkNnPS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] [VAR=value] [-i | -s] [command [arg ...]]
usage: sudo -e [-ABkNnS] [-r role] [-t type] [-C num] [-D directory]
            [-g group] [-h host] [-p prompt] [-R directory] [-T timeout]
            [-u user] file ...";

fn sudo(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let mut rest = &argv[1..];
    let mut login = false;
    let mut shell = false;
    while let Some(first) = rest.first() {
        match first.as_str() {
            "-i" | "--login" => login = true,
            "-s" | "--shell" => shell = true,
            "-E" | "-H" | "-n" | "-S" | "-k" => {}
            "--" => {
                rest = &rest[1..];
                break;
            }
            s if s.starts_with('-') => {
                let opt = s.trim_start_matches('-');
                let msg = if s.starts_with("--") {
                    format!("sudo: unrecognized option '{s}'")
                } else {
                    format!("sudo: invalid option -- '{}'", opt.chars().next().unwrap_or('-'))
                };
                cx.io.errln(&msg);
                cx.io.errln(SUDO_USAGE);
                return done(1);
            }
            _ => break,
        }
        rest = &rest[1..];
    }
    let mut command: Vec<String> = rest.to_vec();
    if command.is_empty() {
        if !login && !shell {
            cx.io.errln(SUDO_USAGE);
            return done(1);
        }
        command.push("bash".into());
    }
    let name = command[0].rsplit('/').next().unwrap_or(&command[0]).to_string();
    if !super::has_command(cx.world, cx.sh.loc, &name) && !command[0].contains('/') {
        cx.io.errln(&format!("sudo: {}: command not found", command[0]));
        return done(1);
    }
    let saved = as_root(cx, login);
    let inner = super::spawn(cx, command, Vec::new());
    restore(cx, saved);
    Box::new(AsRoot { inner, login })
}

/// What `sudo` changes in the shell while its command runs, to put back afterwards.
struct Saved {
    user: String,
    cwd: String,
    vars: Vec<(&'static str, Option<String>)>,
}

/// sudo's `env_reset`: the command sees root's identity and home.
fn as_root(cx: &mut Cx<'_>, login: bool) -> Saved {
    let mut vars = Vec::new();
    for (k, v) in [("USER", "root"), ("LOGNAME", "root"), ("HOME", "/root")] {
        vars.push((k, cx.sh.vars.insert(k.to_string(), v.to_string())));
    }
    let user = std::mem::replace(&mut cx.sh.user, "root".into());
    let cwd = cx.sh.cwd.clone();
    if login {
        cx.sh.cwd = "/root".into();
    }
    Saved { user, cwd, vars }
}

fn restore(cx: &mut Cx<'_>, saved: Saved) {
    cx.sh.user = saved.user;
    cx.sh.cwd = saved.cwd;
    for (k, old) in saved.vars {
        match old {
            Some(v) => cx.sh.vars.insert(k.to_string(), v),
            None => cx.sh.vars.remove(k),
        };
    }
}

/// The command `sudo` runs, polled as root.
struct AsRoot {
    inner: Box<dyn Job>,
    login: bool,
}

impl AsRoot {
    fn with<R>(&mut self, cx: &mut Cx<'_>, f: impl FnOnce(&mut dyn Job, &mut Cx<'_>) -> R) -> R {
        let saved = as_root(cx, self.login);
        let out = f(self.inner.as_mut(), cx);
        restore(cx, saved);
        out
    }
}

impl Job for AsRoot {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.with(cx, |j, cx| j.poll(cx))
    }
    fn interrupt(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.with(cx, |j, cx| j.interrupt(cx))
    }
    fn signal(&mut self, sig: crate::process::Signal, cx: &mut Cx<'_>) -> Option<i32> {
        self.with(cx, |j, cx| j.signal(sig, cx))
    }
    fn is_interactive_shell(&self) -> bool {
        self.inner.is_interactive_shell()
    }
    fn runs_until_interrupted(&self) -> bool {
        self.inner.runs_until_interrupted()
    }
    fn wants_input(&self) -> bool {
        self.inner.wants_input()
    }
    fn hides_input(&self) -> bool {
        self.inner.hides_input()
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.with(cx, |j, cx| j.input(line, cx))
    }
    fn end_of_input(&mut self, cx: &mut Cx<'_>) -> Poll {
        self.with(cx, |j, cx| j.end_of_input(cx))
    }
}

/// What systemctl is asked to do with a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verb {
    Start,
    Stop,
    Restart,
    Status,
    IsActive,
}

impl Verb {
    fn parse(s: &str) -> Option<Verb> {
        Some(match s {
            "start" => Verb::Start,
            "stop" => Verb::Stop,
            "restart" | "reload-or-restart" | "try-restart" => Verb::Restart,
            "status" => Verb::Status,
            "is-active" => Verb::IsActive,
            _ => return None,
        })
    }
    fn word(self) -> &'static str {
        match self {
            Verb::Start => "start",
            Verb::Stop => "stop",
            Verb::Restart => "restart",
            Verb::Status => "status",
            Verb::IsActive => "is-active",
        }
    }
}

/// `docker` and `docker.service` name the one unit Muelle has.
fn unit_name(s: &str) -> String {
    if s.contains('.') {
        s.to_string()
    } else {
        format!("{s}.service")
    }
}

fn systemctl(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let words: Vec<&String> = argv[1..].iter().filter(|a| !a.starts_with('-')).collect();
    let Some(verb_word) = words.first() else {
        cx.io.errln(match cx.lang {
            crate::Lang::Es => "muelle: `systemctl` sin orden no está simulado: prueba `systemctl status docker`",
            crate::Lang::En => "muelle: `systemctl` without a command is not simulated: try `systemctl status docker`",
        });
        return done(1);
    };
    let Some(verb) = Verb::parse(verb_word) else {
        cx.io.errln(&format!("Unknown command verb '{verb_word}'."));
        return done(1);
    };
    let Some(unit) = words.get(1) else {
        cx.io.errln("Too few arguments.");
        return done(1);
    };
    run_unit(cx, verb, unit)
}

fn run_unit(cx: &mut Cx<'_>, verb: Verb, unit: &str) -> Box<dyn Job> {
    let unit = unit_name(unit);
    let known = unit == "docker.service";
    match verb {
        Verb::Status => {
            if !known {
                cx.io.errln(&format!("Unit {unit} could not be found."));
                return done(4);
            }
            cx.io.out(&status_text(cx));
            done(if cx.world.daemon_up() { 0 } else { 3 })
        }
        Verb::IsActive => {
            let (word, code) = if !known {
                ("inactive", 3)
            } else {
                match cx.world.daemon_state() {
                    DaemonState::Running => ("active", 0),
                    DaemonState::Stopping => ("deactivating", 3),
                    DaemonState::Stopped => ("inactive", 3),
                }
            };
            cx.io.outln(word);
            done(code)
        }
        Verb::Start | Verb::Stop | Verb::Restart => {
            if !known {
                cx.io.errln(&format!("Failed to {} {unit}: Unit {unit} not found.", verb.word()));
                return done(5);
            }
            if cx.sh.user != "root" {
                // systemd asks polkit; with no agent to ask for a password, the job is refused.
                cx.io.errln(&format!("Failed to {} {unit}: Interactive authentication required.", verb.word()));
                return done(1);
            }
            Box::new(UnitJob { verb, begun: None, start_at: None })
        }
    }
}

/// `systemctl start|stop|restart docker`: asks the host, then waits for the daemon as
/// systemctl waits for its job. Ctrl-C leaves the job to systemd (the daemon goes on).
struct UnitJob {
    verb: Verb,
    /// Set on the first poll: when dockerd had last started before this job asked anything.
    begun: Option<SimTime>,
    /// `start`: when dockerd has come up (it takes [`crate::world::daemon::START_MS`]).
    start_at: Option<SimTime>,
}

impl Job for UnitJob {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let now = cx.now();
        // When dockerd had last started before this job: a restart is over once it has started again.
        let before = *self.begun.get_or_insert_with(|| {
            let before = cx.world.daemon_started();
            match self.verb {
                Verb::Stop => cx.world.daemon_stop(),
                Verb::Restart => cx.world.daemon_restart(),
                _ => {}
            }
            before
        });
        match self.verb {
            Verb::Stop => {
                if cx.world.daemon_state() == DaemonState::Stopped {
                    Poll::Done(0)
                } else {
                    Poll::Pending(Wake::Change)
                }
            }
            Verb::Restart => {
                if cx.world.daemon_up() && cx.world.daemon_started() != before {
                    Poll::Done(0)
                } else {
                    Poll::Pending(Wake::Change)
                }
            }
            _ => {
                if cx.world.daemon_up() && self.start_at.is_none() {
                    return Poll::Done(0);
                }
                let at = *self.start_at.get_or_insert(now.plus(crate::world::DAEMON_START_MS));
                if now < at {
                    return Poll::Pending(Wake::At(at));
                }
                cx.world.daemon_start();
                if cx.world.daemon_up() {
                    Poll::Done(0)
                } else {
                    Poll::Pending(Wake::Change)
                }
            }
        }
    }
}

/// `systemctl status docker`: the unit's header as systemd 255 prints it (no journal lines).
fn status_text(cx: &Cx<'_>) -> String {
    let w = &cx.world;
    let now = w.now();
    let since = w.daemon_since();
    let pid = w.daemon_pid();
    let when = format!("{}; {}", systemd_timestamp(since), relative(now.since(since)));
    let exec = "/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock";
    let loaded = "     Loaded: loaded (/usr/lib/systemd/system/docker.service; enabled; preset: enabled)\n";
    match w.daemon_state() {
        DaemonState::Running => format!(
            "\u{25cf} docker.service - Docker Application Container Engine\n{loaded}     Active: active (running) since {when}\n       Docs: https://docs.docker.com\n   Main PID: {pid} (dockerd)\n      Tasks: 11\n     Memory: 74.2M (peak: 76.0M)\n        CPU: 1.412s\n     CGroup: /system.slice/docker.service\n             \u{2514}\u{2500}{pid} {exec}\n"
        ),
        DaemonState::Stopping => format!(
            "\u{25cf} docker.service - Docker Application Container Engine\n{loaded}     Active: deactivating (stop-sigterm) since {when}\n       Docs: https://docs.docker.com\n   Main PID: {pid} (dockerd)\n      Tasks: 11\n     Memory: 74.2M (peak: 76.0M)\n        CPU: 1.412s\n     CGroup: /system.slice/docker.service\n             \u{2514}\u{2500}{pid} {exec}\n"
        ),
        DaemonState::Stopped => {
            let ran = since.since(w.daemon_started());
            format!(
                "\u{25cb} docker.service - Docker Application Container Engine\n{loaded}     Active: inactive (dead) since {when}\n   Duration: {}\n       Docs: https://docs.docker.com\n    Process: {pid} ExecStart={exec} (code=exited, status=0/SUCCESS)\n   Main PID: {pid} (code=exited, status=0/SUCCESS)\n        CPU: 1.412s\n",
                timespan(ran)
            )
        }
    }
}

/// systemd's `format_timestamp`: `Mon 2025-03-10 10:00:00 UTC`.
fn systemd_timestamp(t: SimTime) -> String {
    let d = DateTime::at(t);
    format!(
        "{} {:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        d.weekday_abbr(),
        d.year,
        d.month,
        d.day,
        d.hour,
        d.minute,
        d.second
    )
}

/// systemd's `format_timestamp_relative` for the spans a session reaches.
fn relative(ms: u64) -> String {
    let s = ms / 1000;
    let (min, h, day) = (60, 3600, 86_400);
    if s >= 2 * day {
        format!("{} days ago", s / day)
    } else if s >= 25 * h {
        format!("1 day {}h ago", (s - day) / h)
    } else if s >= 6 * h {
        format!("{}h ago", s / h)
    } else if s >= h {
        format!("{}h {}min ago", s / h, (s % h) / min)
    } else if s >= 5 * min {
        format!("{}min ago", s / min)
    } else if s >= min {
        format!("{}min {}s ago", s / min, s % min)
    } else if s >= 1 {
        format!("{s}s ago")
    } else if ms > 0 {
        format!("{ms}ms ago")
    } else {
        "now".into()
    }
}

/// systemd's `format_timespan` to the millisecond: `5min 12.345s`.
fn timespan(ms: u64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if min > 0 {
        parts.push(format!("{min}min"));
    }
    if rest > 0 || parts.is_empty() {
        let (s, milli) = (rest / 1000, rest % 1000);
        parts.push(if milli == 0 {
            format!("{s}s")
        } else {
            format!("{s}.{}s", format!("{milli:03}").trim_end_matches('0'))
        });
    }
    parts.join(" ")
}

/// `service NAME ACTION`: Debian's wrapper hands a systemd unit over to systemctl.
fn service(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let usage = "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]";
    let (Some(name), Some(action)) = (argv.get(1), argv.get(2)) else {
        cx.io.errln(usage);
        return done(1);
    };
    let verb = match action.as_str() {
        "--full-restart" => Some(Verb::Restart),
        a => Verb::parse(a).filter(|v| *v != Verb::IsActive),
    };
    let Some(verb) = verb else {
        if unit_name(name) == "docker.service" {
            cx.io.errln("Usage: service docker {start|stop|restart|status}");
            return done(1);
        }
        cx.io.errln(&format!("{name}: unrecognized service"));
        return done(1);
    };
    if unit_name(name) != "docker.service" {
        cx.io.errln(&format!("{name}: unrecognized service"));
        return done(1);
    }
    run_unit(cx, verb, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systemd_spans() {
        assert_eq!(relative(0), "now");
        assert_eq!(relative(3_400), "3s ago");
        assert_eq!(relative(75_000), "1min 15s ago");
        assert_eq!(relative(7 * 60_000), "7min ago");
        assert_eq!(relative(3_720_000), "1h 2min ago");
        assert_eq!(timespan(312_345), "5min 12.345s");
        assert_eq!(timespan(2_500), "2.5s");
        assert_eq!(timespan(0), "0s");
    }
}
