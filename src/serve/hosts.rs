//! Which names `broadside serve` answers to: the defence against DNS
//! rebinding.
//!
//! A page whose name (`evil.example`) is made to point at 127.0.0.1 is,
//! for the browser, the attacker's own origin, free to read what it loads
//! from there. Such a request still carries the attacker's name in `Host`
//! (and `Origin`), so the server answers only requests addressed to one of
//! its own names.

use std::net::{IpAddr, Ipv6Addr};

/// The names this server answers to: `localhost`, `127.0.0.1`, `[::1]`, the
/// address it listens on and the names given with `--allow-host`, each with
/// the server's port or none.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    names: Vec<String>,
    port: u16,
}

impl Hosts {
    pub(crate) fn new(bind: IpAddr, port: u16, allowed: &[String]) -> Hosts {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"]
            .map(String::from)
            .to_vec();
        if !bind.is_unspecified() {
            names.push(ip_name(bind));
        }
        for name in allowed.iter().filter_map(|n| host_name(n).ok()) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        Hosts { names, port }
    }

    /// Whether a `Host` header names this server.
    pub(crate) fn allows(&self, host: &str) -> bool {
        split_host(host).is_some_and(|(name, port)| {
            port.is_none_or(|p| p == self.port) && self.names.contains(&name)
        })
    }

    /// Whether an `Origin` header is one of this server's origins.
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|authority| self.allows(authority))
    }
}

/// How an IP address is written as a host: IPv6 in brackets.
fn ip_name(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    }
}

/// The name (lower case; IPv6 in brackets, in its shortest form) and the
/// port of a `Host` value; None when it is not one.
pub(crate) fn split_host(value: &str) -> Option<(String, Option<u16>)> {
    let (name, port) = match value.strip_prefix('[') {
        Some(rest) => {
            let (address, after) = rest.split_once(']')?;
            let port = if after.is_empty() {
                None
            } else {
                Some(after.strip_prefix(':')?)
            };
            (ip_name(IpAddr::V6(address.parse::<Ipv6Addr>().ok()?)), port)
        }
        None => match value.split_once(':') {
            Some((name, port)) => (name.to_ascii_lowercase(), Some(port)),
            None => (value.to_ascii_lowercase(), None),
        },
    };
    let plain = name.starts_with('[')
        || (!name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)));
    let port = match port {
        None | Some("") => None,
        Some(p) if p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) => Some(p.parse().ok()?),
        Some(_) => return None,
    };
    plain.then_some((name, port))
}

/// A name for `--allow-host`: a host name or an IP address, without a port.
pub(crate) fn host_name(value: &str) -> Result<String, String> {
    if let Ok(ip) = value
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<IpAddr>()
    {
        return Ok(ip_name(ip));
    }
    match split_host(value) {
        Some((name, None)) if !value.contains(':') => Ok(name),
        Some((name, Some(_))) => Err(format!("give the name without a port: --allow-host {name}")),
        _ => Err(format!(
            "`{value}` is not a host name: use letters, digits, `-` and `.`, or an IP address"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_the_servers_own_names_only() {
        let hosts = Hosts::new(
            "127.0.0.1".parse().unwrap(),
            1111,
            &["Preview.Example".into(), "::1".into()],
        );
        for ok in [
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[0:0:0:0:0:0:0:1]:1111",
            "[::1]",
            "preview.example:1111",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for refused in [
            "evil.example",
            "evil.example:1111",
            "localhost:2222",
            "localhost.evil.example",
            "localhost:1111:1111",
            "localhost:99999",
            "localhost:+1111",
            "127.0.0.2:1111",
            "[::2]:1111",
            "[::1",
            "[::1]1111",
            "",
            ":1111",
            "local host",
            "localhost/",
            "0.0.0.0:1111",
        ] {
            assert!(!hosts.allows(refused), "{refused}");
        }
        let bound = Hosts::new("192.168.1.5".parse().unwrap(), 80, &[]);
        assert!(
            bound.allows("192.168.1.5")
                && bound.allows("192.168.1.5:80")
                && !bound.allows("192.168.1.6")
        );
        assert!(!Hosts::new("0.0.0.0".parse().unwrap(), 80, &[]).allows("0.0.0.0"));
        assert!(
            hosts.allows_origin("http://localhost:1111")
                && hosts.allows_origin("http://[::1]:1111")
        );
        for refused in [
            "https://localhost:1111",
            "http://evil.example:1111",
            "null",
            "http://localhost:1111/x",
        ] {
            assert!(!hosts.allows_origin(refused), "{refused}");
        }
    }

    #[test]
    fn allow_host_takes_names_and_addresses() {
        assert_eq!(host_name("Preview.Example").unwrap(), "preview.example");
        assert_eq!(host_name("::1").unwrap(), "[::1]");
        assert_eq!(host_name("[fe80::1]").unwrap(), "[fe80::1]");
        assert_eq!(host_name("10.0.0.2").unwrap(), "10.0.0.2");
        assert!(
            host_name("preview.example:8080")
                .unwrap_err()
                .contains("without a port")
        );
        for bad in ["", "*", "a b", "http://x", "x/y"] {
            assert!(host_name(bad).is_err(), "{bad}");
        }
    }
}
