//! The daemon's refusals are typed values whose `Display` is Docker Engine 28.2's text after
//! `Error response from daemon: `, byte for byte: the strings the daemon's methods and the
//! docker CLI built before the errors were typed (the golden transcripts check them in context).

use sim_host::world::container::{
    InvalidRestartPolicy, MountConfigProblem, MountError, RestartFormatError, RestartPolicy, RestartPolicyError,
};
use sim_host::world::image::{PullError, RefError};
use sim_host::world::image_store::ConflictReason;
use sim_host::world::{
    ContainerError, CreateError, ImageError, KillError, LocalVolumeError, NetworkError, RemoveBlock, RestartError,
    StartError, Update, UpdateConflict, UpdateError, VolumeError,
};

fn s(x: &str) -> String {
    x.to_string()
}

const ID: &str = "4f2a9c0e1b7d3a5c6e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d";

#[test]
fn container_errors_print_the_daemons_words() {
    let id = s(ID);
    let cases: Vec<(ContainerError, String)> = vec![
        (ContainerError::NoSuchContainer, s("No such container")),
        (ContainerError::NotRunning { id: id.clone() }, format!("container {ID} is not running")),
        (
            ContainerError::Restarting { id: id.clone() },
            format!("Container {ID} is restarting, wait until the container is running"),
        ),
        (ContainerError::AlreadyPaused { id: id.clone() }, format!("Container {ID} is already paused")),
        (ContainerError::NotPaused { id: id.clone() }, format!("Container {ID} is not paused")),
        (
            ContainerError::PausedExec { id: id.clone() },
            format!("Container {ID} is paused, unpause the container before exec"),
        ),
        (
            ContainerError::InvalidName { name: s("-web") },
            s("Invalid container name (-web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
        ),
        (
            ContainerError::NameInUse { name: s("web"), id },
            format!("Error when allocating new name: Conflict. The container name \"/web\" is already in use by container \"{ID}\". You have to remove (or rename) that container to be able to reuse that name."),
        ),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
    let more: Vec<(ContainerError, &str)> = vec![
        (ContainerError::NotFound { reference: s("web") }, "No such container: web"),
        (ContainerError::Ambiguous { reference: s("4f") }, "multiple IDs found with provided prefix: 4f"),
        (
            ContainerError::RemoveActive { name: s("web"), why: RemoveBlock::Paused },
            "cannot remove container \"/web\": container is paused and must be unpaused first",
        ),
        (
            ContainerError::RemoveActive { name: s("web"), why: RemoveBlock::Restarting },
            "cannot remove container \"/web\": container is restarting: stop the container before removing or force remove",
        ),
        (
            ContainerError::RemoveActive { name: s("web"), why: RemoveBlock::Running },
            "cannot remove container \"/web\": container is running: stop the container before removing or force remove",
        ),
    ];
    for (e, text) in more {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
    let cli: Vec<(ContainerError, &str)> = vec![
        (ContainerError::InvalidSignal { signal: s("SIGFOO") }, "Invalid signal: SIGFOO"),
        (
            ContainerError::FileNotFound { path: s("/nope.txt"), container: s("web") },
            "Could not find the file /nope.txt in container web",
        ),
    ];
    for (e, text) in cli {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
    // The router's and `restart`'s wrappings of the errors beneath.
    let kill = KillError { name: s("web"), why: ContainerError::NotRunning { id: s(ID) } };
    assert_eq!(kill.to_string(), format!("cannot kill container: web: container {ID} is not running"));
    let kill = KillError { name: s("nope"), why: ContainerError::NotFound { reference: s("nope") } };
    assert_eq!(kill.to_string(), "cannot kill container: nope: No such container: nope");
    let restart = RestartError { name: s("web"), why: StartError::Paused };
    assert_eq!(
        restart.to_string(),
        "Cannot restart container web: cannot start a paused container, try unpause instead"
    );
}

#[test]
fn image_errors_print_the_daemons_words() {
    let cases: Vec<(ImageError, &str)> = vec![
        (ImageError::NotFound { reference: s("nginx:1.99") }, "No such image: nginx:1.99"),
        (ImageError::Reference(RefError::Invalid), "invalid reference format"),
        (
            ImageError::Reference(RefError::Uppercase(s("library/Nginx"))),
            "invalid reference format: repository name (library/Nginx) must be lowercase",
        ),
        (
            ImageError::Pull(PullError::RepoNotFound { repo: s("ngnix") }),
            "pull access denied for ngnix, repository does not exist or may require 'docker login': denied: requested access to the resource is denied",
        ),
        (
            ImageError::Pull(PullError::TagNotFound { reference: s("nginx:9.9") }),
            "manifest for nginx:9.9 not found: manifest unknown: manifest unknown",
        ),
        (
            ImageError::Conflict {
                id: s("a6bd71f48f68"),
                hard: true,
                why: ConflictReason::RunningContainer(s("0123456789ab")),
            },
            "conflict: unable to delete a6bd71f48f68 (cannot be forced) - image is being used by running container 0123456789ab",
        ),
        (
            ImageError::Conflict {
                id: s("a6bd71f48f68"),
                hard: false,
                why: ConflictReason::StoppedContainer(s("0123456789ab")),
            },
            "conflict: unable to delete a6bd71f48f68 (must be forced) - image is being used by stopped container 0123456789ab",
        ),
        (
            ImageError::Conflict { id: s("a6bd71f48f68"), hard: false, why: ConflictReason::MultipleRepositories },
            "conflict: unable to delete a6bd71f48f68 (must be forced) - image is referenced in multiple repositories",
        ),
        (
            ImageError::ReferenceInUse {
                reference: s("nginx:latest"),
                container: s("0123456789ab"),
                id: s("a6bd71f48f68"),
            },
            "conflict: unable to remove repository reference \"nginx:latest\" (must force) - container 0123456789ab is using its referenced image a6bd71f48f68",
        ),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
}

#[test]
fn volume_errors_print_the_daemons_words() {
    let local = |why| VolumeError::Local { name: s("d"), why };
    let cases: Vec<(VolumeError, &str)> = vec![
        (VolumeError::NotFound { name: s("data") }, "get data: no such volume"),
        (
            VolumeError::InUse { name: s("data"), ids: vec![s("abc"), s("def")] },
            "remove data: volume is in use - [abc, def]",
        ),
        (
            VolumeError::NameTaken { name: s("data"), driver: s("local") },
            "create data: driver 'local' already has volume 'data': volume name must be unique",
        ),
        (
            VolumeError::NoPlugin { name: s("data"), driver: s("nfs") },
            "create data: error looking up volume plugin nfs: plugin \"nfs\" not found",
        ),
        (
            local(LocalVolumeError::NameTooShort),
            "create d: volume name is too short, names should be at least two alphanumeric characters",
        ),
        (
            VolumeError::Local { name: s("a b"), why: LocalVolumeError::InvalidName { name: s("a b") } },
            "create a b: \"a b\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
        ),
        (local(LocalVolumeError::InvalidOption { key: s("color") }), "create d: invalid option: \"color\""),
        (local(LocalVolumeError::NoQuota), "create d: quota size requested but no quota support"),
        (local(LocalVolumeError::MissingOption { key: "device" }), "create d: missing required option: \"device\""),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
}

#[test]
fn create_and_start_errors_print_the_daemons_words() {
    let create: Vec<(CreateError, &str)> = vec![
        (
            CreateError::NameInUse { name: s("web"), id: s(ID) },
            "Conflict. The container name \"/web\" is already in use by container \"4f2a9c0e1b7d3a5c6e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d\". You have to remove (or rename) that container to be able to reuse that name.",
        ),
        (
            CreateError::InvalidName(s("-web")),
            "Invalid container name (-web), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
        ),
        (CreateError::NetworkNotFound(s("red")), "network red not found"),
        (CreateError::NoSuchImage, "No such image"),
        (
            CreateError::Endpoint(NetworkError::AliasOnPredefined),
            "network-scoped alias is supported only for containers in user defined networks",
        ),
        (
            CreateError::Endpoint(NetworkError::IpOnDefaultBridge),
            "user specified IP address is supported on user defined networks only",
        ),
        (
            CreateError::Endpoint(NetworkError::IpWithoutUserSubnet),
            "user specified IP address is supported only when connecting to networks with user configured subnets",
        ),
        (
            CreateError::ConflictingNetworkModes,
            "conflicting options: cannot attach both user-defined and non-user-defined network-modes",
        ),
        (CreateError::MemoryTooLow, "Minimum memory limit allowed is 6MB"),
        (
            CreateError::RelativeWorkdir { dir: s("app") },
            "the working directory 'app' is invalid, it needs to be an absolute path",
        ),
    ];
    for (e, text) in create {
        assert_eq!(e.to_string(), text, "{e:?}");
        assert_eq!(e.message(), text, "{e:?}");
    }
    let start: Vec<(StartError, &str, i32)> = vec![
        (StartError::NoSuchContainer, "No such container", 1),
        (StartError::Paused, "cannot start a paused container, try unpause instead", 1),
        (
            StartError::SubpathMissing { path: s("/var/lib/docker/volumes/data/_data/sub") },
            "cannot access path /var/lib/docker/volumes/data/_data/sub: no such file or directory",
            125,
        ),
        (
            StartError::Runc {
                runc: s("error during container init: exec: \"nope\": executable file not found in $PATH"),
            },
            "failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: \"nope\": executable file not found in $PATH: unknown",
            127,
        ),
        (
            StartError::PortAllocated { container: s("web"), endpoint: s("ab12"), ip: s("0.0.0.0"), port: 8080 },
            "failed to set up container networking: driver failed programming external connectivity on endpoint web (ab12): Bind for 0.0.0.0:8080 failed: port is already allocated",
            125,
        ),
    ];
    for (e, text, code) in start {
        assert_eq!(e.to_string(), text, "{e:?}");
        assert_eq!(e.code(), code, "{e:?}");
    }
}

#[test]
fn update_errors_print_the_daemons_words() {
    let cases: Vec<(UpdateError, String)> = vec![
        (UpdateError::MemoryBelowMinimum, s("Minimum memory limit allowed is 6MB")),
        (UpdateError::SwapBelowMemory, s("Minimum memoryswap limit should be larger than memory limit, see usage")),
        (UpdateError::TooManyCpus { cpus: 4 }, s("range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available")),
        (
            UpdateError::RestartPolicy(InvalidRestartPolicy::Unknown { name: s("sometimes") }),
            s("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"),
        ),
        (UpdateError::NotFound { reference: s("web") }, s("No such container: web")),
        (
            UpdateError::Conflict { id: s(ID), why: UpdateConflict::MemoryAboveSwap },
            format!("Cannot update container {ID}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time"),
        ),
        (
            UpdateError::Conflict { id: s(ID), why: UpdateConflict::AutoRemove },
            format!("Cannot update container {ID}: Restart policy cannot be updated because AutoRemove is enabled for the container"),
        ),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
    // `verify` gives the checks that need no container, in moby's order.
    let mb = 1024 * 1024;
    let verify = |memory: u64, memory_swap: i64, nano_cpus: u64| {
        Update { restart: None, memory, memory_swap, nano_cpus }.verify()
    };
    assert_eq!(verify(5 * mb, 0, 0), Err(UpdateError::MemoryBelowMinimum));
    assert_eq!(verify(64 * mb, 32 * mb as i64, 0), Err(UpdateError::SwapBelowMemory));
    assert_eq!(verify(64 * mb, -1, 5_000_000_000), Err(UpdateError::TooManyCpus { cpus: 4 }));
    assert_eq!(verify(64 * mb, 128 * mb as i64, 4_000_000_000), Ok(()));
}

#[test]
fn restart_policy_errors_print_the_cli_and_daemon_words() {
    let cases: Vec<(&str, RestartPolicyError, &str)> = vec![
        (
            ":3",
            RestartPolicyError::Format(RestartFormatError::NoPolicy),
            "invalid restart policy format: no policy provided before colon",
        ),
        (
            "on-failure:x",
            RestartPolicyError::Format(RestartFormatError::RetryNotInteger),
            "invalid restart policy format: maximum retry count must be an integer",
        ),
        (
            "always:2",
            RestartPolicyError::Invalid(InvalidRestartPolicy::RetryWithoutOnFailure { negative: false }),
            "Error response from daemon: invalid restart policy: maximum retry count can only be used with 'on-failure'",
        ),
        (
            "no:-1",
            RestartPolicyError::Invalid(InvalidRestartPolicy::RetryWithoutOnFailure { negative: true }),
            "Error response from daemon: invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative",
        ),
        (
            "on-failure:-2",
            RestartPolicyError::Invalid(InvalidRestartPolicy::NegativeRetry),
            "Error response from daemon: invalid restart policy: maximum retry count cannot be negative",
        ),
        (
            "sometimes",
            RestartPolicyError::Invalid(InvalidRestartPolicy::Unknown { name: s("sometimes") }),
            "Error response from daemon: invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
        ),
    ];
    for (value, e, text) in cases {
        assert_eq!(RestartPolicy::parse(value), Err(e.clone()), "{value}");
        assert_eq!(e.message(), text, "{e:?}");
    }
    assert_eq!(RestartPolicy::parse("on-failure:3"), Ok(RestartPolicy::OnFailure(3)));
}

#[test]
fn mount_errors_print_the_daemons_words() {
    let cases: Vec<(MountError, &str)> = vec![
        (MountError::Spec { spec: s("a:b:c:d"), why: None }, "invalid volume specification: 'a:b:c:d'"),
        (
            MountError::Spec { spec: s("data:app"), why: Some(MountConfigProblem::NotAbsolute { path: s("app") }) },
            "invalid volume specification: 'data:app': invalid mount config for type \"volume\": invalid mount path: 'app' mount path must be absolute",
        ),
        (MountError::InvalidMode { mode: s("ro,rw") }, "invalid mode: ro,rw"),
        (
            MountError::Config(MountConfigProblem::SourceRequired),
            "invalid mount config for type \"bind\": field Source must not be empty",
        ),
        (
            MountError::Config(MountConfigProblem::BindSourceMissing { path: s("/home/alumno/nope") }),
            "invalid mount config for type \"bind\": bind source path does not exist: /home/alumno/nope",
        ),
        (
            MountError::Config(MountConfigProblem::SubpathAnonymous),
            "invalid mount config for type \"volume\": must not set Subpath when using anonymous volumes",
        ),
        (
            MountError::Config(MountConfigProblem::SubpathNotLocal),
            "invalid mount config for type \"volume\": subpath must be a relative path within the volume",
        ),
        (
            MountError::Volume(VolumeError::Local {
                name: s("my vol"),
                why: LocalVolumeError::InvalidName { name: s("my vol") },
            }),
            "create my vol: \"my vol\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
        ),
        (MountError::EmptyVolumesFrom, "volumes-from specification cannot be an empty string"),
        (
            MountError::Container(ContainerError::NotFound { reference: s("db") }),
            "No such container: db",
        ),
    ];
    for (e, text) in cases {
        assert_eq!(e.to_string(), text, "{e:?}");
    }
}
