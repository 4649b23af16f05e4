//! Browser tests of the page's end of the simulator's worker (`src/worker_link.rs`), against
//! small JavaScript workers made from blobs: the real worker's build is checked end to end by
//! `e2e/worker.test.mjs`. The module is private to the page, so it is compiled into this test
//! by path. Native builds skip this file.
#![cfg(target_arch = "wasm32")]

#[path = "../src/worker_link.rs"]
mod worker_link;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen_test::*;
use worker_link::{Reply, WorkerLink};

wasm_bindgen_test_configure!(run_in_browser);

/// Sets `window.muelleWorker` as `index.html` does, for an echo worker made from a blob
/// (`boom` makes it post a crash message and throw); with `early`, the worker is already
/// started and has said `held` before the page listens.
fn record(early: bool) {
    let setup = format!(
        r#"
        const source = `
          onmessage = (e) => {{
            if (e.data === 'bin') {{
              const bytes = new Uint8Array([1, 2, 255]);
              postMessage(bytes, [bytes.buffer]);
              return;
            }}
            if (e.data === 'boom') {{
              postMessage(JSON.stringify({{ crashed: 'boom' }}));
              throw new Error('boom');
            }}
            postMessage('echo:' + e.data);
          }};`;
        const url = URL.createObjectURL(new Blob([source], {{ type: 'text/javascript' }}));
        window.muelleWorker = {{ url, messages: [], errors: [] }};
        if ({early}) {{
          window.muelleWorker.worker = new Worker(url);
          window.muelleWorker.messages.push('held', new Uint8Array([7]));
        }}
        "#
    );
    js_sys::Function::new_no_args(&setup).call0(&wasm_bindgen::JsValue::NULL).unwrap();
}

type Log = Rc<RefCell<Vec<String>>>;

fn start() -> (WorkerLink, Log) {
    let log: Log = Rc::default();
    let (messages, errors) = (log.clone(), log.clone());
    let link = WorkerLink::start(
        move |m| {
            messages.borrow_mut().push(match m {
                Reply::Text(text) => text,
                Reply::Bytes(bytes) => format!("bytes:{bytes:?}"),
            })
        },
        move |e| errors.borrow_mut().push(format!("error: {e}")),
    )
    .expect("the worker starts");
    (link, log)
}

/// Waits until `log` has `n` entries (or two seconds passed) and returns it.
async fn wait_for(log: &Log, n: usize) -> Vec<String> {
    for _ in 0..100 {
        if log.borrow().len() >= n {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    log.borrow().clone()
}

#[wasm_bindgen_test]
async fn the_early_worker_is_taken_over_with_what_it_said_first() {
    record(true);
    let (link, log) = start();
    link.post("a");
    link.post("bin");
    link.post("b");
    assert_eq!(wait_for(&log, 5).await, ["held", "bytes:[7]", "echo:a", "bytes:[1, 2, 255]", "echo:b"]);
    // A second link does not take the same worker: it starts a new one from the URL.
    let (second, second_log) = start();
    second.post("c");
    assert_eq!(wait_for(&second_log, 1).await, ["echo:c"]);
    assert_eq!(log.borrow().len(), 5);
}

#[wasm_bindgen_test]
async fn a_dying_worker_posts_its_crash_and_fires_error() {
    record(false);
    let (link, log) = start();
    link.post("boom");
    let seen = wait_for(&log, 2).await;
    assert_eq!(seen[0], r#"{"crashed":"boom"}"#);
    assert!(seen[1].starts_with("error: ") && seen[1].contains("boom"), "{seen:?}");
}

#[wasm_bindgen_test]
async fn a_terminated_worker_answers_nothing_and_a_new_one_starts() {
    record(false);
    let (link, log) = start();
    link.post("a");
    assert_eq!(wait_for(&log, 1).await, ["echo:a"]);
    link.terminate();
    link.post("b");
    yew::platform::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(*log.borrow(), ["echo:a"]);
    let (fresh, fresh_log) = start();
    fresh.post("c");
    assert_eq!(wait_for(&fresh_log, 1).await, ["echo:c"]);
}

#[wasm_bindgen_test]
async fn a_link_that_starts_its_own_worker_marks_the_record_taken() {
    // The page's wasm was quicker than `index.html`'s start: the link starts the worker, and
    // the record says so, so `index.html` does not start a second one.
    record(false);
    let (link, log) = start();
    let taken = js_sys::Reflect::get(&js_sys::global(), &"muelleWorker".into()).unwrap();
    assert!(js_sys::Reflect::get(&taken, &"taken".into()).unwrap().is_truthy());
    link.post("a");
    assert_eq!(wait_for(&log, 1).await, ["echo:a"]);
}

#[wasm_bindgen_test]
fn without_the_page_record_start_says_why() {
    js_sys::Reflect::delete_property(&js_sys::global(), &"muelleWorker".into()).unwrap();
    let error = WorkerLink::start(|_| {}, |_| {}).err().expect("no worker without the record");
    assert!(error.contains("window.muelleWorker"), "{error}");
}
