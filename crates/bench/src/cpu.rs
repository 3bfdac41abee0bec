//! CPU time of the server, of the bench itself and of everything else on the machine, from
//! `/proc`, so a report can show whether the load generator left the server its core and
//! whether other processes disturbed a measurement (ratios are only valid if they did not).
//!
//! With PostgreSQL the server's work is split over two kinds of process: the server child
//! and PostgreSQL's own (a backend per pooled connection, plus WAL writer, checkpointer,
//! autovacuum). Those are counted as their own column, so that they neither hide in "other"
//! (and flag every row as disturbed) nor go unaccounted in the cost of a request. Every
//! process named `postgres` counts: `/proc` does not tell which cluster or client a backend
//! serves, and on a bench machine there is one cluster, used by this run only.

use std::time::Instant;

/// Clock ticks per second of `/proc/stat` and `/proc/<pid>/stat` (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND: f64 = 100.0;

/// Cumulative CPU ticks at one instant.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    at: Instant,
    /// All CPUs, every kind of busy time (including steal: time another VM took).
    machine: u64,
    server: u64,
    /// Processes named `postgres`, if asked for; 0 otherwise.
    database: u64,
    /// This process and, once waited for, its finished children (the seeder).
    bench: u64,
    bench_children: u64,
}

/// CPU used between two snapshots, in cores (1.0 = one core busy the whole time).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Usage {
    pub server: f64,
    /// PostgreSQL's processes (0 unless the snapshots counted them).
    pub database: f64,
    pub bench: f64,
    /// Finished children of the bench (the seeding run).
    pub children: f64,
    pub other: f64,
}

impl Snapshot {
    /// `server` is the pid of the server child, if one runs.
    pub fn take(server: Option<u32>) -> Option<Self> {
        Self::take_counting(server, false)
    }

    /// As [`Snapshot::take`], with the CPU time of PostgreSQL's processes if `postgres`.
    pub fn take_counting(server: Option<u32>, postgres: bool) -> Option<Self> {
        let machine = machine_busy(&std::fs::read_to_string("/proc/stat").ok()?)?;
        let (bench, bench_children) =
            process_ticks(&std::fs::read_to_string("/proc/self/stat").ok()?)?;
        let server = match server {
            Some(pid) => {
                process_ticks(&std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?)?.0
            }
            None => 0,
        };
        let database = if postgres { postgres_ticks() } else { 0 };
        Some(Self {
            at: Instant::now(),
            machine,
            server,
            database,
            bench,
            bench_children,
        })
    }

    pub fn usage_since(&self, earlier: &Self) -> Usage {
        let seconds = (self.at - earlier.at).as_secs_f64().max(1e-9) * TICKS_PER_SECOND;
        let delta = |a: u64, b: u64| a.saturating_sub(b) as f64 / seconds;
        let server = delta(self.server, earlier.server);
        let database = delta(self.database, earlier.database);
        let bench = delta(self.bench, earlier.bench);
        let children = delta(self.bench_children, earlier.bench_children);
        let machine = delta(self.machine, earlier.machine);
        Usage {
            server,
            database,
            bench,
            children,
            // Tick counts are sampled at slightly different moments; clamp the noise.
            other: (machine - server - database - bench - children).max(0.0),
        }
    }
}

/// Busy ticks of the `cpu` line of `/proc/stat`: user nice system idle iowait irq softirq
/// steal …; everything but idle and iowait.
fn machine_busy(stat: &str) -> Option<u64> {
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let fields: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .take(8)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    let [user, nice, system, _idle, _iowait, irq, softirq, steal] = fields.try_into().ok()?;
    Some(user + nice + system + irq + softirq + steal)
}

/// utime + stime of every live process named `postgres`. A backend that exits between two
/// snapshots takes its ticks with it; the pool's backends live as long as the server.
fn postgres_ticks() -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_str()
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
        })
        // A process may end between listing and reading: it is skipped.
        .filter_map(|e| std::fs::read_to_string(e.path().join("stat")).ok())
        .filter(|stat| command_name(stat) == Some("postgres"))
        .filter_map(|stat| process_ticks(&stat).map(|(own, _)| own))
        .sum()
}

/// The command name (`comm`) of a `/proc/<pid>/stat` line: between the first `(` and the
/// last `)`. PostgreSQL rewrites its command line per backend, but not this.
fn command_name(stat: &str) -> Option<&str> {
    stat.get(stat.find('(')? + 1..stat.rfind(')')?)
}

/// (utime + stime, cutime + cstime) of a `/proc/<pid>/stat` line. The command name may
/// contain spaces and parentheses, so fields are counted from the last `)`.
fn process_ticks(stat: &str) -> Option<(u64, u64)> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // fields[0] is the state (field 3 of proc(5)); utime is field 14, cstime field 17.
    let num = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some((num(11)? + num(12)?, num(13)? + num(14)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_files() {
        let stat = "cpu  100 5 50 9000 30 1 2 7 0 0\ncpu0 50 2 25 4500 15 0 1 3 0 0\n";
        assert_eq!(machine_busy(stat), Some(100 + 5 + 50 + 1 + 2 + 7));
        let pid = "4242 (vorgaenge (x) y) S 1 2 3 4 5 6 7 8 9 10 111 222 33 44 20 0 1 0";
        assert_eq!(process_ticks(pid), Some((333, 77)));
        assert_eq!(command_name(pid), Some("vorgaenge (x) y"));
        assert_eq!(command_name("17 (postgres) S 1"), Some("postgres"));
        assert_eq!(command_name("garbage"), None);
        assert!(Snapshot::take(Some(std::process::id())).is_some());
        assert!(Snapshot::take_counting(None, true).is_some());
    }

    #[test]
    fn counts_postgres_apart_from_other() {
        let at = Instant::now();
        let snapshot = |seconds: u64, machine, server, database| Snapshot {
            at: at + std::time::Duration::from_secs(seconds),
            machine,
            server,
            database,
            bench: 0,
            bench_children: 0,
        };
        // Over 2 s (200 ticks): server 100, PostgreSQL 60, 30 left for the rest.
        let usage = snapshot(2, 1190, 100, 60).usage_since(&snapshot(0, 1000, 0, 0));
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(usage.server, 0.5), "{usage:?}");
        assert!(close(usage.database, 0.3), "{usage:?}");
        assert!(close(usage.other, 0.15), "{usage:?}");
    }
}
