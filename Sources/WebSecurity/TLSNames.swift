/// The cipher suite and curve names a web config may use: those Go's `crypto/tls` gives exporter-toolkit, with
/// their IANA code points.
enum TLSNames {
    /// Go's `tls.CipherSuites()` names, plus the RSA key-exchange suites older Go releases listed there, so a file
    /// written for an older exporter still loads. TLS 1.3 suites are accepted and, as in Go, not configurable.
    static let cipherSuites: [String: UInt16] = [
        "TLS_RSA_WITH_3DES_EDE_CBC_SHA": 0x000A,
        "TLS_RSA_WITH_AES_128_CBC_SHA": 0x002F,
        "TLS_RSA_WITH_AES_256_CBC_SHA": 0x0035,
        "TLS_RSA_WITH_AES_128_GCM_SHA256": 0x009C,
        "TLS_RSA_WITH_AES_256_GCM_SHA384": 0x009D,
        "TLS_AES_128_GCM_SHA256": 0x1301,
        "TLS_AES_256_GCM_SHA384": 0x1302,
        "TLS_CHACHA20_POLY1305_SHA256": 0x1303,
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA": 0xC009,
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA": 0xC00A,
        "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA": 0xC012,
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA": 0xC013,
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA": 0xC014,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256": 0xC02B,
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384": 0xC02C,
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256": 0xC02F,
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384": 0xC030,
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256": 0xCCA8,
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256": 0xCCA9,
    ]

    /// Go's `tls.CurveID` names.
    static let curves: [String: UInt16] = [
        "CurveP256": 0x17,
        "CurveP384": 0x18,
        "CurveP521": 0x19,
        "X25519": 0x1D,
    ]
}
