// Muelle's xAPI sender: learning records for a teacher's Learning Record Store (LRS).
//
// Loaded by index.html ONLY when the page's address carries the xAPI launch parameters
// (`endpoint`, `auth`, `actor`, optionally `registration`, `activity_id`, `grouping`): a page
// without them never downloads this file, and nothing leaves the page. What is sent, and to whom,
// is documented for teachers in docs/teachers.md.
//
// How it fits (ARCHITECTURE.md, app/): the page's lessons guide (app/src/lessons/guide.rs) posts
// every event it would post to an embedding page (`ready`, `command` with its exit status and
// Muelle's explanation of a failure as `cause`, `step-completed`, `hint-shown`,
// `lesson-completed`, `state`) to its own window too, when `window.muelleRecords` exists.
// index.html defines that function as the `message` listener: it keeps the events in `.held`
// until this file sets `.to`, which it then calls with each.
//
// Each event becomes at most one xAPI 1.0.3 statement. A statement gets its `id` (a random UUID)
// and its `timestamp` once, when it is made, and is stored with them in localStorage before any
// attempt to send it, so:
//   - nothing is lost offline or across a reload: the queue is sent when the network allows
//     (at once, on the `online` event, and with a back-off after a failure);
//   - nothing is sent twice: a resent statement is byte for byte the one sent before, and an LRS
//     keeps one statement per id (xAPI: same id, same statement ⇒ stored once).
// The actor is used exactly as the launch gave it; without a valid one nothing is recorded.
//
// Plain JavaScript, no build step, no dependencies. The logic (launch parsing, statements, the
// queue and the sender) takes its clock, random ids, storage and fetch as arguments, so
// e2e/xapi-queue.test.mjs runs it in Node; the browser start-up is at the end of the file.
(function (global) {
  'use strict';

  var XAPI_VERSION = '1.0.3';
  // Not `muelle.…`: the page moves every `muelle.…` key of localStorage into IndexedDB on a first
  // visit (app/src/store.rs, what older versions saved there), which would take the queue away.
  var QUEUE_KEY = 'muelle-xapi.queue';
  var LESSONS_KEY = 'muelle-xapi.lessons';
  var REJECTED_KEY = 'muelle-xapi.rejected';
  /** Statements per POST. */
  var BATCH = 25;
  /** The most statements waiting; past it the oldest are dropped (with a console warning). */
  var MAX_QUEUE = 5000;
  /** Retry delays after a failure: doubling from FIRST_RETRY_MS up to MAX_RETRY_MS. */
  var FIRST_RETRY_MS = 1000;
  var MAX_RETRY_MS = 60000;

  var VERBS = {
    launched: 'http://adlnet.gov/expapi/verbs/launched',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
    experienced: 'http://adlnet.gov/expapi/verbs/experienced',
    interacted: 'http://adlnet.gov/expapi/verbs/interacted',
  };
  var TYPES = {
    lesson: 'http://adlnet.gov/expapi/activities/lesson',
    objective: 'http://adlnet.gov/expapi/activities/objective',
    interaction: 'http://adlnet.gov/expapi/activities/interaction',
    media: 'http://adlnet.gov/expapi/activities/media',
  };
  var UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

  function warn(message) {
    if (global.console) global.console.warn('Muelle xAPI: ' + message);
  }

  /**
   * Reads the launch parameters from a query string (`location.search`) for the page at
   * `pageUrl`. Returns `{endpoint, statements, auth, actor, registration, root, vocabulary,
   * grouping}` or `{error}` saying why nothing will be recorded.
   */
  function parseLaunch(search, pageUrl) {
    var q = new URLSearchParams(search);
    var endpoint = q.get('endpoint');
    var auth = q.get('auth');
    var actorText = q.get('actor');
    if (!endpoint || !auth || !actorText) return { error: 'endpoint, auth and actor are all needed' };
    var url;
    try {
      url = new URL(endpoint);
    } catch (e) {
      return { error: 'endpoint is not an absolute URL' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'endpoint must be http(s)' };
    endpoint = url.href.replace(/\/?$/, '/');
    var actor;
    try {
      actor = JSON.parse(actorText);
    } catch (e) {
      return { error: 'actor is not JSON' };
    }
    var why = checkActor(actor);
    if (why) return { error: 'actor ' + why };
    var registration = q.get('registration');
    if (registration && !UUID.test(registration)) {
      warn('registration ' + JSON.stringify(registration) + ' is not a UUID; statements go without it');
      registration = null;
    }
    // Muelle's activities live under the launch's activity_id, else under the page's folder.
    var page = new URL('./', pageUrl).href;
    var root = q.get('activity_id') || page;
    return {
      endpoint: endpoint,
      statements: endpoint + 'statements',
      auth: auth,
      actor: actor,
      registration: registration || null,
      root: root.replace(/\/?$/, '/'),
      activityId: q.get('activity_id') || null,
      vocabulary: page + 'xapi/',
      grouping: q.get('grouping') || null,
      // `replay=0`: the lesson's completion goes without the session (docs/teachers.md).
      replay: q.get('replay') !== '0',
    };
  }

  /** Why `actor` is not an xAPI 1.0.3 Agent or Group that identifies someone, or null. */
  function checkActor(actor) {
    if (!actor || typeof actor !== 'object' || Array.isArray(actor)) return 'is not an object';
    var ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter(function (k) {
      return actor[k] !== undefined;
    });
    if (ifis.length === 0 && actor.objectType !== 'Group') return 'has no mbox, mbox_sha1sum, openid or account';
    if (ifis.length > 1) return 'has more than one of mbox, mbox_sha1sum, openid and account';
    for (var k in actor) {
      // Tin Can 0.9's arrays (`"mbox": ["mailto:…"]`) are not xAPI 1.0.3: refused, not rewritten.
      if (Array.isArray(actor[k]) && k !== 'member') return 'has a list in "' + k + '" (Tin Can 0.9 form)';
    }
    if (actor.mbox !== undefined && !/^mailto:/.test(actor.mbox)) return 'mbox must start with mailto:';
    if (actor.account !== undefined && !(actor.account && actor.account.homePage && actor.account.name)) {
      return 'account needs homePage and name';
    }
    return null;
  }

  /** A random (version 4) UUID. */
  function randomUuid(crypto) {
    if (crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map
      .call(b, function (x) {
        return (x + 0x100).toString(16).slice(1);
      })
      .join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /** An ISO 8601 duration for `ms` milliseconds: `PT1H2M3.45S`. */
  function isoDuration(ms) {
    var cs = Math.max(0, Math.round(ms / 10));
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + s + 'S';
  }

  function readJson(storage, key, fallback) {
    try {
      var text = storage.getItem(key);
      return text ? JSON.parse(text) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function writeJson(storage, key, value) {
    try {
      storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) {
      warn('could not save to localStorage: ' + e);
      return false;
    }
  }

  /**
   * Statements waiting to be sent, in localStorage under QUEUE_KEY: a list of
   * `{endpoint, auth, statement}` (each remembers its LRS, so a later launch to another LRS
   * never receives them). Every change reads the stored list first, so two tabs add and remove
   * without losing each other's entries.
   */
  function Queue(storage) {
    this.storage = storage;
  }
  Queue.prototype.all = function () {
    var list = readJson(this.storage, QUEUE_KEY, []);
    return Array.isArray(list) ? list : [];
  };
  Queue.prototype.add = function (entries) {
    var list = this.all().concat(entries);
    if (list.length > MAX_QUEUE) {
      warn('more than ' + MAX_QUEUE + ' statements waiting; the oldest are dropped');
      list = list.slice(list.length - MAX_QUEUE);
    }
    writeJson(this.storage, QUEUE_KEY, list);
  };
  /** The next batch: the oldest entry and those after it for the same LRS (at most `n`). */
  Queue.prototype.next = function (n) {
    var list = this.all();
    if (!list.length) return [];
    var first = list[0];
    return list
      .filter(function (e) {
        return e.endpoint === first.endpoint && e.auth === first.auth;
      })
      .slice(0, n);
  };
  Queue.prototype.remove = function (ids) {
    var gone = {};
    ids.forEach(function (id) {
      gone[id] = true;
    });
    writeJson(
      this.storage,
      QUEUE_KEY,
      this.all().filter(function (e) {
        return !gone[e.statement.id];
      }),
    );
  };
  Queue.prototype.reject = function (entry, why) {
    warn('the LRS refused statement ' + entry.statement.id + ' (' + why + '); it is kept in ' + REJECTED_KEY);
    var list = readJson(this.storage, REJECTED_KEY, []);
    list.push({ why: why, statement: entry.statement });
    writeJson(this.storage, REJECTED_KEY, list.slice(-100));
    this.remove([entry.statement.id]);
  };

  /**
   * Turns the page's events into statements for `launch` (from parseLaunch). `env` gives
   * `now()` (ms since the epoch), `uuid()`, `storage` and `queue`; `onQueued` is called after
   * statements were queued.
   */
  function Recorder(launch, env, onQueued) {
    this.launch = launch;
    this.env = env;
    this.onQueued = onQueued || function () {};
    /** The lesson the page has open, as the events tell it. */
    this.lesson = null;
    /** The time of the last event (ms). */
    this.last = 0;
  }

  Recorder.prototype.lessonId = function (id) {
    return this.launch.root + 'lessons/' + encodeURIComponent(id);
  };

  Recorder.prototype.activity = function (id, type, name) {
    return { objectType: 'Activity', id: id, definition: { type: type, name: { 'en-US': name } } };
  };

  /** The progress of a lesson attempt (start time, steps, steps with a hint), kept per launch. */
  Recorder.prototype.attempt = function (lesson, now, create) {
    var all = readJson(this.env.storage, LESSONS_KEY, {});
    var key = (this.launch.registration || '') + ' ' + this.launch.statements + ' ' + lesson;
    var a = all[key];
    if (!a && create) {
      a = all[key] = { start: now, steps: 0, hinted: [] };
      writeJson(this.env.storage, LESSONS_KEY, all);
    }
    var self = this;
    return {
      value: a,
      save: function () {
        all[key] = a;
        writeJson(self.env.storage, LESSONS_KEY, all);
      },
      end: function () {
        delete all[key];
        writeJson(self.env.storage, LESSONS_KEY, all);
      },
    };
  };

  Recorder.prototype.statement = function (now, verb, verbName, object, result, lesson, extensions) {
    var context = { platform: 'Muelle', contextActivities: {} };
    if (this.launch.registration) context.registration = this.launch.registration;
    if (lesson && object.id !== this.lessonId(lesson)) {
      context.contextActivities.parent = [{ objectType: 'Activity', id: this.lessonId(lesson) }];
    }
    var grouping = [this.launch.activityId, this.launch.grouping].filter(function (g, i, all) {
      return g && all.indexOf(g) === i && g !== object.id;
    });
    if (grouping.length) {
      context.contextActivities.grouping = grouping.map(function (g) {
        return { objectType: 'Activity', id: g };
      });
    }
    if (!Object.keys(context.contextActivities).length) delete context.contextActivities;
    if (extensions) context.extensions = extensions;
    var s = {
      id: this.env.uuid(),
      actor: this.launch.actor,
      verb: { id: verb, display: { 'en-US': verbName } },
      object: object,
      context: context,
      timestamp: new Date(now).toISOString(),
    };
    if (result) s.result = result;
    return s;
  };

  /** One event of the page (an embed message, or its JSON text): returns the statements queued. */
  Recorder.prototype.handle = function (message) {
    var e = message;
    if (typeof message === 'string') {
      try {
        e = JSON.parse(message);
      } catch (err) {
        return [];
      }
    }
    if (!e || e.source !== 'muelle') return [];
    // Timestamps strictly increase, so the LRS can tell the order of events of one tick.
    var now = Math.max(this.env.now(), this.last + 1);
    this.last = now;
    var L = this.launch;
    var v = L.vocabulary;
    var out = [];
    var lesson = typeof e.lesson === 'string' ? e.lesson : null;
    // A lesson with per-student variables: the student's values ride along in the context of
    // every statement about it, so the dashboard can show them.
    if (lesson && e.values && typeof e.values === 'object') this.values = { lesson: lesson, values: e.values };
    var self = this;
    var valuesOf = function (id) {
      if (!self.values || self.values.lesson !== id) return null;
      var x = {};
      x[v + 'values'] = self.values.values;
      return x;
    };
    switch (e.type) {
      case 'ready': {
        this.lesson = lesson;
        var object = lesson
          ? this.activity(this.lessonId(lesson), TYPES.lesson, 'Muelle lesson ' + lesson)
          : this.activity(L.activityId || L.root, TYPES.media, 'Muelle, a Docker playground');
        if (lesson) this.attempt(lesson, now, true);
        out.push(this.statement(now, VERBS.launched, 'launched', object, null, null, lesson && valuesOf(lesson)));
        break;
      }
      case 'command': {
        var ext = {};
        ext[v + 'exit-status'] = e.status;
        if (typeof e.cause === 'string') ext[v + 'cause'] = e.cause;
        var cx = {};
        cx[v + 'terminal'] = e.terminal;
        out.push(
          this.statement(
            now,
            VERBS.interacted,
            'interacted',
            this.activity(L.root + 'terminal', TYPES.interaction, 'Muelle terminal'),
            { response: String(e.command), success: e.status === 0, extensions: ext },
            this.lesson,
            cx,
          ),
        );
        break;
      }
      case 'step-completed': {
        if (!lesson) break;
        this.lesson = lesson;
        var a = this.attempt(lesson, now, true);
        a.value.steps = e.steps;
        a.save();
        out.push(
          this.statement(
            now,
            VERBS.completed,
            'completed',
            this.activity(this.lessonId(lesson) + '/steps/' + e.step, TYPES.objective, 'Step ' + e.step + ' of ' + lesson),
            { completion: true },
            lesson,
            valuesOf(lesson),
          ),
        );
        break;
      }
      case 'hint-shown': {
        if (!lesson) break;
        this.lesson = lesson;
        var h = this.attempt(lesson, now, true);
        if (h.value.hinted.indexOf(e.step) < 0) h.value.hinted.push(e.step);
        h.save();
        var hint = this.lessonId(lesson) + '/steps/' + e.step + '/hints/' + e.hint;
        out.push(
          this.statement(
            now,
            VERBS.experienced,
            'experienced',
            this.activity(hint, TYPES.interaction, 'Hint ' + e.hint + ' of step ' + e.step + ' of ' + lesson),
            null,
            lesson,
            valuesOf(lesson),
          ),
        );
        break;
      }
      case 'lesson-completed': {
        if (!lesson) break;
        this.lesson = lesson;
        var t = this.attempt(lesson, now, true);
        var steps = t.value.steps || 0;
        // Score: the steps done without a hint, out of all the steps.
        var raw = Math.max(0, steps - t.value.hinted.length);
        var result = { completion: true, success: true, duration: isoDuration(now - t.value.start) };
        if (steps > 0) result.score = { raw: raw, min: 0, max: steps, scaled: Math.round((raw / steps) * 1000) / 1000 };
        // The session (a share link's fragment: files, seed, journal, branches) for the
        // dashboard's replay; the page leaves it out past 64 KB.
        if (L.replay !== false && typeof e.replay === 'string' && e.replay.indexOf('#w=') === 0) {
          result.extensions = {};
          result.extensions[v + 'replay'] = e.replay;
        }
        out.push(
          this.statement(
            now,
            VERBS.completed,
            'completed',
            this.activity(this.lessonId(lesson), TYPES.lesson, 'Muelle lesson ' + lesson),
            result,
            lesson,
            valuesOf(lesson),
          ),
        );
        t.end();
        break;
      }
      default:
        break;
    }
    if (out.length) {
      this.env.queue.add(
        out.map(function (s) {
          return { endpoint: L.statements, auth: L.auth, statement: s };
        }),
      );
      this.onQueued();
    }
    return out;
  };

  /**
   * Sends the queue: one POST at a time, the oldest statements first. `env` gives `fetch`,
   * `online()` (navigator.onLine), `setTimeout`/`clearTimeout`.
   */
  function Sender(queue, env) {
    this.queue = queue;
    this.env = env;
    this.busy = false;
    this.timer = null;
    this.delay = 0;
    /** Ids to send one per POST (their batch was refused as a whole). */
    this.alone = {};
  }

  /** Sends soon (after `ms`, 0 by default), unless a send is already planned sooner. */
  Sender.prototype.soon = function (ms) {
    var self = this;
    if (this.timer !== null) return;
    this.timer = this.env.setTimeout(function () {
      self.timer = null;
      self.flush();
    }, ms || 0);
  };

  Sender.prototype.retryLater = function () {
    this.delay = this.delay ? Math.min(this.delay * 2, MAX_RETRY_MS) : FIRST_RETRY_MS;
    this.soon(this.delay);
  };

  /** Sends until the queue is empty or a send fails (then it retries later). Resolves when done. */
  Sender.prototype.flush = async function () {
    if (this.busy) return;
    if (!this.env.online()) {
      // The `online` event sends at once; the timer in case a browser never says so.
      if (this.queue.next(1).length) this.retryLater();
      return;
    }
    this.busy = true;
    try {
      for (;;) {
        var batch = this.queue.next(BATCH);
        if (!batch.length) break;
        if (this.alone[batch[0].statement.id]) batch = batch.slice(0, 1);
        var outcome = await this.post(batch);
        var head = this.queue.next(1)[0];
        // A failed send, or a queue that could not be written (full storage): later, not in a loop.
        if (outcome === 'retry' || (outcome === 'sent' && head && head.statement.id === batch[0].statement.id)) {
          this.retryLater();
          break;
        }
        this.delay = 0;
      }
    } finally {
      this.busy = false;
    }
  };

  /** One POST: 'sent', 'split' (refused as a batch: sent one by one next) or 'retry'. */
  Sender.prototype.post = async function (batch) {
    var body = JSON.stringify(
      batch.map(function (e) {
        return e.statement;
      }),
    );
    var response;
    try {
      response = await this.env.fetch(batch[0].endpoint, {
        method: 'POST',
        headers: {
          Authorization: batch[0].auth,
          'X-Experience-API-Version': XAPI_VERSION,
          'Content-Type': 'application/json',
        },
        body: body,
        credentials: 'omit',
      });
    } catch (e) {
      return 'retry'; // offline, refused, CORS: nothing was stored
    }
    var ids = batch.map(function (e) {
      return e.statement.id;
    });
    var status = response.status;
    if (status >= 200 && status < 300) {
      this.queue.remove(ids);
      return 'sent';
    }
    if (status === 400 || status === 409 || status === 413) {
      if (batch.length > 1) {
        var alone = this.alone;
        ids.forEach(function (id) {
          alone[id] = true;
        });
        return 'split';
      }
      delete this.alone[ids[0]];
      if (status === 409) {
        // A statement with this id is stored already: an earlier send arrived, its answer did not.
        this.queue.remove(ids);
      } else {
        this.queue.reject(batch[0], 'HTTP ' + status);
      }
      return 'sent';
    }
    return 'retry'; // 401, 403, 429, 5xx…: kept, tried again later
  };

  var api = {
    parseLaunch: parseLaunch,
    checkActor: checkActor,
    randomUuid: randomUuid,
    isoDuration: isoDuration,
    Queue: Queue,
    Recorder: Recorder,
    Sender: Sender,
    QUEUE_KEY: QUEUE_KEY,
  };
  global.MuelleXapi = api;

  // The browser: index.html's `muelleRecords` holds what happened before this file loaded.
  var early = global.muelleRecords;
  if (!global.document || typeof early !== 'function' || !Array.isArray(early.held)) return;
  // The address's launch, or the one a `load-lesson` message gave (index.html's
  // muelleStartRecords hands over the message as JSON; its `lrs` holds the same parameters).
  var launchText = early.launch || global.location.search;
  if (launchText.charAt(0) === '{') {
    try {
      var lrs = JSON.parse(launchText).lrs || {};
      var p = new URLSearchParams({ endpoint: lrs.endpoint, auth: lrs.auth, actor: JSON.stringify(lrs.actor) });
      if (typeof lrs.registration === 'string') p.set('registration', lrs.registration);
      launchText = p.toString();
    } catch (e) {
      launchText = '';
    }
  }
  var launch = parseLaunch(launchText, global.location.href);
  if (launch.error) {
    warn('no learning records: ' + launch.error);
    early.held.length = 0;
    early.to = function () {};
    return;
  }
  var storage = global.localStorage;
  var queue = new Queue(storage);
  var sender = new Sender(queue, {
    fetch: global.fetch.bind(global),
    online: function () {
      return global.navigator.onLine !== false;
    },
    setTimeout: global.setTimeout.bind(global),
    clearTimeout: global.clearTimeout.bind(global),
  });
  var recorder = new Recorder(
    launch,
    {
      now: Date.now,
      uuid: function () {
        return randomUuid(global.crypto);
      },
      storage: storage,
      queue: queue,
    },
    function () {
      sender.soon(200); // events come in bursts (a step and the lesson): one POST for them
    },
  );
  var handle = function (message) {
    try {
      recorder.handle(message);
    } catch (e) {
      warn('event not recorded: ' + e);
    }
  };
  early.held.splice(0).forEach(handle);
  early.to = handle;
  global.addEventListener('online', function () {
    sender.delay = 0;
    sender.flush();
  });
  sender.flush(); // what an earlier visit left waiting
})(typeof window !== 'undefined' ? window : globalThis);
