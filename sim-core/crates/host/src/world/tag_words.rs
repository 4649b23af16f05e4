//! The words official image tags are made of, in classes: how `cargo xtask gen-official-images`
//! reads docker-library's tags into [`super::official`]'s vocabulary, and how a pull checks a tag
//! against it — one function for both, so they cannot drift. A tag such as
//! `1.27.4-alpine3.21-slim` is split at `-`; version numbers (`1.27.4`) have no class (any
//! version parses), Debian and Ubuntu codenames are `@` (old ones such as `buster` still pull),
//! and other digit runs become `#` (`alpine3.21` → `alpine#.#`).

/// Debian and Ubuntu release codenames, old and new: the class `@`.
pub const CODENAMES: &[&str] = &[
    "bionic", "bookworm", "bullseye", "buster", "focal", "forky", "jammy", "jessie", "noble", "oracular", "plucky",
    "questing", "resolute", "sid", "stretch", "trusty", "xenial",
];

/// `None` for a version number; the word's class otherwise.
pub fn word_class(word: &str) -> Option<String> {
    if !word.is_empty() && word.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if CODENAMES.contains(&word) {
        return Some("@".into());
    }
    let mut out = String::new();
    for c in word.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}
