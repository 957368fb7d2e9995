use chrono::{DateTime, SecondsFormat, Utc};

/// A time as Kassa writes it everywhere: the DateTime scalar, webhook payloads and the
/// events between instances (RFC 3339 with `Z`, as many fraction digits as it needs; the
/// same as chrono's own `Serialize`).
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The time in `text`, read fast when it has the form [`rfc3339`] writes
/// (`2026-12-03T07:20:11.5Z`: four-digit year, `Z`, up to nine fraction digits) and by
/// chrono's own reading otherwise (offsets, a space for `T`, a leap second), so it accepts
/// exactly what chrono's `Deserialize` does. Events between instances carry three such
/// times each, and chrono's general parser spends about 1,200 instructions on one.
pub fn parse_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    fast(text.as_bytes()).or_else(|| text.parse::<DateTime<chrono::FixedOffset>>().ok().map(|at| at.to_utc()))
}

fn fast(text: &[u8]) -> Option<DateTime<Utc>> {
    let number = |from: usize, to: usize| -> Option<u32> {
        let digits = text.get(from..to)?;
        digits.iter().try_fold(0u32, |n, &d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if !separators.iter().all(|&(at, byte)| text.get(at) == Some(&byte)) {
        return None;
    }
    let (second, rest) = (number(17, 19)?, text.get(19..)?);
    let (fraction, zone) = match rest.strip_prefix(b".") {
        Some(rest) => rest.split_at(rest.iter().position(|d| !d.is_ascii_digit())?),
        None => (&[][..], rest),
    };
    if zone != b"Z" || fraction.len() > 9 || (rest.first() == Some(&b'.') && fraction.is_empty()) || second > 59 {
        return None;
    }
    let nanos = fraction
        .iter()
        .chain(std::iter::repeat_n(&b'0', 9 - fraction.len()))
        .fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
    let date = chrono::NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?;
    let time = chrono::NaiveTime::from_hms_nano_opt(number(11, 13)?, number(14, 16)?, second, nanos)?;
    Some(date.and_time(time).and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrono(text: &str) -> Option<DateTime<Utc>> {
        text.parse::<DateTime<chrono::FixedOffset>>().ok().map(|at| at.to_utc())
    }

    #[test]
    fn every_time_kassa_writes_reads_back_as_chrono_reads_it() {
        let base = chrono("2026-12-03T07:20:11Z").unwrap();
        for nanos in [0, 5, 1_000, 100_000_000, 123_000_000, 123_400_000, 664_317_000, 123_456_789, 999_999_999] {
            for days in [0, 1, 59, 365 * 3 + 80, -(365 * 2000)] {
                let at = base + chrono::Duration::nanoseconds(nanos) + chrono::Duration::days(days);
                let text = rfc3339(at);
                assert!(fast(text.as_bytes()).is_some(), "{text} takes the fast way");
                assert_eq!(parse_rfc3339(&text), Some(at), "{text}");
            }
        }
    }

    #[test]
    fn other_forms_are_read_as_chrono_reads_them() {
        for text in [
            "2026-12-03T07:20:11+03:00",
            "2026-12-03 07:20:11Z",
            "2026-12-03t07:20:11z",
            "2026-12-31T23:59:60Z",
            "2026-12-03T07:20:11.1234567891Z",
            "2026-12-03T07:20:11.Z",
            "2026-02-30T07:20:11Z",
            "2026-12-03T24:00:00Z",
            "+2026-12-03T07:20:11Z",
            "2026-12-03T07:20:11",
            "2026-12-03T07:2a:11Z",
            "",
        ] {
            assert_eq!(parse_rfc3339(text), chrono(text), "{text}");
        }
    }
}
