//! Every `docker compose` command of Compose v2.40.3 as one cobra-shaped table:
//! usage line, description and flags (long name, shorthand, pflag's type word, help
//! text with pflag's `(default …)` suffix) exactly as `cmd/compose/*.go` declares them.
//! Written from docs/reference/docker_compose*.yaml, which Compose generates from those
//! flag sets, with the terminal-dependent defaults of `exec -T`/`run -T` as in a terminal
//! (false). Hidden and deprecated flags have no help text: parsed, never listed.
//! `--dry-run` (a persistent flag of the root) is listed in every command, as cobra does.
//! Data only; what runs lives in [`super::commands`] and its handlers.

use super::commands::ComposeCmd;
use crate::docker::args::{b, flag, v, FlagSpec, Kind};

/// The root command's own flags (`docker compose [OPTIONS] COMMAND`).
pub const ROOT: &[FlagSpec] = &[
    b("all-resources", None, "Include all resources, even those not used by services"),
    v(
        "ansi",
        None,
        "string",
        "Control when to print ANSI control characters (\"never\"|\"always\"|\"auto\") (default \"auto\")",
    ),
    b("compatibility", None, "Run compose in backward compatibility mode"),
    b("dry-run", None, "Execute command in dry run mode"),
    v("env-file", None, "stringArray", "Specify an alternate environment file"),
    v("file", Some('f'), "stringArray", "Compose configuration files"),
    flag("no-ansi", None, Kind::Bool),
    v("parallel", None, "int", "Control max parallelism, -1 for unlimited (default -1)"),
    v("profile", None, "stringArray", "Specify a profile to enable"),
    v("progress", None, "string", "Set type of progress output (auto, tty, plain, json, quiet)"),
    v(
        "project-directory",
        None,
        "string",
        "Specify an alternate working directory\n(default: the path of the, first specified, Compose file)",
    ),
    v("project-name", Some('p'), "string", "Project name"),
    flag("verbose", None, Kind::Bool),
    flag("version", Some('v'), Kind::Bool),
    flag("workdir", None, Kind::Value),
];

pub const ATTACH_FLAGS: &[FlagSpec] = &[
    v("detach-keys", None, "string", "Override the key sequence for detaching from a container."),
    v("index", None, "int", "index of the container if service has multiple replicas."),
    b("no-stdin", None, "Do not attach STDIN"),
    b("sig-proxy", None, "Proxy all received signals to the process (default true)"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const BRIDGE_FLAGS: &[FlagSpec] = &[b("dry-run", None, "Execute command in dry run mode")];

pub const BUILD_FLAGS: &[FlagSpec] = &[
    v("build-arg", None, "stringArray", "Set build-time variables for services"),
    v("builder", None, "string", "Set builder to use"),
    b("check", None, "Check build configuration"),
    flag("compress", None, Kind::Bool),
    flag("force-rm", None, Kind::Bool),
    v("memory", Some('m'), "bytes", "Set memory limit for the build container. Not supported by BuildKit."),
    b("no-cache", None, "Do not use cache when building the image"),
    flag("no-rm", None, Kind::Bool),
    flag("parallel", None, Kind::Bool),
    b("print", None, "Print equivalent bake file"),
    flag("progress", None, Kind::Value),
    v("provenance", None, "string", "Add a provenance attestation"),
    b("pull", None, "Always attempt to pull a newer version of the image"),
    b("push", None, "Push service images"),
    b("quiet", Some('q'), "Suppress the build output"),
    v("sbom", None, "string", "Add a SBOM attestation"),
    v(
        "ssh",
        None,
        "string",
        "Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)",
    ),
    b("with-dependencies", None, "Also build dependencies (transitively)"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const COMMIT_FLAGS: &[FlagSpec] = &[
    v("author", Some('a'), "string", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
    v("change", Some('c'), "list", "Apply Dockerfile instruction to the created image"),
    v("index", None, "int", "index of the container if service has multiple replicas."),
    v("message", Some('m'), "string", "Commit message"),
    b("pause", Some('p'), "Pause container during commit (default true)"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const CONFIG_FLAGS: &[FlagSpec] = &[
    b("environment", None, "Print environment used for interpolation."),
    v("format", None, "string", "Format the output. Values: [yaml | json]"),
    v("hash", None, "string", "Print the service config hash, one per line."),
    b("images", None, "Print the image names, one per line."),
    b("lock-image-digests", None, "Produces an override file with image digests"),
    b("models", None, "Print the model names, one per line."),
    b("networks", None, "Print the network names, one per line."),
    b("no-consistency", None, "Don't check model consistency - warning: may produce invalid Compose output"),
    b("no-env-resolution", None, "Don't resolve service env files"),
    b("no-interpolate", None, "Don't interpolate environment variables"),
    b("no-normalize", None, "Don't normalize compose model"),
    b("no-path-resolution", None, "Don't resolve file paths"),
    v("output", Some('o'), "string", "Save to file (default to stdout)"),
    b("profiles", None, "Print the profile names, one per line."),
    b("quiet", Some('q'), "Only validate the configuration, don't print anything"),
    b("resolve-image-digests", None, "Pin image tags to digests"),
    b("services", None, "Print the service names, one per line."),
    b("variables", None, "Print model variables and default values."),
    b("volumes", None, "Print the volume names, one per line."),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const CP_FLAGS: &[FlagSpec] = &[
    b("all", None, "Include containers created by the run command"),
    b("archive", Some('a'), "Archive mode (copy all uid/gid information)"),
    b("follow-link", Some('L'), "Always follow symbol link in SRC_PATH"),
    v("index", None, "int", "Index of the container if service has multiple replicas"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const CREATE_FLAGS: &[FlagSpec] = &[
    b("build", None, "Build images before starting containers"),
    b("force-recreate", None, "Recreate containers even if their configuration and image haven't changed"),
    b("no-build", None, "Don't build an image, even if it's policy"),
    b("no-recreate", None, "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
    v(
        "pull",
        None,
        "string",
        "Pull image before running (\"always\"|\"missing\"|\"never\"|\"build\") (default \"policy\")",
    ),
    b("quiet-pull", None, "Pull without printing progress information"),
    b("remove-orphans", None, "Remove containers for services not defined in the Compose file"),
    v(
        "scale",
        None,
        "scale",
        "Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present.",
    ),
    b("yes", Some('y'), "Assume \"yes\" as answer to all prompts and run non-interactively"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const DOWN_FLAGS: &[FlagSpec] = &[
    b("remove-orphans", None, "Remove containers for services not defined in the Compose file"),
    v("rmi", None, "string", "Remove images used by services. \"local\" remove only images that don't have a custom tag (\"local\"|\"all\")"),
    v("timeout", Some('t'), "int", "Specify a shutdown timeout in seconds"),
    b("volumes", Some('v'), "Remove named volumes declared in the \"volumes\" section of the Compose file and anonymous volumes attached to containers"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const EVENTS_FLAGS: &[FlagSpec] = &[
    b("json", None, "Output events as a stream of json objects"),
    v("since", None, "string", "Show all events created since timestamp"),
    v("until", None, "string", "Stream events until this timestamp"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const EXEC_FLAGS: &[FlagSpec] = &[
    b("detach", Some('d'), "Detached mode: Run command in the background"),
    v("env", Some('e'), "stringArray", "Set environment variables"),
    v("index", None, "int", "Index of the container if service has multiple replicas"),
    flag("interactive", Some('i'), Kind::Bool),
    b("no-tty", Some('T'), "Disable pseudo-TTY allocation. By default 'docker compose exec' allocates a TTY."),
    b("privileged", None, "Give extended privileges to the process"),
    flag("tty", Some('t'), Kind::Bool),
    v("user", Some('u'), "string", "Run the command as this user"),
    v("workdir", Some('w'), "string", "Path to workdir directory for this command"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const EXPORT_FLAGS: &[FlagSpec] = &[
    v("index", None, "int", "index of the container if service has multiple replicas."),
    v("output", Some('o'), "string", "Write to a file, instead of STDOUT"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const IMAGES_FLAGS: &[FlagSpec] = &[
    v("format", None, "string", "Format the output. Values: [table | json] (default \"table\")"),
    b("quiet", Some('q'), "Only display IDs"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const KILL_FLAGS: &[FlagSpec] = &[
    b("remove-orphans", None, "Remove containers for services not defined in the Compose file"),
    v("signal", Some('s'), "string", "SIGNAL to send to the container (default \"SIGKILL\")"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const LOGS_FLAGS: &[FlagSpec] = &[
    b("follow", Some('f'), "Follow log output"),
    v("index", None, "int", "index of the container if service has multiple replicas"),
    b("no-color", None, "Produce monochrome output"),
    b("no-log-prefix", None, "Don't print prefix in logs"),
    v(
        "since",
        None,
        "string",
        "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
    ),
    v(
        "tail",
        Some('n'),
        "string",
        "Number of lines to show from the end of the logs for each container (default \"all\")",
    ),
    b("timestamps", Some('t'), "Show timestamps"),
    v(
        "until",
        None,
        "string",
        "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
    ),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const LS_FLAGS: &[FlagSpec] = &[
    b("all", Some('a'), "Show all stopped Compose projects"),
    v("filter", None, "filter", "Filter output based on conditions provided"),
    v("format", None, "string", "Format the output. Values: [table | json] (default \"table\")"),
    b("quiet", Some('q'), "Only display project names"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const PAUSE_FLAGS: &[FlagSpec] = &[b("dry-run", None, "Execute command in dry run mode")];

pub const PORT_FLAGS: &[FlagSpec] = &[
    v("index", None, "int", "Index of the container if service has multiple replicas"),
    v("protocol", None, "string", "tcp or udp (default \"tcp\")"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const PS_FLAGS: &[FlagSpec] = &[
    b("all", Some('a'), "Show all stopped containers (including those created by the run command)"),
    v("filter", None, "string", "Filter services by a property (supported filters: status)"),
    v("format", None, "string", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates (default \"table\")"),
    b("no-trunc", None, "Don't truncate output"),
    b("orphans", None, "Include orphaned services (not declared by project) (default true)"),
    b("quiet", Some('q'), "Only display IDs"),
    b("services", None, "Display services"),
    v("status", None, "stringArray", "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const PUBLISH_FLAGS: &[FlagSpec] = &[
    b("app", None, "Published compose application (includes referenced images)"),
    v("oci-version", None, "string", "OCI image/artifact specification version (automatically determined by default)"),
    b("resolve-image-digests", None, "Pin image tags to digests"),
    b("with-env", None, "Include environment variables in the published OCI artifact"),
    b("yes", Some('y'), "Assume \"yes\" as answer to all prompts"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const PULL_FLAGS: &[FlagSpec] = &[
    b("ignore-buildable", None, "Ignore images that can be built"),
    b("ignore-pull-failures", None, "Pull what it can and ignores images with pull failures"),
    b("include-deps", None, "Also pull services declared as dependencies"),
    flag("no-parallel", None, Kind::Bool),
    flag("parallel", None, Kind::Bool),
    v("policy", None, "string", "Apply pull policy (\"missing\"|\"always\")"),
    b("quiet", Some('q'), "Pull without printing progress information"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const PUSH_FLAGS: &[FlagSpec] = &[
    b("ignore-push-failures", None, "Push what it can and ignores images with push failures"),
    b("include-deps", None, "Also push images of services declared as dependencies"),
    b("quiet", Some('q'), "Push without printing progress information"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const RESTART_FLAGS: &[FlagSpec] = &[
    b("no-deps", None, "Don't restart dependent services"),
    v("timeout", Some('t'), "int", "Specify a shutdown timeout in seconds"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const RM_FLAGS: &[FlagSpec] = &[
    flag("all", Some('a'), Kind::Bool),
    b("force", Some('f'), "Don't ask to confirm removal"),
    b("stop", Some('s'), "Stop the containers, if required, before removing"),
    b("volumes", Some('v'), "Remove any anonymous volumes attached to containers"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const RUN_FLAGS: &[FlagSpec] = &[
    b("build", None, "Build image before starting container"),
    v("cap-add", None, "list", "Add Linux capabilities"),
    v("cap-drop", None, "list", "Drop Linux capabilities"),
    b("detach", Some('d'), "Run container in background and print container ID"),
    v("entrypoint", None, "string", "Override the entrypoint of the image"),
    v("env", Some('e'), "stringArray", "Set environment variables"),
    v("env-from-file", None, "stringArray", "Set environment variables from file"),
    b("interactive", Some('i'), "Keep STDIN open even if not attached (default true)"),
    v("label", Some('l'), "stringArray", "Add or override a label"),
    v("name", None, "string", "Assign a name to the container"),
    b("no-TTY", Some('T'), "Disable pseudo-TTY allocation (default: auto-detected)"),
    b("no-deps", None, "Don't start linked services"),
    v("publish", Some('p'), "stringArray", "Publish a container's port(s) to the host"),
    v("pull", None, "string", "Pull image before running (\"always\"|\"missing\"|\"never\") (default \"policy\")"),
    b("quiet", Some('q'), "Don't print anything to STDOUT"),
    b("quiet-build", None, "Suppress progress output from the build process"),
    b("quiet-pull", None, "Pull without printing progress information"),
    b("remove-orphans", None, "Remove containers for services not defined in the Compose file"),
    b("rm", None, "Automatically remove the container when it exits"),
    b("service-ports", Some('P'), "Run command with all service's ports enabled and mapped to the host"),
    flag("tty", Some('t'), Kind::Bool),
    b("use-aliases", None, "Use the service's network useAliases in the network(s) the container connects to"),
    v("user", Some('u'), "string", "Run as specified username or uid"),
    v("volume", Some('v'), "stringArray", "Bind mount a volume"),
    v("workdir", Some('w'), "string", "Working directory inside the container"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const SCALE_FLAGS: &[FlagSpec] =
    &[b("no-deps", None, "Don't start linked services"), b("dry-run", None, "Execute command in dry run mode")];

pub const START_FLAGS: &[FlagSpec] = &[b("dry-run", None, "Execute command in dry run mode")];

pub const STATS_FLAGS: &[FlagSpec] = &[
    b("all", Some('a'), "Show all containers (default shows just running)"),
    v("format", None, "string", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/engine/cli/formatting/ for more information about formatting output with templates"),
    b("no-stream", None, "Disable streaming stats and only pull the first result"),
    b("no-trunc", None, "Do not truncate output"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const STOP_FLAGS: &[FlagSpec] = &[
    v("timeout", Some('t'), "int", "Specify a shutdown timeout in seconds"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const TOP_FLAGS: &[FlagSpec] = &[b("dry-run", None, "Execute command in dry run mode")];

pub const UNPAUSE_FLAGS: &[FlagSpec] = &[b("dry-run", None, "Execute command in dry run mode")];

pub const UP_FLAGS: &[FlagSpec] = &[
    b("abort-on-container-exit", None, "Stops all containers if any container was stopped. Incompatible with -d"),
    b("abort-on-container-failure", None, "Stops all containers if any container exited with failure. Incompatible with -d"),
    b("always-recreate-deps", None, "Recreate dependent containers. Incompatible with --no-recreate."),
    v("attach", None, "stringArray", "Restrict attaching to the specified services. Incompatible with --attach-dependencies."),
    b("attach-dependencies", None, "Automatically attach to log output of dependent services"),
    b("build", None, "Build images before starting containers"),
    b("detach", Some('d'), "Detached mode: Run containers in the background"),
    v("exit-code-from", None, "string", "Return the exit code of the selected service container. Implies --abort-on-container-exit"),
    b("force-recreate", None, "Recreate containers even if their configuration and image haven't changed"),
    b("menu", None, "Enable interactive shortcuts when running attached. Incompatible with --detach. Can also be enable/disable by setting COMPOSE_MENU environment var."),
    v("no-attach", None, "stringArray", "Do not attach (stream logs) to the specified services"),
    b("no-build", None, "Don't build an image, even if it's policy"),
    b("no-color", None, "Produce monochrome output"),
    b("no-deps", None, "Don't start linked services"),
    b("no-log-prefix", None, "Don't print prefix in logs"),
    b("no-recreate", None, "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
    b("no-start", None, "Don't start the services after creating them"),
    v("pull", None, "string", "Pull image before running (\"always\"|\"missing\"|\"never\") (default \"policy\")"),
    b("quiet-build", None, "Suppress the build output"),
    b("quiet-pull", None, "Pull without printing progress information"),
    b("remove-orphans", None, "Remove containers for services not defined in the Compose file"),
    b("renew-anon-volumes", Some('V'), "Recreate anonymous volumes instead of retrieving data from the previous containers"),
    v("scale", None, "scale", "Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present."),
    v("timeout", Some('t'), "int", "Use this timeout in seconds for container shutdown when attached or when containers are already running"),
    b("timestamps", None, "Show timestamps"),
    b("wait", None, "Wait for services to be running|healthy. Implies detached mode."),
    v("wait-timeout", None, "int", "Maximum duration in seconds to wait for the project to be running|healthy"),
    b("watch", Some('w'), "Watch source code and rebuild/refresh containers when files are updated."),
    b("yes", Some('y'), "Assume \"yes\" as answer to all prompts and run non-interactively"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const VERSION_FLAGS: &[FlagSpec] = &[
    v("format", Some('f'), "string", "Format the output. Values: [pretty | json]. (Default: pretty)"),
    b("short", None, "Shows only Compose's version number"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const VOLUMES_FLAGS: &[FlagSpec] = &[
    v("format", None, "string", "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates (default \"table\")"),
    b("quiet", Some('q'), "Only display volume names"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const WAIT_FLAGS: &[FlagSpec] = &[
    b("down-project", None, "Drops project when the first container stops"),
    b("dry-run", None, "Execute command in dry run mode"),
];

pub const WATCH_FLAGS: &[FlagSpec] = &[
    b("no-up", None, "Do not build & start services before watching"),
    b("prune", None, "Prune dangling images on rebuild (default true)"),
    b("quiet", None, "hide build output"),
    b("dry-run", None, "Execute command in dry run mode"),
];

/// The subcommands, by name (cobra sorts them so; `alpha` is hidden and left out).
pub const COMMANDS: &[ComposeCmd] = &[
    ComposeCmd { path: "compose attach", aliases: &[], usage: "compose attach [OPTIONS] SERVICE", short: "Attach local standard input, output, and error streams to a service's running container", flags: ATTACH_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose bridge", aliases: &[], usage: "compose bridge CMD [OPTIONS]", short: "Convert compose files into another model", flags: BRIDGE_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose build", aliases: &[], usage: "compose build [OPTIONS] [SERVICE...]", short: "Build or rebuild services", flags: BUILD_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose commit", aliases: &[], usage: "compose commit [OPTIONS] SERVICE [REPOSITORY[:TAG]]", short: "Create a new image from a service container's changes", flags: COMMIT_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose config", aliases: &[], usage: "compose config [OPTIONS] [SERVICE...]", short: "Parse, resolve and render compose file in canonical format", flags: CONFIG_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: crate::docker::compose_config },
    ComposeCmd { path: "compose cp", aliases: &[], usage: "compose cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tdocker compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH", short: "Copy files/folders between a service container and the local filesystem", flags: CP_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose create", aliases: &[], usage: "compose create [OPTIONS] [SERVICE...]", short: "Creates containers for a service", flags: CREATE_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose down", aliases: &[], usage: "compose down [OPTIONS] [SERVICES]", short: "Stop and remove containers, networks", flags: DOWN_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose events", aliases: &[], usage: "compose events [OPTIONS] [SERVICE...]", short: "Receive real time events from containers", flags: EVENTS_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose exec", aliases: &[], usage: "compose exec [OPTIONS] SERVICE COMMAND [ARGS...]", short: "Execute a command in a running container", flags: EXEC_FLAGS, stop_at_first_arg: true, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose export", aliases: &[], usage: "compose export [OPTIONS] SERVICE", short: "Export a service container's filesystem as a tar archive", flags: EXPORT_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose images", aliases: &[], usage: "compose images [OPTIONS] [SERVICE...]", short: "List images used by the created containers", flags: IMAGES_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose kill", aliases: &[], usage: "compose kill [OPTIONS] [SERVICE...]", short: "Force stop service containers", flags: KILL_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose logs", aliases: &[], usage: "compose logs [OPTIONS] [SERVICE...]", short: "View output from containers", flags: LOGS_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose ls", aliases: &[], usage: "compose ls [OPTIONS]", short: "List running compose projects", flags: LS_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::ls },
    ComposeCmd { path: "compose pause", aliases: &[], usage: "compose pause [SERVICE...]", short: "Pause services", flags: PAUSE_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose port", aliases: &[], usage: "compose port [OPTIONS] SERVICE PRIVATE_PORT", short: "Print the public port for a port binding", flags: PORT_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose ps", aliases: &[], usage: "compose ps [OPTIONS] [SERVICE...]", short: "List containers", flags: PS_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose publish", aliases: &[], usage: "compose publish [OPTIONS] REPOSITORY[:TAG]", short: "Publish compose application", flags: PUBLISH_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose pull", aliases: &[], usage: "compose pull [OPTIONS] [SERVICE...]", short: "Pull service images", flags: PULL_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose push", aliases: &[], usage: "compose push [OPTIONS] [SERVICE...]", short: "Push service images", flags: PUSH_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose restart", aliases: &[], usage: "compose restart [OPTIONS] [SERVICE...]", short: "Restart service containers", flags: RESTART_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose rm", aliases: &[], usage: "compose rm [OPTIONS] [SERVICE...]", short: "Removes stopped service containers", flags: RM_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose run", aliases: &[], usage: "compose run [OPTIONS] SERVICE [COMMAND] [ARGS...]", short: "Run a one-off command on a service", flags: RUN_FLAGS, stop_at_first_arg: true, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose scale", aliases: &[], usage: "compose scale [SERVICE=REPLICAS...]", short: "Scale services ", flags: SCALE_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose start", aliases: &[], usage: "compose start [SERVICE...]", short: "Start services", flags: START_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose stats", aliases: &[], usage: "compose stats [OPTIONS] [SERVICE]", short: "Display a live stream of container(s) resource usage statistics", flags: STATS_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose stop", aliases: &[], usage: "compose stop [OPTIONS] [SERVICE...]", short: "Stop services", flags: STOP_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose top", aliases: &[], usage: "compose top [SERVICES...]", short: "Display the running processes", flags: TOP_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose unpause", aliases: &[], usage: "compose unpause [SERVICE...]", short: "Unpause services", flags: UNPAUSE_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose up", aliases: &[], usage: "compose up [OPTIONS] [SERVICE...]", short: "Create and start containers", flags: UP_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::cli::run_sub },
    ComposeCmd { path: "compose version", aliases: &[], usage: "compose version [OPTIONS]", short: "Show the Docker Compose version information", flags: VERSION_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::version },
    ComposeCmd { path: "compose volumes", aliases: &[], usage: "compose volumes [OPTIONS] [SERVICE...]", short: "List volumes", flags: VOLUMES_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose wait", aliases: &[], usage: "compose wait SERVICE [SERVICE...] [OPTIONS]", short: "Block until containers of all (or specified) services stop.", flags: WAIT_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
    ComposeCmd { path: "compose watch", aliases: &[], usage: "compose watch [SERVICE...]", short: "Watch build context for service and rebuild/refresh containers when files are updated", flags: WATCH_FLAGS, stop_at_first_arg: false, min_args: 0, max_args: None, run: super::commands::not_simulated },
];

/// Commands with subcommands of their own: cobra lists them under "Management Commands".
pub const MANAGEMENT: &[&str] = &["bridge"];

/// The one `Long` description among the listed commands (`cmd/compose/remove.go`):
/// docker/cli's template prints it instead of the `Short` in `--help`.
pub const LONG: &[(&str, &str)] = &[(
    "rm",
    "Removes stopped service containers\n\nBy default, anonymous volumes attached to containers will not be removed. You\ncan override this with -v. To list all volumes, use \"docker volume ls\".\n\nAny data which is not in a volume will be lost.",
)];
