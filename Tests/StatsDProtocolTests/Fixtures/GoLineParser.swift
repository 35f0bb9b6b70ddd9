@testable import StatsDProtocol

/// A literal, string-based port of statsd_exporter's `LineToEvents` (with our documented differences), used as an
/// oracle for the byte-level ``LineParser`` in randomized tests. Slow and allocating on purpose: it mirrors the Go
/// code's splits and its single label map per line.
struct GoLineParser {
    /// One event as the Go parser would emit it, with the repeat count folded in.
    struct Event: Equatable, CustomStringConvertible {
        var type: StatsDType
        var name: String
        var value: Double
        var isRelative: Bool
        var repeatCount: Int
        var labels: [String: String]

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.type == rhs.type && lhs.name == rhs.name && lhs.isRelative == rhs.isRelative
                && lhs.repeatCount == rhs.repeatCount && lhs.labels == rhs.labels
                && (lhs.value.bitPattern == rhs.value.bitPattern || (lhs.value.isNaN && rhs.value.isNaN))
        }

        var description: String {
            "\(self.type.code) \(self.name)=\(self.value) rel=\(self.isRelative) x\(self.repeatCount) \(self.labels)"
        }
    }

    var dialects: TagDialects
    var events: [Event] = []
    var stats = ParseStats()

    init(dialects: TagDialects) {
        self.dialects = dialects
    }

    mutating func parse(datagram: [UInt8]) {
        for line in datagram.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            self.stats.lines += 1
            self.parse(line: Array(line))
        }
    }

    private mutating func parse(line rawLine: [UInt8]) {
        var line = rawLine
        if line.last == UInt8(ascii: "\r") {
            line.removeLast()
        }
        if line.isEmpty { return }
        let elements = Self.split(line, ":", maxSplits: 1)
        guard elements.count == 2, !elements[0].isEmpty, String(validating: line, as: UTF8.self) != nil else {
            self.stats[.malformedLine] += 1
            return
        }
        var labels: [String: String] = [:]
        let metric = self.parseNameAndTags(elements[0], &labels)
        let body = elements[1]
        let usingDogStatsDTags = Self.contains(body, [UInt8(ascii: "|"), UInt8(ascii: "#")])
        if usingDogStatsDTags, !labels.isEmpty {
            self.stats[.mixedTaggingStyles] += 1
            return
        }
        let lineParts = Self.split(body, "|", maxSplits: 2)
        guard lineParts.count >= 2 else {
            self.stats[.notEnoughPartsAfterColon] += 1
            return
        }
        var samples: [[UInt8]] = []
        if lineParts[0].contains(UInt8(ascii: ":")) {
            guard [Array("ms".utf8), Array("h".utf8), Array("d".utf8)].contains(lineParts[1]) else {
                self.stats[.invalidExtendedAggregateType] += 1
                return
            }
            let suffix = Self.split(body, "|", maxSplits: 1)[1]
            samples = Self.split(lineParts[0], ":").map { $0 + [UInt8(ascii: "|")] + suffix }
        } else if usingDogStatsDTags {
            samples = [body]
        } else {
            samples = Self.split(body, ":")
        }
        sampleLoop: for sample in samples {
            self.stats.samples += 1
            let components = Self.split(sample, "|")
            guard components.count >= 2, components.count <= 6 else {
                self.stats[.malformedComponent] += 1
                continue
            }
            let valueText = components[0]
            let statType = String(decoding: components[1], as: UTF8.self)
            let relative = valueText.first == UInt8(ascii: "+") || valueText.first == UInt8(ascii: "-")
            guard var value = GoFloatParser.parse(valueText.span) else {
                self.stats[.malformedValue] += 1
                continue
            }
            var multiply = 1
            if components.count >= 3 {
                if components[2...].contains(where: \.isEmpty) {
                    self.stats[.malformedComponent] += 1
                    continue
                }
                for component in components[2...] {
                    switch component[0] {
                    case UInt8(ascii: "@"):
                        var factor = GoFloatParser.parse(Array(component.dropFirst()).span) ?? -1
                        if !(factor > 0 && factor <= 1) {
                            self.stats[.invalidSampleFactor] += 1
                            factor = 1
                        }
                        if statType == "g" {
                            continue
                        } else if statType == "c" {
                            value /= factor
                        } else if ["ms", "h", "d"].contains(statType) {
                            multiply = Int(min(1 / factor, Double(LineParser.maximumRepeatCount)))
                        }
                    case UInt8(ascii: "#"):
                        if self.dialects.dogStatsD {
                            self.parseTags(Array(component.dropFirst()), UInt8(ascii: ":"), stripHash: true, &labels)
                        }
                    case UInt8(ascii: "c"):
                        guard component.count > 2, component[1] == UInt8(ascii: ":") else {
                            self.stats[.malformedContainerID] += 1
                            continue sampleLoop
                        }
                        labels["container_id"] = String(decoding: component.dropFirst(2), as: UTF8.self)
                    case UInt8(ascii: "T"):
                        break
                    default:
                        self.stats[.invalidSampleFactor] += 1
                        continue sampleLoop
                    }
                }
            }
            if !labels.isEmpty {
                self.stats.taggedSamples += 1
            }
            let type: StatsDType
            switch statType {
            case "c": type = .counter
            case "g": type = .gauge
            case "ms": type = .timer
            case "h": type = .histogram
            case "d": type = .distribution
            default:
                self.stats[.illegalEvent] += 1
                continue
            }
            self.events.append(
                Event(
                    type: type,
                    name: metric,
                    value: type == .timer ? value / 1000 : value,
                    isRelative: type == .gauge && relative,
                    repeatCount: type.metricClass == .observer ? multiply : 1,
                    labels: labels
                )
            )
        }
    }

    private mutating func parseNameAndTags(_ bytes: [UInt8], _ labels: inout [String: String]) -> String {
        if self.dialects.signalFX {
            let open = bytes.firstIndex(of: UInt8(ascii: "["))
            let close = bytes.firstIndex(of: UInt8(ascii: "]"))
            if let open, let close, open < close {
                self.parseTags(Array(bytes[(open + 1)..<close]), UInt8(ascii: "="), stripHash: false, &labels)
                return String(decoding: bytes[..<open] + bytes[(close + 1)...], as: UTF8.self)
            }
            if open != nil || close != nil {
                self.stats.tagErrors += 1
                return String(decoding: bytes, as: UTF8.self)
            }
        }
        for (index, byte) in bytes.enumerated()
        where (byte == UInt8(ascii: "#") && self.dialects.librato)
            || (byte == UInt8(ascii: ",") && self.dialects.influxDB)
        {
            self.parseTags(Array(bytes[(index + 1)...]), UInt8(ascii: "="), stripHash: false, &labels)
            return String(decoding: bytes[..<index], as: UTF8.self)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func parseTags(
        _ component: [UInt8],
        _ separator: UInt8,
        stripHash: Bool,
        _ labels: inout [String: String]
    ) {
        var pieces = Self.split(component, ",")
        if pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        for var tag in pieces {
            if stripHash, tag.first == UInt8(ascii: "#") {
                tag.removeFirst()
            }
            guard let split = tag.firstIndex(of: separator) else {
                self.stats.tagErrors += 1
                continue
            }
            let key = tag[..<split]
            let value = tag[(split + 1)...]
            if key.isEmpty || value.isEmpty {
                self.stats.tagErrors += 1
            } else {
                labels[NameEscaping.escape(String(decoding: key, as: UTF8.self))] = String(
                    decoding: value,
                    as: UTF8.self
                )
            }
        }
    }

    /// Go's `strings.SplitN` (or `strings.Split` without a limit) on a byte.
    private static func split(_ bytes: [UInt8], _ separator: Unicode.Scalar, maxSplits: Int = .max) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: separator), maxSplits: maxSplits, omittingEmptySubsequences: false)
            .map { Array($0) }
    }

    /// Whether `bytes` contains `needle`.
    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }
}
