//! A real SMTP server for the tests: `e2e/python/smtp_server.py`, aiosmtpd (PyPI, pinned
//! in e2e/python/requirements.txt, installed into target/python by the test command),
//! STARTTLS required, on a certificate from a throw-away CA that Cocrea is told to trust.

use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

/// A running server, stopped (and its messages removed) when dropped.
pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    _process: Child,
}

impl SmtpServer {
    /// Starts a server that answers 451 to the first `refuse` messages.
    pub async fn start(refuse: usize) -> Result<SmtpServer> {
        let python = crate::server::workspace_root().join("target/python/bin/python");
        let script = crate::server::workspace_root().join("e2e/python/smtp_server.py");
        let dir = tempfile::tempdir()?;
        let mut process = Command::new(&python)
            .arg(&script)
            .arg(dir.path())
            .arg("--refuse")
            .arg(refuse.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| {
                format!(
                    "running {} (scripts/test.sh installs the Python test tools there)",
                    python.display()
                )
            })?;
        let port = crate::server::ready_line(
            &mut process,
            "SMTP ready on ",
            "the SMTP server (aiosmtpd)",
            30,
        )
        .await?
        .parse()?;
        Ok(SmtpServer {
            port,
            dir,
            _process: process,
        })
    }

    /// What points Cocrea at this server: STARTTLS required, its CA trusted.
    pub fn cocrea_env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "SMTP_URL",
                format!("smtp://127.0.0.1:{}?tls=required", self.port),
            ),
            ("COCREA_SMTP_CA_FILE", self.ca_file().display().to_string()),
        ]
    }

    /// The certificate of the CA that signed the server's.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    /// Every message accepted so far, in order, as sent (lines ending in `\n`).
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok())
            .map(|message| message.replace("\r\n", "\n"))
            .collect()
    }

    /// Waits (up to 20 s) until `n` messages arrived, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..200 {
            if self.messages().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        self.messages()
    }
}
