//! Where the student's work is kept between visits: IndexedDB, mirrored in memory.
//!
//! `localStorage` holds about 5 MB per site and refuses a write silently as far as the page
//! was concerned; IndexedDB holds what the browser's quota allows (hundreds of MB) and says when a
//! write failed. The rest of the page keeps its simple synchronous `get`/`set` by keys (see
//! `persist`): [`open`] reads the whole database into memory before the page starts, `get` reads
//! the mirror, `set` updates it and queues a write. Each write is its own transaction, tagged with
//! its key; the transaction's end says whether that key is saved. A key whose write failed is
//! written again with the next save, and while any key is unsaved the page says so (`notice`),
//! never "saved". A tab that is not the one saving (`leader`) keeps its mirror up to date but
//! writes nothing until the student takes over. What an older version kept in `localStorage`
//! moves here on the first load (removed there once the copy is written), and the page asks the
//! browser to keep its storage (`navigator.storage.persist()`).
//!
//! Without IndexedDB (blocked, or not opened: the browser tests mount the page directly) every
//! call goes to `localStorage`, whose failures are reported the same way.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::notice::{self, Notice};

const DB_NAME: &str = "muelle";
const STORE: &str = "kv";
/// The property a write's transaction carries its key in.
const KEY_PROP: &str = "muelleKey";
/// Keys that stay in `localStorage` (small, read before anything else, or written while dying).
pub const LOCAL_ONLY: [&str; 3] = [crate::persist::PREFS_KEY, crate::guard::REPLAY_MARK, crate::guard::CRASH_KEY];

type Handler = Closure<dyn FnMut(web_sys::Event)>;

/// A few values by key, in a `Vec`: the page saves about a dozen keys, and a map's code would
/// weigh more in the download than the linear search costs.
struct Keyed<V>(Vec<(String, V)>);

impl<V> Keyed<V> {
    fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }
    fn remove(&mut self, key: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|(k, _)| k != key);
        self.0.len() != before
    }
    fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }
    fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn iter(&self) -> impl Iterator<Item = &(String, V)> {
        self.0.iter()
    }
}

struct State {
    mirror: Keyed<String>,
    db: Option<IdbDatabase>,
    /// This tab writes (it is the newest, or the student took over).
    writer: bool,
    /// Keys whose last write failed, with whether the quota was the cause.
    failed: Keyed<bool>,
    /// Keys copied from `localStorage`, removed there once written here.
    migrating: Keyed<()>,
    /// Called when a transaction ends (kept for the page's life: one pair for every write).
    handlers: Option<(Handler, Handler)>,
}

thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(State {
        mirror: Keyed(Vec::new()),
        db: None,
        writer: true,
        failed: Keyed(Vec::new()),
        migrating: Keyed(Vec::new()),
        handlers: None,
    }) };
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether the quota refused `error` (a `DOMException`).
fn is_quota(error: &JsValue) -> bool {
    error.dyn_ref::<web_sys::DomException>().is_some_and(|e| e.name() == "QuotaExceededError" || e.code() == 22)
}

/// Reads `key`.
pub fn get(key: &str) -> Option<String> {
    let (opened, value) = STATE.with(|s| {
        let s = s.borrow();
        (s.db.is_some(), s.mirror.get(key).cloned())
    });
    if opened && !LOCAL_ONLY.contains(&key) {
        value
    } else {
        local()?.get_item(key).ok()?
    }
}

/// Writes `key` (at once into the mirror; into the database when this tab is the one saving).
pub fn set(key: &str, value: &str) {
    if LOCAL_ONLY.contains(&key) || STATE.with(|s| s.borrow().db.is_none()) {
        let result = local().map(|l| l.set_item(key, value));
        match result {
            Some(Ok(())) => settled(key, None),
            Some(Err(e)) => settled(key, Some(is_quota(&e))),
            None => settled(key, Some(false)),
        }
        return;
    }
    let (writer, retry) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.mirror.insert(key.to_string(), value.to_string());
        (s.writer, s.failed.keys().filter(|k| k.as_str() != key).cloned().collect::<Vec<_>>())
    });
    if writer {
        write(key, Some(value));
        for k in retry {
            let v = STATE.with(|s| s.borrow().mirror.get(&k).cloned());
            write(&k, v.as_deref());
        }
    }
}

/// Forgets `key`.
pub fn remove(key: &str) {
    if LOCAL_ONLY.contains(&key) || STATE.with(|s| s.borrow().db.is_none()) {
        if let Some(l) = local() {
            let _ = l.remove_item(key);
        }
        return;
    }
    let writer = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.mirror.remove(key);
        s.writer
    });
    if writer {
        write(key, None);
    }
}

/// Whether this tab writes what it saves.
pub fn is_writer() -> bool {
    STATE.with(|s| s.borrow().writer)
}

/// Another tab saves from now on: keep the mirror, write nothing.
pub fn stop_writing() {
    STATE.with(|s| s.borrow_mut().writer = false);
}

/// This tab saves again: everything it holds is written (its work wins, as the student chose).
pub fn take_over() {
    let all: Vec<(String, String)> = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.writer = true;
        s.mirror.iter().cloned().collect()
    });
    for (k, v) in all {
        write(&k, Some(&v));
    }
}

/// Writes `key` (`None`: deletes it) in a transaction of its own.
fn write(key: &str, value: Option<&str>) {
    let Some(db) = STATE.with(|s| s.borrow().db.clone()) else { return };
    let result = (|| -> Result<(), JsValue> {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        js_sys::Reflect::set(&tx, &KEY_PROP.into(), &key.into())?;
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            let (done, aborted) = s.handlers.get_or_insert_with(|| {
                (Closure::new(|e: web_sys::Event| ended(e, None)), Closure::new(|e: web_sys::Event| ended(e, Some(()))))
            });
            tx.set_oncomplete(Some(done.as_ref().unchecked_ref()));
            tx.set_onabort(Some(aborted.as_ref().unchecked_ref()));
        });
        let store = tx.object_store(STORE)?;
        let request = match value {
            Some(v) => store.put_with_key(&JsValue::from_str(v), &JsValue::from_str(key)),
            None => store.delete(&JsValue::from_str(key)),
        };
        if let Err(e) = request {
            let _ = tx.abort();
            return Err(e);
        }
        Ok(())
    })();
    if let Err(e) = result {
        settled(key, Some(is_quota(&e)));
    }
}

/// A write's transaction ended: `failed` is `None` when it was committed.
fn ended(e: web_sys::Event, failed: Option<()>) {
    let Some(tx) = e.target().and_then(|t| t.dyn_into::<IdbTransaction>().ok()) else { return };
    let Some(key) = js_sys::Reflect::get(&tx, &KEY_PROP.into()).ok().and_then(|k| k.as_string()) else { return };
    match failed {
        None => settled(&key, None),
        // Without an error the page aborted it itself, after recording why (see `write`).
        Some(()) => {
            if let Some(error) = tx.error() {
                settled(&key, Some(error.name() == "QuotaExceededError"));
            }
        }
    }
}

/// Records how a write of `key` ended (`Some(quota)`: it failed) and updates the notice.
fn settled(key: &str, failure: Option<bool>) {
    let (failing, migrated) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let migrated = match failure {
            None => {
                s.failed.remove(key);
                s.migrating.remove(key)
            }
            Some(quota) => {
                s.failed.insert(key.to_string(), quota);
                false
            }
        };
        let failing = (!s.failed.is_empty()).then(|| s.failed.values().any(|q| *q));
        (failing, migrated)
    });
    if migrated {
        if let Some(l) = local() {
            let _ = l.remove_item(key);
        }
    }
    match failing {
        Some(quota) => notice::show(Notice::SaveFailed { quota }),
        None => notice::hide(|n| matches!(n, Notice::SaveFailed { .. })),
    }
}

/// Waits for `request` to succeed and returns its result.
async fn done(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.set_onsuccess(None);
    request.set_onerror(None);
    request.result()
}

async fn open_db() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window().ok_or(JsValue::NULL)?.indexed_db()?.ok_or(JsValue::NULL)?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, 1)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        let db = e
            .target()
            .and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(db) = db {
            let _ = db.create_object_store(STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let db = done(&request).await?.dyn_into::<IdbDatabase>()?;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    Ok(db)
}

async fn read_all(db: &IdbDatabase) -> Result<Keyed<String>, JsValue> {
    let tx = db.transaction_with_str(STORE)?;
    let store = tx.object_store(STORE)?;
    let keys = store.get_all_keys()?;
    let values = store.get_all()?;
    let keys: js_sys::Array = done(&keys).await?.dyn_into()?;
    let values: js_sys::Array = done(&values).await?.dyn_into()?;
    Ok(Keyed(keys.iter().zip(values.iter()).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect()))
}

/// Opens the database and reads it into memory (or stays on `localStorage` if it cannot be
/// opened); moves what an older version saved in `localStorage`; asks to keep the storage.
pub async fn open() {
    let opened = match open_db().await {
        Ok(db) => read_all(&db).await.ok().map(|all| (db, all)),
        Err(_) => None,
    };
    let Some((db, mirror)) = opened else { return };
    let fresh = mirror.is_empty();
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.mirror = mirror;
        s.db = Some(db);
    });
    if fresh {
        migrate();
    }
    request_persistence();
}

/// Copies the `muelle.*` keys an older version kept in `localStorage`.
fn migrate() {
    let Some(l) = local() else { return };
    let n = l.length().unwrap_or(0);
    let keys: Vec<String> = (0..n)
        .filter_map(|i| l.key(i).ok().flatten())
        .filter(|k| k.starts_with("muelle.") && !LOCAL_ONLY.contains(&k.as_str()))
        .collect();
    for key in keys {
        let Some(value) = l.get_item(&key).ok().flatten() else { continue };
        STATE.with(|s| s.borrow_mut().migrating.insert(key.clone(), ()));
        set(&key, &value);
    }
}

/// Asks the browser not to evict the site's storage under pressure (it may say no).
fn request_persistence() {
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else { return };
    if let Ok(promise) = storage.persist() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(promise).await;
        });
    }
}

/// Writes `pairs` (`None`: deletes) and waits until they are committed; `false` if any failed.
/// Used when the page must be sure before it reloads (restoring the previous work).
pub async fn write_now(pairs: &[(String, Option<String>)]) -> bool {
    let Some(db) = STATE.with(|s| s.borrow().db.clone()) else {
        for (k, v) in pairs {
            match v {
                Some(v) => set(k, v),
                None => remove(k),
            }
        }
        return true;
    };
    let result = async {
        let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = tx.object_store(STORE)?;
        let queued = pairs.iter().try_for_each(|(k, v)| {
            match v {
                Some(v) => store.put_with_key(&JsValue::from_str(v), &JsValue::from_str(k)),
                None => store.delete(&JsValue::from_str(k)),
            }
            .map(drop)
        });
        if let Err(e) = queued {
            // All or nothing: a half-done swap would mix two sessions.
            let _ = tx.abort();
            return Err(e);
        }
        let promise = js_sys::Promise::new(&mut |resolve, reject| {
            tx.set_oncomplete(Some(&resolve));
            tx.set_onabort(Some(&reject));
        });
        JsFuture::from(promise).await?;
        Ok::<(), JsValue>(())
    }
    .await;
    if result.is_ok() {
        STATE.with(|s| {
            let mut s = s.borrow_mut();
            for (k, v) in pairs {
                match v {
                    Some(v) => s.mirror.insert(k.clone(), v.clone()),
                    None => drop(s.mirror.remove(k)),
                };
            }
        });
    }
    result.is_ok()
}
