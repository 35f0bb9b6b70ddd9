import ConfigSupport
import Mapping
import StatsDProtocol
import Testing

/// statsd_exporter's mapper tables (`pkg/mapper/mapper_test.go`), run against ``MappingConfig``.
struct UpstreamMapperTests {
    @Test(arguments: UpstreamMapperScenarios.all)
    func scenario(_ scenario: UpstreamMapperScenario) throws {
        if scenario.bad {
            #expect(throws: ConfigLoadError.self) {
                try MappingConfig(yaml: scenario.config, fileName: "mapping.yml")
            }
            return
        }
        let config = try MappingConfig(yaml: scenario.config, fileName: "mapping.yml")
        for expectation in scenario.expectations {
            let result = config.match(expectation.metric, class: expectation.metricClass)
            guard let expectedName = expectation.name else {
                #expect(result == nil, "\(expectation.metric) should be unmapped")
                continue
            }
            let mapped = try #require(result, "\(expectation.metric) should be mapped")
            #expect(mapped.name == expectedName)
            #expect(mapped.action == expectation.action)
            #expect(
                Dictionary(uniqueKeysWithValues: mapped.labels.map { ($0.name, $0.value) }) == expectation.labels,
                "labels of \(expectation.metric)"
            )
            if let ttl = expectation.ttl {
                #expect(mapped.ttl == ttl)
            }
            if let quantiles = expectation.quantiles {
                #expect(mapped.summaryOptions.quantiles == quantiles)
            }
            if let maxAge = expectation.maxAge {
                #expect(mapped.summaryOptions.maxAge == maxAge)
            }
            if let ageBuckets = expectation.ageBuckets {
                #expect(mapped.summaryOptions.ageBuckets == ageBuckets)
            }
            if let bufCap = expectation.bufCap {
                #expect(mapped.summaryOptions.bufCap == bufCap)
            }
            if let buckets = expectation.buckets {
                #expect(mapped.histogramOptions.buckets == buckets)
            }
            if let observerType = expectation.observerType {
                #expect(mapped.observerType == observerType)
            }
        }
    }
}
