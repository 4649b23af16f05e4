//! The Dockerfile language as BuildKit's parser reads it
//! (`frontend/dockerfile/parser`): parser directives at the top (`# syntax=`,
//! `# escape=`), comments, line continuations with the escape character,
//! here-documents after `RUN`/`COPY`/`ADD` (`<<EOF`, `<<-EOF`, `<<"EOF"`),
//! and the shell and JSON (exec) forms of commands. Parsing is separate from
//! building so the parser can be tested line by line.

pub use super::error::ParseProblem;

/// One here-document of an instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    /// The body, each line ending in `\n`.
    pub content: String,
    /// Unquoted delimiter: variables in the body are expanded.
    pub expand: bool,
}

/// One instruction, continuation lines joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// First and last line in the file (1-based), here-documents included.
    pub line: usize,
    pub end_line: usize,
    /// Upper-case keyword (`RUN`).
    pub keyword: String,
    /// `--from=build`, `--chown=…` before the arguments.
    pub flags: Vec<(String, String)>,
    /// The arguments after the flags.
    pub args: String,
    pub heredocs: Vec<Heredoc>,
    /// The instruction as BuildKit names its step: the keyword upper-cased, the rest as written.
    pub original: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dockerfile {
    pub syntax: Option<String>,
    pub escape: char,
    pub instructions: Vec<Instruction>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub why: ParseProblem,
}

/// The instructions BuildKit knows.
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// `# key=value` at the top of the file.
fn directive(line: &str) -> Option<(String, String)> {
    let rest = line.trim().strip_prefix('#')?;
    let (k, v) = rest.split_once('=')?;
    let k = k.trim();
    if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    Some((k.to_ascii_lowercase(), v.trim().to_string()))
}

/// The here-document delimiters a joined instruction line opens, in order.
fn heredoc_names(line: &str) -> Vec<(String, bool, bool)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(pos) = rest.find("<<") {
        let mut after = &rest[pos + 2..];
        let strip_tabs = after.starts_with('-');
        if strip_tabs {
            after = &after[1..];
        }
        let (name, quoted, used) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => match after[1..].find(q) {
                Some(end) => (after[1..1 + end].to_string(), true, end + 2),
                None => break,
            },
            _ => {
                let end = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
                (after[..end].to_string(), false, end)
            }
        };
        if !name.is_empty() {
            out.push((name, !quoted, strip_tabs));
        }
        rest = &after[used.min(after.len())..];
    }
    out
}

/// Splits the leading `--flag=value` words off an instruction's arguments.
fn split_flags(args: &str) -> (Vec<(String, String)>, String) {
    let mut flags = Vec::new();
    let mut rest = args.trim_start();
    while let Some(f) = rest.strip_prefix("--") {
        let end = f.find(char::is_whitespace).unwrap_or(f.len());
        let word = &f[..end];
        let (k, v) = word.split_once('=').unwrap_or((word, ""));
        flags.push((k.to_string(), v.to_string()));
        rest = f[end..].trim_start();
    }
    (flags, rest.to_string())
}

/// Parses a Dockerfile. Unknown instructions are an error on their line.
pub fn parse(text: &str) -> Result<Dockerfile, ParseError> {
    let lines: Vec<&str> = text.lines().collect();
    let mut syntax = None;
    let mut escape = '\\';
    let mut i = 0;
    // Parser directives: only before any comment, blank line or instruction.
    while let Some((k, v)) = lines.get(i).and_then(|l| directive(l)) {
        match k.as_str() {
            "syntax" => syntax = Some(v),
            "escape" => match v.as_str() {
                "\\" => escape = '\\',
                "`" => escape = '`',
                _ => return Err(ParseError { line: i + 1, why: ParseProblem::InvalidEscape { token: v.clone() } }),
            },
            _ => {}
        }
        i += 1;
    }
    let mut instructions = Vec::new();
    while i < lines.len() {
        let first = lines[i].trim();
        if first.is_empty() || first.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut joined = String::new();
        // Join continuation lines; comments and blank lines inside are skipped.
        while let Some(raw) = lines.get(i) {
            i += 1;
            let t = raw.trim_start();
            if !joined.is_empty() && (t.is_empty() || t.starts_with('#')) {
                continue;
            }
            let trimmed = raw.trim_end();
            match trimmed.strip_suffix(escape) {
                Some(body) => joined.push_str(body.trim_start()),
                None => {
                    joined.push_str(trimmed.trim_start());
                    break;
                }
            }
        }
        let joined = joined.trim().to_string();
        let (word, rest) = joined.split_once(char::is_whitespace).unwrap_or((&joined, ""));
        let keyword = word.to_ascii_uppercase();
        if !KEYWORDS.contains(&keyword.as_str()) {
            // Upper-cased as typed: `unknown instruction: ;FI` for a stray `;fi`.
            return Err(ParseError { line: start, why: ParseProblem::UnknownInstruction { keyword } });
        }
        let rest = rest.trim().to_string();
        let mut heredocs = Vec::new();
        if matches!(keyword.as_str(), "RUN" | "COPY" | "ADD") {
            for (name, expand, strip_tabs) in heredoc_names(&rest) {
                let mut content = String::new();
                let mut closed = false;
                while let Some(raw) = lines.get(i) {
                    i += 1;
                    let l = if strip_tabs { raw.trim_start_matches('\t') } else { raw };
                    if l == name {
                        closed = true;
                        break;
                    }
                    content.push_str(l);
                    content.push('\n');
                }
                if !closed {
                    return Err(ParseError { line: start, why: ParseProblem::UnterminatedHeredoc { name } });
                }
                heredocs.push(Heredoc { name, content, expand });
            }
        }
        let (flags, args) = split_flags(&rest);
        let original = if rest.is_empty() { keyword.clone() } else { format!("{keyword} {rest}") };
        instructions.push(Instruction { line: start, end_line: i, keyword, flags, args, heredocs, original });
    }
    Ok(Dockerfile { syntax, escape, instructions })
}

/// A command in exec form (`["a", "b"]`, a JSON array of strings), if it is one.
pub fn exec_form(args: &str) -> Option<Vec<String>> {
    let t = args.trim();
    let inner = t.strip_prefix('[')?.strip_suffix(']')?;
    let mut out = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => break,
            Some('"') => {}
            Some(_) => return None,
        }
        let mut s = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => match chars.next()? {
                    'n' => s.push('\n'),
                    't' => s.push('\t'),
                    c => s.push(c),
                },
                c => s.push(c),
            }
        }
        out.push(s);
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        match chars.next() {
            None => break,
            Some(',') => {}
            Some(_) => return None,
        }
    }
    Some(out)
}

/// CMD/ENTRYPOINT/RUN's command: the exec form as written, else the shell form under `/bin/sh -c`.
pub fn command_form(args: &str) -> Vec<String> {
    exec_form(args).unwrap_or_else(|| vec!["/bin/sh".into(), "-c".into(), args.trim().to_string()])
}

/// ENV/LABEL/ARG pairs: `k=v k2="v 2"` or the legacy `k v`.
pub fn key_values(args: &str) -> Vec<(String, String)> {
    let t = args.trim();
    let first = t.split_whitespace().next().unwrap_or("");
    if !first.contains('=') {
        let (k, v) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
        return vec![(k.to_string(), v.trim().to_string())];
    }
    let mut out = Vec::new();
    let mut chars = t.chars().peekable();
    while chars.peek().is_some() {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut word = String::new();
        let mut quote: Option<char> = None;
        while let Some(&c) = chars.peek() {
            chars.next();
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, c) if c.is_whitespace() => break,
                (_, '\\') => {
                    if let Some(n) = chars.next() {
                        word.push(n);
                    }
                }
                (_, c) => word.push(c),
            }
        }
        if word.is_empty() {
            continue;
        }
        match word.split_once('=') {
            Some((k, v)) => out.push((k.to_string(), v.to_string())),
            None => out.push((word, String::new())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continuation_lines_and_comments() {
        let d =
            parse("FROM alpine\n# a comment\nRUN apk add \\\n    curl \\\n# inside\n    git\nCMD [\"sh\"]\n").unwrap();
        assert_eq!(d.instructions.len(), 3);
        let run = &d.instructions[1];
        assert_eq!((run.line, run.end_line), (3, 6));
        assert_eq!(run.args, "apk add curl git");
        assert_eq!(run.original, "RUN apk add curl git");
        assert_eq!(d.instructions[2].line, 7);
    }

    #[test]
    fn keywords_are_case_insensitive_and_unknown_ones_fail() {
        let d = parse("from alpine\nrun echo hi\n").unwrap();
        assert_eq!(d.instructions[1].keyword, "RUN");
        assert_eq!(d.instructions[1].original, "RUN echo hi");
        let e = parse("FROM alpine\n\nfoo bar\n").unwrap_err();
        assert_eq!(e, ParseError { line: 3, why: ParseProblem::UnknownInstruction { keyword: "FOO".into() } });
        assert_eq!(e.why.to_string(), "unknown instruction: FOO");
    }

    #[test]
    fn exec_and_shell_forms() {
        assert_eq!(command_form("[\"nginx\", \"-g\", \"daemon off;\"]"), vec!["nginx", "-g", "daemon off;"]);
        assert_eq!(command_form("python app.py"), vec!["/bin/sh", "-c", "python app.py"]);
        assert_eq!(exec_form("[\"a\\\"b\"]"), Some(vec!["a\"b".to_string()]));
        // Not valid JSON: the shell form, as BuildKit falls back.
        assert_eq!(command_form("[nginx]"), vec!["/bin/sh", "-c", "[nginx]"]);
        assert_eq!(exec_form("[]"), Some(vec![]));
    }

    #[test]
    fn heredocs() {
        let text =
            "FROM alpine\nCOPY <<EOF /start.sh\n#!/bin/sh\necho $HOME\nEOF\nRUN <<-'END' sh\n\techo hi\n\tEND\nCMD x\n";
        let d = parse(text).unwrap();
        let copy = &d.instructions[1];
        assert_eq!(
            copy.heredocs,
            vec![Heredoc { name: "EOF".into(), content: "#!/bin/sh\necho $HOME\n".into(), expand: true }]
        );
        assert_eq!(copy.args, "<<EOF /start.sh");
        assert_eq!((copy.line, copy.end_line), (2, 5));
        let run = &d.instructions[2];
        assert_eq!(run.heredocs[0].content, "echo hi\n");
        assert!(!run.heredocs[0].expand);
        assert_eq!(d.instructions[3].keyword, "CMD");
        assert!(parse("FROM a\nRUN <<EOF\necho\n").is_err());
    }

    #[test]
    fn parser_directives() {
        let d = parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\nRUN echo a `\n  b\n").unwrap();
        assert_eq!(d.syntax.as_deref(), Some("docker/dockerfile:1"));
        assert_eq!(d.escape, '`');
        assert_eq!(d.instructions[1].args, "echo a b");
        // After a comment, `# escape=` is only a comment.
        let d = parse("# hello\n# escape=`\nFROM alpine\n").unwrap();
        assert_eq!(d.escape, '\\');
        assert!(parse("# escape=x\nFROM a\n").is_err());
    }

    #[test]
    fn flags_and_key_values() {
        let d = parse("COPY --from=build --chown=1:1 /app /app\n").unwrap();
        assert_eq!(d.instructions[0].flags, vec![("from".into(), "build".into()), ("chown".into(), "1:1".into())]);
        assert_eq!(d.instructions[0].args, "/app /app");
        assert_eq!(key_values("A=1 B=\"two words\""), vec![("A".into(), "1".into()), ("B".into(), "two words".into())]);
        assert_eq!(key_values("A one two"), vec![("A".into(), "one two".into())]);
    }
}
