/// `tls_server_config.client_auth_type`: whether the server asks for a client certificate and whether it verifies
/// it, with the names of Go's `tls.ClientAuthType` that exporter-toolkit accepts.
package enum ClientAuthType: String, Sendable, CaseIterable {
    case noClientCert = "NoClientCert"
    case requestClientCert = "RequestClientCert"
    case requireAnyClientCert = "RequireAnyClientCert"
    case verifyClientCertIfGiven = "VerifyClientCertIfGiven"
    case requireAndVerifyClientCert = "RequireAndVerifyClientCert"

    /// The type named `text`; empty is `NoClientCert` and `RequireClientCert` is the old name of
    /// `RequireAnyClientCert`, both as in exporter-toolkit.
    init?(name text: String) {
        switch text {
        case "": self = .noClientCert
        case "RequireClientCert": self = .requireAnyClientCert
        default: self.init(rawValue: text)
        }
    }

    /// Whether a presented certificate is checked against the client CAs.
    var verifiesCertificate: Bool {
        self == .verifyClientCertIfGiven || self == .requireAndVerifyClientCert
    }
}
