//! A closed-loop load generator on hyper: `connections` HTTP/1.1 keep-alive connections,
//! spread round-robin over the server instances, each sending its next request as soon as
//! the previous answer is read in full, for a fixed time after a warm-up.
//!
//! Latencies go into HDR histograms in microseconds. A closed loop under-reports latency
//! when the server stalls (the connection waits instead of sending the requests it would
//! have sent: coordinated omission), so each sample is also recorded with
//! `record_correct`, which back-fills the requests that a steady client would have sent
//! during a slow answer. The expected interval is the one the warm-up measured
//! (connections ÷ throughput). Both the raw and the corrected percentiles are kept.

use anyhow::{Context, Result, bail};
use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{ACCEPT_ENCODING, AUTHORIZATION, CONTENT_ENCODING, CONTENT_TYPE, HOST};
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// One request of a script.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub path: String,
    /// A bearer token, for the routes that need a person.
    pub token: Option<Arc<str>>,
    /// A JSON body.
    pub body: Option<Bytes>,
    /// Accepts brotli and gzip, as browsers do.
    pub compressed: bool,
}

/// What came back: the status, the content encoding, and the body as sent.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub encoding: Option<String>,
    pub body: Bytes,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Call {
        Call {
            method,
            path: path.into(),
            token: None,
            body: None,
            compressed: false,
        }
    }

    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::GET, path)
    }

    /// A call as `token`'s holder.
    pub fn with(method: Method, path: impl Into<String>, token: &Arc<str>) -> Call {
        Call {
            token: Some(token.clone()),
            ..Call::new(method, path)
        }
    }

    pub fn compressed(mut self) -> Call {
        self.compressed = true;
        self
    }

    pub fn json(mut self, body: &serde_json::Value) -> Call {
        self.body = Some(Bytes::from(body.to_string()));
        self
    }
}

/// What a connection sends next: the connection's number, how many steps it has taken,
/// and its own random numbers. A step may be several requests in a row (a support, then
/// its withdrawal); each is measured on its own.
pub type Script = Arc<dyn Fn(usize, u64, &mut SmallRng) -> Vec<Call> + Send + Sync>;

/// How a phase is run.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub connections: usize,
    pub warm_up: Duration,
    pub duration: Duration,
}

/// The figures of one phase.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Figures {
    pub name: String,
    pub requests: u64,
    pub errors: u64,
    pub seconds: f64,
    pub requests_per_second: f64,
    /// Corrected for coordinated omission.
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// As measured, without the correction.
    pub p99_raw_ms: f64,
    pub bytes_per_response: u64,
    /// The first unexpected answers, to say what went wrong.
    pub error_samples: Vec<String>,
}

/// Runs `script` over `shape.connections` connections against `servers`.
pub async fn run(
    name: &str,
    servers: &[SocketAddr],
    shape: Shape,
    script: Script,
) -> Result<Figures> {
    // The warm-up fills caches and measures the throughput the correction expects.
    let warm = drive(
        servers,
        shape.connections,
        shape.warm_up,
        script.clone(),
        None,
    )
    .await?;
    let rate = warm.requests as f64 / shape.warm_up.as_secs_f64().max(0.001);
    let interval_us = if rate > 0.0 {
        (shape.connections as f64 * 1e6 / rate) as u64
    } else {
        0
    };
    let started = Instant::now();
    let run = drive(
        servers,
        shape.connections,
        shape.duration,
        script,
        Some(interval_us),
    )
    .await?;
    let seconds = started.elapsed().as_secs_f64();
    let ms = |us: u64| us as f64 / 1000.0;
    Ok(Figures {
        name: name.to_owned(),
        requests: run.requests,
        errors: run.errors,
        seconds,
        requests_per_second: run.requests as f64 / seconds,
        p50_ms: ms(run.corrected.value_at_quantile(0.50)),
        p99_ms: ms(run.corrected.value_at_quantile(0.99)),
        max_ms: ms(run.raw.max()),
        p99_raw_ms: ms(run.raw.value_at_quantile(0.99)),
        bytes_per_response: run.bytes.checked_div(run.requests).unwrap_or(0),
        error_samples: run.error_samples,
    })
}

struct Tally {
    requests: u64,
    errors: u64,
    bytes: u64,
    raw: Histogram<u64>,
    corrected: Histogram<u64>,
    error_samples: Vec<String>,
}

impl Tally {
    fn new() -> Result<Tally> {
        Ok(Tally {
            requests: 0,
            errors: 0,
            bytes: 0,
            raw: histogram()?,
            corrected: histogram()?,
            error_samples: Vec::new(),
        })
    }

    fn merge(&mut self, other: Tally) -> Result<()> {
        self.requests += other.requests;
        self.errors += other.errors;
        self.bytes += other.bytes;
        self.raw.add(&other.raw)?;
        self.corrected.add(&other.corrected)?;
        for sample in other.error_samples {
            if self.error_samples.len() < 5 {
                self.error_samples.push(sample);
            }
        }
        Ok(())
    }

    fn error(&mut self, what: String) {
        self.errors += 1;
        if self.error_samples.len() < 5 {
            self.error_samples.push(what);
        }
    }
}

fn histogram() -> Result<Histogram<u64>> {
    // 1 µs to 60 s, three significant figures.
    Ok(Histogram::new_with_bounds(1, 60_000_000, 3)?)
}

async fn drive(
    servers: &[SocketAddr],
    connections: usize,
    duration: Duration,
    script: Script,
    correct_us: Option<u64>,
) -> Result<Tally> {
    let deadline = Instant::now() + duration;
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..connections {
        let server = servers[n % servers.len()];
        let script = script.clone();
        tasks.spawn(async move { connection(server, n, deadline, script, correct_us).await });
    }
    let mut total = Tally::new()?;
    while let Some(tally) = tasks.join_next().await {
        total.merge(tally??)?;
    }
    Ok(total)
}

async fn connection(
    server: SocketAddr,
    n: usize,
    deadline: Instant,
    script: Script,
    correct_us: Option<u64>,
) -> Result<Tally> {
    let mut tally = Tally::new()?;
    let mut rng = SmallRng::seed_from_u64(n as u64 + 1);
    let mut sender = connect(server).await?;
    let host = server.to_string();
    let mut step = 0u64;
    'run: while Instant::now() < deadline {
        for call in script(n, step, &mut rng) {
            if Instant::now() >= deadline {
                break 'run;
            }
            let started = Instant::now();
            let answer = send(&mut sender, &host, &call).await;
            let us = started.elapsed().as_micros().max(1) as u64;
            tally.requests += 1;
            tally.raw.saturating_record(us);
            match correct_us {
                Some(interval) if interval > 0 => tally.corrected.record_correct(us, interval)?,
                _ => tally.corrected.saturating_record(us),
            }
            match answer {
                Ok(Answer { status, body, .. }) => {
                    tally.bytes += body.len() as u64;
                    if !status.is_success() {
                        let text =
                            String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
                        tally.error(format!("{} {} → {status}: {text}", call.method, call.path));
                    }
                }
                Err(error) => {
                    tally.error(format!("{} {} → {error:#}", call.method, call.path));
                    sender = connect(server).await?;
                }
            }
        }
        step += 1;
    }
    Ok(tally)
}

/// One keep-alive HTTP/1.1 connection.
pub async fn connect(server: SocketAddr) -> Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(server)
        .await
        .with_context(|| format!("connecting to {server}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}

/// Sends one call and reads the whole answer.
pub async fn send(
    sender: &mut SendRequest<Full<Bytes>>,
    host: &str,
    call: &Call,
) -> Result<Answer> {
    sender.ready().await?;
    let mut request = hyper::Request::builder()
        .method(call.method.clone())
        .uri(&call.path)
        .header(HOST, host);
    if let Some(token) = &call.token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    if call.body.is_some() {
        request = request.header(CONTENT_TYPE, "application/json");
    }
    if call.compressed {
        request = request.header(ACCEPT_ENCODING, "br, gzip");
    }
    let request = request.body(Full::new(call.body.clone().unwrap_or_default()))?;
    let response = sender.send_request(request).await?;
    let status = response.status();
    let encoding = response
        .headers()
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.into_body().collect().await?.to_bytes();
    Ok(Answer {
        status,
        encoding,
        body,
    })
}

/// One request on a fresh connection, for the set-up.
pub async fn once(server: SocketAddr, call: &Call) -> Result<Answer> {
    let mut sender = connect(server).await?;
    send(&mut sender, &server.to_string(), call).await
}

/// A GET that must answer 2xx with JSON.
pub async fn get_json(server: SocketAddr, path: &str) -> Result<serde_json::Value> {
    let answer = once(server, &Call::get(path)).await?;
    if !answer.status.is_success() {
        bail!("GET {path} answered {}", answer.status);
    }
    Ok(serde_json::from_slice(&answer.body)?)
}
