//! A real OpenID Provider for the tests: `e2e/oidc/provider.mjs`, panva's oidc-provider
//! (npm, pinned in e2e/package.json), run with Node.js on a free loopback port. It knows
//! `ana` (a client of the bank) and `ben` (not); see the script.

use anyhow::{Context, Result};
use std::process::Stdio;
use tokio::process::{Child, Command};

/// The client Cocrea is registered as at the provider.
pub const CLIENT_ID: &str = "cocrea";
pub const CLIENT_SECRET: &str = "cocrea-test-secret";

/// A running provider, stopped when dropped.
pub struct OpenIdProvider {
    pub issuer: String,
    _process: Child,
}

impl OpenIdProvider {
    /// Starts the provider for a Cocrea whose callback is `redirect`.
    pub async fn start(redirect: &str) -> Result<OpenIdProvider> {
        let mut process = Command::new("node")
            .arg("oidc/provider.mjs")
            .current_dir(crate::server::workspace_root().join("e2e"))
            .env("PORT", "0")
            .env("REDIRECT_URI", redirect)
            .env("CLIENT_SECRET", CLIENT_SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .context("running node e2e/oidc/provider.mjs (npm ci in e2e/ installs it)")?;
        let issuer = crate::server::ready_line(
            &mut process,
            "OpenID Provider ready at ",
            "the OpenID Provider",
            30,
        )
        .await?;
        Ok(OpenIdProvider {
            issuer,
            _process: process,
        })
    }

    /// The environment that points Cocrea, served at `public` (`http://127.0.0.1:PORT`),
    /// at this provider, its `bank` scope holding the client claim.
    pub fn cocrea_env(&self, public: &str) -> Vec<(&'static str, String)> {
        let port = public.rsplit(':').next().unwrap_or_default();
        vec![
            ("COCREA_ADDR", format!("127.0.0.1:{port}")),
            ("COCREA_PUBLIC_URL", public.to_owned()),
            ("COCREA_OIDC_ISSUER", self.issuer.clone()),
            ("COCREA_OIDC_CLIENT_ID", CLIENT_ID.to_owned()),
            ("COCREA_OIDC_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
            ("COCREA_OIDC_SCOPES", "openid email profile bank".to_owned()),
            (
                "COCREA_OIDC_LABEL",
                "Se connecter avec Banque Test".to_owned(),
            ),
        ]
    }
}
