//! Certificates made by the test: a CA of its own and a server certificate it signed, as
//! PEM files in a temporary folder that is removed with the value.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};

/// A folder under the system temp dir, removed (with everything in it) on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(label: &str) -> Self {
        let path = std::env::temp_dir().join(format!("kassa-{label}-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir(&path).expect("creating a temp dir");
        Self(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A CA and one server certificate signed by it, written into `dir`.
pub struct Certs {
    /// The CA's certificate: what a client trusts.
    pub ca: PathBuf,
    /// The server's certificate and its key (mode 0600).
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl Certs {
    /// A fresh CA, and a server certificate for `names` (DNS names or IP addresses).
    /// `prefix` keeps several sets apart in one folder.
    pub fn issue(dir: &Path, prefix: &str, names: &[&str]) -> Self {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.distinguished_name.push(DnType::CommonName, format!("Kassa test CA {prefix}"));
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);

        let server_key = KeyPair::generate().unwrap();
        let mut server_params =
            CertificateParams::new(names.iter().map(|name| name.to_string()).collect::<Vec<_>>()).unwrap();
        server_params.distinguished_name.push(DnType::CommonName, names[0]);
        let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();

        let certs = Self {
            ca: dir.join(format!("{prefix}-ca.pem")),
            cert: dir.join(format!("{prefix}-server.pem")),
            key: dir.join(format!("{prefix}-server.key")),
        };
        std::fs::write(&certs.ca, ca_cert.pem()).unwrap();
        std::fs::write(&certs.cert, server_cert.pem()).unwrap();
        write_private(&certs.key, server_key.serialize_pem().as_bytes());
        certs
    }
}

/// Writes a key file readable by its owner only (PostgreSQL refuses anything looser).
pub fn write_private(path: &Path, contents: &[u8]) {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).unwrap();
    file.write_all(contents).unwrap();
}
