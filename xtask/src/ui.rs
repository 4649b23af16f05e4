//! The few ways xtask talks to the user, so every line it prints looks the same: progress lines
//! start with `muelle:`, sections have a visible header, and errors say what to do next.

use std::time::{Duration, Instant};

/// A progress line, e.g. `muelle: installing trunk 0.22.1 (one-time, ~15 min)…`.
pub fn say(message: &str) {
    println!("muelle: {message}");
}

pub fn error(message: &str) {
    eprintln!("muelle: error: {message}");
}

/// A section of a longer run; prints a header now and the elapsed time on [`Section::done`].
pub struct Section {
    title: String,
    start: Instant,
}

impl Section {
    pub fn start(title: &str) -> Section {
        println!();
        println!("==== {title} ====");
        Section { title: title.to_string(), start: Instant::now() }
    }

    pub fn done(self) -> Duration {
        let elapsed = self.start.elapsed();
        say(&format!("{} done in {}", self.title, human(elapsed)));
        elapsed
    }
}

/// `1.2 s`, `3 min 05 s`.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let whole = d.as_secs();
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}
