//! The page's own words in Spanish (first) and English.
//!
//! Every fixed text is a variant of [`T`] and every text with values is a function here, each one
//! an exhaustive `match` over [`Lang`], so a missing translation does not compile. Docker's output
//! is never translated (real Docker prints English); simulator explanations come translated from
//! `sim_core` (`Cause::explain`).

pub use sim_core::Lang;

/// Fixed texts of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum T {
    Subtitle,
    Language,
    Theme,
    ThemeSystem,
    ThemeLight,
    ThemeDark,
    Pause,
    Play,
    Step,
    StepHelp,
    Speed,
    Reset,
    ResetHelp,
    Examples,
    ExamplesHelp,
    ConfirmExample,
    Seed,
    SeedHelp,
    SimClock,
    Project,
    NewFile,
    Rename,
    Delete,
    ConfirmDelete,
    Cancel,
    Create,
    FileName,
    NameTaken,
    NameInvalid,
    Editor,
    NoFile,
    Saved,
    Unsaved,
    Terminals,
    HostTab,
    NewTerminal,
    CloseTab,
    SplitLeft,
    SplitRight,
    SplitTop,
    SplitLessons,
    Command,
    SimStarting,
    SimUnavailable,
    Keys,
    Topology,
    Host,
    NoNetwork,
    Dns,
    NoDns,
    ClickShell,
    ClickLogs,
    Timeline,
    Scrubber,
    Past,
    Live,
    LiveHelp,
    BranchHere,
    BranchHereHelp,
    Undo,
    UndoHelp,
    Branches,
    Inspector,
    InspectorHelp,
    Compare,
    Player,
    AllContainers,
    FilterBy,
    NoEvents,
    Browser,
    Go,
    Address,
    Loading,
    Paused,
    OnlyHttp,
    BrowserHelp,
    NoResponse,
    Empty,
    Failed,
    Stopped,
    Problems,
    DockerSays,
    FixTabs,
    EditorLeave,
    XMuelleNote,
    MoreControls,
    Share,
    ShareHelp,
    Export,
    Import,
    ImportFailed,
    Close,
    ZoomIn,
    ZoomOut,
    ZoomFit,
    GraphExpand,
    Enlarge,
    Volume,
    HostFolder,
    GraphHelp,
    MenuShell,
    MenuLogs,
    MenuInspect,
    Faults,
    FaultStop,
    FaultKill,
    FaultCrash,
    ExitCode,
    FaultOom,
    FaultDisconnect,
    NotRunningFaults,
    States,
    Removed,
    LastPacket,
    // Lessons and embedding.
    Lessons,
    LessonsHelp,
    LessonsIntro,
    LessonsLoading,
    LessonsFailed,
    TryAgain,
    AllLessons,
    Progress,
    ResetLesson,
    ResetLessonConfirm,
    RunFirstTerminal,
    RunInTerminal,
    LessonComplete,
    StepDone,
    StepCurrent,
    StepTodo,
    WhatIsChecked,
    Hint,
    EmbedCode,
    EmbedCopied,
    ExportFolder,
    Intro,
    ConfirmLesson,
}

impl T {
    pub fn get(self, lang: Lang) -> &'static str {
        use Lang::{En, Es};
        use T::*;
        match (self, lang) {
            (Subtitle, Es) => "Docker en tu navegador",
            (Subtitle, En) => "Docker in your browser",
            (Language, Es) => "Idioma",
            (Language, En) => "Language",
            (Theme, Es) => "Tema",
            (Theme, En) => "Theme",
            (ThemeSystem, Es) => "Sistema",
            (ThemeSystem, En) => "System",
            (ThemeLight, Es) => "Claro",
            (ThemeLight, En) => "Light",
            (ThemeDark, Es) => "Oscuro",
            (ThemeDark, En) => "Dark",
            (Pause, Es) => "Pausar",
            (Pause, En) => "Pause",
            (Play, Es) => "Reanudar",
            (Play, En) => "Play",
            (Step, Es) => "Paso",
            (Step, En) => "Step",
            (StepHelp, Es) => "Avanza el tiempo simulado hasta el siguiente evento",
            (StepHelp, En) => "Moves simulated time on to the next event",
            (Speed, Es) => "Velocidad del tiempo simulado",
            (Speed, En) => "Speed of simulated time",
            (Reset, Es) => "Reiniciar",
            (Reset, En) => "Reset",
            (ResetHelp, Es) => "Empieza de cero con un Docker limpio (tus archivos se conservan)",
            (ResetHelp, En) => "Start over with a clean Docker (your files are kept)",
            (Examples, Es) => "Ejemplos…",
            (Examples, En) => "Examples…",
            (ExamplesHelp, Es) => "Carga un proyecto de ejemplo (sustituye tus archivos)",
            (ExamplesHelp, En) => "Load an example project (replaces your files)",
            (ConfirmExample, Es) => "Cargar el ejemplo sustituye los archivos de tu proyecto y reinicia Docker. Si quieres conservarlos, expórtalos antes. ¿Continuar?",
            (ConfirmExample, En) => "Loading the example replaces your project's files and resets Docker. Export them first if you want to keep them. Continue?",
            (Seed, Es) => "Semilla",
            (Seed, En) => "Seed",
            (SeedHelp, Es) => "Semilla de la simulación: la misma semilla y las mismas órdenes dan el mismo resultado. Cambiarla reinicia Docker",
            (SeedHelp, En) => "Simulation seed: the same seed and the same commands give the same result. Changing it resets Docker",
            (SimClock, Es) => "Tiempo simulado",
            (SimClock, En) => "Simulated time",
            (Project, Es) => "Proyecto",
            (Project, En) => "Project",
            (NewFile, Es) => "Nuevo archivo",
            (NewFile, En) => "New file",
            (Rename, Es) => "Renombrar",
            (Rename, En) => "Rename",
            (Delete, Es) => "Borrar",
            (Delete, En) => "Delete",
            (ConfirmDelete, Es) => "Sí, borrar",
            (ConfirmDelete, En) => "Yes, delete",
            (Cancel, Es) => "Cancelar",
            (Cancel, En) => "Cancel",
            (Create, Es) => "Aceptar",
            (Create, En) => "OK",
            (FileName, Es) => "Nombre del archivo (p. ej. compose.yaml o web/index.html)",
            (FileName, En) => "File name (e.g. compose.yaml or web/index.html)",
            (NameTaken, Es) => "Ya existe un archivo con ese nombre",
            (NameTaken, En) => "A file with that name already exists",
            (NameInvalid, Es) => "Nombre no válido",
            (NameInvalid, En) => "Invalid name",
            (Editor, Es) => "Editor",
            (Editor, En) => "Editor",
            (NoFile, Es) => "Elige un archivo del proyecto o crea uno nuevo.",
            (NoFile, En) => "Pick a project file or create a new one.",
            (Share, Es) => "Compartir",
            (Share, En) => "Share",
            (ShareHelp, Es) => "Copia un enlace con todo el espacio de trabajo: archivos, historial e idioma",
            (ShareHelp, En) => "Copies a link holding the whole workspace: files, history and language",
            (Export, Es) => "Exportar el espacio de trabajo (JSON)",
            (Export, En) => "Export the workspace (JSON)",
            (Import, Es) => "Importar un espacio de trabajo (JSON)",
            (Import, En) => "Import a workspace (JSON)",
            (ImportFailed, Es) => "Ese archivo no es un espacio de trabajo de Muelle exportado.",
            (ImportFailed, En) => "That file is not an exported Muelle workspace.",
            (Close, Es) => "Cerrar",
            (Close, En) => "Close",
            (Problems, Es) => "Problemas del archivo Compose",
            (Problems, En) => "Problems in the Compose file",
            (DockerSays, Es) => "Lo que dice docker compose",
            (DockerSays, En) => "What docker compose says",
            (FixTabs, Es) => "Cambiar los TAB de la sangría por espacios",
            (FixTabs, En) => "Change the indentation's TABs to spaces",
            (MoreControls, Es) => "Más",
            (MoreControls, En) => "More",
            (XMuelleNote, Es) => "x-muelle es solo para Muelle (qué hace el programa); Docker Compose real lo ignora.",
            (XMuelleNote, En) => "x-muelle is for Muelle only (what the program does); real Docker Compose ignores it.",
            (EditorLeave, Es) => "Tab sangra · Esc y luego Tab: salir",
            (EditorLeave, En) => "Tab indents · Esc, then Tab: leave",
            (Saved, Es) => "guardado",
            (Saved, En) => "saved",
            (Unsaved, Es) => "sin guardar…",
            (Unsaved, En) => "unsaved…",
            (Terminals, Es) => "Terminales",
            (Terminals, En) => "Terminals",
            (HostTab, Es) => "anfitrión",
            (HostTab, En) => "host",
            (NewTerminal, Es) => "Abrir otra terminal",
            (NewTerminal, En) => "Open another terminal",
            (CloseTab, Es) => "Cerrar esta pestaña",
            (CloseTab, En) => "Close this tab",
            (SplitLeft, Es) => "Separador entre el editor y la terminal",
            (SplitLeft, En) => "Divider between the editor and the terminal",
            (SplitRight, Es) => "Separador entre la terminal y el diagrama",
            (SplitRight, En) => "Divider between the terminal and the graph",
            (SplitTop, Es) => "Separador entre la terminal y el navegador",
            (SplitTop, En) => "Divider between the terminal and the browser",
            (SplitLessons, Es) => "Separador entre la lección y el editor",
            (SplitLessons, En) => "Divider between the lesson and the editor",
            (Command, Es) => "Orden",
            (Command, En) => "Command",
            (SimStarting, Es) => "Iniciando el simulador… lo que escribas se ejecutará en cuanto esté listo.",
            (SimStarting, En) => "Starting the simulator… what you type runs as soon as it is ready.",
            (SimUnavailable, Es) => "El simulador no pudo iniciarse en este navegador. Tus archivos siguen aquí.",
            (SimUnavailable, En) => "The simulator could not start in this browser. Your files are still here.",
            (Keys, Es) => "Tab completa · Ctrl+C interrumpe · Ctrl+L limpia · ↑↓ historial",
            (Keys, En) => "Tab completes · Ctrl+C interrupts · Ctrl+L clears · ↑↓ history",
            (Topology, Es) => "Topología",
            (Topology, En) => "Topology",
            (Host, Es) => "anfitrión",
            (Host, En) => "host",
            (NoNetwork, Es) => "sin red",
            (NoNetwork, En) => "no network",
            (Dns, Es) => "con DNS",
            (Dns, En) => "DNS",
            (NoDns, Es) => "sin DNS",
            (NoDns, En) => "no DNS",
            (ClickShell, Es) => "Clic: abrir una shell dentro (docker exec -it … sh)",
            (ClickShell, En) => "Click: open a shell inside (docker exec -it … sh)",
            (ClickLogs, Es) => "Clic: ver sus registros (docker logs)",
            (ClickLogs, En) => "Click: show its logs (docker logs)",
            (Timeline, Es) => "Línea de tiempo",
            (Timeline, En) => "Timeline",
            (Scrubber, Es) => "Momento mostrado (← → un evento, Inicio, Fin)",
            (Scrubber, En) => "Moment shown (← → one event, Home, End)",
            (Past, Es) => "Viendo el pasado: solo lectura",
            (Past, En) => "Viewing the past: read-only",
            (Live, Es) => "Volver al presente",
            (Live, En) => "Back to the present",
            (LiveHelp, Es) => "Muestra otra vez el momento actual",
            (LiveHelp, En) => "Shows the current moment again",
            (BranchHere, Es) => "Seguir desde aquí",
            (BranchHere, En) => "Continue from here",
            (BranchHereHelp, Es) => "Este momento pasa a ser el presente; el futuro que dejas se guarda como una rama",
            (BranchHereHelp, En) => "This moment becomes the present; the future you leave is kept as a branch",
            (Undo, Es) => "Deshacer la última orden",
            (Undo, En) => "Undo the last command",
            (UndoHelp, Es) => "Vuelve a justo antes de la última orden escrita (lo deshecho queda como una rama)",
            (UndoHelp, En) => "Goes back to just before the last command typed (what is undone stays as a branch)",
            (Branches, Es) => "Ramas",
            (Branches, En) => "Branches",
            (Inspector, Es) => "Inspector",
            (Inspector, En) => "Inspector",
            (InspectorHelp, Es) => "Cada petición paso a paso: DNS, ICMP, TCP, HTTP, y por qué falló",
            (InspectorHelp, En) => "Each request hop by hop: DNS, ICMP, TCP, HTTP, and why it failed",
            (Compare, Es) => "Comparar",
            (Compare, En) => "Compare",
            (Player, Es) => "Reproducción de una sesión (solo lectura)",
            (Player, En) => "Replay of a session (read-only)",
            (AllContainers, Es) => "todo",
            (AllContainers, En) => "everything",
            (FilterBy, Es) => "Mostrar",
            (FilterBy, En) => "Show",
            (NoEvents, Es) => "Aún no ha pasado nada. Prueba:",
            (NoEvents, En) => "Nothing has happened yet. Try:",
            (Browser, Es) => "Navegador",
            (Browser, En) => "Browser",
            (Go, Es) => "Ir",
            (Go, En) => "Go",
            (Address, Es) => "Dirección",
            (Address, En) => "Address",
            (Loading, Es) => "Cargando…",
            (Loading, En) => "Loading…",
            (Paused, Es) => "La simulación está en pausa: reanúdala para cargar la página.",
            (Paused, En) => "The simulation is paused: play it to load the page.",
            (OnlyHttp, Es) => "Este navegador simulado solo abre direcciones http://",
            (OnlyHttp, En) => "This simulated browser only opens http:// addresses",
            (BrowserHelp, Es) => "Publica un puerto y abre http://localhost:8080/ aquí. Prueba:",
            (BrowserHelp, En) => "Publish a port and open http://localhost:8080/ here. Try:",
            (NoResponse, Es) => "No se pudo conectar",
            (NoResponse, En) => "Could not connect",
            (Empty, Es) => "(vacía)",
            (Empty, En) => "(empty)",
            (Failed, Es) => "con error",
            (Failed, En) => "failed",
            (Stopped, Es) => "parado",
            (Stopped, En) => "stopped",
            (ZoomIn, Es) => "Acercar",
            (ZoomIn, En) => "Zoom in",
            (ZoomOut, Es) => "Alejar",
            (ZoomOut, En) => "Zoom out",
            (ZoomFit, Es) => "Encajar: verlo todo",
            (ZoomFit, En) => "Fit: show everything",
            (GraphExpand, Es) => "Ampliar el grafo (Esc vuelve)",
            (GraphExpand, En) => "Enlarge the graph (Esc goes back)",
            (Enlarge, Es) => "Ampliar",
            (Enlarge, En) => "Enlarge",
            (Volume, Es) => "Volumen",
            (Volume, En) => "Volume",
            (HostFolder, Es) => "Carpeta del host",
            (HostFolder, En) => "Host folder",
            (GraphHelp, Es) => "Grafo: arrastra para mover, rueda para acercar; con el foco: + − 0 y flechas",
            (GraphHelp, En) => "Graph: drag to pan, wheel to zoom; with focus: + − 0 and arrows",
            (MenuShell, Es) => "Abrir una shell (docker exec)",
            (MenuShell, En) => "Open a shell (docker exec)",
            (MenuLogs, Es) => "Ver registros (docker logs)",
            (MenuLogs, En) => "Show logs (docker logs)",
            (MenuInspect, Es) => "Inspeccionar (docker inspect)",
            (MenuInspect, En) => "Inspect (docker inspect)",
            (Faults, Es) => "Provocar un fallo",
            (Faults, En) => "Inject a fault",
            (FaultStop, Es) => "Parar (docker stop)",
            (FaultStop, En) => "Stop (docker stop)",
            (FaultKill, Es) => "Matar (SIGKILL, código 137)",
            (FaultKill, En) => "Kill (SIGKILL, exit 137)",
            (FaultCrash, Es) => "Hacer que falle con el código",
            (FaultCrash, En) => "Crash with exit code",
            (ExitCode, Es) => "Código de salida",
            (ExitCode, En) => "Exit code",
            (FaultOom, Es) => "Superar su límite de memoria (OOM)",
            (FaultOom, En) => "Exceed its memory limit (OOM)",
            (FaultDisconnect, Es) => "Desconectar de la red",
            (FaultDisconnect, En) => "Disconnect from network",
            (NotRunningFaults, Es) => "No está en marcha: solo se pueden provocar fallos en un contenedor en marcha",
            (NotRunningFaults, En) => "Not running: faults only apply to a running container",
            (States, Es) => "Estados por contenedor",
            (States, En) => "States per container",
            (Removed, Es) => "eliminado",
            (Removed, En) => "removed",
            (LastPacket, Es) => "Último paquete en la red",
            (LastPacket, En) => "Last packet on the network",
            (Lessons, Es) => "Lecciones",
            (Lessons, En) => "Lessons",
            (LessonsHelp, Es) => "Lecciones guiadas: pasos que se comprueban en el simulador",
            (LessonsHelp, En) => "Guided lessons: steps checked on the simulator",
            (LessonsIntro, Es) => {
                "Cada lección empieza con sus propios archivos y comprueba cada paso en el Docker simulado, no en lo que escribes."
            }
            (LessonsIntro, En) => {
                "Each lesson starts with its own files and checks every step on the simulated Docker, not on what you type."
            }
            (LessonsLoading, Es) => "Cargando las lecciones…",
            (LessonsLoading, En) => "Loading the lessons…",
            (LessonsFailed, Es) => {
                "No se pudieron cargar las lecciones. ¿Hay conexión? Sin ella, Muelle las tiene una vez que la página se ha abierto con conexión."
            }
            (LessonsFailed, En) => {
                "The lessons could not be loaded. Are you online? Offline, Muelle has them once the page has been opened online."
            }
            (TryAgain, Es) => "Reintentar",
            (TryAgain, En) => "Try again",
            (AllLessons, Es) => "Todas las lecciones",
            (AllLessons, En) => "All lessons",
            (Progress, Es) => "Progreso de la lección",
            (Progress, En) => "Lesson progress",
            (ResetLesson, Es) => "Empezar de nuevo",
            (ResetLesson, En) => "Start over",
            (ResetLessonConfirm, Es) => {
                "¿Empezar la lección de nuevo? Vuelven sus archivos iniciales, Docker queda limpio y se borra tu progreso."
            }
            (ResetLessonConfirm, En) => {
                "Start the lesson over? Its starting files come back, Docker is cleaned and your progress is erased."
            }
            (RunFirstTerminal, Es) => "Escribir en la primera terminal",
            (RunFirstTerminal, En) => "Type into the first terminal",
            (RunInTerminal, Es) => "Escribir en la terminal",
            (RunInTerminal, En) => "Type into the terminal",
            (LessonComplete, Es) => "¡Lección completada! Todos los pasos se cumplen.",
            (LessonComplete, En) => "Lesson complete! Every step passes.",
            (StepDone, Es) => "hecho",
            (StepDone, En) => "done",
            (StepCurrent, Es) => "paso actual",
            (StepCurrent, En) => "current step",
            (StepTodo, Es) => "pendiente",
            (StepTodo, En) => "to do",
            (WhatIsChecked, Es) => "Qué se comprueba",
            (WhatIsChecked, En) => "What is checked",
            (Hint, Es) => "Pista",
            (Hint, En) => "Hint",
            (EmbedCode, Es) => "Copiar el código para insertar (iframe)",
            (EmbedCode, En) => "Copy the embed code (iframe)",
            (EmbedCopied, Es) => "Código <iframe> copiado: pégalo en la página de tu curso.",
            (EmbedCopied, En) => "<iframe> code copied: paste it into your course page.",
            (ExportFolder, Es) => "Descargar como carpeta para Docker de verdad (zip)",
            (ExportFolder, En) => "Download as a folder for real Docker (zip)",
            (Intro, Es) => "Introducción",
            (Intro, En) => "Introduction",
            (ConfirmLesson, Es) => {
                "Abrir la lección sustituye los archivos de tu proyecto y reinicia Docker. Si quieres conservarlos, expórtalos antes. ¿Continuar?"
            }
            (ConfirmLesson, En) => {
                "Opening the lesson replaces your project's files and resets Docker. Export them first if you want to keep them. Continue?"
            }
        }
    }
}

/// A container's state in words, as the graph's second line and tooltip say it.
pub fn state_words(lang: Lang, state: &str, code: Option<i32>) -> String {
    match (state, lang) {
        ("created", Lang::Es) => "creado".into(),
        ("created", Lang::En) => "created".into(),
        ("running", Lang::Es) => "en marcha".into(),
        ("running", Lang::En) => "running".into(),
        ("paused", Lang::Es) => "en pausa".into(),
        ("paused", Lang::En) => "paused".into(),
        ("restarting", Lang::Es) => "reiniciándose".into(),
        ("restarting", Lang::En) => "restarting".into(),
        ("exited", Lang::Es) => format!("terminó ({})", code.unwrap_or(0)),
        ("exited", Lang::En) => format!("exited ({})", code.unwrap_or(0)),
        ("dead", Lang::Es) => "muerto".into(),
        ("dead", Lang::En) => "dead".into(),
        ("healthy", Lang::Es) => "sano".into(),
        ("healthy", Lang::En) => "healthy".into(),
        ("unhealthy", Lang::Es) => "no sano".into(),
        ("unhealthy", Lang::En) => "unhealthy".into(),
        ("starting", Lang::Es) => "comprobando salud".into(),
        ("starting", Lang::En) => "health: starting".into(),
        (other, _) => other.to_string(),
    }
}

/// Label of a terminal tab opened for `n` (2, 3…).
pub fn terminal_n(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Es => format!("terminal {n}"),
        Lang::En => format!("terminal {n}"),
    }
}

/// The browser's message when nothing answered, with curl's exit code.
pub fn curl_failed(lang: Lang, code: i32) -> String {
    match lang {
        Lang::Es => format!("curl terminó con el código {code}"),
        Lang::En => format!("curl exited with code {code}"),
    }
}

/// How many older timeline rows are not shown.
/// A branch's label in the branch list.
pub fn branch(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Es => format!("Rama {name}"),
        Lang::En => format!("Branch {name}"),
    }
}

pub fn older_rows(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Es => format!("… {n} eventos anteriores"),
        Lang::En => format!("… {n} earlier events"),
    }
}

/// The editor's verdict on a Compose file with `errors` errors.
pub fn check_state(lang: Lang, errors: usize) -> String {
    match (lang, errors) {
        (Lang::Es, 0) => "✔ válido".into(),
        (Lang::En, 0) => "✔ valid".into(),
        (Lang::Es, 1) => "1 error".into(),
        (Lang::En, 1) => "1 error".into(),
        (Lang::Es, n) => format!("{n} errores"),
        (Lang::En, n) => format!("{n} errors"),
    }
}

/// Beside a share link: copied, how long, and that nothing was uploaded.
pub fn share_note(lang: Lang, len: usize) -> String {
    let kb = len.div_ceil(1024);
    match lang {
        Lang::Es => format!("Enlace copiado ({kb} KB). Todo va dentro del enlace: nada sale de tu navegador."),
        Lang::En => format!("Link copied ({kb} KB). Everything is inside the link: nothing leaves your browser."),
    }
}

/// What an import opened: its files, and the host rebuilt from its journal (`inputs` replayed;
/// none when it carried files alone).
pub fn imported(lang: Lang, files: usize, inputs: usize) -> String {
    let s = |n: usize| if n == 1 { "" } else { "s" };
    match (lang, inputs) {
        (Lang::Es, 0) => format!("Importado: {files} archivo{}. El anfitrión empieza vacío.", s(files)),
        (Lang::En, 0) => format!("Imported: {files} file{}. The host starts empty.", s(files)),
        (Lang::Es, n) => format!(
            "Importado: {files} archivo{} y el anfitrión de Docker, reconstruido repitiendo {n} entrada{} (órdenes, teclas, archivos guardados).",
            s(files),
            s(n)
        ),
        (Lang::En, n) => format!(
            "Imported: {files} file{} and the Docker host, rebuilt by replaying {n} input{} (commands, keys, saved files).",
            s(files),
            s(n)
        ),
    }
}

/// "line 4", where a problem is.
pub fn line_n(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Es => format!("línea {n}"),
        Lang::En => format!("line {n}"),
    }
}

/// "2 de 4 pasos", a lesson's progress.
pub fn steps_done(lang: Lang, done: usize, total: usize) -> String {
    match lang {
        Lang::Es => format!("{done} de {total} pasos"),
        Lang::En => format!("{done} of {total} steps"),
    }
}

/// The other language, for the switch.
pub fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Es => Lang::En,
        Lang::En => Lang::Es,
    }
}

/// The accessible name of a container's menu button.
pub fn menu_for(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Es => format!("Menú de {name}: shell, registros, inspeccionar y fallos"),
        Lang::En => format!("{name} menu: shell, logs, inspect and faults"),
    }
}

/// A container's state strip, read aloud: its name, restarts and state now.
pub fn strip_label(lang: Lang, name: &str, restarts: u32, now: &str) -> String {
    match (lang, restarts) {
        (Lang::Es, 1) => format!("{name}: 1 reinicio; ahora {now}"),
        (Lang::En, 1) => format!("{name}: 1 restart; now {now}"),
        (Lang::Es, n) => format!("{name}: {n} reinicios; ahora {now}"),
        (Lang::En, n) => format!("{name}: {n} restarts; now {now}"),
    }
}

/// The tooltip of a state strip's name: clicking it filters the timeline.
pub fn only_events_of(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Es => format!("Mostrar solo los eventos de {name}"),
        Lang::En => format!("Show only the events of {name}"),
    }
}

/// What the page says about keeping the student's work safe: saving, other tabs, links, crashes
/// (see `store`, `leader`, `notice` and `guard`). Kept apart from [`T`] so these messages read
/// as one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Safety {
    SaveFailed,
    SaveFailedQuota,
    ReadOnly,
    TakeOver,
    PreviousKept,
    RestorePrevious,
    ConfirmLink,
    ConfirmImport,
    BadLinkDamaged,
    BadLinkTooLarge,
    BadLinkContent,
    AsideDied,
    AsideRestart,
    AsideTooLong,
    ExportAside,
    CrashTitle,
    CrashBody,
    CrashRestart,
    Dismiss,
}

impl Safety {
    pub fn get(self, lang: Lang) -> &'static str {
        use Lang::{En, Es};
        use Safety::*;
        match (self, lang) {
            (SaveFailed, Es) => "No se pudo guardar tu trabajo en este navegador. Sigue aquí mientras no cierres la pestaña: expórtalo (botón de descarga) para no perderlo.",
            (SaveFailed, En) => "Your work could not be saved in this browser. It stays here while this tab is open: export it (download button) so it is not lost.",
            (SaveFailedQuota, Es) => "No se pudo guardar: el almacenamiento del navegador está lleno. Libera espacio o exporta tu trabajo (botón de descarga) para no perderlo.",
            (SaveFailedQuota, En) => "Could not save: the browser's storage is full. Free some space or export your work (download button) so it is not lost.",
            (ReadOnly, Es) => "Muelle está abierto en otra pestaña y es esa la que guarda ahora. Lo que hagas aquí no se guardará.",
            (ReadOnly, En) => "Muelle is open in another tab, and that tab is the one saving now. What you do here will not be saved.",
            (TakeOver, Es) => "Guardar desde esta pestaña",
            (TakeOver, En) => "Save from this tab",
            (PreviousKept, Es) => "Tu trabajo anterior se ha guardado aparte.",
            (PreviousKept, En) => "Your previous work has been kept aside.",
            (RestorePrevious, Es) => "Recuperar el trabajo anterior",
            (RestorePrevious, En) => "Restore the previous work",
            (ConfirmLink, Es) => "Este enlace trae otro espacio de trabajo y sustituye tus archivos. Los actuales se guardarán aparte y podrás recuperarlos. ¿Abrir el enlace?",
            (ConfirmLink, En) => "This link brings another workspace and replaces your files. The current ones will be kept aside so you can restore them. Open the link?",
            (ConfirmImport, Es) => "Importar sustituye tus archivos. Los actuales se guardarán aparte y podrás recuperarlos. ¿Continuar?",
            (ConfirmImport, En) => "Importing replaces your files. The current ones will be kept aside so you can restore them. Continue?",
            (BadLinkDamaged, Es) => "El enlace compartido está incompleto o dañado (quizá se cortó al copiarlo). No se ha cambiado nada.",
            (BadLinkDamaged, En) => "The shared link is incomplete or damaged (perhaps it was cut when copied). Nothing was changed.",
            (BadLinkTooLarge, Es) => "El enlace compartido es demasiado grande para abrirlo. No se ha cambiado nada.",
            (BadLinkTooLarge, En) => "The shared link is too large to open. Nothing was changed.",
            (BadLinkContent, Es) => "El enlace compartido no contiene un espacio de trabajo de Muelle válido. No se ha cambiado nada.",
            (BadLinkContent, En) => "The shared link does not hold a valid Muelle workspace. Nothing was changed.",
            (AsideDied, Es) => "La última vez, repetir tu sesión guardada bloqueó la página. Se ha apartado (puedes descargarla) y Docker empieza de cero; tus archivos siguen aquí.",
            (AsideDied, En) => "Last time, replaying your saved session broke the page. It has been set aside (you can download it) and Docker starts afresh; your files are still here.",
            (AsideRestart, Es) => "El simulador se ha reiniciado: la sesión anterior se ha apartado (puedes descargarla). Tus archivos siguen aquí.",
            (AsideRestart, En) => "The simulator was restarted: the previous session has been set aside (you can download it). Your files are still here.",
            (AsideTooLong, Es) => "Tu sesión guardada es demasiado larga para repetirla al cargar. Se ha apartado (puedes descargarla) y Docker empieza de cero; tus archivos siguen aquí.",
            (AsideTooLong, En) => "Your saved session is too long to replay on load. It has been set aside (you can download it) and Docker starts afresh; your files are still here.",
            (ExportAside, Es) => "Descargar la sesión apartada",
            (ExportAside, En) => "Download the set-aside session",
            (CrashTitle, Es) => "El simulador ha fallado",
            (CrashTitle, En) => "The simulator failed",
            (CrashBody, Es) => "Algo que hizo el simulador lo ha detenido. Tus archivos están guardados. Reinicia el simulador para seguir: Docker empezará de cero con tus archivos.",
            (CrashBody, En) => "Something in the simulator stopped it. Your files are saved. Restart the simulator to go on: Docker starts afresh with your files.",
            (CrashRestart, Es) => "Reiniciar el simulador",
            (CrashRestart, En) => "Restart the simulator",
            (Dismiss, Es) => "Cerrar",
            (Dismiss, En) => "Close",
        }
    }
}

// ---- file names and big files (names.rs, editor/view.rs) ---------------------------------------

/// Why a file name was refused, with the file and the character or part at fault.
pub fn bad_name(lang: Lang, bad: &crate::names::BadName) -> String {
    use crate::names::Why;
    let file = bad.shown_path();
    let why = match (&bad.why, lang) {
        (Why::Empty, Lang::Es) => "el nombre está vacío".to_string(),
        (Why::Empty, Lang::En) => "the name is empty".to_string(),
        (Why::Absolute, Lang::Es) => "no puede empezar por «/» (va dentro del proyecto)".to_string(),
        (Why::Absolute, Lang::En) => "it cannot start with “/” (it goes inside the project)".to_string(),
        (Why::BadPart(p), Lang::Es) if p.is_empty() => "tiene una parte vacía («//» o «/» al final)".to_string(),
        (Why::BadPart(p), Lang::En) if p.is_empty() => "it has an empty part (“//” or a final “/”)".to_string(),
        (Why::BadPart(p), Lang::Es) => format!("no puede tener «{p}» como parte del camino"),
        (Why::BadPart(p), Lang::En) => format!("it cannot have “{p}” as a part of the path"),
        (Why::Char(c), Lang::Es) => format!("no puede llevar el carácter «{c}» (Windows no lo admite en nombres)"),
        (Why::Char(c), Lang::En) => {
            format!("it cannot contain the character “{c}” (Windows does not allow it in names)")
        }
        (Why::Control(c), Lang::Es) => {
            format!("no puede llevar caracteres de control (lleva {})", c.escape_debug())
        }
        (Why::Control(c), Lang::En) => format!("it cannot contain control characters (it has {})", c.escape_debug()),
        (Why::Reserved(p), Lang::Es) => {
            format!(
                "«{}» es un nombre reservado de Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9)",
                crate::names::shown(p, 40)
            )
        }
        (Why::Reserved(p), Lang::En) => {
            format!("“{}” is a name Windows reserves (CON, PRN, AUX, NUL, COM1–9, LPT1–9)", crate::names::shown(p, 40))
        }
        (Why::TrailingDotOrSpace(p), Lang::Es) => {
            format!("«{}» termina en punto o espacio (Windows no lo admite)", crate::names::shown(p, 40))
        }
        (Why::TrailingDotOrSpace(p), Lang::En) => {
            format!("“{}” ends in a dot or a space (Windows does not allow it)", crate::names::shown(p, 40))
        }
        (Why::TooLong, Lang::Es) => {
            "es demasiado largo (255 bytes por nombre; 4096 por camino, contando /home/alumno/proyecto/)".to_string()
        }
        (Why::TooLong, Lang::En) => {
            "it is too long (255 bytes per name; 4096 per path, counting /home/alumno/proyecto/)".to_string()
        }
    };
    match lang {
        Lang::Es => format!("Nombre no válido: «{file}»: {why}. No se ha cambiado nada."),
        Lang::En => format!("Invalid name: “{file}”: {why}. Nothing was changed."),
    }
}

/// A size in MB with one decimal, in the language's style (`4,0 MB`, `4.0 MB`), without floats.
pub fn megabytes(lang: Lang, bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    let tenths = (bytes % MB) * 10 / MB;
    let sep = match lang {
        Lang::Es => ',',
        Lang::En => '.',
    };
    format!("{}{sep}{tenths} MB", bytes / MB)
}

/// A paste or a file larger than the editor holds: how big it would be and the limit.
pub fn too_big_to_edit(lang: Lang, bytes: usize, max: usize) -> String {
    let (size, max) = (megabytes(lang, bytes), megabytes(lang, max));
    match lang {
        Lang::Es => format!(
            "Demasiado grande: el archivo tendría {size} y el editor admite hasta {max}. No se ha cambiado nada."
        ),
        Lang::En => format!("Too big: the file would be {size} and the editor holds up to {max}. Nothing was changed."),
    }
}

/// A file on the simulated disk larger than the editor opens.
pub fn too_big_to_open(lang: Lang, bytes: usize, max: usize) -> String {
    let (size, max) = (megabytes(lang, bytes), megabytes(lang, max));
    match lang {
        Lang::Es => format!(
            "Este archivo ocupa {size}; el editor abre archivos de hasta {max}. Puedes verlo en la terminal (head, tail, grep)."
        ),
        Lang::En => format!("This file takes {size}; the editor opens files up to {max}. You can read it in the terminal (head, tail, grep)."),
    }
}

/// The verdict when a Compose file is too big to check as you type.
pub fn check_skipped(lang: Lang, max: usize) -> String {
    let max = megabytes(lang, max);
    match lang {
        Lang::Es => format!("sin comprobar (más de {max}; usa docker compose config)"),
        Lang::En => format!("not checked (over {max}; use docker compose config)"),
    }
}
