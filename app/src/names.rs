//! Which file names may enter the project: one rule for every door (the editor's new-file and
//! rename, share links, imported workspaces, an embedding page's `load-workspace`, and the zip
//! export), so a name refused at one is refused at all.
//!
//! The simulated host is Linux, where almost any name is legal, but the project also leaves the
//! browser: as a zip a student unpacks on Windows, or as a folder for real Docker. So a path is
//! refused when it could escape its folder (absolute, empty, `.` or `..` parts), when Windows
//! cannot hold it (`\ : * ? " < > |`, control characters, a part ending in a dot or a space, the
//! device names `CON PRN AUX NUL COM1`–`COM9 LPT1`–`LPT9` with or without an extension, in any
//! case), or when Linux would not (a part over `NAME_MAX` = 255 bytes, or a path that, with the
//! project folder `/home/alumno/proyecto/` in front, reaches `PATH_MAX` = 4,096 bytes). The answer says which file and which character or part, so the page can say so.
//! Pure: tested natively.

/// Longest name of one part of a path, in bytes (Linux's `NAME_MAX`).
pub const NAME_MAX: usize = 255;
/// Linux's `PATH_MAX`: the host refuses a path of this many bytes or more (NUL included).
pub const PATH_MAX: usize = sim_core::fs::PATH_MAX;
/// Longest path relative to the project, in bytes: with `PROJECT_DIR/` in front it stays under
/// [`PATH_MAX`], so every name this check accepts the simulated host accepts too.
pub const MAX_PATH: usize = PATH_MAX - 1 - (sim_core::PROJECT_DIR.len() + 1);
/// Characters Windows refuses in a file name (besides control characters).
pub const FORBIDDEN: &[char] = &['\\', ':', '*', '?', '"', '<', '>', '|'];
/// Device names Windows reserves, with or without an extension.
const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2",
    "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Why a path was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    Empty,
    /// Starts with `/`.
    Absolute,
    /// An empty part (`a//b`, `a/`), `.` or `..`.
    BadPart(String),
    /// A character Windows refuses.
    Char(char),
    /// A control character (newline, tab, NUL…).
    Control(char),
    /// A device name Windows reserves (`CON`, `nul.txt`…): the part.
    Reserved(String),
    /// A part that ends in a dot or a space.
    TrailingDotOrSpace(String),
    /// A part over [`NAME_MAX`] bytes or a path over [`MAX_PATH`].
    TooLong,
}

/// A refused path and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadName {
    pub path: String,
    pub why: Why,
}

impl BadName {
    /// The path as it can be shown: control characters escaped, at most 80 characters.
    pub fn shown_path(&self) -> String {
        shown(&self.path, 80)
    }
}

/// Text safe to show: control characters as `\n`, `\u{7}`…, cut to `max` characters with `…`.
pub fn shown(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    out
}

/// Checks one path relative to the project folder (`web/index.html`).
pub fn check_path(path: &str) -> Result<(), BadName> {
    let bad = |why| Err(BadName { path: path.to_string(), why });
    if path.is_empty() {
        return bad(Why::Empty);
    }
    if path.starts_with('/') {
        return bad(Why::Absolute);
    }
    // Characters first: `a\..\b` is about the backslash, which is what the student typed.
    if let Some(c) = path.chars().find(|c| c.is_control()) {
        return bad(Why::Control(c));
    }
    if let Some(c) = path.chars().find(|c| FORBIDDEN.contains(c)) {
        return bad(Why::Char(c));
    }
    if path.len() > MAX_PATH {
        return bad(Why::TooLong);
    }
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return bad(Why::BadPart(part.to_string()));
        }
        if part.len() > NAME_MAX {
            return bad(Why::TooLong);
        }
        if part.ends_with(['.', ' ']) {
            return bad(Why::TrailingDotOrSpace(part.to_string()));
        }
        if is_reserved(part) {
            return bad(Why::Reserved(part.to_string()));
        }
    }
    Ok(())
}

/// Whether Windows reserves `part` as a device: `CON`, `con.txt`, `Nul .tar.gz`, `LPT1.log`.
fn is_reserved(part: &str) -> bool {
    let stem = part.split('.').next().unwrap_or(part).trim_end_matches(' ');
    RESERVED.iter().any(|r| stem.eq_ignore_ascii_case(r))
}

/// Checks every path of a workspace's files; the first bad one is the answer.
pub fn check_files(files: &[(String, String)]) -> Result<(), BadName> {
    files.iter().try_for_each(|(p, _)| check_path(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(p: &str) -> Why {
        check_path(p).expect_err(p).why
    }

    #[test]
    fn ordinary_names_pass() {
        for p in [
            "compose.yaml",
            "web/index.html",
            "conf/app.env",
            ".env",
            ".github/workflows/ci.yml",
            "índice ñandú.html",
            "a b/c-d_e.f.g",
            "console.log",
            "com10.txt",
            "lpt.txt",
            "auxiliar.md",
            "nulo",
        ] {
            assert_eq!(check_path(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn escapes_and_empty_parts_are_refused() {
        assert_eq!(why(""), Why::Empty);
        assert_eq!(why("/etc/passwd"), Why::Absolute);
        assert_eq!(why("../x"), Why::BadPart("..".into()));
        assert_eq!(why("a/./b"), Why::BadPart(".".into()));
        assert_eq!(why("a//b"), Why::BadPart("".into()));
        assert_eq!(why("a/"), Why::BadPart("".into()));
    }

    #[test]
    fn windows_characters_are_located() {
        assert_eq!(why("..\\..\\..\\evil.bat"), Why::Char('\\'));
        assert_eq!(why("c:evil"), Why::Char(':'));
        for c in FORBIDDEN {
            assert_eq!(why(&format!("web/a{c}b.txt")), Why::Char(*c));
        }
        assert_eq!(why("a\nb"), Why::Control('\n'));
        assert_eq!(why("a\tb"), Why::Control('\t'));
        assert_eq!(why("nul\0"), Why::Control('\0'));
        assert_eq!(why("x\u{7f}"), Why::Control('\u{7f}'));
        assert_eq!(why("x\u{85}"), Why::Control('\u{85}'), "C1 controls too");
    }

    #[test]
    fn reserved_device_names_in_any_case_with_or_without_extension() {
        for p in
            ["CON", "con", "Prn.txt", "aux.tar.gz", "NUL", "nul.yaml", "COM1", "com9.log", "LPT1", "lpt9.x", "web/con"]
        {
            let part = p.rsplit('/').next().unwrap();
            assert_eq!(why(p), Why::Reserved(part.into()), "{p}");
        }
        assert_eq!(why("nul .txt"), Why::Reserved("nul .txt".into()));
        assert_eq!(check_path("com0"), Ok(()), "COM0 is not a device");
    }

    #[test]
    fn trailing_dots_and_spaces_are_refused() {
        assert_eq!(why("notas."), Why::TrailingDotOrSpace("notas.".into()));
        assert_eq!(why("web /index.html"), Why::TrailingDotOrSpace("web ".into()));
        assert_eq!(why("a..."), Why::TrailingDotOrSpace("a...".into()));
    }

    #[test]
    fn linux_lengths() {
        assert_eq!(check_path(&"a".repeat(NAME_MAX)), Ok(()));
        assert_eq!(why(&"a".repeat(NAME_MAX + 1)), Why::TooLong);
        let deep = vec!["a"; 3000].join("/");
        assert_eq!(why(&deep), Why::TooLong, "a 6,000-byte path");
        let fits = "a/".repeat(MAX_PATH / 2) + "a";
        assert_eq!(fits.len(), MAX_PATH);
        assert_eq!(check_path(&fits), Ok(()));
        assert_eq!(why(&format!("{fits}a")), Why::TooLong, "one byte more reaches PATH_MAX on the host");
    }

    #[test]
    fn the_first_bad_file_of_a_workspace_is_named() {
        let files = vec![
            ("ok.txt".to_string(), String::new()),
            ("muelle\\evil.bat".to_string(), String::new()),
            ("con".to_string(), String::new()),
        ];
        let bad = check_files(&files).unwrap_err();
        assert_eq!((bad.path.as_str(), bad.why), ("muelle\\evil.bat", Why::Char('\\')));
        assert_eq!(check_files(&files[..1]), Ok(()));
    }

    #[test]
    fn shown_paths_escape_controls_and_are_short() {
        let b = BadName { path: "a\nb".into(), why: Why::Control('\n') };
        assert_eq!(b.shown_path(), "a\\nb");
        assert_eq!(shown(&"x".repeat(100), 80).chars().count(), 81);
    }
}
