//! A small mergeable latency histogram in microseconds: exact below 1,024 µs, then
//! buckets of 1/512 relative width, so p99 is within 0.2 % of the true value.

use std::collections::BTreeMap;

use serde_json::{Value, json};

#[derive(Clone, Debug, Default)]
pub struct Hist {
    counts: BTreeMap<u32, u64>,
    total: u64,
}

fn key(us: u64) -> u32 {
    if us < 1024 {
        return us as u32;
    }
    let shift = 54 - us.leading_zeros(); // keep 10 significant bits
    (shift << 10) | (us >> shift) as u32
}

fn value(key: u32) -> u64 {
    let shift = key >> 10;
    let mantissa = u64::from(key & 1023);
    if shift == 0 { mantissa } else { (mantissa << shift) + (1 << (shift - 1)) }
}

impl Hist {
    pub fn record(&mut self, us: u64) {
        *self.counts.entry(key(us)).or_default() += 1;
        self.total += 1;
    }

    pub fn merge(&mut self, other: &Hist) {
        for (k, n) in &other.counts {
            *self.counts.entry(*k).or_default() += n;
        }
        self.total += other.total;
    }

    pub fn count(&self) -> u64 {
        self.total
    }

    /// The value at quantile `q` (0..=1), in microseconds; 0 when empty.
    pub fn quantile(&self, q: f64) -> u64 {
        if self.total == 0 {
            return 0;
        }
        let rank = ((q * self.total as f64).ceil() as u64).clamp(1, self.total);
        let mut seen = 0;
        for (k, n) in &self.counts {
            seen += n;
            if seen >= rank {
                return value(*k);
            }
        }
        0
    }

    /// p50/p99/max in milliseconds, for the result line.
    pub fn summary(&self) -> Value {
        let ms = |us: u64| (us as f64 / 1000.0 * 1000.0).round() / 1000.0;
        json!({
            "samples": self.total,
            "p50_ms": ms(self.quantile(0.50)),
            "p99_ms": ms(self.quantile(0.99)),
            "max_ms": ms(self.quantile(1.0)),
        })
    }

    /// The raw buckets, so shards in other processes can be merged exactly.
    pub fn to_json(&self) -> Value {
        Value::Array(self.counts.iter().map(|(k, n)| json!([k, n])).collect())
    }

    pub fn from_json(value: &Value) -> Hist {
        let mut hist = Hist::default();
        for pair in value.as_array().into_iter().flatten() {
            if let (Some(k), Some(n)) = (pair.get(0).and_then(Value::as_u64), pair.get(1).and_then(Value::as_u64)) {
                *hist.counts.entry(k as u32).or_default() += n;
                hist.total += n;
            }
        }
        hist
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_close_to_the_truth() {
        let mut hist = Hist::default();
        for us in 1..=100_000 {
            hist.record(us);
        }
        let p50 = hist.quantile(0.5) as f64;
        let p99 = hist.quantile(0.99) as f64;
        assert!((p50 - 50_000.0).abs() / 50_000.0 < 0.003, "{p50}");
        assert!((p99 - 99_000.0).abs() / 99_000.0 < 0.003, "{p99}");
        let round_trip = Hist::from_json(&hist.to_json());
        assert_eq!(round_trip.quantile(0.99), hist.quantile(0.99));
    }
}
