//! The flags of `vorgaenge serve` that bound connections (see
//! [`vorgaenge_server::serve::ConnectionLimits`]).

use std::time::Duration;

use vorgaenge_server::serve::ConnectionLimits;

/// Connection limits and timeouts.
#[derive(Debug, clap::Args)]
pub struct ConnectionArgs {
    /// Open connections at most; more wait until one closes.
    #[arg(long, env = "VORGAENGE_MAX_CONNECTIONS", default_value_t = ConnectionLimits::default().max_connections)]
    max_connections: usize,
    /// Time for a request's head to arrive (e.g. 10s, 500ms).
    #[arg(long, env = "VORGAENGE_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    header_timeout: Duration,
    /// Time a kept-alive connection may wait for its next request.
    #[arg(long, env = "VORGAENGE_IDLE_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    idle_timeout: Duration,
    /// Time for a request's whole body to arrive (408 beyond).
    #[arg(long, env = "VORGAENGE_BODY_TIMEOUT", default_value = "60s", value_parser = parse_duration)]
    body_timeout: Duration,
    /// Largest request head in bytes, request line and headers (431 beyond).
    #[arg(long, env = "VORGAENGE_MAX_HEADER_BYTES", default_value_t = ConnectionLimits::default().max_header_bytes)]
    max_header_bytes: usize,
}

impl ConnectionArgs {
    pub fn limits(&self) -> ConnectionLimits {
        ConnectionLimits {
            max_connections: self.max_connections,
            header_timeout: self.header_timeout,
            idle_timeout: self.idle_timeout,
            body_timeout: self.body_timeout,
            max_header_bytes: self.max_header_bytes,
        }
    }
}

/// `250ms`, `10s`, `2m`, or plain seconds; more than zero.
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration (e.g. 10s, 500ms, 2m)"))?;
    let duration = match unit {
        "ms" => Duration::from_millis(n),
        "" | "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n.saturating_mul(60)),
        _ => return Err(format!("{text:?}: unit must be ms, s or m")),
    };
    if duration.is_zero() {
        return Err("a timeout must be longer than zero".into());
    }
    Ok(duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        for bad in ["", "s", "0s", "1h", "-1s", "1.5s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }
}
