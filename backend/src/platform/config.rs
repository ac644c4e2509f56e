//! Configuration, read once from the environment in `main` and passed down.
//! Every variable has a default that just works on a laptop; a bad value stops start-up
//! with a message naming the variable.

use crate::platform::limits::Limits;
use anyhow::{Context, bail};
use rand::RngCore;
use secrecy::SecretString;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;
use url::Url;

const DEFAULT_DATABASE_URL: &str = "sqlite://./data/cocrea.db?mode=rwc";

/// Whether this is a developer's machine (lenient defaults) or a real deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub database_url: String,
    pub addr: SocketAddr,
    /// Signs session tokens and unsubscribe links.
    pub secret: SecretString,
    /// Absolute base for links in feeds and emails, without a trailing slash.
    pub public_url: Url,
    /// Where emails go: an SMTP server (`smtp://`, `smtps://`; it may hold a password),
    /// or, when unset, the log file `mail_log`.
    pub smtp_url: Option<SecretString>,
    /// Certificates (PEM) trusted for the SMTP server's TLS besides the public roots: a
    /// bank's internal CA (`COCREA_SMTP_CA_FILE`).
    pub smtp_ca: Option<Vec<u8>>,
    pub mail_log: PathBuf,
    /// The sender of every email.
    pub mail_from: String,
    /// Whether experts, moderators and admins must pass a second factor (TOTP) before any
    /// staff route answers (`COCREA_STAFF_2FA=required`).
    pub staff_two_factor: bool,
    /// How often the outbox worker looks for emails to send.
    pub outbox_every: Duration,
    /// How long a visitor's public read may be answered from memory (zero: never).
    pub read_cache: Duration,
    /// Abuse limits (`COCREA_RATE_LIMITS`).
    pub rate_limits: Limits,
    /// Serves `GET /bench/baseline`, the benchmark's trivial yardstick (off by default).
    pub bench_baseline: bool,
    /// Sign-in with the bank (OpenID Connect), when `COCREA_OIDC_ISSUER` is set.
    pub oidc: Option<OidcConfig>,
}

/// The bank's OpenID Provider, as Cocrea is registered there.
#[derive(Debug, Clone)]
pub struct OidcConfig {
    /// The issuer; its discovery document is at `/.well-known/openid-configuration`.
    pub issuer: Url,
    pub client_id: String,
    pub client_secret: SecretString,
    /// The sign-in button's words.
    pub label: String,
    /// The ID token or userinfo claim that says "a client of the bank" (true, or
    /// "true"/"yes"/"1").
    pub client_claim: String,
    pub scopes: Vec<String>,
    /// Where the bank sends people back: `{COCREA_PUBLIC_URL}/api/v1/auth/oidc/callback`.
    pub redirect_url: Url,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> anyhow::Result<Config> {
        Config::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads configuration through `lookup`, so tests can pass their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Config> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());

        let environment = match get("COCREA_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => bail!("COCREA_ENV must be `development` or `production`, not `{other}`"),
        };

        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            bail!("DATABASE_URL must start with sqlite: or postgres:// (got another scheme)");
        }

        let addr = get("COCREA_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let addr: SocketAddr = addr.parse().with_context(|| {
            format!("COCREA_ADDR must be host:port, like 127.0.0.1:8080 (got `{addr}`)")
        })?;

        let public_url = match get("COCREA_PUBLIC_URL") {
            Some(raw) => {
                let url = Url::parse(raw.trim_end_matches('/')).with_context(|| {
                    format!("COCREA_PUBLIC_URL is not an absolute URL: `{raw}`")
                })?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    bail!("COCREA_PUBLIC_URL must be an http(s) URL with a host (got `{raw}`)");
                }
                url
            }
            None if environment == Environment::Production => {
                bail!("COCREA_PUBLIC_URL is required when COCREA_ENV=production")
            }
            None => Url::parse(&format!("http://{addr}"))
                .with_context(|| format!("COCREA_ADDR `{addr}` does not make a URL"))?,
        };

        let secret = match get("COCREA_SECRET") {
            Some(secret) if secret.len() >= 32 => SecretString::from(secret),
            Some(_) => bail!("COCREA_SECRET must be at least 32 characters long"),
            None if environment == Environment::Production => {
                bail!("COCREA_SECRET is required when COCREA_ENV=production")
            }
            None => development_secret(&database_url)?,
        };

        let smtp_url = match get("SMTP_URL") {
            Some(raw) => {
                let url = Url::parse(&raw)
                    .map_err(|_| anyhow::anyhow!("SMTP_URL is not a URL (like smtp://host:25)"))?;
                if !matches!(url.scheme(), "smtp" | "smtps") || url.host().is_none() {
                    bail!("SMTP_URL must be smtp:// or smtps:// with a host");
                }
                Some(SecretString::from(raw))
            }
            None => None,
        };
        let smtp_ca = match get("COCREA_SMTP_CA_FILE") {
            Some(path) => Some(std::fs::read(&path).with_context(|| {
                format!("COCREA_SMTP_CA_FILE: cannot read the certificates at {path}")
            })?),
            None => None,
        };
        let mail_log = get("COCREA_MAIL_LOG")
            .map_or_else(|| data_dir(&database_url).join("emails.log"), PathBuf::from);
        let mail_from = get("COCREA_MAIL_FROM").unwrap_or_else(|| {
            format!(
                "Cocrea <no-reply@{}>",
                public_url.host_str().unwrap_or("localhost")
            )
        });
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            bail!("COCREA_MAIL_FROM must be an address like `Cocrea <no-reply@example.org>`");
        }
        let staff_two_factor = match get("COCREA_STAFF_2FA").as_deref() {
            None | Some("optional") => false,
            Some("required") => true,
            Some(_) => bail!("COCREA_STAFF_2FA must be `required` or `optional`"),
        };
        let outbox_every = match get("COCREA_OUTBOX_EVERY_MS") {
            Some(ms) => {
                Duration::from_millis(ms.parse().ok().filter(|ms| *ms > 0).ok_or_else(|| {
                    anyhow::anyhow!("COCREA_OUTBOX_EVERY_MS must be a number of milliseconds")
                })?)
            }
            None => Duration::from_secs(5),
        };
        let read_cache = match get("COCREA_READ_CACHE_MS") {
            Some(ms) => Duration::from_millis(ms.parse().map_err(|_| {
                anyhow::anyhow!("COCREA_READ_CACHE_MS must be a number of milliseconds (0: off)")
            })?),
            None => Duration::from_secs(1),
        };
        let rate_limits = match get("COCREA_RATE_LIMITS") {
            Some(raw) => Limits::parse(&raw).map_err(|error| {
                anyhow::anyhow!(
                    "COCREA_RATE_LIMITS must be `off` or items like `vote=120/60,signup.ip=10/3600`: {error}"
                )
            })?,
            None => Limits::default(),
        };
        let bench_baseline = match get("COCREA_BENCH_BASELINE").as_deref() {
            None | Some("0" | "false") => false,
            Some("1" | "true") => true,
            Some(_) => bail!("COCREA_BENCH_BASELINE must be 1 or 0"),
        };

        let oidc = match get("COCREA_OIDC_ISSUER") {
            None => None,
            Some(raw) => {
                let issuer = Url::parse(raw.trim_end_matches('/')).with_context(|| {
                    format!("COCREA_OIDC_ISSUER is not an absolute URL: `{raw}`")
                })?;
                if environment == Environment::Production && issuer.scheme() != "https" {
                    bail!("COCREA_OIDC_ISSUER must be https when COCREA_ENV=production");
                }
                let client_id = get("COCREA_OIDC_CLIENT_ID")
                    .context("COCREA_OIDC_CLIENT_ID is required with COCREA_OIDC_ISSUER")?;
                let client_secret = get("COCREA_OIDC_CLIENT_SECRET")
                    .map(SecretString::from)
                    .context("COCREA_OIDC_CLIENT_SECRET is required with COCREA_OIDC_ISSUER")?;
                let redirect_url = Url::parse(&format!(
                    "{}/api/v1/auth/oidc/callback",
                    public_url.as_str().trim_end_matches('/')
                ))
                .context("COCREA_PUBLIC_URL does not make a callback address")?;
                Some(OidcConfig {
                    issuer,
                    client_id,
                    client_secret,
                    label: get("COCREA_OIDC_LABEL")
                        .unwrap_or_else(|| "Se connecter avec ma banque".into()),
                    client_claim: get("COCREA_OIDC_CLIENT_CLAIM")
                        .unwrap_or_else(|| "bank_client".into()),
                    scopes: get("COCREA_OIDC_SCOPES")
                        .unwrap_or_else(|| "openid email profile".into())
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect(),
                    redirect_url,
                })
            }
        };

        Ok(Config {
            environment,
            database_url,
            addr,
            secret,
            public_url,
            smtp_url,
            smtp_ca,
            staff_two_factor,
            mail_log,
            mail_from,
            outbox_every,
            read_cache,
            rate_limits,
            bench_baseline,
            oidc,
        })
    }

    /// Cookies get `Secure` and responses HSTS wherever the site is served over HTTPS.
    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// In development, a random secret generated once and kept beside the SQLite database
/// (or under ./data for PostgreSQL), so sessions survive restarts.
fn development_secret(database_url: &str) -> anyhow::Result<SecretString> {
    let dir = data_dir(database_url);
    let path = dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && existing.trim().len() >= 32
    {
        return Ok(SecretString::from(existing.trim().to_owned()));
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    std::fs::write(&path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    tracing::warn!(
        path = %path.display(),
        "COCREA_SECRET is not set: generated a development secret; set COCREA_SECRET in production"
    );
    Ok(SecretString::from(secret))
}

/// The folder of the SQLite database, or ./data for PostgreSQL: where local files go.
fn data_dir(database_url: &str) -> PathBuf {
    sqlite_path(database_url)
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("./data"))
}

/// The file behind a `sqlite:` URL, if it names one.
pub fn sqlite_path(database_url: &str) -> Option<PathBuf> {
    let rest = database_url.strip_prefix("sqlite:")?;
    let rest = rest.trim_start_matches("//");
    let path = rest.split('?').next()?;
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> anyhow::Result<Config> {
        let dir = tempfile::tempdir()?;
        let db = format!("sqlite://{}/t.db?mode=rwc", dir.path().display());
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain([("DATABASE_URL".to_string(), db)])
            .collect();
        Config::from_lookup(|key| vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()))
    }

    #[test]
    fn defaults_just_work_in_development() -> anyhow::Result<()> {
        let config = config(&[])?;
        assert_eq!(config.addr.to_string(), "127.0.0.1:8080");
        assert_eq!(config.environment, Environment::Development);
        assert!(!config.is_https());
        Ok(())
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        let cases = [
            (("COCREA_ADDR", "nowhere"), "COCREA_ADDR"),
            (("COCREA_PUBLIC_URL", "not a url"), "COCREA_PUBLIC_URL"),
            (
                ("COCREA_PUBLIC_URL", "ftp://example.org"),
                "COCREA_PUBLIC_URL",
            ),
            (("COCREA_SECRET", "short"), "COCREA_SECRET"),
            (("COCREA_ENV", "staging"), "COCREA_ENV"),
            (("DATABASE_URL", "mysql://x"), "DATABASE_URL"),
            (("SMTP_URL", "http://mail.example.org"), "SMTP_URL"),
            (("COCREA_MAIL_FROM", "not an address"), "COCREA_MAIL_FROM"),
            (("COCREA_OUTBOX_EVERY_MS", "soon"), "COCREA_OUTBOX_EVERY_MS"),
            (("COCREA_BENCH_BASELINE", "yes"), "COCREA_BENCH_BASELINE"),
            (("COCREA_READ_CACHE_MS", "-1"), "COCREA_READ_CACHE_MS"),
            (("COCREA_RATE_LIMITS", "vote=ten/60"), "COCREA_RATE_LIMITS"),
        ];
        for ((key, value), named) in cases {
            let err = match config(&[(key, value)]) {
                Ok(_) => panic!("{key}={value} was accepted"),
                Err(e) => e.to_string(),
            };
            assert!(
                err.contains(named),
                "{key}={value}: `{err}` does not name {named}"
            );
        }
    }

    #[test]
    fn production_requires_a_secret_and_a_public_url() {
        assert!(config(&[("COCREA_ENV", "production")]).is_err());
        let secret = "x".repeat(40);
        let ok = config(&[
            ("COCREA_ENV", "production"),
            ("COCREA_SECRET", &secret),
            ("COCREA_PUBLIC_URL", "https://cocrea.example.org/"),
        ]);
        assert!(
            ok.is_ok_and(|c| c.is_https() && c.public_origin() == "https://cocrea.example.org")
        );
    }

    #[test]
    fn sqlite_paths_are_found_in_urls() {
        assert_eq!(
            sqlite_path("sqlite://./data/c.db?mode=rwc"),
            Some(PathBuf::from("./data/c.db"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
        assert_eq!(sqlite_path("postgres://x/y"), None);
    }
}
