/// A header a web config adds to every HTTP response (`http_server_config.headers`).
package struct ResponseHeader: Sendable, Hashable {
    package var name: String
    package var value: String

    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The headers exporter-toolkit lets a config set, with the values allowed (`nil`: any value).
    static let allowed: [String: [String]?] = [
        "Strict-Transport-Security": nil,
        "X-Content-Type-Options": ["nosniff"],
        "X-Frame-Options": ["deny", "sameorigin"],
        "X-XSS-Protection": nil,
        "Content-Security-Policy": nil,
    ]
}
