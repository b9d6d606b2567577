//! Why a sync stopped, in words a person can act on, and the one function that judges every
//! server answer before the plan reads it.

use serde_json::Value;

/// Why a sync could not go on. Returned as a value; nothing local has changed when it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncError {
    /// The server URL is not one Factmark can use.
    BadUrl {
        url: String,
        reason: String,
    },
    /// A plain `http://` server that is not this machine.
    InsecureUrl {
        url: String,
    },
    /// The URL carries a name or password.
    CredentialsInUrl,
    BadDatabaseName {
        name: String,
    },
    /// No answer at all (offline, wrong address, server down, CORS refused).
    Unreachable,
    /// The server refused the name and password.
    WrongPassword,
    /// The app believed it was signed in, but the server no longer knows the session.
    SessionEnded,
    /// The database needs a signed-in member and nobody is signed in.
    SignInNeeded {
        database: String,
    },
    /// Signed in, but not one of the database's members.
    NotMember {
        database: String,
    },
    NoDatabase {
        database: String,
    },
    /// 413: one article is larger than the server accepts in a request.
    TooLarge {
        article: Option<String>,
    },
    /// The server refused to store a document (its `validate_doc_update`, a read-only member).
    Refused {
        id: String,
        reason: String,
    },
    /// The server failed (5xx).
    Server {
        status: u16,
        reason: String,
    },
    /// An answer that is not what CouchDB's protocol says: an HTML page from a proxy, other
    /// JSON, a cut-off body.
    Unexpected {
        during: String,
        found: String,
    },
}

impl std::fmt::Display for SyncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SyncError::BadUrl { url, reason } => {
                write!(f, "“{url}” is not a server address Factmark can use: {reason}.")
            }
            SyncError::InsecureUrl { url } => write!(
                f,
                "“{url}” uses plain http, which would send your password and verdicts readable by anyone \
                 on the network. Use an https:// address (plain http is allowed only for a server on this \
                 machine: localhost, 127.0.0.1 or [::1])."
            ),
            SyncError::CredentialsInUrl => write!(
                f,
                "Leave the user name and password out of the server address; sign in with them instead \
                 (Factmark never stores a password)."
            ),
            SyncError::BadDatabaseName { name } => write!(
                f,
                "“{name}” is not a CouchDB database name: it starts with a lower-case letter and holds \
                 lower-case letters, digits and _ $ ( ) + - / only."
            ),
            SyncError::Unreachable => write!(
                f,
                "The server is unreachable: your work is kept here and will sync later."
            ),
            SyncError::WrongPassword => write!(
                f,
                "The server refused the password: check the user name and password and sign in again."
            ),
            SyncError::SessionEnded => write!(
                f,
                "Your session on the server has ended: sign in again. Your work is kept here."
            ),
            SyncError::SignInNeeded { database } => write!(
                f,
                "The database “{database}” is only for its members: sign in to sync."
            ),
            SyncError::NotMember { database } => write!(
                f,
                "You are not a member of this database (“{database}”): ask its administrator to add you. \
                 Your work is kept here."
            ),
            SyncError::NoDatabase { database } => write!(
                f,
                "The server has no database “{database}”: check its name, or ask the administrator to \
                 create it (Factmark never asks for admin rights)."
            ),
            SyncError::TooLarge { article: Some(id) } => write!(
                f,
                "The server refused article {id} as too large for one request; raise its \
                 max_http_request_size, or split the article. Everything else synced."
            ),
            SyncError::TooLarge { article: None } => write!(
                f,
                "The server refused a request as too large; raise its max_http_request_size."
            ),
            SyncError::Refused { id, reason } => {
                write!(f, "The server refused to store {id}: {reason}.")
            }
            SyncError::Server { status, reason } => write!(
                f,
                "The server failed (HTTP {status}: {reason}); your work is kept here, try again later."
            ),
            SyncError::Unexpected { during, found } => write!(
                f,
                "The server's answer while {during} is not a CouchDB answer ({found}); check the server \
                 address. Nothing was changed here."
            ),
        }
    }
}

impl std::error::Error for SyncError {}

/// The first few characters of an answer, to show what came instead.
fn glimpse(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        "an empty answer".to_owned()
    } else {
        format!("it began “{}”", crate::model::shorten(&flat, 60))
    }
}

pub(crate) fn unexpected(during: &str, body: &str) -> SyncError {
    SyncError::Unexpected {
        during: during.to_owned(),
        found: glimpse(body),
    }
}

/// Judges a server answer: a 2xx JSON body comes back parsed; anything else becomes the
/// [`SyncError`] that says why. `user` is who the app signed in (for 401 and 403).
pub(crate) fn check(
    response: &super::Response,
    during: &str,
    user: Option<&str>,
    database: &str,
) -> Result<Value, SyncError> {
    let parsed: Option<Value> = serde_json::from_str(&response.body).ok();
    if (200..300).contains(&response.status) {
        return match parsed {
            Some(value @ (Value::Object(_) | Value::Array(_))) => Ok(value),
            _ => Err(unexpected(during, &response.body)),
        };
    }
    let field = |name: &str| {
        parsed
            .as_ref()
            .and_then(|value| value.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let (error, reason) = (field("error"), field("reason"));
    // Anything that is not CouchDB's `{"error", "reason"}` (a proxy's HTML page, a captive portal)
    // is reported as such, whatever its status: its status says nothing about the database.
    let Some(error) = error else {
        return Err(match response.status {
            413 => SyncError::TooLarge { article: None },
            _ => unexpected(during, &response.body),
        });
    };
    let reason = reason.unwrap_or_default();
    let database = database.to_owned();
    Err(match response.status {
        401 if reason.contains("Name or password is incorrect") => SyncError::WrongPassword,
        // CouchDB answers 403 to a signed-in non-member; PouchDB Server answers 401 to both.
        401 | 403 if error == "unauthorized" || error == "forbidden" => match user {
            Some(_) => SyncError::NotMember { database },
            None => SyncError::SignInNeeded { database },
        },
        404 => SyncError::NoDatabase { database },
        413 => SyncError::TooLarge { article: None },
        status @ 500..=599 => SyncError::Server { status, reason },
        _ => SyncError::Unexpected {
            during: during.to_owned(),
            found: format!("HTTP {}: {error}, {reason}", response.status),
        },
    })
}
