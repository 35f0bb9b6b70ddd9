import ArgumentParser

/// A duration written as Go's `time.ParseDuration` reads it (`200ms`, `1m30s`, `1.5h`), for flags copied from
/// statsd_exporter.
struct GoDuration: ExpressibleByArgument, CustomStringConvertible {
    let nanoseconds: Double
    let description: String

    init?(argument: String) {
        var rest = Substring(argument)
        var sign = 1.0
        if rest.first == "-" || rest.first == "+" {
            sign = rest.first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" {
            self.nanoseconds = 0
            self.description = argument
            return
        }
        guard !rest.isEmpty else { return nil }
        // Two-letter units come first so `ms` is not read as `m` followed by `s`.
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        self.nanoseconds = sign * total
        self.description = argument
    }
}
