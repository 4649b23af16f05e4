//! Simulated time. Nothing in sim-core reads a wall clock: time is a number of
//! simulated milliseconds that only the engine advances.

use std::fmt;

/// A point in simulated time, in milliseconds since the simulated host booted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct SimTime(pub u64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);
    pub const NEVER: SimTime = SimTime(u64::MAX);

    pub fn ms(self) -> u64 {
        self.0
    }
    pub fn plus(self, ms: u64) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }
    pub fn since(self, earlier: SimTime) -> u64 {
        self.0.saturating_sub(earlier.0)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

/// The wall-clock date the simulated host believes it is at `SimTime::ZERO`
/// (2025-03-10 10:00:00 UTC), as seconds since the Unix epoch. Used for the
/// timestamps Docker prints (`Created`, nginx log lines, …).
pub const EPOCH_SECS: u64 = 1_741_600_800;

/// go-units `HumanDuration`, as Docker uses it for `Up …` and `… ago`.
pub fn human_duration(ms: u64) -> String {
    let secs = ms / 1000;
    if secs < 1 {
        return "Less than a second".into();
    }
    if secs == 1 {
        return "1 second".into();
    }
    if secs < 60 {
        return format!("{secs} seconds");
    }
    let mins = secs / 60;
    if mins == 1 {
        return "About a minute".into();
    }
    if mins < 60 {
        return format!("{mins} minutes");
    }
    let hours = (secs as f64 / 3600.0).round() as u64;
    if hours == 1 {
        return "About an hour".into();
    }
    if hours < 48 {
        return format!("{hours} hours");
    }
    let days = hours / 24;
    if days < 14 {
        return format!("{days} days");
    }
    if days < 60 {
        return format!("{} weeks", days / 7);
    }
    if days < 365 * 2 {
        return format!("{} months", days / 30);
    }
    format!("{} years", days / 365)
}

/// A civil date-time, derived from `EPOCH_SECS + ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Day of the week, 0 = Monday.
    pub weekday: u32,
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub millis: u32,
}

impl DateTime {
    pub fn at(t: SimTime) -> DateTime {
        let total_ms = EPOCH_SECS * 1000 + t.0;
        let secs = total_ms / 1000;
        let days = (secs / 86_400) as i64;
        let rem = secs % 86_400;
        let (year, month, day) = civil_from_days(days);
        DateTime {
            // 1970-01-01 was a Thursday.
            weekday: ((days + 3) % 7) as u32,
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            minute: ((rem % 3600) / 60) as u32,
            second: (rem % 60) as u32,
            millis: (total_ms % 1000) as u32,
        }
    }

    /// RFC 3339 with nanoseconds, as in `docker inspect` (`2025-03-10T10:00:00.123456789Z`).
    pub fn rfc3339_nanos(&self, extra_nanos: u32) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{:06}Z",
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.millis,
            extra_nanos % 1_000_000
        )
    }

    /// `2025-03-10T10:00:00Z`, as in `docker volume inspect`.
    pub fn rfc3339_secs(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2025-03-10 10:00:00 +0000 UTC`, as in `docker ps --format {{.CreatedAt}}`.
    pub fn go_default(&self) -> String {
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02} +0000 UTC",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// C's `asctime` without its newline, as PHP's built-in server logs it:
    /// `Mon Mar 10 09:00:00 2025` (the day padded with a space).
    pub fn asctime(&self) -> String {
        format!(
            "{} {} {:>2} {:02}:{:02}:{:02} {}",
            self.weekday_abbr(),
            self.month_abbr(),
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.year
        )
    }

    pub fn weekday_abbr(&self) -> &'static str {
        const D: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        D[(self.weekday % 7) as usize]
    }

    pub fn month_abbr(&self) -> &'static str {
        const M: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        M[(self.month.clamp(1, 12) - 1) as usize]
    }
}

/// Howard Hinnant's days-to-civil algorithm: days since 1970-01-01 to (year, month, day)
/// in the proleptic Gregorian calendar, for any `i64` day count Go's `time` can print.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The inverse of [`civil_from_days`]: days since 1970-01-01 of a proleptic Gregorian date
/// (Howard Hinnant's algorithm), for Go's `time.Parse` (`docker logs --since` and the like).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The days in `month` (1–12) of `year`, leap years as the Gregorian calendar has them.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_both_ways() {
        for days in (-800_000..800_000).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m as i64, d as i64), days, "{y}-{m}-{d}");
            assert!((d as i64) <= days_in_month(y, m as i64));
        }
        assert_eq!(days_from_civil(2000, 2, 29), 11_016);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2024, 4), 30);
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        // Go's zero time, 0001-01-01.
        assert_eq!(civil_from_days(-719_162), (1, 1, 1));
    }

    #[test]
    fn epoch_is_the_reference_date() {
        let d = DateTime::at(SimTime::ZERO);
        assert_eq!((d.year, d.month, d.day, d.hour, d.minute, d.second), (2025, 3, 10, 10, 0, 0));
        assert_eq!(d.weekday_abbr(), "Mon");
    }

    #[test]
    fn human_durations_follow_go_units() {
        assert_eq!(human_duration(500), "Less than a second");
        assert_eq!(human_duration(1_000), "1 second");
        assert_eq!(human_duration(12_000), "12 seconds");
        assert_eq!(human_duration(60_000), "About a minute");
        assert_eq!(human_duration(150_000), "2 minutes");
        assert_eq!(human_duration(3_600_000), "About an hour");
        assert_eq!(human_duration(3 * 3_600_000), "3 hours");
    }
}
