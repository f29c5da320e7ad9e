//! The laptop's addresses the room can reach: IPv4 on every interface that is up, neither
//! loopback nor link-local (169.254/16, which no phone shares), named by interface.

use std::net::{IpAddr, Ipv4Addr};

/// An address to listen on and to show, with its interface's name ("wlan0", "enp3s0").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// The interface's name.
    pub name: String,
    /// Its IPv4 address.
    pub ip: IpAddr,
}

/// Whether the room could reach `ip`.
pub fn usable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !v4.is_loopback() && !v4.is_link_local() && !v4.is_unspecified(),
        IpAddr::V6(_) => false,
    }
}

/// The usable addresses, Wi-Fi and Ethernet alike, in the system's order; loopback alone
/// when there are none (a laptop with no network: the workshop still runs for "pass the
/// laptop" and for tests).
pub fn interfaces() -> Vec<Interface> {
    let found: Vec<Interface> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| usable(i.ip()))
        .map(|i| Interface {
            ip: i.ip(),
            name: i.name,
        })
        .collect();
    if found.is_empty() {
        vec![Interface {
            name: "lo".into(),
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        }]
    } else {
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_link_local_and_v6_are_not_offered_to_the_room() {
        assert!(usable("192.168.1.20".parse().unwrap()));
        assert!(usable("10.0.0.7".parse().unwrap()));
        assert!(!usable("127.0.0.1".parse().unwrap()));
        assert!(!usable("169.254.3.4".parse().unwrap()));
        assert!(!usable("fe80::1".parse().unwrap()));
        assert!(!interfaces().is_empty());
    }
}
