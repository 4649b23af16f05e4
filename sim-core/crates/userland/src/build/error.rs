//! The builder's refusals as typed values: BuildKit v0.23's (docker 28's builder) texts after
//! `failed to solve: `, byte for byte. `docker build` prints them after `ERROR: failed to
//! build: failed to solve: `, Compose after `failed to solve: `; a failed step's vertex shows
//! the same text after `ERROR: `.

use crate::world::image::RefError;
use std::fmt;

/// Why a build stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// `failed to read dockerfile: open <name>: no such file or directory`.
    DockerfileNotFound { name: String },
    /// `dockerfile parse error on line <N>: <why>` (the Dockerfile frontend's parser).
    Parse { line: usize, why: ParseProblem },
    /// `the Dockerfile cannot be empty`: no `FROM`.
    Empty,
    /// `target stage "<target>" could not be found` (`--target`, `build.target`).
    TargetNotFound { target: String },
    /// `internal error: <what>`: the builder's own bookkeeping failed (`stage order`, `target
    /// not built`; never reached: stages are built in order).
    Internal { what: &'static str },
    /// `failed to parse stage name "<base>": <error>` (a FROM, or COPY's `--from`).
    StageName { base: String, error: RefError },
    /// `<base>: failed to resolve source metadata for <canonical>: <why>`: the registry does not
    /// have the base image.
    ResolveMetadata { base: String, canonical: String, why: ResolveProblem },
    /// `process "/bin/sh -c <command>" did not complete successfully: exit code: <code>` (a
    /// RUN's script, its `"` escaped).
    RunFailed { command: String, code: i32 },
    /// `failed to compute cache key: failed to calculate checksum of ref <session>: "<path>":
    /// not found` (a COPY/ADD source missing from the context or the stage).
    SourceNotFound { session: String, path: String },
}

/// The parser's refusals after `dockerfile parse error on line <N>: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseProblem {
    /// `invalid escape token '<token>' does not match ` or \`.
    InvalidEscape { token: String },
    /// `unknown instruction: <KEYWORD>` (upper-cased as typed).
    UnknownInstruction { keyword: String },
    /// `unterminated heredoc <name>`.
    UnterminatedHeredoc { name: String },
    /// `no build stage in current context`: an instruction before the first `FROM`.
    NoBuildStage,
    /// `<COPY|ADD> requires at least two arguments, but only one was provided. Destination could
    /// not be determined`.
    NoDestination { keyword: String },
}

/// Why the registry refused a base image's metadata.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResolveProblem {
    /// `pull access denied, repository does not exist or may require authorization: server
    /// message: insufficient_scope: authorization failed`.
    Denied,
    /// `<canonical>: not found` (the repository exists, the tag does not).
    TagNotFound,
}

impl fmt::Display for ParseProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseProblem::InvalidEscape { token } => write!(f, "invalid escape token '{token}' does not match ` or \\"),
            ParseProblem::UnknownInstruction { keyword } => write!(f, "unknown instruction: {keyword}"),
            ParseProblem::UnterminatedHeredoc { name } => write!(f, "unterminated heredoc {name}"),
            ParseProblem::NoBuildStage => f.write_str("no build stage in current context"),
            ParseProblem::NoDestination { keyword } => write!(
                f,
                "{keyword} requires at least two arguments, but only one was provided. Destination could not be determined"
            ),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::DockerfileNotFound { name } => {
                write!(f, "failed to read dockerfile: open {name}: no such file or directory")
            }
            BuildError::Parse { line, why } => write!(f, "dockerfile parse error on line {line}: {why}"),
            BuildError::Empty => f.write_str("the Dockerfile cannot be empty"),
            BuildError::TargetNotFound { target } => write!(f, "target stage \"{target}\" could not be found"),
            BuildError::Internal { what } => write!(f, "internal error: {what}"),
            BuildError::StageName { base, error } => write!(f, "failed to parse stage name \"{base}\": {error}"),
            BuildError::ResolveMetadata { base, canonical, why } => {
                write!(f, "{base}: failed to resolve source metadata for {canonical}: ")?;
                match why {
                    ResolveProblem::Denied => f.write_str(
                        "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
                    ),
                    ResolveProblem::TagNotFound => write!(f, "{canonical}: not found"),
                }
            }
            BuildError::RunFailed { command, code } => write!(
                f,
                "process \"/bin/sh -c {}\" did not complete successfully: exit code: {code}",
                command.replace('"', "\\\"")
            ),
            BuildError::SourceNotFound { session, path } => write!(
                f,
                "failed to compute cache key: failed to calculate checksum of ref {session}: \"{path}\": not found"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(x: &str) -> String {
        x.to_string()
    }

    /// Each text byte for byte as the builder wrote it before it was typed (the golden
    /// transcripts `docker_build*` check several in context).
    #[test]
    fn build_errors_print_buildkits_words() {
        let parse = |why| BuildError::Parse { line: 3, why };
        let cases: Vec<(BuildError, &str)> = vec![
            (
                BuildError::DockerfileNotFound { name: s("Dockerfile.dev") },
                "failed to read dockerfile: open Dockerfile.dev: no such file or directory",
            ),
            (
                parse(ParseProblem::InvalidEscape { token: s("x") }),
                "dockerfile parse error on line 3: invalid escape token 'x' does not match ` or \\",
            ),
            (
                parse(ParseProblem::UnknownInstruction { keyword: s(";FI") }),
                "dockerfile parse error on line 3: unknown instruction: ;FI",
            ),
            (
                parse(ParseProblem::UnterminatedHeredoc { name: s("EOF") }),
                "dockerfile parse error on line 3: unterminated heredoc EOF",
            ),
            (parse(ParseProblem::NoBuildStage), "dockerfile parse error on line 3: no build stage in current context"),
            (
                parse(ParseProblem::NoDestination { keyword: s("COPY") }),
                "dockerfile parse error on line 3: COPY requires at least two arguments, but only one was provided. Destination could not be determined",
            ),
            (BuildError::Empty, "the Dockerfile cannot be empty"),
            (BuildError::TargetNotFound { target: s("test") }, "target stage \"test\" could not be found"),
            (BuildError::Internal { what: "stage order" }, "internal error: stage order"),
            (
                BuildError::StageName { base: s("Alpine"), error: RefError::Invalid },
                "failed to parse stage name \"Alpine\": invalid reference format",
            ),
            (
                BuildError::ResolveMetadata {
                    base: s("ngnix"),
                    canonical: s("docker.io/library/ngnix:latest"),
                    why: ResolveProblem::Denied,
                },
                "ngnix: failed to resolve source metadata for docker.io/library/ngnix:latest: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
            ),
            (
                BuildError::ResolveMetadata {
                    base: s("alpine:9"),
                    canonical: s("docker.io/library/alpine:9"),
                    why: ResolveProblem::TagNotFound,
                },
                "alpine:9: failed to resolve source metadata for docker.io/library/alpine:9: docker.io/library/alpine:9: not found",
            ),
            (
                BuildError::RunFailed { command: s("echo \"hi\" && false"), code: 1 },
                "process \"/bin/sh -c echo \\\"hi\\\" && false\" did not complete successfully: exit code: 1",
            ),
            (
                BuildError::SourceNotFound { session: s("ref1::abc"), path: s("/app.py") },
                "failed to compute cache key: failed to calculate checksum of ref ref1::abc: \"/app.py\": not found",
            ),
        ];
        for (e, text) in cases {
            assert_eq!(e.to_string(), text, "{e:?}");
        }
    }
}
