//! Muelle's own words — explanations, hints, help — in Spanish and English.
//! Docker's output is never translated: real Docker prints English. Every
//! message is a `match`, so a missing translation is a compile error.

use crate::events::Cause;
use crate::world::World;

pub use sim_base::lang::Lang;

impl Cause {
    /// One sentence saying why, for the timeline, the graph and lessons.
    pub fn explain(&self, lang: Lang) -> String {
        use Cause::*;
        match (self, lang) {
            (DefaultBridgeHasNoDns { target }, Lang::Es) => format!("la red bridge por defecto no tiene DNS: «{target}» no se puede resolver por nombre; crea una red con `docker network create` y conecta ambos contenedores"),
            (DefaultBridgeHasNoDns { target }, Lang::En) => format!("the default bridge network has no DNS: \"{target}\" cannot be resolved by name; create a network with `docker network create` and attach both containers"),
            (NoSharedNetwork { target }, Lang::Es) => format!("«{target}» está en marcha, pero no comparte ninguna red con este contenedor"),
            (NoSharedNetwork { target }, Lang::En) => format!("\"{target}\" is running, but shares no network with this container"),
            (TargetNotRunning { target }, Lang::Es) => format!("«{target}» no está en marcha: sin proceso no tiene IP ni nombre en la red"),
            (TargetNotRunning { target }, Lang::En) => format!("\"{target}\" is not running: with no process it has no IP and no name on the network"),
            (UnknownName { name }, Lang::Es) => format!("ningún contenedor ni alias se llama «{name}»"),
            (UnknownName { name }, Lang::En) => format!("no container or alias is called \"{name}\""),
            (NoNetwork, Lang::Es) => "el contenedor no tiene red (--network none)".into(),
            (NoNetwork, Lang::En) => "the container has no network (--network none)".into(),
            (DifferentNetwork { ip }, Lang::Es) => format!("{ip} está en otra red: los paquetes entre redes distintas se descartan"),
            (DifferentNetwork { ip }, Lang::En) => format!("{ip} is on another network: packets between different networks are dropped"),
            (HostUnreachable { ip }, Lang::Es) => format!("nadie tiene la dirección {ip} en esta red"),
            (HostUnreachable { ip }, Lang::En) => format!("nobody has the address {ip} on this network"),
            (ConnectionRefused { port }, Lang::Es) => format!("nada escucha en el puerto {port}"),
            (ConnectionRefused { port }, Lang::En) => format!("nothing listens on port {port}"),
            (NotReadyYet { target, port }, Lang::Es) => format!("«{target}» aún está arrancando: todavía no escucha en el puerto {port}"),
            (NotReadyYet { target, port }, Lang::En) => format!("\"{target}\" is still starting: it does not listen on port {port} yet"),
            (PortNotPublished { port }, Lang::Es) => format!("ningún contenedor publica el puerto {port} del anfitrión (usa -p {port}:PUERTO)"),
            (PortNotPublished { port }, Lang::En) => format!("no container publishes host port {port} (use -p {port}:PORT)"),
            (MissingEnv { vars }, Lang::Es) => format!("falta una variable de entorno obligatoria: {}", vars.join(", ")),
            (MissingEnv { vars }, Lang::En) => format!("a required environment variable is missing: {}", vars.join(", ")),
            (OutOfMemory, Lang::Es) => "superó su límite de memoria y el kernel lo mató (OOM, código 137)".into(),
            (OutOfMemory, Lang::En) => "it went over its memory limit and the kernel killed it (OOM, exit 137)".into(),
            (Killed { signal }, Lang::Es) => format!("terminado por la señal {signal}"),
            (Killed { signal }, Lang::En) => format!("killed by signal {signal}"),
            (ProcessExited, Lang::Es) => "su proceso principal terminó".into(),
            (ProcessExited, Lang::En) => "its main process ended".into(),
            (InternalNetwork, Lang::Es) => "la red es interna (--internal): no tiene salida al exterior".into(),
            (InternalNetwork, Lang::En) => "the network is internal (--internal): it has no way out".into(),
            (ExecFailed { path }, Lang::Es) => format!("el kernel no pudo ejecutar {path}: falta su intérprete (#!) o su cargador dinámico; ¿un volumen o bind mount tapa un directorio del sistema de la imagen (/usr, /lib, /bin)?"),
            (ExecFailed { path }, Lang::En) => format!("the kernel could not run {path}: its interpreter (#!) or its dynamic loader is missing; does a volume or bind mount hide one of the image's system directories (/usr, /lib, /bin)?"),
            (Paused { target }, Lang::Es) => format!("«{target}» está en pausa (docker pause): su kernel acepta la conexión, pero sus procesos están congelados y no responden hasta `docker unpause {target}`"),
            (Paused { target }, Lang::En) => format!("\"{target}\" is paused (docker pause): its kernel accepts the connection, but its processes are frozen and answer nothing until `docker unpause {target}`"),
        }
    }
}

/// Whether `asker` is a Compose service that `depends_on` `target`'s service without
/// `condition: service_healthy`: Compose started it as soon as the target's container started,
/// before its program listened. Read from the labels Compose writes
/// (`com.docker.compose.depends_on` = `svc:condition:restart,…`), as `docker inspect` shows them.
fn started_before_ready(world: &World, asker: crate::world::Cid, target: crate::world::Cid) -> bool {
    let label = |cid: crate::world::Cid, key: &str| {
        world.container(cid).and_then(|c| c.config.labels.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    };
    let project = "com.docker.compose.project";
    let (Some(mine), Some(theirs)) = (label(asker, project), label(target, project)) else { return false };
    let Some(service) = label(target, "com.docker.compose.service") else { return false };
    let deps = label(asker, "com.docker.compose.depends_on").unwrap_or_default();
    mine == theirs
        && deps.split(',').any(|dep| {
            let mut parts = dep.split(':');
            parts.next() == Some(service.as_str()) && parts.next() != Some("service_healthy")
        })
}

/// Muelle's explanation of why container `name` last exited, with the blame Compose's
/// `depends_on` deserves when its program found a dependency still starting: only for a
/// service that depends on it (from the host's shell or a plain `docker run` nothing did).
pub fn explain_exit(world: &World, name: &str, cause: &Cause, lang: Lang) -> String {
    let mut text = cause.explain(lang);
    if let Cause::NotReadyYet { target, .. } = cause {
        let by_name = |n: &str| world.containers().iter().find(|(_, c)| c.name == n).map(|(cid, _)| *cid);
        if let (Some(asker), Some(target)) = (by_name(name), by_name(target)) {
            if started_before_ready(world, asker, target) {
                text.push_str(match lang {
                    Lang::Es => " (depends_on no espera a que esté listo: usa condition: service_healthy)",
                    Lang::En => " (depends_on does not wait for readiness: use condition: service_healthy)",
                });
            }
        }
    }
    text
}

/// Why a stop waits its whole timeout, for one container or several.
fn stop_timeout_text(names: &[String], signal: &str, seconds: u64, lang: Lang) -> String {
    let quoted: Vec<String> = names
        .iter()
        .map(|n| match lang {
            Lang::Es => format!("«{n}»"),
            Lang::En => format!("\"{n}\""),
        })
        .collect();
    let and = match lang {
        Lang::Es => " y ",
        Lang::En => " and ",
    };
    let named = match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => quoted.concat(),
    };
    match (lang, names.len() == 1) {
        (Lang::Es, true) => format!("{named} no terminó con {signal}: su proceso principal es el PID 1 del contenedor, y a un PID 1 que no maneja la señal el kernel no le aplica la acción por defecto; Docker espera {seconds} s y luego lo mata con SIGKILL"),
        (Lang::Es, false) => format!("{named} no terminaron con {signal}: su proceso principal es el PID 1 de cada contenedor, y a un PID 1 que no maneja la señal el kernel no le aplica la acción por defecto; Docker espera {seconds} s y luego los mata con SIGKILL"),
        (Lang::En, true) => format!("{named} did not end on {signal}: its main process is the container's PID 1, and the kernel does not apply a signal's default action to a PID 1 that does not handle it; Docker waits {seconds} s, then kills it with SIGKILL"),
        (Lang::En, false) => format!("{named} did not end on {signal}: their main processes are their containers' PID 1, and the kernel does not apply a signal's default action to a PID 1 that does not handle it; Docker waits {seconds} s, then kills them with SIGKILL"),
    }
}

/// The placeholder hint: "`<image>` es un marcador…", with an example line when there is one.
fn placeholder_text(words: &[String], example: Option<&str>, lang: Lang) -> String {
    let list: Vec<String> = words.iter().map(|w| format!("`<{w}>`")).collect();
    let (and, one) = match lang {
        Lang::Es => (" y ", words.len() == 1),
        Lang::En => (" and ", words.len() == 1),
    };
    let named = match list.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{and}{last}", rest.join(", ")),
        _ => list.concat(),
    };
    let mut text = match (lang, one) {
        (Lang::Es, true) => format!("{named} es un marcador del tutorial: cámbialo por un valor real, sin `< >` (bash lee `<` y `>` como redirecciones)"),
        (Lang::Es, false) => format!("{named} son marcadores del tutorial: cámbialos por valores reales, sin `< >` (bash lee `<` y `>` como redirecciones)"),
        (Lang::En, true) => format!("{named} is a placeholder from the tutorial: replace it with a real value, without `< >` (bash reads `<` and `>` as redirections)"),
        (Lang::En, false) => format!("{named} are placeholders from the tutorial: replace them with real values, without `< >` (bash reads `<` and `>` as redirections)"),
    };
    if let Some(e) = example {
        text.push_str(match lang {
            Lang::Es => ". Por ejemplo: `",
            Lang::En => ". For example: `",
        });
        text.push_str(e);
        text.push('`');
    }
    text
}

/// Muelle's hint lines, printed after Docker's own error where it helps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    CommandNotFoundPing,
    CommandNotFoundCurl,
    RunNeedsImage,
    Explain(Cause),
    /// Already worded in the session's language (Compose's located explanations).
    Text(String),
    /// A Python program imported a package pip installs (flask, redis…), absent from the image.
    PythonModuleMissing {
        module: String,
    },
    /// `<image>`, `<container_path>`… typed as they are in a tutorial: the words inside the
    /// brackets, and the line with real values when every word has a usual one.
    Placeholder {
        words: Vec<String>,
        example: Option<String>,
    },
    /// `apt-get install PKG` in a container whose package lists were never fetched.
    AptUpdateFirst {
        package: String,
    },
    /// An attached `docker run` (or `compose up`, `start -a`, `attach`) still runs a while after
    /// it started: the terminal shows its output and gives no prompt.
    StillAttached,
    /// `docker stop` (or `compose down`/`stop`, Ctrl-C on `compose up`) waits out the stop
    /// timeout: the main process ignored the stop signal (as PID 1 without a handler).
    StopTimeout {
        names: Vec<String>,
        signal: String,
        seconds: u64,
    },
    /// `apt-get`/`apt` typed on the host, where the student is not root: the tutorials run it
    /// inside a container.
    AptOnHost,
    /// A web framework's application answered 500: its connection to `target` (`host:port`,
    /// from its environment or source files) failed for `cause`.
    ApplicationCannotConnect {
        server: String,
        target: String,
        cause: Cause,
    },
    /// A tutorial's prompt (`#`, `$`) copied with the command; `command` is the rest.
    PromptCopied {
        prompt: char,
        command: String,
    },
}

impl Hint {
    pub fn text(&self, lang: Lang) -> String {
        let body = match (self, lang) {
            (Hint::CommandNotFoundPing, Lang::Es) => {
                "ping no viene en esta imagen: instálalo con `apt-get update; apt-get install -y iputils-ping`"
                    .to_string()
            }
            (Hint::CommandNotFoundPing, Lang::En) => {
                "ping is not in this image: install it with `apt-get update; apt-get install -y iputils-ping`"
                    .to_string()
            }
            (Hint::CommandNotFoundCurl, Lang::Es) => {
                "curl no viene en esta imagen: instálalo con `apt-get update; apt-get install -y curl`".to_string()
            }
            (Hint::CommandNotFoundCurl, Lang::En) => {
                "curl is not in this image: install it with `apt-get update; apt-get install -y curl`".to_string()
            }
            (Hint::RunNeedsImage, Lang::Es) => "indica una imagen, por ejemplo `docker run nginx`".to_string(),
            (Hint::RunNeedsImage, Lang::En) => "name an image, for example `docker run nginx`".to_string(),
            (Hint::Explain(cause), lang) => cause.explain(lang),
            (Hint::Text(text), _) => text.clone(),
            (Hint::PythonModuleMissing { module }, Lang::Es) => format!(
                "«{module}» no es parte de Python: se instala con pip (`RUN pip install {module}` en el Dockerfile, o un requirements.txt). El Python de Muelle no ejecuta paquetes de pip; `x-muelle` (listens, connects) describe lo que hace el programa"
            ),
            (Hint::PythonModuleMissing { module }, Lang::En) => format!(
                "\"{module}\" is not part of Python: pip installs it (`RUN pip install {module}` in the Dockerfile, or a requirements.txt). Muelle's Python does not run pip packages; `x-muelle` (listens, connects) describes what the program does"
            ),
            (Hint::AptOnHost, Lang::Es) => "esto corrió en el anfitrión, donde no eres root; en los tutoriales `apt-get` va dentro de un contenedor: entra con `docker run -it ubuntu bash` (o `docker exec -it NOMBRE bash` en uno que ya corre) y escríbelo allí".to_string(),
            (Hint::AptOnHost, Lang::En) => "this ran on the host, where you are not root; in the tutorials `apt-get` goes inside a container: enter one with `docker run -it ubuntu bash` (or `docker exec -it NAME bash` in one already running) and type it there".to_string(),
            (Hint::StillAttached, Lang::Es) => "el contenedor sigue en marcha y esta terminal muestra su salida: Ctrl+C para parar, o abre otra terminal con +. (Con `-d` corre en segundo plano.)".to_string(),
            (Hint::StillAttached, Lang::En) => "the container keeps running and this terminal shows its output: Ctrl+C to stop, or open another terminal with +. (With `-d` it runs in the background.)".to_string(),
            (Hint::StopTimeout { names, signal, seconds }, lang) => stop_timeout_text(names, signal, *seconds, lang),
            (Hint::Placeholder { words, example }, lang) => placeholder_text(words, example.as_deref(), lang),
            (Hint::AptUpdateFirst { package }, Lang::Es) => format!(
                "las imágenes vienen sin la lista de paquetes de apt: corre primero `apt-get update` y después `apt-get install -y {package}` (o las dos juntas: `apt-get update; apt-get install -y {package}`)"
            ),
            (Hint::AptUpdateFirst { package }, Lang::En) => format!(
                "images come without apt's package lists: run `apt-get update` first, then `apt-get install -y {package}` (or both at once: `apt-get update; apt-get install -y {package}`)"
            ),
            (Hint::ApplicationCannotConnect { server, target, cause }, Lang::Es) => format!(
                "«{server}» respondió 500: su aplicación no pudo conectar con {target}, que su código o su entorno nombran: {}",
                cause.explain(lang)
            ),
            (Hint::ApplicationCannotConnect { server, target, cause }, Lang::En) => format!(
                "\"{server}\" answered 500: its application could not connect to {target}, which its code or environment names: {}",
                cause.explain(lang)
            ),
            (Hint::PromptCopied { prompt: '#', command }, Lang::Es) => format!(
                "el `#` del tutorial es el prompt de un shell de root, no parte del comando: una línea que empieza con `#` es un comentario y bash no la ejecuta. Escribe solo `{command}`"
            ),
            (Hint::PromptCopied { prompt: '#', command }, Lang::En) => format!(
                "the tutorial's `#` is a root shell's prompt, not part of the command: a line that starts with `#` is a comment and bash does not run it. Type only `{command}`"
            ),
            (Hint::PromptCopied { prompt, command }, Lang::Es) => {
                format!("el `{prompt}` del tutorial es el prompt, no parte del comando. Escribe solo `{command}`")
            }
            (Hint::PromptCopied { prompt, command }, Lang::En) => {
                format!("the tutorial's `{prompt}` is the prompt, not part of the command. Type only `{command}`")
            }
        };
        format!("muelle: {body}")
    }
}
