//! Copy-paste slips from tutorials, noticed on a line typed at a prompt: Muelle's hint comes
//! after what the shell itself prints (which stays byte for byte bash's).
//!
//! - `docker run -v myvol:<container_path> <image>`: the brackets mark words to replace; bash
//!   reads them as redirections (`syntax error near unexpected token `<'`, or
//!   `bash: container: No such file or directory`).
//! - `# apt-get update` / `$ docker ps`: the tutorial's prompt copied with the command (`#`
//!   makes the line a comment, so nothing happens at all).
//!
//! (`apt-get install` before `apt-get update` is noticed by apt-get itself, `programs/pkg.rs`.)

use crate::i18n::Hint;
use crate::process::Cx;

/// A hint for `line`, typed at an interactive prompt, when it holds one of the slips above.
pub fn typed_line(line: &str, cx: &mut Cx<'_>) -> Option<Hint> {
    prompt_copied(line, cx).or_else(|| placeholders(line, cx))
}

/// `# cmd` or `$ cmd` where `cmd` is a command a tutorial shows.
fn prompt_copied(line: &str, cx: &mut Cx<'_>) -> Option<Hint> {
    let t = line.trim();
    let prompt = t.chars().next().filter(|c| *c == '#' || *c == '$')?;
    let rest = t[1..].trim_start();
    // `$ ` needs its space (`$HOME` is a variable); `#!` is a script's first line.
    if (prompt == '$' && rest.len() == t.len() - 1) || rest.starts_with('!') {
        return None;
    }
    let word = rest.split_whitespace().next()?;
    let known = ["docker", "apt-get", "apt", "apk", "ping", "curl", "pip", "python", "python3"];
    if !known.contains(&word) && !crate::programs::has_command(cx.world, cx.sh.loc, word) {
        return None;
    }
    Some(Hint::PromptCopied { prompt, command: rest.to_string() })
}

/// The `<word>`s of a line outside quotes (not `<<`, `<(`, `<&`).
fn placeholder_words(line: &str) -> Vec<(usize, usize, String)> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\\' if !single => i += 1,
            b'\'' if !double => single = !single,
            b'"' if !single => double = !double,
            b'<' if !single && !double && (i == 0 || b[i - 1] != b'<') => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'_' | b'-' | b'.')) {
                    j += 1;
                }
                if j > start && b[start].is_ascii_alphabetic() && b.get(j) == Some(&b'>') {
                    out.push((i, j + 1, line[start..j].to_string()));
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The usual value of a placeholder a tutorial writes, for the example line.
fn usual_value(word: &str, lang: crate::Lang) -> Option<&'static str> {
    let es = lang == crate::Lang::Es;
    Some(match word.to_ascii_lowercase().replace('-', "_").as_str() {
        "image" | "imagen" | "image_name" => "ubuntu",
        "container_path" | "ruta_contenedor" => {
            if es {
                "/datos"
            } else {
                "/data"
            }
        }
        "host_path" | "ruta_host" => "$PWD",
        "volume" | "volumen" | "volume_name" => "myvol",
        "network" | "red" | "network_name" => "mynet",
        _ => return None,
    })
}

fn placeholders(line: &str, cx: &mut Cx<'_>) -> Option<Hint> {
    let found = placeholder_words(line);
    if found.is_empty() {
        return None;
    }
    // A line bash runs without complaint (`<file>out` with a real `file`) is left alone.
    let refused = crate::shell::parse::parse_syntax(line).is_err()
        || found.iter().any(|(_, _, w)| {
            let path = cx.sh.path(w);
            cx.world.fs_read(cx.sh.loc, &path).is_err()
        });
    if !refused {
        return None;
    }
    let mut words: Vec<String> = Vec::new();
    for (_, _, w) in &found {
        if !words.contains(w) {
            words.push(w.clone());
        }
    }
    let example = if found.iter().all(|(_, _, w)| usual_value(w, cx.lang).is_some()) {
        let mut e = String::new();
        let mut at = 0;
        for (s, end, w) in &found {
            e.push_str(&line[at..*s]);
            e.push_str(usual_value(w, cx.lang).unwrap_or_default());
            at = *end;
        }
        e.push_str(&line[at..]);
        Some(e.trim().to_string())
    } else {
        None
    };
    Some(Hint::Placeholder { words, example })
}

#[cfg(test)]
mod tests {
    use super::placeholder_words;

    #[test]
    fn finds_unquoted_placeholders_only() {
        let w: Vec<String> =
            placeholder_words("docker run -v myvol:<container_path> <image>").into_iter().map(|(_, _, w)| w).collect();
        assert_eq!(w, ["container_path", "image"]);
        assert!(placeholder_words("echo '<b>' \"<i>\" \\<x>").is_empty());
        assert!(placeholder_words("cat <<EOF>").is_empty());
        assert!(placeholder_words("cat < file > out").is_empty());
    }
}
