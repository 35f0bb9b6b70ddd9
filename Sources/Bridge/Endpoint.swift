/// The endpoint a request path selects, chosen as Go's `http.ServeMux` chooses a handler for the reference, whose
/// endpoints are registered on one: the telemetry path, `/` (the landing page, here the status page), `/-/healthy`,
/// `/-/ready`, and with `--web.enable-lifecycle` `/-/reload` and `/-/quit`.
///
/// What that gives, besides exact paths: a telemetry path of `/` serves every path no other endpoint takes, one
/// ending in `/` serves its whole subtree (and its path without the slash redirects to it), and a path that is not
/// clean (`//metrics`, `/a/../metrics`) redirects to its clean form. Any other path is 404, as the landing page
/// answers only `/`.
enum Endpoint: Equatable {
    case metrics
    case statusPage
    case healthy
    case ready
    case reload
    case quit
    /// 301 to this path (the query is added back by the caller).
    case redirect(String)
    case notFound

    /// The endpoint for `path` (without its query).
    init(path: String, telemetryPath: String, enableLifecycle: Bool) {
        let clean = Self.clean(path)
        guard clean == path else {
            self = .redirect(clean)
            return
        }
        var patterns: [(pattern: String, endpoint: Endpoint)] = [("/-/healthy", .healthy), ("/-/ready", .ready)]
        if enableLifecycle {
            patterns += [("/-/reload", .reload), ("/-/quit", .quit)]
        }
        if !telemetryPath.isEmpty {
            patterns.append((telemetryPath, .metrics))
            if telemetryPath != "/" {
                patterns.append(("/", .statusPage))
            }
        }
        if let exact = patterns.first(where: { !$0.pattern.hasSuffix("/") && $0.pattern == path }) {
            self = exact.endpoint
        } else if patterns.contains(where: { $0.pattern == path + "/" }) {
            self = .redirect(path + "/")
        } else if let subtree = patterns.filter({ $0.pattern.hasSuffix("/") && path.hasPrefix($0.pattern) })
            .max(by: { $0.pattern.count < $1.pattern.count })
        {
            // The landing page of the reference answers only `/` itself.
            self = subtree.endpoint == .statusPage && path != "/" ? .notFound : subtree.endpoint
        } else {
            self = .notFound
        }
    }

    /// `path` as Go's `http.ServeMux` cleans it before matching: empty and `.` segments dropped, `..` removing the
    /// segment before it, a leading `/` added and a trailing one kept.
    static func clean(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        var clean = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/"), clean != "/" {
            clean += "/"
        }
        return clean
    }
}
