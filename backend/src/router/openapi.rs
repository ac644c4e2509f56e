//! `GET /api/openapi.json`: the API described from the code itself.

use std::sync::LazyLock;

use actix_web::{App, HttpResponse, get};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Cocrea API",
        version = "1",
        description = "A bank's co-creation community: ideas, questions to experts, votes and public follow-up."
    ),
    components(schemas(
        api::Problem,
        api::FieldIssue,
        api::Role,
        api::IdeaStatus,
        api::IdeaSort,
        api::Badge,
        api::QuestionSort,
        api::NotificationKind,
        api::Delivery,
        api::FollowTarget,
        api::TargetType,
        api::ReportReason,
        api::AuditAction
    ))
)]
pub struct ApiDoc;

/// Every operation of the document, whatever its method.
fn operations(openapi: &mut utoipa::openapi::OpenApi) -> impl Iterator<Item = &mut Operation> {
    openapi.paths.paths.values_mut().flat_map(|item| {
        [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
    })
}

/// The answers routes share, documented once here from what each route takes rather than
/// copied onto every annotation:
/// - a route that requires a session (its `security` has no empty alternative) answers
///   401 to nobody signed in, and if it changes something, 403 to a cross-site request
///   made with the cookie (`platform::auth`'s extractors);
/// - a route with a JSON body (and no other) answers 415 to another media type and 400 to a body that
///   does not parse (`platform::error::extract`); one with parameters, 400 to parameters
///   that do not parse (`?limit=abc`).
///
/// A route whose annotation says more (403 "not a moderator", 400 "unknown status")
/// keeps its own words.
struct SharedResponses;

impl Modify for SharedResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                (true, &mut item.get),
                (false, &mut item.put),
                (false, &mut item.post),
                (false, &mut item.delete),
                (false, &mut item.patch),
            ];
            for (safe, operation) in operations {
                let Some(operation) = operation else {
                    continue;
                };
                let signed_in = operation.security.as_ref().is_some_and(|alternatives| {
                    !alternatives.is_empty()
                        && alternatives.iter().all(|requirement| {
                            serde_json::to_value(requirement)
                                .is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
                        })
                });
                // A route that takes only JSON refuses other media types.
                let json_body = operation.request_body.as_ref().is_some_and(|body| {
                    body.content.len() == 1 && body.content.contains_key("application/json")
                });
                let has_parameters = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
                let mut shared = Vec::new();
                if signed_in {
                    shared.push(("401", "Not signed in"));
                    if !safe {
                        shared.push(("403", "Cross-site request"));
                    }
                }
                if json_body {
                    shared.push(("415", "Not JSON"));
                    shared.push(("400", "Malformed body"));
                } else if operation.request_body.is_some() || has_parameters {
                    shared.push(("400", "Malformed parameters or body"));
                }
                for (status, description) in shared {
                    operation
                        .responses
                        .responses
                        .entry(status.into())
                        .or_insert_with(|| problem(description));
                }
            }
        }
    }
}

/// A response carrying a problem document.
fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem")))),
        )
        .build()
        .into()
}

/// Errors travel as `application/problem+json` (RFC 9457), which is what the server
/// sends: the annotations say `body = Problem` once, and this names the media type.
struct ProblemJson;

impl Modify for ProblemJson {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for operation in operations(openapi) {
            for response in operation.responses.responses.values_mut() {
                let RefOr::T(response) = response else {
                    continue;
                };
                let is_problem = |content: &Content| matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"));
                if let Some(content) = response.content.shift_remove("application/json") {
                    let media_type = if is_problem(&content) {
                        "application/problem+json"
                    } else {
                        "application/json"
                    };
                    response.content.insert(media_type.into(), content);
                }
            }
        }
    }
}

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                crate::platform::auth::caller::SESSION_COOKIE,
            ))),
        );
    }
}

/// This document.
#[utoipa::path(tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
#[get("/openapi.json")]
pub async fn spec() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

/// The document: what `ApiDoc` says of the whole API, every path the router registers,
/// and the responses every route shares (see the modifiers below).
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: LazyLock<utoipa::openapi::OpenApi> = LazyLock::new(|| {
        let (_, mut openapi) = App::new()
            .into_utoipa_app()
            .openapi(ApiDoc::openapi())
            .configure(super::api)
            .split_for_parts();
        for modifier in [&Security as &dyn Modify, &SharedResponses, &ProblemJson] {
            modifier.modify(&mut openapi);
        }
        openapi
    });
    &DOCUMENT
}

/// The methods the document lists for a request path, as an `Allow` header value, or
/// `None` when no documented path matches. Where a literal segment and a parameter both
/// match (`/ideas/similar` and `/ideas/{id}`), the template with more literal segments
/// wins, as it does in the router.
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    static TABLE: LazyLock<Vec<(Vec<String>, String)>> = LazyLock::new(|| {
        document()
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, listed)| listed.then_some(method))
                .collect::<Vec<_>>()
                .join(", ");
                (template.split('/').map(str::to_owned).collect(), methods)
            })
            .collect()
    });
    let segments: Vec<&str> = path.split('/').collect();
    TABLE
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with('{') || t == s)
        })
        .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
        .map(|(_, methods)| methods.as_str())
}
