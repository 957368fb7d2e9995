//! A minimal HTTP/1.1 keep-alive client for POST /graphql: the load generator shares the
//! machine's two cores with Kassa, so it spends as little CPU per request as it can.

use std::net::SocketAddr;

use anyhow::{Context, bail};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct HttpConn {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    buf: Vec<u8>,
    request: Vec<u8>,
}

impl HttpConn {
    pub fn new(addr: SocketAddr) -> Self {
        Self { addr, stream: None, buf: Vec::with_capacity(8192), request: Vec::with_capacity(2048) }
    }

    /// POSTs a GraphQL body; returns the response body. Reconnects once when the kept-alive
    /// connection was closed by the server.
    pub async fn post(&mut self, token: Option<&str>, body: &str) -> anyhow::Result<&[u8]> {
        self.request.clear();
        self.request.extend_from_slice(b"POST /graphql HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n");
        if let Some(token) = token {
            self.request.extend_from_slice(b"Authorization: Bearer ");
            self.request.extend_from_slice(token.as_bytes());
            self.request.extend_from_slice(b"\r\n");
        }
        self.request.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        self.request.extend_from_slice(body.as_bytes());
        let fresh = self.stream.is_none();
        match self.round_trip().await {
            Ok(range) => Ok(&self.buf[range]),
            Err(_) if !fresh => {
                self.stream = None;
                let range = self.round_trip().await?;
                Ok(&self.buf[range])
            }
            Err(error) => {
                self.stream = None;
                Err(error)
            }
        }
    }

    async fn round_trip(&mut self) -> anyhow::Result<std::ops::Range<usize>> {
        if self.stream.is_none() {
            let stream = TcpStream::connect(self.addr).await.with_context(|| format!("connecting {}", self.addr))?;
            stream.set_nodelay(true)?;
            self.stream = Some(stream);
        }
        let stream = self.stream.as_mut().expect("connected");
        stream.write_all(&self.request).await?;
        self.buf.clear();
        let header_end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            if read_more(stream, &mut self.buf).await? == 0 {
                bail!("connection closed");
            }
        };
        let head = std::str::from_utf8(&self.buf[..header_end]).context("response head")?;
        if !head.starts_with("HTTP/1.1 200") {
            let status = head.lines().next().unwrap_or_default().to_owned();
            self.stream = None;
            bail!("HTTP status {status}");
        }
        let length = head
            .lines()
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
            })
            .context("response without content-length")?;
        while self.buf.len() < header_end + length {
            if read_more(stream, &mut self.buf).await? == 0 {
                bail!("connection closed mid-body");
            }
        }
        Ok(header_end..header_end + length)
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    buf.reserve(8192);
    stream.read_buf(buf).await
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// True when a GraphQL response carries errors (checked without parsing, on the hot path).
pub fn has_errors(body: &[u8]) -> bool {
    find(body, b"\"errors\"").is_some()
}

/// One request, parsed: for set-up and the drivers that need values back.
pub async fn query(conn: &mut HttpConn, token: Option<&str>, body: &Value) -> anyhow::Result<Value> {
    let text = body.to_string();
    let response: Value = serde_json::from_slice(conn.post(token, &text).await?)?;
    if let Some(errors) = response.get("errors") {
        bail!("GraphQL errors: {errors}");
    }
    Ok(response)
}
