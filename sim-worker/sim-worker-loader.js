// The simulator's worker script (see sim-worker/ and ARCHITECTURE.md, "Two threads").
// index.html starts it (`new Worker`) before the page's own wasm loads, so both download at once.
// It loads wasm-bindgen's glue and the simulator's wasm, whose `main` listens for messages. A
// message the page posts while the wasm is still loading would find no listener and be lost:
// they are held here and handed on, in order, as soon as the wasm listens. If loading fails (no
// network and nothing cached), the page hears it twice, as the worker's crash message and as
// its `error` event. `cargo xtask dist` renames the three files with a hash of their contents
// and writes the new names into this file and index.html; these are the names trunk gives them.
'use strict';

(function () {
  var held = [];
  function hold(event) {
    held.push(event.data);
  }
  self.addEventListener('message', hold);
  function fail(error) {
    var text = 'the simulator did not load: ' + String((error && error.message) || error);
    self.postMessage(JSON.stringify({ crashed: text }));
    // Thrown outside the promise, so it is the worker's `error` event on the page.
    setTimeout(function () {
      throw new Error(text);
    });
  }
  // Asked for before the glue, so the two download at once (one round trip less before the
  // largest file starts).
  var wasm = fetch('./sim-worker_bg.wasm');
  wasm.catch(function () {}); // a failure is reported once, below
  try {
    importScripts('./sim-worker.js');
  } catch (error) {
    fail(error);
    return;
  }
  // `wasm_bindgen` runs the wasm's `main` (which adds its listener) before this promise
  // resolves, and the `then` runs before the next message task: nothing is lost or doubled.
  wasm_bindgen({ module_or_path: wasm }).then(function () {
    self.removeEventListener('message', hold);
    for (var i = 0; i < held.length; i++) self.dispatchEvent(new MessageEvent('message', { data: held[i] }));
    held = null;
  }, fail);
})();
