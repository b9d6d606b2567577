//! RFC 3339 times as exports and imports write them: reading one into an instant that
//! compares across offsets, and refusing what is not one.

/// The days of `month` (1–12) in `year` of the Gregorian calendar: February 2026 has 28.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An RFC 3339 time as (seconds since 1970 in UTC, nanoseconds), so times written with different
/// offsets or fraction lengths compare correctly; `None` when it is not RFC 3339.
pub fn timestamp(text: &str) -> Option<(i64, u32)> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then_some(())?;
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let separator = |at: usize, allowed: &[u8]| bytes.get(at).is_some_and(|b| allowed.contains(b));
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let separators = separator(4, b"-")
        && separator(7, b"-")
        && separator(10, b"Tt ")
        && separator(13, b":")
        && separator(16, b":");
    if !separators
        || !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if bytes.get(at) == Some(&b'.') {
        let fraction: Vec<u8> = bytes[at + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .copied()
            .collect();
        if fraction.is_empty() {
            return None;
        }
        for (place, digit) in fraction.iter().take(9).enumerate() {
            nanos += u32::from(digit - b'0') * 10u32.pow(8 - place as u32);
        }
        at += 1 + fraction.len();
    }
    let offset_seconds = match bytes.get(at..)? {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), ..] if bytes.len() == at + 6 && separator(at + 3, b":") => {
            let (hours, minutes) = (digits(at + 1..at + 3)?, digits(at + 4..at + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let offset = hours * 3600 + minutes * 60;
            if *sign == b'+' {
                offset
            } else {
                -offset
            }
        }
        _ => return None,
    };
    // Days from 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    Some((
        days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds,
        nanos,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_compare_across_offsets() {
        let rows: &[(&str, Option<(i64, u32)>)] = &[
            ("1970-01-01T00:00:00Z", Some((0, 0))),
            ("1970-01-01T01:00:00+01:00", Some((0, 0))),
            ("2000-03-01T00:00:00.5Z", Some((951_868_800, 500_000_000))),
            ("2026-11-27T09:30:00", None),
            ("2026-13-01T00:00:00Z", None),
            // Days that no month has: February 31st, the 29th outside a leap year, June 31st.
            ("2026-02-31T09:30:00Z", None),
            ("2026-02-29T09:30:00Z", None),
            ("2024-02-29T00:00:00Z", Some((1_709_164_800, 0))),
            ("2000-02-29T00:00:00Z", Some((951_782_400, 0))),
            ("1900-02-29T00:00:00Z", None),
            ("2026-06-31T00:00:00Z", None),
            ("2026-12-31T23:59:59Z", Some((1_798_761_599, 0))),
            ("2026-11-27T09:30:00+24:00", None),
            ("2026-11-27T09:30:00+01:60", None),
            ("yesterday", None),
            ("2026-11-27T09:30:00.Z", None),
        ];
        for &(text, expected) in rows {
            assert_eq!(timestamp(text), expected, "{text}");
        }
    }
}
