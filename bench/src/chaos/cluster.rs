//! Everything a chaos run starts: PostgreSQL, Redis, one Redis proxy per instance, the
//! instances; and the set-up through the API (an admin cashier, a payment system, customers).

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use serde_json::{Value, json};

use super::Options;
use super::procs::{self, Postgres, Process, Scratch};
use super::proxy::Proxy;

/// The sealing key of the run's payment system (32 bytes, base64): test-only.
const SECRET_KEY: &str = "a2Fzc2EtY2hhb3Mtc2VhbGluZy1rZXktMzJieXRlcyE=";
const PASSWORD: &str = "correct horse battery";

pub struct Cluster {
    bin: PathBuf,
    pub postgres: Postgres,
    redis: Process,
    pub redis_port: u16,
    pub proxies: Vec<Proxy>,
    instances: Vec<Process>,
    ports: Vec<u16>,
    http: reqwest::Client,
    // Last: removed after the processes above have stopped.
    scratch: Scratch,
}

impl Cluster {
    pub async fn start(options: &Options) -> anyhow::Result<Self> {
        let mut seed = options.seed ^ u64::from(std::process::id());
        let scratch = Scratch::new(options.seed)?;
        let postgres = Postgres::start(&scratch.0, procs::free_port(&mut seed)).await?;
        let redis_port = procs::free_port(&mut seed);
        let redis = procs::redis(redis_port, &scratch.0)?;
        let mut proxies = Vec::new();
        let mut ports = Vec::new();
        for _ in 0..options.instances {
            proxies.push(Proxy::start(procs::free_port(&mut seed), redis_port).await?);
            ports.push(procs::free_port(&mut seed));
        }
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?;
        let bin = options.kassa_bin.clone();
        let mut cluster =
            Self { bin, postgres, redis, redis_port, proxies, instances: Vec::new(), ports, http, scratch };
        procs::kassa_tool(&cluster.bin, &["migrate"], &cluster.env(0)).await?;
        for i in 0..options.instances {
            let process = cluster.spawn(i)?;
            cluster.instances.push(process);
        }
        cluster.all_ready().await?;
        Ok(cluster)
    }

    /// The run's temporary folder (removed on drop).
    pub fn scratch(&self) -> &std::path::Path {
        &self.scratch.0
    }

    pub fn ports(&self) -> &[u16] {
        &self.ports
    }

    pub fn database_url(&self) -> String {
        self.postgres.url()
    }

    pub fn urls(&self) -> Vec<String> {
        self.ports.iter().map(|port| format!("http://127.0.0.1:{port}")).collect()
    }

    fn env(&self, i: usize) -> Vec<(&'static str, String)> {
        vec![
            ("DATABASE_URL", self.postgres.url()),
            ("REDIS_URL", format!("redis://127.0.0.1:{}", self.proxies[i].port)),
            ("KASSA_SECRET_KEY", SECRET_KEY.into()),
            ("KASSA_METRICS_LISTEN", String::new()),
            ("KASSA_DB_POOL_SIZE", "8".into()),
            ("KASSA_WS_MAX_PER_ADDRESS", "0".into()),
            ("KASSA_WS_MAX_PER_USER", "0".into()),
            ("KASSA_SIGNUP_ADDRESS_LIMIT", "0".into()),
            ("KASSA_SIGNIN_ADDRESS_LIMIT", "0".into()),
            ("KASSA_ADMIN_PASSWORD", PASSWORD.into()),
            ("RUST_LOG", "warn".into()),
        ]
    }

    fn spawn(&self, i: usize) -> anyhow::Result<Process> {
        let log = self.scratch.0.join(format!("kassa-{i}.log"));
        procs::kassa(&self.bin, self.ports[i], &self.env(i), &log)
    }

    pub fn kill(&mut self, i: usize) {
        self.instances[i].kill();
    }

    pub fn restart(&mut self, i: usize) -> anyhow::Result<()> {
        self.instances[i] = self.spawn(i)?;
        Ok(())
    }

    pub fn redis_down(&mut self) {
        self.redis.kill();
    }

    pub fn redis_up(&mut self) -> anyhow::Result<()> {
        self.redis = procs::redis(self.redis_port, &self.scratch.0)?;
        Ok(())
    }

    /// Waits until every instance's /readyz answers 200.
    pub async fn all_ready(&self) -> anyhow::Result<()> {
        for url in self.urls() {
            procs::wait_ready(&self.http, &format!("{url}/readyz"), Duration::from_secs(60)).await?;
        }
        Ok(())
    }

    /// Copies the instances' logs out of the scratch folder (removed on drop).
    pub fn keep_logs(&self) -> anyhow::Result<PathBuf> {
        let kept = std::env::temp_dir().join(format!("{}-logs", self.scratch.0.display()));
        std::fs::create_dir_all(&kept)?;
        for i in 0..self.ports.len() {
            let name = format!("kassa-{i}.log");
            std::fs::copy(self.scratch.0.join(&name), kept.join(&name))?;
        }
        Ok(kept)
    }

    async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> anyhow::Result<Value> {
        let mut request = self.http.post(format!("{}/graphql", self.urls()[0]));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let body: Value = request.json(&json!({ "query": query, "variables": variables })).send().await?.json().await?;
        if body.get("errors").is_some() {
            bail!("set-up failed: {body}");
        }
        Ok(body["data"].clone())
    }

    /// An admin cashier, a payment system and `customers` customers: their (token, wallet),
    /// the cashier's token, the payment system's id.
    pub async fn set_up(&self, customers: usize) -> anyhow::Result<(Vec<(String, String)>, String, String)> {
        let email = "admin@chaos.local";
        let args = ["create-admin", "--email", email, "--name", "Admin", "--cashier"];
        procs::kassa_tool(&self.bin, &args, &self.env(0)).await?;
        let sign_in = "mutation($input: SignInInput!) { signIn(input: $input) { token } }";
        let admin = self.gql(None, sign_in, json!({ "input": { "email": email, "password": PASSWORD } })).await?;
        let cashier = admin["signIn"]["token"].as_str().context("a token")?.to_owned();
        let create = "mutation { createPaymentSystemBinding(input: { provider: QIWI, name: \"Q\", merchantId: \"m\", secret: \"s\", enabled: true }) { id } }";
        let system = self.gql(Some(&cashier), create, json!({})).await?;
        let system = system["createPaymentSystemBinding"]["id"].as_str().context("an id")?.to_owned();
        let sign_up = "mutation($input: SignUpInput!) { signUp(input: $input) { token user { wallet { number } } } }";
        let mut all = Vec::new();
        for n in 0..customers {
            let input = json!({ "input": { "email": format!("c{n}@chaos.local"), "password": PASSWORD, "name": "C" } });
            let data = self.gql(None, sign_up, input).await?;
            let token = data["signUp"]["token"].as_str().context("a token")?.to_owned();
            let wallet = data["signUp"]["user"]["wallet"]["number"].as_str().context("a wallet")?.to_owned();
            all.push((token, wallet));
        }
        Ok((all, cashier, system))
    }
}
