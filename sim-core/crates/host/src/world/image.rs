//! The image catalog: what each official image really does by default
//! (entrypoint, command, exposed ports, volumes, environment, stop signal)
//! and the files it ships, plus the local image store that `pull` fills.

use crate::fs::Fs;
use crate::rng::Rng;
use crate::time::SimTime;

/// The distribution an image is built on: decides the shell, the package
/// manager and which tools exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    Debian,
    Ubuntu,
    Alpine,
    Busybox,
    /// Oracle Linux (mysql): bash, microdnf, no apt.
    Oracle,
}

impl Os {
    pub fn has_bash(self) -> bool {
        !matches!(self, Os::Alpine | Os::Busybox)
    }
    pub fn is_busybox(self) -> bool {
        matches!(self, Os::Alpine | Os::Busybox)
    }
}

/// An image as the local store knows it.
#[derive(Clone, Debug)]
pub struct Image {
    pub id: String,
    pub repo: String,
    pub tag: String,
    pub digest: String,
    /// When the image was built (before the simulated host booted).
    pub created_ago_days: u64,
    /// When a local build made the image (its `Created`); `None` for pulled images.
    pub built_at: Option<SimTime>,
    pub pulled_at: SimTime,
    pub size_bytes: u64,
    pub layers: Vec<String>,
    pub config: ImageConfig,
    pub fs: Fs,
    /// Hidden from every docker command: the image was deleted while a
    /// stopped container still uses it, or this entry only remembers which
    /// image a re-tagged one came from. Kept because a container's programs
    /// go by the first entry of its image.
    pub removed: bool,
    /// A local build's cache keys, one per instruction of each stage it built (BuildKit's
    /// cache, which outlives the image: a later build whose step has one of these keys shows
    /// it `CACHED`). Empty for pulled images.
    pub build_keys: Vec<String>,
}

impl Image {
    pub fn reference(&self) -> String {
        format!("{}:{}", self.repo, self.tag)
    }
    pub fn short_id(&self) -> &str {
        &self.id[..12]
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageConfig {
    pub os: Option<Os>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub env: Vec<(String, String)>,
    pub exposed: Vec<String>,
    pub volumes: Vec<String>,
    pub workdir: String,
    pub stop_signal: String,
    pub user: String,
    pub labels: Vec<(String, String)>,
    /// Extra packages/commands installed in the image (e.g. by a Dockerfile RUN).
    pub packages: Vec<String>,
    /// A Dockerfile `HEALTHCHECK`: containers get it unless they set their own.
    pub healthcheck: Option<super::container::Healthcheck>,
}

impl ImageConfig {
    pub fn os(&self) -> Os {
        self.os.unwrap_or(Os::Debian)
    }
}

/// A parsed image reference: `[registry/]repo[:tag][@digest]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Repository without the default `library/` prefix or registry (`nginx`, `bitnami/redis`).
    pub repo: String,
    pub tag: String,
    pub domain: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefError {
    /// `invalid reference format`
    Invalid,
    /// `invalid reference format: repository name (library/Nginx) must be lowercase`
    Uppercase(String),
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefError::Invalid => write!(f, "invalid reference format"),
            RefError::Uppercase(r) => write!(f, "invalid reference format: repository name ({r}) must be lowercase"),
        }
    }
}

impl Reference {
    pub fn parse(s: &str) -> Result<Reference, RefError> {
        if s.is_empty() || s.len() > 255 {
            return Err(RefError::Invalid);
        }
        let without_digest = s.split('@').next().unwrap_or(s);
        let (name, tag) = match without_digest.rfind(':') {
            Some(i) if !without_digest[i + 1..].contains('/') => (&without_digest[..i], &without_digest[i + 1..]),
            _ => (without_digest, "latest"),
        };
        if tag.is_empty()
            || tag.len() > 128
            || !tag.chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            || !tag.chars().all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            return Err(RefError::Invalid);
        }
        let mut parts: Vec<&str> = name.split('/').collect();
        let domain = if parts.len() > 1 && (parts[0].contains('.') || parts[0].contains(':') || parts[0] == "localhost")
        {
            Some(parts.remove(0).to_string())
        } else {
            None
        };
        for part in &parts {
            if !valid_path_component(&part.to_ascii_lowercase()) {
                return Err(RefError::Invalid);
            }
        }
        if name.chars().any(|c| c.is_ascii_uppercase()) && domain.is_none() {
            let full = if parts.len() == 1 { format!("library/{name}") } else { name.to_string() };
            return Err(RefError::Uppercase(full));
        }
        let mut repo = parts.join("/");
        if let Some(stripped) = repo.strip_prefix("library/") {
            repo = stripped.to_string();
        }
        if domain.as_deref() == Some("docker.io") || domain.as_deref() == Some("index.docker.io") {
            return Ok(Reference { repo, tag: tag.to_string(), domain: None });
        }
        Ok(Reference { repo, tag: tag.to_string(), domain })
    }

    /// `nginx:latest`, `bitnami/redis:7`.
    pub fn familiar(&self) -> String {
        match &self.domain {
            Some(d) => format!("{d}/{}:{}", self.repo, self.tag),
            None => format!("{}:{}", self.repo, self.tag),
        }
    }

    /// `library/nginx` for official images (as pull progress prints it).
    pub fn remote_path(&self) -> String {
        if self.repo.contains('/') || self.domain.is_some() {
            self.repo.clone()
        } else {
            format!("library/{}", self.repo)
        }
    }

    /// `docker.io/library/nginx:latest`.
    pub fn canonical(&self) -> String {
        let domain = self.domain.clone().unwrap_or_else(|| "docker.io".into());
        format!("{domain}/{}:{}", self.remote_path(), self.tag)
    }
}

fn valid_path_component(s: &str) -> bool {
    let bytes = s.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else { return false };
    if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() {
        return false;
    }
    let mut prev: u8 = 0;
    for &c in bytes {
        let is_sep = c == b'.' || c == b'_' || c == b'-';
        if !(c.is_ascii_lowercase() || c.is_ascii_digit() || is_sep) {
            return false;
        }
        let prev_sep = prev == b'.' || prev == b'_' || prev == b'-';
        // Separators may not follow each other, except `__` and runs of `-`.
        if is_sep && prev_sep && !(c == b'-' && prev == b'-') && !(c == b'_' && prev == b'_') {
            return false;
        }
        prev = c;
    }
    true
}

/// A catalog entry: an official image Muelle knows by heart.
pub struct CatalogEntry {
    pub repo: &'static str,
    /// Tags that exist; `None` = any tag is accepted.
    pub tags: Option<&'static [&'static str]>,
    pub os: Os,
    pub entrypoint: &'static [&'static str],
    pub cmd: &'static [&'static str],
    pub exposed: &'static [&'static str],
    pub volumes: &'static [&'static str],
    pub env: &'static [(&'static str, &'static str)],
    pub workdir: &'static str,
    pub stop_signal: &'static str,
    pub size_mb: u32,
    pub layers: u8,
}

const PATH_DEBIAN: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        repo: "ubuntu",
        tags: Some(&["latest", "24.04", "noble", "22.04", "jammy", "20.04", "focal"]),
        os: Os::Ubuntu,
        entrypoint: &[],
        cmd: &["/bin/bash"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN)],
        workdir: "",
        stop_signal: "",
        size_mb: 78,
        layers: 1,
    },
    CatalogEntry {
        repo: "debian",
        tags: Some(&["latest", "bookworm", "12", "bookworm-slim", "bullseye", "11", "trixie", "13", "stable-slim"]),
        os: Os::Debian,
        entrypoint: &[],
        cmd: &["bash"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN)],
        workdir: "",
        stop_signal: "",
        size_mb: 117,
        layers: 1,
    },
    CatalogEntry {
        repo: "alpine",
        // Any 3.x release and its patch versions exist (checked in `plausible_version_tag`).
        tags: None,
        os: Os::Alpine,
        entrypoint: &[],
        cmd: &["/bin/sh"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN)],
        workdir: "",
        stop_signal: "",
        size_mb: 8,
        layers: 1,
    },
    CatalogEntry {
        repo: "busybox",
        tags: Some(&["latest", "1", "1.37", "1.36", "musl", "glibc", "uclibc"]),
        os: Os::Busybox,
        entrypoint: &[],
        cmd: &["sh"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")],
        workdir: "",
        stop_signal: "",
        size_mb: 4,
        layers: 1,
    },
    CatalogEntry {
        repo: "nginx",
        tags: None,
        os: Os::Debian,
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        exposed: &["80/tcp"],
        volumes: &[],
        env: &[
            ("PATH", PATH_DEBIAN),
            ("NGINX_VERSION", "1.27.4"),
            ("NJS_VERSION", "0.8.9"),
            ("PKG_RELEASE", "1~bookworm"),
        ],
        workdir: "",
        stop_signal: "SIGQUIT",
        size_mb: 192,
        layers: 7,
    },
    CatalogEntry {
        repo: "httpd",
        tags: None,
        os: Os::Debian,
        entrypoint: &[],
        cmd: &["httpd-foreground"],
        exposed: &["80/tcp"],
        volumes: &[],
        env: &[
            ("PATH", "/usr/local/apache2/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ("HTTPD_PREFIX", "/usr/local/apache2"),
            ("HTTPD_VERSION", "2.4.63"),
        ],
        workdir: "/usr/local/apache2",
        stop_signal: "SIGWINCH",
        size_mb: 148,
        layers: 6,
    },
    CatalogEntry {
        repo: "postgres",
        tags: None,
        os: Os::Debian,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        exposed: &["5432/tcp"],
        volumes: &["/var/lib/postgresql/data"],
        env: &[
            ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/16/bin"),
            ("GOSU_VERSION", "1.17"),
            ("LANG", "en_US.utf8"),
            ("PG_MAJOR", "16"),
            ("PG_VERSION", "16.8-1.pgdg120+1"),
            ("PGDATA", "/var/lib/postgresql/data"),
        ],
        workdir: "",
        stop_signal: "SIGINT",
        size_mb: 438,
        layers: 14,
    },
    CatalogEntry {
        repo: "mysql",
        tags: None,
        os: Os::Oracle,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mysqld"],
        exposed: &["3306/tcp", "33060/tcp"],
        volumes: &["/var/lib/mysql"],
        env: &[
            ("PATH", PATH_DEBIAN),
            ("GOSU_VERSION", "1.17"),
            ("MYSQL_MAJOR", "8.4"),
            ("MYSQL_VERSION", "8.4.4-1.el9"),
        ],
        workdir: "",
        stop_signal: "",
        size_mb: 797,
        layers: 11,
    },
    CatalogEntry {
        repo: "mariadb",
        tags: None,
        os: Os::Ubuntu,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mariadbd"],
        exposed: &["3306/tcp"],
        volumes: &["/var/lib/mysql"],
        env: &[("PATH", PATH_DEBIAN), ("MARIADB_VERSION", "1:11.7.2+maria~ubu2404")],
        workdir: "",
        stop_signal: "",
        size_mb: 407,
        layers: 10,
    },
    CatalogEntry {
        repo: "redis",
        tags: None,
        os: Os::Debian,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        exposed: &["6379/tcp"],
        volumes: &["/data"],
        env: &[("PATH", PATH_DEBIAN), ("REDIS_VERSION", "7.4.2")],
        workdir: "/data",
        stop_signal: "",
        size_mb: 117,
        layers: 8,
    },
    CatalogEntry {
        repo: "neo4j",
        tags: None,
        os: Os::Debian,
        entrypoint: &["tini", "-g", "--", "/startup/docker-entrypoint.sh"],
        cmd: &["neo4j"],
        exposed: &["7473/tcp", "7474/tcp", "7687/tcp"],
        volumes: &["/data", "/logs"],
        env: &[
            ("PATH", PATH_DEBIAN),
            ("NEO4J_HOME", "/var/lib/neo4j"),
            ("NEO4J_EDITION", "community"),
            ("LANG", "C.UTF-8"),
        ],
        workdir: "/var/lib/neo4j",
        stop_signal: "",
        size_mb: 583,
        layers: 6,
    },
    CatalogEntry {
        repo: "python",
        tags: None,
        os: Os::Debian,
        entrypoint: &[],
        cmd: &["python3"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN), ("LANG", "C.UTF-8"), ("PYTHON_VERSION", "3.13.2")],
        workdir: "",
        stop_signal: "",
        size_mb: 1020,
        layers: 7,
    },
    CatalogEntry {
        repo: "node",
        tags: None,
        os: Os::Debian,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["node"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN), ("NODE_VERSION", "22.14.0"), ("YARN_VERSION", "1.22.22")],
        workdir: "",
        stop_signal: "",
        size_mb: 1120,
        layers: 8,
    },
    CatalogEntry {
        // The CLI variant (`php:8.4`, `php:8.4-cli`): `docker-php-entrypoint` prepends `php`
        // to arguments that start with `-`; its CMD is the interactive shell.
        repo: "php",
        tags: None,
        os: Os::Debian,
        entrypoint: &["docker-php-entrypoint"],
        cmd: &["php", "-a"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN), ("PHP_INI_DIR", "/usr/local/etc/php"), ("PHP_VERSION", "8.4.4")],
        workdir: "/var/www/html",
        stop_signal: "",
        size_mb: 497,
        layers: 11,
    },
    CatalogEntry {
        // WordPress on `php:8.2-apache` (docker-library/wordpress as published in March 2025:
        // `latest` is 6.7.2-php8.2-apache). Its entrypoint copies WordPress from
        // /usr/src/wordpress into the document root, writes `wp-config.php` from the
        // `WORDPRESS_*` variables, then runs Apache.
        repo: "wordpress",
        tags: None,
        os: Os::Debian,
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["apache2-foreground"],
        exposed: &["80/tcp"],
        volumes: &["/var/www/html"],
        env: &[
            ("PATH", PATH_DEBIAN),
            ("PHP_INI_DIR", "/usr/local/etc/php"),
            ("APACHE_CONFDIR", "/etc/apache2"),
            ("APACHE_ENVVARS", "/etc/apache2/envvars"),
            ("PHP_VERSION", "8.2.27"),
        ],
        workdir: "/var/www/html",
        stop_signal: "SIGWINCH",
        size_mb: 701,
        layers: 22,
    },
    CatalogEntry {
        // Go on Debian bookworm (buildpack-deps:bookworm-scm): `GOPATH` /go, the toolchain in
        // /usr/local/go; its CMD is bash.
        repo: "golang",
        tags: None,
        os: Os::Debian,
        entrypoint: &[],
        cmd: &["bash"],
        exposed: &[],
        volumes: &[],
        env: &[
            ("PATH", "/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ("GOLANG_VERSION", "1.24.1"),
            ("GOTOOLCHAIN", "local"),
            ("GOPATH", "/go"),
        ],
        workdir: "/go",
        stop_signal: "",
        size_mb: 823,
        layers: 7,
    },
    CatalogEntry {
        // Adoptium's JDK on Ubuntu: its entrypoint adds CA certificates, then execs its arguments.
        repo: "eclipse-temurin",
        tags: None,
        os: Os::Ubuntu,
        entrypoint: &["/__cacert_entrypoint.sh"],
        cmd: &["jshell"],
        exposed: &[],
        volumes: &[],
        env: &[
            ("PATH", "/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ("JAVA_HOME", "/opt/java/openjdk"),
            ("LANG", "en_US.UTF-8"),
            ("JAVA_VERSION", "jdk-21.0.6+7"),
        ],
        workdir: "",
        stop_signal: "",
        size_mb: 456,
        layers: 6,
    },
    CatalogEntry {
        // Deprecated on Docker Hub, still pulled by old tutorials (`openjdk:17-jdk-slim`).
        repo: "openjdk",
        tags: None,
        os: Os::Debian,
        entrypoint: &[],
        cmd: &["jshell"],
        exposed: &[],
        volumes: &[],
        env: &[
            ("PATH", "/usr/local/openjdk-17/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
            ("JAVA_HOME", "/usr/local/openjdk-17"),
            ("LANG", "C.UTF-8"),
            ("JAVA_VERSION", "17.0.2"),
        ],
        workdir: "",
        stop_signal: "",
        size_mb: 408,
        layers: 4,
    },
    CatalogEntry {
        // Amazon's JDK on Amazon Linux 2023 (dnf, no apt); no CMD of its own (the base's bash).
        repo: "amazoncorretto",
        tags: None,
        os: Os::Oracle,
        entrypoint: &[],
        cmd: &["/bin/bash"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN), ("LANG", "C.UTF-8"), ("JAVA_HOME", "/usr/lib/jvm/java-21-amazon-corretto")],
        workdir: "",
        stop_signal: "",
        size_mb: 440,
        layers: 2,
    },
    CatalogEntry {
        repo: "hello-world",
        tags: Some(&["latest", "linux"]),
        os: Os::Busybox,
        entrypoint: &[],
        cmd: &["/hello"],
        exposed: &[],
        volumes: &[],
        env: &[("PATH", PATH_DEBIAN)],
        workdir: "",
        stop_signal: "",
        size_mb: 0,
        layers: 1,
    },
];

/// Repositories that do not exist on Docker Hub in Muelle's world, so that
/// students see the "pull access denied" error on a typo of a known image.
/// Official images Docker Hub deprecated: gone from docker-library's list, still pullable.
const DEPRECATED_OFFICIAL: &[&str] = &[
    "celery", "centos", "consul", "django", "iojs", "java", "jenkins", "mono", "nuxeo", "opensuse", "owncloud",
    "rails", "sentry", "swarm", "vault",
];

/// Variant words old official tags used that today's do not (`openjdk:8-jdk-alpine`).
const OLD_WORDS: &[&str] = &["jdk", "jre"];

/// Whether Docker Hub has an official image `repo` (deprecated ones included).
pub fn is_official(repo: &str) -> bool {
    DEPRECATED_OFFICIAL.contains(&repo) || super::official::NAMES.split(' ').any(|n| n == repo)
}

/// Whether `tag` is made of what official tags are made of: each `-`-separated word a version
/// number (`1.27.4`) or a word class official tags use (`alpine3.18` → `alpine#.#`,
/// `bullseye` → `@`).
fn tag_fits(tag: &str) -> bool {
    tag.split('-').all(|word| match super::tag_words::word_class(word) {
        None => true,
        Some(class) => super::official::WORDS.split(' ').any(|w| w == class) || OLD_WORDS.contains(&class.as_str()),
    })
}

pub fn catalog_entry(repo: &str) -> Option<&'static CatalogEntry> {
    CATALOG.iter().find(|e| e.repo == repo)
}

/// Why a pull of a reference fails, if it does; `Display` is the daemon's text (after
/// `Error response from daemon: `), as moby v28.2.2 relays the registry's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PullError {
    /// `pull access denied for <repo>, repository does not exist or may require 'docker login':
    /// denied: requested access to the resource is denied`.
    RepoNotFound { repo: String },
    /// `manifest for <reference> not found: manifest unknown: manifest unknown` (the familiar
    /// reference).
    TagNotFound { reference: String },
}

impl std::fmt::Display for PullError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PullError::RepoNotFound { repo } => write!(
                f,
                "pull access denied for {repo}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
            ),
            PullError::TagNotFound { reference } => {
                write!(f, "manifest for {reference} not found: manifest unknown: manifest unknown")
            }
        }
    }
}

pub fn remote_lookup(reference: &Reference) -> Result<(), PullError> {
    let repo_not_found = || PullError::RepoNotFound { repo: reference.repo.clone() };
    let tag_not_found = || PullError::TagNotFound { reference: reference.familiar() };
    // One-word names are Docker Hub's official images: a closed list.
    if reference.domain.is_none() && !reference.repo.contains('/') {
        if !is_official(&reference.repo) {
            return Err(repo_not_found());
        }
        if !tag_fits(&reference.tag) {
            return Err(tag_not_found());
        }
    }
    if let Some(entry) = catalog_entry(&reference.repo) {
        if let Some(tags) = entry.tags {
            if !tags.contains(&reference.tag.as_str()) {
                return Err(tag_not_found());
            }
        } else if !plausible_version_tag(&reference.repo, &reference.tag) {
            return Err(tag_not_found());
        }
    }
    Ok(())
}

/// Official images with open tag sets: accept `latest`, variants and version
/// numbers that exist (`9.6`, `16-alpine`), refuse obviously absent ones (`nginx:9.9`).
fn plausible_version_tag(repo: &str, tag: &str) -> bool {
    if tag == "latest"
        || tag.starts_with("alpine")
        || tag.starts_with("bookworm")
        || tag.starts_with("slim")
        || tag == "stable"
        || tag == "mainline"
        || tag == "community"
        || tag == "enterprise"
        || tag == "lts"
        || tag == "current"
    {
        return true;
    }
    let major: Option<u32> = tag.split(['.', '-']).next().and_then(|m| m.parse().ok());
    let Some(major) = major else { return true };
    if repo == "alpine" {
        return tag == "edge"
            || tag.split('.').next() == Some("3")
                && tag.split('.').nth(1).and_then(|m| m.parse::<u32>().ok()).is_none_or(|m| m <= 21);
    }
    let max = match repo {
        "nginx" => 1,
        "httpd" => 2,
        "postgres" => 18,
        "mysql" => 9,
        "mariadb" => 11,
        "redis" => 8,
        "neo4j" => 2025,
        "python" => 3,
        "node" => 24,
        "php" => 8,
        "eclipse-temurin" | "amazoncorretto" => 24,
        "openjdk" => 26,
        "golang" => 1,
        _ => u32::MAX,
    };
    let min = match repo {
        "postgres" => 9,
        "mysql" => 5,
        "mariadb" => 10,
        "redis" => 2,
        "neo4j" => 3,
        "python" => 2,
        "node" => 4,
        "php" => 5,
        "eclipse-temurin" | "amazoncorretto" => 8,
        "openjdk" => 6,
        _ => 0,
    };
    major >= min && major <= max
}

/// Builds the image a reference pulls: from the catalog, or a generic
/// Debian-based image for repositories Muelle does not know.
pub fn build_image(reference: &Reference, rng: &mut Rng, now: SimTime) -> Image {
    let entry = catalog_entry(&reference.repo);
    let config = match entry {
        Some(e) => ImageConfig {
            os: Some(if reference.tag.contains("alpine") { Os::Alpine } else { e.os }),
            entrypoint: e.entrypoint.iter().map(|s| s.to_string()).collect(),
            cmd: e.cmd.iter().map(|s| s.to_string()).collect(),
            env: e.env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            exposed: e.exposed.iter().map(|s| s.to_string()).collect(),
            volumes: e.volumes.iter().map(|s| s.to_string()).collect(),
            workdir: e.workdir.to_string(),
            stop_signal: e.stop_signal.to_string(),
            user: String::new(),
            labels: Vec::new(),
            packages: Vec::new(),
            healthcheck: None,
        },
        None => ImageConfig {
            os: Some(Os::Debian),
            entrypoint: vec![],
            cmd: vec!["/usr/local/bin/app".into()],
            env: vec![("PATH".into(), PATH_DEBIAN.into())],
            exposed: vec![],
            volumes: vec![],
            workdir: "/app".into(),
            stop_signal: String::new(),
            user: String::new(),
            labels: Vec::new(),
            packages: Vec::new(),
            healthcheck: None,
        },
    };
    let mut config = config;
    tag_versions(&reference.repo, &reference.tag, &mut config.env);
    tag_variant(&reference.repo, &reference.tag, &mut config);
    let (size_mb, layer_count) = entry.map(|e| (e.size_mb, e.layers)).unwrap_or((120, 4));
    let layers = (0..layer_count.max(1)).map(|_| rng.hex64()[..12].to_string()).collect();
    let mut fs = base_fs(config.os());
    add_image_files(&reference.repo, &mut fs);
    Image {
        id: rng.hex64(),
        repo: reference.repo.clone(),
        tag: reference.tag.clone(),
        digest: rng.hex64(),
        created_ago_days: 14 + rng.below(40),
        built_at: None,
        pulled_at: now,
        size_bytes: size_mb as u64 * 1_000_000 + rng.below(999_999),
        layers,
        config,
        fs,
        removed: false,
        build_keys: Vec::new(),
    }
}

/// The version a tag of `python` carries (`PYTHON_VERSION`), as docker-library published them
/// in March 2025: a full version tag pins it (`3.12.3`); `3`, `latest` and the variant-only tags
/// (`slim`, `alpine`, `bookworm`) are the newest release.
pub fn python_version(tag: &str) -> String {
    let v = tag.split('-').next().unwrap_or("");
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return v.to_string();
    }
    match parts.get(..2).map(|p| p.join(".")).as_deref().unwrap_or(v) {
        "2.7" | "2" => "2.7.18",
        "3.5" => "3.5.10",
        "3.6" => "3.6.15",
        "3.7" => "3.7.17",
        "3.8" => "3.8.20",
        "3.9" => "3.9.21",
        "3.10" => "3.10.16",
        "3.11" => "3.11.11",
        "3.12" => "3.12.9",
        "3.14" => "3.14.0a5",
        _ => "3.13.2",
    }
    .to_string()
}

/// The version a tag of `php` carries (`PHP_VERSION`), as docker-library published them in
/// March 2025; `latest` and variant-only tags are the newest release.
pub fn php_version(tag: &str) -> &'static str {
    let v = tag.split('-').next().unwrap_or("");
    match v.split('.').take(2).collect::<Vec<_>>().join(".").as_str() {
        "7.4" | "7" => "7.4.33",
        "8.0" => "8.0.30",
        "8.1" => "8.1.31",
        "8.2" => "8.2.27",
        "8.3" => "8.3.17",
        _ => "8.4.4",
    }
}

/// The Java major version a JDK image's tag names (`17-jdk-slim` → 17; `latest` → 21).
pub fn java_major(tag: &str) -> u32 {
    let first = tag.split(['-', '.', 'u']).next().unwrap_or("");
    first.parse().ok().filter(|m| (8..=25).contains(m)).unwrap_or(21)
}

/// `JAVA_VERSION` of a tag of `eclipse-temurin` (Adoptium's release names) or `openjdk`.
fn java_version(repo: &str, tag: &str) -> String {
    let major = java_major(tag);
    match (repo, major) {
        ("eclipse-temurin", 8) => "jdk8u442-b06".into(),
        ("eclipse-temurin", 11) => "jdk-11.0.26+4".into(),
        ("eclipse-temurin", 17) => "jdk-17.0.14+7".into(),
        ("eclipse-temurin", 23) => "jdk-23.0.2+7".into(),
        ("eclipse-temurin", _) => "jdk-21.0.6+7".into(),
        (_, 8) => "8u342".into(),
        (_, 11) => "11.0.16".into(),
        (_, 17) => "17.0.2".into(),
        (_, m) => format!("{m}-ea+22"),
    }
}

/// postgres's `PG_MAJOR`, `PG_VERSION` (Debian's package version; Alpine's is the bare
/// version) and binary directory for a tag (`latest` is 17; the servers print the same).
fn postgres_version(tag: &str) -> (&'static str, &'static str, &'static str) {
    match tag.split(['.', '-']).next().unwrap_or("") {
        "9" => ("9.6", "9.6.24", "-1.pgdg90+1"),
        "10" => ("10", "10.23", "-1.pgdg90+1"),
        "11" => ("11", "11.22", "-1.pgdg120+1"),
        "12" => ("12", "12.22", "-1.pgdg120+1"),
        "13" => ("13", "13.20", "-1.pgdg120+1"),
        "14" => ("14", "14.17", "-1.pgdg120+1"),
        "15" => ("15", "15.12", "-1.pgdg120+1"),
        "16" => ("16", "16.8", "-1.pgdg120+1"),
        _ => ("17", "17.4", "-1.pgdg120+2"),
    }
}

/// The variants whose tag changes the image's program (docker-library's Dockerfiles): `php`'s
/// `apache` (Apache with mod_php in the foreground, `STOPSIGNAL SIGWINCH`, port 80) and `fpm`
/// (PHP-FPM, `STOPSIGNAL SIGQUIT`, port 9000). Their programs come as a package of the image.
fn tag_variant(repo: &str, tag: &str, config: &mut ImageConfig) {
    let has = |word: &str| tag.split('-').any(|w| w == word);
    if repo == "wordpress" {
        // WordPress's variants: Apache (the default) or PHP-FPM on port 9000.
        if has("fpm") {
            config.cmd = vec!["php-fpm".to_string()];
            config.exposed = vec!["9000/tcp".to_string()];
            config.stop_signal = "SIGQUIT".to_string();
            config.packages.push("php-fpm".to_string());
            config.env.retain(|(k, _)| !k.starts_with("APACHE_"));
        } else {
            config.packages.push("php-apache".to_string());
        }
        return;
    }
    if repo != "php" {
        return;
    }
    let (cmd, port, signal, package) = if has("apache") {
        ("apache2-foreground", "80/tcp", "SIGWINCH", "php-apache")
    } else if has("fpm") {
        ("php-fpm", "9000/tcp", "SIGQUIT", "php-fpm")
    } else {
        return;
    };
    config.cmd = vec![cmd.to_string()];
    config.exposed = vec![port.to_string()];
    config.stop_signal = signal.to_string();
    config.packages.push(package.to_string());
    if package == "php-apache" {
        config.env.push(("APACHE_CONFDIR".into(), "/etc/apache2".into()));
        config.env.push(("APACHE_ENVVARS".into(), "/etc/apache2/envvars".into()));
    }
}

/// Each tag carries its own version variables (the catalog holds one set).
fn tag_versions(repo: &str, tag: &str, env: &mut [(String, String)]) {
    for (k, v) in env.iter_mut() {
        match (repo, k.as_str()) {
            ("python", "PYTHON_VERSION") => *v = python_version(tag),
            ("php", "PHP_VERSION") => *v = php_version(tag).to_string(),
            // `wordpress:6.7-php8.3-apache`: the PHP it runs on is a word of the tag (8.2 by default).
            ("wordpress", "PHP_VERSION") => {
                let php = tag.split('-').find_map(|w| w.strip_prefix("php")).unwrap_or("8.2");
                *v = php_version(php).to_string()
            }
            ("golang", "GOLANG_VERSION") => *v = go_version(tag).to_string(),
            ("eclipse-temurin", "JAVA_VERSION") => *v = java_version(repo, tag),
            ("openjdk", "JAVA_VERSION") => *v = java_version(repo, tag),
            ("openjdk", "JAVA_HOME") => *v = format!("/usr/local/openjdk-{}", java_major(tag)),
            ("openjdk", "PATH") => *v = format!("/usr/local/openjdk-{}/bin:{PATH_DEBIAN}", java_major(tag)),
            ("amazoncorretto", "JAVA_HOME") => *v = format!("/usr/lib/jvm/java-{}-amazon-corretto", java_major(tag)),
            ("postgres", "PG_MAJOR") => *v = postgres_version(tag).0.to_string(),
            ("postgres", "PG_VERSION") => {
                let (_, version, debian) = postgres_version(tag);
                *v = if tag.contains("alpine") { version.to_string() } else { format!("{version}{debian}") };
            }
            ("postgres", "PATH") => {
                *v = if tag.contains("alpine") {
                    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string()
                } else {
                    format!(
                        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/{}/bin",
                        postgres_version(tag).0
                    )
                };
            }
            _ => {}
        }
    }
}

/// The Go release a tag of `golang` carries (`GOLANG_VERSION`) as docker-library published them
/// in March 2025: a full version pins it; `1.N` is that line's last patch; `latest`, `1` and
/// variant-only tags are the newest.
pub fn go_version(tag: &str) -> String {
    let v = tag.split('-').next().unwrap_or("");
    let parts: Vec<&str> = v.split('.').collect();
    if parts.len() == 3 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return v.to_string();
    }
    match v {
        "1.18" => "1.18.10",
        "1.19" => "1.19.13",
        "1.20" => "1.20.14",
        "1.21" => "1.21.13",
        "1.22" => "1.22.12",
        "1.23" => "1.23.7",
        _ => "1.24.1",
    }
    .to_string()
}

/// The files every image of a distribution has.
pub fn base_fs(os: Os) -> Fs {
    let mut fs = Fs::new();
    for dir in [
        "/bin",
        "/boot",
        "/dev",
        "/etc",
        "/home",
        "/lib",
        "/media",
        "/mnt",
        "/opt",
        "/proc",
        "/root",
        "/run",
        "/sbin",
        "/srv",
        "/sys",
        "/tmp",
        "/usr",
        "/usr/bin",
        "/usr/local",
        "/usr/local/bin",
        "/usr/share",
        "/var",
        "/var/lib",
        "/var/log",
    ] {
        let _ = fs.mkdir_p(dir);
    }
    let os_release = match os {
        Os::Ubuntu => "PRETTY_NAME=\"Ubuntu 24.04.2 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.2 LTS (Noble Numbat)\"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\nUBUNTU_CODENAME=noble\n",
        Os::Debian => "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL=\"https://www.debian.org/\"\n",
        Os::Alpine => "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME=\"Alpine Linux v3.21\"\nHOME_URL=\"https://alpinelinux.org/\"\n",
        Os::Busybox => "",
        Os::Oracle => "NAME=\"Oracle Linux Server\"\nVERSION=\"9.5\"\nID=\"ol\"\nVERSION_ID=\"9.5\"\nPRETTY_NAME=\"Oracle Linux Server 9.5\"\n",
    };
    if !os_release.is_empty() {
        fs.put("/etc/os-release", os_release);
    }
    fs.put("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
    fs
}

/// nginx's packaged `/etc/nginx/conf.d/default.conf`, as the image holds it: the entrypoint's
/// `10-listen-on-ipv6-by-default.sh` adds the IPv6 `listen` when it starts (a change `docker
/// diff` shows).
pub const NGINX_DEFAULT_CONF: &str = "server {\n    listen       80;\n    server_name  localhost;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n";

/// The same after the entrypoint's `sed` added `listen  [::]:80;` below `listen       80;`.
pub fn nginx_default_conf_ipv6() -> String {
    NGINX_DEFAULT_CONF.replacen("    listen       80;\n", "    listen       80;\n    listen  [::]:80;\n", 1)
}

fn add_image_files(repo: &str, fs: &mut Fs) {
    match repo {
        "nginx" => {
            fs.put("/usr/share/nginx/html/index.html", NGINX_INDEX);
            fs.put("/usr/share/nginx/html/50x.html", NGINX_50X);
            // nginx 1.27.4's `conf/mime.types`, which `nginx.conf` includes.
            fs.put("/etc/nginx/mime.types", include_str!("nginx-mime.types"));
            fs.put("/etc/nginx/nginx.conf", "user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /run/nginx.pid;\n\nevents {\n    worker_connections  1024;\n}\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n    sendfile        on;\n    keepalive_timeout  65;\n    include /etc/nginx/conf.d/*.conf;\n}\n");
            fs.put("/etc/nginx/conf.d/default.conf", NGINX_DEFAULT_CONF);
            let _ = fs.mkdir_p("/var/cache/nginx");
            let _ = fs.mkdir_p("/run");
            fs.put("/docker-entrypoint.sh", "#!/bin/sh\n");
            let _ = fs.mkdir_p("/docker-entrypoint.d");
        }
        "httpd" => {
            fs.put("/usr/local/apache2/htdocs/index.html", HTTPD_INDEX);
            fs.put(
                "/usr/local/apache2/conf/httpd.conf",
                "ServerRoot \"/usr/local/apache2\"\nListen 80\nDocumentRoot \"/usr/local/apache2/htdocs\"\n",
            );
        }
        "postgres" => {
            let _ = fs.mkdir_p("/var/lib/postgresql/data");
            let _ = fs.mkdir_p("/docker-entrypoint-initdb.d");
        }
        "mysql" | "mariadb" => {
            let _ = fs.mkdir_p("/var/lib/mysql");
            let _ = fs.mkdir_p("/docker-entrypoint-initdb.d");
        }
        "redis" => {
            let _ = fs.mkdir_p("/data");
        }
        "php" => {
            let _ = fs.mkdir_p("/var/www/html");
            let _ = fs.mkdir_p("/usr/local/etc/php/conf.d");
        }
        "wordpress" => {
            let _ = fs.mkdir_p("/var/www/html");
            let _ = fs.mkdir_p("/usr/local/etc/php/conf.d");
            for (path, content) in WORDPRESS_FILES {
                fs.put(&format!("/usr/src/wordpress/{path}"), *content);
            }
        }
        "neo4j" => {
            let _ = fs.mkdir_p("/data");
            let _ = fs.mkdir_p("/logs");
            let _ = fs.mkdir_p("/var/lib/neo4j/conf");
            fs.put("/var/lib/neo4j/conf/neo4j.conf", "server.default_listen_address=0.0.0.0\n");
        }
        "hello-world" => {
            fs.put("/hello", "");
        }
        _ => {}
    }
}

pub const NGINX_INDEX: &str = "<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href=\"http://nginx.org/\">nginx.org</a>.<br/>
Commercial support is available at
<a href=\"http://nginx.com/\">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
";

pub const NGINX_50X: &str = "<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
";

/// What the `wordpress` image keeps in /usr/src/wordpress, as far as Muelle looks at it (the
/// entrypoint copies it into the document root; Apache serves it). WordPress's own PHP does not
/// run: what it answers is modelled in `World::wordpress` (host `http.rs`).
pub const WORDPRESS_FILES: &[(&str, &str)] = &[
    ("index.php", "<?php\n/** Front to the WordPress application: loads wp-blog-header.php. */\ndefine( 'WP_USE_THEMES', true );\nrequire __DIR__ . '/wp-blog-header.php';\n"),
    ("wp-includes/version.php", "<?php\n/** The WordPress version string. */\n$wp_version = '6.7.2';\n"),
    ("wp-blog-header.php", "<?php\n"),
    ("wp-load.php", "<?php\n"),
    ("wp-settings.php", "<?php\n"),
    ("wp-login.php", "<?php\n"),
    ("wp-config-sample.php", "<?php\n"),
    // The image's own configuration: every setting from a `WORDPRESS_*` variable (or its `_FILE`).
    ("wp-config-docker.php", "<?php\n// Settings from the environment (getenv_docker: WORDPRESS_X_FILE, then WORDPRESS_X, then the default).\ndefine( 'DB_NAME', getenv_docker('WORDPRESS_DB_NAME', 'wordpress') );\ndefine( 'DB_USER', getenv_docker('WORDPRESS_DB_USER', 'example username') );\ndefine( 'DB_PASSWORD', getenv_docker('WORDPRESS_DB_PASSWORD', 'example password') );\ndefine( 'DB_HOST', getenv_docker('WORDPRESS_DB_HOST', 'mysql') );\n$table_prefix = getenv_docker('WORDPRESS_TABLE_PREFIX', 'wp_');\nrequire_once ABSPATH . 'wp-settings.php';\n"),
    ("wp-admin/install.php", "<?php\n"),
    ("wp-admin/index.php", "<?php\n"),
    ("wp-content/index.php", "<?php\n"),
    ("wp-content/themes/index.php", "<?php\n"),
    ("wp-content/plugins/index.php", "<?php\n"),
    (".htaccess", "# BEGIN WordPress\n\nRewriteEngine On\nRewriteBase /\nRewriteRule ^index\\.php$ - [L]\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule . /index.php [L]\n\n# END WordPress\n"),
    ("license.txt", "WordPress - Web publishing software\n"),
    ("readme.html", "<!DOCTYPE html>\n<title>WordPress &#8250; ReadMe</title>\n"),
];

pub const HTTPD_INDEX: &str = "<html><body><h1>It works!</h1></body></html>\n";

/// [`Reference::parse`], its refusal as the daemon's text.
pub fn parse_reference(reference: &str) -> Result<Reference, String> {
    Reference::parse(reference).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tag_carries_its_own_version() {
        let env_of = |r: &str| {
            let reference = parse_reference(r).unwrap();
            build_image(&reference, &mut Rng::new(1), SimTime::ZERO).config.env
        };
        let get = |env: &[(String, String)], k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(get(&env_of("python:3.12"), "PYTHON_VERSION").as_deref(), Some("3.12.9"));
        assert_eq!(get(&env_of("python:3.11-slim"), "PYTHON_VERSION").as_deref(), Some("3.11.11"));
        assert_eq!(get(&env_of("python:3.12.3-alpine"), "PYTHON_VERSION").as_deref(), Some("3.12.3"));
        assert_eq!(get(&env_of("python"), "PYTHON_VERSION").as_deref(), Some("3.13.2"));
        assert_eq!(get(&env_of("python:3-slim"), "PYTHON_VERSION").as_deref(), Some("3.13.2"));
        let pg = env_of("postgres:9.6");
        assert_eq!(get(&pg, "PG_MAJOR").as_deref(), Some("9.6"));
        assert_eq!(get(&pg, "PG_VERSION").as_deref(), Some("9.6.24-1.pgdg90+1"));
        assert!(get(&pg, "PATH").unwrap().ends_with("/usr/lib/postgresql/9.6/bin"));
        assert_eq!(get(&env_of("postgres"), "PG_MAJOR").as_deref(), Some("17"));
        assert_eq!(get(&env_of("postgres:16-alpine"), "PG_VERSION").as_deref(), Some("16.8"));
    }

    #[test]
    fn references_parse_like_docker() {
        let r = Reference::parse("nginx").unwrap();
        assert_eq!((r.repo.as_str(), r.tag.as_str()), ("nginx", "latest"));
        assert_eq!(r.canonical(), "docker.io/library/nginx:latest");
        let r = Reference::parse("postgres:9.6").unwrap();
        assert_eq!(r.familiar(), "postgres:9.6");
        let r = Reference::parse("localhost:5000/app:v1").unwrap();
        assert_eq!(r.domain.as_deref(), Some("localhost:5000"));
        assert_eq!(Reference::parse("Nginx"), Err(RefError::Uppercase("library/Nginx".into())));
        assert_eq!(Reference::parse("ngi nx"), Err(RefError::Invalid));
        assert_eq!(Reference::parse("nginx:"), Err(RefError::Invalid));
        assert_eq!(Reference::parse("-nginx"), Err(RefError::Invalid));
    }

    #[test]
    fn nginx_default_page_is_615_bytes() {
        assert_eq!(NGINX_INDEX.len(), 615);
    }

    #[test]
    fn unknown_tags_of_known_images_do_not_exist() {
        assert_eq!(
            remote_lookup(&Reference::parse("nginx:9.9").unwrap()),
            Err(PullError::TagNotFound { reference: "nginx:9.9".into() })
        );
        assert_eq!(remote_lookup(&Reference::parse("postgres:9.6").unwrap()), Ok(()));
        assert_eq!(
            remote_lookup(&Reference::parse("noexiste").unwrap()),
            Err(PullError::RepoNotFound { repo: "noexiste".into() })
        );
        assert_eq!(remote_lookup(&Reference::parse("miusuario/miapp").unwrap()), Ok(()));
        // Docker Hub's official images are a closed list; their tags are made of known words.
        let lookup = |r: &str| remote_lookup(&Reference::parse(r).unwrap());
        assert_eq!(lookup("foo"), Err(PullError::RepoNotFound { repo: "foo".into() }));
        assert_eq!(lookup("alpnie"), Err(PullError::RepoNotFound { repo: "alpnie".into() }));
        assert_eq!(lookup("nginx:lates"), Err(PullError::TagNotFound { reference: "nginx:lates".into() }));
        assert_eq!(lookup("python:3.12-slimm"), Err(PullError::TagNotFound { reference: "python:3.12-slimm".into() }));
        for real in [
            "wordpress",
            "nginx:1.25.3-alpine3.18",
            "openjdk:8-jdk-alpine",
            "python:3.8-slim-buster",
            "centos:7",
            "ubuntu:jammy",
        ] {
            assert_eq!(lookup(real), Ok(()), "{real}");
        }
    }
}
