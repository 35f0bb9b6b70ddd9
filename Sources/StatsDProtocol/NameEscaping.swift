/// statsd_exporter's `escapeMetricName`, applied to metric names and tag keys.
///
/// Matches statsd_exporter pkg/mapper/escape.go:
/// - every character outside `[A-Za-z0-9_]` becomes `_`, one `_` per character (a multi-byte UTF-8 character such as
///   `ñ` or an emoji gives a single `_`);
/// - a run of `-` collapses to one `_` (`a--b` gives `a_b`), while runs of other characters do not (`a..b` gives
///   `a__b`);
/// - a name starting with a digit gets a `_` prefix (`0abc` gives `_0abc`);
/// - the empty name stays empty.
///
/// Bytes that are not valid UTF-8 (which never reach here from ``LineParser``, since it rejects such lines) become
/// one `_` each.
package enum NameEscaping {
    /// Appends the escaped form of `bytes` to `out`.
    ///
    /// Allocates only if `out` must grow.
    /// - Complexity: O(*n*), where *n* is `bytes.count`.
    package static func escape(_ bytes: Span<UInt8>, into out: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        // The common case, a valid name not starting with a digit, is copied as it is.
        let isValid = bytes.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < count {
                if !self.isValidNameByte(buffer[i]) { return false }
                i &+= 1
            }
            return true
        }
        if isValid, !self.isDigit(bytes[0]) {
            bytes.withUnsafeBufferPointer { out.append(contentsOf: $0) }
            return
        }
        let underscore = UInt8(ascii: "_")
        let dash = UInt8(ascii: "-")
        if self.isDigit(bytes[0]) {
            out.append(underscore)
        }
        var previousWasDash = false
        var i = 0
        while i < count {
            let byte = bytes[i]
            if byte < 0x80 {
                if self.isValidNameByte(byte) {
                    out.append(byte)
                } else if !(byte == dash && previousWasDash) {
                    out.append(underscore)
                }
                previousWasDash = byte == dash
                i &+= 1
            } else {
                out.append(underscore)
                previousWasDash = false
                i &+= UTF8Scanner.sequenceLength(bytes, at: i) ?? 1
            }
        }
    }

    /// The escaped form of `name`.
    ///
    /// Allocates; for slow paths.
    package static func escape(_ name: String) -> String {
        let source = Array(name.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count &+ 1)
        self.escape(source.span, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `byte` is an ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Whether `byte` is in `[A-Za-z0-9_]`.
    static func isValidNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
