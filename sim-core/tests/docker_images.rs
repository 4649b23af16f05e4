//! The image commands end to end through `Session`: `docker images`, `tag`,
//! `rmi`, `image prune`, `history`, plus `version`, `info` and `system df`,
//! against docker/cli v28.2.2 (`cli/command/image/*.go`,
//! `cli/command/formatter/image.go`, `cli/command/system/*.go`) and moby
//! v28.2.2's classic image service (`daemon/images/image_delete.go`,
//! `image_prune.go`). IDs and digests are random: they are taken from the
//! world, or checked for their shape.

mod common;

use common::Term;

impl Term {
    /// The pulled image of `repo` (its first entry).
    fn image(&self, repo: &str) -> sim_core::world::image::Image {
        self.s.world().images().iter().find(|i| i.repo == repo).cloned().expect("image pulled")
    }
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
}

/// go-units `HumanSizeWithPrecision(n, 3)` for the sizes images have (kB to GB), worked out
/// digit by digit: three significant digits, half-up on the fourth, zeros trimmed.
fn size3(n: u64) -> String {
    let units = ["B", "kB", "MB", "GB"];
    let mut unit = 0;
    let mut scale = 1u64;
    while n / scale >= 1000 && unit < 3 {
        scale *= 1000;
        unit += 1;
    }
    let int_digits = (n / scale).to_string().len();
    let decimals = 3usize.saturating_sub(int_digits);
    let factor = 10u64.pow(decimals as u32);
    // Round n / scale to `decimals` places.
    let scaled = (n as u128 * factor as u128 * 2 + scale as u128) / (scale as u128 * 2);
    let (whole, frac) = (scaled / factor as u128, scaled % factor as u128);
    let mut text = whole.to_string();
    if decimals > 0 {
        let f = format!("{:0width$}", frac, width = decimals);
        let f = f.trim_end_matches('0');
        if !f.is_empty() {
            text = format!("{text}.{f}");
        }
    }
    format!("{text}{}", units[unit])
}

#[test]
fn size3_agrees_with_go_units_examples() {
    assert_eq!(size3(192_456_789), "192MB");
    assert_eq!(size3(78_123_456), "78.1MB");
    assert_eq!(size3(8_226_569), "8.23MB");
    assert_eq!(size3(1_020_400_000), "1.02GB");
}

#[test]
fn images_lists_one_row_per_tag_newest_first() {
    let mut t = Term::new();
    assert_eq!(t.run("docker images"), "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
    t.pull(&["nginx", "alpine:3.21"]);
    let (nginx, alpine) = (t.image("nginx"), t.image("alpine"));
    // Newest image first; CREATED as go-units prints it.
    let mut rows =
        vec![(nginx.created_ago_days, "nginx", "latest", &nginx), (alpine.created_ago_days, "alpine", "3.21", &alpine)];
    sim_core::sort::sort_by_key(&mut rows, |r| r.0);
    let since: Vec<String> = rows
        .iter()
        .map(|(_, repo, tag, _)| {
            t.run(&format!("docker images {repo}:{tag} --format '{{{{.CreatedSince}}}}'")).trim().to_string()
        })
        .collect();
    for (s, (days, ..)) in since.iter().zip(&rows) {
        // 14..54 days old (plus at most a day): weeks.
        let weeks: u64 = s.strip_suffix(" weeks ago").expect(s).parse().unwrap();
        assert!(weeks == days / 7 || weeks == (days + 1) / 7, "{s} for {days} days");
    }
    let mut want = String::from("REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n");
    for ((_, repo, tag, img), created) in rows.iter().zip(&since) {
        want.push_str(&format!("{repo:<13}{tag:<10}{}   {created:<14}{}\n", &img.id[..12], size3(img.size_bytes)));
    }
    assert_eq!(t.run("docker images"), want);
    assert_eq!(t.run("docker image ls"), want);
    assert_eq!(t.run("docker image list"), want);
    assert_eq!(t.status(), 0);
}

#[test]
fn quiet_no_trunc_formats_and_filters() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    t.run("docker tag alpine mi/app:v1");
    let (nginx, alpine) = (t.image("nginx"), t.image("alpine"));
    let order = |a: &str, b: &str| {
        if nginx.created_ago_days <= alpine.created_ago_days {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        }
    };
    // Rows of the same image, by reference.
    let (first, second) = order(&format!("{}\n", &nginx.id[..12]), &format!("{0}\n{0}\n", &alpine.id[..12]));
    assert_eq!(t.run("docker images -q"), format!("{first}{second}"));
    let out = t.run("docker images --no-trunc --format '{{.ID}} {{.Repository}}:{{.Tag}}' alpine");
    assert_eq!(out, format!("sha256:{} alpine:latest\n", alpine.id));
    assert_eq!(t.run("docker images --format '{{.Repository}}:{{.Tag}}' 'mi/*'"), "mi/app:v1\n");
    assert_eq!(t.run("docker images --format '{{.Repository}}' -f reference=ngi*"), "nginx\n");
    assert_eq!(t.run("docker images -q nada"), "");
    assert_eq!(t.run("docker images --format '{{.Tag}}' -f dangling=true"), "");
    assert_eq!(
        t.run("docker images --format json nginx"),
        format!(
            "{{\"Containers\":\"N/A\",\"CreatedAt\":\"{}\",\"CreatedSince\":\"{}\",\"Digest\":\"<none>\",\"ID\":\"{}\",\"Repository\":\"nginx\",\"SharedSize\":\"N/A\",\"Size\":\"{}\",\"Tag\":\"latest\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"{}\"}}\n",
            t.run("docker images --format '{{.CreatedAt}}' nginx").trim(),
            t.run("docker images --format '{{.CreatedSince}}' nginx").trim(),
            &nginx.id[..12],
            size3(nginx.size_bytes),
            t.run("docker images --format '{{.VirtualSize}}' nginx").trim(),
        )
    );
    let created_at = t.run("docker images --format '{{.CreatedAt}}' nginx");
    assert!(created_at.starts_with("2025-0") && created_at.ends_with(" +0000 UTC\n"), "{created_at}");
    // --digests: a DIGEST column; a tag made locally has none.
    let out = t.run("docker images --digests alpine");
    assert_eq!(
        out,
        format!(
            "REPOSITORY   TAG       DIGEST{}IMAGE ID       CREATED       SIZE\nalpine       latest    sha256:{}   {}   {}   {}\n",
            " ".repeat(68),
            alpine.digest,
            &alpine.id[..12],
            t.run("docker images --format '{{.CreatedSince}}' alpine").trim(),
            size3(alpine.size_bytes)
        )
    );
    assert_eq!(t.run("docker images --format '{{.Digest}}' --digests mi/app"), "<none>\n");
    // Bad filters.
    assert_eq!(t.run("docker images -f color=rojo"), "Error response from daemon: invalid filter 'color'\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker images -f rojo"),
        "invalid argument \"rojo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\nRun 'docker images --help' for more information\n"
    );
    assert_eq!(t.status(), 125);
    assert_eq!(
        t.run("docker images --format '{{.Nope}}'"),
        "template parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type *formatter.imageContext\n"
    );
}

#[test]
fn images_followed_by_a_subcommand_name_gets_a_hint() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    assert_eq!(
        t.run("docker images ls"),
        "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n\nNo images found matching \"ls\": did you mean \"docker image ls\"?\n"
    );
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker images nada"), "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n");
}

#[test]
fn tag_names_an_image_again() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    assert_eq!(t.run("docker tag nginx miweb:v1"), "");
    assert_eq!(t.status(), 0);
    let id = t.image("nginx").id;
    assert_eq!(
        t.run("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}' miweb"),
        format!("miweb:v1 {}\n", &id[..12])
    );
    assert_eq!(t.run(&format!("docker image tag {} miweb:v2", &id[..8])), "");
    assert_eq!(t.run("docker image inspect -f '{{.RepoTags}}' nginx"), "[miweb:v1 miweb:v2 nginx:latest]\n");
    // Moving a tag: the image it named keeps only its other names.
    assert_eq!(t.run("docker tag alpine miweb:v2"), "");
    assert_eq!(t.run("docker image inspect -f '{{.RepoTags}}' nginx"), "[miweb:v1 nginx:latest]\n");
    assert_eq!(t.run("docker image inspect -f '{{.RepoTags}}' alpine"), "[alpine:latest miweb:v2]\n");
    // Errors: the client's reference checks, then the daemon's lookup.
    assert_eq!(t.run("docker tag nada miweb"), "Error response from daemon: No such image: nada:latest\n");
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker tag nginx MiWeb"),
        "Error parsing reference: \"MiWeb\" is not a valid repository/tag: invalid reference format: repository name (library/MiWeb) must be lowercase\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker tag nginx 'mi web'"),
        "Error parsing reference: \"mi web\" is not a valid repository/tag: invalid reference format\n"
    );
    assert_eq!(
        t.run("docker tag nginx"),
        "docker: 'docker tag' requires 2 arguments\n\nUsage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]\n\nRun 'docker tag --help' for more information\n"
    );
}

#[test]
fn rmi_untags_then_deletes_the_image_and_its_layers() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    let img = t.image("nginx");
    let out = t.run("docker rmi nginx");
    assert_eq!(t.status(), 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Untagged: nginx:latest");
    assert_eq!(lines[1], format!("Untagged: nginx@sha256:{}", img.digest));
    assert_eq!(lines[2], format!("Deleted: sha256:{}", img.id));
    // Then one line per layer, top layer first, each a distinct chain ID.
    let layers: Vec<&str> = lines[3..].iter().map(|l| l.strip_prefix("Deleted: sha256:").expect(l)).collect();
    assert_eq!(layers.len(), img.layers.len());
    assert!(layers.iter().all(|l| is_hex64(l)));
    let mut unique = layers.clone();
    sim_core::sort::sort(&mut unique);
    unique.dedup();
    assert_eq!(unique.len(), layers.len());
    assert_eq!(t.run("docker images -q"), "");
    assert_eq!(t.run("docker image rm nginx"), "Error response from daemon: No such image: nginx:latest\n");
    assert_eq!(t.status(), 1);
    // Pulling again brings it back.
    assert_eq!(t.run("docker pull -q nginx"), "docker.io/library/nginx:latest\n");
    assert_eq!(t.run("docker images --format '{{.Repository}}'"), "nginx\n");
}

#[test]
fn rmi_of_one_of_several_tags_only_untags() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    let img = t.image("nginx");
    t.run("docker tag nginx miweb");
    assert_eq!(t.run("docker rmi miweb"), "Untagged: miweb:latest\n");
    t.run("docker tag nginx miweb");
    assert_eq!(t.run("docker rmi nginx"), format!("Untagged: nginx:latest\nUntagged: nginx@sha256:{}\n", img.digest));
    assert_eq!(t.run("docker images --format '{{.Repository}}:{{.Tag}}'"), "miweb:latest\n");
    // By ID, an image with several names must be forced.
    t.run("docker tag miweb otra:1");
    let id12 = &img.id[..12];
    assert_eq!(
        t.run(&format!("docker rmi {id12}")),
        format!("Error response from daemon: conflict: unable to delete {id12} (must be forced) - image is referenced in multiple repositories\n")
    );
    assert_eq!(t.status(), 1);
    let out = t.run(&format!("docker rmi -f {id12}"));
    assert!(
        out.starts_with(&format!("Untagged: miweb:latest\nUntagged: otra:1\nDeleted: sha256:{}\n", img.id)),
        "{out}"
    );
    assert_eq!(t.run("docker images -q"), "");
}

#[test]
fn rmi_refuses_images_containers_use() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    let (nginx, alpine) = (t.image("nginx"), t.image("alpine"));
    t.run("docker run -d --name web nginx");
    t.run("docker run --name parado alpine true");
    let (web, parado) = (t.ctr_id("web"), t.ctr_id("parado"));
    assert_eq!(
        t.run("docker rmi nginx alpine"),
        format!(
            "Error response from daemon: conflict: unable to remove repository reference \"nginx\" (must force) - container {} is using its referenced image {}\nError response from daemon: conflict: unable to remove repository reference \"alpine\" (must force) - container {} is using its referenced image {}\n",
            &web[..12],
            &nginx.id[..12],
            &parado[..12],
            &alpine.id[..12]
        )
    );
    assert_eq!(t.status(), 1);
    // By ID: a running container cannot be forced away, a stopped one can.
    assert_eq!(
        t.run(&format!("docker rmi -f {}", &nginx.id[..12])),
        format!(
            "Error response from daemon: conflict: unable to delete {} (cannot be forced) - image is being used by running container {}\n",
            &nginx.id[..12],
            &web[..12]
        )
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run(&format!("docker rmi {}", &alpine.id[..12])),
        format!(
            "Error response from daemon: conflict: unable to delete {} (must be forced) - image is being used by stopped container {}\n",
            &alpine.id[..12],
            &parado[..12]
        )
    );
    // -f by name with a running container: only the names go; the image stays, dangling.
    assert_eq!(
        t.run("docker rmi -f nginx"),
        format!("Untagged: nginx:latest\nUntagged: nginx@sha256:{}\n", nginx.digest)
    );
    assert_eq!(t.status(), 0);
    assert_eq!(
        t.run("docker images --format '{{.Repository}}:{{.Tag}} {{.ID}}'"),
        if nginx.created_ago_days <= alpine.created_ago_days {
            format!("<none>:<none> {}\nalpine:latest {}\n", &nginx.id[..12], &alpine.id[..12])
        } else {
            format!("alpine:latest {}\n<none>:<none> {}\n", &alpine.id[..12], &nginx.id[..12])
        }
    );
    // -f with a stopped container: the image record goes, its layers stay for the container.
    assert_eq!(
        t.run("docker rmi -f alpine"),
        format!("Untagged: alpine:latest\nUntagged: alpine@sha256:{}\nDeleted: sha256:{}\n", alpine.digest, alpine.id)
    );
    assert_eq!(t.run("docker images -q"), format!("{}\n", &nginx.id[..12]));
    assert_eq!(t.run("docker image inspect alpine"), "[]\nError response from daemon: No such image: alpine:latest\n");
    // The container still runs its busybox programs.
    assert_eq!(t.run("docker start -a parado"), "");
    assert_eq!(t.status(), 0);
    assert_eq!(
        t.run("docker run --rm alpine echo hola").lines().next(),
        Some("Unable to find image 'alpine:latest' locally")
    );
}

#[test]
fn rmi_not_found_and_bad_references() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    assert_eq!(t.run("docker rmi nada"), "Error response from daemon: No such image: nada:latest\n");
    assert_eq!(t.status(), 1);
    // With -f, missing images are reported but do not fail the command.
    let id = t.image("alpine").id;
    let out = t.run("docker rmi -f nada alpine");
    assert!(out.starts_with("Untagged: alpine:latest\n"), "{out}");
    assert!(out.contains(&format!("Deleted: sha256:{id}\n")), "{out}");
    assert!(out.ends_with("Error response from daemon: No such image: nada:latest\n"), "{out}");
    assert_eq!(t.status(), 0);
    assert_eq!(
        t.run("docker rmi -f Nada"),
        "Error response from daemon: invalid reference format: repository name (library/Nada) must be lowercase\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker rmi"),
        "docker: 'docker rmi' requires at least 1 argument\n\nUsage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n\nSee 'docker rmi --help' for more information\n"
    );
}

#[test]
fn a_retagged_image_keeps_its_programs() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    t.run("docker tag nginx miweb:v1");
    t.run("docker rmi nginx");
    assert_eq!(t.run("docker images --format '{{.Repository}}:{{.Tag}}'"), "miweb:v1\n");
    t.run("docker run -d --name miweb -p 8080:80 miweb:v1");
    t.s.advance(2_000);
    assert!(t.run("docker ps --format '{{.Status}}'").starts_with("Up "));
    let logs = t.run("docker logs miweb");
    assert!(logs.contains("Configuration complete; ready for start up"), "{logs}");
    assert_eq!(
        t.run("docker inspect -f '{{.Config.Image}} {{.Config.Cmd}}' miweb"),
        "miweb:v1 [nginx -g daemon off;]\n"
    );
}

#[test]
fn image_prune_removes_dangling_images_or_all_unused() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine", "redis"]);
    let (nginx, alpine, redis) = (t.image("nginx"), t.image("alpine"), t.image("redis"));
    t.run("docker run -d --name web nginx");
    // Nothing dangling yet.
    assert_eq!(
        t.run("docker image prune"),
        "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] "
    );
    assert!(t.s.wants_input(0));
    assert_eq!(t.run("y"), "Total reclaimed space: 0B\n");
    // Untag redis while a container runs it: it dangles, and prune leaves it to the container.
    t.run("docker run -d --name cache redis");
    t.run("docker rmi -f redis");
    assert_eq!(t.run("docker images -f dangling=true --format '{{.Repository}}:{{.Tag}}'"), "<none>:<none>\n");
    assert_eq!(t.run("docker image prune -f"), "Total reclaimed space: 0B\n");
    t.run("docker rm -f cache");
    let out = t.run("docker image prune -f");
    let mut want = format!("Deleted Images:\ndeleted: sha256:{}\n", redis.id);
    let first_layer_line = out.lines().nth(2).unwrap_or("");
    assert!(out.starts_with(&want), "{out}");
    assert!(first_layer_line.starts_with("deleted: sha256:"), "{out}");
    assert_eq!(out.lines().filter(|l| l.starts_with("deleted: ")).count(), 1 + redis.layers.len());
    assert!(out.ends_with(&format!("\n\nTotal reclaimed space: {}\n", human_size4(redis.size_bytes))), "{out}");
    // -a: every image no container uses; answering no does nothing.
    assert_eq!(
        t.run("docker image prune -a"),
        "WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] "
    );
    assert_eq!(t.run("n"), "");
    assert_eq!(t.status(), 0);
    let out = t.run("docker image prune -a -f");
    want = format!(
        "Deleted Images:\nuntagged: alpine:latest\nuntagged: alpine@sha256:{}\ndeleted: sha256:{}\n",
        alpine.digest, alpine.id
    );
    assert!(out.starts_with(&want), "{out}");
    assert!(out.ends_with(&format!("\n\nTotal reclaimed space: {}\n", human_size4(alpine.size_bytes))), "{out}");
    assert_eq!(t.run("docker images -q"), format!("{}\n", &nginx.id[..12]));
    assert_eq!(
        t.run("docker image prune --filter color=rojo -f"),
        "Error response from daemon: invalid filter 'color'\n"
    );
}

/// go-units `HumanSize` (four significant digits) for sizes in MB.
fn human_size4(n: u64) -> String {
    let mb = n as f64 / 1_000_000.0;
    let text = if mb >= 100.0 {
        format!("{mb:.1}")
    } else if mb >= 10.0 {
        format!("{mb:.2}")
    } else {
        format!("{mb:.3}")
    };
    format!("{}MB", text.trim_end_matches('0').trim_end_matches('.'))
}

#[test]
fn history_lists_the_build_steps() {
    let mut t = Term::new();
    t.pull(&["nginx"]);
    let img = t.image("nginx");
    let out = t.run("docker history nginx");
    assert_eq!(t.status(), 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "IMAGE          CREATED       CREATED BY                                      SIZE      COMMENT"
    );
    assert!(lines[1].starts_with(&format!("{}   ", &img.id[..12])), "{out}");
    assert!(lines[1].contains("CMD [\"nginx\" \"-g\" \"daemon off;\"]"), "{out}");
    assert!(lines[2..].iter().all(|l| l.starts_with("<missing>      ")), "{out}");
    assert!(lines.last().unwrap().ends_with("debuerreotype 0.15"), "{out}");
    // One step with a size per layer; the sizes add up to the image.
    let sizes: Vec<u64> =
        t.run("docker history --human=false --format '{{.Size}}' nginx").lines().map(|s| s.parse().unwrap()).collect();
    assert_eq!(sizes.iter().filter(|s| **s > 0).count(), img.layers.len());
    assert_eq!(sizes.iter().sum::<u64>(), img.size_bytes);
    let quiet = t.run("docker history -q --no-trunc nginx");
    assert!(quiet.starts_with(&format!("sha256:{}\n<missing>\n", img.id)), "{quiet}");
    // CREATED BY is cut to 45 characters.
    assert!(lines.iter().any(|l| l.contains("…")), "{out}");
    assert!(t.run("docker history --no-trunc nginx").lines().all(|l| !l.contains('…')));
    assert_eq!(t.run("docker image history nada"), "Error response from daemon: No such image: nada:latest\n");
    assert_eq!(t.status(), 1);
}

#[test]
fn version_reports_engine_28_2_2() {
    let mut t = Term::new();
    assert_eq!(
        t.run("docker version"),
        "Client: Docker Engine - Community
 Version:           28.2.2
 API version:       1.50
 Go version:        go1.24.3
 Git commit:        e6534b4
 Built:             Fri May 30 09:39:08 2025
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          28.2.2
  API version:      1.50 (minimum version 1.24)
  Go version:       go1.24.3
  Git commit:       45873be
  Built:            Fri May 30 08:53:59 2025
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          1.7.27
  GitCommit:        05044ec0a9a75232cad458027ca83437aae3f4da
 runc:
  Version:          1.2.5
  GitCommit:        v1.2.5-0-g59923ef
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
"
    );
    assert_eq!(t.run("docker version --format '{{.Server.Version}}'"), "28.2.2\n");
    assert_eq!(
        t.run("docker version -f '{{.Client.APIVersion}} {{.Client.Os}}/{{.Client.Arch}}'"),
        "1.50 linux/amd64\n"
    );
    assert_eq!(
        t.run("docker version -f '{{.Client.Version'"),
        "template parsing error: template: :1: unclosed action\n"
    );
    assert_eq!(t.status(), 64);
    assert_eq!(t.run("docker --version"), "Docker version 28.2.2, build e6534b4\n");
}

#[test]
fn info_counts_containers_and_images() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    t.run("docker run -d --name web nginx");
    t.run("docker create --name parado alpine");
    let out = t.run("docker info");
    assert!(
        out.starts_with(
            "Client: Docker Engine - Community\n Version:    28.2.2\n Context:    default\n Debug Mode: false\n\nServer:\n Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n Images: 2\n Server Version: 28.2.2\n Storage Driver: overlay2\n"
        ),
        "{out}"
    );
    assert!(out.contains("\n Name: muelle\n"), "{out}");
    assert!(out.ends_with(" Live Restore Enabled: false\n\n"), "{out}");
    assert_eq!(t.run("docker system info --format '{{.Containers}} {{.Images}} {{.ServerVersion}}'"), "2 2 28.2.2\n");
}

#[test]
fn system_df_sums_images_containers_and_volumes() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine"]);
    t.run("docker run -d --name web nginx");
    let (nginx, alpine) = (t.image("nginx"), t.image("alpine"));
    let total = nginx.size_bytes + alpine.size_bytes;
    let pct = alpine.size_bytes * 100 / total;
    let out = t.run("docker system df");
    assert_eq!(
        out,
        format!(
            "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\nImages          2         1         {:<10}{} ({pct}%)\nContainers      1         1         0B        0B\nLocal Volumes   0         0         0B        0B\nBuild Cache     0         0         0B        0B\n",
            human_size4(total),
            human_size4(alpine.size_bytes)
        )
    );
}

/// Image store entries are addressed by `ImageKey`s that are never reused: removing an image
/// added earlier does not shift what a key held by a caller names (a `Vec` index would now
/// name the next image, or nothing), and a removed entry's key names nothing afterwards.
#[test]
fn image_keys_survive_the_removal_of_other_images() {
    let mut t = Term::new();
    t.pull(&["nginx", "alpine:3.21", "busybox"]);
    let world = t.s.world();
    let (nginx, alpine) = (world.find_image("nginx").expect("nginx"), world.find_image("alpine:3.21").expect("alpine"));
    let busybox = world.find_image("busybox").expect("busybox");
    assert!(nginx < alpine && alpine < busybox, "keys in the order images were added");
    t.run("docker rmi nginx");
    assert_eq!(t.status(), 0);
    let world = t.s.world();
    assert!(world.images().get(nginx).is_none(), "a removed entry's key names nothing");
    assert_eq!(world.images().get(alpine).map(|i| i.reference()), Some("alpine:3.21".to_string()));
    assert_eq!(world.images().get(busybox).map(|i| i.reference()), Some("busybox:latest".to_string()));
    assert_eq!(world.find_image("alpine:3.21"), Some(alpine));
    // A new image gets a fresh key, never the removed one's.
    t.pull(&["nginx"]);
    let again = t.s.world().find_image("nginx").expect("nginx again");
    assert!(again > busybox && again != nginx);
    // `docker tag` moving a tag between images leaves the other keys where they were.
    t.run("docker tag alpine:3.21 web:1");
    t.run("docker tag busybox web:1");
    let world = t.s.world();
    assert_eq!(world.images().get(alpine).map(|i| i.reference()), Some("alpine:3.21".to_string()));
    assert_eq!(world.images().get(busybox).map(|i| i.reference()), Some("busybox:latest".to_string()));
    let web = world.find_image("web:1").and_then(|k| world.images().get(k)).map(|i| i.id.clone());
    assert_eq!(web, world.images().get(busybox).map(|i| i.id.clone()));
}

/// `docker commit`: the container's file system (what was written in it) and configuration as a
/// new image, its ID printed as `sha256:…`; without a reference it dangles; the client refuses a
/// bad reference before asking the daemon.
#[test]
fn commit_makes_an_image_of_a_containers_changes() {
    let mut t = Term::new();
    t.pull(&["ubuntu"]);
    t.run("docker run --name caja ubuntu sh -c 'echo hola > /saludo.txt'");
    let out = t.run("docker commit -m 'con saludo' caja mi-ubuntu:v1");
    let id = out.trim().strip_prefix("sha256:").expect(&out).to_string();
    assert!(is_hex64(&id), "{out}");
    let ls = t.run("docker image ls mi-ubuntu");
    assert!(ls.contains(&format!("mi-ubuntu    v1        {}   ", &id[..12])), "{ls}");
    assert_eq!(t.run("docker run --rm mi-ubuntu:v1 cat /saludo.txt"), "hola\n");
    assert_eq!(t.run("docker run --rm ubuntu cat /saludo.txt; echo $?").lines().last(), Some("1"));
    let dangling = t.run("docker commit caja");
    assert!(dangling.starts_with("sha256:"), "{dangling}");
    assert!(t.run("docker images").contains("<none>       <none>"), "dangling");
    assert_eq!(
        t.run("docker commit caja Mal"),
        "invalid reference format: repository name (library/Mal) must be lowercase\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(t.run("docker commit nada img"), "Error response from daemon: No such container: nada\n");
}
