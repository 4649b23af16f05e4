//! Splits the release wasm in two, so a first visit downloads only what the page runs until it is
//! usable (the page's budget is 400 KB gzip; the whole wasm is well over that).
//!
//! The split is profile-guided, with binaryen's `wasm-split` (Debian's `binaryen` package):
//!
//! 1. `wasm-split --instrument` makes a copy of the wasm that records which functions run;
//! 2. `e2e/split-profile.mjs` opens that copy in headless Chromium as a first visit would (empty
//!    storage, the tutorial's Compose file in the editor), waits until the page is usable and a
//!    few seconds more, and saves the record; a second visit runs with the CPU slowed down
//!    eightfold (a busy machine takes other paths: long frames, the simulator's slices running
//!    out), and the two records are merged;
//! 3. `wasm-split --profile` keeps the functions that ran in `app-…_bg.wasm` (the *primary*
//!    module: the page, the editor's Compose checks, an idle simulator) and moves the others (the
//!    docker CLI, shells, programs, Compose's runner, …) to `app-…_lazy.wasm`.
//!
//! The primary calls a moved function through a "placeholder" import until the lazy module is
//! there; `index.html`'s loader fetches that module as soon as the page has painted and answers
//! a placeholder that comes earlier by loading it synchronously (see ARCHITECTURE.md).
//!
//! Two repairs around binaryen 108 (the version Debian ships) are made here, on bytes, with
//! `wasmparser` finding exact offsets: it cannot parse `table.fill`, which wasm-bindgen emits
//! once with a count of 1 (rewritten as `drop; table.set`, the same three bytes), and it exports
//! `__wbindgen_externrefs` as the function table instead of the externref table (the export's
//! index is put back).

use std::path::{Path, PathBuf};

use wasmparser::{ExternalKind, Imports, Operator, Parser, Payload, TypeRef};

use crate::offline::Fnv;
use crate::process::{self, tool};
use crate::{paths, ui, Result};

/// The name part trunk gives the wasm (`app-<hash>_bg.wasm`) and the one of the lazy half.
const PRIMARY_SUFFIX: &str = "_bg.wasm";
const LAZY_SUFFIX: &str = "_lazy.wasm";

/// The wasm features the release build uses; wasm-split must be told them.
const FEATURES: &[&str] = &[
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-bulk-memory",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Splits the wasm trunk wrote into `dist`, rewriting `dist/index.html` to name the lazy half.
pub fn split_site(dist: &Path) -> Result {
    let wasm_path = find_wasm(dist)?;
    let file_name = wasm_path.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let work = paths::target_dir().join("split");
    let _ = std::fs::remove_dir_all(&work);
    create_dir(&work)?;

    ui::say("splitting the wasm: what a first visit runs stays in the page's wasm, the rest loads after…");
    let input = work.join("input.wasm");
    let mut bytes = read(&wasm_path)?;
    lower_table_fill(&mut bytes)?;
    write(&input, &bytes)?;

    // 1. Instrument, and put the instrumented wasm into a copy of the site.
    let instrumented = work.join("instrumented.wasm");
    wasm_split(&["--instrument"], &input, &[("-o", &instrumented)])?;
    repair_externref_export(&instrumented)?;
    let site = work.join("site");
    copy_site(dist, &site)?;
    std::fs::copy(&instrumented, site.join(&file_name))
        .map_err(|e| format!("cannot copy {}: {e}", instrumented.display()))?;
    let index = String::from_utf8(read(&dist.join("index.html"))?).map_err(|_| "index.html is not UTF-8")?;
    write(&site.join("index.html"), without_wasm_integrity(&index, &file_name).as_bytes())?;

    // 2. Profile a first visit in Chromium, at full speed and slowed down, and merge the two.
    let (normal, slow) = (work.join("first-visit.prof"), work.join("first-visit-slow.prof"));
    process::run(
        tool("node").current_dir(paths::root().join("e2e")).arg("split-profile.mjs").arg(&site).arg(&normal).arg(&slow),
    )?;
    let profile = work.join("merged.prof");
    process::run(tool("wasm-split").arg("--merge-profiles").arg(&normal).arg(&slow).arg("-o").arg(&profile))?;

    // 3. Split: keep what the profile saw run, plus the library paths that run only for some
    //    values (see ALWAYS_KEEP).
    let keep = keep_list(&bytes, &read(&profile)?)?;
    let keep_file = work.join("keep.txt");
    write(&keep_file, keep.join("\n").as_bytes())?;
    let (primary, lazy) = (work.join("primary.wasm"), work.join("lazy.wasm"));
    let keep_arg = format!("@{}", path_str(&keep_file)?);
    wasm_split(&["--split", "--keep-funcs", &keep_arg], &input, &[("-o1", &primary), ("-o2", &lazy)])?;
    repair_externref_export(&primary)?;
    // 4. The cut leaves the first half as it was in the whole: optimizing it again drops what
    //    only the lazy half used (~2 KB gzip of every first visit). Only the first half: the
    //    lazy one is bound to it by the names it imports, which optimizing keeps (exports are
    //    roots), and by addresses in memory and the table, which it does not move.
    process::run(tool("wasm-opt").arg("-Oz").args(FEATURES).arg(&primary).arg("-o").arg(&primary))?;

    // The names were for the keep list; visitors do not download them. The two halves only
    // work together, so both are named by a hash of both (trunk's name is of the whole wasm,
    // and two builds of the same code can split differently).
    let (primary, lazy) = (without_names(&read(&primary)?)?, without_names(&read(&lazy)?)?);
    let mut hash = Fnv::default();
    hash.add(&primary);
    hash.add(&lazy);
    let stem = format!("app-{:016x}", hash.0);
    let (primary_name, lazy_name) = (format!("{stem}{PRIMARY_SUFFIX}"), format!("{stem}{LAZY_SUFFIX}"));
    std::fs::remove_file(&wasm_path).map_err(|e| format!("cannot remove {}: {e}", wasm_path.display()))?;
    write(&dist.join(&primary_name), &primary)?;
    write(&dist.join(&lazy_name), &lazy)?;
    let index = without_wasm_integrity(&index, &file_name).replace(&file_name, &primary_name);
    write(&dist.join("index.html"), with_lazy_meta(&index, &lazy_name)?.as_bytes())?;
    // `work` stays: its profiles and halves help when a split needs explaining.
    Ok(())
}

/// Whether `name` is the lazy half (not part of what the page needs to become usable).
pub fn is_lazy(name: &str) -> bool {
    name.ends_with(LAZY_SUFFIX)
}

/// Modules whose functions are kept in the first half whether or not the profile saw them: code
/// the standard library runs only for some values, so a visit like the profiled one may still need it at any
/// moment. Float formatting falls back from Grisu to Dragon for a few numbers (a measured time
/// shown with `{:.1}`), the allocator grows the heap when it runs out, panics report. The
/// profile cannot promise these, and a call into the lazy half before it arrived is a
/// synchronous download (which fails offline: service workers do not answer those).
const ALWAYS_KEEP: &[&str] = &[
    "core::num::",
    "core::fmt::",
    "core::str::",
    "core::char::",
    "core::unicode::",
    "core::slice::memchr::",
    "core::panicking::",
    "std::panicking::",
    "std::alloc::",
    "alloc::alloc::",
    "dlmalloc::",
    "compiler_builtins::",
];

/// The names of the functions to keep in the first half: those with a timestamp in `profile`
/// (binaryen's format: the module's 8-byte hash, then a 32-bit timestamp per defined function,
/// 0 for one that never ran) and those [`ALWAYS_KEEP`] names.
fn keep_list(wasm: &[u8], profile: &[u8]) -> Result<Vec<String>> {
    let mut imported = 0u32;
    let mut defined = 0u32;
    let mut names = std::collections::BTreeMap::new();
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(|e| format!("reading the wasm: {e}"))? {
            Payload::ImportSection(imports) => {
                for group in imports {
                    let group = group.map_err(|e| format!("reading imports: {e}"))?;
                    let Imports::Single(_, import) = group else {
                        return Err("the wasm uses compact imports, which this split does not read".into());
                    };
                    if matches!(import.ty, TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::FunctionSection(functions) => defined = functions.count(),
            Payload::CustomSection(section) => {
                if let wasmparser::KnownCustom::Name(reader) = section.as_known() {
                    for name in reader {
                        if let Ok(wasmparser::Name::Function(map)) = name {
                            for naming in map.into_iter().flatten() {
                                names.insert(naming.index, naming.name.to_string());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err("the wasm has no function names (index.html must build it with data-keep-debug \
                    and wasm-opt -g; the split strips them again)"
            .into());
    }
    let timestamps = profile.get(8..).unwrap_or_default();
    if timestamps.len() != defined as usize * 4 {
        return Err(format!(
            "the profile has {} entries for {defined} functions: it is not of this wasm",
            timestamps.len() / 4
        ));
    }
    let mut keep = Vec::new();
    for (i, stamp) in timestamps.chunks_exact(4).enumerate() {
        let ran = stamp != [0, 0, 0, 0];
        let index = imported + i as u32;
        match names.get(&index) {
            Some(name) if ran || always_kept(name) => keep.push(binaryen_name(name)),
            // binaryen calls a function the name section does not name by its place among the
            // defined functions.
            None if ran => keep.push(i.to_string()),
            _ => {}
        }
    }
    Ok(keep)
}

/// Whether `name` is one of [`ALWAYS_KEEP`]'s, ignoring crate disambiguators: symbols demangled
/// from the v0 scheme read `core[c5930c85a12de822]::num::…`.
fn always_kept(name: &str) -> bool {
    let mut plain = String::with_capacity(name.len());
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '[' => depth += 1,
            ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    // Functions of those modules, not other types' impls of their traits (`<X as
    // core::fmt::Display>::fmt`): the path comes first, or first inside `<…>`.
    let path = plain.strip_prefix('<').unwrap_or(&plain);
    ALWAYS_KEEP.iter().any(|prefix| path.starts_with(prefix))
}

/// A name as binaryen 108 reads it from the name section: when it has a character that may not
/// appear in a text-format identifier, every such byte becomes `\xx` (two lowercase hex digits).
fn binaryen_name(name: &str) -> String {
    let id_char = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-./:<=>?@^_`|~".contains(&b);
    if name.bytes().all(id_char) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 16);
    for b in name.bytes() {
        if id_char(b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("\\{b:02x}"));
        }
    }
    out
}

/// `wasm` without its `name` custom section and any DWARF sections.
fn without_names(wasm: &[u8]) -> Result<Vec<u8>> {
    let mut cut = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::CustomSection(section) = payload.map_err(|e| format!("reading the wasm: {e}"))? {
            if section.name() == "name" || section.name().starts_with(".debug") {
                // The range covers the name and the data; the id byte and size come before.
                let header = section_header_start(wasm, section.range().start)?;
                cut.push(header..section.range().end);
            }
        }
    }
    let mut out = Vec::with_capacity(wasm.len());
    let mut at = 0;
    for range in cut {
        out.extend_from_slice(&wasm[at..range.start]);
        at = range.end;
    }
    out.extend_from_slice(&wasm[at..]);
    Ok(out)
}

/// Where the section whose payload (after id and size) starts at `payload` begins: walks the
/// module's sections from the top.
fn section_header_start(wasm: &[u8], payload: usize) -> Result<usize> {
    let mut at = 8;
    while at < wasm.len() {
        let (size, len) = leb_u32(&wasm[at + 1..]).ok_or("a section size does not parse")?;
        let start = at + 1 + len;
        if start == payload {
            return Ok(at);
        }
        at = start + size as usize;
    }
    Err("a custom section's header was not found".into())
}

fn leb_u32(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value = 0u32;
    for (i, byte) in bytes.iter().take(5).enumerate() {
        value |= u32::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

fn find_wasm(dist: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    let wasm: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(PRIMARY_SUFFIX)))
        .collect();
    match wasm.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!("expected one *{PRIMARY_SUFFIX} in {}, found {}", dist.display(), wasm.len())),
    }
}

fn wasm_split(mode: &[&str], input: &Path, outputs: &[(&str, &Path)]) -> Result {
    let mut cmd = tool("wasm-split");
    cmd.args(mode).args(FEATURES).arg(input);
    for (flag, path) in outputs {
        cmd.arg(flag).arg(path);
    }
    process::run(&mut cmd)
}

/// Rewrites every `i32.const 1; table.fill t` as `i32.const 1; drop; table.set t`: the same
/// effect (one slot set), the same length, and an instruction binaryen 108 reads.
fn lower_table_fill(bytes: &mut [u8]) -> Result {
    let mut patches = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let Payload::CodeSectionEntry(body) = payload.map_err(|e| format!("reading the wasm: {e}"))? else {
            continue;
        };
        let mut ops = body.get_operators_reader().map_err(|e| format!("reading the wasm: {e}"))?;
        let mut previous: Option<Operator> = None;
        while !ops.eof() {
            let (op, offset) = ops.read_with_offset().map_err(|e| format!("reading the wasm: {e}"))?;
            if let Operator::TableFill { table } = op {
                if !matches!(previous, Some(Operator::I32Const { value: 1 })) || table > 0x7f {
                    return Err(format!(
                        "the wasm has a table.fill at byte {offset} that is not of one slot; \
                         binaryen's wasm-split cannot read it"
                    ));
                }
                patches.push(offset);
            }
            previous = Some(op);
        }
    }
    for offset in patches {
        // table.fill = 0xFC 0x11 <table>; drop = 0x1A; table.set = 0x26 <table>.
        if bytes.get(offset..offset + 2) != Some(&[0xFC, 0x11][..]) {
            return Err(format!("unexpected bytes at the table.fill at {offset}"));
        }
        bytes[offset] = 0x1A;
        bytes[offset + 1] = 0x26;
    }
    Ok(())
}

/// Points the export `__wbindgen_externrefs` (wasm-bindgen's table of JS values) back at the
/// module's externref table.
fn repair_externref_export(path: &Path) -> Result {
    let mut bytes = read(path)?;
    let mut tables = Vec::new();
    let mut fix = None;
    for payload in Parser::new(0).parse_all(&bytes) {
        match payload.map_err(|e| format!("reading {}: {e}", path.display()))? {
            Payload::ImportSection(imports) => {
                for group in imports {
                    if let Imports::Single(_, import) = group.map_err(|e| format!("reading imports: {e}"))? {
                        if let TypeRef::Table(t) = import.ty {
                            tables.push(t.element_type.is_extern_ref());
                        }
                    }
                }
            }
            Payload::TableSection(section) => {
                for table in section {
                    tables.push(table.map_err(|e| format!("reading tables: {e}"))?.ty.element_type.is_extern_ref());
                }
            }
            Payload::ExportSection(exports) => {
                for entry in exports.into_iter_with_offsets() {
                    let (offset, export) = entry.map_err(|e| format!("reading exports: {e}"))?;
                    if export.kind == ExternalKind::Table && export.name == "__wbindgen_externrefs" {
                        // name length (LEB128), name, kind byte, then the index.
                        let len = export.name.len();
                        let leb = if len < 0x80 { 1 } else { 2 };
                        fix = Some((offset + leb + len + 1, export.index));
                    }
                }
            }
            _ => {}
        }
    }
    let Some((at, index)) = fix else { return Ok(()) };
    let want = tables.iter().position(|&externref| externref).ok_or("the wasm has no externref table")?;
    if index as usize != want {
        if want > 0x7f || bytes.get(at) != Some(&(index as u8)) {
            return Err(format!("cannot repair the export __wbindgen_externrefs in {}", path.display()));
        }
        bytes[at] = want as u8;
        write(path, &bytes)?;
    }
    Ok(())
}

/// The page as trunk wrote it, minus the integrity hash of the wasm's preload (its bytes change).
fn without_wasm_integrity(index: &str, wasm_name: &str) -> String {
    let mut out = String::with_capacity(index.len());
    let mut rest = index;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').map_or(rest.len(), |e| start + e + 1);
        let tag = &rest[start..end];
        out.push_str(&rest[..start]);
        if tag.contains(wasm_name) {
            out.push_str(&remove_attribute(tag, "integrity"));
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn remove_attribute(tag: &str, name: &str) -> String {
    let Some(start) = tag.find(&format!(" {name}=")) else { return tag.to_string() };
    let value = start + name.len() + 2;
    let end = if tag[value..].starts_with('"') {
        tag[value + 1..].find('"').map_or(tag.len(), |e| value + e + 2)
    } else {
        tag[value..].find([' ', '>']).map_or(tag.len(), |e| value + e)
    };
    format!("{}{}", &tag[..start], &tag[end..])
}

/// Adds `<meta name=muelle-lazy content=./NAME>` to the head: the loader's cue.
fn with_lazy_meta(index: &str, lazy_name: &str) -> Result<String> {
    let at = index.find("<meta").ok_or("index.html has no <meta> to put the lazy module's name beside")?;
    Ok(format!("{}<meta name=muelle-lazy content=./{lazy_name}>{}", &index[..at], &index[at..]))
}

/// The site's files the page loads (not the zip), copied for the profiling run.
fn copy_site(from: &Path, to: &Path) -> Result {
    create_dir(to)?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("cannot list {}: {e}", from.display()))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() {
            copy_site(&path, &to.join(&name))?;
        } else if !name.to_string_lossy().ends_with(".zip") {
            std::fs::copy(&path, to.join(&name)).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

fn path_str(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| format!("{} is not UTF-8", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn create_dir(dir: &Path) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_wasm_preload_loses_its_integrity() {
        let index = "<link href=./a.js integrity=sha384-AAA rel=modulepreload>\
                     <link as=fetch href=./app-1_bg.wasm integrity=sha384-B/b+= rel=preload>";
        assert_eq!(
            without_wasm_integrity(index, "app-1_bg.wasm"),
            "<link href=./a.js integrity=sha384-AAA rel=modulepreload>\
             <link as=fetch href=./app-1_bg.wasm rel=preload>"
        );
        assert_eq!(remove_attribute("<a integrity=\"x y\" b>", "integrity"), "<a b>");
    }

    #[test]
    fn std_paths_are_kept_whichever_way_their_names_are_demangled() {
        assert!(always_kept("core[c5930c85a12de822]::num::flt2dec::strategy::dragon::format_exact"));
        assert!(always_kept("core::fmt::float::float_to_decimal_common_exact::h1234"));
        assert!(always_kept("dlmalloc::dlmalloc::Dlmalloc<A>::malloc::h1"));
        assert!(always_kept("<core[c5930c85a12de822]::num::bignum::Big32x40>::mul_pow2"));
        assert!(!always_kept("sim_core::docker::run::h1"));
        assert!(!always_kept("<sim_core::world::Status as core::fmt::Display>::fmt::h1"));
        assert!(!always_kept("<[T]>::len"), "brackets of slices are not crate hashes to keep");
    }

    #[test]
    fn names_are_escaped_as_binaryen_reads_them() {
        assert_eq!(binaryen_name("core::fmt::write::h1"), "core::fmt::write::h1");
        assert_eq!(binaryen_name("<T as a::B>::f"), "<T\\20as\\20a::B>::f");
        assert_eq!(binaryen_name("a[1]::{{closure}}"), "a\\5b1\\5d::\\7b\\7bclosure\\7d\\7d");
    }

    #[test]
    fn the_lazy_name_goes_into_the_head() {
        let page = with_lazy_meta("<html><meta charset=utf-8><body>", "app-1_lazy.wasm").unwrap();
        assert_eq!(page, "<html><meta name=muelle-lazy content=./app-1_lazy.wasm><meta charset=utf-8><body>");
    }

    /// A module with an externref table used by `i32.const 1; table.fill` (as wasm-bindgen's
    /// shims do), written by hand.
    fn module_with_table_fill() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // type section: (func (param i32))
        m.extend([0x01, 0x05, 0x01, 0x60, 0x01, 0x7F, 0x00]);
        // function section: one function of type 0
        m.extend([0x03, 0x02, 0x01, 0x00]);
        // table section: one externref table, min 4
        m.extend([0x04, 0x04, 0x01, 0x6F, 0x00, 0x04]);
        // code: local.get 0; ref.null extern; i32.const 1; table.fill 0; end
        let body = [0x00, 0x20, 0x00, 0xD0, 0x6F, 0x41, 0x01, 0xFC, 0x11, 0x00, 0x0B];
        m.extend([0x0A, (body.len() + 2) as u8, 0x01, body.len() as u8]);
        m.extend(body);
        m
    }

    #[test]
    fn a_one_slot_table_fill_becomes_drop_and_table_set() {
        let mut m = module_with_table_fill();
        lower_table_fill(&mut m).unwrap();
        let mut ops = Vec::new();
        for payload in Parser::new(0).parse_all(&m) {
            if let Payload::CodeSectionEntry(body) = payload.unwrap() {
                let mut reader = body.get_operators_reader().unwrap();
                while !reader.eof() {
                    ops.push(format!("{:?}", reader.read().unwrap()));
                }
            }
        }
        let ops: Vec<&str> = ops.iter().map(|o| o.split([' ', '{']).next().unwrap()).collect();
        assert_eq!(ops, ["LocalGet", "RefNull", "I32Const", "Drop", "TableSet", "End"]);
    }

    #[test]
    fn a_table_fill_of_more_slots_is_refused() {
        let mut m = module_with_table_fill();
        let at = m.windows(2).position(|w| w == [0x41, 0x01]).unwrap();
        m[at + 1] = 0x02;
        assert!(lower_table_fill(&mut m).is_err());
    }
}
