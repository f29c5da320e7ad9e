//! The participants' API through `tower::ServiceExt::oneshot`: the token, the key and the code
//! guard every route, bad input is refused with its field and changes nothing, and the limits
//! hold.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use preflight_core::domain::framework::FOUR_PILLARS;
use preflight_core::domain::workshop::WorkshopSetup;
use preflight_core::domain::ProjectDraft;
use preflight_core::Store;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::api::{router, BODY_MAX, KEY_HEADER};
use crate::live::{Live, CODE_ATTEMPTS_PER_MINUTE, VOTES_PER_MINUTE};

struct Room {
    store: Arc<Store>,
    live: Arc<Live>,
    app: Router,
}

fn room(notes_allowed: bool) -> Room {
    let store = Arc::new(Store::open_in_memory().expect("store"));
    let project = store
        .create_project(
            &ProjectDraft {
                name: "Atlas".into(),
                ..ProjectDraft::default()
            },
            FOUR_PILLARS,
        )
        .expect("project");
    let w = store
        .start_workshop(
            project.id,
            &WorkshopSetup {
                pillars: Vec::new(),
                anonymous: false,
                notes_allowed,
            },
        )
        .expect("workshop");
    let live = Live::new(Arc::clone(&store), w.id).expect("live");
    let app =
        router(Arc::clone(&live)).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 5], 40_000))));
    Room { store, live, app }
}

impl Room {
    fn base(&self) -> String {
        format!("/w/{}", self.live.token().as_str())
    }

    async fn send(
        &self,
        method: Method,
        uri: &str,
        key: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(k) = key {
            request = request.header(KEY_HEADER, k);
        }
        let request = match body {
            Some(b) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => request.body(Body::empty()),
        }
        .expect("request");
        let response = self.app.clone().oneshot(request).await.expect("response");
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    async fn join(&self, name: &str) -> String {
        let (status, joined) = self
            .send(
                Method::POST,
                &format!("{}/api/join", self.base()),
                None,
                Some(json!({ "name": name })),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{joined}");
        joined["key"].as_str().expect("key").to_owned()
    }

    fn votes(&self) -> usize {
        self.store
            .workshop(self.live.id())
            .expect("workshop")
            .votes
            .len()
    }
}

#[tokio::test]
async fn a_wrong_token_finds_nothing_and_the_page_has_its_own_policy() {
    let room = room(true);
    let wrong = format!("/w/{}/", "0".repeat(32));
    for uri in [
        wrong.as_str(),
        "/w/short/",
        "/w//api/state",
        "/etc/passwd",
        "/w/",
    ] {
        let response = room
            .app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
    }
    let (status, _) = room
        .send(
            Method::POST,
            &format!("/w/{}/api/join", "f".repeat(32)),
            None,
            Some(json!({ "name": "Eve" })),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(room
        .store
        .workshop(room.live.id())
        .expect("w")
        .participants
        .is_empty());

    let response = room
        .app
        .clone()
        .oneshot(
            Request::get(format!("{}/", room.base()))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp");
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn a_participant_sees_the_pillar_and_their_own_vote_only() {
    let room = room(true);
    let zoe = room.join("Zoë").await;
    let sam = room.join("Sam").await;
    let vote = format!("{}/api/vote", room.base());
    let (status, _) = room
        .send(
            Method::PUT,
            &vote,
            Some(&zoe),
            Some(json!({ "score": 2, "note": "no restore test" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = room
        .send(
            Method::PUT,
            &vote,
            Some(&sam),
            Some(json!({ "score": null })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "don't know");

    let (status, view) = room
        .send(
            Method::GET,
            &format!("{}/api/state", room.base()),
            Some(&sam),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["name"], "Sam");
    assert_eq!(view["pillar"]["position"], 1);
    assert_eq!(view["levels"].as_array().map(Vec::len), Some(5));
    assert_eq!(view["myVote"]["score"], Value::Null);
    let text = view.to_string();
    assert!(
        !text.contains("no restore test"),
        "another's note never reaches a phone: {text}"
    );
    assert!(!text.contains("Zoë"), "nor another's name");
    assert!(!text.contains("Atlas"), "nor the project");

    // The facilitator sees who voted, not how, until the reveal.
    let before = room.live.facilitator_view().expect("view");
    assert_eq!((before.voted, before.voters.len()), (2, 2));
    assert!(before.distribution.is_none() && before.revealed.is_empty());
    room.live.reveal().expect("reveal");
    let after = room.live.facilitator_view().expect("view");
    assert_eq!(after.distribution.expect("spread").dont_know, 1);
    let (status, refused) = room
        .send(Method::PUT, &vote, Some(&zoe), Some(json!({ "score": 3 })))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
}

#[tokio::test]
async fn bad_votes_are_refused_with_their_field_and_change_nothing() {
    let room = room(false);
    let key = room.join("Zoë").await;
    let vote = format!("{}/api/vote", room.base());
    let cases = [
        (
            json!({ "score": 6 }),
            StatusCode::BAD_REQUEST,
            Some("score"),
        ),
        (
            json!({ "score": 3, "note": "notes are off" }),
            StatusCode::BAD_REQUEST,
            Some("note"),
        ),
        (
            json!({ "score": 3, "extra": 1 }),
            StatusCode::BAD_REQUEST,
            None,
        ),
        (json!({ "score": "high" }), StatusCode::BAD_REQUEST, None),
    ];
    for (body, status, field) in cases {
        let (got, error) = room
            .send(Method::PUT, &vote, Some(&key), Some(body.clone()))
            .await;
        assert_eq!(got, status, "{body}: {error}");
        assert_eq!(error["field"].as_str(), field, "{body}: {error}");
        assert!(!error["message"].as_str().unwrap_or_default().is_empty());
    }
    let (got, _) = room
        .send(Method::PUT, &vote, None, Some(json!({ "score": 3 })))
        .await;
    assert_eq!(got, StatusCode::FORBIDDEN, "no key");
    let (got, _) = room
        .send(
            Method::PUT,
            &vote,
            Some(&"a".repeat(32)),
            Some(json!({ "score": 3 })),
        )
        .await;
    assert_eq!(got, StatusCode::FORBIDDEN, "a key nobody holds");
    let big = json!({ "score": 3, "note": "x".repeat(BODY_MAX) });
    let (got, _) = room.send(Method::PUT, &vote, Some(&key), Some(big)).await;
    assert_eq!(got, StatusCode::PAYLOAD_TOO_LARGE);
    let (got, _) = room
        .send(
            Method::POST,
            &format!("{}/api/join", room.base()),
            None,
            Some(json!({ "name": "n".repeat(61) })),
        )
        .await;
    assert_eq!(got, StatusCode::BAD_REQUEST);
    assert_eq!(room.votes(), 0, "nothing was written");
    assert_eq!(
        room.store
            .workshop(room.live.id())
            .expect("w")
            .participants
            .len(),
        1
    );
}

#[tokio::test]
async fn votes_are_rate_limited_per_participant() {
    let room = room(false);
    let key = room.join("Zoë").await;
    let vote = format!("{}/api/vote", room.base());
    for i in 0..VOTES_PER_MINUTE {
        let score = u8::try_from(i % 5 + 1).unwrap_or(1);
        let (got, _) = room
            .send(
                Method::PUT,
                &vote,
                Some(&key),
                Some(json!({ "score": score })),
            )
            .await;
        assert_eq!(got, StatusCode::OK);
    }
    let (got, error) = room
        .send(Method::PUT, &vote, Some(&key), Some(json!({ "score": 1 })))
        .await;
    assert_eq!(got, StatusCode::TOO_MANY_REQUESTS, "{error}");
}

async fn type_code(room: &Room, code: &str) -> (StatusCode, Option<String>) {
    let request = Request::post("/join")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("code={code}")))
        .expect("request");
    let response = room.app.clone().oneshot(request).await.expect("response");
    let location = response
        .headers()
        .get(header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    (response.status(), location)
}

#[tokio::test]
async fn the_typed_code_leads_to_the_page_is_rate_limited_and_can_be_locked() {
    let room = room(false);
    let code = room.live.code().to_lowercase();
    let (status, location) = type_code(&room, &code).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, Some(format!("{}/", room.base())));

    room.live.lock(true).expect("lock");
    let (status, _) = type_code(&room, &code).await;
    assert_eq!(status, StatusCode::CONFLICT, "locked");
    let (status, _) = room
        .send(
            Method::POST,
            &format!("{}/api/join", room.base()),
            None,
            Some(json!({ "name": "Late" })),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "joining by link is locked too"
    );
    room.live.lock(false).expect("unlock");

    // Wrong guesses use up the address's tries; then even the right code waits.
    // Two tries are used above (the right code, then the locked one).
    for _ in 0..(CODE_ATTEMPTS_PER_MINUTE - 2) {
        let (status, _) = type_code(&room, "WRONG9").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let (status, _) = type_code(&room, &code).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_event_stream_needs_the_token_and_is_server_sent_events() {
    let room = room(false);
    let response = room
        .app
        .clone()
        .oneshot(
            Request::get(format!("{}/api/events", room.base()))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let response = room
        .app
        .clone()
        .oneshot(
            Request::get(format!("/w/{}/api/events", "1".repeat(32)))
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn strangers_guessing_do_not_keep_an_idle_workshop_alive() {
    let room = room(false);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let idle = room.live.idle_for();
    for uri in [
        format!("/w/{}/api/state", "0".repeat(32)),
        "/nothing".to_owned(),
    ] {
        room.app
            .clone()
            .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
            .await
            .expect("response");
    }
    assert!(
        room.live.idle_for() >= idle,
        "wrong tokens did not count as activity"
    );
    room.send(
        Method::GET,
        &format!("{}/api/state", room.base()),
        None,
        None,
    )
    .await;
    assert!(room.live.idle_for() < idle, "the room's own request does");
}
