//! Health, the OpenAPI document, the embedded web app and the headers on everything.

use crate::helpers::{assert_problem, spawn_app, spawn_app_with};
use reqwest::header;
use serde_json::Value;

#[tokio::test]
async fn health_reports_the_database() {
    let app = spawn_app().await;
    let response = app.get("/healthz").send().await.unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn the_benchmark_baseline_answers_only_when_switched_on() {
    let app = spawn_app().await;
    let off = app.get("/bench/baseline").send().await.unwrap();
    assert_eq!(off.status(), 404);
    let app = spawn_app_with(&[("COCREA_BENCH_BASELINE", "1".into())]).await;
    let on = app.get("/bench/baseline").send().await.unwrap();
    assert_eq!(on.status(), 200);
    assert_eq!(on.headers()[header::CACHE_CONTROL], "no-store");
    let body: Value = on.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn unknown_api_routes_answer_a_problem_not_the_web_app() {
    let app = spawn_app().await;
    for path in [
        "/api/nope",
        "/api/v1/nope",
        "/api/v1/ideas/does-not-exist/at/all",
    ] {
        assert_problem(app.get(path).send().await.unwrap(), 404, "not_found", path).await;
    }
}

#[tokio::test]
async fn a_known_address_with_another_method_answers_405_and_the_methods_it_takes() {
    let app = spawn_app().await;
    let cases = [
        ("DELETE", "/api/v1/me", "GET, HEAD"),
        ("TRACE", "/api/v1/ideas", "GET, HEAD, POST"),
        // The literal segment wins over `/ideas/{id}`, which takes PATCH.
        ("PATCH", "/api/v1/ideas/similar", "GET, HEAD"),
        ("POST", "/api/v1/questions/stats", "GET, HEAD"),
        ("PUT", "/api/v1/ideas/12", "GET, HEAD, PATCH, DELETE"),
        ("POST", "/healthz", "GET, HEAD"),
    ];
    for (method, path, allow) in cases {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .send()
            .await
            .unwrap();
        let allowed = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(allowed.as_deref(), Some(allow), "{method} {path}");
        assert_problem(response, 405, "method_not_allowed", path).await;
    }
    // A method the address takes, on something that does not exist, stays a 404.
    for path in [
        "/api/v1/ideas/abc",
        "/api/v1/ideas/-3",
        "/api/v1/ideas/99999999999999999999",
    ] {
        assert_problem(app.get(path).send().await.unwrap(), 404, "not_found", path).await;
    }
}

#[tokio::test]
async fn client_routes_get_the_app_shell_which_is_never_cached() {
    let app = spawn_app().await;
    // A question that does not exist answers 404, with the same app (which says so).
    for (path, status) in [
        ("/", 200),
        ("/ideas", 200),
        ("/questions/42", 404),
        ("/profile", 200),
        ("/deep/link/that/the/app/handles", 200),
    ] {
        let response = app.get(path).send().await.unwrap();
        assert_eq!(response.status(), status, "{path}");
        let headers = response.headers().clone();
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "text/html; charset=utf-8",
            "{path}"
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{path}");
        let html = response.text().await.unwrap();
        assert!(
            html.contains("<html lang=\"fr\">") && html.contains("/assets/boot-"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn pages_come_in_the_language_and_appearance_picked_in_the_apps_cookies() {
    let app = spawn_app().await;
    for (cookie, html_tag, skip_link) in [
        ("", "<html lang=\"fr\">", "Aller au contenu"),
        (
            "a=1; i18n_pref_locale=en; cocrea_appearance=dark",
            "<html lang=\"en\" data-theme=\"dark\">",
            "Skip to content",
        ),
        (
            "cocrea_appearance=light",
            "<html lang=\"fr\" data-theme=\"light\">",
            "",
        ),
        // Values the app never writes fall back to French and the system's appearance.
        (
            "i18n_pref_locale=de; cocrea_appearance=%22%3E%3Cscript%3E",
            "<html lang=\"fr\">",
            "",
        ),
    ] {
        let html = app
            .get("/")
            .header(header::COOKIE, cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains(html_tag), "{cookie:?}: {html_tag}");
        assert!(html.contains(skip_link), "{cookie:?}: {skip_link}");
        assert!(!html.contains("<script>"), "{cookie:?}");
    }
}

#[tokio::test]
async fn assets_have_hashed_names_the_right_types_and_precompressed_bodies() {
    let app = spawn_app().await;
    let html = app.get_text("/").await;
    let mut linked: Vec<String> = html
        .split('"')
        .filter(|s| s.starts_with("/assets/"))
        .map(str::to_owned)
        .collect();
    assert!(linked.len() >= 3, "css, boot script, icon: {linked:?}");
    // The boot script loads the app: its JavaScript and its wasm, by relative path.
    let boot = linked
        .iter()
        .find(|path| path.starts_with("/assets/boot-"))
        .cloned()
        .unwrap();
    let boot = app.get_text(&boot).await;
    let loaded: Vec<String> = boot
        .split('\'')
        .filter_map(|s| s.strip_prefix("./"))
        .map(|name| format!("/assets/{name}"))
        .collect();
    assert!(
        loaded.iter().any(|p| p.ends_with(".js")) && loaded.iter().any(|p| p.ends_with(".wasm")),
        "the boot script loads the app: {boot}"
    );
    linked.extend(loaded);

    let plain = reqwest::Client::builder()
        .no_brotli()
        .no_gzip()
        .build()
        .unwrap();
    for path in &linked {
        let expected = match path.rsplit('.').next() {
            Some("wasm") => "application/wasm",
            Some("js") => "text/javascript; charset=utf-8",
            Some("css") => "text/css; charset=utf-8",
            Some("svg") => "image/svg+xml",
            other => panic!("unexpected asset {other:?}"),
        };
        for (accept, encoding) in [
            ("br, gzip", Some("br")),
            ("gzip", Some("gzip")),
            ("identity", None),
        ] {
            let response = plain
                .get(app.url(path))
                .header(header::ACCEPT_ENCODING, accept)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200, "{path}");
            let headers = response.headers();
            assert_eq!(headers[header::CONTENT_TYPE], expected, "{path}");
            assert_eq!(
                headers[header::CACHE_CONTROL],
                "public, max-age=31536000, immutable",
                "{path}"
            );
            assert_eq!(
                headers
                    .get(header::CONTENT_ENCODING)
                    .and_then(|v| v.to_str().ok()),
                encoding,
                "{path} with Accept-Encoding: {accept}"
            );
        }
    }
    assert_problem(
        app.get("/assets/missing-0000.js").send().await.unwrap(),
        404,
        "not_found",
        "missing asset",
    )
    .await;
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/me", "/healthz", "/api/nope"] {
        let response = app.get(path).send().await.unwrap();
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(
            csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline")
                && !csp.contains("'unsafe-eval'"),
            "{path}: {csp}"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
    }
}

/// The document as it stood when it was last reviewed. A change to the API's shape, even
/// a reworded description, fails here until someone looks at the difference and writes
/// the new document with `COCREA_BLESS=1 cargo test -p backend --test api openapi_document`.
#[tokio::test]
async fn the_openapi_document_is_the_reviewed_one() {
    let app = spawn_app().await;
    let spec = app.get_json("/api/openapi.json").await;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/data/openapi.json");
    let written = serde_json::to_string_pretty(&spec).expect("json") + "\n";
    if std::env::var_os("COCREA_BLESS").is_some() {
        std::fs::write(&path, &written).expect("write the snapshot");
    }
    let reviewed: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("the snapshot")).expect("json");
    assert!(
        spec == reviewed,
        "/api/openapi.json differs from {}: review the change, then bless it",
        path.display()
    );
}

#[tokio::test]
async fn the_openapi_document_describes_every_route() {
    let app = spawn_app().await;
    let spec = app.get_json("/api/openapi.json").await;
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
    );
    let paths = spec["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/v1/auth/signup", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/token", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/me/password", "post"),
        ("/api/v1/themes", "get"),
        ("/healthz", "get"),
        ("/api/openapi.json", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is missing"
        );
    }
    // Errors are documented with the media type the server sends them with.
    let not_found = &paths["/api/v1/ideas/{id}"]["get"]["responses"]["404"]["content"];
    assert!(
        not_found.get("application/problem+json").is_some(),
        "{not_found}"
    );
    let found = &paths["/api/v1/ideas/{id}"]["get"]["responses"]["200"]["content"];
    assert!(found.get("application/json").is_some(), "{found}");
    for schema in [
        "Signup",
        "Credentials",
        "Me",
        "Problem",
        "TokenView",
        "ThemeView",
        "Role",
    ] {
        assert!(
            spec["components"]["schemas"].get(schema).is_some(),
            "schema {schema} is missing"
        );
    }
}

/// The document's lengths are literals (utoipa takes no constants there): each must be
/// the bound the server enforces, or schemathesis would send text the document allows
/// and the server refuses, or the other way round.
#[tokio::test]
async fn the_documented_lengths_are_the_enforced_ones() {
    let app = spawn_app().await;
    let spec = app.get_json("/api/openapi.json").await;
    let schemas = &spec["components"]["schemas"];
    let bounds: [(&str, &str, Option<usize>, usize); 27] = [
        (
            "Signup",
            "display_name",
            Some(api::DISPLAY_NAME_MIN_CHARS),
            api::DISPLAY_NAME_MAX_CHARS,
        ),
        (
            "Signup",
            "password",
            Some(api::PASSWORD_MIN_CHARS),
            api::PASSWORD_MAX_CHARS,
        ),
        (
            "ChangePassword",
            "new_password",
            Some(api::PASSWORD_MIN_CHARS),
            api::PASSWORD_MAX_CHARS,
        ),
        (
            "CreateIdea",
            "title",
            Some(api::IDEA_TITLE_MIN_CHARS),
            api::IDEA_TITLE_MAX_CHARS,
        ),
        ("CreateIdea", "body", Some(1), api::IDEA_BODY_MAX_CHARS),
        (
            "UpdateIdea",
            "title",
            Some(api::IDEA_TITLE_MIN_CHARS),
            api::IDEA_TITLE_MAX_CHARS,
        ),
        ("UpdateIdea", "body", Some(1), api::IDEA_BODY_MAX_CHARS),
        (
            "CreateComment",
            "body",
            Some(1),
            api::COMMENT_BODY_MAX_CHARS,
        ),
        (
            "UpdateComment",
            "body",
            Some(1),
            api::COMMENT_BODY_MAX_CHARS,
        ),
        ("MarkdownPreview", "body", Some(1), api::IDEA_BODY_MAX_CHARS),
        (
            "CreateQuestion",
            "title",
            Some(api::QUESTION_TITLE_MIN_CHARS),
            api::QUESTION_TITLE_MAX_CHARS,
        ),
        (
            "CreateQuestion",
            "body",
            Some(1),
            api::QUESTION_BODY_MAX_CHARS,
        ),
        (
            "UpdateQuestion",
            "title",
            Some(api::QUESTION_TITLE_MIN_CHARS),
            api::QUESTION_TITLE_MAX_CHARS,
        ),
        (
            "UpdateQuestion",
            "body",
            Some(1),
            api::QUESTION_BODY_MAX_CHARS,
        ),
        ("CreateAnswer", "body", Some(1), api::ANSWER_BODY_MAX_CHARS),
        ("UpdateAnswer", "body", Some(1), api::ANSWER_BODY_MAX_CHARS),
        (
            "ChangeStatus",
            "explanation",
            Some(1),
            api::EXPLANATION_MAX_CHARS,
        ),
        (
            "MergeIdea",
            "explanation",
            Some(1),
            api::EXPLANATION_MAX_CHARS,
        ),
        (
            "UnmergeIdea",
            "explanation",
            Some(1),
            api::EXPLANATION_MAX_CHARS,
        ),
        (
            "CreateReport",
            "details",
            None,
            api::REPORT_DETAILS_MAX_CHARS,
        ),
        (
            "ReportAccessibilityProblem",
            "page",
            Some(1),
            api::ACCESSIBILITY_PAGE_MAX_CHARS,
        ),
        (
            "ReportAccessibilityProblem",
            "description",
            Some(api::ACCESSIBILITY_DESCRIPTION_MIN_CHARS),
            api::ACCESSIBILITY_DESCRIPTION_MAX_CHARS,
        ),
        (
            "ModerationReason",
            "reason",
            Some(1),
            api::MODERATION_REASON_MAX_CHARS,
        ),
        (
            "SetLock",
            "reason",
            Some(1),
            api::MODERATION_REASON_MAX_CHARS,
        ),
        (
            "SetRole",
            "reason",
            Some(1),
            api::MODERATION_REASON_MAX_CHARS,
        ),
        (
            "SetExpertThemes",
            "reason",
            Some(1),
            api::MODERATION_REASON_MAX_CHARS,
        ),
        ("UpdateSettings", "bio", None, api::BIO_MAX_CHARS),
    ];
    for (schema, field, min, max) in bounds {
        let property = &schemas[schema]["properties"][field];
        let documented = |key: &str| property[key].as_u64().map(|n| n as usize);
        assert_eq!(documented("minLength"), min, "{schema}.{field}: {property}");
        assert_eq!(
            documented("maxLength"),
            Some(max),
            "{schema}.{field}: {property}"
        );
    }
}

#[tokio::test]
async fn hsts_is_sent_wherever_the_site_is_served_over_https_and_only_there() {
    let local = spawn_app().await;
    let response = local.get("/").send().await.unwrap();
    assert!(!response.headers().contains_key("strict-transport-security"));

    let public = spawn_app_with(&[(
        "COCREA_PUBLIC_URL",
        "https://cocrea.example.org".to_string(),
    )])
    .await;
    for path in ["/", "/api/v1/ideas", "/api/nope"] {
        let response = public.get(path).send().await.unwrap();
        let hsts = response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            hsts.starts_with("max-age=") && hsts.contains("includeSubDomains"),
            "{path}: {hsts}"
        );
        assert_eq!(response.headers()["x-frame-options"], "DENY", "{path}");
    }
}
