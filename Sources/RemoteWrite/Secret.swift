import ConfigSupport

/// A password or token, given inline or as a file read at each push, so a rotated secret takes effect without a
/// restart (as Prometheus reads `password_file` and `credentials_file`).
package enum Secret: Sendable {
    case inline(String)
    case file(String)

    /// A secret file that could not be read at push time, with the system's reason.
    package struct Unreadable: Error, CustomStringConvertible {
        package var description: String
    }

    /// The secret now; a file's content without surrounding whitespace, as Prometheus trims it.
    package func reveal() throws(Unreadable) -> String {
        switch self {
        case .inline(let text):
            return text
        case .file(let path):
            let content: String
            do {
                content = try ConfigFileReader.contents(of: path)
            } catch {
                throw Unreadable(description: "\(path): \(error)")
            }
            var text = Substring(content)
            while text.first?.isWhitespace == true { text.removeFirst() }
            while text.last?.isWhitespace == true { text.removeLast() }
            return String(text)
        }
    }
}
