// The teacher's dashboard (issue 16, item 3): reads the xAPI statements Muelle's pages sent to a
// Learning Record Store (GET statements, paginated through `more`, with the teacher's
// credentials) and shows, per lesson, how many students reached each step, who is stuck where,
// the failed commands that stop them (with Muelle's cause), and each student's timeline.
//
// The statements' shapes are static/xapi.js's (docs/teachers.md): `launched` a lesson,
// `interacted` with the terminal (result.response = the command, success, the exit status and
// Muelle's cause as result extensions), `completed` a step (object …/lessons/ID/steps/N) or the
// lesson, `experienced` a hint. Nothing is sent anywhere but to the LRS the teacher names.
//
// Parameters (as the xAPI launch convention has them, or typed in the form): endpoint, auth
// ("Basic …", or user and password in the form), registration (optional), lang (es|en).
(function () {
  'use strict';

  var TEXTS = {
    es: {
      title: 'Muelle · panel del profesor',
      intro:
        'Lee los registros de aprendizaje (xAPI) que las páginas de Muelle enviaron a tu LRS. Nada sale de este navegador salvo las consultas a ese LRS, con tus credenciales.',
      endpoint: 'Dirección del LRS (endpoint xAPI)',
      user: 'Usuario',
      password: 'Contraseña',
      registration: 'Registro (opcional)',
      load: 'Cargar',
      loading: 'Leyendo el LRS…',
      loaded: function (n, s) {
        return 'Leídos ' + n + ' registros de ' + s + (s === 1 ? ' estudiante.' : ' estudiantes.');
      },
      failed: function (why) {
        return 'No se pudo leer el LRS: ' + why;
      },
      noStatements: 'El LRS no tiene registros de Muelle todavía.',
      lesson: 'Lección',
      playground: 'Sin lección (el entorno libre)',
      students: function (n) {
        return n + (n === 1 ? ' estudiante' : ' estudiantes');
      },
      completedBy: function (n) {
        return n === 1 ? 'la ha completado 1' : 'la han completado ' + n;
      },
      step: 'Paso',
      reached: 'Lo han completado',
      whoStuck: 'Quién está atascado',
      student: 'Estudiante',
      state: 'Estado',
      lastFail: 'Último fallo',
      done: function (score) {
        return score ? 'completada (' + score + ')' : 'completada';
      },
      stuckAt: function (n) {
        return 'atascado en el paso ' + n;
      },
      fails: 'Dónde se atascan: las órdenes que más fallan',
      command: 'Orden',
      cause: 'Por qué (Muelle)',
      times: 'Veces',
      who: 'Estudiantes',
      noFails: 'Ninguna orden ha fallado.',
      timelines: 'Por estudiante',
      ran: 'ejecutó',
      status: 'código',
      stepDone: function (n) {
        return 'completó el paso ' + n;
      },
      hint: function (step) {
        return 'vio una pista del paso ' + step;
      },
      launched: 'abrió',
      lessonDone: 'completó la lección',
      replayNote:
        'Al completar una lección, la sesión del estudiante viaja en el registro: «ver su sesión» la abre en Muelle, de solo lectura, con sus contenedores.',
      values: 'Sus valores',
      replay: 'ver su sesión',
    },
    en: {
      title: "Muelle · teacher's dashboard",
      intro:
        "Reads the learning records (xAPI) Muelle's pages sent to your LRS. Nothing leaves this browser but the queries to that LRS, with your credentials.",
      endpoint: 'LRS address (xAPI endpoint)',
      user: 'User',
      password: 'Password',
      registration: 'Registration (optional)',
      load: 'Load',
      loading: 'Reading the LRS…',
      loaded: function (n, s) {
        return 'Read ' + n + ' records of ' + s + (s === 1 ? ' student.' : ' students.');
      },
      failed: function (why) {
        return 'The LRS could not be read: ' + why;
      },
      noStatements: 'The LRS holds no records from Muelle yet.',
      lesson: 'Lesson',
      playground: 'No lesson (the free playground)',
      students: function (n) {
        return n + (n === 1 ? ' student' : ' students');
      },
      completedBy: function (n) {
        return n + ' completed it';
      },
      step: 'Step',
      reached: 'Completed by',
      whoStuck: 'Who is stuck',
      student: 'Student',
      state: 'State',
      lastFail: 'Last failure',
      done: function (score) {
        return score ? 'completed (' + score + ')' : 'completed';
      },
      stuckAt: function (n) {
        return 'stuck at step ' + n;
      },
      fails: 'Where they get stuck: the commands that fail most',
      command: 'Command',
      cause: 'Why (Muelle)',
      times: 'Times',
      who: 'Students',
      noFails: 'No command has failed.',
      timelines: 'By student',
      ran: 'ran',
      status: 'status',
      stepDone: function (n) {
        return 'completed step ' + n;
      },
      hint: function (step) {
        return 'saw a hint of step ' + step;
      },
      launched: 'opened',
      lessonDone: 'completed the lesson',
      replayNote:
        "When a student completes a lesson their session travels in the record: \"replay their session\" opens it in Muelle, read-only, with their containers.",
      values: 'Their values',
      replay: 'replay their session',
    },
  };

  var params = new URLSearchParams(location.search);
  var lang = params.get('lang') || ((navigator.language || 'es').slice(0, 2) === 'en' ? 'en' : 'es');
  if (!TEXTS[lang]) lang = 'es';
  var T = TEXTS[lang];
  document.documentElement.lang = lang;
  document.title = T.title;
  Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
    var t = T[el.getAttribute('data-i18n')];
    if (typeof t === 'string') el.textContent = t;
  });

  /** Who a statement's actor is: a key and a name to show. */
  function who(actor) {
    actor = actor || {};
    if (actor.account) return { key: actor.account.homePage + '|' + actor.account.name, name: actor.account.name };
    if (actor.mbox) return { key: actor.mbox, name: String(actor.mbox).replace(/^mailto:/, '') };
    if (actor.openid) return { key: actor.openid, name: actor.openid };
    return { key: JSON.stringify(actor), name: actor.name || '?' };
  }

  /** The extension of `ext` whose IRI ends in `/name` (Muelle's vocabulary is the site's own). */
  function extension(ext, name) {
    if (!ext) return undefined;
    for (var k in ext) if (k.slice(-name.length - 1) === '/' + name) return ext[k];
    return undefined;
  }

  /** What one statement says, in Muelle's terms; `null` for statements of other tools. */
  function read(s) {
    var id = (s.object && s.object.id) || '';
    var verb = ((s.verb && s.verb.id) || '').split('/').pop();
    var parent = s.context && s.context.contextActivities && s.context.contextActivities.parent;
    var parentId = parent && parent[0] && parent[0].id;
    var lessonOf = function (iri) {
      var m = /\/lessons\/([^/]+)$/.exec(iri || '');
      return m ? decodeURIComponent(m[1]) : null;
    };
    var step = /\/lessons\/([^/]+)\/steps\/(\d+)$/.exec(id);
    var hint = /\/lessons\/([^/]+)\/steps\/(\d+)\/hints\/(\d+)$/.exec(id);
    var values = extension(s.context && s.context.extensions, 'values');
    var base = { at: s.timestamp || '', student: who(s.actor), values: values && typeof values === 'object' ? values : null };
    if (verb === 'completed' && step) {
      return Object.assign(base, { kind: 'step', lesson: decodeURIComponent(step[1]), step: Number(step[2]) });
    }
    if (verb === 'completed' && lessonOf(id)) {
      var sc = s.result && s.result.score;
      var replay = extension(s.result && s.result.extensions, 'replay');
      return Object.assign(base, {
        kind: 'lesson-done',
        lesson: lessonOf(id),
        score: sc ? sc.raw + '/' + sc.max : '',
        replay: typeof replay === 'string' && replay.indexOf('#w=') === 0 ? replay : null,
      });
    }
    if (verb === 'experienced' && hint) {
      return Object.assign(base, { kind: 'hint', lesson: decodeURIComponent(hint[1]), step: Number(hint[2]) });
    }
    if (verb === 'launched') return Object.assign(base, { kind: 'launched', lesson: lessonOf(id) });
    if (verb === 'interacted' && /terminal$/.test(id) && s.result) {
      var ext = s.result.extensions;
      return Object.assign(base, {
        kind: 'command',
        lesson: lessonOf(parentId),
        command: String(s.result.response || ''),
        ok: s.result.success !== false,
        status: extension(ext, 'exit-status'),
        cause: extension(ext, 'cause'),
      });
    }
    return null;
  }

  /** Per lesson: students, steps reached, who is stuck where, the failures that stop them. */
  function report(statements) {
    var events = statements.map(read).filter(Boolean);
    events.sort(function (a, b) {
      return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
    });
    var lessons = {};
    var students = {};
    events.forEach(function (e) {
      students[e.student.key] = students[e.student.key] || { name: e.student.name, events: [] };
      students[e.student.key].events.push(e);
      var id = e.lesson || '';
      var l = (lessons[id] = lessons[id] || { id: id, students: {}, steps: 0, fails: {} });
      var st = (l.students[e.student.key] = l.students[e.student.key] || {
        name: e.student.name,
        best: 0,
        done: false,
        score: '',
        lastFail: null,
        values: null,
      });
      if (e.values) {
        st.values = e.values;
        l.values = true;
      }
      if (e.kind === 'step') {
        st.best = Math.max(st.best, e.step);
        l.steps = Math.max(l.steps, e.step);
      }
      if (e.kind === 'lesson-done') {
        st.done = true;
        st.score = e.score;
      }
      if (e.kind === 'command' && !e.ok) {
        st.lastFail = e;
        var k = e.command + '\n' + (e.cause || '');
        var f = (l.fails[k] = l.fails[k] || { command: e.command, cause: e.cause || '', times: 0, who: {} });
        f.times += 1;
        f.who[e.student.key] = e.student.name;
      }
    });
    return { lessons: lessons, students: students, count: events.length };
  }

  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    for (var k in attrs || {}) {
      if (attrs[k] === null || attrs[k] === undefined) continue;
      if (k === 'text') n.textContent = attrs[k];
      else n.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) {
      if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return n;
  }

  function table(head, rows, attrs) {
    return el('table', attrs, [
      el('thead', {}, [
        el(
          'tr',
          {},
          head.map(function (h) {
            return el('th', { class: h.num ? 'num' : null, scope: 'col', text: h.text || h });
          }),
        ),
      ]),
      el('tbody', {}, rows),
    ]);
  }

  /** A student's per-student values (`red = faro27, puerto = 8123`), or ''. */
  function valuesText(values) {
    return values
      ? Object.keys(values)
          .map(function (k) {
            return k + ' = ' + values[k];
          })
          .join(', ')
      : '';
  }

  /** The read-only player of Muelle's page for a session's share fragment. */
  function replayLink(fragment) {
    return el('a', {
      href: new URL('../index.html?player' + fragment, location.href).href,
      target: '_blank',
      rel: 'noopener',
      'data-testid': 'replay',
      text: T.replay,
    });
  }

  function describe(e) {
    switch (e.kind) {
      case 'command':
        return [
          T.ran + ' ',
          el('code', { text: e.command }),
          e.ok ? '' : ' (' + T.status + ' ' + e.status + (e.cause ? ': ' + e.cause : '') + ')',
        ];
      case 'step':
        return [T.stepDone(e.step)];
      case 'hint':
        return [T.hint(e.step)];
      case 'launched':
        return [T.launched + ' ' + (e.lesson ? T.lesson.toLowerCase() + ' «' + e.lesson + '»' : 'Muelle')];
      case 'lesson-done':
        return [T.lessonDone + (e.score ? ' (' + e.score + ')' : ''), e.replay ? ' · ' : '', e.replay ? replayLink(e.replay) : ''];
    }
    return [];
  }

  function render(r) {
    var out = document.getElementById('report');
    out.textContent = '';
    var ids = Object.keys(r.lessons).sort();
    ids.forEach(function (id) {
      var l = r.lessons[id];
      var keys = Object.keys(l.students);
      var doneCount = keys.filter(function (k) {
        return l.students[k].done;
      }).length;
      var section = el('section', { 'data-testid': 'lesson-summary', 'data-lesson': id }, [
        el('h2', { text: id ? T.lesson + ' «' + id + '»' : T.playground }),
        el('p', { class: 'muted', text: T.students(keys.length) + ' · ' + T.completedBy(doneCount) }),
      ]);
      if (id && l.steps > 0) {
        var rows = [];
        for (var n = 1; n <= l.steps; n++) {
          var c = keys.filter(function (k) {
            return l.students[k].best >= n || l.students[k].done;
          }).length;
          rows.push(
            el('tr', { 'data-testid': 'step-count', 'data-step': n, 'data-count': c }, [
              el('td', { text: T.step + ' ' + n }),
              el('td', { class: 'num' }, [
                el('span', { class: 'bar', style: 'width:' + Math.round((c / Math.max(1, keys.length)) * 8) + 'rem' }),
                String(c),
              ]),
            ]),
          );
        }
        section.appendChild(table([T.step, { text: T.reached, num: true }], rows));
        var stuck = keys
          .filter(function (k) {
            return !l.students[k].done;
          })
          .map(function (k) {
            var st = l.students[k];
            var f = st.lastFail;
            return el('tr', { 'data-testid': 'stuck', 'data-student': st.name, 'data-stuck-step': st.best + 1 }, [
              el('td', { text: st.name }),
              l.values ? el('td', { 'data-testid': 'values', text: valuesText(st.values) }) : null,
              el('td', { class: 'stuck', text: T.stuckAt(st.best + 1) }),
              el('td', {}, f ? [el('code', { text: f.command }), f.cause ? ' — ' + f.cause : ''] : []),
            ]);
          });
        var done = keys
          .filter(function (k) {
            return l.students[k].done;
          })
          .map(function (k) {
            var st = l.students[k];
            return el('tr', { 'data-testid': 'stuck', 'data-student': st.name, 'data-stuck-step': '' }, [
              el('td', { text: st.name }),
              l.values ? el('td', { 'data-testid': 'values', text: valuesText(st.values) }) : null,
              el('td', { class: 'done', text: T.done(st.score) }),
              el('td', {}, []),
            ]);
          });
        section.appendChild(el('h3', { text: T.whoStuck }));
        var head = l.values ? [T.student, T.values, T.state, T.lastFail] : [T.student, T.state, T.lastFail];
        section.appendChild(table(head, stuck.concat(done)));
      }
      var fails = Object.keys(l.fails)
        .map(function (k) {
          return l.fails[k];
        })
        .sort(function (a, b) {
          return b.times - a.times || (a.command < b.command ? -1 : 1);
        })
        .slice(0, 10);
      section.appendChild(el('h3', { text: T.fails }));
      section.appendChild(
        fails.length
          ? table(
              [T.command, T.cause, { text: T.times, num: true }, T.who],
              fails.map(function (f) {
                var names = Object.keys(f.who)
                  .map(function (k) {
                    return f.who[k];
                  })
                  .sort();
                return el('tr', { 'data-testid': 'failure', 'data-times': f.times }, [
                  el('td', {}, [el('code', { text: f.command })]),
                  el('td', { text: f.cause }),
                  el('td', { class: 'num', text: String(f.times) }),
                  el('td', { text: names.join(', ') }),
                ]);
              }),
            )
          : el('p', { class: 'muted', text: T.noFails }),
      );
      out.appendChild(section);
    });
    out.appendChild(el('h2', { text: T.timelines }));
    out.appendChild(el('p', { class: 'note', text: T.replayNote }));
    Object.keys(r.students)
      .sort(function (a, b) {
        return r.students[a].name < r.students[b].name ? -1 : 1;
      })
      .forEach(function (k) {
        var s = r.students[k];
        out.appendChild(
          el('details', { 'data-testid': 'student', 'data-student': s.name }, [
            el('summary', { text: s.name + ' · ' + s.events.length }),
            el(
              'ol',
              { class: 'timeline' },
              s.events.map(function (e) {
                var t = new Date(e.at);
                var time = isNaN(t) ? e.at : t.toLocaleString(lang);
                return el('li', { 'data-kind': e.kind }, [el('time', { datetime: e.at, text: time })].concat(describe(e)));
              }),
            ),
          ]),
        );
      });
  }

  /** Every statement the LRS holds for this query, following `more`. */
  function fetchAll(endpoint, auth, registration) {
    var base = endpoint.replace(/\/?$/, '/');
    var first = base + 'statements?limit=500' + (registration ? '&registration=' + encodeURIComponent(registration) : '');
    var all = [];
    function page(url) {
      return fetch(url, { headers: { Authorization: auth, 'X-Experience-API-Version': '1.0.3' } }).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json().then(function (body) {
          all = all.concat(body.statements || []);
          return body.more ? page(new URL(body.more, base).href) : all;
        });
      });
    }
    return page(first);
  }

  /** HTTP Basic credentials, UTF-8 (a password may hold any character). */
  function basic(user, password) {
    var bytes = new TextEncoder().encode(user + ':' + password);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return 'Basic ' + btoa(bin);
  }

  var status = document.getElementById('status');
  function load(endpoint, auth, registration) {
    status.className = 'status';
    status.textContent = T.loading;
    fetchAll(endpoint, auth, registration).then(
      function (statements) {
        var r = report(statements);
        render(r);
        status.textContent = r.count ? T.loaded(r.count, Object.keys(r.students).length) : T.noStatements;
        document.querySelector('[data-testid=dashboard]').setAttribute('data-loaded', String(r.count));
      },
      function (e) {
        status.className = 'status bad';
        status.textContent = T.failed(e.message);
      },
    );
  }

  var form = document.getElementById('connect');
  form.endpoint.value = params.get('endpoint') || '';
  form.registration.value = params.get('registration') || '';
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var auth = form.user.value ? basic(form.user.value, form.password.value) : params.get('auth') || '';
    load(form.endpoint.value, auth, form.registration.value);
  });
  if (params.get('endpoint') && params.get('auth')) {
    load(params.get('endpoint'), params.get('auth'), params.get('registration'));
  }

  window.MuelleDashboard = { read: read, report: report };
})();
