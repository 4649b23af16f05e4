//! Arbitrary bytes, read as UTF-8 (lossy), through `compose::load` and both
//! renderers: nothing may panic. A `.env` and an `env_file` exist so that
//! interpolation and file reads are exercised too.
//!
//! `cargo +nightly fuzz run compose_load` from the repository root.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sim_core::compose;
use std::collections::BTreeMap;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let read = |p: &str| -> Option<Vec<u8>> {
        match p {
            "/p/.env" => Some(b"A=1\nTAG=latest\n".to_vec()),
            "/p/app.env" => Some(b"B=2\n".to_vec()),
            _ => None,
        }
    };
    let env: BTreeMap<String, String> = [("HOME".to_string(), "/root".to_string())].into();
    let files = [("/p/compose.yaml".to_string(), text)];
    if let Ok((p, _warnings)) = compose::load(&files, &env, "/p", None, &[], &read) {
        let _ = compose::render_json(&p);
        let _ = compose::render_yaml(&p);
    }
});
