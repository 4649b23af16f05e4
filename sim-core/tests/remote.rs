//! The page's mirror, fed by a driver over JSON text, shows what a session run in place shows:
//! the same output, journal, view, events and files.

use sim_core::remote::{decode_frame, Driver, Envelope, Frame, Mirror, Replay};
use sim_core::{Lang, Session, SessionConfig};

/// A page and a worker, joined by JSON text as `postMessage` joins them.
struct Loop {
    mirror: Mirror,
    driver: Driver,
}

impl Loop {
    fn new(files: Vec<(String, String)>) -> Loop {
        let mut l = Loop { mirror: Mirror::start(7, Lang::Es, files, None), driver: Driver::new() };
        l.pump();
        l
    }

    fn pump(&mut self) {
        let out: Vec<Envelope> = self.mirror.take_outbox();
        if out.is_empty() {
            return;
        }
        let text = serde_json::to_string(&out).unwrap();
        for reply in self.driver.handle(&text) {
            let frame: Frame = decode_frame(&reply).unwrap();
            self.mirror.apply(frame);
        }
    }
}

fn files() -> Vec<(String, String)> {
    vec![
        ("compose.yaml".into(), "services:\n  web:\n    image: nginx\n".into()),
        ("app/main.py".into(), "print(1)\n".into()),
    ]
}

#[test]
fn a_mirror_shows_what_the_session_shows() {
    let mut direct = Session::new(SessionConfig { seed: 7, lang: Lang::Es });
    for (p, c) in files() {
        direct.write_host_file(&p, c.as_bytes()).unwrap();
    }
    let mut l = Loop::new(files());
    assert!(!l.mirror.starting());
    let lines = ["docker run -d --name web -p 8080:80 nginx", "docker ps", "echo hola > nota.txt", "ls"];
    let (mut a, mut b) = (String::new(), String::new());
    for line in lines {
        direct.submit(0, line);
        l.mirror.submit(0, line);
        assert!(l.mirror.is_busy(0), "a line on its way is busy");
        l.pump();
        for _ in 0..40 {
            direct.advance_budgeted(50, 500);
            l.mirror.advance_budgeted(50, 500);
            l.pump();
        }
        a.push_str(&direct.take_output(0));
        b.push_str(&l.mirror.take_output(0));
    }
    assert_eq!(a, b);
    assert!(b.contains("web"), "{b}");
    assert_eq!(direct.journal(), l.mirror.journal());
    assert_eq!(direct.view(), l.mirror.view());
    assert_eq!(direct.events(), l.mirror.events());
    assert_eq!(direct.now(), l.mirror.now());
    assert_eq!(direct.prompt(0), l.mirror.prompt(0));
    assert_eq!(l.mirror.read_host_file("nota.txt").unwrap(), b"hola\n");
    assert_eq!(l.mirror.read_host_file("app/main.py").unwrap(), b"print(1)\n");
    assert!(l.mirror.host_is_dir("app"));
    assert_eq!(l.mirror.list_host_dir("app").unwrap(), vec![("main.py".to_string(), false)]);
    assert_eq!(l.mirror.project_tree(), sim_core::remote::project_tree(&direct).as_slice());
}

#[test]
fn writes_renames_and_removals_are_seen_at_once_and_by_the_worker() {
    let mut l = Loop::new(files());
    l.mirror.write_host_file("dir/new.txt", b"x").unwrap();
    assert_eq!(l.mirror.read_host_file("dir/new.txt").unwrap(), b"x");
    l.mirror.rename_host_file("dir/new.txt", "dir/renamed.txt").unwrap();
    assert!(l.mirror.read_host_file("dir/new.txt").is_err());
    assert_eq!(l.mirror.rename_host_file("compose.yaml", "app/main.py"), Err(sim_core::fs::FsError::Exists));
    let before = l.mirror.project_tree().to_vec();
    l.pump();
    assert_eq!(l.mirror.project_tree(), before.as_slice(), "the worker agrees with what the mirror guessed");
    assert_eq!(l.driver.session().read_host_file("dir/renamed.txt").unwrap(), b"x");
    l.mirror.remove_host_file("dir").unwrap();
    l.pump();
    assert!(!l.mirror.host_is_dir("dir"));
    assert!(l.driver.session().read_host_file("dir/renamed.txt").is_err());
    let long = "a".repeat(300);
    assert_eq!(l.mirror.write_host_file(&long, b""), Err(sim_core::fs::FsError::NameTooLong));
}

#[test]
fn a_replay_restarts_the_worker_and_frames_from_before_are_ignored() {
    let mut direct = Session::new(SessionConfig { seed: 3, lang: Lang::En });
    direct.submit(0, "docker run -d --name db redis");
    direct.run_until_idle(0, 60_000);
    let t = direct.open_terminal();
    direct.submit(t, "docker ps");
    direct.advance(2_000);
    let journal = direct.journal().encode();
    let until = direct.now().ms();

    let mut l = Loop::new(files());
    l.mirror.submit(0, "docker run -d alpine sleep 100");
    let stale = l.mirror.take_outbox();
    l.mirror.restart(3, Lang::En, Vec::new(), Some(Replay { journal, until }));
    assert!(l.mirror.starting());
    assert_eq!(l.mirror.terminal_count(), 2, "the replayed journal opened a second terminal");
    assert!(l.mirror.is_busy(1), "typing waits while the worker starts");
    // The stale submit reaches the worker first, as it would have; its frame is ignored.
    let old: Frame = decode_frame(&l.driver.handle(&serde_json::to_string(&stale).unwrap())[0]).unwrap();
    l.mirror.apply(old);
    assert!(l.mirror.starting());
    l.pump();
    assert!(!l.mirror.starting());
    assert_eq!(l.mirror.journal(), direct.journal());
    assert_eq!(l.mirror.view(), direct.view());
    assert!(l.mirror.take_output(1).contains("docker ps"), "replayed with echo");
}

#[test]
fn completion_and_lessons_are_answered_by_the_worker() {
    let mut l = Loop::new(files());
    l.mirror.submit(0, "docker run -d --name webserver nginx");
    l.pump();
    l.mirror.request_completion(0, "docker stop web", 9);
    assert!(l.mirror.take_completion(9).is_none());
    l.pump();
    let c = l.mirror.take_completion(9).unwrap();
    assert_eq!(c.apply("docker stop web").as_deref(), Some("docker stop webserver "));
    let lesson = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons/01-volumenes.yaml")).unwrap();
    l.mirror.set_lesson(Some(lesson));
    l.pump();
    let checks = l.mirror.lesson_checks().expect("checks reported");
    assert!(!checks.is_empty());
    l.mirror.set_lesson(Some("steps: [".into()));
    l.pump();
    assert!(!l.mirror.take_errors().is_empty(), "a lesson that does not parse is reported");
}

#[test]
fn bad_text_changes_nothing_and_is_answered() {
    let mut d = Driver::new();
    let reply = d.handle("{not json");
    let f: Frame = decode_frame(&reply[0]).unwrap();
    assert_eq!(f.errors.len(), 1);
    assert_eq!(d.session().journal().len(), 0);
}

#[test]
fn a_big_host_sends_its_view_every_few_frames_and_the_last_one_always() {
    let mut l = Loop::new(Vec::new());
    l.mirror.submit(0, "for i in $(seq 260); do docker run -d --name c$i alpine sleep 100000 > /dev/null; done");
    l.pump();
    for _ in 0..400 {
        l.mirror.advance_budgeted(50, 500);
        l.pump();
        if !l.mirror.is_busy(0) {
            break;
        }
    }
    assert!(!l.mirror.is_busy(0));
    l.mirror.submit(0, "docker stop -t 0 c1 c2 c3");
    l.pump();
    let (mut views, mut frames) = (0, 0);
    for _ in 0..12 {
        l.mirror.advance_budgeted(50, 500);
        let out = serde_json::to_string(&l.mirror.take_outbox()).unwrap();
        for reply in l.driver.handle(&out) {
            let frame: Frame = decode_frame(&reply).unwrap();
            frames += 1;
            views += usize::from(frame.view.is_some());
            if frame.view.is_none() {
                assert_eq!(frame.revision, l.mirror.revision(), "the revision moves with the views");
            }
            l.mirror.apply(frame);
        }
    }
    assert!(views <= frames / 4, "{views} views in {frames} frames");
    assert_eq!(l.mirror.view(), l.driver.session().view(), "the last view always comes");
    assert_eq!(l.mirror.view().containers.len(), 260);
}

#[test]
fn a_frame_crosses_as_postcard_bytes_and_comes_back_whole() {
    let mut l = Loop::new(files());
    l.mirror.submit(0, "docker network create n && docker run -d --network n --name web nginx && docker ps");
    l.pump();
    // A frame with a view, events, terminal output and the journal in it.
    let mut d = Driver::new();
    let line = r#"[{"seq":7,"msg":{"Input":{"Submit":{"term":0,"line":"docker run -d --name a alpine sleep 9"}}}}]"#;
    let bytes = d.handle(line).remove(0);
    let frame = decode_frame(&bytes).unwrap();
    assert_eq!(frame.acked, 7);
    assert!(frame.view.is_some() && !frame.events.is_empty() && !frame.journal.is_empty());
    assert_eq!(sim_core::remote::encode_frame(&frame), bytes, "decoding and encoding again gives the same bytes");

    // What the module's doc promises the end-to-end tests: six varints first.
    let mut at = 0;
    let mut varint = || {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let byte = bytes[at];
            at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
            shift += 7;
        }
    };
    let fields: Vec<u64> = (0..6).map(|_| varint()).collect();
    assert_eq!(
        fields,
        [frame.acked, frame.now, frame.revision, frame.stamp.0, frame.stamp.1, frame.terminal_count as u64]
    );
}

#[test]
fn bytes_that_are_not_a_frame_are_an_error_not_a_panic() {
    let mut d = Driver::new();
    let bytes = d.handle(r#"[{"seq":1,"msg":{"Input":{"Submit":{"term":0,"line":"echo hi"}}}}]"#).remove(0);
    for cut in 0..bytes.len() {
        let _ = decode_frame(&bytes[..cut]);
    }
    assert!(decode_frame(&bytes[..bytes.len() / 2]).is_err());
    assert!(decode_frame(&[0xff; 64]).is_err());
}

#[test]
fn a_step_runs_time_to_the_next_event_and_no_further() {
    use sim_core::{Session, SessionConfig};
    let mut s = Session::new(SessionConfig { seed: 3, lang: sim_core::Lang::En });
    assert_eq!(s.step_to_next_event(), None, "nothing is due on a fresh host");
    s.submit(0, "docker run -d --restart always --name crash alpine false");
    s.run_until_idle(0, 10_000);
    // The container exits and is restarted after a back-off: each step is one moment of that.
    let mut seen = Vec::new();
    for _ in 0..6 {
        let before = (s.now().ms(), s.events().len());
        let moved = s.step_to_next_event().expect("a restart loop always has something due");
        assert_eq!(s.now().ms(), before.0 + moved);
        seen.push((moved, s.events().len() - before.1));
    }
    // One restart a step, each after Docker's doubling back-off, stepped over in one go.
    let moved: Vec<u64> = seen.iter().map(|(ms, _)| *ms).collect();
    assert_eq!(moved, [100, 200, 400, 800, 1600, 3200]);
    assert!(seen.iter().all(|(_, new)| *new == seen[0].1), "the same moment each time: {seen:?}");

    // Through the worker: a Step message does the same.
    let mut d = Driver::new();
    let first = d.handle(
        r#"[{"seq":1,"msg":{"Input":{"Submit":{"term":0,"line":"docker run -d --restart always alpine false"}}}}]"#,
    );
    let before = decode_frame(&first[0]).unwrap().now;
    let stepped = decode_frame(&d.handle(r#"[{"seq":2,"msg":"Step"}]"#)[0]).unwrap();
    assert_eq!(stepped.acked, 2);
    assert!(stepped.now >= before);
}

#[test]
fn the_files_stamp_moves_with_files_and_not_with_containers() {
    let mut l = Loop::new(files());
    let settle = |l: &mut Loop| {
        for _ in 0..20 {
            l.mirror.advance_budgeted(100, 10_000);
            l.pump();
        }
    };
    settle(&mut l);
    let start = l.mirror.files_stamp();
    l.mirror.submit(0, "docker run -d --name web nginx");
    l.pump();
    settle(&mut l);
    assert!(l.mirror.revision() > 0);
    assert_eq!(l.mirror.files_stamp(), start, "a container is no file");
    l.mirror.write_host_file("notas.txt", b"hola").unwrap();
    assert!(l.mirror.files_stamp() > start, "a write is known at once");
    let written = l.mirror.files_stamp();
    l.mirror.submit(0, "echo adios > otra.txt");
    l.pump();
    settle(&mut l);
    assert!(l.mirror.files_stamp() > written, "a file the terminal wrote comes in a frame");
    assert_eq!(l.mirror.read_host_file("otra.txt").unwrap(), b"adios\n");
}

/// Time travel across the worker boundary (issue 15): the page views a past moment (the live
/// session goes on untouched), continues from it (the future kept as branch "1"), and returns to
/// that branch; the mirror forgets the replaced session's text and shows the new one's.
#[test]
fn a_mirror_travels_in_time_and_branches() {
    use sim_core::timeline::Moment;
    let mut l = Loop::new(files());
    let volumes = |m: &Mirror| m.view().volumes.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
    let run = |l: &mut Loop, line: &str| {
        l.mirror.submit(0, line);
        l.pump();
        for _ in 0..20 {
            l.mirror.advance_budgeted(50, 500);
            l.pump();
        }
    };
    run(&mut l, "docker volume create datos");
    run(&mut l, "echo antes > nota.txt");
    let before = l.mirror.now().ms() - 1;
    run(&mut l, "docker volume rm datos");
    run(&mut l, "echo después > nota.txt; echo nueva > otra.txt");
    assert!(volumes(&l.mirror).is_empty());
    assert_eq!(l.mirror.branches().names(), ["1"]);
    l.mirror.view_past(Moment::at(l.mirror.journal(), before));
    l.pump();
    let past = l.mirror.past().expect("the past view came").clone();
    assert_eq!(volumes(&l.mirror), ["datos"], "the mirror shows the past");
    assert!(past.screens[0].text.contains("docker volume create datos\ndatos\n"), "{:?}", past.screens[0].text);
    assert!(!past.screens[0].text.contains("volume rm"));
    assert!(l.driver.session().view().volumes.is_empty(), "the live session is untouched");
    // Files as they were: only those that differ cross; the others are the present's.
    assert_eq!(past.files, [("nota.txt".to_string(), Some("antes\n".to_string()))]);
    assert_eq!(l.mirror.past_file("nota.txt").as_deref(), Some("antes\n"));
    assert_eq!(
        l.mirror.past_file("compose.yaml"),
        l.mirror.read_host_file("compose.yaml").ok().map(|b| String::from_utf8(b).unwrap())
    );
    assert_eq!(l.mirror.past_file("otra.txt"), None, "not there yet");
    // What the page reads of the project is that moment's (the editor and the file list).
    let stamp = l.mirror.files_stamp();
    assert_eq!(l.mirror.read_host_file("nota.txt").unwrap(), b"antes\n");
    assert!(l.mirror.read_host_file("otra.txt").is_err());
    assert!(!l.mirror.list_host_dir(".").unwrap().iter().any(|(n, _)| n == "otra.txt"));
    l.mirror.go_live();
    l.pump();
    assert!(l.mirror.past().is_none() && volumes(&l.mirror).is_empty());
    assert!(l.mirror.files_stamp() > stamp, "the page reads the files again");
    assert_eq!(l.mirror.read_host_file("nota.txt").unwrap(), "después\n".as_bytes());
    assert!(l.mirror.list_host_dir(".").unwrap().iter().any(|(n, _)| n == "otra.txt"));
    l.mirror.view_past(Moment::at(l.mirror.journal(), before));
    l.mirror.branch_here();
    let replaced = l.mirror.replacements();
    l.pump();
    assert_eq!(l.mirror.replacements(), replaced + 1);
    assert!(l.mirror.viewing().is_none(), "a branch is live");
    assert_eq!(volumes(&l.mirror), ["datos"]);
    assert_eq!(l.mirror.branches().names(), ["1", "2"]);
    assert_eq!(l.mirror.branches().current, "2");
    let shown = l.mirror.take_output(0);
    assert!(shown.contains("docker volume create datos") && !shown.contains("volume rm"), "{shown}");
    assert_eq!(l.mirror.journal(), l.driver.session().journal());
    l.mirror.switch_branch("1");
    l.pump();
    assert!(volumes(&l.mirror).is_empty());
    assert_eq!(l.mirror.branches().current, "1");
    assert!(l.mirror.take_output(0).contains("docker volume rm datos"));
    // Undo is the one-step case: the last line goes, then the one before.
    l.mirror.undo();
    l.pump();
    assert!(volumes(&l.mirror).is_empty());
    assert_eq!(l.mirror.read_host_file("nota.txt").unwrap(), b"antes\n");
    assert!(l.mirror.read_host_file("otra.txt").is_err(), "the mirror forgot the replaced session's files");
    l.mirror.undo();
    l.pump();
    assert_eq!(volumes(&l.mirror), ["datos"]);
    assert_eq!(l.mirror.branches().names(), ["1", "2", "3", "4"]);
}

/// A step of the scrubber draws at once (issue 15's 16 ms): the worker sends the neighbours of
/// the moment shown ahead, the mirror shows one without asking (`show_past` is true and the
/// view is there before any frame), and what it shows is what a fresh replay shows. The worker
/// keeps the moment shown even when its cursor went on to a neighbour: "continue from here"
/// and the inspector use that moment.
#[test]
fn a_step_to_a_neighbour_sent_ahead_shows_at_once() {
    use sim_core::timeline::{Cursor, Moment};
    let mut l = Loop::new(files());
    let mut times = Vec::new();
    for line in ["docker volume create uno", "docker volume create dos", "docker volume create tres", "ls"] {
        l.mirror.submit(0, line);
        l.pump();
        for _ in 0..20 {
            l.mirror.advance_budgeted(50, 500);
            l.pump();
        }
        // Just before the next line is typed.
        times.push(l.mirror.now().ms() - 1);
    }
    let volumes = |m: &Mirror| m.view().volumes.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
    let at = |l: &Loop, t: u64| Moment::at(l.mirror.journal(), t);
    let fresh = |l: &Loop, m: Moment| {
        let journal = l.driver.session().journal().entries();
        Cursor::replay(l.driver.session().config(), journal, m).view()
    };
    let (one, two, three) = (at(&l, times[0]), at(&l, times[1]), at(&l, times[2]));
    // A jump: nothing to show yet; the moment and its neighbours come in one frame.
    assert!(!l.mirror.show_past(two, &[one, three]));
    assert!(l.mirror.past().is_none());
    l.pump();
    assert_eq!(l.mirror.past().map(|p| p.moment), Some(two));
    assert_eq!(volumes(&l.mirror), ["dos", "uno"]);
    // A step forward: shown before any frame, as a fresh replay shows it.
    let four = at(&l, times[3]);
    assert!(l.mirror.show_past(three, &[two, four]));
    assert_eq!(l.mirror.past().map(|p| p.moment), Some(three));
    assert_eq!(volumes(&l.mirror), ["dos", "tres", "uno"]);
    let shown = l.mirror.past().unwrap().clone();
    let expected = fresh(&l, three);
    assert_eq!((&shown.view, &shown.screens, &shown.events), (&expected.view, &expected.screens, &expected.events));
    l.pump();
    // And back: the moment left is kept, so this needs no frame either.
    assert!(l.mirror.show_past(two, &[one, three]));
    assert_eq!(volumes(&l.mirror), ["dos", "uno"]);
    l.pump();
    assert!(l.mirror.show_past(one, &[at(&l, 0), two]), "the neighbour asked for on the step back came");
    assert_eq!(volumes(&l.mirror), ["uno"]);
    l.pump();
    assert!(l.mirror.show_past(two, &[one, three]));
    l.pump();
    // The worker's cursor went on to `three` (sent ahead); continuing from here is from `two`.
    l.mirror.branch_here();
    l.pump();
    assert!(l.mirror.viewing().is_none());
    assert_eq!(volumes(&l.mirror), ["dos", "uno"]);
    assert_eq!(l.driver.session().journal().len(), two.inputs);
}

/// A lesson with per-student variables is evaluated with the values of the session's seed: the
/// network of seed 7 completes step 1, another seed's does not; a restart with another seed
/// changes the values the checks look for.
#[test]
fn the_worker_checks_a_lesson_with_the_students_values() {
    use sim_core::lessons::Lesson;
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../lessons/05-tu-red.yaml")).unwrap();
    let lesson = Lesson::parse(&text).unwrap();
    let mine = lesson.values(7)[0].1.clone();
    let other = lesson.values(8)[0].1.clone();
    assert_ne!(mine, other);
    let mut l = Loop::new(Vec::new());
    l.mirror.set_lesson(Some(serde_json::to_string(&lesson).unwrap()));
    l.mirror.submit(0, &format!("docker network create {other}"));
    l.pump();
    assert_eq!(l.mirror.lesson_checks().unwrap()[0], [false]);
    l.mirror.submit(0, &format!("docker network create {mine}"));
    l.pump();
    assert_eq!(l.mirror.lesson_checks().unwrap()[0], [true]);
    l.mirror.restart(8, Lang::Es, Vec::new(), None);
    l.mirror.submit(0, &format!("docker network create {other}"));
    l.pump();
    assert_eq!(l.mirror.lesson_checks().unwrap()[0], [true]);
}
