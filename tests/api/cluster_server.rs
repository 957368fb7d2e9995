//! A private Redis Cluster for tests: three masters and three replicas on loopback, in a
//! temporary directory, made with `redis-cli --cluster create` and killed on drop.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::certs::TempDir;

const NODES: usize = 6;

pub struct RedisCluster {
    /// Client ports; each node's cluster bus is on `port + 10000`.
    pub ports: Vec<u16>,
    children: Vec<Option<Child>>,
    _dir: TempDir,
}

/// One line of CLUSTER NODES.
#[derive(Debug)]
pub struct Node {
    pub id: String,
    pub port: u16,
    pub master: bool,
    /// A replica's master id.
    pub of: Option<String>,
    pub slots: Vec<(u16, u16)>,
    pub failed: bool,
}

impl RedisCluster {
    /// Starts six nodes on free ports (client 12000-21999, bus 22000-31999: all below
    /// 32768) and joins them into a cluster whose state is ok on every node.
    pub async fn start() -> Self {
        // Another test process may take a port between the check and the bind: retry.
        for _ in 0..5 {
            let base = 12_000 + rand::random::<u16>() % 9_990;
            let ports: Vec<u16> = (base..base + NODES as u16).collect();
            let free = ports.iter().all(|p| {
                std::net::TcpListener::bind(("127.0.0.1", *p)).is_ok()
                    && std::net::TcpListener::bind(("127.0.0.1", *p + 10_000)).is_ok()
            });
            if !free {
                continue;
            }
            let mut cluster = Self { ports, children: Vec::new(), _dir: TempDir::new("redis-cluster") };
            if cluster.try_start().await {
                return cluster;
            }
            cluster.stop_all();
        }
        panic!("no Redis Cluster started on six free ports");
    }

    async fn try_start(&mut self) -> bool {
        for port in self.ports.clone() {
            let child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--cluster-enabled", "yes"])
                .args(["--cluster-config-file", &format!("nodes-{port}.conf"), "--cluster-node-timeout", "1000"])
                .args(["--save", "", "--appendonly", "no"])
                .arg("--dir")
                .arg(self._dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("redis-server is installed");
            self.children.push(Some(child));
        }
        for port in &self.ports {
            if !answers(*port).await {
                return false;
            }
        }
        let nodes: Vec<String> = self.ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
        let created = Command::new("redis-cli")
            .args(["--cluster", "create"])
            .args(&nodes)
            .args(["--cluster-replicas", "1", "--cluster-yes"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("redis-cli is installed");
        created.success() && self.wait_ok(Duration::from_secs(20)).await
    }

    /// Every node's URL, comma-separated: REDIS_URL's cluster form.
    pub fn url(&self) -> String {
        self.ports.iter().map(|p| format!("redis://127.0.0.1:{p}")).collect::<Vec<_>>().join(",")
    }

    /// Runs redis-cli against `port` and answers its output.
    pub fn cli(&self, port: u16, args: &[&str]) -> String {
        let output = Command::new("redis-cli").args(["-p", &port.to_string()]).args(args).output().expect("redis-cli");
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// CLUSTER NODES as a live node sees it.
    pub fn nodes(&self) -> Vec<Node> {
        let port = self.live_ports()[0];
        self.cli(port, &["CLUSTER", "NODES"]).lines().filter_map(parse_node).collect()
    }

    /// The slot `key` (or channel) hashes to.
    pub fn slot_of(&self, key: &str) -> u16 {
        self.cli(self.live_ports()[0], &["CLUSTER", "KEYSLOT", key]).trim().parse().expect("a slot number")
    }

    /// The live master serving `slot`.
    pub fn master_of(&self, slot: u16) -> Node {
        self.nodes()
            .into_iter()
            .find(|n| n.master && !n.failed && n.slots.iter().any(|(a, b)| (*a..=*b).contains(&slot)))
            .expect("a master serves the slot")
    }

    /// A replica of `master`.
    pub fn replica_of(&self, master: &Node) -> Node {
        self.nodes().into_iter().find(|n| n.of.as_deref() == Some(master.id.as_str())).expect("a replica")
    }

    /// SIGKILLs the node on `port`.
    pub fn kill(&mut self, port: u16) {
        let at = self.ports.iter().position(|p| *p == port).expect("a node of this cluster");
        if let Some(mut child) = self.children[at].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Waits until every live node says cluster_state:ok and no live master is missing.
    pub async fn wait_ok(&self, within: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < within {
            let ok = self.live_ports().iter().all(|p| self.cli(*p, &["CLUSTER", "INFO"]).contains("cluster_state:ok"));
            if ok {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    fn live_ports(&self) -> Vec<u16> {
        self.ports.iter().zip(&self.children).filter(|(_, c)| c.is_some()).map(|(p, _)| *p).collect()
    }

    fn stop_all(&mut self) {
        for child in self.children.iter_mut().filter_map(Option::take) {
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        self.stop_all();
    }
}

async fn answers(port: u16) -> bool {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

fn parse_node(line: &str) -> Option<Node> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let port = fields.get(1)?.split(['@', ':']).nth(1)?.parse().ok()?;
    let flags = fields.get(2)?;
    let slots = fields
        .iter()
        .skip(8)
        .filter(|range| !range.starts_with('['))
        .filter_map(|range| {
            let (a, b) = range.split_once('-').unwrap_or((range, range));
            Some((a.parse().ok()?, b.parse().ok()?))
        })
        .collect();
    Some(Node {
        id: fields[0].to_owned(),
        port,
        master: flags.contains("master"),
        of: fields.get(3).filter(|m| **m != "-").map(|m| m.to_string()),
        slots,
        failed: flags.contains("fail"),
    })
}
