/// What to do with one event after mapping (mapped or unmapped): everything the store needs to create a series.
package struct MappingResult: Sendable {
    package var action: MappingAction
    /// The expanded name template, **not yet escaped** (the caller escapes it); for unmapped events the raw StatsD
    /// name. An empty name is possible (a capture expanded to nothing) and is the caller's `empty_metric_name`.
    package var name: String
    /// Expanded mapping labels in file order (unmapped: empty). Values are never escaped.
    package var labels: [(name: String, value: String)]
    /// `true`: an incoming tag wins over a mapping label of the same name.
    package var honorLabels: Bool
    /// `nil` means the default help text, ``MappingNames/defaultHelp``.
    package var help: String?
    /// Effective observer type: the rule's, then `defaults.observer_type`, else summary.
    package var observerType: ObserverType
    /// Effective summary settings (as statsd_exporter computes them; see ``MappingConfig``).
    package var summaryOptions: SummaryOptions
    /// Effective histogram settings, merged field by field with the defaults.
    package var histogramOptions: HistogramOptions
    /// Effective TTL (the rule's, else a positive `defaults.ttl`); `.zero` means never expire.
    package var ttl: Duration
    /// Multiplier applied to values; `nil` when the rule does not set `scale`.
    package var scale: Double?
    /// The rule that matched; `nil` when unmapped.
    package var rule: MatchedRule?

    package init(
        action: MappingAction,
        name: String,
        labels: [(name: String, value: String)],
        honorLabels: Bool,
        help: String?,
        observerType: ObserverType,
        summaryOptions: SummaryOptions,
        histogramOptions: HistogramOptions,
        ttl: Duration,
        scale: Double?,
        rule: MatchedRule?
    ) {
        self.action = action
        self.name = name
        self.labels = labels
        self.honorLabels = honorLabels
        self.help = help
        self.observerType = observerType
        self.summaryOptions = summaryOptions
        self.histogramOptions = histogramOptions
        self.ttl = ttl
        self.scale = scale
        self.rule = rule
    }
}
