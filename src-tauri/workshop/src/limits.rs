//! Rate limits: at most `max` events per key in any `window`, in memory bounded by a cap on
//! the number of keys tracked.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::time::{Duration, Instant};

/// Most keys tracked at once; beyond it the stalest are forgotten first (a flood of fresh
/// addresses cannot grow memory without bound).
const KEYS_MAX: usize = 4_096;

/// A sliding-window limit per key.
#[derive(Debug)]
pub struct RateLimit<K> {
    max: usize,
    window: Duration,
    hits: HashMap<K, VecDeque<Instant>>,
}

impl<K: Eq + Hash + Clone> RateLimit<K> {
    /// At most `max` events per key in any `window`.
    pub fn new(max: usize, window: Duration) -> Self {
        RateLimit {
            max,
            window,
            hits: HashMap::new(),
        }
    }

    /// Records an event for `key` at `now` if the key is under its limit; returns whether it
    /// was allowed. A refused event is not recorded, so waiting always helps.
    pub fn allow(&mut self, key: &K, now: Instant) -> bool {
        let window = self.window;
        let fresh = |t: &Instant| now.saturating_duration_since(*t) < window;
        if self.hits.len() >= KEYS_MAX && !self.hits.contains_key(key) {
            self.hits.retain(|_, times| times.back().is_some_and(fresh));
            if self.hits.len() >= KEYS_MAX {
                let stalest = self
                    .hits
                    .iter()
                    .min_by_key(|(_, times)| times.back().copied())
                    .map(|(k, _)| k.clone());
                if let Some(k) = stalest {
                    self.hits.remove(&k);
                }
            }
        }
        let times = self.hits.entry(key.clone()).or_default();
        while times.front().is_some_and(|t| !fresh(t)) {
            times.pop_front();
        }
        if times.len() >= self.max {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_over_its_limit_is_refused_until_the_window_passes() {
        let mut limit = RateLimit::new(3, Duration::from_secs(60));
        let t = Instant::now();
        assert!((0..3).all(|_| limit.allow(&"a", t)));
        assert!(!limit.allow(&"a", t + Duration::from_secs(30)));
        assert!(limit.allow(&"b", t), "other keys are not affected");
        assert!(limit.allow(&"a", t + Duration::from_secs(61)));
    }

    #[test]
    fn memory_stays_bounded_under_a_flood_of_keys() {
        let mut limit = RateLimit::new(1, Duration::from_secs(60));
        let t = Instant::now();
        for i in 0..(KEYS_MAX * 2) {
            assert!(limit.allow(&i, t));
        }
        assert!(limit.hits.len() <= KEYS_MAX);
    }
}
