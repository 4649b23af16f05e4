//! Tutorials' copy-paste slips: the shell and apt print exactly what bash and apt print, and
//! Muelle's hint (in the session's language) comes apart, after it.

use sim_core::{Lang, Session, SessionConfig};

fn session(lang: Lang) -> Session {
    Session::new(SessionConfig { seed: 1, lang })
}

/// Types `line`, lets it finish; returns (output, hints).
fn run(s: &mut Session, line: &str) -> (String, Vec<String>) {
    s.submit(0, line);
    s.run_until_idle(0, 120_000);
    (s.take_output(0), s.take_hints(0))
}

#[test]
fn placeholders_in_brackets_keep_bash_error_and_get_a_hint() {
    let mut s = session(Lang::Es);
    let (out, hints) = run(&mut s, "docker run -v myvol:<container_path> <image>");
    assert_eq!(out, "bash: syntax error near unexpected token `<'\n");
    assert_eq!(
        hints,
        ["muelle: `<container_path>` y `<image>` son marcadores del tutorial: cámbialos por valores reales, sin `< >` (bash lee `<` y `>` como redirecciones). Por ejemplo: `docker run -v myvol:/datos ubuntu`"]
    );
    // `>` at the end of the line is bash's `newline' error, not a continuation prompt.
    let (out, hints) = run(&mut s, "docker run <image>");
    assert_eq!(out, "bash: syntax error near unexpected token `newline'\n");
    assert_eq!(s.prompt(0), "alumno@muelle:~/proyecto$ ");
    assert_eq!(hints.len(), 1);
    // No syntax error, but `<container` reads a file that is not there.
    let (out, hints) = run(&mut s, "docker exec -it <container> bash");
    assert_eq!(out, "bash: container: No such file or directory\n");
    assert_eq!(
        hints,
        ["muelle: `<container>` es un marcador del tutorial: cámbialo por un valor real, sin `< >` (bash lee `<` y `>` como redirecciones)"]
    );
    // Quoted brackets are text.
    let (out, hints) = run(&mut s, "echo \"<b>\" '<i>'");
    assert_eq!(out, "<b> <i>\n");
    assert!(hints.is_empty(), "{hints:?}");

    let mut s = session(Lang::En);
    let (_, hints) = run(&mut s, "docker run -v <host_path>:<container_path> <image>");
    assert_eq!(
        hints,
        ["muelle: `<host_path>`, `<container_path>` and `<image>` are placeholders from the tutorial: replace them with real values, without `< >` (bash reads `<` and `>` as redirections). For example: `docker run -v $PWD:/data ubuntu`"]
    );
}

#[test]
fn apt_install_before_update_says_to_update_first() {
    let mut s = session(Lang::Es);
    run(&mut s, "docker run -it --name c2 ubuntu bash");
    let (out, hints) = run(&mut s, "apt-get install -y iputils-ping");
    assert_eq!(
        out,
        "Reading package lists... Done\nBuilding dependency tree... Done\nReading state information... Done\nE: Unable to locate package iputils-ping\n"
    );
    assert_eq!(
        hints,
        ["muelle: las imágenes vienen sin la lista de paquetes de apt: corre primero `apt-get update` y después `apt-get install -y iputils-ping` (o las dos juntas: `apt-get update; apt-get install -y iputils-ping`)"]
    );
    // A name apt would not find anyway gets no such hint.
    let (_, hints) = run(&mut s, "apt-get install -y iputils-pingg");
    assert!(hints.is_empty(), "{hints:?}");
    // After the update the install works and says nothing more.
    run(&mut s, "apt-get update");
    let (out, hints) = run(&mut s, "apt-get install -y iputils-ping");
    assert!(out.contains("Setting up iputils-ping"), "{out}");
    assert!(hints.is_empty(), "{hints:?}");
}

#[test]
fn a_copied_prompt_is_named() {
    let mut s = session(Lang::En);
    let (out, hints) = run(&mut s, "# apt-get update; apt-get install -y iputils-ping");
    assert_eq!(out, "");
    assert_eq!(
        hints,
        ["muelle: the tutorial's `#` is a root shell's prompt, not part of the command: a line that starts with `#` is a comment and bash does not run it. Type only `apt-get update; apt-get install -y iputils-ping`"]
    );
    let (out, hints) = run(&mut s, "$ docker ps");
    assert_eq!(out, "bash: $: command not found\n");
    assert_eq!(hints, ["muelle: the tutorial's `$` is the prompt, not part of the command. Type only `docker ps`"]);
    // A comment of one's own, `$HOME` and `#!` are not slips.
    for line in ["# nota: esto es mío", "echo $HOME", "#!/bin/sh"] {
        let (_, hints) = run(&mut s, line);
        assert!(hints.is_empty(), "{line}: {hints:?}");
    }
}

#[test]
fn apt_on_the_host_says_where_it_goes() {
    let mut s = session(Lang::En);
    let (out, hints) = run(&mut s, "apt-get install -y iputils-ping");
    assert_eq!(
        out,
        "E: Could not open lock file /var/lib/dpkg/lock-frontend - open (13: Permission denied)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), are you root?\n"
    );
    assert_eq!(
        hints,
        ["muelle: this ran on the host, where you are not root; in the tutorials `apt-get` goes inside a container: enter one with `docker run -it ubuntu bash` (or `docker exec -it NAME bash` in one already running) and type it there"]
    );
}
