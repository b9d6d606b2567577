//! The team server as Factmark sees it: a checked server URL and database name, the HTTP
//! requests the replication plan asks the app to make, and the answers it gives back.

use serde_json::Value;

use super::SyncError;

/// A CouchDB database on a server: where sync reads and writes. Holds no credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Remote {
    /// `https://host[:port]` (or `http://` on this machine), without a trailing slash.
    origin: String,
    /// The path the server lives under (`/couch` behind a proxy), without a trailing slash.
    prefix: String,
    database: String,
}

impl Remote {
    /// Checks a server URL and database name as a person typed them. Plain `http` is refused
    /// except on this machine (`localhost`, `127.0.0.1`, `[::1]`): over it a password and every
    /// verdict would cross the network readable by anyone on the way. A URL with a name or
    /// password in it is refused too, so no credential is ever kept with the settings.
    pub fn new(url: &str, database: &str) -> Result<Remote, SyncError> {
        let url = url.trim();
        let bad = |reason: &str| SyncError::BadUrl {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("it should start with https://"))?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return Err(bad("it should start with https://"));
        }
        let rest = rest.trim_end_matches('/');
        let url = &url[..scheme.len() + 3 + rest.len()];
        if rest.contains(['?', '#']) {
            return Err(bad("it should not have a query (?) or fragment (#)"));
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.contains('@') {
            return Err(SyncError::CredentialsInUrl);
        }
        let host = split_host(authority).ok_or_else(|| bad("it has no valid server name"))?;
        // The path goes into every request as it is, so it must already be URL-safe.
        if !path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~/%".contains(&b))
        {
            return Err(bad("its path holds characters a URL cannot (spaces, quotes)"));
        }
        if scheme == "http" && !is_this_machine(&host) {
            return Err(SyncError::InsecureUrl { url: url.to_owned() });
        }
        if !is_database_name(database) {
            return Err(SyncError::BadDatabaseName {
                name: database.to_owned(),
            });
        }
        Ok(Remote {
            origin: format!("{scheme}://{}", authority.to_ascii_lowercase()),
            prefix: path.trim_end_matches('/').to_owned(),
            database: database.to_owned(),
        })
    }

    /// The server URL as it was checked (no trailing slash).
    pub fn server(&self) -> String {
        format!("{}{}", self.origin, self.prefix)
    }

    pub fn database(&self) -> &str {
        &self.database
    }

    /// The full URL of `request` on this server, for the app's `fetch`.
    pub fn url(&self, request: &Request) -> String {
        format!("{}{}", self.origin, request.target())
    }

    /// A request to the server root, e.g. `/_session`.
    pub(crate) fn server_request(&self, method: Method, endpoint: &str) -> Request {
        Request::new(method, format!("{}/{endpoint}", self.prefix))
    }

    /// A request to the database, e.g. `_changes`; `endpoint` is already escaped.
    pub(crate) fn request(&self, method: Method, endpoint: &str) -> Request {
        Request::new(
            method,
            format!("{}/{}/{endpoint}", self.prefix, escape(&self.database)),
        )
    }
}

/// The host of `host[:port]` or `[v6][:port]`, when the port (if any) is a number.
fn split_host(authority: &str) -> Option<String> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (inner, after) = v6.split_once(']')?;
            (
                format!("[{inner}]"),
                after
                    .strip_prefix(':')
                    .map(str::to_owned)
                    .or_else(|| after.is_empty().then(String::new))?,
            )
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host.to_owned(), port.to_owned()),
            None => (authority.to_owned(), String::new()),
        },
    };
    let port_ok = port.is_empty() || port.parse::<u16>().is_ok();
    let host_ok = host
        .trim_matches(['[', ']'])
        .chars()
        .any(|c| c.is_ascii_alphanumeric())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c));
    (port_ok && host_ok).then(|| host.to_ascii_lowercase())
}

fn is_this_machine(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
}

/// CouchDB's rule for database names: a lower-case letter, then lower-case letters, digits and
/// `_ $ ( ) + - /`, at most 238 characters.
fn is_database_name(name: &str) -> bool {
    let mut chars = name.chars();
    name.len() <= 238
        && chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-/".contains(c))
}

/// Percent-escapes everything but unreserved characters (RFC 3986), for a path segment or a
/// query value.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            escaped.push(byte as char);
        } else {
            escaped.push_str(&format!("%{byte:02X}"));
        }
    }
    escaped
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One HTTP request for the app to make: send `body` (when there is one) as
/// `application/json`, with `Accept: application/json` and the session cookie
/// (`credentials: "include"`), and hand back a [`Response`].
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub method: Method,
    /// The escaped path on the server, from its root (`/couch/team/_changes`).
    pub path: String,
    /// Query parameters, unescaped.
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
}

impl Request {
    fn new(method: Method, path: String) -> Request {
        Request {
            method,
            path,
            query: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn with_query(mut self, name: &str, value: impl Into<String>) -> Request {
        self.query.push((name.to_owned(), value.into()));
        self
    }

    pub(crate) fn with_body(mut self, body: Value) -> Request {
        self.body = Some(body);
        self
    }

    /// The path with its escaped query: what goes after the origin in the URL.
    pub fn target(&self) -> String {
        let mut target = self.path.clone();
        for (index, (name, value)) in self.query.iter().enumerate() {
            target.push(if index == 0 { '?' } else { '&' });
            target.push_str(&escape(name));
            target.push('=');
            target.push_str(&escape(value));
        }
        target
    }
}

/// What the server answered: the status and the body as text (JSON or not; the plan judges).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

impl Response {
    pub fn new(status: u16, body: impl Into<String>) -> Response {
        Response {
            status,
            body: body.into(),
        }
    }
}

/// The request that signs `name` in (`POST /_session`). The server answers with its session
/// cookie, which the browser keeps; the password is in this request only, never stored.
pub fn sign_in(remote: &Remote, name: &str, password: &str) -> Request {
    remote
        .server_request(Method::Post, "_session")
        .with_body(serde_json::json!({ "name": name, "password": password }))
}

/// The request that ends the session (`DELETE /_session`).
pub fn sign_out(remote: &Remote) -> Request {
    remote.server_request(Method::Delete, "_session")
}

/// The name the server signed in, from its answer to [`sign_in`].
pub fn signed_in(response: &Response) -> Result<String, SyncError> {
    let value = super::errors::check(response, "signing in", None, "")?;
    value
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| super::errors::unexpected("signing in", &response.body))
}
