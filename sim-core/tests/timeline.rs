//! Time travel (issue 15): a past moment shown by the cursor, however it got there, is a fresh
//! replay to that moment; branching never changes the branch left behind; a session saved with
//! its branches reloads identically.

use proptest::prelude::*;
use sim_core::journal::Journal;
use sim_core::timeline::{Branches, Cursor, Moment, PastView};
use sim_core::{Lang, Session, SessionConfig, SimTime};

const COMPOSE: &str = "services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: x\n    volumes:\n      - datos:/var/lib/postgresql/data\n  web:\n    image: nginx\n    restart: always\nvolumes:\n  datos:\n";

const COMMANDS: &[&str] = &[
    "docker volume create data",
    "docker run -d --name db -v data:/data alpine sleep 1000",
    "docker exec db sh -c 'echo hola > /data/x'",
    "docker rm -f db",
    "docker volume rm data",
    "docker volume ls",
    "docker run -d --name web --restart on-failure:3 alpine sh -c 'sleep 1; exit 2'",
    "docker ps -a",
    "echo hola > notas.txt",
    "ls",
    "docker compose up -d",
    "docker compose down -v",
    "sleep 2",
    "ping localhost",
    "docker nosuch",
];

#[derive(Clone, Debug)]
enum Step {
    Cmd(usize, &'static str),
    Interrupt(usize),
    Advance(u64),
    OpenTerminal,
    WriteCompose,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..2usize, prop::sample::select(COMMANDS)).prop_map(|(t, c)| Step::Cmd(t, c)),
        1 => (0..2usize).prop_map(Step::Interrupt),
        4 => (1..4_000u64).prop_map(Step::Advance),
        1 => Just(Step::OpenTerminal),
        1 => Just(Step::WriteCompose),
    ]
}

fn cfg() -> SessionConfig {
    SessionConfig { seed: 7, lang: Lang::Es }
}

fn run(steps: &[Step]) -> Session {
    let mut s = Session::new(cfg());
    for st in steps {
        match st {
            Step::Cmd(t, c) => s.submit((*t).min(s.terminal_count() - 1), c),
            Step::Interrupt(t) => s.interrupt((*t).min(s.terminal_count() - 1)),
            Step::Advance(ms) => {
                // As the page does: 50 ms ticks.
                let mut left = *ms;
                while left > 0 {
                    let d = left.min(50);
                    s.advance(d);
                    left -= d;
                }
            }
            Step::OpenTerminal => {
                s.open_terminal();
            }
            Step::WriteCompose => {
                let _ = s.write_host_file("compose.yaml", COMPOSE.as_bytes());
            }
        }
    }
    s.advance(500);
    s
}

/// The reference: a fresh replay of the journal's beginning to `m`.
fn fresh(s: &Session, m: Moment) -> PastView {
    Cursor::replay(s.config(), s.journal().entries(), m).view()
}

/// Everything a session shows, as a past view of its present.
fn present(s: &Session) -> PastView {
    Cursor::replay(s.config(), s.journal().entries(), s.moment()).view()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    /// Jumps back and forth (by time, and to "before the last command") through one cursor show
    /// what a fresh replay shows.
    #[test]
    fn the_past_shown_is_a_fresh_replay(
        steps in prop::collection::vec(step(), 1..14),
        jumps in prop::collection::vec(0..=100u64, 1..6),
    ) {
        let s = run(&steps);
        let end = s.now().ms();
        let mut cursor = None;
        let mut moments: Vec<Moment> = jumps.iter().map(|p| Moment::at(s.journal(), end * p / 100)).collect();
        moments.extend(Moment::before_last_command(s.journal()));
        for m in moments {
            let shown = Cursor::seek(&mut cursor, s.config(), s.journal(), m).view();
            prop_assert_eq!(&shown, &fresh(&s, m), "at {:?}", m);
        }
        // `Session::view_at` is that too, and leaves the session as it was.
        let before = present(&s);
        let t = end / 2;
        prop_assert_eq!(s.view_at(t), fresh(&s, Moment::at(s.journal(), t)));
        prop_assert_eq!(present(&s), before);
    }

    /// Continuing from a past moment keeps the future left behind exactly: its saved journal
    /// and time are the live session's before the branch, and switching back to it gives that
    /// session again, even after the new branch went on.
    #[test]
    fn branching_never_changes_the_branch_left_behind(
        steps in prop::collection::vec(step(), 1..12),
        more in prop::collection::vec(step(), 0..6),
        at in 0..=100u64,
    ) {
        let mut live = run(&steps);
        let (journal, until, shown) = (live.journal().encode(), live.now().ms(), present(&live));
        let mut branches = Branches::default();
        let m = Moment::at(live.journal(), live.now().ms() * at / 100);
        let past = Cursor::replay(live.config(), live.journal().entries(), m);
        let expected_past = past.view();
        let past = past.into_session(live.journal());
        branches.branch_here(&mut live, past);
        prop_assert_eq!(&branches.others[0].journal, &journal);
        prop_assert_eq!(branches.others[0].until, until);
        prop_assert_eq!(branches.current.as_str(), "2");
        // The live session is the past moment (its journal is that moment's inputs).
        let old = Journal::decode(&journal).unwrap();
        prop_assert_eq!(live.journal().entries(), &old.entries()[..m.clamp(old.entries()).inputs]);
        prop_assert_eq!(present(&live).view, expected_past.view);
        // The new branch goes on; the old one is untouched.
        for st in &more {
            if let Step::Cmd(_, c) = st {
                live.submit(0, c);
                live.advance(300);
            }
        }
        let kept = branches.others.clone();
        let new_journal = live.journal().encode();
        prop_assert!(branches.switch(&mut live, "1"));
        prop_assert_eq!(&branches.others[0].journal, &new_journal, "the branch left is kept too");
        prop_assert_eq!(live.journal().encode(), journal.clone());
        prop_assert_eq!(present(&live), shown);
        prop_assert!(branches.switch(&mut live, "2"));
        prop_assert_eq!(&branches.others, &kept);
    }

    /// A session saved with its branches (as the page saves it: the branches' serde JSON beside
    /// the journal) reloads to the same session and the same branches.
    #[test]
    fn a_saved_session_with_branches_reloads_identically(
        steps in prop::collection::vec(step(), 1..10),
        cuts in prop::collection::vec(0..=100u64, 1..3),
    ) {
        let mut live = run(&steps);
        let mut branches = Branches::default();
        for c in &cuts {
            let m = Moment::at(live.journal(), live.now().ms() * c / 100);
            let past = Cursor::replay(live.config(), live.journal().entries(), m).into_session(live.journal());
            branches.branch_here(&mut live, past);
            live.submit(0, "docker ps -a");
            live.advance(200);
        }
        let saved = serde_json::to_string(&(live.journal().encode(), live.now().ms(), &branches)).unwrap();
        let (journal, until, loaded): (String, u64, Branches) = serde_json::from_str(&saved).unwrap();
        prop_assert_eq!(&loaded, &branches);
        let mut back = Session::replay(cfg(), &Journal::decode(&journal).unwrap(), SimTime::ZERO.plus(until), true);
        prop_assert_eq!(present(&back), present(&live));
        // Every branch comes back the same from either.
        let mut from_saved = loaded;
        for name in branches.names() {
            if name == branches.current {
                continue;
            }
            prop_assert!(branches.switch(&mut live, &name));
            prop_assert!(from_saved.switch(&mut back, &name));
            prop_assert_eq!(present(&back), present(&live));
        }
    }
}

#[test]
fn undo_brings_back_what_compose_down_v_deleted() {
    let mut live = Session::new(cfg());
    live.write_host_file("compose.yaml", COMPOSE.as_bytes()).unwrap();
    live.submit(0, "docker compose up -d");
    live.advance(5_000);
    live.submit(0, "docker compose down -v");
    live.advance(15_000);
    let volumes = |s: &Session| s.view().volumes.iter().map(|v| v.name.clone()).collect::<Vec<_>>();
    assert!(volumes(&live).is_empty(), "{:?}", volumes(&live));
    let mut branches = Branches::default();
    assert!(branches.undo(&mut live));
    assert_eq!(volumes(&live), ["proyecto_datos"]);
    assert_eq!(branches.names(), ["1", "2"]);
    assert_eq!(branches.current, "2");
    // The undone future is there to return to.
    assert!(branches.switch(&mut live, "1"));
    assert!(volumes(&live).is_empty());
    assert!(!branches.switch(&mut live, "nope"));
    let mut empty = Session::new(cfg());
    assert!(!Branches::default().undo(&mut empty), "nothing typed, nothing to undo");
}

/// A cursor keeps only its screens' tails and no journal of its own (memory, see
/// `tests/travel_memory.rs`), yet shows what the page showed: the screen's tail as a whole
/// replay prints it, however much was printed; and continuing from it journals again, from the
/// inputs it was replayed from.
#[test]
fn a_cursor_shows_the_whole_screens_tail_and_lives_on_with_its_journal() {
    use sim_core::timeline::SCREEN_BYTES;
    let mut live = Session::new(cfg());
    for i in 0..3 {
        live.submit(0, &format!("seq {} {}", i * 20_000, i * 20_000 + 19_999));
        live.advance(1_000);
        live.submit(0, "echo listo");
        live.advance(1_000);
    }
    let until = live.now();
    let mut whole = Session::replay(cfg(), live.journal(), until, true);
    let text = whole.take_output(0);
    assert!(text.len() > 3 * SCREEN_BYTES, "much more than a screen printed: {}", text.len());
    // The tail a past screen shows: the last SCREEN_BYTES, from a line's start near the cut.
    let mut cut = text.len() - SCREEN_BYTES;
    if let Some(nl) = text[cut..].find('\n').filter(|&n| n < 1024) {
        cut += nl + 1;
    }
    let end = live.moment();
    let mut cursor = None;
    let middle = Moment::at(live.journal(), until.ms() / 2);
    Cursor::seek(&mut cursor, cfg(), live.journal(), middle);
    let shown = Cursor::seek(&mut cursor, cfg(), live.journal(), end).view();
    assert_eq!(shown.screens[0].text, text[cut..], "the cursor went on from the middle");
    assert_eq!(Cursor::replay(cfg(), live.journal().entries(), end).view().screens[0].text, text[cut..]);
    let cursor = cursor.unwrap();
    assert!(cursor.session().journal().is_empty(), "a cursor keeps no journal");
    let mut again = cursor.into_session(live.journal());
    assert_eq!(again.journal(), live.journal());
    again.submit(0, "echo sigue");
    again.advance(500);
    assert_eq!(again.journal().len(), live.journal().len() + 1);
    assert!(again.take_output(0).ends_with("sigue\n"));
}

#[test]
fn an_old_save_without_branches_has_the_default() {
    #[derive(serde::Deserialize)]
    struct Saved {
        #[serde(default)]
        branches: Branches,
    }
    let old: Saved = serde_json::from_str("{}").unwrap();
    assert_eq!(old.branches, Branches::default());
}

/// Figures for docs/benchmarks.md (issue 15's budget: a jump ≤ 200 ms in a 30-minute session of
/// ≥ 300 commands and ≥ 20 containers; a step ≤ 16 ms):
/// `cargo test --release -p sim-core --test timeline jump_figures -- --ignored --nocapture`.
#[test]
#[ignore]
fn jump_figures() {
    use std::time::Instant;
    let s = sim_core::timeline::thirty_minute_session(cfg());
    let containers = s.view().containers.len();
    println!("session: {} s simulated, {} inputs, {containers} containers", s.now().ms() / 1000, s.journal().len());
    let end = s.now().ms();
    let t = Instant::now();
    let mut cursor = None;
    Cursor::seek(&mut cursor, s.config(), s.journal(), Moment::at(s.journal(), end / 2));
    println!("jump from the seed to the middle: {:?}", t.elapsed());
    let t = Instant::now();
    Cursor::seek(&mut cursor, s.config(), s.journal(), Moment::at(s.journal(), end - 1_000));
    println!("jump forward from the middle to the end: {:?}", t.elapsed());
    let t = Instant::now();
    let m = cursor.as_ref().map(|c| c.moment()).unwrap_or_default();
    Cursor::seek(&mut cursor, s.config(), s.journal(), Moment { at: m.at + 50, inputs: m.inputs });
    println!("one step forward: {:?}", t.elapsed());
    let t = Instant::now();
    let _ = cursor.as_ref().map(|c| c.view());
    println!("the view of a moment: {:?}", t.elapsed());
}
