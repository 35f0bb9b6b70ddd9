extension StatusPage {
    /// One remote-write endpoint as the page shows it.
    package struct RemoteWriteEndpoint: Sendable {
        package var name: String
        package var samplesSent: UInt64
        package var failures: UInt64
        /// Unix seconds of the last accepted request; `nil` before the first.
        package var lastSuccess: Double?
        /// The latest failure: when (Unix seconds) and what the receiver or the network said.
        package var lastError: (at: Double, message: String)?

        package init(
            name: String,
            samplesSent: UInt64,
            failures: UInt64,
            lastSuccess: Double?,
            lastError: (at: Double, message: String)?
        ) {
            self.name = name
            self.samplesSent = samplesSent
            self.failures = failures
            self.lastSuccess = lastSuccess
            self.lastError = lastError
        }
    }
}
