/// One `remote_write:` entry: where to push, how to authenticate, and how to batch and retry.
package struct RemoteWriteEndpoint: Sendable {
    /// `url`: the receiver's write endpoint, e.g. Mimir's `/api/v1/push` or Prometheus' `/api/v1/write`.
    package var url: String
    /// `name`: shown in logs and on the status page; the URL when not set.
    package var name: String
    /// `remote_timeout`: the longest one request may take.
    package var remoteTimeout: Duration = .seconds(30)
    /// `headers`, sent with every request.
    package var headers: [(name: String, value: String)] = []
    package var credentials: Credentials?
    package var tls: TLSFiles?
    package var queue = QueueSettings()
    /// `send_native_histograms`: also push native histograms. Off by default, as in Prometheus, because a receiver
    /// without native-histogram support (Prometheus without `--enable-feature=native-histograms`) refuses the whole
    /// request, floats included; the classic `_bucket` series are always sent.
    package var sendNativeHistograms = false

    package init(url: String) {
        self.url = url
        self.name = url
    }

    /// `basic_auth` or `authorization`.
    package enum Credentials: Sendable {
        case basic(username: String, password: Secret)
        /// `type` (Bearer unless given) and the credentials, sent as `Authorization: <type> <credentials>`.
        case authorization(type: String, credentials: Secret)
    }

    /// `tls_config`: the files, already resolved against the config file's directory.
    package struct TLSFiles: Sendable {
        package var caFile: String?
        package var certFile: String?
        package var keyFile: String?
        package var insecureSkipVerify = false

        package init() {}
    }

    /// `queue_config`, with Prometheus' defaults.
    package struct QueueSettings: Sendable {
        /// Accepted as Prometheus accepts it; a push builds all its requests at once, so none waits for it.
        package var batchSendDeadline: Duration = .seconds(5)
        package var maxSamplesPerSend = 2000
        /// The first retry delay, doubled on each retry up to ``maxBackoff``.
        package var minBackoff: Duration = .milliseconds(30)
        package var maxBackoff: Duration = .seconds(5)

        package init() {}
    }
}
