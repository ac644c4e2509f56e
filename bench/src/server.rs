//! The `cocrea` binary under test, for the benchmark and the browser tests: commands
//! (seeding, checking counters), and server instances on free ports, with their peak
//! memory read from /proc.

use anyhow::{Context, Result, anyhow, bail};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// How to run `cocrea`: the binary, the database, and the signing secret all instances
/// share (a session started on one is valid on the other).
#[derive(Debug, Clone)]
pub struct Cocrea {
    pub bin: PathBuf,
    pub database_url: String,
    pub secret: String,
    /// Where the instances keep their emails log.
    pub dir: PathBuf,
    /// More environment for every command and instance.
    pub env: Vec<(&'static str, String)>,
}

impl Cocrea {
    /// `bin` on a fresh SQLite database, with a random secret, in a temporary directory
    /// that is removed when the returned guard is dropped.
    pub fn scratch(bin: PathBuf) -> Result<(Cocrea, tempfile::TempDir)> {
        let dir = tempfile::Builder::new().prefix("cocrea-").tempdir()?;
        let secret: String = (0..48)
            .map(|_| char::from(b'a' + rand::random::<u8>() % 26))
            .collect();
        let cocrea = Cocrea {
            bin,
            database_url: format!("sqlite://{}/cocrea.db?mode=rwc", dir.path().display()),
            secret,
            dir: dir.path().to_owned(),
            env: Vec::new(),
        };
        Ok((cocrea, dir))
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(&self.bin);
        command
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("COCREA_SECRET", &self.secret)
            .env("COCREA_MAIL_LOG", self.dir.join("emails.log"))
            .env("RUST_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .kill_on_drop(true);
        command
    }

    /// Runs a `cocrea` command to the end; its standard output, or an error with both.
    pub async fn run(&self, args: &[&str]) -> Result<String> {
        let output = self
            .command(args)
            .output()
            .await
            .with_context(|| format!("running {}", self.bin.display()))?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if !output.status.success() {
            bail!(
                "cocrea {} failed:\n{stdout}{}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(stdout)
    }

    /// Starts `cocrea serve` on a free port.
    pub async fn serve(&self) -> Result<Instance> {
        let mut command = self.command(&["serve"]);
        // A free port, unless an address was given (a callback registered in advance).
        if !self.env.iter().any(|(key, _)| *key == "COCREA_ADDR") {
            command.env("COCREA_ADDR", "127.0.0.1:0");
        }
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", self.bin.display()))?;
        let pid = child.id().context("the server has no pid")?;
        let rest = ready_line(&mut child, "Cocrea is running at http://", "the server", 60).await?;
        let addr = rest.trim_end_matches('/').parse()?;
        Ok(Instance { addr, pid, child })
    }
}

/// A running `cocrea serve`, stopped when dropped.
pub struct Instance {
    pub addr: SocketAddr,
    pid: u32,
    child: Child,
}

impl Instance {
    /// Kills the process at once (SIGKILL: no shutdown, nothing flushed) and waits for
    /// it to be gone.
    pub async fn kill(mut self) -> Result<()> {
        self.child.kill().await.context("killing cocrea")
    }

    /// The most memory the process has held resident so far (VmHWM), in bytes.
    pub fn peak_memory(&self) -> Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))?;
        let line = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .context("no VmHWM in /proc status")?;
        let kib: u64 = line
            .split_whitespace()
            .nth(1)
            .context("VmHWM without a number")?
            .parse()?;
        Ok(kib * 1024)
    }
}

/// Waits until every instance answers its health check.
pub async fn wait_healthy(instances: &[Instance]) -> Result<()> {
    let until = Instant::now() + Duration::from_secs(30);
    for instance in instances {
        loop {
            let health =
                crate::load::once(instance.addr, &crate::load::Call::get("/healthz")).await;
            match health {
                Ok(answer) if answer.status.is_success() => break,
                _ if Instant::now() > until => bail!("{} is not healthy", instance.addr),
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
    Ok(())
}

/// The debug `cocrea` the tests use (`COCREA_BIN` names another); an error saying how to
/// build it when it is missing.
pub fn debug_binary() -> Result<PathBuf> {
    let bin = std::env::var("COCREA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| workspace_root().join("target/debug/cocrea"));
    if !bin.exists() {
        bail!(
            "{} is missing: run `cargo build -p backend` first (the test command does)",
            bin.display()
        );
    }
    Ok(bin)
}

/// What follows `prefix` on the first line of `child`'s output that starts with it: how a
/// process started for the tests says it is ready, and where. `what` names it in errors.
pub async fn ready_line(
    child: &mut Child,
    prefix: &str,
    what: &str,
    seconds: u64,
) -> Result<String> {
    let stdout = child
        .stdout
        .take()
        .with_context(|| format!("{what}'s output"))?;
    let mut lines = BufReader::new(stdout).lines();
    tokio::time::timeout(Duration::from_secs(seconds), async {
        while let Some(line) = lines.next_line().await? {
            if let Some(rest) = line.strip_prefix(prefix) {
                return Ok(rest.trim().to_owned());
            }
        }
        Err(anyhow!("{what} stopped before it was ready"))
    })
    .await
    .with_context(|| format!("{what} did not start within {seconds} s"))?
}

/// A free port on loopback, for a server whose address must be known before it starts.
pub fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// The workspace's root (where `target/` is).
pub fn workspace_root() -> PathBuf {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR"));
    bench.parent().unwrap_or(bench).to_path_buf()
}
