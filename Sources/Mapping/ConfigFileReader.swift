import Foundation

/// Reads a mapping file; the only place the Mapping module uses Foundation directly.
enum ConfigFileReader {
    /// The file at `path` decoded as UTF-8.
    /// - Throws: The underlying I/O or decoding error.
    static func read(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw CocoaError(.fileReadInapplicableStringEncoding)
        }
        return text
    }
}
