import CCrypt
import NIOPosix
import Synchronization

/// Checks HTTP basic-auth credentials against a web config's `basic_auth_users` (bcrypt hashes), the way
/// exporter-toolkit does: an unknown user is checked against a decoy hash so timing does not tell which users
/// exist, one bcrypt runs at a time (on ``thread``), and verdicts are cached (100 entries, a tenth evicted at random
/// when full).
///
/// Hashes are verified by libxcrypt's `crypt_rn`, which implements `$2a$`, `$2b$` and `$2y$`.
package final class BasicAuthenticator: Sendable {
    private struct CacheKey: Hashable {
        var user: String
        var hash: String
        var password: String
    }

    /// A bcrypt hash of "fakepassword" at cost 10, exporter-toolkit's decoy.
    private static let decoyHash = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"
    private static let cacheCapacity = 100

    /// Where uncached verdicts are computed, one at a time as in exporter-toolkit: a thread of its own, so a flood of
    /// wrong passwords (each a bcrypt of tens of milliseconds) queues here and never delays rendering a scrape.
    package static let thread: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        return pool
    }()

    private let users: [String: String]
    private let cache = Mutex<[CacheKey: Bool]>([:])

    package init(users: [String: String]) {
        self.users = users
    }

    /// Whether the config names any user; without users every request is served.
    package var isEnabled: Bool { !self.users.isEmpty }

    /// The cached verdict for `credentials`, if any: the fast path, cheap enough for an event loop.
    package func cachedVerdict(for credentials: BasicCredentials) -> Bool? {
        let key = self.key(for: credentials)
        return self.cache.withLock { $0[key] }
    }

    /// Verifies `credentials`; runs bcrypt (tens of milliseconds) unless the verdict is cached, so the server calls it
    /// on ``thread``.
    package func verify(_ credentials: BasicCredentials) -> Bool {
        let key = self.key(for: credentials)
        if let verdict = self.cache.withLock({ $0[key] }) { return verdict }
        let matches = Self.matches(password: credentials.password, hash: key.hash)
        let verdict = matches && self.users[credentials.user] != nil
        self.cache.withLock { cache in
            if cache.count >= Self.cacheCapacity {
                for _ in 0...(cache.count / 10) {
                    if let victim = cache.keys.randomElement() { cache[victim] = nil }
                }
            }
            cache[key] = verdict
        }
        return verdict
    }

    private func key(for credentials: BasicCredentials) -> CacheKey {
        CacheKey(
            user: credentials.user,
            hash: self.users[credentials.user] ?? Self.decoyHash,
            password: credentials.password
        )
    }

    /// Whether `hash` is a bcrypt hash libxcrypt accepts: `$2a$`, `$2b$` or `$2y$`, a two-digit cost of 4–31, and
    /// 53 characters of salt and digest.
    static func isBCryptHash(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
            let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...31).contains(cost)
        else { return false }
        return hash.withCString { crypt_checksalt($0) } == CRYPT_SALT_OK
    }

    /// Hashes `password` with the salt and cost of `hash` and compares the results in constant time.
    private static func matches(password: String, hash: String) -> Bool {
        // A C string ends at NUL: a password holding one would be checked only up to it.
        guard !password.utf8.contains(0) else { return false }
        var data = crypt_data()
        let computed: [UInt8]? = withUnsafeMutableBytes(of: &data) { buffer in
            password.withCString { phrase in
                hash.withCString { setting in
                    guard let output = crypt_rn(phrase, setting, buffer.baseAddress, Int32(buffer.count)) else {
                        return nil
                    }
                    return Array(String(cString: output).utf8)
                }
            }
        }
        let expected = Array(hash.utf8)
        guard let computed, computed.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices {
            difference |= computed[index] ^ expected[index]
        }
        return difference == 0
    }
}
