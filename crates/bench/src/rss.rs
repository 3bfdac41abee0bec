//! Resident memory of the server child, sampled from `/proc/<pid>/status`.
//!
//! A plain thread samples every 200 ms; it sleeps nearly all the time, so it does not
//! compete with the load generator or the server.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

const INTERVAL: Duration = Duration::from_millis(200);

/// A field such as `VmRSS` or `VmHWM` of a `/proc/<pid>/status` text, in KiB.
pub fn status_field_kib(status: &str, field: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(field)?.strip_prefix(':')?;
        let value = rest.trim().strip_suffix("kB")?.trim();
        value.parse().ok()
    })
}

/// Reads one field of the live process `pid`, in KiB.
pub fn read_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status_field_kib(&status, field)
}

#[derive(Debug)]
pub struct RssSampler {
    stop: Arc<AtomicBool>,
    peak: Arc<AtomicU64>,
    phase_peak: Arc<AtomicU64>,
    handle: JoinHandle<()>,
}

impl RssSampler {
    pub fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let peak = Arc::new(AtomicU64::new(0));
        let phase_peak = Arc::new(AtomicU64::new(0));
        let handle = {
            let (stop, peak, phase_peak) = (stop.clone(), peak.clone(), phase_peak.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if let Some(kib) = read_kib(pid, "VmRSS") {
                        peak.fetch_max(kib, Ordering::Relaxed);
                        phase_peak.fetch_max(kib, Ordering::Relaxed);
                    }
                    std::thread::sleep(INTERVAL);
                }
            })
        };
        Self {
            stop,
            peak,
            phase_peak,
            handle,
        }
    }

    /// The peak since the previous call (or the start), and starts a new phase.
    pub fn take_phase_peak(&self) -> u64 {
        self.phase_peak.swap(0, Ordering::Relaxed)
    }

    /// Stops sampling; the peak over the whole run, in KiB.
    pub fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.handle.join();
        self.peak.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_status_fields() {
        let status = "Name:\tvorgaenge-bench\nVmHWM:\t   51234 kB\nVmRSS:\t   40960 kB\n";
        assert_eq!(status_field_kib(status, "VmRSS"), Some(40960));
        assert_eq!(status_field_kib(status, "VmHWM"), Some(51234));
        assert_eq!(status_field_kib(status, "VmSwap"), None);
        // Our own process has a resident set.
        assert!(read_kib(std::process::id(), "VmRSS").unwrap() > 0);
    }
}
