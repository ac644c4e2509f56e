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
//! Signed-in requests are never answered from these copies: their pages carry their own
//! votes and rights. The features answer them from the part of the page everyone sees,
//! kept here under the same two rules (`shared`), with the viewer's own state (their
//! votes, what they follow) laid over it, kept per person (`viewers`). They also get an
//! `ETag`, so a client that sends it back in `If-None-Match` gets an empty `304` when its
//! page did not change.

use crate::platform::error::ApiResult;
use crate::platform::viewers::Viewers;
use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::hash::{DefaultHasher, Hasher};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::watch;

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
    shared: Mutex<SharedValues>,
    /// Each signed-in person's own part of their pages.
    pub viewers: Viewers,
}

/// How many values `shared` keeps at most.
const SHARED_MAX: usize = 20_000;

type AnyValue = Arc<dyn Any + Send + Sync>;

#[derive(Default)]
struct SharedValues {
    by_key: HashMap<String, Shared>,
    /// Values being computed since the last write: who asks meanwhile waits for them.
    filling: HashMap<String, SharedFilling>,
}

/// A value computed for everyone, and when.
struct Shared {
    made: Instant,
    generation: u64,
    value: AnyValue,
}

struct SharedFilling {
    generation: u64,
    done: watch::Receiver<Option<AnyValue>>,
}

/// What a read of a shared value finds.
enum SharedLookup {
    Hit(AnyValue),
    Wait(watch::Receiver<Option<AnyValue>>),
    /// Nobody computes it: compute it and hand it to the waiters through this.
    Miss(watch::Sender<Option<AnyValue>>),
}

#[derive(Default)]
struct Copies {
    by_key: HashMap<String, Copy>,
    /// Answers being computed: who asks for the same key meanwhile waits for it instead
    /// of computing it again (64 visitors arriving as a copy expires make one query).
    filling: HashMap<String, Filling>,
    bytes: usize,
}

#[derive(Clone)]
struct Copy {
    made: Instant,
    generation: u64,
    etag: HeaderValue,
    body: web::Bytes,
}

struct Filling {
    generation: u64,
    done: watch::Receiver<Option<Copy>>,
}

/// What a visitor's read finds.
enum Lookup {
    /// A fresh copy.
    Hit(Copy),
    /// Someone is computing it since the last write: their answer will do.
    Wait(watch::Receiver<Option<Copy>>),
    /// Nobody: compute it, then `fill` it.
    Miss(Fill),
}

/// The duty of computing one key's answer. Dropped without `fill` (an error, a refusal,
/// a client gone), it lets its waiters compute their own.
struct Fill {
    key: String,
    generation: u64,
    done: watch::Sender<Option<Copy>>,
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
            shared: Mutex::new(SharedValues::default()),
            viewers: Viewers::new(!lifetime.is_zero()),
        }
    }

    /// The value everyone gets under `key`: a copy younger than the lifetime and made since
    /// the last write through this instance, or else what `compute` gives (an error is
    /// never kept). Who asks while it is being computed waits for that computation rather
    /// than start another (if it fails, each computes their own). A value computed while a
    /// write happened is handed to its waiters, not kept.
    pub async fn shared<T: Send + Sync + 'static>(
        &self,
        key: String,
        compute: impl Future<Output = ApiResult<T>>,
    ) -> ApiResult<Arc<T>> {
        if self.lifetime.is_zero() {
            return compute.await.map(Arc::new);
        }
        let generation = self.generation();
        let done = match self.shared_lookup(&key, generation) {
            SharedLookup::Hit(value) => match value.downcast::<T>() {
                Ok(value) => return Ok(value),
                Err(_) => None,
            },
            SharedLookup::Wait(mut done) => {
                let computed = done
                    .wait_for(Option::is_some)
                    .await
                    .ok()
                    .and_then(|v| v.clone());
                if let Some(value) = computed.and_then(|v| v.downcast::<T>().ok()) {
                    return Ok(value);
                }
                None
            }
            SharedLookup::Miss(done) => Some(done),
        };
        // On an error, `done` is dropped here: the waiters compute their own.
        let value = Arc::new(compute.await?);
        let mut shared = self.shared_values();
        if let Some(done) = done {
            if shared
                .filling
                .get(&key)
                .is_some_and(|f| f.done.same_channel(&done.subscribe()))
            {
                shared.filling.remove(&key);
            }
            done.send_replace(Some(value.clone()));
        }
        if shared.by_key.len() >= SHARED_MAX {
            let (now, lifetime) = (self.generation(), self.lifetime);
            shared
                .by_key
                .retain(|_, s| s.generation == now && s.made.elapsed() < lifetime);
            if shared.by_key.len() >= SHARED_MAX {
                shared.by_key.clear();
            }
        }
        let kept = Shared {
            made: Instant::now(),
            generation,
            value: value.clone(),
        };
        shared.by_key.insert(key, kept);
        Ok(value)
    }

    fn shared_lookup(&self, key: &str, generation: u64) -> SharedLookup {
        let mut shared = self.shared_values();
        if let Some(found) = shared
            .by_key
            .get(key)
            .filter(|s| s.generation == generation && s.made.elapsed() < self.lifetime)
        {
            return SharedLookup::Hit(found.value.clone());
        }
        if let Some(filling) = shared.filling.get(key)
            && filling.generation == generation
            && filling.done.has_changed().is_ok()
        {
            return SharedLookup::Wait(filling.done.clone());
        }
        if shared.filling.len() >= 4096 {
            // Computations whose request was dropped midway: forget them.
            shared.filling.retain(|_, f| f.done.has_changed().is_ok());
        }
        let (done, receiver) = watch::channel(None);
        let filling = SharedFilling {
            generation,
            done: receiver,
        };
        shared.filling.insert(key.to_owned(), filling);
        SharedLookup::Miss(done)
    }

    fn shared_values(&self) -> std::sync::MutexGuard<'_, SharedValues> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Something may have changed: every copy made before is stale.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    fn copies(&self) -> std::sync::MutexGuard<'_, Copies> {
        self.copies.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn lookup(&self, key: &str) -> Lookup {
        let generation = self.generation();
        let mut copies = self.copies();
        if let Some(copy) = copies
            .by_key
            .get(key)
            .filter(|c| c.generation == generation && c.made.elapsed() < self.lifetime)
        {
            return Lookup::Hit(copy.clone());
        }
        if let Some(filling) = copies.filling.get(key)
            && filling.generation == generation
            && filling.done.has_changed().is_ok()
        {
            return Lookup::Wait(filling.done.clone());
        }
        if copies.filling.len() >= 4096 {
            // Fills whose request was dropped midway: forget them.
            copies.filling.retain(|_, f| f.done.has_changed().is_ok());
        }
        let (done, receiver) = watch::channel(None);
        let filling = Filling {
            generation,
            done: receiver,
        };
        copies.filling.insert(key.to_owned(), filling);
        Lookup::Miss(Fill {
            key: key.to_owned(),
            generation,
            done,
        })
    }

    /// Stores the answer `fill` computed and hands it to whoever waits for it.
    fn fill(&self, fill: Fill, etag: HeaderValue, body: web::Bytes) {
        let copy = Copy {
            made: Instant::now(),
            generation: fill.generation,
            etag,
            body,
        };
        let size = fill.key.len() + copy.body.len();
        let mut copies = self.copies();
        if copies
            .filling
            .get(&fill.key)
            .is_some_and(|f| f.done.same_channel(&fill.done.subscribe()))
        {
            copies.filling.remove(&fill.key);
        }
        fill.done.send_replace(Some(copy.clone()));
        if size > self.max_bytes / 4 {
            return;
        }
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
        let key_len = fill.key.len();
        if let Some(old) = copies.by_key.insert(fill.key, copy) {
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
    let mut fill = None;
    if !cache.lifetime.is_zero() && is_public(&req) {
        let key = match req.query_string() {
            "" => req.path().to_owned(),
            query => format!("{}?{query}", req.path()),
        };
        let found = match cache.lookup(&key) {
            Lookup::Hit(copy) => Some(copy),
            Lookup::Wait(mut done) => done
                .wait_for(Option::is_some)
                .await
                .ok()
                .and_then(|copy| copy.clone()),
            Lookup::Miss(duty) => {
                fill = Some(duty);
                None
            }
        };
        if let Some(copy) = found {
            let response = answer(req.request(), copy.etag, copy.body);
            return Ok(req.into_response(response));
        }
    }

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
    if let Some(fill) = fill {
        cache.fill(fill, etag.clone(), body.clone());
    }
    let response = answer(&req, etag, body);
    Ok(ServiceResponse::new(req, response))
}

/// A visitor's read of a public page: nobody's credentials in it.
fn is_public(req: &ServiceRequest) -> bool {
    let path = req.path();
    !req.headers().contains_key(header::AUTHORIZATION)
        && req
            .cookie(crate::platform::auth::caller::SESSION_COOKIE)
            .is_none()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> ReadCache {
        ReadCache::new(Duration::from_secs(60), 1 << 20)
    }

    fn miss(lookup: Lookup) -> Fill {
        match lookup {
            Lookup::Miss(fill) => fill,
            _ => panic!("expected a miss"),
        }
    }

    #[tokio::test]
    async fn readers_arriving_during_a_fill_wait_for_its_answer() {
        let cache = cache();
        let fill = miss(cache.lookup("/api/v1/ideas"));
        let Lookup::Wait(mut done) = cache.lookup("/api/v1/ideas") else {
            panic!("a second reader must wait for the first");
        };
        cache.fill(fill, etag_of(b"[]"), web::Bytes::from_static(b"[]"));
        let copy = done
            .wait_for(Option::is_some)
            .await
            .unwrap()
            .clone()
            .unwrap();
        assert_eq!(copy.body, "[]");
        assert!(matches!(cache.lookup("/api/v1/ideas"), Lookup::Hit(_)));
    }

    #[tokio::test]
    async fn a_write_during_a_fill_sends_later_readers_to_the_database() {
        let cache = cache();
        let stale = miss(cache.lookup("/api/v1/ideas"));
        cache.invalidate();
        let fresh = miss(cache.lookup("/api/v1/ideas"));
        cache.fill(stale, etag_of(b"old"), web::Bytes::from_static(b"old"));
        assert!(
            matches!(cache.lookup("/api/v1/ideas"), Lookup::Wait(_)),
            "the answer computed before the write is not served"
        );
        cache.fill(fresh, etag_of(b"new"), web::Bytes::from_static(b"new"));
        let Lookup::Hit(copy) = cache.lookup("/api/v1/ideas") else {
            panic!("the fresh answer is kept");
        };
        assert_eq!(copy.body, "new");
    }

    #[tokio::test]
    async fn a_fill_given_up_lets_its_waiters_compute_their_own() {
        let cache = cache();
        let fill = miss(cache.lookup("/api/v1/ideas/7"));
        let Lookup::Wait(mut done) = cache.lookup("/api/v1/ideas/7") else {
            panic!("a second reader must wait for the first");
        };
        drop(fill);
        assert!(done.wait_for(Option::is_some).await.is_err());
        miss(cache.lookup("/api/v1/ideas/7"));
    }

    #[tokio::test]
    async fn a_shared_value_is_computed_again_after_a_write() {
        let cache = cache();
        let first = cache
            .shared("idea/1".into(), async { Ok(1) })
            .await
            .unwrap();
        let kept = cache
            .shared("idea/1".into(), async { Ok(2) })
            .await
            .unwrap();
        assert_eq!((*first, *kept), (1, 1), "the first value is kept");
        cache.invalidate();
        let fresh = cache
            .shared("idea/1".into(), async { Ok(3) })
            .await
            .unwrap();
        assert_eq!(*fresh, 3, "a write makes it stale");
        let none = ReadCache::new(Duration::ZERO, 1 << 20);
        none.shared("idea/1".into(), async { Ok(1) }).await.unwrap();
        let off = none.shared("idea/1".into(), async { Ok(2) }).await.unwrap();
        assert_eq!(*off, 2, "a lifetime of zero keeps nothing");
    }

    #[tokio::test]
    async fn readers_of_a_shared_value_being_computed_wait_for_it() {
        let cache = Arc::new(cache());
        let computed = Arc::new(AtomicU64::new(0));
        let (release, released) = watch::channel(false);
        let mut readers = Vec::new();
        for _ in 0..8 {
            let (cache, computed, mut released) =
                (cache.clone(), computed.clone(), released.clone());
            readers.push(tokio::spawn(async move {
                let compute = async move {
                    computed.fetch_add(1, Ordering::SeqCst);
                    released.wait_for(|r| *r).await.unwrap();
                    Ok(42)
                };
                *cache.shared("search".into(), compute).await.unwrap()
            }));
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        release.send_replace(true);
        for reader in readers {
            assert_eq!(reader.await.unwrap(), 42);
        }
        assert_eq!(
            computed.load(Ordering::SeqCst),
            1,
            "one computation for all"
        );
    }

    #[tokio::test]
    async fn a_failed_shared_computation_lets_its_waiters_compute_their_own() {
        let cache = cache();
        let SharedLookup::Miss(done) = cache.shared_lookup("idea/9", 0) else {
            panic!("nobody computes it yet");
        };
        let SharedLookup::Wait(mut waiting) = cache.shared_lookup("idea/9", 0) else {
            panic!("a second reader waits");
        };
        drop(done);
        assert!(waiting.wait_for(Option::is_some).await.is_err());
        let value = cache
            .shared("idea/9".into(), async { Ok(7) })
            .await
            .unwrap();
        assert_eq!(*value, 7);
    }

    #[test]
    fn copies_never_hold_more_than_the_budget() {
        let cache = ReadCache::new(Duration::from_secs(60), 4096);
        for n in 0..100 {
            let key = format!("/api/v1/ideas/{n}");
            let fill = miss(cache.lookup(&key));
            cache.fill(fill, etag_of(b"x"), web::Bytes::from(vec![b'x'; 900]));
            assert!(cache.copies().bytes <= 4096);
        }
        let held = cache.copies();
        let counted: usize = held
            .by_key
            .iter()
            .map(|(k, c)| k.len() + c.body.len())
            .sum();
        assert_eq!(held.bytes, counted);
    }
}
