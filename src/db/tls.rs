//! How Kassa connects to PostgreSQL, as libpq reads `sslmode` and `sslrootcert` in
//! DATABASE_URL. Every connection (the pool, database creation, migrations, verify-ledger)
//! is opened through a [`Connector`], so all of them encrypt and verify alike.
//!
//! | `sslmode` | what is checked |
//! | --- | --- |
//! | absent, `disable`, `allow`, `prefer` | nothing: a plain connection, as before TLS support |
//! | `require` | encrypted; the certificate is not checked (unless `sslrootcert` is given: then as `verify-ca`, like libpq) |
//! | `verify-ca` | encrypted; the certificate chains to a root in `sslrootcert` (the system roots when absent) |
//! | `verify-full` | as `verify-ca`, and the certificate names the host Kassa connected to |
//!
//! The TLS configuration (roots read, verifier chosen) is built once per [`Connector`];
//! a plain URL is handed to diesel-async untouched.

use std::error::Error as StdError;
use std::sync::Arc;

use anyhow::{Context, bail};
use diesel::ConnectionError;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use percent_encoding::percent_decode_str;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::verify_server_cert_signed_by_trust_anchor;
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use tokio_postgres_rustls::MakeRustlsConnect;

/// What DATABASE_URL's `sslmode` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SslMode {
    Plain,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    /// How an error names the mode: not at all for plain connections, as before TLS.
    fn label(self) -> &'static str {
        match self {
            Self::Plain => "",
            Self::Require => " (sslmode=require)",
            Self::VerifyCa => " (sslmode=verify-ca)",
            Self::VerifyFull => " (sslmode=verify-full)",
        }
    }
}

/// Opens connections to one DATABASE_URL.
pub(crate) struct Connector {
    /// The URL tokio-postgres is given: libpq-only parameters taken out.
    url: String,
    mode: SslMode,
    tls: Option<Tls>,
}

struct Tls {
    config: tokio_postgres::Config,
    connect: MakeRustlsConnect,
}

impl Connector {
    /// Reads `sslmode` and `sslrootcert` and, for an encrypted mode, builds the TLS
    /// configuration (reading the roots) once.
    pub(crate) fn new(database_url: &str) -> anyhow::Result<Self> {
        let target = Target::parse(database_url)?;
        let tls = match target.mode {
            SslMode::Plain => None,
            mode => {
                let config: tokio_postgres::Config = target.url.parse().context("DATABASE_URL is not a valid URL")?;
                let roots = match (mode, target.root_cert.as_deref()) {
                    // libpq: `require` with a root file given verifies the chain, like verify-ca.
                    (SslMode::Require, None) => None,
                    (_, None | Some("system")) => Some(system_roots()?),
                    (_, Some(path)) => Some(file_roots(path)?),
                };
                Some(Tls { config, connect: MakeRustlsConnect::new(client_config(mode, roots)?) })
            }
        };
        Ok(Self { url: target.url, mode: target.mode, tls })
    }

    /// Opens one connection.
    pub(crate) async fn connect(&self) -> Result<AsyncPgConnection, ConnectionError> {
        let Some(tls) = &self.tls else {
            return AsyncPgConnection::establish(&self.url).await;
        };
        let (client, connection) = tls
            .config
            .connect(tls.connect.clone())
            .await
            .map_err(|error| ConnectionError::BadConnection(describe(&error)))?;
        AsyncPgConnection::try_from_client_and_connection(client, connection).await
    }

    /// Opens one connection for `purpose` ("to migrate"), with a message naming the mode.
    pub(crate) async fn connect_for(&self, purpose: &str) -> anyhow::Result<AsyncPgConnection> {
        self.connect().await.with_context(|| format!("connecting to PostgreSQL{} {purpose}", self.mode.label()))
    }
}

/// One connection to `database_url`, for one-off work (verify-ledger).
pub(crate) async fn establish(database_url: &str, purpose: &str) -> anyhow::Result<AsyncPgConnection> {
    Connector::new(database_url)?.connect_for(purpose).await
}

/// DATABASE_URL split into what tokio-postgres reads and what Kassa reads itself.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    url: String,
    mode: SslMode,
    root_cert: Option<String>,
}

impl Target {
    /// tokio-postgres knows `sslmode` only as disable, prefer and require, and refuses
    /// `sslrootcert`: both are read here, and an encrypted mode is passed on as `require`
    /// (tokio-postgres then insists on TLS; the verifier below does the checking).
    fn parse(database_url: &str) -> anyhow::Result<Self> {
        let Some((base, query)) = database_url.split_once('?').filter(|_| database_url.contains("://")) else {
            return Ok(Self { url: database_url.to_owned(), mode: SslMode::Plain, root_cert: None });
        };
        let (mut mode, mut root_cert, mut changed) = (SslMode::Plain, None, false);
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode_str(value).decode_utf8().context("DATABASE_URL: a parameter is not UTF-8")?;
            match &*percent_decode_str(key).decode_utf8_lossy() {
                "sslmode" => {
                    mode = match &*value {
                        // tokio-postgres has no `allow`: plain, as `prefer` is with Kassa.
                        "disable" | "allow" | "prefer" => SslMode::Plain,
                        "require" => SslMode::Require,
                        "verify-ca" => SslMode::VerifyCa,
                        "verify-full" => SslMode::VerifyFull,
                        other => bail!(
                            "DATABASE_URL: sslmode must be disable, allow, prefer, require, verify-ca or \
                             verify-full, not {other:?}"
                        ),
                    };
                    // Only `disable` and `prefer` reach tokio-postgres as written.
                    match &*value {
                        "disable" | "prefer" => kept.push(pair.to_owned()),
                        _ => changed = true,
                    }
                }
                "sslrootcert" => {
                    root_cert = Some(value.into_owned());
                    changed = true;
                }
                _ => kept.push(pair.to_owned()),
            }
        }
        if mode != SslMode::Plain {
            kept.push("sslmode=require".to_owned());
        }
        let url = match (changed, kept.is_empty()) {
            (false, _) => database_url.to_owned(),
            (true, true) => base.to_owned(),
            (true, false) => format!("{base}?{}", kept.join("&")),
        };
        Ok(Self { url, mode, root_cert })
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The rustls configuration for an encrypted mode: `roots` None checks no certificate.
fn client_config(mode: SslMode, roots: Option<RootCertStore>) -> anyhow::Result<ClientConfig> {
    let provider = provider();
    let algorithms = provider.signature_verification_algorithms;
    let builder = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .context("TLS protocol versions")?;
    let config = match (mode, roots) {
        (SslMode::VerifyFull, Some(roots)) => builder.with_root_certificates(roots),
        (_, roots) => builder.dangerous().with_custom_certificate_verifier(Arc::new(ChainOnly { roots, algorithms })),
    };
    Ok(config.with_no_client_auth())
}

/// `require` (no roots: any certificate) and `verify-ca` (the chain, not the name). The
/// handshake's signatures are checked in both, so the server holds the certificate's key.
#[derive(Debug)]
struct ChainOnly {
    roots: Option<RootCertStore>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Some(roots) = &self.roots {
            let certificate = ParsedCertificate::try_from(end_entity)?;
            verify_server_cert_signed_by_trust_anchor(&certificate, roots, intermediates, now, self.algorithms.all)?;
        }
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

fn file_roots(path: &str) -> anyhow::Result<RootCertStore> {
    let pem = std::fs::read(path).with_context(|| format!("DATABASE_URL: reading sslrootcert {path}"))?;
    let mut roots = RootCertStore::empty();
    for certificate in CertificateDer::pem_slice_iter(&pem) {
        let certificate = certificate.with_context(|| format!("DATABASE_URL: sslrootcert {path} is not PEM"))?;
        roots.add(certificate).with_context(|| format!("DATABASE_URL: a certificate in {path} is not usable"))?;
    }
    if roots.is_empty() {
        bail!("DATABASE_URL: sslrootcert {path} holds no certificate");
    }
    Ok(roots)
}

fn system_roots() -> anyhow::Result<RootCertStore> {
    let found = rustls_native_certs::load_native_certs();
    let mut roots = RootCertStore::empty();
    let (added, _ignored) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        let why = found.errors.first().map(ToString::to_string).unwrap_or_else(|| "none found".to_owned());
        bail!("DATABASE_URL: no system root certificates ({why}); give sslrootcert=/path/ca.pem");
    }
    Ok(roots)
}

/// tokio-postgres says only "error performing TLS handshake"; the reason is in the sources.
fn describe(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let more = cause.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Target {
        Target::parse(url).unwrap()
    }

    #[test]
    fn plain_urls_pass_unchanged() {
        for url in [
            "postgres://u@h:5432/kassa",
            "postgres://u@h:5432/kassa?sslmode=disable",
            "postgres://u@h:5432/kassa?sslmode=prefer&application_name=k",
            "host=/tmp dbname=kassa sslmode=disable",
        ] {
            assert_eq!(parse(url), Target { url: url.to_owned(), mode: SslMode::Plain, root_cert: None }, "{url}");
        }
        assert_eq!(parse("postgres://h/k?sslmode=allow").url, "postgres://h/k");
        assert_eq!(parse("postgres://h/k?sslmode=disable&sslrootcert=/ca.pem").url, "postgres://h/k?sslmode=disable");
        // No TLS set-up at all: diesel-async gets the URL as before.
        let plain = Connector::new("postgres://u@h:5432/kassa?sslmode=prefer").unwrap();
        assert!(plain.tls.is_none() && plain.url == "postgres://u@h:5432/kassa?sslmode=prefer");
    }

    #[test]
    fn encrypted_modes_become_require_without_sslrootcert() {
        let target = parse("postgres://h/k?sslrootcert=%2Fetc%2Fca.pem&sslmode=verify-full&connect_timeout=3");
        assert_eq!(target.mode, SslMode::VerifyFull);
        assert_eq!(target.root_cert.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(target.url, "postgres://h/k?connect_timeout=3&sslmode=require");
        assert_eq!(parse("postgres://h/k?sslmode=verify-ca").mode, SslMode::VerifyCa);
        assert_eq!(parse("postgres://h/k?sslmode=require").url, "postgres://h/k?sslmode=require");
        assert!(Target::parse("postgres://h/k?sslmode=verify_full").is_err());
    }

    #[test]
    fn a_missing_root_file_is_named() {
        let error = Connector::new("postgres://h/k?sslmode=verify-ca&sslrootcert=/nonexistent/ca.pem").err().unwrap();
        assert!(format!("{error:#}").contains("/nonexistent/ca.pem"), "{error:#}");
        assert!(Connector::new("postgres://h/k?sslmode=require").is_ok());
    }
}
