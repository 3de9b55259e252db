//! The child of the crash test (tests/tests/crash.rs): writes to the database at `DB` through the
//! real store as fast as it can until it is killed. Before each write it prints `try <op as JSON>`,
//! after its commit `ack`; it prints `ready` once the store is open.
//!
//! Usage: crash_writer DB SEED RUN

use std::io::Write;

use rapport_core::Store;
use rapport_tests::crash::{next_op, rng_for};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, db, seed, run] = &args[..] else {
        eprintln!("usage: crash_writer DB SEED RUN");
        std::process::exit(2);
    };
    let (seed, run): (u64, u32) = (seed.parse().expect("SEED is a number"), run.parse().expect("RUN is a number"));
    let mut store = Store::open(std::path::Path::new(db)).expect("the database opens");
    // On odd runs, one search row a slice: an import then spends most of its time indexing after
    // its move, so that kills land there too (each slice is its own transaction). Not on even
    // runs, where an import indexes in one slice, so that kills still land in its parsing,
    // matching and move (with one row a slice on every run, 2 kills in 60 did).
    if run % 2 == 1 {
        rapport_core::store::set_search_slice_rows(1);
    }
    let mut rng = rng_for(seed, run);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    writeln!(out, "ready").and_then(|()| out.flush()).expect("stdout");
    for k in 0.. {
        let op = next_op(&store, &mut rng, run, k).expect("reading the next op");
        writeln!(out, "try {}", serde_json::to_string(&op).unwrap()).and_then(|()| out.flush()).expect("stdout");
        op.apply(&mut store).unwrap_or_else(|e| panic!("{op:?} failed: {e}"));
        writeln!(out, "ack").and_then(|()| out.flush()).expect("stdout");
    }
}
