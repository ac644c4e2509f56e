//! Builds the server: connects the database, binds the listener (port 0 picks a free one,
//! as tests do), and wires middleware, shared state and routes.

use crate::platform::auth;
use crate::platform::auth::keys::EmailLinkKey;
use crate::platform::auth::keys::Keys;
use crate::platform::auth::keys::LinkKey;
use crate::platform::auth::session::Sessions;
use crate::platform::auth::watch;
use crate::platform::bank::Bank;
use crate::platform::cache::{self, ReadCache};
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::error::extract;
use crate::platform::limits::Limiter;
use crate::platform::state::AppState;
use crate::platform::telemetry;
use crate::router;
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use secrecy::SecretString;
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    pub db: Db,
    /// The visitors' read cache, for tests that write to the database behind its back.
    pub reads: web::Data<ReadCache>,
    /// The sessions kept in memory, for the same tests.
    pub sessions: Arc<Sessions>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Application> {
        let db = Db::connect(&config).await?;
        let listener = TcpListener::bind(config.addr)
            .with_context(|| format!("cannot listen on COCREA_ADDR={}", config.addr))?;
        let port = listener.local_addr()?.port();
        let keys = Keys::new(&config.secret);
        let dummy_hash =
            auth::passwords::hash_password(SecretString::from(auth::keys::random_hex::<24>()))
                .await?;
        let https = config.is_https();
        let links = LinkKey::new(&config.secret);
        let email_links = EmailLinkKey::new(&config.secret);
        // Generous for a page of JSON (about 20 KB): hundreds of pages, a few MB.
        let reads = web::Data::new(ReadCache::new(config.read_cache, 16 << 20));
        crate::schedule::spawn(db.clone(), &config, reads.clone())?;
        let limits = Limiter::new(config.rate_limits.clone(), &db.write, &config.secret);
        let bank = config.oidc.clone().map(Bank::new).transpose()?;
        let sessions = Arc::new(Sessions::new(
            !config.read_cache.is_zero(),
            crate::platform::config::sqlite_path(&config.database_url).as_deref(),
        ));
        watch::watch(sessions.clone(), reads.clone(), &db);
        let state = web::Data::new(AppState {
            config,
            db: db.clone(),
            keys,
            sessions: sessions.clone(),
            links,
            email_links,
            dummy_hash,
            limits,
            bank,
        });

        let app_reads = reads.clone();
        let server = HttpServer::new(move || {
            App::new()
                .wrap(from_fn(cache::middleware))
                .wrap(security_headers(https))
                .wrap(TracingLogger::<telemetry::RequestSpan>::new())
                .app_data(state.clone())
                .app_data(app_reads.clone())
                .app_data(extract::json_config())
                .app_data(extract::path_config())
                .app_data(extract::query_config())
                .configure(router::configure)
        })
        .listen(listener)?
        .run();
        Ok(Application {
            port,
            server,
            db,
            reads,
            sessions,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Headers on every response. The policy allows only this origin's scripts, styles and
/// wasm ('wasm-unsafe-eval' is what compiling WebAssembly needs), and no framing.
fn security_headers(https: bool) -> DefaultHeaders {
    let csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
               img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
               base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    let mut headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", csp))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "strict-origin-when-cross-origin"))
        .add(("X-Frame-Options", "DENY"));
    if https {
        headers = headers.add((
            "Strict-Transport-Security",
            "max-age=63072000; includeSubDomains",
        ));
    }
    headers
}
