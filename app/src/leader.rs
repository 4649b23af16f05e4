//! Two tabs of Muelle: only one saves, and both say which.
//!
//! Both tabs would otherwise write the same keys and the last to save would silently erase the
//! other's work. Each tab announces itself on a `BroadcastChannel` with a claim (the time it
//! loaded or took over, and a random id to break ties); a tab that hears a newer claim stops
//! writing (`store::stop_writing`) and shows a notice offering to save from there instead, which
//! makes a newer claim in turn. So the newest tab saves, and the student picks otherwise with
//! one click. Without `BroadcastChannel` every tab saves, as before.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::notice::{self, Notice};
use crate::store;

const CHANNEL: &str = "muelle";

/// Who claims to save: (time of the claim in ms, random tie-breaker).
type Claim = (u64, u64);

struct Leader {
    channel: Option<web_sys::BroadcastChannel>,
    mine: Claim,
}

thread_local! {
    static LEADER: RefCell<Leader> = const { RefCell::new(Leader { channel: None, mine: (0, 0) }) };
}

fn encode(c: Claim) -> String {
    format!("claim {} {}", c.0, c.1)
}

/// Reads what [`encode`] wrote.
pub fn decode(s: &str) -> Option<Claim> {
    let mut f = s.strip_prefix("claim ")?.split(' ');
    let claim = (f.next()?.parse().ok()?, f.next()?.parse().ok()?);
    f.next().is_none().then_some(claim)
}

/// Whether hearing `other` makes a tab holding `mine` stop saving.
pub fn yields_to(mine: Claim, other: Claim) -> bool {
    other > mine
}

fn new_claim() -> Claim {
    (js_sys::Date::now() as u64, (js_sys::Math::random() * 1e15) as u64)
}

/// Joins the channel and claims the saving for this tab.
pub fn start() {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let Some(other) = e.data().as_string().as_deref().and_then(decode) else { return };
        let mine = LEADER.with(|l| l.borrow().mine);
        if yields_to(mine, other) && store::is_writer() {
            store::stop_writing();
            notice::show(Notice::ReadOnly);
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    LEADER.with(|l| l.borrow_mut().channel = Some(channel));
    claim();
}

fn claim() {
    let c = new_claim();
    let channel = LEADER.with(|l| {
        let mut l = l.borrow_mut();
        l.mine = c;
        l.channel.clone()
    });
    if let Some(ch) = channel {
        let _ = ch.post_message(&JsValue::from_str(&encode(c)));
    }
}

/// The student chose to save from this tab: the other tabs stop, this one writes all it holds.
pub fn take_over() {
    claim();
    store::take_over();
    notice::hide(|n| *n == Notice::ReadOnly);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_claim_saves_and_ties_break_by_id() {
        assert!(yields_to((10, 5), (11, 0)));
        assert!(!yields_to((11, 0), (10, 5)));
        assert!(yields_to((10, 5), (10, 6)));
        assert!(!yields_to((10, 6), (10, 6)));
        assert_eq!(decode(&encode((1_700_000_000_000, 42))), Some((1_700_000_000_000, 42)));
        for bad in ["", "claim", "claim 1", "claim 1 2 3", "claim x 2", "hola 1 2"] {
            assert_eq!(decode(bad), None, "{bad:?}");
        }
    }
}
