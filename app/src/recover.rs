//! Work that is replaced stays recoverable: the "previous work" slot, the session set aside, and
//! the questions asked before a share link or an import replaces the student's files.
//!
//! Replacing edited work first copies the saved session (files, history, journal, clock, tabs)
//! into a slot of its own and shows a notice with a button that swaps the two back and reloads.
//! A saved session that was not replayed (see `boot::Aside`) is kept under [`ASIDE_KEY`] and can
//! be downloaded from its notice.

use crate::boot::{self, Aside};
use crate::i18n::{Lang, Safety};
use crate::notice::{self, Notice};
use crate::persist::{self, Prefs};
use crate::share::{self, Workspace};
use crate::store;

/// The saved session that was set aside instead of replayed.
pub const ASIDE_KEY: &str = "muelle.journal.aside";

/// Where `key`'s previous value is kept.
fn previous(key: &str) -> String {
    format!("{key}.previous")
}

/// Copies the saved session into the previous-work slot (`files`: the live files, fresher than
/// the last save) and says so.
pub fn keep_previous(files: Option<&[(String, String)]>) {
    for key in persist::SESSION_KEYS {
        let value = match (key, files) {
            (persist::FILES_KEY, Some(f)) => Some(persist::encode_files(f)),
            _ => persist::load(key),
        };
        match value {
            Some(v) => persist::store(&previous(key), &v),
            None => persist::remove(&previous(key)),
        }
    }
    notice::show(Notice::PreviousKept);
}

/// Swaps the saved session and the previous work, then reloads (the page stops saving first, so
/// the session running now cannot write over the swap).
pub fn restore_previous() {
    let pairs: Vec<(String, Option<String>)> = persist::SESSION_KEYS
        .iter()
        .flat_map(|key| {
            let (now, before) = (persist::load(key), persist::load(&previous(key)));
            [(key.to_string(), before), (previous(key), now)]
        })
        .collect();
    store::stop_writing();
    wasm_bindgen_futures::spawn_local(async move {
        if store::write_now(&pairs).await {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        } else {
            store::take_over();
            notice::show(Notice::SaveFailed { quota: false });
        }
    });
}

/// Keeps a saved journal that will not be replayed, and tells the student why.
pub fn set_aside(journal: &str, why: Aside) {
    persist::store(ASIDE_KEY, journal);
    persist::remove(persist::JOURNAL_KEY);
    notice::show(Notice::Aside(why));
}

/// Downloads the session set aside.
pub fn export_aside() {
    if let Some(text) = persist::load(ASIDE_KEY) {
        share::download("muelle-sesion-apartada.txt", &text);
    }
}

fn saved_lang() -> Lang {
    persist::load(persist::PREFS_KEY).map(|p| Prefs::decode(&p).lang).unwrap_or_default()
}

fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// The workspace of a share link in the address, if there is one and it may replace the saved
/// work: a bad link is reported and changes nothing; over edited work the student is asked, and
/// the work is kept aside before it is replaced.
/// A link whose files have a name no entry point accepts is not opened: `refused` says which.
pub fn incoming_link(refused: &mut Option<crate::names::BadName>) -> Option<Workspace> {
    match share::from_location_checked()? {
        Err(e) => {
            notice::show(Notice::BadLink(e));
            None
        }
        Ok(w) => {
            if let Err(bad) = crate::names::check_files(&w.files) {
                *refused = Some(bad);
                return None;
            }
            let saved = persist::load(persist::FILES_KEY).and_then(|s| persist::decode_files(&s));
            if boot::must_ask(saved.as_deref(), &w.files, saved_lang()) {
                if !confirm(Safety::ConfirmLink.get(saved_lang())) {
                    return None;
                }
                keep_previous(None);
            }
            Some(w)
        }
    }
}

/// Before an import replaces `live` with `incoming`: asks over edited work and keeps it aside;
/// `false` when the student said no.
pub fn before_import(live: &[(String, String)], incoming: &[(String, String)], lang: Lang) -> bool {
    if boot::must_ask(Some(live), incoming, lang) {
        if !confirm(Safety::ConfirmImport.get(lang)) {
            return false;
        }
        keep_previous(Some(live));
    }
    true
}
