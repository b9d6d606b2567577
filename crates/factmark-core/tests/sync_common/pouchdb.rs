//! A real PouchDB Server (npm `pouchdb-server`, pinned in package.json) started and stopped by
//! the test itself, in memory, in an empty temporary directory; and a tiny HTTP/1.1 client
//! over std's `TcpStream` that keeps the session cookie as a browser would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use factmark_core::sync::{Method, Request, Response};
use serde_json::Value;

pub struct Server {
    child: Child,
    dir: PathBuf,
    pub port: u16,
}

impl Server {
    /// Starts `node_modules/.bin/pouchdb-server` and waits until it says it has started.
    pub fn start() -> Server {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let binary = root.join("node_modules/.bin/pouchdb-server");
        assert!(
            binary.exists(),
            "{} is missing: run scripts/setup.sh (its npm ci installs pouchdb-server from package-lock.json)",
            binary.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("factmark-pouchdb-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let mut child = Command::new(&binary)
            .args(["--in-memory", "--port", &port.to_string(), "--host", "127.0.0.1"])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("pouchdb-server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (tell, started) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
            let _ = tell.send(lines.any(|line| line.contains("has started on")));
            // Keep reading its request log, or it would block once the pipe is full.
            lines.for_each(drop);
        });
        let mut server = Server { child, dir, port };
        // A bounded wait for its "has started" line (about 3 s here), never a sleep.
        match started.recv_timeout(std::time::Duration::from_secs(60)) {
            Ok(true) => {}
            Ok(false) | Err(_) => panic!("pouchdb-server did not start (see its output above)"),
        }
        server.admin_setup();
        server
    }

    /// An admin, and users `alice`, `bob` and `carol`; database `team` whose members are
    /// alice and bob. Admin requests use basic authentication; the app never does.
    fn admin_setup(&mut self) {
        let mut admin = Client::new(self.port);
        admin.expect(
            Method::Put,
            "/_config/admins/admin",
            Some(Value::from("admin-pw")),
        );
        admin.basic = Some(("admin", "admin-pw"));
        for name in ["alice", "bob", "carol"] {
            admin.expect(
                Method::Put,
                &format!("/_users/org.couchdb.user:{name}"),
                Some(serde_json::json!({ "name": name, "password": format!("{name}-pw"), "roles": [], "type": "user" })),
            );
        }
        admin.expect(Method::Put, "/team", None);
        admin.expect(
            Method::Put,
            "/team/_security",
            Some(serde_json::json!({
                "admins": { "names": [], "roles": [] },
                "members": { "names": ["alice", "bob"], "roles": [] },
            })),
        );
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// An HTTP/1.1 client for one person: one connection per request, the session cookie kept.
pub struct Client {
    port: u16,
    cookie: Option<String>,
    basic: Option<(&'static str, &'static str)>,
    pub requests: usize,
}

impl Client {
    pub fn new(port: u16) -> Client {
        Client {
            port,
            cookie: None,
            basic: None,
            requests: 0,
        }
    }

    /// Forgets the session cookie, as signing out or a lost session does.
    pub fn forget_session(&mut self) {
        self.cookie = None;
    }

    /// Sends `request`; `None` when the server cannot be reached.
    pub fn send(&mut self, request: &Request) -> Option<Response> {
        self.requests += 1;
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        let body = request.body.as_ref().map(Value::to_string).unwrap_or_default();
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: application/json\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n",
            request.method.as_str(),
            request.target(),
            self.port,
            body.len()
        );
        if let Some(cookie) = &self.cookie {
            head.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if let Some((name, password)) = self.basic {
            head.push_str(&format!(
                "Authorization: Basic {}\r\n",
                base64(&format!("{name}:{password}"))
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).ok()?;
        stream.write_all(body.as_bytes()).ok()?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).ok()?;
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut body = raw[split + 4..].to_vec();
        let status: u16 = head.split_whitespace().nth(1)?.parse().ok()?;
        for line in head.lines().skip(1) {
            let (name, value) = line.split_once(':')?;
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            if name == "set-cookie" && value.starts_with("AuthSession=") {
                self.cookie = value.split(';').next().map(str::to_owned);
            }
            if name == "transfer-encoding" && value.eq_ignore_ascii_case("chunked") {
                body = dechunk(&body)?;
            }
        }
        Some(Response::new(status, String::from_utf8(body).ok()?))
    }

    /// An admin request that must succeed.
    fn expect(&mut self, method: Method, path: &str, body: Option<Value>) {
        let request = Request {
            method,
            path: path.to_owned(),
            query: Vec::new(),
            body,
        };
        let response = self.send(&request).expect("the server answers");
        assert!(response.status < 300, "{path}: {response:?}");
    }

    /// A GET as this person, parsed.
    pub fn get(&mut self, path: &str) -> Value {
        let request = Request {
            method: Method::Get,
            path: path.to_owned(),
            query: Vec::new(),
            body: None,
        };
        let response = self.send(&request).expect("the server answers");
        serde_json::from_str(&response.body).expect("JSON")
    }
}

fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(
            std::str::from_utf8(&body[..end]).ok()?.split(';').next()?.trim(),
            16,
        )
        .ok()?;
        body = &body[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

fn base64(text: &str) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
