import ConfigSupport
import StatsDProtocol
import Yams

extension ConfigParser {
    /// Decodes the whole document. A `nil` document (empty file) is an empty configuration.
    mutating func parse(document: Node?) -> ParsedConfig {
        var config = ParsedConfig()
        guard let document else { return config }
        guard let pairs = self.pairs(of: document, path: "", allowed: MappingNames.TopLevel.all) else {
            return config
        }
        for (key, _, value) in pairs {
            switch key {
            case MappingNames.TopLevel.defaults:
                config.defaults = self.parseDefaults(value)
            case MappingNames.TopLevel.mappings:
                for (index, item) in (self.items(of: value, path: key) ?? []).enumerated() {
                    if let mapping = self.parseMapping(item, index: index) {
                        config.mappings.append(mapping)
                    }
                }
            default:
                break
            }
        }
        return config
    }

    private mutating func parseDefaults(_ node: Node) -> ParsedConfig.Defaults {
        var defaults = ParsedConfig.Defaults()
        let base = MappingNames.TopLevel.defaults
        let misplaced = Dictionary(
            uniqueKeysWithValues: MappingNames.Mapping.all.filter { !MappingNames.Defaults.all.contains($0) }.map {
                ($0, "only valid in an entry of mappings")
            }
        )
        guard
            let pairs = self.pairs(of: node, path: base, allowed: MappingNames.Defaults.all, misplaced: misplaced)
        else { return defaults }
        for (key, _, value) in pairs {
            let path = "\(base).\(key)"
            switch key {
            case MappingNames.Defaults.observerType:
                defaults.observerType = self.observerType(value, path: path)
            case MappingNames.Defaults.matchType:
                defaults.matchType = self.matchType(value, path: path)
            case MappingNames.Defaults.globDisableOrdering:
                defaults.globDisableOrdering = self.bool(value, path: path) ?? false
            case MappingNames.Defaults.ttl:
                defaults.ttl = self.duration(value, path: path) ?? .zero
                defaults.ttlLocation = self.location(of: value)
            case MappingNames.Defaults.summaryOptions:
                defaults.summary = self.summarySpec(value, path: path) ?? ParsedConfig.SummarySpec()
            case MappingNames.Defaults.histogramOptions:
                defaults.histogram = self.histogramSpec(value, path: path) ?? ParsedConfig.HistogramSpec()
            default:
                break
            }
        }
        return defaults
    }

    private mutating func parseMapping(_ node: Node, index: Int) -> ParsedConfig.Mapping? {
        let base = "\(MappingNames.TopLevel.mappings)[\(index)]"
        let location = self.location(of: node) ?? SourceLocation(file: self.fileName, line: 1, column: 1)
        var mapping = ParsedConfig.Mapping(index: index, location: location)
        let misplaced = [
            MappingNames.Defaults.globDisableOrdering: "only valid in defaults"
        ]
        guard case .mapping = node else {
            if self.isNull(node) {
                self.error(base, at: location, "empty entry; each entry of mappings needs at least match and name")
            } else {
                self.error(base, at: location, "expected a mapping with match, name, ..., found \(Self.kind(of: node))")
            }
            return nil
        }
        guard
            let pairs = self.pairs(of: node, path: base, allowed: MappingNames.Mapping.all, misplaced: misplaced)
        else { return nil }
        for (key, _, value) in pairs {
            let path = "\(base).\(key)"
            switch key {
            case MappingNames.Mapping.match:
                mapping.match = self.string(value, path: path) ?? ""
                mapping.matchLocation = self.location(of: value)
            case MappingNames.Mapping.matchType:
                let errorCount = self.errors.count
                mapping.matchType = self.matchType(value, path: path)
                mapping.matchTypeInvalid = self.errors.count > errorCount
            case MappingNames.Mapping.name:
                mapping.name = self.string(value, path: path) ?? ""
                mapping.nameLocation = self.location(of: value)
            case MappingNames.Mapping.labels:
                mapping.labels = self.labels(value, path: path)
            case MappingNames.Mapping.observerType:
                mapping.observerType = self.observerType(value, path: path)
                mapping.observerTypeLocation = self.location(of: value)
            case MappingNames.Mapping.help:
                mapping.help = self.string(value, path: path) ?? ""
            case MappingNames.Mapping.action:
                mapping.action = self.action(value, path: path)
            case MappingNames.Mapping.matchMetricType:
                mapping.matchMetricType = self.metricClass(value, path: path)
            case MappingNames.Mapping.ttl:
                mapping.ttl = self.duration(value, path: path) ?? .zero
                mapping.ttlLocation = self.location(of: value)
            case MappingNames.Mapping.summaryOptions:
                mapping.summary = self.summarySpec(value, path: path)
            case MappingNames.Mapping.histogramOptions:
                mapping.histogram = self.histogramSpec(value, path: path)
            case MappingNames.Mapping.scale:
                if !self.isNull(value) {
                    mapping.scale = self.double(value, path: path)
                }
            case MappingNames.Mapping.honorLabels:
                mapping.honorLabels = self.bool(value, path: path) ?? false
            default:
                break
            }
        }
        return mapping
    }

    private mutating func labels(_ node: Node, path: String) -> [ParsedConfig.Label] {
        if self.isNull(node) {
            return []
        }
        guard case .mapping(let mapping) = node else {
            self.error(
                path,
                at: self.location(of: node),
                "expected a mapping of label names to values, found \(Self.kind(of: node))"
            )
            return []
        }
        var labels: [ParsedConfig.Label] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                self.error(
                    path,
                    at: self.location(of: keyNode),
                    "label names must be plain strings, found \(Self.kind(of: keyNode))"
                )
                continue
            }
            let labelPath = "\(path).\(key.string)"
            guard let template = self.string(value, path: labelPath) else { continue }
            labels.append(
                ParsedConfig.Label(
                    name: key.string,
                    template: template,
                    nameLocation: self.location(of: keyNode),
                    templateLocation: self.location(of: value)
                )
            )
        }
        return labels
    }

    private mutating func summarySpec(_ node: Node, path: String) -> ParsedConfig.SummarySpec? {
        guard let pairs = self.pairs(of: node, path: path, allowed: MappingNames.Summary.all) else { return nil }
        var spec = ParsedConfig.SummarySpec()
        spec.location = self.location(of: node)
        for (key, _, value) in pairs {
            let fieldPath = "\(path).\(key)"
            switch key {
            case MappingNames.Summary.quantiles:
                for (index, item) in (self.items(of: value, path: fieldPath) ?? []).enumerated() {
                    if let quantile = self.quantile(item, path: "\(fieldPath)[\(index)]") {
                        spec.quantiles.append(quantile)
                    }
                }
            case MappingNames.Summary.maxAge:
                spec.maxAge = self.duration(value, path: fieldPath) ?? .zero
                if spec.maxAge < .zero {
                    self.warn(
                        fieldPath,
                        at: self.location(of: value),
                        "a negative max_age makes statsd_exporter crash when the summary is created; "
                            + "statsd-bridge uses the default, 10m"
                    )
                    spec.maxAge = .zero
                }
            case MappingNames.Summary.ageBuckets:
                spec.ageBuckets = self.uint32(value, path: fieldPath) ?? 0
            case MappingNames.Summary.bufCap:
                spec.bufCap = self.uint32(value, path: fieldPath) ?? 0
            default:
                break
            }
        }
        return spec
    }

    private mutating func quantile(_ node: Node, path: String) -> Quantile? {
        guard let pairs = self.pairs(of: node, path: path, allowed: MappingNames.QuantileKeys.all) else {
            return Quantile(quantile: 0, error: 0)
        }
        var quantile = Quantile(quantile: 0, error: 0)
        for (key, _, value) in pairs {
            let fieldPath = "\(path).\(key)"
            guard let number = self.double(value, path: fieldPath) else { continue }
            if key == MappingNames.QuantileKeys.quantile {
                quantile.quantile = number
            } else {
                quantile.error = number
            }
        }
        return quantile
    }

    private mutating func histogramSpec(_ node: Node, path: String) -> ParsedConfig.HistogramSpec? {
        guard let pairs = self.pairs(of: node, path: path, allowed: MappingNames.Histogram.all) else { return nil }
        var spec = ParsedConfig.HistogramSpec()
        spec.location = self.location(of: node)
        for (key, _, value) in pairs {
            let fieldPath = "\(path).\(key)"
            switch key {
            case MappingNames.Histogram.buckets:
                spec.bucketsLocation = self.location(of: value)
                for (index, item) in (self.items(of: value, path: fieldPath) ?? []).enumerated() {
                    if let bucket = self.double(item, path: "\(fieldPath)[\(index)]") {
                        spec.buckets.append(bucket)
                    }
                }
            case MappingNames.Histogram.nativeBucketFactor:
                spec.nativeBucketFactor = self.double(value, path: fieldPath) ?? 0
            case MappingNames.Histogram.nativeMaxBuckets:
                spec.nativeMaxBuckets = self.uint32(value, path: fieldPath) ?? 0
            default:
                break
            }
        }
        return spec
    }

    // MARK: Enumerations

    /// `observer_type`: null is unset; `""` means summary, as statsd_exporter reads it.
    private mutating func observerType(_ node: Node, path: String) -> ObserverType? {
        if self.isNull(node) {
            return nil
        }
        guard let text = self.string(node, path: path) else { return nil }
        if text.isEmpty {
            return .summary
        }
        if let value = ObserverType(rawValue: text) {
            return value
        }
        self.error(
            path,
            at: self.location(of: node),
            "invalid observer type \"\(text)\"; expected summary or histogram"
        )
        return nil
    }

    /// `match_type`: null is unset (the default applies); `""` means glob.
    private mutating func matchType(_ node: Node, path: String) -> ParsedConfig.MatchKind? {
        if self.isNull(node) {
            return nil
        }
        guard let text = self.string(node, path: path) else { return nil }
        switch text {
        case "", MappingNames.MatchType.glob:
            return .glob
        case MappingNames.MatchType.regex:
            return .regex
        default:
            self.error(path, at: self.location(of: node), "invalid match type \"\(text)\"; expected glob or regex")
            return nil
        }
    }

    /// `action`: null and `""` mean map.
    private mutating func action(_ node: Node, path: String) -> MappingAction {
        guard let text = self.string(node, path: path) else { return .map }
        if text.isEmpty {
            return .map
        }
        if let action = MappingAction(rawValue: text) {
            return action
        }
        self.error(path, at: self.location(of: node), "invalid action \"\(text)\"; expected map or drop")
        return .map
    }

    /// `match_metric_type`: null is unset; `""` is an error, as in statsd_exporter.
    private mutating func metricClass(_ node: Node, path: String) -> MetricClass? {
        if self.isNull(node) {
            return nil
        }
        guard let text = self.string(node, path: path) else { return nil }
        if let metricClass = MappingConfig.metricClasses.first(where: { $0.name == text }) {
            return metricClass
        }
        let hint = text == "timer" ? " (timer was removed from statsd_exporter; use observer)" : ""
        self.error(
            path,
            at: self.location(of: node),
            "invalid metric type \"\(text)\"; expected counter, gauge or observer\(hint)"
        )
        return nil
    }
}
