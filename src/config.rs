use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context, bail};
use rust_decimal::Decimal;

mod jwt;
mod online;
mod redis_url;
pub use jwt::JwtConfig;
pub use online::OnlineConfig;

/// Everything Kassa reads from its environment. Each field documents its variable.
#[derive(Clone, Debug)]
pub struct Config {
    /// `DATABASE_URL`: PostgreSQL as the server uses it; the database is created at start-up
    /// if missing. `?sslmode=require|verify-ca|verify-full` (and `&sslrootcert=/path/ca.pem`)
    /// encrypts, as libpq does (`db::tls`).
    pub database_url: String,
    /// `DATABASE_MIGRATION_URL`: PostgreSQL as the owner of the tables, for creating the
    /// database and migrating it (default: `DATABASE_URL`). When its role differs, the
    /// server's role is granted only what it needs, and cannot disable the triggers.
    pub database_migration_url: String,
    /// `DATABASE_READ_URL`: a streaming replica of that PostgreSQL, for the reads that may
    /// lag (history pages, `recentTransactions`, `users`); unset means every read goes to
    /// `DATABASE_URL`. TLS as there. Never used for money, sessions or balances after a move.
    pub database_read_url: Option<String>,
    /// `KASSA_READ_MAX_LAG`: how far behind the primary the replica may be and still serve
    /// reads (default 5s; `1500ms` works too). Past it, or while the replica is down, reads go
    /// to the primary.
    pub read_max_lag: Duration,
    /// `REDIS_URL`: Redis for events between instances; unset means an in-process broker.
    /// `rediss://` for TLS; `redis://user:password@host` or `redis://:password@host` to AUTH.
    /// Several nodes, comma-separated, mean a Redis Cluster (`config/redis_url.rs`).
    pub redis_url: Option<String>,
    /// REDIS_URL's nodes, each a whole URL (empty without REDIS_URL); two or more: cluster mode.
    pub redis_nodes: Vec<String>,
    /// `KASSA_EVENT_SHARDS`: in cluster mode, balance events go over this many sharded
    /// channels (wallet id modulo it); an instance subscribes to the ones its clients watch.
    pub event_shards: u16,
    /// `KASSA_REDIS_CA`: a PEM file of the root certificates a `rediss://` server's
    /// certificate must chain to; unset means the system roots.
    pub redis_ca: Option<String>,
    /// `KASSA_REDIS_PREFIX`: prefix of every Redis channel, so deployments can share a Redis.
    pub redis_prefix: String,
    /// `KASSA_LISTEN`: the address to serve HTTP and WebSocket on.
    pub listen: SocketAddr,
    /// `KASSA_METRICS_LISTEN`: the address of the Prometheus `/metrics` listener (default
    /// `127.0.0.1:9464`); empty switches it off.
    pub metrics_listen: Option<SocketAddr>,
    /// `KASSA_CURRENCY`: ISO 4217 code of every wallet (a currency with 2 fraction digits).
    pub currency: String,
    /// `KASSA_ALLOW_SIGNUP`: whether anyone may create an account with signUp.
    pub allow_signup: bool,
    /// `KASSA_MAX_AMOUNT`: the largest amount one operation may move.
    pub max_amount: Decimal,
    /// `KASSA_TOKEN_TTL`: session lifetime, e.g. `30d`, `12h`, `900s` or plain seconds.
    pub token_ttl: Duration,
    /// `KASSA_DB_POOL_SIZE`: connections per instance.
    pub db_pool_size: usize,
    /// `KASSA_WEB_DIR`: a directory to serve the web app (and GraphiQL's files) from under
    /// /app, e.g. a live development build; unset (the default) serves the build carried
    /// in the binary (client-examples/web/dist at compile time).
    pub web_dir: Option<String>,
    /// `KASSA_LOG_FORMAT`: `pretty` (default) or `json`.
    pub log_json: bool,
    /// `KASSA_PLAYGROUND`: serve GraphiQL on GET /graphql (default true; off in production).
    pub playground: bool,
    /// `KASSA_INTROSPECTION`: answer introspection queries and suggest field names in errors
    /// (default true; off in production).
    pub introspection: bool,
    /// `KASSA_CORS_ORIGINS`: comma-separated origins a browser may call the API from; empty
    /// (the default) sends no CORS headers, so only same-origin pages can read answers.
    pub cors_origins: Vec<String>,
    /// `KASSA_WS_ORIGINS`: comma-separated origins allowed to open /graphql/ws; empty (the
    /// default) accepts any Origin. A disallowed Origin gets 403 before the upgrade.
    pub ws_origins: Vec<String>,
    /// `KASSA_SIGNIN_ADDRESS_LIMIT`: failed sign-ins one client address may make in 15
    /// minutes (default 30; 0 switches the per-address limit off, e.g. behind a proxy).
    pub signin_address_limit: u32,
    /// `KASSA_SIGNUP_ADDRESS_LIMIT`: sign-ups one client address may make in an hour
    /// (default 20; 0 switches it off). Beyond it, RATE_LIMITED.
    pub signup_address_limit: u32,
    /// `KASSA_DB_STATEMENT_TIMEOUT`: longest a single SQL statement may run (default 5s).
    pub db_statement_timeout: Duration,
    /// `KASSA_DB_LOCK_TIMEOUT`: longest a statement waits for a row lock (default 2s).
    pub db_lock_timeout: Duration,
    /// `KASSA_WS_PING`: how often WebSocket clients are pinged (default 15s); a client silent
    /// for two intervals is dropped.
    pub ws_ping: Duration,
    /// `KASSA_WS_WRITE_TIMEOUT`: the longest one write to a WebSocket client may stay blocked
    /// (default 10s); a client that reads nothing for that long is dropped with 1008.
    pub ws_write_timeout: Duration,
    /// `KASSA_WS_MAX_QUEUE`: frames queued for one WebSocket client beyond what its socket
    /// buffers hold (default 64); a client that falls that far behind is dropped with 1008.
    pub ws_max_queue: usize,
    /// `KASSA_WS_MAX_PER_ADDRESS`: open WebSockets one client address may hold (default 64;
    /// 0 switches the cap off, e.g. behind a proxy).
    pub ws_max_per_address: usize,
    /// `KASSA_WS_MAX_PER_USER`: open WebSockets one signed-in user may hold, counted at
    /// connection_init (default 16; 0 switches the cap off).
    pub ws_max_per_user: usize,
    /// `KASSA_SESSION_CACHE`: how long a checked session is reused without asking the
    /// database again (default 5s; 0 reads it on every request). Sign-outs and role changes
    /// apply at once on every instance whatever this is; it bounds only changes made
    /// behind Kassa's back (SQL by hand).
    pub session_cache: Duration,
    /// `KASSA_QUERY_COST_LIMIT`: the most one document may cost (default 10000): every field
    /// costs 1 and a connection's children cost `first` times over (see `graphql::cost`).
    pub query_cost_limit: u64,
    /// `KASSA_MAX_RESPONSE`: the largest response body, in bytes (default 1048576); a larger
    /// answer is replaced by QUERY_TOO_COMPLEX.
    pub max_response: usize,
    /// `KASSA_HTTP_HEADER_TIMEOUT`: how long a client has to send a whole request head (request
    /// line and headers) once it has begun one, or once it connected (default 30s). Past it
    /// the connection is closed without an answer.
    pub http_header_timeout: Duration,
    /// `KASSA_HTTP_REQUEST_TIMEOUT`: the longest a request may take from its head to the
    /// handler's answer, reading the body included (default 30s). Past it the handler is
    /// dropped and the client gets 503 with SERVICE_UNAVAILABLE. A WebSocket connection is
    /// not a request: it outlives its upgrade.
    pub http_request_timeout: Duration,
    /// `KASSA_HTTP_IDLE_TIMEOUT`: how long a keep-alive connection may wait for its next
    /// request (default 75s, above the 60 s idle timeout of common load balancers, so that
    /// they close first); then it is closed. Also how long a response may wait for a client
    /// that does not read it.
    pub http_idle_timeout: Duration,
    /// `KASSA_HTTP_MAX_CONNECTIONS`: open client connections, WebSockets included (default
    /// 10000). At the cap the server stops accepting: new connections wait in the kernel's
    /// accept backlog until one closes.
    pub http_max_connections: usize,
    /// `KASSA_WEBHOOK_RETRY_BASE`: the first pause before a failed webhook delivery is tried
    /// again (default 1s); it doubles with every attempt, up to an hour.
    pub webhook_retry_base: Duration,
    /// `KASSA_DRAIN_GRACE`: on SIGTERM, how long the server keeps serving with `/readyz`
    /// answering 503 before it stops accepting (default 0). Behind a load balancer, set it
    /// above the balancer's health-check interval times its fall count, so the balancer
    /// stops sending requests before the listener closes.
    pub drain_grace: Duration,
    /// Online payments: the sealing keys, the public URL, the invoice lifetime.
    pub online: OnlineConfig,
    /// The portal's sign-in: the HS256 secret, the JWKS, the issuer and audience.
    pub jwt: JwtConfig,
}

impl Config {
    /// The address payment systems reach Kassa at: `KASSA_PUBLIC_URL`, else `http://` and the
    /// address bound (the server puts the bound address into `listen` once it has it).
    pub(crate) fn public_url(&self) -> String {
        self.online.public_url.clone().unwrap_or_else(|| format!("http://{}", self.listen))
    }

    /// Reads the process environment.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads configuration through `lookup`, so tests can supply their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let get = |key: &str, default: &str| lookup(key).unwrap_or_else(|| default.to_owned());
        let currency = get("KASSA_CURRENCY", "RUB").to_ascii_uppercase();
        if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
            bail!("KASSA_CURRENCY must be a three-letter ISO 4217 code, got {currency:?}");
        }
        let max_amount: Decimal =
            get("KASSA_MAX_AMOUNT", "1000000.00").parse().context("KASSA_MAX_AMOUNT must be a decimal number")?;
        if max_amount <= Decimal::ZERO || max_amount.scale() > 2 {
            bail!("KASSA_MAX_AMOUNT must be positive with at most 2 fraction digits");
        }
        let redis_url = lookup("REDIS_URL").filter(|url| !url.is_empty());
        let redis_ca = lookup("KASSA_REDIS_CA").filter(|path| !path.is_empty());
        if redis_ca.is_some() && !redis_url.as_deref().is_some_and(|url| url.starts_with("rediss://")) {
            bail!("KASSA_REDIS_CA is set but REDIS_URL is not a rediss:// (TLS) URL");
        }
        let redis_nodes = match &redis_url {
            Some(url) => redis_url::nodes(url)?,
            None => Vec::new(),
        };
        let event_shards: u16 = get("KASSA_EVENT_SHARDS", "64")
            .parse()
            .ok()
            .filter(|shards| (1..=16384).contains(shards))
            .context("KASSA_EVENT_SHARDS must be a whole number from 1 to 16384")?;
        let database_url = get("DATABASE_URL", "postgres://postgres@localhost:5432/kassa");
        let listen: SocketAddr =
            get("KASSA_LISTEN", "127.0.0.1:8080").parse().context("KASSA_LISTEN must be host:port")?;
        Ok(Self {
            drain_grace: parse_duration_or_zero(&get("KASSA_DRAIN_GRACE", "0"))
                .context("KASSA_DRAIN_GRACE must look like 2s or 500ms (0: none)")?,
            online: OnlineConfig::from_lookup(&lookup)?,
            jwt: JwtConfig::from_lookup(&lookup)?,
            database_migration_url: lookup("DATABASE_MIGRATION_URL")
                .filter(|url| !url.is_empty())
                .unwrap_or_else(|| database_url.clone()),
            database_url,
            database_read_url: lookup("DATABASE_READ_URL").filter(|url| !url.is_empty()),
            read_max_lag: parse_timeout(&get("KASSA_READ_MAX_LAG", "5s"))
                .context("KASSA_READ_MAX_LAG must look like 5s or 1500ms")?,
            redis_url,
            redis_nodes,
            event_shards,
            redis_ca,
            redis_prefix: get("KASSA_REDIS_PREFIX", "kassa"),
            listen,
            metrics_listen: match get("KASSA_METRICS_LISTEN", "127.0.0.1:9464").trim() {
                "" => None,
                addr => Some(addr.parse().context("KASSA_METRICS_LISTEN must be host:port, or empty for none")?),
            },
            currency,
            allow_signup: parse_bool(&get("KASSA_ALLOW_SIGNUP", "true"))
                .context("KASSA_ALLOW_SIGNUP must be true or false")?,
            max_amount,
            token_ttl: parse_duration(&get("KASSA_TOKEN_TTL", "30d"))
                .context("KASSA_TOKEN_TTL must look like 30d, 12h, 15m or 900s")?,
            db_pool_size: get("KASSA_DB_POOL_SIZE", "16")
                .parse()
                .context("KASSA_DB_POOL_SIZE must be a whole number")?,
            web_dir: lookup("KASSA_WEB_DIR").filter(|dir| !dir.is_empty()),
            log_json: get("KASSA_LOG_FORMAT", "pretty") == "json",
            playground: parse_bool(&get("KASSA_PLAYGROUND", "true"))
                .context("KASSA_PLAYGROUND must be true or false")?,
            introspection: parse_bool(&get("KASSA_INTROSPECTION", "true"))
                .context("KASSA_INTROSPECTION must be true or false")?,
            cors_origins: parse_list(&get("KASSA_CORS_ORIGINS", "")),
            ws_origins: parse_list(&get("KASSA_WS_ORIGINS", "")),
            signin_address_limit: get("KASSA_SIGNIN_ADDRESS_LIMIT", "30")
                .parse()
                .context("KASSA_SIGNIN_ADDRESS_LIMIT must be a whole number")?,
            signup_address_limit: get("KASSA_SIGNUP_ADDRESS_LIMIT", "20")
                .parse()
                .context("KASSA_SIGNUP_ADDRESS_LIMIT must be a whole number")?,
            db_statement_timeout: parse_timeout(&get("KASSA_DB_STATEMENT_TIMEOUT", "5s"))
                .context("KASSA_DB_STATEMENT_TIMEOUT must look like 5s or 1500ms")?,
            db_lock_timeout: parse_timeout(&get("KASSA_DB_LOCK_TIMEOUT", "2s"))
                .context("KASSA_DB_LOCK_TIMEOUT must look like 2s or 500ms")?,
            ws_ping: parse_timeout(&get("KASSA_WS_PING", "15s"))
                .context("KASSA_WS_PING must look like 15s or 500ms")?,
            ws_write_timeout: parse_timeout(&get("KASSA_WS_WRITE_TIMEOUT", "10s"))
                .context("KASSA_WS_WRITE_TIMEOUT must look like 10s or 500ms")?,
            ws_max_queue: match get("KASSA_WS_MAX_QUEUE", "64").parse() {
                Ok(0) | Err(_) => bail!("KASSA_WS_MAX_QUEUE must be a positive whole number"),
                Ok(frames) => frames,
            },
            ws_max_per_address: get("KASSA_WS_MAX_PER_ADDRESS", "64")
                .parse()
                .context("KASSA_WS_MAX_PER_ADDRESS must be a whole number (0: no cap)")?,
            ws_max_per_user: get("KASSA_WS_MAX_PER_USER", "16")
                .parse()
                .context("KASSA_WS_MAX_PER_USER must be a whole number (0: no cap)")?,
            session_cache: parse_duration_or_zero(&get("KASSA_SESSION_CACHE", "5s"))
                .context("KASSA_SESSION_CACHE must look like 5s, or 0 to switch it off")?,
            query_cost_limit: get("KASSA_QUERY_COST_LIMIT", "10000")
                .parse()
                .context("KASSA_QUERY_COST_LIMIT must be a whole number")?,
            max_response: get("KASSA_MAX_RESPONSE", "1048576")
                .parse()
                .context("KASSA_MAX_RESPONSE must be a whole number of bytes")?,
            http_header_timeout: parse_timeout(&get("KASSA_HTTP_HEADER_TIMEOUT", "30s"))
                .context("KASSA_HTTP_HEADER_TIMEOUT must look like 30s or 1500ms")?,
            http_request_timeout: parse_timeout(&get("KASSA_HTTP_REQUEST_TIMEOUT", "30s"))
                .context("KASSA_HTTP_REQUEST_TIMEOUT must look like 30s or 1500ms")?,
            http_idle_timeout: parse_timeout(&get("KASSA_HTTP_IDLE_TIMEOUT", "75s"))
                .context("KASSA_HTTP_IDLE_TIMEOUT must look like 75s or 1500ms")?,
            webhook_retry_base: parse_timeout(&get("KASSA_WEBHOOK_RETRY_BASE", "1s"))
                .context("KASSA_WEBHOOK_RETRY_BASE must look like 1s or 200ms")?,
            http_max_connections: match get("KASSA_HTTP_MAX_CONNECTIONS", "10000").parse() {
                Ok(0) | Err(_) => bail!("KASSA_HTTP_MAX_CONNECTIONS must be a whole number above 0"),
                Ok(max) => max,
            },
        })
    }
}

fn parse_bool(value: &str) -> anyhow::Result<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("not a boolean: {value:?}"),
    }
}

/// Splits a comma-separated list, dropping blanks and a trailing slash of each origin.
fn parse_list(value: &str) -> Vec<String> {
    value.split(',').map(|item| item.trim().trim_end_matches('/').to_owned()).filter(|item| !item.is_empty()).collect()
}

/// Parses `1500ms` or anything [`parse_duration`] takes (a database timeout).
pub(crate) fn parse_timeout(value: &str) -> anyhow::Result<Duration> {
    match value.trim().strip_suffix("ms") {
        Some(millis) => match millis.parse::<u64>().context("missing number")? {
            0 => bail!("must be positive"),
            millis => Ok(Duration::from_millis(millis)),
        },
        None => parse_duration(value),
    }
}

/// Like [`parse_timeout`], and `0` for "off".
pub(crate) fn parse_duration_or_zero(value: &str) -> anyhow::Result<Duration> {
    if value.trim() == "0" { Ok(Duration::ZERO) } else { parse_timeout(value) }
}

/// Parses `30d`, `12h`, `15m`, `900s` or `900` (seconds).
pub(crate) fn parse_duration(value: &str) -> anyhow::Result<Duration> {
    let value = value.trim();
    let (digits, unit) = match value.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => value.split_at(at),
        None => (value, "s"),
    };
    let count: u64 = digits.parse().context("missing number")?;
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        other => bail!("unknown unit {other:?}"),
    };
    if count == 0 {
        bail!("must be positive");
    }
    Ok(Duration::from_secs(count * seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_work_without_any_variable() {
        let config = Config::from_lookup(|_| None).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(config.metrics_listen.map(|addr| addr.to_string()).as_deref(), Some("127.0.0.1:9464"));
        assert_eq!(config.currency, "RUB");
        assert_eq!(config.max_amount.to_string(), "1000000.00");
        assert_eq!(config.token_ttl, Duration::from_secs(30 * 86_400));
        assert!(config.redis_url.is_none());
        assert!(config.database_read_url.is_none());
        assert_eq!(config.read_max_lag, Duration::from_secs(5));
        assert!(config.allow_signup);
        assert!(config.playground && config.introspection);
        assert!(config.cors_origins.is_empty() && config.ws_origins.is_empty());
        assert_eq!(
            (config.db_statement_timeout, config.db_lock_timeout),
            (Duration::from_secs(5), Duration::from_secs(2))
        );
        assert_eq!(
            (config.http_header_timeout, config.http_request_timeout, config.http_idle_timeout),
            (Duration::from_secs(30), Duration::from_secs(30), Duration::from_secs(75))
        );
        assert_eq!(config.http_max_connections, 10_000);
        assert_eq!(config.drain_grace, Duration::ZERO);
        assert_eq!((config.ws_write_timeout, config.ws_max_queue), (Duration::from_secs(10), 64));
        assert_eq!((config.ws_max_per_address, config.ws_max_per_user), (64, 16));
    }

    #[test]
    fn http_limits_parse_like_the_other_timeouts() {
        let env = [
            ("KASSA_HTTP_HEADER_TIMEOUT", "1500ms"),
            ("KASSA_HTTP_REQUEST_TIMEOUT", "2s"),
            ("KASSA_HTTP_IDLE_TIMEOUT", "90"),
            ("KASSA_HTTP_MAX_CONNECTIONS", "500"),
            ("KASSA_DRAIN_GRACE", "3s"),
        ];
        let lookup = |key: &str| env.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
        let config = Config::from_lookup(lookup).unwrap();
        assert_eq!(config.http_header_timeout, Duration::from_millis(1500));
        assert_eq!(config.http_request_timeout, Duration::from_secs(2));
        assert_eq!(config.http_idle_timeout, Duration::from_secs(90));
        assert_eq!(config.http_max_connections, 500);
        assert_eq!(config.drain_grace, Duration::from_secs(3));
        for (key, bad) in [("KASSA_HTTP_MAX_CONNECTIONS", "0"), ("KASSA_HTTP_IDLE_TIMEOUT", "0s")] {
            assert!(Config::from_lookup(|k: &str| (k == key).then(|| bad.to_owned())).is_err(), "{key}={bad}");
        }
    }

    #[test]
    fn websocket_bounds_parse_and_zero_switches_a_cap_off() {
        let env = [
            ("KASSA_WS_WRITE_TIMEOUT", "250ms"),
            ("KASSA_WS_MAX_QUEUE", "8"),
            ("KASSA_WS_MAX_PER_ADDRESS", "0"),
            ("KASSA_WS_MAX_PER_USER", "2"),
        ];
        let lookup = |key: &str| env.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned());
        let config = Config::from_lookup(lookup).unwrap();
        assert_eq!((config.ws_write_timeout, config.ws_max_queue), (Duration::from_millis(250), 8));
        assert_eq!((config.ws_max_per_address, config.ws_max_per_user), (0, 2));
        for (key, bad) in
            [("KASSA_WS_MAX_QUEUE", "0"), ("KASSA_WS_WRITE_TIMEOUT", "0s"), ("KASSA_WS_MAX_PER_USER", "-1")]
        {
            let lookup = |k: &str| (k == key).then(|| bad.to_owned());
            assert!(Config::from_lookup(lookup).is_err(), "{key}={bad} is refused");
        }
    }

    #[test]
    fn origin_lists_and_millisecond_timeouts_parse() {
        assert_eq!(parse_list(" https://a.example/, ,http://b:3000"), ["https://a.example", "http://b:3000"]);
        assert_eq!(parse_timeout("1500ms").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_timeout("2s").unwrap(), Duration::from_secs(2));
        assert!(parse_timeout("0ms").is_err());
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(parse_duration("12h").unwrap(), Duration::from_secs(43_200));
        assert_eq!(parse_duration("900").unwrap(), Duration::from_secs(900));
        assert!(parse_duration("0s").is_err());
        assert!(parse_duration("5y").is_err());
    }

    #[test]
    fn a_redis_ca_needs_a_rediss_url() {
        let with = |url: &'static str| {
            move |key: &str| match key {
                "REDIS_URL" => Some(url.to_owned()),
                "KASSA_REDIS_CA" => Some("/etc/kassa/redis-ca.pem".to_owned()),
                _ => None,
            }
        };
        assert!(Config::from_lookup(with("redis://:secret@redis:6379")).is_err());
        let config = Config::from_lookup(with("rediss://kassa:secret@redis:6380")).unwrap();
        assert_eq!(config.redis_ca.as_deref(), Some("/etc/kassa/redis-ca.pem"));
    }

    #[test]
    fn an_empty_metrics_address_switches_the_listener_off() {
        let with = |value: &'static str| move |key: &str| (key == "KASSA_METRICS_LISTEN").then(|| value.to_owned());
        assert!(Config::from_lookup(with("")).unwrap().metrics_listen.is_none());
        assert_eq!(Config::from_lookup(with("0.0.0.0:9100")).unwrap().metrics_listen.unwrap().port(), 9100);
        assert!(Config::from_lookup(with("nine")).is_err());
    }

    #[test]
    fn a_bad_maximum_is_refused() {
        let lookup = |key: &str| (key == "KASSA_MAX_AMOUNT").then(|| "1.001".to_owned());
        assert!(Config::from_lookup(lookup).is_err());
    }
}
