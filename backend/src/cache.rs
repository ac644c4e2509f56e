//! Public reads answered from memory, and `ETag` / `304 Not Modified` on every JSON read.
//!
//! Most traffic is visitors reading the same lists and pages. A visitor's request (no
//! `Authorization` header, no session cookie) for a public read is answered from a copy
//! of the last answer when the copy is younger than `COCREA_READ_CACHE_MS` (1 s by
//! default, 0 turns caching off) **and** nothing was written through this instance since
//! it was made: every state-changing request bumps a generation number that every copy
//! carries. One instance therefore never serves stale data; with several instances behind
//! a load balancer, a write on another instance (or a background job, or a `cocrea`
//! command) shows up here within the lifetime of a copy.
//!
//! Signed-in requests are never answered from the cache: their pages carry their own
//! votes and rights. They still get an `ETag`, so a client that sends it back in
//! `If-None-Match` gets an empty `304` when its page did not change.

use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Reads a visitor may get from the cache: public lists and pages, never personal ones.
const PUBLIC_READS: [&str; 6] = [
    "/api/v1/ideas",
    "/api/v1/questions",
    "/api/v1/themes",
    "/api/v1/follow-ups",
    "/api/v1/stats",
    "/api/v1/people/",
];

/// Copies of public answers, keyed by path and query.
pub struct ReadCache {
    lifetime: Duration,
    max_bytes: usize,
    generation: AtomicU64,
    copies: Mutex<Copies>,
}

#[derive(Default)]
struct Copies {
    by_key: HashMap<String, Copy>,
    bytes: usize,
}

#[derive(Clone)]
struct Copy {
    made: Instant,
    generation: u64,
    etag: HeaderValue,
    body: web::Bytes,
}

impl ReadCache {
    /// A cache whose copies live `lifetime` (zero: nothing is kept) and hold at most
    /// `max_bytes` of bodies together.
    pub fn new(lifetime: Duration, max_bytes: usize) -> ReadCache {
        ReadCache {
            lifetime,
            max_bytes,
            generation: AtomicU64::new(0),
            copies: Mutex::new(Copies::default()),
        }
    }

    /// Something may have changed: every copy made before is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn get(&self, key: &str) -> Option<Copy> {
        let copies = self.copies.lock().unwrap_or_else(|e| e.into_inner());
        copies
            .by_key
            .get(key)
            .filter(|c| c.generation == self.generation() && c.made.elapsed() < self.lifetime)
            .cloned()
    }

    fn put(&self, key: String, copy: Copy) {
        let size = key.len() + copy.body.len();
        if self.lifetime.is_zero() || size > self.max_bytes / 4 {
            return;
        }
        let mut copies = self.copies.lock().unwrap_or_else(|e| e.into_inner());
        if copies.bytes + size > self.max_bytes {
            // Full: drop what is stale; if that is not enough, start over.
            let (generation, lifetime) = (self.generation(), self.lifetime);
            copies
                .by_key
                .retain(|_, c| c.generation == generation && c.made.elapsed() < lifetime);
            copies.bytes = copies
                .by_key
                .iter()
                .map(|(k, c)| k.len() + c.body.len())
                .sum();
            if copies.bytes + size > self.max_bytes {
                copies.by_key.clear();
                copies.bytes = 0;
            }
        }
        let key_len = key.len();
        if let Some(old) = copies.by_key.insert(key, copy) {
            copies.bytes -= key_len + old.body.len();
        }
        copies.bytes += size;
    }
}

/// The middleware: wraps every request (see the module's documentation).
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(cache) = req.app_data::<web::Data<ReadCache>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    if !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        let response = next.call(req).await;
        cache.invalidate();
        return Ok(response?.map_into_boxed_body());
    }
    if req.method() != Method::GET || !req.path().starts_with("/api/v1/") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let key = is_public(&req).then(|| match req.query_string() {
        "" => req.path().to_owned(),
        query => format!("{}?{query}", req.path()),
    });
    if let Some(copy) = key.as_deref().and_then(|key| cache.get(key)) {
        let response = answer(req.request(), copy.etag, copy.body);
        return Ok(req.into_response(response));
    }

    let generation = cache.generation();
    let response = next.call(req).await?.map_into_boxed_body();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::OK
        || !is_json
        || response.headers().contains_key(header::CACHE_CONTROL)
    {
        return Ok(response);
    }
    let (req, response) = response.into_parts();
    let body = to_bytes(response.into_body())
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.to_string()))?;
    let etag = etag_of(&body);
    if let Some(key) = key {
        let copy = Copy {
            made: Instant::now(),
            generation,
            etag: etag.clone(),
            body: body.clone(),
        };
        cache.put(key, copy);
    }
    let response = answer(&req, etag, body);
    Ok(ServiceResponse::new(req, response))
}

/// A visitor's read of a public page: nobody's credentials in it.
fn is_public(req: &ServiceRequest) -> bool {
    let path = req.path();
    !req.headers().contains_key(header::AUTHORIZATION)
        && req.cookie(crate::auth::SESSION_COOKIE).is_none()
        && PUBLIC_READS.iter().any(|public| {
            path.strip_prefix(public).is_some_and(|rest| {
                rest.is_empty() || public.ends_with('/') || rest.starts_with('/')
            })
        })
}

/// `200` with the body, or an empty `304` when the client already holds this version.
fn answer(req: &HttpRequest, etag: HeaderValue, body: web::Bytes) -> HttpResponse {
    let unchanged = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.trim_start_matches("W/").as_bytes() == etag.as_bytes()
        });
    let mut response = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"));
    if unchanged {
        response.finish()
    } else {
        response.content_type("application/json").body(body)
    }
}

/// A strong validator: a hash of the exact bytes, the same in every instance.
fn etag_of(body: &[u8]) -> HeaderValue {
    let mut hasher = DefaultHasher::new();
    hasher.write(body);
    HeaderValue::from_str(&format!("\"{:016x}\"", hasher.finish()))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}
