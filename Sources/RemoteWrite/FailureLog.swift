/// Keeps a dead receiver from flooding the log: the first failure is logged at once, then at most one a minute
/// with how many were left out; the first success after failures is logged once.
struct FailureLog: Sendable {
    private static let quietPeriod: Duration = .seconds(60)

    private var lastLogged: ContinuousClock.Instant?
    private var suppressed = 0
    private var failuresSinceSuccess = 0

    /// Records a failure at `now`.
    /// - Returns: the number of failures left unlogged since the last logged one when this one is to be logged;
    ///   `nil` when it is to be left out.
    mutating func failed(now: ContinuousClock.Instant) -> Int? {
        self.failuresSinceSuccess += 1
        if let last = self.lastLogged, now - last < Self.quietPeriod {
            self.suppressed += 1
            return nil
        }
        let suppressed = self.suppressed
        self.lastLogged = now
        self.suppressed = 0
        return suppressed
    }

    /// Records a success.
    /// - Returns: the failures before it when there were any (the recovery is to be logged); `nil` otherwise.
    mutating func recovered() -> Int? {
        guard self.failuresSinceSuccess > 0 else { return nil }
        defer {
            self.failuresSinceSuccess = 0
            self.lastLogged = nil
            self.suppressed = 0
        }
        return self.failuresSinceSuccess
    }
}
