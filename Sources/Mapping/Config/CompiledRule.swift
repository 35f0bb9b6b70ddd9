import StatsDProtocol

/// One mapping rule ready for lookups: its templates and everything of its result that does not depend on the
/// metric name. A class, so that a lookup reads it in place instead of copying it.
final class CompiledRule: Sendable {
    /// The result with `name` and `labels` still empty.
    let base: MappingResult
    let nameTemplate: Template
    let labelTemplates: [(name: String, template: Template)]
    /// `match_metric_type`; `nil` applies to every class.
    let metricClass: MetricClass?

    init(
        base: MappingResult,
        nameTemplate: Template,
        labelTemplates: [(name: String, template: Template)],
        metricClass: MetricClass?
    ) {
        self.base = base
        self.nameTemplate = nameTemplate
        self.labelTemplates = labelTemplates
        self.metricClass = metricClass
    }

    /// The result for a match whose capture *i* is `capture(i)`.
    func result<Text: StringProtocol>(_ capture: (Int) -> Text?) -> MappingResult {
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
