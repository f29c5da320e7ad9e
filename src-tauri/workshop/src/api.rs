//! The participants' HTTP API and page (docs/workshop.md). Every route but the typed-code form
//! sits under `/w/{token}/`; a wrong token, key or code changes nothing. Bodies are capped at
//! [`BODY_MAX`] bytes; errors are JSON `{code, message, field?}` with a 4xx status.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post, put};
use axum::{Form, Json, Router};
use preflight_core::domain::workshop::VoteDraft;
use serde::{Deserialize, Serialize};
use tokio_stream::wrappers::WatchStream;
use tokio_stream::{Stream, StreamExt};
use uuid::Uuid;

use crate::live::{Live, Refusal};
use crate::page;

/// Largest request body accepted, in bytes (a vote with a 500-character note is far less).
pub const BODY_MAX: usize = 4 * 1024;
/// The header carrying a participant's key.
pub const KEY_HEADER: &str = "x-participant-key";

/// The page's own policy: scripts, styles and requests from this server only.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                   img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// A refusal as the API sends it.
#[derive(Debug, Serialize)]
struct ApiError {
    #[serde(skip)]
    status: StatusCode,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }
}

impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid(e) => ApiError {
                status: StatusCode::BAD_REQUEST,
                code: "invalid",
                message: match e.field() {
                    Some(field) => format!("{field} {}", e.message()),
                    None => e.message(),
                },
                field: e.field(),
            },
            Refusal::Forbidden(m) => ApiError::new(StatusCode::FORBIDDEN, "forbidden", m),
            Refusal::Conflict(m) => ApiError::new(StatusCode::CONFLICT, "conflict", m),
            Refusal::TooMany(m) => ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many", m),
            Refusal::Internal(e) => {
                tracing::error!(code = ?e.code(), "a workshop request failed: {e}");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "something went wrong on the facilitator's laptop",
                )
            }
        }
    }
}

impl From<preflight_core::CoreError> for ApiError {
    fn from(e: preflight_core::CoreError) -> Self {
        Refusal::from(e).into()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> Self {
        let status = if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        ApiError::new(
            status,
            "invalid",
            format!("the request is not valid: {}", r.body_text()),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        let mut response = (status, Json(self)).into_response();
        no_store(response.headers_mut());
        response
    }
}

fn no_store(headers: &mut HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    // The token is in the URL: never send it on as a referrer.
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
}

/// Checks the token in the path; a wrong one is refused the same way as an unknown page.
fn authorised(live: &Live, token: &str) -> Result<(), ApiError> {
    if live.token().matches(token) {
        // Only the room's requests keep an idle workshop alive, not strangers' guesses.
        live.touch();
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "this workshop link is not valid; ask the facilitator for the current one",
        ))
    }
}

fn participant(live: &Live, headers: &HeaderMap) -> Option<Uuid> {
    headers
        .get(KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|key| live.participant(key))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    let headers = response.headers_mut();
    no_store(headers);
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}

/// The router for `live`. The server adds the client's address as `ConnectInfo`.
pub fn router(live: Arc<Live>) -> Router {
    Router::new()
        .route("/", get(code_form))
        .route("/join", post(join_by_code))
        .route("/w/{token}/", get(page_html))
        .route("/w/{token}/page.js", get(page_js))
        .route("/w/{token}/page.css", get(page_css))
        .route("/w/{token}/api/state", get(state))
        .route("/w/{token}/api/join", post(join))
        .route("/w/{token}/api/vote", put(vote))
        .route("/w/{token}/api/events", get(events))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_MAX))
        .with_state(live)
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "there is nothing here")
}

async fn code_form() -> Response {
    asset("text/html; charset=utf-8", page::CODE_HTML)
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
}

async fn join_by_code(
    State(live): State<Arc<Live>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    form: Result<Form<CodeForm>, FormRejection>,
) -> Result<Redirect, ApiError> {
    let Ok(Form(form)) = form else {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid",
            "type the code shown on the screen",
        ));
    };
    let token = live.check_code(client.ip(), &form.code)?;
    Ok(Redirect::to(&format!("/w/{}/", token.as_str())))
}

async fn page_html(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    authorised(&live, &token)?;
    Ok(asset("text/html; charset=utf-8", page::PAGE_HTML))
}

async fn page_js(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    authorised(&live, &token)?;
    Ok(asset("text/javascript; charset=utf-8", page::PAGE_JS))
}

async fn page_css(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    authorised(&live, &token)?;
    Ok(asset("text/css; charset=utf-8", page::PAGE_CSS))
}

async fn state(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    authorised(&live, &token)?;
    let me = participant(&live, &headers);
    let view = live.participant_view(me)?;
    let mut response = Json(view).into_response();
    no_store(response.headers_mut());
    Ok(response)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JoinBody {
    name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Joined {
    participant: Uuid,
    key: String,
}

async fn join(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    body: Result<Json<JoinBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    authorised(&live, &token)?;
    let Json(body) = body?;
    let (participant, key) = live.join(client.ip(), &body.name)?;
    let mut response = (
        StatusCode::CREATED,
        Json(Joined {
            participant,
            key: key.as_str().to_owned(),
        }),
    )
        .into_response();
    no_store(response.headers_mut());
    Ok(response)
}

async fn vote(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Result<Json<VoteDraft>, JsonRejection>,
) -> Result<Response, ApiError> {
    authorised(&live, &token)?;
    let me = participant(&live, &headers).ok_or_else(|| {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "join the workshop before voting",
        )
    })?;
    let Json(draft) = body?;
    let vote = live.vote(me, &draft)?;
    let mut response = Json(VoteDraft {
        score: vote.score,
        note: vote.note,
    })
    .into_response();
    no_store(response.headers_mut());
    Ok(response)
}

async fn events(
    State(live): State<Arc<Live>>,
    Path(token): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    authorised(&live, &token)?;
    // One event per change, carrying only the change counter; the page then asks for its
    // state, so nothing about other participants ever travels on this stream. The last one
    // says "ended", since the server stops right after and the page could not ask any more.
    let ended = Arc::clone(&live);
    let stream = WatchStream::new(live.subscribe()).map(move |version| {
        let kind = if ended.has_ended() {
            "ended"
        } else {
            "changed"
        };
        // A dropped stream comes back within a second, well inside the server's linger
        // after the end (browsers wait 3 s by default).
        Ok(Event::default()
            .event(kind)
            .data(version.to_string())
            .retry(std::time::Duration::from_secs(1)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}
