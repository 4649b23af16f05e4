// <muelle-playground>: Muelle in a course page without writing an <iframe> (docs/embedding.md,
// section 6). The element makes the iframe itself, inside its shadow DOM, from the same
// attributes the embed address takes (lesson, panels, readonly, timetravel, lang, theme, run, w,
// scorm), with `origin=` set to the page's own origin; it re-dispatches Muelle's postMessage
// events as DOM events of the same names (`ready`, `command`, `step-completed`, `hint-shown`,
// `lesson-completed`, `state`; the message is the event's `detail`), and sends commands with
// `runCommand`, `loadLesson`, `loadWorkspace` or `send`.
//
//   <script src="https://muelle.example/static/muelle-element.js"></script>
//   <muelle-playground lesson="redes" panels="lessons,terminal" lang="es"></muelle-playground>
//
// `src` says where Muelle's page is (default: the index.html of the site this script came from).
// Plain JavaScript, no build step; nothing here runs unless a page loads this file.
(function () {
  'use strict';
  if (typeof window === 'undefined' || !window.customElements || customElements.get('muelle-playground')) return;

  var script = document.currentScript;
  var SITE = script && script.src ? new URL('../index.html', script.src).href : new URL('index.html', location.href).href;
  /** The attributes that are the embed address's parameters (docs/embedding.md, section 1). */
  var PARAMS = ['lesson', 'w', 'panels', 'readonly', 'scorm', 'timetravel', 'lang', 'theme', 'run'];
  var EVENTS = ['ready', 'command', 'step-completed', 'hint-shown', 'lesson-completed', 'state'];

  class MuellePlayground extends HTMLElement {
    static get observedAttributes() {
      return PARAMS.concat(['src', 'title']);
    }
  }
  var proto = MuellePlayground.prototype;

  /** The embed address for the element's attributes now. */
  proto.address = function () {
    var base = new URL(this.getAttribute('src') || SITE, location.href);
    var q = ['embed'];
    for (var i = 0; i < PARAMS.length; i++) {
      var name = PARAMS[i];
      if (name === 'w' || !this.hasAttribute(name)) continue;
      q.push(name + '=' + encodeURIComponent(this.getAttribute(name)));
    }
    // Events come to this page, and only this page may command: its own origin, never `*`.
    if (location.origin && location.origin !== 'null') q.push('origin=' + encodeURIComponent(location.origin));
    var w = this.getAttribute('w');
    return base.origin + base.pathname + '?' + q.join('&') + (w ? '#w=' + w.replace(/^#?w=/, '') : '');
  };

  proto.connectedCallback = function () {
    if (!this.shadowRoot) {
      var root = this.attachShadow({ mode: 'open' });
      var style = document.createElement('style');
      style.textContent =
        ':host{display:block;width:100%;height:640px;min-height:320px}' +
        'iframe{display:block;width:100%;height:100%;border:0;border-radius:inherit}';
      this.frame = document.createElement('iframe');
      this.frame.setAttribute('part', 'frame');
      this.frame.setAttribute('allow', 'clipboard-write');
      root.appendChild(style);
      root.appendChild(this.frame);
    }
    this.frame.title = this.getAttribute('title') || 'Muelle';
    this.ready = false;
    this.waiting = [];
    this.frame.src = this.address();
    var self = this;
    if (!this.listener) {
      this.listener = function (e) {
        self.heard(e);
      };
      window.addEventListener('message', this.listener);
    }
  };

  proto.disconnectedCallback = function () {
    if (this.listener) window.removeEventListener('message', this.listener);
    this.listener = null;
  };

  proto.attributeChangedCallback = function (name, old, value) {
    if (!this.frame || old === value) return;
    if (name === 'title') {
      this.frame.title = value || 'Muelle';
    } else if (name === 'lesson' && this.ready && value) {
      // Another lesson: told, not reloaded (as the iframe's `load-lesson`).
      this.send({ type: 'load-lesson', lesson: value });
    } else {
      this.ready = false;
      this.frame.src = this.address();
    }
  };

  /** A message from the iframe: checked (its window, Muelle's origin) and re-dispatched. */
  proto.heard = function (e) {
    var m = e.data;
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    if (e.origin !== new URL(this.frame.src).origin) return;
    if (!m || m.source !== 'muelle' || m.version !== 1 || EVENTS.indexOf(m.type) < 0) return;
    if (m.type === 'ready') {
      this.ready = true;
      this.waiting.splice(0).forEach(this.post, this);
    }
    this.dispatchEvent(new CustomEvent(m.type, { detail: m, bubbles: true, composed: true }));
  };

  proto.post = function (message) {
    this.frame.contentWindow.postMessage(message, new URL(this.frame.src).origin);
  };

  /** Sends a command (`{type, …}`; source and version are added); held until Muelle is ready. */
  proto.send = function (message) {
    var m = Object.assign({ source: 'muelle-host', version: 1 }, message);
    if (this.ready) this.post(m);
    else if (this.waiting) this.waiting.push(m);
  };

  /** Types lines into the terminal (`run-command`). */
  proto.runCommand = function (command) {
    this.send({ type: 'run-command', command: String(command) });
  };

  /** Opens a lesson from its start (`load-lesson`), optionally recording to an LRS. */
  proto.loadLesson = function (lesson, lrs) {
    var m = { type: 'load-lesson', lesson: String(lesson) };
    if (lrs) m.lrs = lrs;
    this.send(m);
  };

  /** Replaces the files (`load-workspace`): a share fragment, or `[{path, content}]`. */
  proto.loadWorkspace = function (workspace) {
    this.send(Array.isArray(workspace) ? { type: 'load-workspace', files: workspace } : { type: 'load-workspace', workspace: String(workspace) });
  };

  customElements.define('muelle-playground', MuellePlayground);
})();
