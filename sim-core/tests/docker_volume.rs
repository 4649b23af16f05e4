//! `docker volume …` end to end through `Session`, compared with what
//! Docker Engine 28 prints (the project's reference §4.1–4.3, docker/cli
//! v28.5.2 `cli/command/volume` and its golden files, moby's volume store
//! and local driver). Random names and IDs are taken from the world.

mod common;

use common::Term;

impl Term {
    /// Names of the volumes a container mounts that Docker named at random.
    fn anonymous_volumes(&self) -> Vec<String> {
        self.s.world().volumes().values().filter(|v| v.anonymous).map(|v| v.name.clone()).collect()
    }
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
}

#[test]
fn create_prints_the_name_and_ls_lists_sorted() {
    let mut t = Term::new();
    assert_eq!(t.run("docker volume create myvol"), "myvol\n");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker volume create datos"), "datos\n");
    assert_eq!(t.run("docker volume create datos"), "datos\n", "creating an existing volume is not an error");
    let random = t.run("docker volume create");
    let name = random.trim_end().to_string();
    assert!(is_hex64(&name), "{random:?}");
    // Sorted by name (sortorder's natural order; plain order for these names).
    let mut names = [name.clone(), "datos".to_string(), "myvol".to_string()];
    sim_core::sort::sort(&mut names);
    let rows: String = names.iter().map(|n| format!("local     {n}\n")).collect();
    assert_eq!(t.run("docker volume ls"), format!("DRIVER    VOLUME NAME\n{rows}"));
    assert_eq!(t.run("docker volume ls -q"), names.iter().map(|n| format!("{n}\n")).collect::<String>());
    assert_eq!(
        t.run("docker volume list --format '{{.Name}} {{.Driver}} {{.Mountpoint}}' -f name=myv"),
        "myvol local /var/lib/docker/volumes/myvol/_data\n"
    );
}

#[test]
fn ls_filters() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker volume create libre");
    t.run("docker volume create usado");
    t.run("docker create --name c1 -v usado:/data alpine");
    assert_eq!(t.run("docker volume ls -f dangling=true -q"), "libre\n");
    assert_eq!(t.run("docker volume ls -f dangling=false -q"), "usado\n");
    assert_eq!(t.run("docker volume ls -f driver=local -f name=^u -q"), "usado\n");
    assert_eq!(t.run("docker volume ls -f driver=nfs -q"), "");
    assert_eq!(
        t.run("docker volume ls -f dangling=quiza"),
        "Error response from daemon: invalid filter 'dangling=[quiza]'\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(t.run("docker volume ls -f color=rojo"), "Error response from daemon: invalid filter 'color'\n");
    assert_eq!(
        t.run("docker volume ls -f dangling"),
        "invalid argument \"dangling\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n\nUsage:  docker volume ls [OPTIONS]\n\nRun 'docker volume ls --help' for more information\n"
    );
    assert_eq!(t.status(), 125);
    assert_eq!(
        t.run("docker volume ls --format json -f name=libre"),
        "{\"Availability\":\"N/A\",\"Driver\":\"local\",\"Group\":\"N/A\",\"Labels\":\"\",\"Links\":\"N/A\",\"Mountpoint\":\"/var/lib/docker/volumes/libre/_data\",\"Name\":\"libre\",\"Scope\":\"local\",\"Size\":\"N/A\",\"Status\":\"N/A\"}\n"
    );
}

const MYVOL_INSPECT: &str = r#"[
    {
        "CreatedAt": "2025-03-10T10:00:00Z",
        "Driver": "local",
        "Labels": {},
        "Mountpoint": "/var/lib/docker/volumes/myvol/_data",
        "Name": "myvol",
        "Options": {},
        "Scope": "local"
    }
]
"#;

#[test]
fn inspect_a_created_volume() {
    let mut t = Term::new();
    t.run("docker volume create myvol");
    assert_eq!(t.run("docker volume inspect myvol"), MYVOL_INSPECT);
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker volume inspect -f '{{.Mountpoint}}' myvol"), "/var/lib/docker/volumes/myvol/_data\n");
    assert_eq!(
        t.run("docker volume inspect --format json myvol"),
        "[{\"CreatedAt\":\"2025-03-10T10:00:00Z\",\"Driver\":\"local\",\"Labels\":{},\"Mountpoint\":\"/var/lib/docker/volumes/myvol/_data\",\"Name\":\"myvol\",\"Options\":{},\"Scope\":\"local\"}]\n"
    );
}

#[test]
fn created_at_is_when_the_volume_was_made() {
    let mut t = Term::new();
    t.s.advance(3_723_000); // 1 h 2 min 3 s
    t.run("docker volume create tarde");
    assert_eq!(t.run("docker volume inspect -f '{{.CreatedAt}}' tarde"), "2025-03-10T11:02:03Z\n");
}

#[test]
fn inspect_shows_labels_and_driver_options() {
    let mut t = Term::new();
    let out = t.run("docker volume create --driver local --opt type=nfs --opt o=addr=10.0.0.10,rw,nfsvers=4 --opt device=:/export/dir --label equipo=redes nfsvol");
    assert_eq!(out, "nfsvol\n");
    assert_eq!(
        t.run("docker volume inspect nfsvol"),
        r#"[
    {
        "CreatedAt": "2025-03-10T10:00:00Z",
        "Driver": "local",
        "Labels": {
            "equipo": "redes"
        },
        "Mountpoint": "/var/lib/docker/volumes/nfsvol/_data",
        "Name": "nfsvol",
        "Options": {
            "device": ":/export/dir",
            "o": "addr=10.0.0.10,rw,nfsvers=4",
            "type": "nfs"
        },
        "Scope": "local"
    }
]
"#
    );
    assert_eq!(
        t.run("docker volume inspect -f '{{.Labels.equipo}} {{index .Options \"type\"}}' nfsvol"),
        "redes nfs\n"
    );
}

#[test]
fn volumes_made_by_run_print_null_labels_or_the_anonymous_label() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker run -d --name c1 -v datos:/datos -v /anon alpine sleep 1000");
    assert_eq!(t.run("docker volume inspect -f '{{json .Labels}} {{json .Options}}' datos"), "null null\n");
    let anon = t.anonymous_volumes();
    assert_eq!(anon.len(), 1);
    assert_eq!(
        t.run(&format!("docker volume inspect -f '{{{{json .Labels}}}} {{{{json .Options}}}}' {}", anon[0])),
        "{\"com.docker.volume.anonymous\":\"\"} null\n"
    );
}

#[test]
fn inspect_unknown_prints_empty_array_then_the_error() {
    let mut t = Term::new();
    assert_eq!(t.run("docker volume inspect datos"), "[]\nError response from daemon: get datos: no such volume\n");
    assert_eq!(t.status(), 1);
    t.run("docker volume create myvol");
    assert_eq!(
        t.run("docker volume inspect -f '{{.Name}}' nope myvol"),
        "myvol\nError response from daemon: get nope: no such volume\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker volume inspect -f '{{.Nope}}' myvol"),
        "\ntemplate parsing error: template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type volume.Volume\n"
    );
}

#[test]
fn create_errors() {
    let mut t = Term::new();
    assert_eq!(
        t.run("docker volume create a/b"),
        "Error response from daemon: create a/b: \"a/b\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path\n"
    );
    assert_eq!(t.status(), 1);
    assert_eq!(
        t.run("docker volume create x"),
        "Error response from daemon: create x: volume name is too short, names should be at least two alphanumeric characters\n"
    );
    assert_eq!(
        t.run("docker volume create -o color=rojo v1"),
        "Error response from daemon: create v1: invalid option: \"color\"\n"
    );
    assert_eq!(
        t.run("docker volume create -o type=nfs v1"),
        "Error response from daemon: create v1: missing required option: \"device\"\n"
    );
    assert_eq!(
        t.run("docker volume create -d vieux/sshfs -o sshcmd=user@host:/remote sshvol"),
        "Error response from daemon: create sshvol: error looking up volume plugin vieux/sshfs: plugin \"vieux/sshfs\" not found\n"
    );
    assert!(t.s.world().volumes().is_empty());
}

#[test]
fn rm_refuses_volumes_in_use_by_any_container() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker volume create datos");
    t.run("docker volume create libre");
    t.run("docker run -d --name corriendo -v datos:/datos alpine sleep 1000");
    t.run("docker create --name parado -v datos:/datos alpine");
    let out = t.run("docker volume rm datos libre nope");
    assert_eq!(
        out,
        format!(
            "libre\nError response from daemon: remove datos: volume is in use - [{}, {}]\nError response from daemon: get nope: no such volume\n",
            t.ctr_id("corriendo"),
            t.ctr_id("parado")
        )
    );
    assert_eq!(t.status(), 1);
    t.run("docker rm -f corriendo parado");
    assert_eq!(t.run("docker volume remove datos"), "datos\n");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker volume rm -f nope"), "nope\n");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker volume ls -q"), "");
}

#[test]
fn a_named_volume_is_shared_between_containers() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    assert_eq!(t.run("docker volume create myvol"), "myvol\n");
    assert_eq!(t.run("docker run --rm -v myvol:/data alpine sh -c 'echo hola > /data/x'"), "");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker run --rm -v myvol:/data alpine cat /data/x"), "hola\n");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker volume ls -q"), "myvol\n", "--rm removes only anonymous volumes");
}

#[test]
fn prune_removes_unused_anonymous_volumes_unless_all() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker volume create nombrado");
    t.run("docker run --name escritor -v /datos alpine sh -c 'echo hola > /datos/x'");
    t.run("docker rm escritor");
    let anon = t.anonymous_volumes();
    assert_eq!(anon.len(), 1);
    let warning = "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] ";
    assert_eq!(t.run("docker volume prune"), warning);
    assert_eq!(t.run("n"), "");
    assert_eq!(t.status(), 0);
    assert_eq!(t.run("docker volume prune"), warning);
    assert_eq!(t.run("y"), format!("Deleted Volumes:\n{}\n\nTotal reclaimed space: 5B\n", anon[0]));
    assert_eq!(t.run("docker volume ls -q"), "nombrado\n");
    assert_eq!(t.run("docker volume prune -f"), "Total reclaimed space: 0B\n");
    assert_eq!(
        t.run("docker volume prune -a"),
        "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue? [y/N] "
    );
    assert_eq!(t.run("y"), "Deleted Volumes:\nnombrado\n\nTotal reclaimed space: 0B\n");
    assert_eq!(t.run("docker volume ls -q"), "");
}

#[test]
fn prune_keeps_volumes_of_stopped_containers() {
    let mut t = Term::new();
    t.pull(&["alpine"]);
    t.run("docker run --name parado -v /datos alpine true");
    assert_eq!(t.run("docker volume prune -a -f"), "Total reclaimed space: 0B\n");
    assert_eq!(t.anonymous_volumes().len(), 1);
}

#[test]
fn help_comes_from_the_flag_table() {
    let mut t = Term::new();
    assert_eq!(
        t.run("docker volume create --help"),
        "\nUsage:  docker volume create [OPTIONS] [VOLUME]\n\nCreate a volume\n\nOptions:\n  -d, --driver string   Specify volume driver name (default \"local\")\n      --label list      Set metadata for a volume\n  -o, --opt map         Set driver specific options (default map[])\n"
    );
    assert_eq!(
        t.run("docker volume prune --help"),
        "\nUsage:  docker volume prune [OPTIONS]\n\nRemove unused local volumes\n\nOptions:\n  -a, --all             Remove all unused volumes, not just anonymous ones\n      --filter filter   Provide filter values (e.g. \"label=<label>\")\n  -f, --force           Do not prompt for confirmation\n"
    );
    let top = t.run("docker volume --help");
    assert!(top.contains("Commands:\n  create      Create a volume\n  inspect     Display detailed information on one or more volumes\n  ls          List volumes\n  prune       Remove unused local volumes\n  rm          Remove one or more volumes\n"), "{top}");
}
