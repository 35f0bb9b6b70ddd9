/// Whether a request's `Accept-Encoding` allows gzip, read with its quality values as client_golang's handler reads
/// it for the reference: `gzip` or `*` with a quality above zero. `gzip;q=0` refuses gzip; a header without
/// `gzip` or `*` gets a plain body.
enum AcceptEncoding {
    /// - Parameter values: every `Accept-Encoding` header value of the request.
    static func allowsGzip(_ values: [String]) -> Bool {
        var gzip: Double?
        var wildcard: Double?
        for value in values {
            for element in value.split(separator: ",") {
                let parts = element.split(separator: ";")
                guard let name = parts.first.map(Self.trim)?.lowercased() else { continue }
                var quality = 1.0
                for parameter in parts.dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1)
                    if pair.count == 2, Self.trim(pair[0]).lowercased() == "q" {
                        quality = Double(Self.trim(pair[1])) ?? 0
                    }
                }
                if name == "gzip" {
                    gzip = quality
                } else if name == "*" {
                    wildcard = quality
                }
            }
        }
        return (gzip ?? wildcard ?? 0) > 0
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trim(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
