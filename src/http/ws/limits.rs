//! How many WebSockets are open, per client address and per user, with a cap on each.
//! Every open socket holds a [`Slot`]; dropping it gives the count back, however the
//! socket ended.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::config::Config;

/// The open WebSockets of this instance, shared by every connection.
pub(crate) struct Sockets {
    open: AtomicUsize,
    addresses: Counts<IpAddr>,
    users: Counts<i64>,
}

/// Why a socket was refused: its close reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TooMany {
    FromAddress,
    ForUser,
}

impl TooMany {
    /// graphql-transport-ws answers "too many" with 4429; the legacy protocol gets the same.
    pub(super) const CODE: u16 = 4429;

    pub(super) fn reason(self) -> &'static str {
        match self {
            Self::FromAddress => "too many connections from this address",
            Self::ForUser => "too many connections for this user",
        }
    }
}

impl Sockets {
    pub(crate) fn new(config: &Config) -> Arc<Self> {
        Arc::new(Self {
            open: AtomicUsize::new(0),
            addresses: Counts::new(config.ws_max_per_address),
            users: Counts::new(config.ws_max_per_user),
        })
    }

    /// WebSockets open right now.
    pub(crate) fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// A slot for a socket being upgraded from `address` (unknown when the server runs
    /// without connect info), or refused when that address holds its cap already.
    pub(super) fn upgrade(self: &Arc<Self>, address: Option<IpAddr>) -> Result<Slot, TooMany> {
        if address.is_some_and(|address| !self.addresses.take(address)) {
            return Err(TooMany::FromAddress);
        }
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(Slot { sockets: self.clone(), address, user: None, _gauge: crate::metrics::websocket_open() })
    }
}

/// One open socket's share of the counts; given back on drop.
pub(super) struct Slot {
    sockets: Arc<Sockets>,
    address: Option<IpAddr>,
    user: Option<i64>,
    /// `kassa_websockets_open`, given back on drop like the counts.
    _gauge: crate::metrics::Held,
}

impl Slot {
    /// Counts this socket for `user_id` (at connection_init), or refuses it over the cap.
    pub(super) fn sign_in(&mut self, user_id: i64) -> Result<(), TooMany> {
        if self.user == Some(user_id) {
            return Ok(());
        }
        if !self.sockets.users.take(user_id) {
            return Err(TooMany::ForUser);
        }
        if let Some(previous) = self.user.replace(user_id) {
            self.sockets.users.give_back(previous);
        }
        Ok(())
    }

    pub(super) fn user(&self) -> Option<i64> {
        self.user
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.sockets.open.fetch_sub(1, Ordering::Relaxed);
        if let Some(address) = self.address {
            self.sockets.addresses.give_back(address);
        }
        if let Some(user) = self.user {
            self.sockets.users.give_back(user);
        }
    }
}

/// Counts per key under a cap; 0 means no cap, and then nothing is counted.
struct Counts<K> {
    cap: usize,
    held: Mutex<HashMap<K, usize>>,
}

impl<K: Hash + Eq> Counts<K> {
    fn new(cap: usize) -> Self {
        Self { cap, held: Mutex::default() }
    }

    /// Takes one for `key`, unless it holds the cap already.
    fn take(&self, key: K) -> bool {
        if self.cap == 0 {
            return true;
        }
        let mut held = self.held.lock().expect("socket counts");
        let count = held.entry(key).or_insert(0);
        if *count >= self.cap {
            return false;
        }
        *count += 1;
        true
    }

    fn give_back(&self, key: K) {
        if self.cap == 0 {
            return;
        }
        let mut held = self.held.lock().expect("socket counts");
        if let Some(count) = held.get_mut(&key) {
            *count -= 1;
            if *count == 0 {
                held.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sockets(per_address: &str, per_user: &str) -> Arc<Sockets> {
        let env = [("KASSA_WS_MAX_PER_ADDRESS", per_address), ("KASSA_WS_MAX_PER_USER", per_user)];
        let config = Config::from_lookup(|key| env.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()));
        Sockets::new(&config.unwrap())
    }

    #[test]
    fn caps_count_per_key_and_dropping_a_slot_gives_it_back() {
        let sockets = sockets("2", "1");
        let (a, b): (IpAddr, IpAddr) = ("127.0.0.2".parse().unwrap(), "127.0.0.3".parse().unwrap());
        let first = sockets.upgrade(Some(a)).unwrap();
        let mut second = sockets.upgrade(Some(a)).unwrap();
        assert_eq!(sockets.upgrade(Some(a)).err(), Some(TooMany::FromAddress));
        let mut other = sockets.upgrade(Some(b)).unwrap();
        assert_eq!(sockets.open(), 3);

        second.sign_in(7).unwrap();
        assert_eq!(other.sign_in(7), Err(TooMany::ForUser), "the user cap spans addresses");
        other.sign_in(8).unwrap();
        drop(second);
        assert_eq!(sockets.open(), 2);
        sockets.upgrade(Some(a)).unwrap().sign_in(7).expect("both counts were given back");
        drop((first, other));
        assert_eq!(sockets.open(), 0);
        assert!(sockets.addresses.held.lock().unwrap().is_empty() && sockets.users.held.lock().unwrap().is_empty());
    }

    #[test]
    fn zero_switches_a_cap_off() {
        let sockets = sockets("0", "0");
        let slots: Vec<Slot> = (0..100).map(|_| sockets.upgrade(Some(IpAddr::from([127, 0, 0, 1]))).unwrap()).collect();
        assert_eq!(sockets.open(), 100);
        drop(slots);
        assert_eq!(sockets.open(), 0);
    }
}
