//! Which log lines a log request returns, shared by `docker logs` and `docker compose logs`:
//! `--tail`, `--since` and `--until` as the client and the daemon read them.
//!
//! The client turns `--since`/`--until` into a Unix timestamp with moby's
//! `api/types/time.GetTimestamp` (a Go duration before now, an RFC 3339-like date — in the
//! CLI's local zone, UTC here, unless it names one — or a Unix timestamp as is) and wraps its
//! error as `invalid value for "since": …`. The daemon's reader (`daemon/logs.go`,
//! `loggerutils`) takes the last `--tail` lines first, then skips lines before `since` and stops
//! at the first line after `until`; `--until 0` is no limit.

use crate::time::{SimTime, EPOCH_SECS};
use crate::world::container::{LogLine, Logs, Stream};

const NS_PER_SEC: i128 = 1_000_000_000;

/// The nanoseconds below the millisecond of a line's timestamp: real timestamps are not
/// round, so the simulator derives a stable fraction from the line's time.
fn extra_nanos(at: SimTime) -> u32 {
    ((at.ms() % 997) as u32 * 1000 + 123) % 1_000_000
}

/// A line's timestamp, in Unix nanoseconds.
pub(crate) fn line_ns(l: &LogLine) -> i128 {
    (EPOCH_SECS as i128 + (l.at.ms() / 1000) as i128) * NS_PER_SEC
        + ((l.at.ms() % 1000) as i128) * 1_000_000
        + extra_nanos(l.at) as i128
}

/// A log line as the daemon sends it, with its RFC 3339 timestamp in front when asked (`-t`).
pub(crate) fn log_line(l: &LogLine, timestamps: bool) -> String {
    if timestamps {
        let d = crate::time::DateTime::at(l.at);
        format!("{} {}", d.rfc3339_nanos(extra_nanos(l.at)), l.text)
    } else {
        l.text.clone()
    }
}

/// Writes a log line to the client's stream for it: the container's stderr to the CLI's stderr
/// (moby multiplexes the two without a TTY, and `docker logs`/`compose logs` demultiplex them),
/// so `docker logs web 2>/dev/null` shows only what it wrote to stdout.
pub(crate) fn print(io: &mut crate::process::Io, text: &str, stream: Stream) {
    match stream {
        Stream::Stderr => io.errln(text),
        Stream::Stdout => io.outln(text),
    }
}

/// Writes log lines as a terminal shows them: each on its stream; a line the program did not
/// end (`input("¿Nombre? ")` before a traceback) runs into the next one, as the bytes do on a
/// real terminal. The last line is ended unless `keep_last_open` (a prompt waiting for input).
pub(crate) fn print_lines(io: &mut crate::process::Io, lines: &[(String, Stream, bool)], keep_last_open: bool) {
    for (i, (text, stream, partial)) in lines.iter().enumerate() {
        let open = *partial && (i + 1 < lines.len() || keep_last_open);
        match (open, stream) {
            (true, Stream::Stderr) => io.err(text),
            (true, Stream::Stdout) => io.out(text),
            (false, stream) => print(io, text, *stream),
        }
    }
}

/// `--tail`'s value as moby reads it: a non-negative number, anything else is "all"
/// (`docker logs` and `docker compose logs` alike).
pub fn parse_tail(value: Option<&str>) -> Option<usize> {
    value.and_then(|v| v.parse::<i64>().ok()).and_then(|n| usize::try_from(n).ok())
}

/// The time window of a log request (Unix nanoseconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    pub since: Option<i128>,
    pub until: Option<i128>,
}

impl Window {
    /// Reads `--since` and `--until` as the CLI's client does; the error is the CLI's text.
    pub fn parse(since: Option<&str>, until: Option<&str>, now: SimTime) -> Result<Window, String> {
        let now_ns = (EPOCH_SECS as i128) * NS_PER_SEC + (now.ms() as i128) * 1_000_000;
        let mut w = Window::default();
        if let Some(v) = since.filter(|v| !v.is_empty()) {
            w.since = Some(get_timestamp(v, now_ns).map_err(|e| format!("invalid value for \"since\": {e}"))?);
        }
        if let Some(v) = until.filter(|v| !v.is_empty()) {
            let t = get_timestamp(v, now_ns).map_err(|e| format!("invalid value for \"until\": {e}"))?;
            // The daemon: `if config.Until != "" && config.Until != "0"`.
            if v != "0" {
                w.until = Some(t);
            }
        }
        Ok(w)
    }

    /// Whether a line comes after the window's end (the reader stops there).
    pub fn past_end(&self, l: &LogLine) -> bool {
        self.until.is_some_and(|u| line_ns(l) > u)
    }
}

/// The lines a request returns from the lines written from `from` on (a reader's cursor): the
/// last `tail` of them, then those in the window. The bool says the reader met a line past
/// `until` (a follower stops there).
pub fn select<'a>(logs: &'a Logs, from: usize, tail: Option<usize>, w: &Window) -> (Vec<&'a LogLine>, bool) {
    let all: Vec<&LogLine> = logs.since(from).collect();
    let start = tail.map_or(0, |n| all.len().saturating_sub(n));
    let mut out = Vec::new();
    let mut since = w.since;
    for l in &all[start..] {
        if let Some(s) = since {
            if line_ns(l) < s {
                continue;
            }
            // moby's forwarder: once a line is at or after `since`, it stops checking.
            since = None;
        }
        if w.past_end(l) {
            return (out, true);
        }
        out.push(*l);
    }
    (out, false)
}

/// moby's `GetTimestamp`, as Unix nanoseconds (the CLI's local zone is UTC).
fn get_timestamp(value: &str, now_ns: i128) -> Result<i128, String> {
    if value != "0" {
        if let Some(d) = crate::duration::parse(value) {
            // `strconv.FormatInt(reference.Add(-d).Unix(), 10)`: whole seconds, floored.
            let t = now_ns - d as i128;
            return Ok(t.div_euclid(NS_PER_SEC) * NS_PER_SEC);
        }
    }
    let local = !value.contains(['z', 'Z', '+']) && value.matches('-').count() != 3;
    let layout = if value.contains('.') {
        if local {
            "2006-01-02T15:04:05.999999999"
        } else {
            "2006-01-02T15:04:05.999999999Z07:00"
        }
    } else if value.contains('T') {
        let mut colons = value.matches(':').count();
        if !local && !value.contains(['z', 'Z']) && colons > 0 {
            colons -= 1;
        }
        match (local, colons) {
            (true, 0) => "2006-01-02T15",
            (true, 1) => "2006-01-02T15:04",
            (true, _) => "2006-01-02T15:04:05",
            (false, 0) => "2006-01-02T15Z07:00",
            (false, 1) => "2006-01-02T15:04Z07:00",
            (false, _) => "2006-01-02T15:04:05Z07:00",
        }
    } else if local {
        "2006-01-02"
    } else {
        "2006-01-02Z07:00"
    };
    match go_parse(layout, value) {
        Ok(t) => Ok(t),
        Err(e) if value.contains('-') => Err(e),
        Err(_) => match parse_unix(value) {
            Some(t) => Ok(t),
            None => Err(format!("failed to parse value as time or duration: {}", go_quote(value))),
        },
    }
}

/// moby's `parseTimestamp`: `SECONDS[.NANOS]`.
fn parse_unix(value: &str) -> Option<i128> {
    let (s, n) = match value.split_once('.') {
        Some((s, n)) => (s, Some(n)),
        None => (value, None),
    };
    let sec = go_parse_int(s)?;
    let Some(n) = n else { return Some(sec as i128 * NS_PER_SEC) };
    let nsec = go_parse_int(n)?;
    // `int64(float64(nsec) * math.Pow(10, 9-len(n)))`
    let scaled = (nsec as f64 * 10f64.powi(9 - n.len() as i32)) as i64;
    Some(sec as i128 * NS_PER_SEC + scaled as i128)
}

/// Go's `strconv.ParseInt(s, 10, 64)`.
fn go_parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.strip_prefix('+').unwrap_or(s).parse::<i64>().ok()
}

/// `strconv.Quote` for the texts a student types (printable ASCII and beyond; controls escaped).
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `quote` of Go's `time` package (non-ASCII and controls as `\xNN` bytes).
fn time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if (c as u32) >= 0x80 || (c as u32) < 0x20 {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Go's `time.Parse` for the layouts `GetTimestamp` uses, with its error texts.
fn go_parse(layout: &str, value: &str) -> Result<i128, String> {
    let err = |layout_elem: &str, value_elem: &str, message: &str| -> String {
        if message.is_empty() {
            format!(
                "parsing time {} as {}: cannot parse {} as {}",
                time_quote(value),
                time_quote(layout),
                time_quote(value_elem),
                time_quote(layout_elem)
            )
        } else {
            format!("parsing time {}{message}", time_quote(value))
        }
    };
    const ELEMS: [&str; 8] = ["2006", "01", "02", "15", "04", "05", ".999999999", "Z07:00"];
    let (mut year, mut month, mut day, mut hour, mut min, mut sec, mut nsec, mut offset) =
        (0i64, -1i64, -1i64, 0, 0, 0, 0i64, 0i64);
    let mut rest = value;
    let mut lay = layout;
    while !lay.is_empty() {
        // A literal (`-`, `T`, `:`; never two in a row in these layouts).
        let Some(elem) = ELEMS.iter().find(|e| lay.starts_with(**e)) else {
            let lit = &lay[..1];
            if !rest.starts_with(lit) {
                return Err(err(lit, rest, ""));
            }
            rest = &rest[1..];
            lay = &lay[1..];
            continue;
        };
        let hold = rest;
        let mut range = "";
        let mut bad = false;
        match *elem {
            "2006" => {
                if rest.len() < 4 || !rest.as_bytes()[0].is_ascii_digit() || !rest.is_char_boundary(4) {
                    bad = true;
                } else {
                    match go_parse_int(&rest[..4]) {
                        Some(y) => year = y,
                        None => bad = true,
                    }
                    rest = &rest[4..];
                }
            }
            "01" | "02" | "04" | "05" | "15" => match getnum(rest, *elem != "15") {
                Some((n, r)) => {
                    rest = r;
                    match *elem {
                        "01" => {
                            month = n;
                            if !(1..=12).contains(&n) {
                                range = "month";
                            }
                        }
                        "02" => {
                            day = n;
                            if !(0..=31).contains(&n) {
                                range = "day";
                            }
                        }
                        "15" => {
                            hour = n;
                            if n >= 24 {
                                range = "hour";
                            }
                        }
                        "04" => {
                            min = n;
                            if n >= 60 {
                                range = "minute";
                            }
                        }
                        _ => {
                            sec = n;
                            if n >= 60 {
                                range = "second";
                            }
                            // A fraction the layout does not name is read all the same.
                            let b = rest.as_bytes();
                            let frac_in_layout = lay[2..].starts_with(".999999999");
                            if !frac_in_layout
                                && b.len() >= 2
                                && (b[0] == b'.' || b[0] == b',')
                                && b[1].is_ascii_digit()
                            {
                                let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                                nsec = nanos(&rest[..n]);
                                rest = &rest[n..];
                            }
                        }
                    }
                }
                None => bad = true,
            },
            ".999999999" => {
                let b = rest.as_bytes();
                if b.len() >= 2 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
                    let n = 1 + b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    nsec = nanos(&rest[..n]);
                    rest = &rest[n..];
                }
            }
            _ => {
                // "Z07:00"
                if rest.starts_with('Z') {
                    rest = &rest[1..];
                } else if rest.len() < 6 || rest.as_bytes()[3] != b':' || !rest.is_char_boundary(6) {
                    bad = true;
                } else {
                    let sign = match rest.as_bytes()[0] {
                        b'+' => 1,
                        b'-' => -1,
                        _ => 0,
                    };
                    match (getnum(&rest[1..3], true), getnum(&rest[4..6], true)) {
                        (Some((h, _)), Some((m, _))) if sign != 0 => {
                            if h > 24 {
                                range = "time zone offset hour";
                            }
                            if m > 60 {
                                range = "time zone offset minute";
                            }
                            offset = sign * (h * 3600 + m * 60);
                            rest = &rest[6..];
                        }
                        _ => bad = true,
                    }
                }
            }
        }
        if !range.is_empty() {
            return Err(err("", rest, &format!(": {range} out of range")));
        }
        if bad {
            return Err(err(elem, hold, ""));
        }
        lay = &lay[elem.len()..];
    }
    if !rest.is_empty() {
        return Err(err("", rest, &format!(": extra text: {}", time_quote(rest))));
    }
    if month < 0 {
        month = 1;
    }
    if day < 0 {
        day = 1;
    }
    if day < 1 || day > crate::time::days_in_month(year, month) {
        return Err(err("", rest, ": day out of range"));
    }
    let days = crate::time::days_from_civil(year, month, day);
    let secs = days as i128 * 86_400 + (hour * 3600 + min * 60 + sec) as i128 - offset as i128;
    Ok(secs * NS_PER_SEC + nsec as i128)
}

/// Go's `getnum`: one or two digits (`fixed`: exactly two).
fn getnum(s: &str, fixed: bool) -> Option<(i64, &str)> {
    let b = s.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    if !b.get(1).is_some_and(u8::is_ascii_digit) {
        if fixed {
            return None;
        }
        return Some(((b[0] - b'0') as i64, &s[1..]));
    }
    Some((((b[0] - b'0') * 10 + (b[1] - b'0')) as i64, &s[2..]))
}

/// Go's `parseNanoseconds`: `.d…` (at most nine digits count).
fn nanos(s: &str) -> i64 {
    let digits = &s[1..s.len().min(10)];
    let mut n: i64 = digits.parse().unwrap_or(0);
    for _ in digits.len()..9 {
        n *= 10;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i128 = (EPOCH_SECS as i128 + 90) * NS_PER_SEC + 500_000_000;

    fn ts(v: &str) -> Result<i128, String> {
        get_timestamp(v, NOW)
    }

    #[test]
    fn durations_count_back_from_now_in_whole_seconds() {
        assert_eq!(ts("30s"), Ok((EPOCH_SECS as i128 + 60) * NS_PER_SEC));
        assert_eq!(ts("1m30s"), Ok(EPOCH_SECS as i128 * NS_PER_SEC));
        assert_eq!(ts("0s"), Ok((EPOCH_SECS as i128 + 90) * NS_PER_SEC));
    }

    #[test]
    fn dates_in_utc_and_with_zones() {
        let epoch = EPOCH_SECS as i128 * NS_PER_SEC; // 2025-03-10T10:00:00Z
        assert_eq!(ts("2025-03-10T10:00:00Z"), Ok(epoch));
        assert_eq!(ts("2025-03-10T10:00:00"), Ok(epoch));
        assert_eq!(ts("2025-03-10T10:00"), Ok(epoch));
        assert_eq!(ts("2025-03-10T10"), Ok(epoch));
        assert_eq!(ts("2025-03-10T11:00:00+01:00"), Ok(epoch));
        assert_eq!(ts("2025-03-10T05:00:00-05:00"), Ok(epoch));
        assert_eq!(ts("2025-03-10T10:00:00.25Z"), Ok(epoch + 250_000_000));
        assert_eq!(ts("2025-03-10"), Ok(epoch - 10 * 3600 * NS_PER_SEC));
        assert_eq!(ts("1741600800"), Ok(epoch));
        assert_eq!(ts("1741600800.5"), Ok(epoch + 500_000_000));
        assert_eq!(ts("0"), Ok(0));
    }

    #[test]
    fn errors_in_go_words() {
        assert_eq!(ts("7d"), Err("failed to parse value as time or duration: \"7d\"".into()));
        assert_eq!(ts("13:50"), Err("failed to parse value as time or duration: \"13:50\"".into()));
        assert_eq!(ts("2025-13-01"), Err("parsing time \"2025-13-01\": month out of range".into()));
        assert_eq!(ts("2025-02-30"), Err("parsing time \"2025-02-30\": day out of range".into()));
        assert_eq!(
            ts("2025-3-10"),
            Err("parsing time \"2025-3-10\" as \"2006-01-02\": cannot parse \"3-10\" as \"01\"".into())
        );
        assert_eq!(ts("2025-03-10T10:00:00x"), Err("parsing time \"2025-03-10T10:00:00x\": extra text: \"x\"".into()));
        assert_eq!(
            Window::parse(Some("ayer"), None, SimTime::ZERO),
            Err("invalid value for \"since\": failed to parse value as time or duration: \"ayer\"".into())
        );
        assert_eq!(Window::parse(None, Some("0"), SimTime::ZERO), Ok(Window::default()));
    }
}
