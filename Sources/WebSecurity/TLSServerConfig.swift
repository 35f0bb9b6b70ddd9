import ConfigSupport
import NIOSSL

/// `tls_server_config` of a web config, with relative paths resolved against the config file's directory.
package struct TLSServerConfig: Sendable, Equatable {
    /// PEM text given in a file or inline in the config.
    package enum PEMSource: Sendable, Equatable {
        case file(String)
        case inline(String)
    }

    package var certificate: PEMSource
    package var privateKey: PEMSource
    package var clientCA: PEMSource?
    package var clientAuth: ClientAuthType = .noClientCert
    /// IANA code points of `cipher_suites`; empty keeps the library's defaults.
    package var cipherSuites: [UInt16] = []
    /// IANA group ids of `curve_preferences`; empty keeps the library's defaults.
    package var curves: [UInt16] = []
    package var minVersion: TLSProtocolVersion = .tls12
    package var maxVersion: TLSProtocolVersion = .tls13

    /// The files whose change means the TLS setup must be read again.
    var files: [String] {
        [self.certificate, self.privateKey, self.clientCA].compactMap { source in
            if case .file(let path) = source { path } else { nil }
        }
    }

    /// Reads the certificate, key and client CAs and builds the server context.
    /// - Throws: ``WebConfigError`` naming the file or key that could not be used.
    func makeServer() throws(WebConfigError) -> TLSServer {
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(Array(try Self.text(of: self.certificate, key: "cert").utf8))
            key = try NIOSSLPrivateKey(bytes: Array(try Self.text(of: self.privateKey, key: "key").utf8), format: .pem)
        } catch let error as WebConfigError {
            throw error
        } catch {
            throw WebConfigError("failed to load X509KeyPair: \(error)")
        }
        guard !chain.isEmpty else {
            throw WebConfigError(
                "failed to load X509KeyPair: no certificate found in \(Self.describe(self.certificate, key: "cert"))"
            )
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = self.minVersion.nio
        configuration.maximumTLSVersion = self.maxVersion.nio
        let configurable = self.cipherSuites.filter { $0 >> 8 != 0x13 }
        if !configurable.isEmpty {
            configuration.cipherSuiteValues = configurable.map { NIOTLSCipher(rawValue: $0) }
        }
        if !self.curves.isEmpty {
            configuration.curves = self.curves.map { NIOTLSCurve(rawValue: $0) }
        }
        switch self.clientAuth {
        case .noClientCert:
            configuration.certificateVerification = .none
        case .requestClientCert, .verifyClientCertIfGiven:
            configuration.certificateVerification = .optionalVerification
        case .requireAnyClientCert, .requireAndVerifyClientCert:
            configuration.certificateVerification = .noHostnameVerification
        }
        if let clientCA = self.clientCA {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMBytes(Array(try Self.text(of: clientCA, key: "client_ca").utf8))
            } catch let error as WebConfigError {
                throw error
            } catch {
                throw WebConfigError(
                    "failed to load client CAs from \(Self.describe(clientCA, key: "client_ca")): \(error)"
                )
            }
            configuration.trustRoots = .certificates(roots)
        }
        do {
            return TLSServer(
                context: try NIOSSLContext(configuration: configuration),
                acceptsAnyCertificate: !self.clientAuth.verifiesCertificate && self.clientAuth != .noClientCert
            )
        } catch {
            throw WebConfigError("failed to load X509KeyPair: \(error)")
        }
    }

    private static func text(of source: PEMSource, key: String) throws(WebConfigError) -> String {
        switch source {
        case .inline(let text):
            return text
        case .file(let path):
            do {
                return try ConfigFileReader.contents(of: path)
            } catch {
                throw WebConfigError("failed to read \(key)_file (\(path)): \(error)")
            }
        }
    }

    private static func describe(_ source: PEMSource, key: String) -> String {
        switch source {
        case .inline: "the inline \(key)"
        case .file(let path): "\(key)_file (\(path))"
        }
    }
}
