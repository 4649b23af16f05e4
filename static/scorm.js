// Muelle's SCORM 1.2 client: reports a lesson to the LMS (Moodle, …) that launched the package
// `muelle lesson pack FILE --scorm` wrote (docs/teachers.md, "SCORM").
//
// Loaded by index.html ONLY when the address has `scorm=1` (the package's launch address): a page
// without it never downloads this file. It is written into the document (document.write), so it
// runs before the page's wasm starts and asks for the progress the LMS kept.
//
// How it fits (ARCHITECTURE.md, app/): the page posts its lesson events (`step-completed`,
// `hint-shown`, `lesson-completed`; docs/embedding.md) to its own window when
// `window.muelleRecords` exists (app/src/embed.rs), and reads and hands over a lesson's progress
// through `window.muelleProgress.get(key)` / `.set(key, value)` (app/src/lessons/guide.rs), where
// `key` is the lesson's `progress_key` (a new `version` starts afresh) and `value` the tracker's
// saved form. Both are defined here.
//
// What the LMS gets: `cmi.core.lesson_status` (`incomplete` from the launch, `passed` when every
// step is done — `completed` instead if the LMS set a mastery score the score does not reach),
// `cmi.core.score.raw`/`min`/`max` (the share of steps done without a hint, as a percentage,
// 0, 100), `cmi.core.lesson_location` (the step the student is on), `cmi.core.session_time`,
// `cmi.core.exit` (`suspend` until the lesson is done) and `cmi.suspend_data` (the progress, JSON:
// `{"v":1,"k":key,"p":value,"h":[steps with a hint shown],"n":steps}`). LMSCommit after each change;
// LMSFinish when the page goes away (`pagehide`).
//
// Plain JavaScript, no build step, no dependencies; `window.MuelleScorm` exposes the pieces that
// e2e/scorm.test.mjs reads.
(function (global) {
  'use strict';

  function warn(message) {
    if (global.console) global.console.warn('Muelle SCORM: ' + message);
  }

  /** `win.API`, or its parents' up to the top (the ADL search), or null. */
  function searchUp(win) {
    for (var n = 0; win && n < 500; n++) {
      try {
        if (win.API) return win.API;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // another origin: no API reachable that way
      }
    }
    return null;
  }

  /** The SCORM 1.2 API: on this window, then its parents, then the opener chain. */
  function findApi(win) {
    var api = searchUp(win);
    var seen = 0;
    var w = win;
    while (!api && w && seen++ < 50) {
      try {
        w = w.top && w.top.opener;
      } catch (e) {
        return null;
      }
      if (w) api = searchUp(w);
    }
    return api;
  }

  /** `HHHH:MM:SS.SS`, SCORM 1.2's CMITimespan. */
  function timespan(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor(cs / 6000) % 60;
    var s = Math.floor(cs / 100) % 60;
    var pad = function (v, n) {
      v = String(v);
      while (v.length < n) v = '0' + v;
      return v;
    };
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }

  /** The suspend data read back, or a fresh state. */
  function parseSuspend(text) {
    try {
      var d = JSON.parse(text || '');
      if (d && d.v === 1 && typeof d.k === 'string' && typeof d.p === 'string') {
        return { k: d.k, p: d.p, h: Array.isArray(d.h) ? d.h.filter(Number.isInteger) : [], n: d.n | 0 };
      }
    } catch (e) {}
    return { k: '', p: '', h: [], n: 0 };
  }

  /** Done steps and the step the student is on, from the tracker's saved form. */
  function doneSteps(p) {
    try {
      var done = JSON.parse(p)[0];
      if (typeof done === 'string') return done;
    } catch (e) {}
    return '';
  }

  /** Whether the tracker's saved form has no step done and no wrong try. */
  function untouched(p) {
    try {
      var items = JSON.parse(p);
      return /^0*$/.test(items[0]) && /^[0,]*$/.test(items[1]);
    } catch (e) {
      return false;
    }
  }

  function Session(api, now) {
    this.api = api;
    this.now = now;
    this.start = now();
    this.finished = false;
    this.state = parseSuspend(api.LMSGetValue('cmi.suspend_data'));
    var status = String(api.LMSGetValue('cmi.core.lesson_status') || '');
    this.complete = status === 'passed' || status === 'completed';
    if (status === '' || status === 'not attempted') api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    api.LMSSetValue('cmi.core.exit', this.complete ? '' : 'suspend');
    this.commit();
  }

  Session.prototype.set = function (name, value) {
    if (String(this.api.LMSSetValue(name, String(value))) !== 'true') {
      warn(name + ' not set: error ' + this.api.LMSGetLastError());
    }
  };

  Session.prototype.commit = function () {
    if (this.finished) return;
    this.api.LMSSetValue('cmi.core.session_time', timespan(this.now() - this.start));
    this.api.LMSCommit('');
  };

  Session.prototype.save = function () {
    this.set('cmi.suspend_data', JSON.stringify({ v: 1, k: this.state.k, p: this.state.p, h: this.state.h, n: this.state.n }));
    var done = doneSteps(this.state.p);
    var at = done.indexOf('0');
    if (done) this.set('cmi.core.lesson_location', String(at < 0 ? done.length : at + 1));
    this.commit();
  };

  /** The page's `muelleProgress.get`/`.set` (app/src/embed.rs). */
  Session.prototype.progress = function (key, value) {
    if (value === undefined) return key === this.state.k && this.state.p ? this.state.p : undefined;
    if (key !== this.state.k) this.state = { k: key, p: '', h: [], n: 0 };
    if (this.state.p === value) return undefined;
    // Started over (the lesson's button): no step done, no wrong try, so no hint seen either.
    if (untouched(value)) this.state.h = [];
    this.state.p = value;
    this.save();
    return undefined;
  };

  /** One of the page's events (docs/embedding.md). */
  Session.prototype.handle = function (e) {
    if (this.finished) return;
    if (e.type === 'step-completed' && e.steps > 0) {
      this.state.n = e.steps;
    } else if (e.type === 'hint-shown' && Number.isInteger(e.step)) {
      if (this.state.h.indexOf(e.step) < 0) {
        this.state.h.push(e.step);
        this.save();
      }
    } else if (e.type === 'lesson-completed') {
      var steps = this.state.n || doneSteps(this.state.p).length;
      // A percentage: LMSs such as Moodle read raw against 0–100 whatever max says.
      var raw = steps > 0 ? Math.round((100 * Math.max(0, steps - this.state.h.length)) / steps) : 100;
      this.set('cmi.core.score.min', 0);
      this.set('cmi.core.score.max', 100);
      this.set('cmi.core.score.raw', raw);
      var mastery = parseFloat(this.api.LMSGetValue('cmi.student_data.mastery_score'));
      var passed = isNaN(mastery) || raw >= mastery;
      this.set('cmi.core.lesson_status', passed ? 'passed' : 'completed');
      this.set('cmi.core.exit', '');
      this.complete = true;
      this.save();
    }
  };

  Session.prototype.finish = function () {
    if (this.finished) return;
    this.commit();
    this.finished = true;
    this.api.LMSFinish('');
  };

  var api = { findApi: findApi, timespan: timespan, parseSuspend: parseSuspend, Session: Session };
  global.MuelleScorm = api;

  if (!global.document) return;
  var lms = findApi(global);
  if (!lms) {
    warn('no SCORM 1.2 API (window.API) found in this window, its parents or openers: nothing is reported');
    return;
  }
  if (String(lms.LMSInitialize('')) !== 'true') {
    warn('LMSInitialize failed: error ' + lms.LMSGetLastError());
    return;
  }
  var session = (api.session = new Session(lms, Date.now));
  global.muelleProgress = {
    get: function (key) {
      return session.progress(key);
    },
    set: function (key, value) {
      session.progress(key, value);
    },
  };
  // The page posts its events to its own window only when this exists (app/src/embed.rs); the
  // xAPI sender's may be there already (index.html), which is as good.
  if (typeof global.muelleRecords !== 'function') global.muelleRecords = function () {};
  global.addEventListener('message', function (e) {
    if (e.source !== global || e.origin !== global.location.origin || !e.data || e.data.source !== 'muelle') return;
    try {
      session.handle(e.data);
    } catch (err) {
      warn('event not reported: ' + err);
    }
  });
  global.addEventListener('pagehide', function () {
    session.finish();
  });
  // A package made with `muelle lesson pack --lrs … --lrs-auth …` also sends xAPI statements:
  // its launch address has `endpoint` and `auth`, and the student is the one the LMS names
  // (`cmi.core.student_id`, as an account of the LMS's site), never guessed.
  var q = new URLSearchParams(global.location.search);
  if (q.get('endpoint') && q.get('auth') && !q.get('actor') && typeof global.muelleStartRecords === 'function') {
    var id = String(lms.LMSGetValue('cmi.core.student_id') || '');
    if (!id) {
      warn('the LMS names no student (cmi.core.student_id): no learning records');
    } else {
      var actor = { objectType: 'Agent', account: { homePage: global.location.origin, name: id } };
      var name = String(lms.LMSGetValue('cmi.core.student_name') || '');
      if (name) actor.name = name;
      q.set('actor', JSON.stringify(actor));
      global.muelleStartRecords(q.toString());
    }
  }
})(window);
