//! The compose model's shape as data, generated from compose-go v2.9.1
//! (`types/*.go`: field order and Go types, which decide how `docker compose
//! config` prints each value) and the compose-spec JSON schema built into
//! Compose v2.40 (which keys are allowed, and which YAML kinds each takes).
//! One table drives validation (unknown keys, wrong kinds), rendering
//! (key order, Go's omitempty rules, JSON vs YAML differences) and the typed
//! view, so the three cannot disagree.
//!
//! Regenerate by reading those two sources; do not edit entries by hand
//! unless compose-go's structs change.

/// Bits of [`F::kinds`]: which YAML kinds the schema allows for a key.
pub const K_STR: u8 = 1;
pub const K_NUM: u8 = 2;
pub const K_INT: u8 = 4;
pub const K_BOOL: u8 = 8;
pub const K_ARR: u8 = 16;
pub const K_OBJ: u8 = 32;
pub const K_NULL: u8 = 64;
pub const K_ANY: u8 = 127;

/// A Go type of compose-go's model, as far as printing it is concerned.
#[derive(Debug)]
pub enum Ty {
    Str,
    Int,
    Float,
    Bool,
    /// `time.Duration`-based: printed like Go (`1m30s`).
    Dur,
    /// `UnitBytes`: a byte count printed as a quoted number.
    Bytes,
    /// `ShellCommand`: a string is split into words; JSON prints `null` when unset.
    Cmd,
    StrList,
    /// `StringOrNumberList`: every item printed as a string.
    NumList,
    /// `map[string]string`-like (labels, options…): values printed as strings.
    Mapping,
    /// `MappingWithEquals` (environment, build args): values may be null.
    MapEq,
    /// `HostsList` (extra_hosts): printed as a sorted `host=ip` list.
    Hosts,
    Ssh,
    /// `MultiOptions`: every value printed as a list of strings.
    MultiOpts,
    EnvFiles,
    Ulimit,
    /// `FileMode`: printed in octal as a string (`"0440"`).
    Mode,
    /// Printed as it is (maps with sorted keys).
    Any,
    /// A pointer: printed even when its value is zero.
    Opt(&'static Ty),
    Struct(&'static Obj),
    List(&'static Ty),
    Map(&'static Ty),
}

/// How a field is printed in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum J {
    /// `json:",omitempty"`
    Omit,
    /// always printed (`json:"command"`)
    Keep,
    /// never printed (`json:"-"`)
    Skip,
}

#[derive(Debug)]
pub struct F {
    pub key: &'static str,
    pub ty: Ty,
    /// `yaml:",omitempty"`
    pub yomit: bool,
    pub json: J,
    /// Kinds the schema allows; 0 = not allowed in a file (Go-only field).
    pub kinds: u8,
    /// Not a Go field: allowed by the schema, dropped by compose-go.
    pub unmodelled: bool,
}

#[derive(Debug)]
pub struct Obj {
    pub name: &'static str,
    pub fields: &'static [F],
    /// The schema refuses keys it does not list (except `x-…`).
    pub strict: bool,
    /// Keys the schema requires.
    pub required: &'static [&'static str],
}

impl Obj {
    pub fn field(&self, key: &str) -> Option<&'static F> {
        self.fields.iter().find(|f| f.key == key)
    }
    /// Keys a file may use here.
    pub fn allowed(&self) -> impl Iterator<Item = &'static str> {
        self.fields.iter().filter(|f| f.kinds != 0).map(|f| f.key)
    }
}

pub static SERVICE: Obj = Obj {
    name: "ServiceConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Skip, kinds: 0, unmodelled: false },
        F { key: "profiles", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "annotations", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "attach", ty: Ty::Opt(&Ty::Bool), yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "build", ty: Ty::Opt(&Ty::Struct(&BUILD)), yomit: true, json: J::Omit, kinds: 33, unmodelled: false },
        F {
            key: "develop",
            ty: Ty::Opt(&Ty::Struct(&DEVELOP)),
            yomit: true,
            json: J::Omit,
            kinds: 96,
            unmodelled: false,
        },
        F {
            key: "blkio_config",
            ty: Ty::Opt(&Ty::Struct(&BLKIO)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F { key: "cap_add", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "cap_drop", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "cgroup_parent", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "cgroup", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "cpu_count", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "cpu_percent", ty: Ty::Float, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "cpu_period", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "cpu_quota", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "cpu_rt_period", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "cpu_rt_runtime", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "cpus", ty: Ty::Float, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "cpuset", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "cpu_shares", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "command", ty: Ty::Cmd, yomit: true, json: J::Keep, kinds: 81, unmodelled: false },
        F {
            key: "configs",
            ty: Ty::List(&Ty::Struct(&FILE_REF)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "container_name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "credential_spec",
            ty: Ty::Opt(&Ty::Struct(&CREDENTIAL_SPEC)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F {
            key: "depends_on",
            ty: Ty::Map(&Ty::Struct(&DEPENDENCY)),
            yomit: true,
            json: J::Omit,
            kinds: 48,
            unmodelled: false,
        },
        F {
            key: "deploy",
            ty: Ty::Opt(&Ty::Struct(&DEPLOY)),
            yomit: true,
            json: J::Omit,
            kinds: 96,
            unmodelled: false,
        },
        F { key: "device_cgroup_rules", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F {
            key: "devices",
            ty: Ty::List(&Ty::Struct(&DEVICE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "dns", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "dns_opt", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "dns_search", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "dockerfile", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "domainname", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "entrypoint", ty: Ty::Cmd, yomit: true, json: J::Keep, kinds: 81, unmodelled: false },
        F {
            key: "provider",
            ty: Ty::Opt(&Ty::Struct(&PROVIDER)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F { key: "environment", ty: Ty::MapEq, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "env_file", ty: Ty::EnvFiles, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "expose", ty: Ty::NumList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F {
            key: "extends",
            ty: Ty::Opt(&Ty::Struct(&EXTENDS)),
            yomit: true,
            json: J::Omit,
            kinds: 33,
            unmodelled: false,
        },
        F { key: "external_links", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "extra_hosts", ty: Ty::Hosts, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "group_add", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F {
            key: "gpus",
            ty: Ty::List(&Ty::Struct(&DEVICE_REQUEST)),
            yomit: true,
            json: J::Omit,
            kinds: 17,
            unmodelled: false,
        },
        F { key: "hostname", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "healthcheck",
            ty: Ty::Opt(&Ty::Struct(&HEALTHCHECK)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F { key: "image", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "init", ty: Ty::Opt(&Ty::Bool), yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "ipc", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "isolation", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "label_file", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "links", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F {
            key: "logging",
            ty: Ty::Opt(&Ty::Struct(&LOGGING)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F { key: "log_driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "log_opt", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "mem_limit", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "mem_reservation", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "memswap_limit", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "mem_swappiness", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "mac_address", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "models",
            ty: Ty::Map(&Ty::Opt(&Ty::Struct(&SERVICE_MODEL))),
            yomit: true,
            json: J::Omit,
            kinds: 48,
            unmodelled: false,
        },
        F { key: "net", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "network_mode", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "networks",
            ty: Ty::Map(&Ty::Opt(&Ty::Struct(&SERVICE_NETWORK))),
            yomit: true,
            json: J::Omit,
            kinds: 48,
            unmodelled: false,
        },
        F { key: "oom_kill_disable", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "oom_score_adj", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "pid", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 65, unmodelled: false },
        F { key: "pids_limit", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "platform", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "ports", ty: Ty::List(&Ty::Struct(&PORT)), yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "privileged", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "pull_policy", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "read_only", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "restart", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "runtime", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "scale", ty: Ty::Opt(&Ty::Int), yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F {
            key: "secrets",
            ty: Ty::List(&Ty::Struct(&FILE_REF)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "security_opt", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "shm_size", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "stdin_open", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "stop_grace_period", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "stop_signal", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "storage_opt", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "sysctls", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "tmpfs", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "tty", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "ulimits", ty: Ty::Map(&Ty::Ulimit), yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "use_api_socket", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 8, unmodelled: false },
        F { key: "user", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "userns_mode", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "uts", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "volume_driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F {
            key: "volumes",
            ty: Ty::List(&Ty::Struct(&SERVICE_VOLUME)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "volumes_from", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "working_dir", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "post_start",
            ty: Ty::List(&Ty::Struct(&HOOK)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F {
            key: "pre_stop",
            ty: Ty::List(&Ty::Struct(&HOOK)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "pull_refresh_after", ty: Ty::Any, yomit: true, json: J::Skip, kinds: 1, unmodelled: true },
    ],
};

pub static BUILD: Obj = Obj {
    name: "BuildConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "context", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "dockerfile", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "dockerfile_inline", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "entitlements", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "args", ty: Ty::MapEq, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "provenance", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "sbom", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "ssh", ty: Ty::Ssh, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "cache_from", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "cache_to", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "no_cache", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "additional_contexts", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "pull", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "extra_hosts", ty: Ty::Hosts, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "isolation", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "network", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "target", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "secrets",
            ty: Ty::List(&Ty::Struct(&FILE_REF)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "shm_size", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "tags", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "ulimits", ty: Ty::Map(&Ty::Ulimit), yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "platforms", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "privileged", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
    ],
};

pub static BLKIO: Obj = Obj {
    name: "BlkioConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "weight", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "weight_device", ty: Ty::List(&Ty::Any), yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F {
            key: "device_read_bps",
            ty: Ty::List(&Ty::Struct(&THROTTLE_DEVICE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F {
            key: "device_read_iops",
            ty: Ty::List(&Ty::Struct(&THROTTLE_DEVICE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F {
            key: "device_write_bps",
            ty: Ty::List(&Ty::Struct(&THROTTLE_DEVICE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F {
            key: "device_write_iops",
            ty: Ty::List(&Ty::Struct(&THROTTLE_DEVICE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
    ],
};

pub static DEVICE: Obj = Obj {
    name: "DeviceMapping",
    strict: false,
    required: &[],
    fields: &[
        F { key: "source", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "target", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "permissions", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
    ],
};

pub static WEIGHT_DEVICE: Obj = Obj { name: "WeightDevice", strict: false, required: &[], fields: &[] };

pub static THROTTLE_DEVICE: Obj = Obj { name: "ThrottleDevice", strict: false, required: &[], fields: &[] };

pub static LOGGING: Obj = Obj {
    name: "LoggingConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "options", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
    ],
};

pub static DEPLOY: Obj = Obj {
    name: "DeployConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "mode", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "replicas", ty: Ty::Opt(&Ty::Int), yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F {
            key: "update_config",
            ty: Ty::Opt(&Ty::Struct(&UPDATE)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F {
            key: "rollback_config",
            ty: Ty::Opt(&Ty::Struct(&UPDATE)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F { key: "resources", ty: Ty::Struct(&RESOURCES), yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F {
            key: "restart_policy",
            ty: Ty::Opt(&Ty::Struct(&RESTART_POLICY)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F { key: "placement", ty: Ty::Struct(&PLACEMENT), yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "endpoint_mode", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static UPDATE: Obj = Obj {
    name: "UpdateConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "parallelism", ty: Ty::Opt(&Ty::Int), yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "delay", ty: Ty::Dur, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "failure_action", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "monitor", ty: Ty::Dur, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "max_failure_ratio", ty: Ty::Float, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "order", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static RESOURCES: Obj = Obj {
    name: "Resources",
    strict: true,
    required: &[],
    fields: &[
        F {
            key: "limits",
            ty: Ty::Opt(&Ty::Struct(&RESOURCE)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F {
            key: "reservations",
            ty: Ty::Opt(&Ty::Struct(&RESOURCE)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
    ],
};

pub static RESOURCE: Obj = Obj {
    name: "Resource",
    strict: true,
    required: &[],
    fields: &[
        F { key: "cpus", ty: Ty::Float, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "memory", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "pids", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F {
            key: "devices",
            ty: Ty::List(&Ty::Struct(&DEVICE_REQUEST)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F {
            key: "generic_resources",
            ty: Ty::List(&Ty::Struct(&GENERIC_RESOURCE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
    ],
};

pub static GENERIC_RESOURCE: Obj = Obj {
    name: "GenericResource",
    strict: false,
    required: &[],
    fields: &[F {
        key: "discrete_resource_spec",
        ty: Ty::Opt(&Ty::Struct(&DISCRETE_RESOURCE)),
        yomit: true,
        json: J::Omit,
        kinds: 127,
        unmodelled: false,
    }],
};

pub static DISCRETE_RESOURCE: Obj = Obj {
    name: "DiscreteGenericResource",
    strict: false,
    required: &[],
    fields: &[
        F { key: "kind", ty: Ty::Str, yomit: false, json: J::Keep, kinds: 127, unmodelled: false },
        F { key: "value", ty: Ty::Int, yomit: false, json: J::Keep, kinds: 127, unmodelled: false },
    ],
};

pub static RESTART_POLICY: Obj = Obj {
    name: "RestartPolicy",
    strict: true,
    required: &[],
    fields: &[
        F { key: "condition", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "delay", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "max_attempts", ty: Ty::Opt(&Ty::Int), yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "window", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static PLACEMENT: Obj = Obj {
    name: "Placement",
    strict: true,
    required: &[],
    fields: &[
        F { key: "constraints", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F {
            key: "preferences",
            ty: Ty::List(&Ty::Struct(&PREFERENCE)),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "max_replicas_per_node", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
    ],
};

pub static PREFERENCE: Obj = Obj {
    name: "PlacementPreferences",
    strict: false,
    required: &[],
    fields: &[F { key: "spread", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false }],
};

pub static SERVICE_NETWORK: Obj = Obj {
    name: "ServiceNetworkConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "aliases", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "driver_opts", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "gw_priority", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 6, unmodelled: false },
        F { key: "interface_name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "ipv4_address", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "ipv6_address", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "link_local_ips", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "mac_address", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "priority", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 6, unmodelled: false },
    ],
};

pub static PORT: Obj = Obj {
    name: "ServicePortConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "mode", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "host_ip", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "target", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "published", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "protocol", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "app_protocol", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static SERVICE_VOLUME: Obj = Obj {
    name: "ServiceVolumeConfig",
    strict: true,
    required: &["type"],
    fields: &[
        F { key: "type", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "source", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "target", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "read_only", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "consistency", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "bind",
            ty: Ty::Opt(&Ty::Struct(&VOLUME_BIND)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F {
            key: "volume",
            ty: Ty::Opt(&Ty::Struct(&VOLUME_VOLUME)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F {
            key: "tmpfs",
            ty: Ty::Opt(&Ty::Struct(&VOLUME_TMPFS)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
        F {
            key: "image",
            ty: Ty::Opt(&Ty::Struct(&VOLUME_IMAGE)),
            yomit: true,
            json: J::Omit,
            kinds: 32,
            unmodelled: false,
        },
    ],
};

pub static VOLUME_BIND: Obj = Obj {
    name: "ServiceVolumeBind",
    strict: true,
    required: &[],
    fields: &[
        F { key: "selinux", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "propagation", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "create_host_path", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "recursive", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static VOLUME_VOLUME: Obj = Obj {
    name: "ServiceVolumeVolume",
    strict: true,
    required: &[],
    fields: &[
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "nocopy", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "subpath", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static VOLUME_TMPFS: Obj = Obj {
    name: "ServiceVolumeTmpfs",
    strict: true,
    required: &[],
    fields: &[
        F { key: "size", ty: Ty::Bytes, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "mode", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
    ],
};

pub static VOLUME_IMAGE: Obj = Obj {
    name: "ServiceVolumeImage",
    strict: true,
    required: &[],
    fields: &[F { key: "subpath", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false }],
};

pub static FILE_REF: Obj = Obj {
    name: "FileReferenceConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "source", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "target", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "uid", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "gid", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "mode", ty: Ty::Opt(&Ty::Mode), yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
    ],
};

pub static ULIMIT: Obj = Obj {
    name: "UlimitsConfig",
    strict: false,
    required: &[],
    fields: &[
        F { key: "single", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "soft", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "hard", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
    ],
};

pub static NETWORK: Obj = Obj {
    name: "NetworkConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "driver_opts", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "ipam", ty: Ty::Struct(&IPAM), yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "external", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 41, unmodelled: false },
        F { key: "internal", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "attachable", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "enable_ipv4", ty: Ty::Opt(&Ty::Bool), yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "enable_ipv6", ty: Ty::Opt(&Ty::Bool), yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
    ],
};

pub static IPAM: Obj = Obj {
    name: "IPAMConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F {
            key: "config",
            ty: Ty::List(&Ty::Opt(&Ty::Struct(&IPAM_POOL))),
            yomit: true,
            json: J::Omit,
            kinds: 16,
            unmodelled: false,
        },
        F { key: "options", ty: Ty::Any, yomit: true, json: J::Skip, kinds: 32, unmodelled: true },
    ],
};

pub static IPAM_POOL: Obj = Obj {
    name: "IPAMPool",
    strict: true,
    required: &[],
    fields: &[
        F { key: "subnet", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "gateway", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "ip_range", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "aux_addresses", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
    ],
};

pub static VOLUME: Obj = Obj {
    name: "VolumeConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "driver_opts", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "external", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 41, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
    ],
};

pub static SECRET: Obj = Obj {
    name: "FileObjectConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "file", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "environment", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "content", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "external", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 41, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "driver_opts", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "template_driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static CONFIG: Obj = Obj {
    name: "FileObjectConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "file", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "environment", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "content", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "external", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 41, unmodelled: false },
        F { key: "labels", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "driver_opts", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 0, unmodelled: false },
        F { key: "template_driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static CREDENTIAL_SPEC: Obj = Obj {
    name: "CredentialSpecConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "config", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "file", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "registry", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static DEPENDENCY: Obj = Obj {
    name: "ServiceDependency",
    strict: true,
    required: &["condition"],
    fields: &[
        F { key: "condition", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "restart", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "required", ty: Ty::Bool, yomit: false, json: J::Keep, kinds: 8, unmodelled: false },
    ],
};

pub static EXTENDS: Obj = Obj {
    name: "ExtendsConfig",
    strict: true,
    required: &["service"],
    fields: &[
        F { key: "file", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "service", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
    ],
};

pub static HEALTHCHECK: Obj = Obj {
    name: "HealthCheckConfig",
    strict: true,
    required: &[],
    fields: &[
        F { key: "test", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "timeout", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "interval", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "retries", ty: Ty::Opt(&Ty::Int), yomit: true, json: J::Omit, kinds: 7, unmodelled: false },
        F { key: "start_period", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "start_interval", ty: Ty::Opt(&Ty::Dur), yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "disable", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
    ],
};

pub static DEVELOP: Obj = Obj {
    name: "DevelopConfig",
    strict: true,
    required: &[],
    fields: &[F {
        key: "watch",
        ty: Ty::List(&Ty::Struct(&TRIGGER)),
        yomit: true,
        json: J::Omit,
        kinds: 16,
        unmodelled: false,
    }],
};

pub static TRIGGER: Obj = Obj {
    name: "Trigger",
    strict: true,
    required: &["path", "action"],
    fields: &[
        F { key: "path", ty: Ty::Str, yomit: false, json: J::Keep, kinds: 1, unmodelled: false },
        F { key: "action", ty: Ty::Str, yomit: false, json: J::Keep, kinds: 1, unmodelled: false },
        F { key: "target", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "exec", ty: Ty::Struct(&HOOK), yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
        F { key: "include", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "ignore", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 17, unmodelled: false },
        F { key: "initial_sync", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 8, unmodelled: false },
    ],
};

pub static HOOK: Obj = Obj {
    name: "ServiceHook",
    strict: true,
    required: &["command"],
    fields: &[
        F { key: "command", ty: Ty::Cmd, yomit: true, json: J::Keep, kinds: 81, unmodelled: false },
        F { key: "user", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "privileged", ty: Ty::Bool, yomit: true, json: J::Omit, kinds: 9, unmodelled: false },
        F { key: "working_dir", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "environment", ty: Ty::MapEq, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
    ],
};

pub static ENV_FILE: Obj = Obj {
    name: "EnvFile",
    strict: false,
    required: &[],
    fields: &[
        F { key: "path", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "required", ty: Ty::Bool, yomit: false, json: J::Keep, kinds: 127, unmodelled: false },
        F { key: "format", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
    ],
};

pub static PROVIDER: Obj = Obj {
    name: "ServiceProviderConfig",
    strict: true,
    required: &["type"],
    fields: &[
        F { key: "type", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "options", ty: Ty::MultiOpts, yomit: true, json: J::Omit, kinds: 32, unmodelled: false },
    ],
};

pub static SERVICE_MODEL: Obj = Obj {
    name: "ServiceModelConfig",
    strict: false,
    required: &[],
    fields: &[
        F { key: "endpoint_var", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "model_var", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
    ],
};

pub static MODEL: Obj = Obj {
    name: "ModelConfig",
    strict: true,
    required: &["model"],
    fields: &[
        F { key: "name", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "model", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "context_size", ty: Ty::Int, yomit: true, json: J::Omit, kinds: 4, unmodelled: false },
        F { key: "runtime_flags", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
    ],
};

pub static DEVICE_REQUEST: Obj = Obj {
    name: "DeviceRequest",
    strict: true,
    required: &["capabilities"],
    fields: &[
        F { key: "capabilities", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "driver", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 1, unmodelled: false },
        F { key: "count", ty: Ty::Any, yomit: true, json: J::Omit, kinds: 5, unmodelled: false },
        F { key: "device_ids", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 16, unmodelled: false },
        F { key: "options", ty: Ty::Mapping, yomit: true, json: J::Omit, kinds: 48, unmodelled: false },
    ],
};

pub static INCLUDE: Obj = Obj {
    name: "IncludeConfig",
    strict: false,
    required: &[],
    fields: &[
        F { key: "path", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "project_directory", ty: Ty::Str, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
        F { key: "env_file", ty: Ty::StrList, yomit: true, json: J::Omit, kinds: 127, unmodelled: false },
    ],
};

/// Top-level keys and their kinds.
pub static TOP: &[(&str, u8)] = &[
    ("version", 1),
    ("name", 1),
    ("include", 16),
    ("services", 32),
    ("models", 32),
    ("networks", 32),
    ("volumes", 32),
    ("secrets", 32),
    ("configs", 32),
];
