/// Go's `time.ParseDuration`, which is how statsd_exporter reads `ttl` and `max_age` strings.
///
/// Accepts `[-+]?([0-9]*(\.[0-9]*)?unit)+` with units `ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h`, and the bare
/// string `0`. Does not accept a number without a unit (other than `0`), spaces, or days.
package enum GoDuration {
    /// Why a duration string was refused; the text follows Go's error messages.
    package struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }
    }

    private static let units: [String: UInt64] = [
        "ns": 1,
        "us": 1_000,
        "\u{00B5}s": 1_000,
        "\u{03BC}s": 1_000,
        "ms": 1_000_000,
        "s": 1_000_000_000,
        "m": 60_000_000_000,
        "h": 3_600_000_000_000,
    ]

    /// Parses `text` the way Go's `time.ParseDuration` does.
    /// - Throws: ``ParseError`` with Go's message (`time: missing unit in duration "60"`).
    package static func parse(_ text: String) throws(ParseError) -> Duration {
        let quoted = "\"\(text)\""
        let invalid = ParseError(description: "time: invalid duration \(quoted)")
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) {
            return .zero
        }
        if bytes.isEmpty {
            throw invalid
        }
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while let first = bytes.first {
            guard first == UInt8(ascii: ".") || Self.isDigit(first) else { throw invalid }
            // Integer part.
            var whole: UInt64 = 0
            var consumedWhole = false
            while let digit = bytes.first, Self.isDigit(digit) {
                consumedWhole = true
                let (times10, overflow1) = whole.multipliedReportingOverflow(by: 10)
                let (next, overflow2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
                if overflow1 || overflow2 || next > limit {
                    throw invalid
                }
                whole = next
                bytes = bytes.dropFirst()
            }
            // Fraction.
            var fraction: UInt64 = 0
            var scale: Double = 1
            var consumedFraction = false
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                var overflowed = false
                while let digit = bytes.first, Self.isDigit(digit) {
                    consumedFraction = true
                    if !overflowed {
                        if fraction > (UInt64(Int64.max) - 9) / 10 {
                            overflowed = true
                        } else {
                            fraction = fraction * 10 + UInt64(digit - UInt8(ascii: "0"))
                            scale *= 10
                        }
                    }
                    bytes = bytes.dropFirst()
                }
            }
            if !consumedWhole && !consumedFraction {
                throw invalid
            }
            // Unit: everything up to the next digit or '.'.
            var unitEnd = bytes.startIndex
            while unitEnd < bytes.endIndex, bytes[unitEnd] != UInt8(ascii: "."), !Self.isDigit(bytes[unitEnd]) {
                unitEnd += 1
            }
            if unitEnd == bytes.startIndex {
                throw ParseError(description: "time: missing unit in duration \(quoted)")
            }
            let unitText = String(decoding: bytes[bytes.startIndex..<unitEnd], as: UTF8.self)
            bytes = bytes[unitEnd...]
            guard let unit = Self.units[unitText] else {
                throw ParseError(description: "time: unknown unit \"\(unitText)\" in duration \(quoted)")
            }
            if whole > limit / unit {
                throw invalid
            }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                if value > limit {
                    throw invalid
                }
            }
            total += value
            if total > limit {
                throw invalid
            }
        }
        if negative {
            return .nanoseconds(total == limit ? Int64.min : -Int64(total))
        }
        if total > limit - 1 {
            throw invalid
        }
        return .nanoseconds(Int64(total))
    }

    /// Formats `duration` the way Go's `Duration.String` does for whole units (`1m2s`, `500ms`, `0s`).
    package static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var nanos = Int64(seconds) * 1_000_000_000 + attoseconds / 1_000_000_000
        if nanos == 0 {
            return "0s"
        }
        var text = ""
        if nanos < 0 {
            text = "-"
            nanos = -nanos
        }
        if nanos < 1_000_000_000 {
            for (unit, size) in [("ms", Int64(1_000_000)), ("µs", 1_000), ("ns", 1)] where nanos >= size {
                return text + Self.decimal(nanos, unitSize: size) + unit
            }
        }
        let hours = nanos / 3_600_000_000_000
        let minutes = (nanos / 60_000_000_000) % 60
        let secondsPart = nanos % 60_000_000_000
        if hours > 0 {
            text += "\(hours)h"
        }
        if hours > 0 || minutes > 0 {
            text += "\(minutes)m"
        }
        return text + Self.decimal(secondsPart, unitSize: 1_000_000_000) + "s"
    }

    private static func decimal(_ value: Int64, unitSize: Int64) -> String {
        let whole = value / unitSize
        let fraction = value % unitSize
        guard fraction > 0 else { return "\(whole)" }
        var digits = String(fraction)
        let width = String(unitSize - 1).count
        digits = String(repeating: "0", count: width - digits.count) + digits
        while digits.hasSuffix("0") {
            digits.removeLast()
        }
        return "\(whole).\(digits)"
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
