//! Fuzzes the workshop server's participant API, which anyone on the network can reach: the
//! input is split into a key header and request bodies for join, vote and the typed code.
//! Whatever arrives, the answer is 2xx or 4xx (never a 5xx or a panic), a refused request
//! changes nothing, and no vote is ever stored outside 1–5 or for an unknown participant.

#![no_main]

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::connect_info::MockConnectInfo;
use axum::http::{header, Method, Request};
use libfuzzer_sys::fuzz_target;
use preflight_core::domain::framework::FOUR_PILLARS;
use preflight_core::domain::workshop::WorkshopSetup;
use preflight_core::domain::ProjectDraft;
use preflight_core::Store;
use preflight_workshop::api::{router, KEY_HEADER};
use preflight_workshop::Live;
use tower::ServiceExt;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    let store = Arc::new(Store::open_in_memory().expect("store"));
    let project = store
        .create_project(
            &ProjectDraft {
                name: "Fuzz".into(),
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
                anonymous: data.first().is_some_and(|b| b & 1 == 1),
                notes_allowed: data.first().is_some_and(|b| b & 2 == 2),
            },
        )
        .expect("workshop");
    let live = Live::new(Arc::clone(&store), w.id).expect("live");
    let app = router(Arc::clone(&live)).layer(MockConnectInfo(SocketAddr::from(([10, 0, 0, 9], 1))));
    let base = format!("/w/{}", live.token().as_str());
    let mut parts = data.split(|b| *b == 0);
    let key = parts.next().unwrap_or_default();
    let bodies: Vec<&[u8]> = parts.collect();
    runtime().block_on(async {
        let requests = [
            (Method::POST, format!("{base}/api/join"), "application/json"),
            (Method::PUT, format!("{base}/api/vote"), "application/json"),
            (Method::POST, "/join".to_owned(), "application/x-www-form-urlencoded"),
            (Method::GET, format!("{base}/api/state"), "application/json"),
        ];
        for (i, body) in bodies.iter().enumerate() {
            let (method, uri, kind) = &requests[i % requests.len()];
            let mut request = Request::builder()
                .method(method.clone())
                .uri(uri)
                .header(header::CONTENT_TYPE, *kind);
            if let Ok(k) = std::str::from_utf8(key) {
                if let Ok(value) = axum::http::HeaderValue::from_str(k) {
                    request = request.header(KEY_HEADER, value);
                }
            }
            let request = request.body(Body::from(body.to_vec())).expect("request");
            let before = store.workshop(w.id).expect("workshop");
            let response = app.clone().oneshot(request).await.expect("response");
            let status = response.status();
            assert!(!status.is_server_error(), "{status} for {uri}");
            let after = store.workshop(w.id).expect("workshop");
            if status.is_client_error() {
                assert_eq!(before.votes, after.votes, "a refused request changed the votes");
                assert_eq!(before.participants, after.participants);
            }
            for v in &after.votes {
                assert!(v.score.is_none_or(|s| (1..=5).contains(&s)));
                assert!(after.participants.iter().any(|p| p.id == v.participant));
            }
        }
    });
});
