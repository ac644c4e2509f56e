//! The email outbox's machinery: rows written in the transaction of the event they tell
//! about, sent later by a worker that every server instance runs. A worker claims due rows
//! in one statement (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite has one writer),
//! holding them for a lease, so two instances never send the same row; a failure is
//! retried with a growing delay, a permanent refusal is not. What a row says is rendered
//! when it is sent, by the slice that wrote it (`notifications::outbox::render`). With no
//! SMTP server configured, emails are appended to a log file instead.

use crate::entities::email_outbox;
use crate::platform::auth::keys::{EmailLinkKey, LinkKey};
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::error::ApiResult;
use anyhow::Context;
use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, Set, StatementBuilder};
use secrecy::ExposeSecret;
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;
use url::Url;

/// Rows one worker claims at a time.
const BATCH: u64 = 20;
/// How long a claimed row stays with its worker before another may take it.
const LEASE_SECONDS: i64 = 120;
/// Attempts before an email is given up.
const MAX_ATTEMPTS: i32 = 8;

/// An outbox row for an email due now.
pub(crate) fn row(
    user_id: i64,
    kind: &str,
    subject_id: Option<i64>,
    title: Option<&str>,
    now: DateTime<Utc>,
) -> email_outbox::ActiveModel {
    email_outbox::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind.to_owned()),
        subject_id: Set(subject_id),
        title: Set(title.map(str::to_owned)),
        created_at: Set(now),
        due_at: Set(Some(now)),
        attempts: Set(0),
        locked_until: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
        ..Default::default()
    }
}

/// Where emails go.
#[derive(Clone)]
enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Log(PathBuf),
}

/// What the worker needs to render and send emails.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    pub from: Mailbox,
    pub public_url: Url,
    pub links: LinkKey,
    pub email_links: EmailLinkKey,
}

/// The SMTP transport `SMTP_URL` describes (lettre reads its TLS mode: `smtps://`,
/// `?tls=required`, `?tls=opportunistic`), trusting the certificates of `ca` (PEM) beside
/// the public roots when TLS is used.
fn smtp_transport(
    url: &str,
    ca: Option<&[u8]>,
) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .context("SMTP_URL is not a usable SMTP address")?
        .timeout(Some(std::time::Duration::from_secs(20)));
    if let Some(pem) = ca {
        let parsed = url::Url::parse(url).context("SMTP_URL is not a URL")?;
        let host = parsed.host_str().context("SMTP_URL has no host")?;
        let tls_mode = parsed
            .query_pairs()
            .find(|(key, _)| key == "tls")
            .map(|(_, value)| value.into_owned());
        let certificate = Certificate::from_pem(pem)
            .context("COCREA_SMTP_CA_FILE does not hold a PEM certificate")?;
        let parameters = TlsParameters::builder(host.to_owned())
            .add_root_certificate(certificate)
            .build()
            .context("COCREA_SMTP_CA_FILE: the certificate cannot be used for TLS")?;
        builder = match (parsed.scheme(), tls_mode.as_deref()) {
            ("smtps", _) => builder.tls(Tls::Wrapper(parameters)),
            (_, Some("required")) => builder.tls(Tls::Required(parameters)),
            (_, Some("opportunistic")) => builder.tls(Tls::Opportunistic(parameters)),
            _ => anyhow::bail!(
                "COCREA_SMTP_CA_FILE is set but SMTP_URL uses no TLS: use smtps:// or ?tls=required"
            ),
        };
    }
    Ok(builder.build())
}

/// Why a send failed: worth retrying or not.
enum SendError {
    Transient(String),
    Permanent(String),
}

impl Mailer {
    pub fn new(config: &Config) -> anyhow::Result<Mailer> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(smtp_transport(
                url.expose_secret(),
                config.smtp_ca.as_deref(),
            )?),
            None => Transport::Log(config.mail_log.clone()),
        };
        Ok(Mailer {
            transport,
            from: config
                .mail_from
                .parse()
                .context("COCREA_MAIL_FROM is not an address")?,
            public_url: config.public_url.clone(),
            links: LinkKey::new(&config.secret),
            email_links: EmailLinkKey::new(&config.secret),
        })
    }

    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.as_str().trim_end_matches('/'))
    }

    async fn send(&self, message: Message) -> Result<(), SendError> {
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                if e.is_permanent() {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Transient(e.to_string())
                }
            }),
            Transport::Log(path) => append(path, &message.formatted())
                .await
                .map_err(|e| SendError::Transient(e.to_string())),
        }
    }
}

async fn append(path: &PathBuf, message: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(dir).await?;
    }
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .await?;
    file.write_all(message).await?;
    file.write_all(b"\r\n").await?;
    file.flush().await
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retried: usize,
    pub given_up: usize,
}

/// Sends every email due at `now`, batch after batch, until none is left to claim.
pub async fn deliver_due<R>(
    db: &Db,
    mailer: &Mailer,
    now: DateTime<Utc>,
    render: impl Fn(email_outbox::Model) -> R,
) -> ApiResult<Delivered>
where
    // A row's email, or `None` when there is nothing to send any more.
    R: std::future::Future<Output = ApiResult<Option<Message>>> + Send,
{
    let mut done = Delivered::default();
    loop {
        let rows = claim(db, now).await?;
        if rows.is_empty() {
            return Ok(done);
        }
        for row in rows {
            let outcome = match render(row.clone()).await? {
                Some(message) => mailer.send(message).await,
                None => Err(SendError::Permanent("nothing to send any more".into())),
            };
            let update = email_outbox::Entity::update_many()
                .col_expr(
                    email_outbox::Column::LockedUntil,
                    Expr::value(None::<DateTime<Utc>>),
                )
                .filter(email_outbox::Column::Id.eq(row.id));
            let update = match outcome {
                Ok(()) => {
                    done.sent += 1;
                    tracing::info!(outbox.id = row.id, kind = %row.kind, "email sent");
                    update
                        .col_expr(email_outbox::Column::SentAt, Expr::value(Some(Utc::now())))
                        .col_expr(
                            email_outbox::Column::DueAt,
                            Expr::value(None::<DateTime<Utc>>),
                        )
                }
                Err(SendError::Transient(error)) if row.attempts < MAX_ATTEMPTS => {
                    done.retried += 1;
                    let next = now + backoff(row.attempts);
                    tracing::warn!(outbox.id = row.id, attempts = row.attempts, error = %redacted(&error), "email failed; will retry");
                    update
                        .col_expr(email_outbox::Column::DueAt, Expr::value(Some(next)))
                        .col_expr(email_outbox::Column::LastError, Expr::value(Some(error)))
                }
                Err(SendError::Transient(error) | SendError::Permanent(error)) => {
                    done.given_up += 1;
                    tracing::warn!(outbox.id = row.id, attempts = row.attempts, error = %redacted(&error), "email given up");
                    update
                        .col_expr(
                            email_outbox::Column::DueAt,
                            Expr::value(None::<DateTime<Utc>>),
                        )
                        .col_expr(email_outbox::Column::LastError, Expr::value(Some(error)))
                }
            };
            update.exec(&db.write).await?;
        }
    }
}

/// An error as logs may show it: mail servers quote addresses in their refusals, and
/// logs hold no personal data (the outbox row keeps the whole message for the team).
pub(crate) fn redacted(error: &str) -> String {
    error
        .split(' ')
        .map(|word| {
            if word.contains('@') {
                "<address>"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The delay before the next attempt: a minute, doubling, at most six hours.
fn backoff(attempts: i32) -> Duration {
    let minutes = 1i64 << attempts.clamp(1, 10).saturating_sub(1);
    Duration::minutes(std::cmp::Ord::min(minutes, 360))
}

/// Takes up to `BATCH` due rows for this worker, in one statement: their lease starts
/// and their attempt is counted. On PostgreSQL, rows another worker is claiming at the
/// same moment are skipped, not waited for.
async fn claim(db: &Db, now: DateTime<Utc>) -> ApiResult<Vec<email_outbox::Model>> {
    use email_outbox::Column as C;
    let mut due = Query::select();
    due.column(C::Id)
        .from(email_outbox::Entity)
        .and_where(Expr::col(C::DueAt).lte(now))
        .and_where(
            Expr::col(C::LockedUntil)
                .is_null()
                .or(Expr::col(C::LockedUntil).lt(now)),
        )
        .order_by(C::DueAt, sea_orm::Order::Asc)
        .order_by(C::Id, sea_orm::Order::Asc)
        .limit(BATCH);
    if db.write.get_database_backend() == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let mut claim = Query::update();
    claim
        .table(email_outbox::Entity)
        .value(C::LockedUntil, now + Duration::seconds(LEASE_SECONDS))
        .value(C::Attempts, Expr::col(C::Attempts).add(1))
        .and_where(Expr::col(C::Id).in_subquery(due))
        .returning_all();
    let statement = StatementBuilder::build(&claim, &db.write.get_database_backend());
    let mut rows = email_outbox::Entity::find()
        .from_raw_sql(statement)
        .all(&db.write)
        .await?;
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_six_hours() {
        let waits: Vec<i64> = (1..=10).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 64, 128, 256, 360]);
    }

    #[test]
    fn logged_errors_name_no_address() {
        let error = "permanent error (550): 5.1.1 <camille.durand@example.org>: no such user";
        assert_eq!(
            redacted(error),
            "permanent error (550): 5.1.1 <address> no such user"
        );
    }
}
