/// Turns statsd_exporter (kingpin) spellings that swift-argument-parser does not read into ones it does, so every
/// command line written for statsd_exporter keeps working.
///
/// - `--flag=` (an empty value, which disables a listener) becomes `--flag ""`.
/// - `--bool-flag=true` / `--bool-flag=false` become `--bool-flag` / `--no-bool-flag`.
enum ArgumentRewriter {
    static let booleanFlags: Set<String> = [
        "web.enable-lifecycle", "statsd.parse-dogstatsd-tags", "statsd.parse-influxdb-tags",
        "statsd.parse-librato-tags", "statsd.parse-signalfx-tags", "check-config",
    ]

    static func rewrite(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var passThrough = false
        for argument in arguments {
            guard !passThrough, argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else {
                passThrough = passThrough || argument == "--"
                result.append(argument)
                continue
            }
            let name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
            let value = String(argument[argument.index(after: equals)...])
            if Self.booleanFlags.contains(name), let enabled = Bool(value.lowercased()) {
                result.append(enabled ? "--\(name)" : "--no-\(name)")
            } else if value.isEmpty {
                result.append(contentsOf: ["--\(name)", ""])
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
