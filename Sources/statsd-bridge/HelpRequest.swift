/// The help forms kingpin gives statsd_exporter beyond `--help`, so a script written for it keeps working:
/// `help`, `help COMMAND`, `--help-long` (the same text as `--help` here: every flag is listed there already) and
/// `--help-man` (a man page in roff).
enum HelpRequest: Equatable {
    case daemon
    case explain
    case manual
    case unknown(String)

    /// The help `arguments` ask for, or `nil` when they ask for none of these forms.
    init?(_ arguments: [String]) {
        if arguments.contains("--help-man") {
            self = .manual
        } else if arguments.contains("--help-long") {
            self = arguments.first == "explain" ? .explain : .daemon
        } else if arguments.first == "help" {
            switch arguments.dropFirst().first {
            case nil: self = .daemon
            case "explain": self = .explain
            case let other?: self = .unknown(other)
            }
        } else {
            return nil
        }
    }

    /// A man page (section 1) whose description is the `--help` text, as kingpin's `--help-man` gives one.
    static func manualPage(name: String, abstract: String, help: String) -> String {
        let escaped = help.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let text = line.split(separator: "\\", omittingEmptySubsequences: false).joined(separator: "\\e")
            return text.hasPrefix(".") || text.hasPrefix("'") ? "\\&" + text : text
        }
        return
            ([
                ".TH \(name.uppercased()) 1",
                ".SH NAME",
                "\(name) \\- \(abstract)",
                ".SH DESCRIPTION",
                ".nf",
            ] + escaped + [".fi"]).joined(separator: "\n")
    }
}
