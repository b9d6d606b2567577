//! Measures team sync against a real PouchDB Server: pushing a generated library of N
//! articles (about 5,000 characters and 90 annotations each, 30 reviewed, 5 with notes) to an
//! empty database, pulling it into an empty library, then one status change up and down.
//! `cargo run --release -p factmark-core --example sync_bench -- 1000` (after
//! `scripts/setup.sh`). Prints wall time, the time spent in the plan itself (what the app's
//! thread would spend, the rest being the server and the network) and the requests made.

#[path = "../tests/sync_common/mod.rs"]
mod sync_common;

use std::time::{Duration, Instant};

use factmark_core::sync::{sign_in, Options, Remote, Step, Sync, SyncState};
use factmark_core::Status;
use sync_common::pouchdb::{Client, Server};
use sync_common::{library, review, stamp, Library};

struct Run {
    wall: Duration,
    plan: Duration,
    requests: usize,
    sent: usize,
    received: usize,
}

fn sync(remote: &Remote, state: &mut SyncState, library: &mut Library, client: &mut Client, now: u32) -> Run {
    let started = Instant::now();
    let mut plan = Duration::ZERO;
    let (mut requests, mut sent, mut received) = (0, 0, 0);
    let mut sync = Sync::new(
        remote.clone(),
        state.clone(),
        Some("alice".into()),
        stamp(now),
        Options::default(),
    );
    loop {
        let at = Instant::now();
        let step = sync.next(library);
        plan += at.elapsed();
        let Step::Send(request) = step else { break };
        sent += request.body.as_ref().map_or(0, |b| b.to_string().len());
        let response = client.send(&request).expect("the server answers");
        received += response.body.len();
        requests += 1;
        let at = Instant::now();
        sync.answer(response, library).expect("the sync succeeds");
        plan += at.elapsed();
    }
    *state = sync.into_state();
    Run {
        wall: started.elapsed(),
        plan,
        requests,
        sent,
        received,
    }
}

fn show(what: &str, run: &Run) {
    println!(
        "{what:<28} {:>8.2} s wall  {:>7.2} s in the plan  {:>5} requests  {:>7.1} MB up  {:>7.1} MB down",
        run.wall.as_secs_f64(),
        run.plan.as_secs_f64(),
        run.requests,
        run.sent as f64 / 1e6,
        run.received as f64 / 1e6
    );
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let mut a = library(count, 45);
    for (index, record) in a.0.values_mut().enumerate() {
        let seed = record
            .article
            .title
            .trim_start_matches("Headline number ")
            .to_owned();
        for sentence in 0..30 {
            let id = format!("c-{seed}-{sentence}");
            let note = if sentence < 5 {
                "Checked against the published figures."
            } else {
                ""
            };
            let status = if (index + sentence) % 3 == 0 {
                Status::Disputed
            } else {
                Status::Verified
            };
            review(record, &id, status, note, sentence as u32);
        }
    }
    let text: usize = a.0.values().map(|r| r.article.text.len()).sum();
    let annotations: usize = a.0.values().map(|r| r.article.annotations.len()).sum();
    println!(
        "{count} articles, {:.1} MB of text, {annotations} annotations",
        text as f64 / 1e6
    );

    let at = Instant::now();
    let prints: Vec<String> = a.0.values().map(factmark_core::sync::fingerprint).collect();
    println!(
        "fingerprints of every article: {:.3} s ({} distinct)",
        at.elapsed().as_secs_f64(),
        prints.len()
    );

    let server = Server::start();
    let remote = Remote::new(&format!("http://127.0.0.1:{}", server.port), "team").expect("a local server");
    let mut client_a = Client::new(server.port);
    client_a
        .send(&sign_in(&remote, "alice", "alice-pw"))
        .expect("signed in");
    let mut client_b = Client::new(server.port);
    client_b
        .send(&sign_in(&remote, "alice", "alice-pw"))
        .expect("signed in");
    let mut state_a = SyncState::new("a", &remote);
    let mut state_b = SyncState::new("b", &remote);
    let mut b = Library::default();

    show(
        "push to an empty database",
        &sync(&remote, &mut state_a, &mut a, &mut client_a, 100),
    );
    show(
        "pull into an empty library",
        &sync(&remote, &mut state_b, &mut b, &mut client_b, 101),
    );
    assert!(a == b, "the pulled library equals the pushed one");
    let first = a.0.keys().next().cloned().expect("an article");
    review(
        a.0.get_mut(&first).expect("article"),
        "c-0-40",
        Status::Verified,
        "",
        200,
    );
    show(
        "one status change, up",
        &sync(&remote, &mut state_a, &mut a, &mut client_a, 201),
    );
    show(
        "one status change, down",
        &sync(&remote, &mut state_b, &mut b, &mut client_b, 202),
    );
    assert!(a == b, "the change arrived");
    show(
        "nothing to do",
        &sync(&remote, &mut state_b, &mut b, &mut client_b, 203),
    );
    println!("sync state JSON: {:.1} KB", state_b.to_json().len() as f64 / 1e3);
    drop(server);
}
