//! A real SMTP server on loopback for the email tests: it speaks just enough SMTP for a
//! client to deliver, keeps what arrives, and can refuse the first messages (451) to
//! exercise retries.

use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    /// Listens on 127.0.0.1 (a free port); the first `refuse` messages get a 451.
    pub async fn start(refuse: usize) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let refusals = Arc::new(Mutex::new(refuse));
        let store = received.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (store, refusals) = (store.clone(), refusals.clone());
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink ESMTP\r\n").await;
                    while let Ok(Some(line)) = lines.next_line().await {
                        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
                        let reply: &[u8] = match verb.as_str() {
                            "EHLO" | "HELO" => b"250 sink\r\n",
                            "DATA" => {
                                let _ = write.write_all(b"354 end with .\r\n").await;
                                let mut message = String::new();
                                while let Ok(Some(line)) = lines.next_line().await {
                                    if line == "." {
                                        break;
                                    }
                                    message.push_str(&line);
                                    message.push('\n');
                                }
                                let refuse = {
                                    let mut left = refusals.lock().expect("lock");
                                    let refuse = *left > 0;
                                    *left = left.saturating_sub(1);
                                    refuse
                                };
                                if refuse {
                                    b"451 try again later\r\n"
                                } else {
                                    store.lock().expect("lock").push(message);
                                    b"250 queued\r\n"
                                }
                            }
                            "QUIT" => {
                                let _ = write.write_all(b"221 bye\r\n").await;
                                break;
                            }
                            _ => b"250 ok\r\n",
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        SmtpSink { port, received }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn messages(&self) -> Vec<String> {
        self.received.lock().expect("lock").clone()
    }

    /// Waits (up to 20 s) until `n` messages arrived, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<String> {
        for _ in 0..200 {
            if self.messages().len() >= n {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        self.messages()
    }
}
