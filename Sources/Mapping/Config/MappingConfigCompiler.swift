import ConfigSupport
import StatsDProtocol

/// Validates a ``ParsedConfig`` and compiles it into rules, the glob state machine and the regex list, applying
/// statsd_exporter's load-time defaults and reporting its quirks as warnings.
struct MappingConfigCompiler {
    /// A regex rule: its compiled result and pattern.
    struct RegexEntry: Sendable {
        var rule: CompiledRule
        var regex: RegexRule
    }

    /// Everything a ``MappingConfig`` holds.
    struct Output {
        var globRules: [CompiledRule] = []
        var globMatcher: GlobMatcher?
        var regexRules: [RegexEntry] = []
        var unmapped: MappingResult
        /// Every entry of `mappings:`, in file order.
        var rules: [MatchedRule] = []
    }

    private var parser: ConfigParser
    private let config: ParsedConfig
    private let defaultQuantiles: [Quantile]
    private let defaultHistogram: HistogramOptions

    init(parser: ConfigParser, config: ParsedConfig) {
        self.parser = parser
        self.config = config
        let defaults = config.defaults
        self.defaultQuantiles = Self.deduplicated(
            defaults.summary.quantiles.isEmpty ? SummaryOptions.defaultQuantiles : defaults.summary.quantiles
        )
        var histogram = HistogramOptions(
            buckets: HistogramOptions.defaultBuckets,
            nativeBucketFactor: HistogramOptions.loadedConfigNativeBucketFactor,
            nativeMaxBuckets: HistogramOptions.loadedConfigNativeMaxBuckets
        )
        if !defaults.histogram.buckets.isEmpty {
            histogram.buckets = defaults.histogram.buckets
        }
        if defaults.histogram.nativeBucketFactor != 0 {
            histogram.nativeBucketFactor = defaults.histogram.nativeBucketFactor
        }
        if defaults.histogram.nativeMaxBuckets != 0 {
            histogram.nativeMaxBuckets = defaults.histogram.nativeMaxBuckets
        }
        self.defaultHistogram = histogram
    }

    var errors: [ConfigDiagnostic] { self.parser.errors }
    var warnings: [ConfigDiagnostic] { self.parser.warnings }

    /// Compiles the configuration; problems are collected in ``errors`` and ``warnings``.
    mutating func compile() -> Output {
        let defaults = self.config.defaults
        var defaultHistogram = self.defaultHistogram
        defaultHistogram.buckets = self.normalizedBuckets(
            defaultHistogram.buckets,
            path: "defaults.histogram_options.buckets",
            location: defaults.histogram.bucketsLocation
        )
        var output = Output(unmapped: self.unmappedBase(histogram: defaultHistogram))
        output.rules = self.config.mappings.map { MatchedRule(index: $0.index, location: $0.location, match: $0.match) }
        self.checkDefaults()

        let builder = GlobTrieBuilder(classCount: MappingConfig.metricClasses.count)
        var globAnalysisRules: [GlobBacktrackingAnalysis.Rule] = []
        var globRuleMappings: [Int] = []
        var neverMatches: [Int: String] = [:]
        for mapping in self.config.mappings {
            let matchType = mapping.matchType ?? defaults.matchType ?? .glob
            guard let compiled = self.compile(mapping, matchType: matchType, histogramDefaults: defaultHistogram)
            else { continue }
            switch compiled {
            case .glob(let rule, let components):
                let classes =
                    mapping.matchMetricType.map { [Int($0.rawValue)] }
                    ?? MappingConfig.metricClasses.map { Int($0.rawValue) }
                let slot = output.globRules.count
                output.globRules.append(rule)
                globRuleMappings.append(mapping.index)
                globAnalysisRules.append(.init(index: mapping.index, match: mapping.match, classes: classes))
                var lost: [Int] = []
                var reason = ""
                for (classIndex, attachment) in builder.add(components: components, classes: classes, rule: slot) {
                    switch attachment {
                    case .attached:
                        continue
                    case .shadowedByDuplicate(let other):
                        lost.append(classIndex)
                        reason = "mappings[\(globRuleMappings[other])] has the same match and comes first"
                    case .swallowedByLongerRule:
                        lost.append(classIndex)
                        reason =
                            "statsd_exporter's glob state machine gives no result to a glob that is a prefix "
                            + "of an earlier, longer glob; move this rule above the longer one"
                    }
                }
                if !lost.isEmpty {
                    neverMatches[mapping.index] = "never matches\(Self.classSuffix(lost, of: classes)): \(reason)"
                }
            case .regex(let entry):
                output.regexRules.append(entry)
            }
        }
        if !output.globRules.isEmpty, self.parser.errors.isEmpty {
            let analysis = GlobBacktrackingAnalysis(
                rules: globAnalysisRules,
                orderingDisabled: defaults.globDisableOrdering
            )
            for shadowed in analysis.shadowed where neverMatches[shadowed.rule] == nil {
                let other = self.config.mappings[shadowed.shadowedBy]
                let classes = globAnalysisRules.first { $0.index == shadowed.rule }?.classes ?? []
                neverMatches[shadowed.rule] =
                    "never matches\(Self.classSuffix(shadowed.classes, of: classes)): "
                    + "mappings[\(shadowed.shadowedBy)] (\"\(other.match)\", line \(other.location.line)) matches "
                    + "every name it matches and glob rules are tried in file order; move it above, or set "
                    + "defaults.glob_disable_ordering: true to prefer literal components"
            }
            for index in analysis.backtrackingRules where defaults.globDisableOrdering {
                let mapping = self.config.mappings[index]
                self.parser.warn(
                    "mappings[\(index)].match",
                    at: mapping.matchLocation,
                    "\"\(mapping.match)\" makes glob matching backtrack (as in statsd_exporter); lookups of names "
                        + "that fail a literal component try \"*\" as well"
                )
            }
            for (index, message) in neverMatches {
                let mapping = self.config.mappings[index]
                self.parser.warn("mappings[\(index)].match", at: mapping.matchLocation ?? mapping.location, message)
            }
            output.globMatcher = GlobMatcher(
                freezing: builder,
                backtracking: analysis.backtrackingNeeded,
                orderingDisabled: defaults.globDisableOrdering
            )
        }
        return output
    }

    private static func classSuffix(_ lost: [Int], of classes: [Int]) -> String {
        guard lost.count < classes.count else { return "" }
        let names = lost.compactMap { MetricClass(rawValue: UInt8($0))?.name }
        return " for \(names.joined(separator: " and ")) events"
    }

    // MARK: Defaults

    private mutating func checkDefaults() {
        let defaults = self.config.defaults
        if defaults.ttl < .zero {
            self.parser.warn(
                "defaults.ttl",
                at: defaults.ttlLocation,
                "a negative ttl is ignored by mappings, and unmapped series expire at the next sweep (within a "
                    + "second), as in statsd_exporter"
            )
        }
        let summary = defaults.summary
        let setsWindow = summary.maxAge != .zero || summary.ageBuckets != 0 || summary.bufCap != 0
        let unsetRules = self.config.mappings.filter { $0.observerType == nil }.count
        if setsWindow, defaults.observerType == nil, unsetRules > 0 {
            self.parser.warn(
                "defaults.summary_options",
                at: summary.location,
                "max_age, age_buckets and buf_cap here apply only to mappings whose observer_type is summary "
                    + "(set on the mapping or in defaults.observer_type); the \(unsetRules) mapping(s) without "
                    + "observer_type and unmapped metrics use 10m, 5 and 500, as in statsd_exporter; set "
                    + "defaults.observer_type: summary to apply them to the mappings"
            )
        }
    }

    private func unmappedBase(histogram: HistogramOptions) -> MappingResult {
        let defaults = self.config.defaults
        return MappingResult(
            action: .map,
            name: "",
            labels: [],
            honorLabels: false,
            help: nil,
            observerType: defaults.observerType ?? .summary,
            summaryOptions: SummaryOptions(
                quantiles: self.defaultQuantiles,
                maxAge: SummaryOptions.defaultMaxAge,
                ageBuckets: SummaryOptions.defaultAgeBuckets,
                bufCap: SummaryOptions.defaultBufCap
            ),
            histogramOptions: histogram,
            ttl: Self.effectiveTTL(defaults.ttl),
            scale: nil,
            rule: nil
        )
    }

    /// statsd_exporter deletes a series with a negative TTL at the next sweep; the smallest positive TTL does
    /// the same here.
    private static func effectiveTTL(_ ttl: Duration) -> Duration {
        ttl < .zero ? .nanoseconds(1) : ttl
    }

    // MARK: Rules

    private enum Compiled {
        case glob(CompiledRule, components: [String])
        case regex(RegexEntry)
    }

    private mutating func compile(
        _ mapping: ParsedConfig.Mapping,
        matchType: ParsedConfig.MatchKind,
        histogramDefaults: HistogramOptions
    ) -> Compiled? {
        let base = "mappings[\(mapping.index)]"
        let errorCount = self.parser.errors.count
        let defaults = self.config.defaults

        for label in mapping.labels where !ConfigValidation.isValidLabelName(label.name) {
            self.parser.error(
                "\(base).labels",
                at: label.nameLocation,
                "invalid label name \"\(label.name)\": it must match ^[a-zA-Z_][a-zA-Z0-9_]*$"
            )
        }
        if mapping.name.isEmpty {
            self.parser.error(
                "\(base).name",
                at: mapping.nameLocation ?? mapping.location,
                "a name is required (statsd_exporter requires it even with action: drop)"
            )
        } else if !ConfigValidation.isValidNameTemplate(mapping.name) {
            self.parser.error(
                "\(base).name",
                at: mapping.nameLocation,
                ConfigValidation.nameTemplateProblem(mapping.name)
            )
        }

        var components: [String] = []
        var regex: RegexRule?
        switch matchType {
        case _ where mapping.matchTypeInvalid:
            break
        case .glob:
            if mapping.matchLocation == nil {
                self.parser.error("\(base).match", at: mapping.location, "match is required")
            } else if let problem = ConfigValidation.globProblem(mapping.match) {
                self.parser.error("\(base).match", at: mapping.matchLocation, problem)
            } else {
                components = mapping.match.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            }
        case .regex:
            if mapping.match.isEmpty {
                self.parser.warn(
                    "\(base).match",
                    at: mapping.matchLocation ?? mapping.location,
                    "the regex is empty and matches every name, as in statsd_exporter"
                )
            }
            do {
                regex = try RegexRule(pattern: mapping.match)
            } catch {
                self.parser.error(
                    "\(base).match",
                    at: mapping.matchLocation ?? mapping.location,
                    "invalid regex \"\(mapping.match)\": \(error)"
                )
            }
        }

        let observerType = mapping.observerType ?? defaults.observerType
        if observerType == .histogram, let summary = mapping.summary {
            self.parser.error(
                "\(base).summary_options",
                at: summary.location,
                "cannot be used with observer type histogram"
                    + (mapping.observerType == nil ? " (set in defaults.observer_type)" : "")
            )
        }
        if observerType == .summary, let histogram = mapping.histogram {
            self.parser.error(
                "\(base).histogram_options",
                at: histogram.location,
                "cannot be used with observer type summary"
                    + (mapping.observerType == nil ? " (set in defaults.observer_type)" : "")
            )
        }
        if observerType == nil, let histogram = mapping.histogram {
            self.parser.warn(
                "\(base).histogram_options",
                at: histogram.location,
                "ignored: no observer_type is set here or in defaults, so timers become summaries (as in "
                    + "statsd_exporter); add observer_type: histogram"
            )
        }
        guard self.parser.errors.count == errorCount else { return nil }

        var histogram = histogramDefaults
        if let spec = mapping.histogram {
            if !spec.buckets.isEmpty {
                histogram.buckets = self.normalizedBuckets(
                    spec.buckets,
                    path: "\(base).histogram_options.buckets",
                    location: spec.bucketsLocation
                )
            }
            if spec.nativeBucketFactor != 0 {
                histogram.nativeBucketFactor = spec.nativeBucketFactor
            }
            if spec.nativeMaxBuckets != 0 {
                histogram.nativeMaxBuckets = spec.nativeMaxBuckets
            }
        }

        var ttl = mapping.ttl
        if ttl == .zero, defaults.ttl > .zero {
            ttl = defaults.ttl
        }
        if mapping.ttl < .zero {
            self.parser.warn(
                "\(base).ttl",
                at: mapping.ttlLocation,
                "a negative ttl makes a series expire at the next sweep (within a second), as in statsd_exporter"
            )
        }

        var resultBase = MappingResult(
            action: mapping.action,
            name: "",
            labels: [],
            honorLabels: mapping.honorLabels,
            help: mapping.help.isEmpty ? nil : mapping.help,
            observerType: observerType ?? .summary,
            summaryOptions: self.summaryOptions(for: mapping, observerType: observerType),
            histogramOptions: histogram,
            ttl: Self.effectiveTTL(ttl),
            scale: mapping.scale,
            rule: MatchedRule(index: mapping.index, location: mapping.location, match: mapping.match)
        )

        switch matchType {
        case .glob:
            let captureCount = components.filter { $0 == "*" }.count
            let rule = self.compileTemplates(mapping, base: resultBase) {
                Template.glob($0, captureCount: captureCount)
            }
            return .glob(rule, components: components)
        case .regex:
            guard let regex else { return nil }
            let groupNames = regex.groupNames
            if self.repeatsGroupNames(groupNames, of: mapping) {
                resultBase.action = .drop
            }
            let rule = self.compileTemplates(mapping, base: resultBase) { Template.regex($0, groupNames: groupNames) }
            return .regex(RegexEntry(rule: rule, regex: regex))
        }
    }

    /// RE2 and Go accept a group name used twice, and so does the loader; statsd_exporter accepts such a file and
    /// then shows nothing for the lines the rule matches (a side-by-side run recorded it), so the rule drops them as
    /// the reference does, counted as drops. Whether the rule repeats a group name; warns with the rule's place if so.
    private mutating func repeatsGroupNames(
        _ groupNames: [String?],
        of mapping: ParsedConfig.Mapping
    ) -> Bool {
        var seen: Set<String> = []
        var repeated: [String] = []
        for case let name? in groupNames where !seen.insert(name).inserted && !repeated.contains(name) {
            repeated.append(name)
        }
        guard !repeated.isEmpty else { return false }
        let names = repeated.map { "\"\($0)\"" }.joined(separator: ", ")
        self.parser.warn(
            "mappings[\(mapping.index)].match",
            at: mapping.matchLocation ?? mapping.location,
            (repeated.count == 1 ? "group name \(names) is" : "group names \(names) are")
                + " used more than once: statsd_exporter shows nothing for the lines this rule matches, so they are "
                + "dropped here too and counted in statsd_exporter_events_actions_total{action=\"drop\"}; give each "
                + "group its own name"
        )
        return true
    }

    private mutating func compileTemplates(
        _ mapping: ParsedConfig.Mapping,
        base: MappingResult,
        _ compile: (String) -> (template: Template, problems: [Template.Problem])
    ) -> CompiledRule {
        let path = "mappings[\(mapping.index)]"
        let name = compile(mapping.name)
        for problem in name.problems {
            self.parser.warn("\(path).name", at: mapping.nameLocation, problem.message)
        }
        var labels: [(name: String, template: Template)] = []
        for label in mapping.labels {
            let compiled = compile(label.template)
            for problem in compiled.problems {
                self.parser.warn("\(path).labels.\(label.name)", at: label.templateLocation, problem.message)
            }
            labels.append((label.name, compiled.template))
        }
        return CompiledRule(
            base: base,
            nameTemplate: name.template,
            labelTemplates: labels,
            metricClass: mapping.matchMetricType
        )
    }

    /// The summary settings statsd_exporter ends up with for `mapping`.
    ///
    /// Quantiles: the mapping's when it lists any, else the defaults'. Window settings: merged field by field
    /// with `defaults.summary_options` only when the effective observer type is explicitly summary; otherwise
    /// the mapping's own values. Zeros then become the client-library defaults (10m, 5, 500).
    private func summaryOptions(for mapping: ParsedConfig.Mapping, observerType: ObserverType?) -> SummaryOptions {
        let defaults = self.config.defaults.summary
        let spec = mapping.summary ?? ParsedConfig.SummarySpec()
        var maxAge = spec.maxAge
        var ageBuckets = spec.ageBuckets
        var bufCap = spec.bufCap
        if observerType == .summary {
            maxAge = maxAge == .zero ? defaults.maxAge : maxAge
            ageBuckets = ageBuckets == 0 ? defaults.ageBuckets : ageBuckets
            bufCap = bufCap == 0 ? defaults.bufCap : bufCap
        }
        return SummaryOptions(
            quantiles: spec.quantiles.isEmpty ? self.defaultQuantiles : Self.deduplicated(spec.quantiles),
            maxAge: maxAge == .zero ? SummaryOptions.defaultMaxAge : maxAge,
            ageBuckets: ageBuckets == 0 ? SummaryOptions.defaultAgeBuckets : ageBuckets,
            bufCap: bufCap == 0 ? SummaryOptions.defaultBufCap : bufCap
        )
    }

    /// Quantiles as the client library's objectives map keeps them: one per quantile, the last error winning,
    /// in order of first appearance.
    private static func deduplicated(_ quantiles: [Quantile]) -> [Quantile] {
        var result: [Quantile] = []
        for quantile in quantiles {
            if let existing = result.firstIndex(where: { $0.quantile == quantile.quantile }) {
                result[existing].error = quantile.error
            } else {
                result.append(quantile)
            }
        }
        return result
    }

    /// Buckets sorted, without duplicates, NaN or a trailing `+Inf`; warns when that changed them (the client
    /// library would panic on unsorted buckets).
    private mutating func normalizedBuckets(_ buckets: [Double], path: String, location: SourceLocation?) -> [Double] {
        var cleaned = buckets
        if cleaned.last == .infinity {
            cleaned.removeLast()
        }
        let finite = cleaned.filter { !$0.isNaN && $0 != .infinity }
        var sorted: [Double] = []
        for bucket in finite.sorted() where sorted.last != bucket {
            sorted.append(bucket)
        }
        if sorted != cleaned {
            self.parser.warn(
                path,
                at: location,
                "buckets must be strictly increasing; statsd_exporter crashes on these when the histogram is "
                    + "created; statsd-bridge uses them sorted, without duplicates"
            )
        }
        return sorted
    }
}
