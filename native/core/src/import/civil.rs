//! Dates and times as ISO 8601 text, the form SQLite's date functions read:
//! `2024-03-01`, `12:00:00.000`, `2024-03-01 12:00:00.000`. Days to a civil date by
//! Howard Hinnant's `civil_from_days` (proleptic Gregorian, any i64 day count that fits).

/// `days` since 1970-01-01 as `YYYY-MM-DD`.
pub(super) fn date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A time of day, `ticks` of `per_second` (1000 or 1 000 000) since midnight, with
/// as many fraction digits as the unit has.
pub(super) fn time(ticks: i64, per_second: i64) -> String {
    let secs = ticks.div_euclid(per_second);
    let frac = ticks.rem_euclid(per_second);
    let digits = if per_second == 1000 { 3 } else { 6 };
    format!(
        "{:02}:{:02}:{:02}.{frac:0digits$}",
        secs / 3600 % 24,
        secs / 60 % 60,
        secs % 60
    )
}

/// A timestamp, `ticks` of `per_second` since 1970-01-01 00:00:00.
pub(super) fn timestamp(ticks: i64, per_second: i64) -> String {
    let day_ticks = 86_400 * per_second;
    format!(
        "{} {}",
        date(ticks.div_euclid(day_ticks)),
        time(ticks.rem_euclid(day_ticks), per_second)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates_and_times() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(19_783), "2024-03-01");
        assert_eq!(date(-1), "1969-12-31");
        assert_eq!(date(11_016), "2000-02-29");
        assert_eq!(time(43_200_123, 1000), "12:00:00.123");
        assert_eq!(
            timestamp(1_709_294_400_000, 1000),
            "2024-03-01 12:00:00.000"
        );
        assert_eq!(timestamp(-1, 1_000_000), "1969-12-31 23:59:59.999999");
    }
}
