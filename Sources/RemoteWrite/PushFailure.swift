/// Why one request of a push did not land, and whether sending it again can help.
package enum PushFailure: String, Sendable, CaseIterable {
    /// 5xx: the receiver may recover; retried.
    case serverError = "server_error"
    /// 429: the receiver asks to slow down; retried.
    case tooManyRequests = "too_many_requests"
    /// Any other 4xx: the request itself is refused and would be again; dropped.
    case clientError = "client_error"
    /// No answer: connection refused, reset, TLS failure or timeout; retried.
    case network

    /// Whether the same request may succeed later.
    package var isRetryable: Bool { self != .clientError }

    /// The failure an HTTP status means; `nil` for 2xx. As in Prometheus, only 5xx and 429 are worth retrying; any
    /// other status (a redirect included) is the request's own fault.
    package init?(status: Int) {
        switch status {
        case 200..<300: return nil
        case 429: self = .tooManyRequests
        case 500..<600: self = .serverError
        default: self = .clientError
        }
    }
}
