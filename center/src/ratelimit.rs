//! Token buckets per key (a client address, a user name), in memory.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// `burst` requests at once, refilled at `per_sec`.
pub struct Limiter<K> {
    per_sec: f64,
    burst: f64,
    buckets: Mutex<HashMap<K, (f64, Instant)>>,
}

impl<K: Eq + Hash + Clone> Limiter<K> {
    /// A limiter allowing `burst` at once and `per_min` per minute after that.
    pub fn new(per_min: f64, burst: f64) -> Self {
        Limiter {
            per_sec: per_min / 60.0,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    fn with<T>(&self, key: &K, f: impl FnOnce(&mut f64) -> T) -> T {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 50_000 {
            let (per_sec, burst) = (self.per_sec, self.burst);
            map.retain(|_, (t, at)| *t + now.duration_since(*at).as_secs_f64() * per_sec < burst);
        }
        let (tokens, at) = map.entry(key.clone()).or_insert((self.burst, now));
        *tokens = (*tokens + now.duration_since(*at).as_secs_f64() * self.per_sec).min(self.burst);
        *at = now;
        f(tokens)
    }

    fn wait(&self, tokens: f64) -> Duration {
        Duration::from_secs_f64(((1.0 - tokens) / self.per_sec).max(0.0))
    }

    /// Takes one token, or says how long to wait for one.
    pub fn take(&self, key: &K) -> Result<(), Duration> {
        self.with(key, |t| {
            if *t >= 1.0 {
                *t -= 1.0;
                Ok(())
            } else {
                Err(self.wait(*t))
            }
        })
    }

    /// Whether a token is there, without taking it (for counting only failures).
    pub fn peek(&self, key: &K) -> Result<(), Duration> {
        self.with(key, |t| {
            if *t >= 1.0 {
                Ok(())
            } else {
                Err(self.wait(*t))
            }
        })
    }

    /// Takes a token if there is one (a failure was counted).
    pub fn spend(&self, key: &K) {
        self.with(key, |t| *t = (*t - 1.0).max(0.0));
    }

    /// Fills the bucket again (a success).
    pub fn reset(&self, key: &K) {
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(key);
    }
}

/// Seconds to put in `Retry-After` for a wait (at least 1).
pub fn retry_after(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refused_then_reset() {
        let l = Limiter::new(60.0, 2.0);
        assert!(l.take(&1).is_ok());
        assert!(l.take(&1).is_ok());
        let wait = l.take(&1).unwrap_err();
        assert!(wait <= Duration::from_secs(1));
        assert!(l.take(&2).is_ok(), "keys are separate");
        l.reset(&1);
        assert!(l.take(&1).is_ok());
        l.spend(&3);
        l.spend(&3);
        assert!(l.peek(&3).is_err());
        assert_eq!(retry_after(Duration::from_millis(10)), 1);
    }
}
