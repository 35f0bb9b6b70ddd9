import StatsDProtocol

/// One mapping rule ready for lookups: its templates and everything of its result that does not depend on the
/// metric name.
struct CompiledRule: Sendable {
    /// The result with `name` and `labels` still empty.
    var base: MappingResult
    var nameTemplate: Template
    var labelTemplates: [(name: String, template: Template)]
    /// `match_metric_type`; `nil` applies to every class.
    var metricClass: MetricClass?

    /// The result for a match whose capture *i* is `capture(i)`.
    func result(_ capture: (Int) -> Substring?) -> MappingResult {
        var result = self.base
        result.name = self.nameTemplate.expand(capture)
        if !self.labelTemplates.isEmpty {
            result.labels.reserveCapacity(self.labelTemplates.count)
            for (name, template) in self.labelTemplates {
                result.labels.append((name, template.expand(capture)))
            }
        }
        return result
    }
}
