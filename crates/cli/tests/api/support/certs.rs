//! Certificates for the TLS tests: a CA made per test and server certificates it signs for
//! 127.0.0.1 and localhost, written as the PEM files a server reads.

use std::path::Path;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SerialNumber,
};
use vorgaenge_server::serve::TlsFiles;

/// A certificate authority of the test's own.
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    /// Its certificate, to be trusted by a client.
    pub pem: String,
}

impl TestCa {
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::default();
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Self {
            pem: cert.pem(),
            issuer: Issuer::new(params, key),
        }
    }

    /// Its certificate as a client's trust anchor.
    pub fn trust(&self) -> reqwest::Certificate {
        reqwest::Certificate::from_pem(self.pem.as_bytes()).unwrap()
    }

    /// An HTTPS client that trusts this CA and nothing else, reports the server's
    /// certificate ([`peer_certificate`]) and opens a connection per request (a test asks
    /// which certificate a new connection gets).
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .tls_certs_only([self.trust()])
            .tls_info(true)
            .pool_max_idle_per_host(0)
            .build()
            .unwrap()
    }

    /// A server certificate for 127.0.0.1 and localhost.
    pub fn server_cert(&self, common_name: &str, serial: u64) -> ServerCert {
        let mut params =
            CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name);
        params.serial_number = Some(SerialNumber::from(serial));
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        ServerCert {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }
}

/// A server certificate and its private key.
pub struct ServerCert {
    pub cert_pem: String,
    pub key_pem: String,
    /// The certificate as a client receives it.
    pub der: Vec<u8>,
}

impl ServerCert {
    /// Writes `cert.pem` and `key.pem` into `dir`, each replaced whole (written beside and
    /// renamed) as a certificate tool does, and returns their paths.
    pub fn write(&self, dir: &Path) -> TlsFiles {
        let files = TlsFiles {
            cert: dir.join("cert.pem"),
            key: dir.join("key.pem"),
        };
        replace(&files.cert, &self.cert_pem);
        replace(&files.key, &self.key_pem);
        files
    }
}

fn replace(path: &Path, content: &str) {
    let next = path.with_extension("next");
    std::fs::write(&next, content).unwrap();
    std::fs::rename(&next, path).unwrap();
}

/// The certificate the server at `url` presents to a new connection, or the error of a
/// client that does not trust it.
pub async fn peer_certificate(client: &reqwest::Client, url: &str) -> Result<Vec<u8>, String> {
    let response = client.get(url).send().await.map_err(|e| format!("{e:?}"))?;
    let info = response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .expect("the client asks for TLS info");
    Ok(info
        .peer_certificate()
        .expect("a server certificate")
        .to_vec())
}
