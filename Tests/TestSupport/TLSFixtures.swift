import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway CA with a server and a client certificate for localhost and 127.0.0.1, and a self-signed
/// `stranger` certificate from outside that CA, made by `openssl`.
package struct TLSFixtures {
    /// Why the fixtures could not be made.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package let directory: String

    package init() throws {
        var template = Array("/tmp/statsd-bridge-tls-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw Failure(description: "mkdtemp: errno \(errno)") }
        self.directory = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let script = """
            set -e
            cd '\(self.directory)'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
              -days 3650 -subj /CN=statsd-bridge-test-ca
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout stranger.key \
              -out stranger.pem -days 3650 -subj /CN=stranger
            for name in server client; do
              openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $name.key -out $name.csr -subj /CN=$name
              printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > $name.ext
              openssl x509 -req -in $name.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $name.pem -days 3650 \
                -extfile $name.ext
            done
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "openssl could not make the test certificates")
        }
    }

    package func path(_ name: String) -> String { "\(self.directory)/\(name)" }

    /// Writes `contents` as `name` in the fixture directory (replacing it atomically) and returns its path.
    @discardableResult
    package func write(_ name: String, _ contents: String) throws -> String {
        let path = self.path(name)
        try contents.write(toFile: path + ".new", atomically: false, encoding: .utf8)
        guard rename(path + ".new", path) == 0 else {
            throw Failure(description: "rename: errno \(errno)")
        }
        return path
    }

    package func remove() {
        try? FileManager.default.removeItem(atPath: self.directory)
    }
}
