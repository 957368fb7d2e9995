//! A tiny TCP proxy in front of Redis, one per instance, that the chaos driver can cut:
//! while blocked, every open connection is dropped and new ones are closed at once, as if
//! the instance's network path to Redis were down. No root needed.

use std::net::SocketAddr;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct Proxy {
    pub port: u16,
    blocked: watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    pub async fn start(port: u16, upstream: u16) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let (blocked, watching) = watch::channel(false);
        let upstream = SocketAddr::from(([127, 0, 0, 1], upstream));
        let task = tokio::spawn(accept(listener, upstream, watching));
        Ok(Self { port, blocked, task })
    }

    pub fn block(&self, on: bool) {
        self.blocked.send_replace(on);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept(listener: TcpListener, upstream: SocketAddr, blocked: watch::Receiver<bool>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((client, _)) = listener.accept().await else { continue };
        if *blocked.borrow() {
            drop(client);
            continue;
        }
        connections.spawn(pipe(client, upstream, blocked.clone()));
        while connections.try_join_next().is_some() {}
    }
}

async fn pipe(mut client: TcpStream, upstream: SocketAddr, mut blocked: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(upstream).await else { return };
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = blocked.wait_for(|on| *on) => {}
    }
}
