#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a mapping file with plain POSIX calls, so a failure reads as the system's own words ("No such file or
/// directory") rather than a Foundation error dump.
package enum ConfigFileReader {
    /// Why a file could not be read: the system's message, or that it is not UTF-8.
    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    /// The file at `path` decoded as UTF-8.
    /// - Throws: ``Failure`` naming the system error or the bad encoding.
    package static func contents(of path: String) throws(Failure) -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { throw Failure(description: String(cString: strerror(errno))) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Failure(description: "the file is not valid UTF-8")
        }
        return text
    }
}
