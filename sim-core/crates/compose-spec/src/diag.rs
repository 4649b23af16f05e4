//! What went wrong, where, and how to fix it. A [`Diagnostic`] carries a
//! message id with its arguments ([`Msg`]), translated by an exhaustive
//! `match` per language — a missing translation is a compile error — plus,
//! separately, the text docker compose itself prints for the same problem,
//! which the CLI shows untranslated on stderr exactly as real Docker does.

use sim_base::lang::Lang;

/// A place in an input file (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub col: u32,
}

/// The broad kind of a problem, for tests and for callers that branch on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Yaml,
    Limit,
    Schema,
    Interpolation,
    Reference,
    Cycle,
    MissingFile,
    Consistency,
    Project,
}

/// Every problem Muelle explains, with what it needs to say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// A TAB in the indentation (at the diagnostic's place); `more` = line and column of every
    /// other one in the same file (Compose names only the first; Muelle lists them all).
    TabIndent {
        more: Vec<(u32, u32)>,
    },
    YamlSyntax {
        detail: String,
    },
    DuplicateKey {
        key: String,
        first_line: u32,
    },
    UnknownAlias {
        name: String,
    },
    NonStringKey {
        key: String,
    },
    BadMerge,
    TooBig {
        bytes: usize,
        max: usize,
    },
    TooManyNodes {
        max: usize,
    },
    TooDeep {
        max: usize,
    },
    EmptyFile,
    NotAMapping {
        path: String,
    },
    UnknownKey {
        path: String,
        key: String,
        suggestion: Option<String>,
    },
    WrongType {
        path: String,
        expected: String,
        found: String,
    },
    BadEnum {
        path: String,
        value: String,
        allowed: String,
    },
    Required {
        path: String,
        key: String,
    },
    InvalidTemplate {
        path: String,
        template: String,
    },
    RequiredVariable {
        path: String,
        var: String,
        reason: String,
    },
    CastFailed {
        path: String,
        value: String,
        expected: String,
    },
    UndefinedNetwork {
        service: String,
        name: String,
    },
    UndefinedVolume {
        service: String,
        name: String,
    },
    UndefinedConfig {
        service: String,
        name: String,
    },
    UndefinedSecret {
        service: String,
        name: String,
    },
    UndefinedService {
        service: String,
        dep: String,
    },
    DependencyCycle {
        cycle: Vec<String>,
    },
    ExtendsCycle {
        chain: Vec<String>,
    },
    IncludeCycle {
        chain: Vec<String>,
    },
    ExtendsUnknown {
        service: String,
        base: String,
    },
    NoImageNoBuild {
        service: String,
    },
    DuplicateContainerName {
        name: String,
        service: String,
    },
    ContainerNameWithReplicas {
        service: String,
    },
    NetworkModeAndNetworks {
        service: String,
    },
    BadPort {
        spec: String,
        detail: String,
    },
    BadVolume {
        spec: String,
        detail: String,
    },
    BadHealthcheck {
        service: String,
    },
    PlatformNotInBuild {
        platform: String,
    },
    FileNotFound {
        path: String,
    },
    EnvFileNotFound {
        path: String,
    },
    NoConfigFile {
        dir: String,
    },
    InvalidProjectName {
        name: String,
    },
    EmptyProjectName,
    BadEnvFile {
        path: String,
        detail: String,
    },
    /// Compose v2.40 cannot print `build.ssh` keys with a path as JSON (its own bug).
    JsonSshKey,
    /// A compose rule Muelle does not explain in detail; the compose text says it.
    Other {
        text: String,
    },
}

/// One located problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub loc: Option<Location>,
    pub msg: Msg,
    /// What `docker compose` prints for this problem (English, as Docker says it).
    pub compose: String,
}

/// Something Compose warns about but accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarnMsg {
    ObsoleteVersion,
    UnsetVariable {
        var: String,
    },
    YamlBool {
        value: String,
    },
    MultipleConfigFiles {
        files: String,
    },
    /// An `x-muelle` field Muelle cannot use (real Docker ignores `x-` keys).
    BadMuelle {
        field: String,
        value: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub loc: Option<Location>,
    pub msg: WarnMsg,
    /// The logrus message docker compose prints (after `WARN[0000] `).
    pub compose: String,
}

impl Diagnostic {
    pub fn new(loc: Option<Location>, msg: Msg, compose: impl Into<String>) -> Diagnostic {
        Diagnostic { loc, msg, compose: compose.into() }
    }

    pub fn kind(&self) -> Kind {
        use Msg::*;
        match &self.msg {
            TabIndent { .. }
            | YamlSyntax { .. }
            | DuplicateKey { .. }
            | UnknownAlias { .. }
            | NonStringKey { .. }
            | BadMerge => Kind::Yaml,
            TooBig { .. } | TooManyNodes { .. } | TooDeep { .. } => Kind::Limit,
            EmptyFile
            | NotAMapping { .. }
            | UnknownKey { .. }
            | WrongType { .. }
            | BadEnum { .. }
            | Required { .. } => Kind::Schema,
            InvalidTemplate { .. } | RequiredVariable { .. } | CastFailed { .. } => Kind::Interpolation,
            UndefinedNetwork { .. }
            | UndefinedVolume { .. }
            | UndefinedConfig { .. }
            | UndefinedSecret { .. }
            | UndefinedService { .. }
            | ExtendsUnknown { .. } => Kind::Reference,
            DependencyCycle { .. } | ExtendsCycle { .. } | IncludeCycle { .. } => Kind::Cycle,
            FileNotFound { .. } | EnvFileNotFound { .. } | NoConfigFile { .. } => Kind::MissingFile,
            NoImageNoBuild { .. }
            | DuplicateContainerName { .. }
            | ContainerNameWithReplicas { .. }
            | NetworkModeAndNetworks { .. }
            | BadPort { .. }
            | BadVolume { .. }
            | BadHealthcheck { .. }
            | PlatformNotInBuild { .. }
            | BadEnvFile { .. }
            | JsonSshKey
            | Other { .. } => Kind::Consistency,
            InvalidProjectName { .. } | EmptyProjectName => Kind::Project,
        }
    }

    /// `compose.yaml:12:7: …` — Muelle's explanation, located and translated.
    pub fn explain(&self, lang: Lang) -> String {
        let body = self.msg.text(lang);
        match &self.loc {
            Some(l) => format!("{}:{}:{}: {body}", l.file, l.line, l.col),
            None => body,
        }
    }
}

impl Warning {
    pub fn explain(&self, lang: Lang) -> String {
        let body = self.msg.text(lang);
        match &self.loc {
            Some(l) => format!("{}:{}:{}: {body}", l.file, l.line, l.col),
            None => body,
        }
    }
}

impl WarnMsg {
    pub fn text(&self, lang: Lang) -> String {
        use WarnMsg::*;
        match (self, lang) {
            (ObsoleteVersion, Lang::Es) => "`version:` ya no se usa: Compose lo ignora; puedes borrar esa línea".into(),
            (ObsoleteVersion, Lang::En) => "`version:` is obsolete: Compose ignores it; you can delete that line".into(),
            (UnsetVariable { var }, Lang::Es) => format!("la variable {var} no está definida (ni exportada en la shell ni en .env): se sustituye por una cadena vacía; usa ${{{var}:-valor}} para dar un valor por defecto"),
            (UnsetVariable { var }, Lang::En) => format!("the variable {var} is not set (neither exported in the shell nor in .env): it becomes an empty string; use ${{{var}:-value}} for a default"),
            (YamlBool { value }, Lang::Es) => format!("«{value}» como booleano es YAML 1.1: escribe true o false"),
            (YamlBool { value }, Lang::En) => format!("\"{value}\" as a boolean is YAML 1.1: write true or false"),
            (MultipleConfigFiles { files }, Lang::Es) => format!("hay varios ficheros de Compose en el directorio ({files}): se usa el primero"),
            (BadMuelle { field, value }, Lang::Es) => format!("x-muelle: no entiendo «{field}» = «{value}»; se ignora (campos: listens, connects, ready_after, exits_after, exit_code, memory, http_body)"),
            (BadMuelle { field, value }, Lang::En) => format!("x-muelle: cannot use \"{field}\" = \"{value}\"; it is ignored (fields: listens, connects, ready_after, exits_after, exit_code, memory, http_body)"),
            (MultipleConfigFiles { files }, Lang::En) => format!("there are several Compose files in the directory ({files}): the first one is used"),
        }
    }
}

impl Msg {
    pub fn text(&self, lang: Lang) -> String {
        use Msg::*;
        match (self, lang) {
            (TabIndent { more }, Lang::Es) => format!("hay un TAB en la sangría: en YAML la sangría se hace con espacios, no con tabuladores; cambia cada TAB por espacios (por ejemplo 2 por nivel){}", places(more, "; hay más TABs en la sangría en")),
            (TabIndent { more }, Lang::En) => format!("there is a TAB in the indentation: YAML indentation uses spaces, not tabs; replace each TAB with spaces (for example 2 per level){}", places(more, "; there are more TABs in the indentation at")),
            (YamlSyntax { detail }, Lang::Es) => format!("el YAML no se puede leer aquí ({detail}); revisa la sangría, los «:» y las comillas de esta línea y la anterior"),
            (YamlSyntax { detail }, Lang::En) => format!("the YAML cannot be read here ({detail}); check the indentation, the ':' and the quotes on this line and the one before"),
            (DuplicateKey { key, first_line }, Lang::Es) => format!("la clave «{key}» está repetida (ya aparece en la línea {first_line}); deja solo una"),
            (DuplicateKey { key, first_line }, Lang::En) => format!("the key \"{key}\" is repeated (it already appears on line {first_line}); keep only one"),
            (UnknownAlias { name }, Lang::Es) => format!("el alias *{name} no corresponde a ningún ancla &{name} definida antes"),
            (UnknownAlias { name }, Lang::En) => format!("the alias *{name} refers to no anchor &{name} defined before it"),
            (NonStringKey { key }, Lang::Es) => format!("«{key}» no puede ser una clave: las claves de Compose son textos"),
            (NonStringKey { key }, Lang::En) => format!("\"{key}\" cannot be a key: Compose keys are strings"),
            (BadMerge, Lang::Es) => "`<<:` solo puede fusionar un mapa o una lista de mapas (por ejemplo `<<: *comun`)".into(),
            (BadMerge, Lang::En) => "`<<:` can only merge a mapping or a list of mappings (for example `<<: *common`)".into(),
            (TooBig { bytes, max }, Lang::Es) => format!("el fichero ocupa {bytes} bytes y Muelle acepta como mucho {max}: un compose.yaml real ocupa unos pocos KB"),
            (TooBig { bytes, max }, Lang::En) => format!("the file is {bytes} bytes and Muelle accepts at most {max}: a real compose.yaml is a few KB"),
            (TooManyNodes { max }, Lang::Es) => format!("sus alias se expanden a más de {max} valores (¿anclas y alias que se multiplican?); Muelle lo rechaza para no colgarse"),
            (TooManyNodes { max }, Lang::En) => format!("its aliases expand to more than {max} values (anchors and aliases multiplying?); Muelle refuses it so as not to hang"),
            (TooDeep { max }, Lang::Es) => format!("hay más de {max} niveles de anidamiento; Muelle lo rechaza"),
            (TooDeep { max }, Lang::En) => format!("there are more than {max} levels of nesting; Muelle refuses it"),
            (EmptyFile, Lang::Es) => "el fichero no define nada: empieza con `services:` y al menos un servicio".into(),
            (EmptyFile, Lang::En) => "the file defines nothing: start with `services:` and at least one service".into(),
            (NotAMapping { path }, Lang::Es) => format!("«{path}» debe ser un mapa (claves con «:» debajo, más sangradas)"),
            (NotAMapping { path }, Lang::En) => format!("\"{path}\" must be a mapping (keys with ':' below it, indented further)"),
            (UnknownKey { path, key, suggestion: Some(s) }, Lang::Es) => format!("«{key}» no es una clave válida en {path}; ¿querías decir «{s}»?"),
            (UnknownKey { path, key, suggestion: Some(s) }, Lang::En) => format!("\"{key}\" is not a valid key in {path}; did you mean \"{s}\"?"),
            (UnknownKey { path, key, suggestion: None }, Lang::Es) => format!("«{key}» no es una clave válida en {path}; revisa cómo se escribe (las extensiones propias empiezan por x-)"),
            (UnknownKey { path, key, suggestion: None }, Lang::En) => format!("\"{key}\" is not a valid key in {path}; check its spelling (your own extensions start with x-)"),
            (WrongType { path, expected, found }, Lang::Es) => {
                let tip = if path == "version" {
                    " (ponlo entre comillas, \"3\", o mejor bórralo: Compose ya no usa «version»)"
                } else if expected == "string" && matches!(found.as_str(), "integer" | "number" | "boolean") {
                    " (ponlo entre comillas, por ejemplo \"3\")"
                } else {
                    ""
                };
                format!("{path} debe ser {} y aquí es {}{tip}", es_kind(expected), es_kind(found))
            }
            (WrongType { path, expected, found }, Lang::En) => {
                let tip = if path == "version" {
                    " (quote it, \"3\", or better delete it: Compose no longer uses \"version\")"
                } else if expected == "string" && matches!(found.as_str(), "integer" | "number" | "boolean") {
                    " (put it in quotes, for example \"3\")"
                } else {
                    ""
                };
                format!("{path} must be {} and here it is {}{tip}", en_kind(expected), en_kind(found))
            }
            (BadEnum { path, value, allowed }, Lang::Es) => format!("«{value}» no vale para {path}; los valores posibles son: {allowed}"),
            (BadEnum { path, value, allowed }, Lang::En) => format!("\"{value}\" is not valid for {path}; the possible values are: {allowed}"),
            (Required { path, key }, Lang::Es) => format!("a {path} le falta «{key}», que es obligatorio"),
            (Required { path, key }, Lang::En) => format!("{path} is missing \"{key}\", which is required"),
            (InvalidTemplate { path, template }, Lang::Es) => format!("en {path}, «{template}» no es una sustitución válida: usa ${{VAR}}, ${{VAR:-defecto}}… y escribe $$ para un $ literal"),
            (InvalidTemplate { path, template }, Lang::En) => format!("in {path}, \"{template}\" is not a valid substitution: use ${{VAR}}, ${{VAR:-default}}… and write $$ for a literal $"),
            (RequiredVariable { path, var, reason }, Lang::Es) => format!("{path} necesita la variable {var} ({reason}): expórtala (`export {var}=…`) o ponla en el fichero .env"),
            (RequiredVariable { path, var, reason }, Lang::En) => format!("{path} needs the variable {var} ({reason}): export it (`export {var}=…`) or put it in the .env file"),
            (CastFailed { path, value, expected }, Lang::Es) => format!("tras sustituir variables, {path} vale «{value}», que no es {}", es_kind(expected)),
            (CastFailed { path, value, expected }, Lang::En) => format!("after substituting variables, {path} is \"{value}\", which is not {}", en_kind(expected)),
            (UndefinedNetwork { service, name }, Lang::Es) => format!("el servicio «{service}» usa la red «{name}», que no está declarada: añádela en `networks:` al nivel superior"),
            (UndefinedNetwork { service, name }, Lang::En) => format!("service \"{service}\" uses the network \"{name}\", which is not declared: add it under the top-level `networks:`"),
            (UndefinedVolume { service, name }, Lang::Es) => format!("el servicio «{service}» usa el volumen con nombre «{name}», que no está declarado: añádelo en `volumes:` al nivel superior (o escribe ./{name} si querías una carpeta del anfitrión)"),
            (UndefinedVolume { service, name }, Lang::En) => format!("service \"{service}\" uses the named volume \"{name}\", which is not declared: add it under the top-level `volumes:` (or write ./{name} if you meant a host folder)"),
            (UndefinedConfig { service, name }, Lang::Es) => format!("el servicio «{service}» usa la config «{name}», que no está declarada en `configs:`"),
            (UndefinedConfig { service, name }, Lang::En) => format!("service \"{service}\" uses the config \"{name}\", which is not declared under `configs:`"),
            (UndefinedSecret { service, name }, Lang::Es) => format!("el servicio «{service}» usa el secreto «{name}», que no está declarado en `secrets:`"),
            (UndefinedSecret { service, name }, Lang::En) => format!("service \"{service}\" uses the secret \"{name}\", which is not declared under `secrets:`"),
            (UndefinedService { service, dep }, Lang::Es) => format!("el servicio «{service}» depende de «{dep}», que no existe en este proyecto (¿está mal escrito o en un perfil inactivo?)"),
            (UndefinedService { service, dep }, Lang::En) => format!("service \"{service}\" depends on \"{dep}\", which does not exist in this project (misspelt, or in an inactive profile?)"),
            (DependencyCycle { cycle }, Lang::Es) => format!("depends_on forma un ciclo: {}; ningún servicio podría arrancar el primero, quita una de esas dependencias", cycle.join(" → ")),
            (DependencyCycle { cycle }, Lang::En) => format!("depends_on forms a cycle: {}; no service could start first, remove one of those dependencies", cycle.join(" → ")),
            (ExtendsCycle { chain }, Lang::Es) => format!("extends forma un ciclo: {}", chain.join(" → ")),
            (ExtendsCycle { chain }, Lang::En) => format!("extends forms a cycle: {}", chain.join(" → ")),
            (IncludeCycle { chain }, Lang::Es) => format!("include forma un ciclo: {}", chain.join(" → ")),
            (IncludeCycle { chain }, Lang::En) => format!("include forms a cycle: {}", chain.join(" → ")),
            (ExtendsUnknown { service, base }, Lang::Es) => format!("el servicio «{service}» extiende «{base}», que no existe"),
            (ExtendsUnknown { service, base }, Lang::En) => format!("service \"{service}\" extends \"{base}\", which does not exist"),
            (NoImageNoBuild { service }, Lang::Es) => format!("el servicio «{service}» no tiene `image:` ni `build:`: Compose no sabe qué ejecutar; añade una de las dos"),
            (NoImageNoBuild { service }, Lang::En) => format!("service \"{service}\" has neither `image:` nor `build:`: Compose does not know what to run; add one of them"),
            (DuplicateContainerName { name, service }, Lang::Es) => format!("el nombre de contenedor «{name}» de «{service}» ya lo usa otro servicio: cada container_name debe ser único"),
            (DuplicateContainerName { name, service }, Lang::En) => format!("the container name \"{name}\" of \"{service}\" is already used by another service: each container_name must be unique"),
            (ContainerNameWithReplicas { service }, Lang::Es) => format!("«{service}» tiene container_name y varias réplicas: dos contenedores no pueden llamarse igual; quita container_name o deja una réplica"),
            (ContainerNameWithReplicas { service }, Lang::En) => format!("\"{service}\" has container_name and several replicas: two containers cannot share a name; drop container_name or keep one replica"),
            (NetworkModeAndNetworks { service }, Lang::Es) => format!("«{service}» declara network_mode y networks a la vez; usa solo uno"),
            (NetworkModeAndNetworks { service }, Lang::En) => format!("\"{service}\" declares both network_mode and networks; use only one"),
            (BadPort { spec, detail }, Lang::Es) => format!("«{spec}» no es un puerto válido ({detail}); la forma corta es \"ANFITRIÓN:CONTENEDOR\", por ejemplo \"8080:80\", entre comillas"),
            (BadPort { spec, detail }, Lang::En) => format!("\"{spec}\" is not a valid port ({detail}); the short form is \"HOST:CONTAINER\", for example \"8080:80\", in quotes"),
            (BadVolume { spec, detail }, Lang::Es) => format!("«{spec}» no es un volumen válido ({detail}); la forma corta es ORIGEN:DESTINO[:ro]"),
            (BadVolume { spec, detail }, Lang::En) => format!("\"{spec}\" is not a valid volume ({detail}); the short form is SOURCE:TARGET[:ro]"),
            (BadHealthcheck { service }, Lang::Es) => format!("el healthcheck de «{service}» debe empezar por \"CMD\", \"CMD-SHELL\" o \"NONE\""),
            (BadHealthcheck { service }, Lang::En) => format!("the healthcheck of \"{service}\" must start with \"CMD\", \"CMD-SHELL\" or \"NONE\""),
            (PlatformNotInBuild { platform }, Lang::Es) => format!("la plataforma «{platform}» no está en build.platforms"),
            (PlatformNotInBuild { platform }, Lang::En) => format!("the platform \"{platform}\" is not in build.platforms"),
            (FileNotFound { path }, Lang::Es) => format!("no existe el fichero {path}"),
            (FileNotFound { path }, Lang::En) => format!("the file {path} does not exist"),
            (EnvFileNotFound { path }, Lang::Es) => format!("el env_file {path} no existe: créalo o marca la entrada con `required: false`"),
            (EnvFileNotFound { path }, Lang::En) => format!("the env_file {path} does not exist: create it or mark the entry `required: false`"),
            (NoConfigFile { dir }, Lang::Es) => format!("no hay compose.yaml, compose.yml, docker-compose.yml ni docker-compose.yaml en {dir} ni en sus directorios padre; crea uno o indica cuál con -f"),
            (NoConfigFile { dir }, Lang::En) => format!("there is no compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml in {dir} or its parents; create one or name it with -f"),
            (InvalidProjectName { name }, Lang::Es) => format!("«{name}» no vale como nombre de proyecto: solo minúsculas, cifras, «-» y «_», empezando por letra o cifra"),
            (InvalidProjectName { name }, Lang::En) => format!("\"{name}\" is not a valid project name: only lowercase letters, digits, '-' and '_', starting with a letter or digit"),
            (EmptyProjectName, Lang::Es) => "el nombre del proyecto queda vacío: usa -p NOMBRE o `name:` en el fichero".into(),
            (EmptyProjectName, Lang::En) => "the project name ends up empty: use -p NAME or `name:` in the file".into(),
            (BadEnvFile { path, detail }, Lang::Es) => format!("no se puede leer {path}: {detail}; cada línea es VARIABLE=valor"),
            (BadEnvFile { path, detail }, Lang::En) => format!("cannot read {path}: {detail}; each line is VARIABLE=value"),
            (JsonSshKey, Lang::Es) => "Compose v2.40 no sabe escribir en JSON una clave `build.ssh` con ruta (es un fallo del propio Compose); el fichero es válido: usa `config` sin `--format json`".into(),
            (JsonSshKey, Lang::En) => "Compose v2.40 cannot write a `build.ssh` key with a path as JSON (a bug in Compose itself); the file is valid: use `config` without `--format json`".into(),
            (Other { text }, Lang::Es) => format!("Compose rechaza el fichero: {text}"),
            (Other { text }, Lang::En) => format!("Compose refuses the file: {text}"),
        }
    }
}

/// `; … at 14:3, 15:3` (at most 10 places, then `…`), or nothing when there are none.
fn places(more: &[(u32, u32)], intro: &str) -> String {
    if more.is_empty() {
        return String::new();
    }
    let mut list: Vec<String> = more.iter().take(10).map(|(l, c)| format!("{l}:{c}")).collect();
    if more.len() > 10 {
        list.push("…".into());
    }
    format!("{intro} {}", list.join(", "))
}

fn es_kind(k: &str) -> String {
    match k {
        "string" => "un texto".into(),
        "integer" => "un número entero".into(),
        "number" => "un número".into(),
        "boolean" => "true o false".into(),
        "array" => "una lista".into(),
        "object" => "un mapa".into(),
        "null" => "nulo (vacío)".into(),
        other => other.replace(" or ", " o "),
    }
}

fn en_kind(k: &str) -> String {
    match k {
        "string" => "a string".into(),
        "integer" => "an integer".into(),
        "number" => "a number".into(),
        "boolean" => "true or false".into(),
        "array" => "a list".into(),
        "object" => "a mapping".into(),
        "null" => "null (empty)".into(),
        other => other.to_string(),
    }
}

/// The closest of `candidates` to `word` (Levenshtein distance ≤ 2, or a
/// case/underscore/hyphen variant), for "did you mean".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['-', '_'], "");
    let w = norm(word);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = if norm(c) == w { 0 } else { levenshtein(&word.to_ascii_lowercase(), c) };
        let limit = if word.len() <= 4 { 1 } else { 2 };
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("imagen", ["image", "build"]).as_deref(), Some("image"));
        assert_eq!(did_you_mean("depends-on", ["depends_on", "dns"]).as_deref(), Some("depends_on"));
        assert_eq!(did_you_mean("wrongField", ["image", "build"]), None);
    }
}
