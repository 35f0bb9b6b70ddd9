import ConfigSupport
import StatsDProtocol
import Yams

/// A loaded, immutable mapping configuration (frozen glob FSM + regex rules). Built off the hot path; swapped
/// atomically on reload by the caller.
///
/// Matches statsd_exporter master: glob rules are looked up first (``GlobMatcher``), then regex rules in file
/// order; a rule restricted by `match_metric_type` applies only to that class. Loading is strict (unknown keys,
/// bad values, invalid globs, names, label names and regexes are errors) and every error of the file is
/// reported at once with its position. Where statsd_exporter's result is surely not what was meant, the result
/// is kept and a warning says so.
package final class MappingConfig: Sendable {
    /// The metric classes, in the reference's FSM order.
    static let metricClasses: [MetricClass] = [.counter, .gauge, .observer]

    /// Quirk warnings with their positions, in file order.
    package let warnings: [ConfigDiagnostic]
    /// Every entry of `mappings:` in file order, as ``MappingResult/rule`` names it: the status page lists them all,
    /// so a rule that never matches shows up with no hits.
    package let rules: [MatchedRule]
    /// The file the configuration came from; `nil` for ``empty``.
    package let fileName: String?

    private let globRules: [CompiledRule]
    private let globMatcher: GlobMatcher?
    private let regexRules: [MappingConfigCompiler.RegexEntry]
    private let unmapped: MappingResult

    /// No mapping file: everything is unmapped, summaries by default, classic histograms with `DefBuckets`,
    /// no TTL.
    package static let empty = MappingConfig()

    private init() {
        self.warnings = []
        self.rules = []
        self.fileName = nil
        self.globRules = []
        self.globMatcher = nil
        self.regexRules = []
        self.unmapped = MappingResult(
            action: .map,
            name: "",
            labels: [],
            honorLabels: false,
            help: nil,
            observerType: .summary,
            summaryOptions: .default,
            histogramOptions: .default,
            ttl: .zero,
            scale: nil,
            rule: nil
        )
    }

    /// Parses and compiles a mapping file's text.
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - fileName: How diagnostics name the file.
    /// - Throws: ``ConfigLoadError`` with every error of the file.
    package init(yaml: String, fileName: String) throws(ConfigLoadError) {
        var parser = ConfigParser(fileName: fileName, removedKeys: MappingNames.removedKeys)
        let document = parser.composeFirstDocument(yaml)
        if !parser.errors.isEmpty {
            throw ConfigLoadError(diagnostics: parser.errors)
        }
        let parsed = parser.parse(document: document)
        var compiler = MappingConfigCompiler(parser: parser, config: parsed)
        let output = compiler.compile()
        if !compiler.errors.isEmpty {
            throw ConfigLoadError(
                diagnostics: ConfigDiagnostic.inFileOrder(compiler.errors),
                warnings: ConfigDiagnostic.inFileOrder(compiler.warnings)
            )
        }
        self.warnings = ConfigDiagnostic.inFileOrder(compiler.warnings)
        self.rules = output.rules
        self.fileName = fileName
        self.globRules = output.globRules
        self.globMatcher = output.globMatcher
        self.regexRules = output.regexRules
        self.unmapped = output.unmapped
    }

    /// Reads and compiles the mapping file at `path`.
    /// - Throws: ``ConfigLoadError`` when the file cannot be read or is invalid.
    package static func load(contentsOf path: String) throws(ConfigLoadError) -> MappingConfig {
        let text: String
        do {
            text = try ConfigFileReader.contents(of: path)
        } catch {
            throw ConfigLoadError(diagnostics: [
                ConfigDiagnostic(location: nil, path: nil, message: "\(path): cannot read mapping config: \(error)")
            ])
        }
        return try MappingConfig(yaml: text, fileName: path)
    }

    /// Number of entries in `mappings:` (`statsd_exporter_loaded_mappings`).
    package var ruleCount: Int { self.rules.count }

    /// Glob rules (FSM) first, then regex rules in file order.
    /// - Parameters:
    ///   - name: The StatsD name after tag extraction.
    ///   - metricClass: The event's class.
    /// - Returns: The mapped (or dropped) result, or `nil` when no rule matches (unmapped).
    package func match(_ name: String, class metricClass: MetricClass) -> MappingResult? {
        if let matcher = self.globMatcher, let result = self.globMatch(name, class: metricClass, matcher: matcher) {
            return result
        }
        for entry in self.regexRules {
            if let ruleClass = entry.rule.metricClass, ruleClass != metricClass {
                continue
            }
            if let result = entry.regex.firstMatch(in: name, { capture in entry.rule.result(capture) }) {
                return result
            }
        }
        return nil
    }

    /// The glob lookup. Closures return nothing and the result is written once, so the large result is not
    /// copied through the generic closure layers.
    private func globMatch(_ name: String, class metricClass: MetricClass, matcher: GlobMatcher) -> MappingResult? {
        var output: MappingResult?
        var bytes = name
        bytes.withUTF8 { buffer in
            let capacity = GlobMatcher.captureCapacity(for: buffer)
            guard capacity / 2 <= matcher.maxComponents else { return }
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: capacity) { scratch in
                scratch.initialize(repeating: 0..<0)
                guard let rule = matcher.match(buffer, classIndex: Int(metricClass.rawValue), captures: scratch) else {
                    return
                }
                output = self.globRules[rule].result { index -> String? in
                    if index == Template.wholeName {
                        return name
                    }
                    guard index < capacity / 2 else { return nil }
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[scratch[index]]), as: UTF8.self)
                }
            }
        }
        return output
    }

    /// The result for an unmapped event: the defaults applied (TTL, observer type, options).
    package func unmappedResult(for name: String) -> MappingResult {
        var result = self.unmapped
        result.name = name
        return result
    }

    /// The glob state machine in Graphviz dot format, like statsd_exporter's `--debug.dump-fsm`.
    package func globFSMDot() -> String {
        var text = "digraph g {\nrankdir=LR\nnode [ label=\"\",style=filled,fillcolor=white,shape=circle ]\n"
        if let matcher = self.globMatcher {
            for (classIndex, root) in matcher.roots.enumerated() {
                let node = Int(root) + 1
                text += "0 -> \(node)  [label = \"\(Self.metricClasses[classIndex].name)\"];\n"
                text += "\(node) [color=\"#D6B656\",fillcolor=\"#FFF2CC\"];\n"
            }
            for (state, edges) in matcher.orderedEdges.enumerated() {
                for (label, child) in edges {
                    text += "\(state + 1) -> \(child + 1)  [label = \"\(label)\"];\n"
                    if matcher.orderedEdges[Int(child)].isEmpty {
                        text += "\(child + 1) [color=\"#82B366\",fillcolor=\"#D5E8D4\"];\n"
                    }
                }
            }
        }
        return text + "0 [color=\"#a94442\",fillcolor=\"#f2dede\"];\n}"
    }
}
