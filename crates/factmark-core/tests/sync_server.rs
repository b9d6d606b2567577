//! Team sync against a real server: the pure plan driven over HTTP to a PouchDB Server this
//! test starts and stops, by two people (and an outsider) with their own libraries.

mod sync_common;

use factmark_core::sync::{
    sign_in, signed_in, Options, Record, Remote, Response, Step, Sync, SyncError, SyncState,
};
use factmark_core::Status;
use serde_json::Value;
use sync_common::pouchdb::{Client, Server};
use sync_common::{annotation, library, review, stamp, Library};

/// One person's device: their library, sync state and HTTP client (with its cookie).
struct Device {
    library: Library,
    state: SyncState,
    client: Client,
    user: Option<String>,
    online: bool,
}

impl Device {
    fn new(name: &str, library: Library, remote: &Remote, port: u16) -> Device {
        Device {
            library,
            state: SyncState::new(name, remote),
            client: Client::new(port),
            user: None,
            online: true,
        }
    }

    fn sign_in(&mut self, remote: &Remote, name: &str, password: &str) -> Result<String, SyncError> {
        let response = self
            .client
            .send(&sign_in(remote, name, password))
            .ok_or(SyncError::Unreachable)?;
        let name = signed_in(&response)?;
        self.user = Some(name.clone());
        Ok(name)
    }

    fn sync(&mut self, remote: &Remote, now: u32) -> Result<factmark_core::sync::Report, SyncError> {
        self.sync_with(remote, now, Options::default())
    }

    fn sync_with(
        &mut self,
        remote: &Remote,
        now: u32,
        options: Options,
    ) -> Result<factmark_core::sync::Report, SyncError> {
        let online = self.online;
        let client = &mut self.client;
        let (state, result) = sync_common::run(
            remote,
            self.state.clone(),
            self.user.clone(),
            &mut self.library,
            &stamp(now),
            options,
            |request| if online { client.send(request) } else { None },
        );
        // The app keeps the state after every accepted answer; an error changed none of it.
        self.state = state;
        result
    }

    fn record(&self, id: &str) -> &Record {
        &self.library.0[id]
    }

    fn edit(&mut self, id: &str, annotation: &str, status: Status, note: &str, second: u32) {
        review(
            self.library.0.get_mut(id).expect("the article"),
            annotation,
            status,
            note,
            second,
        );
    }
}

/// Every document on the server has exactly one live revision: no duplicate, no conflict left.
fn assert_one_copy_each(admin: &mut Client, articles: usize) {
    let all = admin.get("/team/_all_docs");
    let rows = all["rows"].as_array().expect("rows");
    let article_docs: Vec<&str> = rows
        .iter()
        .filter_map(|row| row["id"].as_str())
        .filter(|id| id.starts_with("article-"))
        .collect();
    assert_eq!(article_docs.len(), articles, "{article_docs:?}");
    for id in article_docs {
        let doc = admin.get(&format!("/team/{id}?conflicts=true"));
        assert!(doc.get("_conflicts").is_none(), "{id} still has conflicts: {doc}");
    }
}

#[test]
fn two_people_share_one_library_through_pouchdb_server() {
    let server = Server::start();
    let remote = Remote::new(&format!("http://127.0.0.1:{}", server.port), "team").expect("a local server");
    let mut ann = Device::new("ann-laptop", library(3, 3), &remote, server.port);
    let mut ben = Device::new("ben-desktop", Library::default(), &remote, server.port);
    let mut outsider = Device::new("carol", library(1, 1), &remote, server.port);

    // A wrong password, a member, and someone who is not a member.
    assert_eq!(
        ann.sign_in(&remote, "alice", "nope"),
        Err(SyncError::WrongPassword)
    );
    assert_eq!(ann.sign_in(&remote, "alice", "alice-pw").as_deref(), Ok("alice"));
    ben.sign_in(&remote, "bob", "bob-pw").expect("bob signs in");
    outsider
        .sign_in(&remote, "carol", "carol-pw")
        .expect("carol signs in");
    let before = outsider.library.clone();
    let error = outsider.sync(&remote, 1).expect_err("carol is not a member");
    assert_eq!(
        error,
        SyncError::NotMember {
            database: "team".into()
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("You are not a member of this database"),
        "{error}"
    );
    assert_eq!(outsider.library, before, "carol's work is untouched");
    // Without signing in at all.
    let mut anonymous = Device::new("anon", library(1, 1), &remote, server.port);
    assert_eq!(
        anonymous.sync(&remote, 1),
        Err(SyncError::SignInNeeded {
            database: "team".into()
        })
    );

    // Ann verifies a claim and adds a note; Ben gets both.
    ann.edit(
        "lib0001",
        "c-1-0",
        Status::Verified,
        "Matches the council minutes",
        10,
    );
    let report = ann.sync(&remote, 11).expect("ann pushes");
    assert_eq!(report.pushed, 3);
    let report = ben.sync(&remote, 12).expect("ben pulls");
    assert_eq!(report.pulled, 3);
    assert_eq!(ben.library, ann.library);

    // Ben disputes another claim offline; it syncs when he is back.
    ben.online = false;
    ben.edit("lib0001", "c-1-1", Status::Disputed, "", 20);
    let state = ben.state.clone();
    assert_eq!(ben.sync(&remote, 21), Err(SyncError::Unreachable));
    assert_eq!(ben.state, state, "nothing changed while offline");
    ben.online = true;
    assert_eq!(ben.sync(&remote, 22).expect("back online").pushed, 1);
    ann.sync(&remote, 23).expect("ann pulls");
    assert_eq!(
        annotation(ann.record("lib0001"), "c-1-1").expect("c-1-1").status,
        Status::Disputed
    );

    // Both change the same annotation; Ben's change is later. Ann also adds a note elsewhere.
    ann.edit("lib0002", "c-2-0", Status::Verified, "Ann's reading", 30);
    ann.edit("lib0002", "c-2-2", Status::Verified, "Ann's other note", 31);
    ben.edit("lib0002", "c-2-0", Status::Disputed, "", 32);
    ann.sync(&remote, 33).expect("ann syncs");
    ben.sync(&remote, 34).expect("ben syncs");
    ann.sync(&remote, 35).expect("ann syncs again");
    assert_eq!(ann.library, ben.library, "both see the same");
    let c0 = annotation(ann.record("lib0002"), "c-2-0").expect("c-2-0");
    assert_eq!(c0.status, Status::Disputed, "the later change wins");
    assert_eq!(c0.note, "Ann's reading", "Ann's note survives Ben's change");
    assert_eq!(
        annotation(ann.record("lib0002"), "c-2-2").expect("c-2-2").note,
        "Ann's other note"
    );

    // A true conflict on the server: both push at once from the same revision.
    ann.edit("lib0000", "c-0-0", Status::Verified, "Ann: fine", 40);
    ben.edit(
        "lib0000",
        "c-0-0",
        Status::Disputed,
        "Ben: the figure is wrong",
        41,
    );
    for device in [&mut ann, &mut ben] {
        let mut sync = Sync::new(
            remote.clone(),
            device.state.clone(),
            device.user.clone(),
            stamp(42),
            Options::default(),
        );
        while let Step::Send(request) = sync.next(&device.library) {
            let response = if request.path.ends_with("_changes") {
                Response::new(200, r#"{"results":[],"last_seq":0}"#)
            } else {
                device.client.send(&request).expect("the server answers")
            };
            sync.answer(response, &mut device.library).expect("taken");
        }
        device.state = sync.into_state();
    }
    let conflicted = ann.client.get("/team/article-lib0000?conflicts=true");
    assert_eq!(
        conflicted["_conflicts"].as_array().map(Vec::len),
        Some(1),
        "{conflicted}"
    );
    assert_eq!(ann.sync(&remote, 50).expect("ann merges").conflicts, 1);
    ben.sync(&remote, 51).expect("ben merges");
    ann.sync(&remote, 52).expect("ann settles");
    assert_eq!(ann.library, ben.library);
    let c0 = annotation(ann.record("lib0000"), "c-0-0").expect("c-0-0");
    assert_eq!(
        (c0.status, c0.note.as_str()),
        (Status::Disputed, "Ben: the figure is wrong\n\nAnn: fine")
    );
    let mut admin = Client::new(server.port);
    admin
        .send(&sign_in(&remote, "alice", "alice-pw"))
        .expect("signed in");
    assert_one_copy_each(&mut admin, 3);

    // The session ends on the server while the app believes it is signed in.
    ann.client.forget_session();
    assert_eq!(ann.sync(&remote, 60), Err(SyncError::SessionEnded));
    ann.sign_in(&remote, "alice", "alice-pw").expect("signs in again");

    // A sync killed half-way, restarted from what was kept, ends with exactly one copy.
    let mut dora = Device::new("dora", library(12, 2), &remote, server.port);
    dora.library.0 = dora
        .library
        .0
        .into_iter()
        .map(|(id, record)| (format!("d{id}"), record))
        .collect();
    dora.sign_in(&remote, "bob", "bob-pw").expect("signs in");
    let options = Options {
        batch: 3,
        ..Options::default()
    };
    let mut sync = Sync::new(
        remote.clone(),
        dora.state.clone(),
        dora.user.clone(),
        stamp(70),
        options,
    );
    let mut pushes = 0;
    while let Step::Send(request) = sync.next(&dora.library) {
        let response = dora.client.send(&request).expect("answers");
        sync.answer(response, &mut dora.library).expect("taken");
        if request.path.ends_with("_bulk_docs") {
            pushes += 1;
            if pushes == 2 {
                break;
            }
        }
    }
    dora.state = sync.into_state();
    dora.sync_with(&remote, 71, options)
        .expect("the restarted sync finishes");
    assert_one_copy_each(&mut admin, 15);
    ben.sync(&remote, 72).expect("ben pulls dora's articles");
    for (id, record) in &dora.library.0 {
        assert_eq!(ben.library.0.get(id), Some(record), "{id} arrived intact");
    }
    let all = admin.get("/team/_all_docs");
    let texts = all["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["id"].as_str().is_some_and(|id| id.starts_with("text-")))
        .count();
    assert_eq!(texts, 15, "one text document per distinct text");
    let seq: Value = admin.get(&format!("/team/_local/{}", ann.state.replication_id));
    assert!(
        seq.get("last_seq").is_some(),
        "the checkpoint is on the server: {seq}"
    );
    drop(server);
}
