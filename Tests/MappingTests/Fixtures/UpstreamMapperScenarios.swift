import Mapping
import StatsDProtocol

/// statsd_exporter's `TestMetricMapperYAML`, `TestAction` and `TestMultipleMatches` tables, row for row, with the
/// results of statsd_exporter master. Rows whose configs use keys master removed (`timer_type`, top-level
/// `quantiles`/`buckets`, `match_metric_type: timer`) are load errors there, and are here.
enum UpstreamMapperScenarios {
    typealias Scenario = UpstreamMapperScenario
    typealias Expect = UpstreamMapperScenario.Expectation

    static let defaultQuantiles = [
        Quantile(quantile: 0.5, error: 0.05), Quantile(quantile: 0.9, error: 0.01),
        Quantile(quantile: 0.99, error: 0.001),
    ]
    static let customQuantiles = [Quantile(quantile: 0.42, error: 0.04), Quantile(quantile: 0.7, error: 0.002)]
    static let defaultsQuantiles = [Quantile(quantile: 0.9, error: 0.1), Quantile(quantile: 0.99, error: 0.01)]

    static let all: [Scenario] = metricMapperYAML + action + multipleMatches

    static let metricMapperYAML: [Scenario] = [
        Scenario(name: "Empty config", config: ""),
        Scenario(
            name: "Config with several mapping definitions",
            config: """
                ---
                mappings:
                - match: test.dispatcher.*.*.*
                  name: "dispatch_events"
                  labels: 
                    processor: "$1"
                    action: "$2"
                    result: "$3"
                    job: "test_dispatcher"
                - match: test.my-dispatch-host01.name.dispatcher.*.*.*
                  name: "host_dispatch_events"
                  labels:
                    processor: "$1"
                    action: "$2"
                    result: "$3"
                    job: "test_dispatcher"
                - match: request_time.*.*.*.*.*.*.*.*.*.*.*.*
                  name: "tyk_http_request"
                  labels:
                    method_and_path: "${1}"
                    response_code: "${2}"
                    apikey: "${3}"
                    apiversion: "${4}"
                    apiname: "${5}"
                    apiid: "${6}"
                    ipv4_t1: "${7}"
                    ipv4_t2: "${8}"
                    ipv4_t3: "${9}"
                    ipv4_t4: "${10}"
                    orgid: "${11}"
                    oauthid: "${12}"
                - match: "*.*"
                  name: "catchall"
                  labels:
                    first: "$1"
                    second: "$2"
                    third: "$3"
                    job: "$1-$2-$3"
                - match: (.*)\\.(.*)-(.*)\\.(.*)
                  match_type: regex
                  name: "proxy_requests_total"
                  labels:
                    job: "$1"
                    protocol: "$2"
                    endpoint: "$3"
                    result: "$4"

                  
                """,
            expectations: [
                Expect(
                    metric: "test.dispatcher.FooProcessor.send.succeeded",
                    name: "dispatch_events",
                    labels: [
                        "processor": "FooProcessor", "action": "send", "result": "succeeded", "job": "test_dispatcher",
                    ]
                ),
                Expect(
                    metric: "test.my-dispatch-host01.name.dispatcher.FooProcessor.send.succeeded",
                    name: "host_dispatch_events",
                    labels: [
                        "processor": "FooProcessor", "action": "send", "result": "succeeded", "job": "test_dispatcher",
                    ]
                ),
                Expect(
                    metric: "request_time.get/threads/1/posts.200.00000000.nonversioned.discussions."
                        + "a11bbcdf0ac64ec243658dc64b7100fb.172.20.0.1.12ba97b7eaa1a50001000001.",
                    name: "tyk_http_request",
                    labels: [
                        "method_and_path": "get/threads/1/posts", "response_code": "200", "apikey": "00000000",
                        "apiversion": "nonversioned", "apiname": "discussions",
                        "apiid": "a11bbcdf0ac64ec243658dc64b7100fb", "ipv4_t1": "172", "ipv4_t2": "20", "ipv4_t3": "0",
                        "ipv4_t4": "1", "orgid": "12ba97b7eaa1a50001000001", "oauthid": "",
                    ]
                ),
                Expect(
                    metric: "foo.bar",
                    name: "catchall",
                    labels: ["first": "foo", "second": "bar", "third": "", "job": "foo-bar-"]
                ),
                Expect(metric: "foo.bar.baz"),
                Expect(
                    metric: "proxy-1.http-goober.success",
                    name: "proxy_requests_total",
                    labels: ["job": "proxy-1", "protocol": "http", "endpoint": "goober", "result": "success"]
                ),
            ]
        ),
        Scenario(
            name: "Config with backtracking",
            config: """

                defaults:
                  glob_disable_ordering: true
                mappings:
                - match: backtrack.*.bbb
                  name: "testb"
                  labels:
                    label: "${1}_foo"
                - match: backtrack.justatest.aaa
                  name: "testa"
                  labels:
                    label: "${1}_foo"
                  
                """,
            expectations: [
                Expect(metric: "backtrack.good.bbb", name: "testb", labels: ["label": "good_foo"]),
                Expect(metric: "backtrack.justatest.bbb", name: "testb", labels: ["label": "justatest_foo"]),
                Expect(metric: "backtrack.justatest.aaa", name: "testa", labels: ["label": "_foo"]),
            ]
        ),
        Scenario(
            name: "Config with backtracking, the non-matched rule has star(s)",
            config: """

                defaults:
                  glob_disable_ordering: false
                mappings:
                - match: '*.dummy.*'
                  name: metric_one
                  labels:
                    system: $1
                    attribute: $2
                - match: 'full.name.*'
                  name: metric_two
                  labels:
                    system: static
                    attribute: $1

                """,
            expectations: [
                Expect(
                    metric: "whatever.dummy.test",
                    name: "metric_one",
                    labels: ["system": "whatever", "attribute": "test"]
                ),
                Expect(
                    metric: "full.name.anothertest",
                    name: "metric_two",
                    labels: ["system": "static", "attribute": "anothertest"]
                ),
            ]
        ),
        Scenario(
            name: "Config with super sets, disables ordering",
            config: """

                defaults:
                  glob_disable_ordering: true
                mappings:
                - match: noorder.*.*
                  name: "testa"
                  labels:
                    label: "${1}_foo"
                - match: noorder.*.bbb
                  name: "testb"
                  labels:
                    label: "${1}_foo"
                - match: noorder.ccc.bbb
                  name: "testc"
                  labels:
                    label: "ccc_foo"
                  
                """,
            expectations: [
                Expect(metric: "noorder.good.bbb", name: "testb", labels: ["label": "good_foo"]),
                Expect(metric: "noorder.ccc.bbb", name: "testc", labels: ["label": "ccc_foo"]),
            ]
        ),
        Scenario(
            name: "Config with super sets, keeps ordering",
            config: """

                defaults:
                  glob_disable_ordering: false
                mappings:
                - match: order.*.*
                  name: "testa"
                  labels:
                    label: "${1}_foo"
                - match: order.*.bbb
                  name: "testb"
                  labels:
                    label: "${1}_foo"
                  
                """,
            expectations: [Expect(metric: "order.good.bbb", name: "testa", labels: ["label": "good_foo"])]
        ),
        Scenario(
            name: "Config with bad regex reference",
            config: """
                ---
                mappings:
                - match: test.*
                  name: "name"
                  labels:
                    label: "$1_foo"
                  
                """,
            expectations: [Expect(metric: "test.a", name: "name", labels: ["label": ""])]
        ),
        Scenario(
            name: "Config with good regex reference",
            config: """

                mappings:
                - match: test.*
                  name: "name"
                  labels:
                    label: "${1}_foo"
                  
                """,
            expectations: [Expect(metric: "test.a", name: "name", labels: ["label": "a_foo"])]
        ),
        Scenario(
            name: "Config with bad metric line",
            config: """
                ---
                mappings:
                - match: bad--metric-line.*.*
                  name: "foo"
                  labels: {}
                  
                """,
            bad: true
        ),
        Scenario(
            name: "Config with dynamic metric name",
            config: """
                ---
                mappings:
                - match: test1.*.*
                  name: "$1"
                  labels: {}
                - match: test2.*.*
                  name: "${1}_$2"
                  labels: {}
                - match: test3\\.(\\w+)\\.(\\w+)
                  match_type: regex
                  name: "${2}_$1"
                  labels: {}
                  
                """,
            expectations: [
                Expect(metric: "test1.total_requests.count", name: "total_requests"),
                Expect(metric: "test2.total_requests.count", name: "total_requests_count"),
                Expect(metric: "test3.total_requests.count", name: "count_total_requests"),
            ]
        ),
        Scenario(
            name: "Config with bad metric name",
            config: """
                ---
                mappings:
                - match: test.*.*
                  name: "0foo"
                  labels: {}
                  
                """,
            bad: true
        ),
        Scenario(
            name: "Config with no metric name",
            config: """
                ---
                mappings:
                - match: test.*.*
                  labels:
                    this: "$1"
                  
                """,
            bad: true
        ),
        Scenario(name: "Config with no mappings", config: ""),
        Scenario(
            name: "Config without a trailing newline",
            config: """
                mappings:
                - match: test.*
                  name: "name"
                  labels:
                    label: "${1}_foo"
                """,
            expectations: [Expect(metric: "test.a", name: "name", labels: ["label": "a_foo"])]
        ),
        Scenario(
            name: "Config with an improperly escaped *",
            config: """

                mappings:
                - match: *.test.*
                  name: "name"
                  labels:
                    label: "${1}_foo"
                """,
            bad: true
        ),
        Scenario(
            name: "Config with a properly escaped *",
            config: """

                mappings:
                - match: "*.test.*"
                  name: "name"
                  labels:
                    label: "${2}_foo"
                """,
            expectations: [Expect(metric: "foo.test.a", name: "name", labels: ["label": "a_foo"])]
        ),
        Scenario(
            name: "Config with good observer type",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  quantiles:
                    - quantile: 0.42
                      error: 0.04
                    - quantile: 0.7
                      error: 0.002
                  
                """,
            bad: true  // top-level quantiles were removed on master
        ),
        Scenario(
            name: "Config with good observer type and unused timer type",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: summary
                  timer_type: histogram
                  name: "foo"
                  labels: {}
                  quantiles:
                    - quantile: 0.42
                      error: 0.04
                    - quantile: 0.7
                      error: 0.002
                  
                """,
            bad: true  // timer_type and top-level quantiles were removed on master
        ),
        Scenario(
            name: "Config with good observertype and no defaults",
            config: """
                ---
                mappings:
                - match: test1.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  
                """,
            expectations: [
                Expect(metric: "test1.*.*", metricClass: .observer, name: "foo", quantiles: defaultQuantiles)
            ]
        ),
        Scenario(
            name: "Config with good deprecated timer type",
            config: """
                ---
                mappings:
                - match: test1.*.*
                  timer_type: summary
                  name: "foo"
                  labels: {}
                  
                """,
            bad: true  // timer_type was removed on master
        ),
        Scenario(
            name: "Config with bad observer type",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: wrong
                  name: "foo"
                  labels: {}
                    
                """,
            bad: true
        ),
        Scenario(
            name: "Config with bad deprecated timer type",
            config: """
                ---
                mappings:
                - match: test.*.*
                  timer_type: wrong
                  name: "foo"
                  labels: {}
                    
                """,
            bad: true
        ),
        Scenario(
            name: "New style quantiles",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  summary_options:
                    quantiles:
                      - quantile: 0.42
                        error: 0.04
                      - quantile: 0.7
                        error: 0.002
                  
                """,
            expectations: [
                Expect(metric: "test.*.*", metricClass: .observer, name: "foo", quantiles: customQuantiles)
            ]
        ),
        Scenario(
            name: "Config with summary options",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  summary_options:
                    quantiles:
                      - quantile: 0.42
                        error: 0.04
                      - quantile: 0.7
                        error: 0.002
                    max_age: 5m
                    age_buckets: 2
                    buf_cap: 1000
                  
                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: customQuantiles,
                    maxAge: .seconds(300),
                    ageBuckets: 2,
                    bufCap: 1000
                )
            ]
        ),
        Scenario(
            name: "Config with default summary options",
            config: """
                ---
                defaults:
                 summary_options:
                   quantiles:
                     - quantile: 0.42
                       error: 0.04
                     - quantile: 0.7
                       error: 0.002
                   max_age: 5m
                   age_buckets: 2
                   buf_cap: 1000
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: customQuantiles,
                    maxAge: .seconds(300),
                    ageBuckets: 2,
                    bufCap: 1000
                )
            ]
        ),
        Scenario(
            name: "Config with default summary options without quantiles",
            config: """
                ---
                defaults:
                 summary_options:
                   max_age: 5m
                   age_buckets: 2
                   buf_cap: 1000
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: defaultQuantiles,
                    maxAge: .seconds(300),
                    ageBuckets: 2,
                    bufCap: 1000
                )
            ]
        ),
        Scenario(
            name: "Config with default summary options overrides quantiles",
            config: """
                ---
                defaults:
                  quantiles:
                    - quantile: 0.9
                      error: 0.1
                    - quantile: 0.99
                      error: 0.01
                  summary_options:
                    quantiles:
                      - quantile: 0.42
                        error: 0.04
                      - quantile: 0.7
                        error: 0.002
                    max_age: 5m
                    age_buckets: 2
                    buf_cap: 1000
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}

                """,
            bad: true  // defaults.quantiles was removed on master
        ),
        Scenario(
            name: "Config that overrides default summary options",
            config: """
                ---
                defaults:
                 summary_options:
                   quantiles:
                     - quantile: 0.042
                       error: 0.4
                     - quantile: 0.07
                       error: 0.02
                   max_age: 15m
                   age_buckets: 3
                   buf_cap: 100
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  summary_options:
                    quantiles:
                     - quantile: 0.42
                       error: 0.04
                     - quantile: 0.7
                       error: 0.002
                    max_age: 5m
                    age_buckets: 2
                    buf_cap: 1000

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: customQuantiles,
                    maxAge: .seconds(300),
                    ageBuckets: 2,
                    bufCap: 1000
                )
            ]
        ),
        Scenario(
            name: "Config that overrides default summary options and a default options mapping",
            config: """
                ---
                defaults:
                 summary_options:
                   quantiles:
                     - quantile: 0.9
                       error: 0.1
                     - quantile: 0.99
                       error: 0.01
                   max_age: 15m
                   age_buckets: 3
                   buf_cap: 100
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  summary_options:
                    quantiles:
                     - quantile: 0.42
                       error: 0.04
                     - quantile: 0.7
                       error: 0.002
                    max_age: 5m
                    age_buckets: 2
                    buf_cap: 1000
                - match: test_default.*.*
                  observer_type: summary
                  name: "foo_default"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: customQuantiles,
                    maxAge: .seconds(300),
                    ageBuckets: 2,
                    bufCap: 1000
                ),
                Expect(
                    metric: "test_default.*.*",
                    metricClass: .observer,
                    name: "foo_default",
                    quantiles: defaultsQuantiles,
                    maxAge: .seconds(900),
                    ageBuckets: 3,
                    bufCap: 100
                ),
            ]
        ),
        Scenario(
            name: "Config that partially overrides default summary quantiles and a default options mapping",
            config: """
                ---
                defaults:
                 summary_options:
                   quantiles:
                     - quantile: 0.9
                       error: 0.1
                     - quantile: 0.99
                       error: 0.01
                   max_age: 15m
                   age_buckets: 3
                   buf_cap: 100
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  summary_options:
                    quantiles:
                     - quantile: 0.42
                       error: 0.04
                     - quantile: 0.7
                       error: 0.002
                - match: test_default.*.*
                  observer_type: summary
                  name: "foo_default"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: customQuantiles,
                    maxAge: .seconds(900),
                    ageBuckets: 3,
                    bufCap: 100
                ),
                Expect(
                    metric: "test_default.*.*",
                    metricClass: .observer,
                    name: "foo_default",
                    quantiles: defaultsQuantiles,
                    maxAge: .seconds(900),
                    ageBuckets: 3,
                    bufCap: 100
                ),
            ]
        ),
        Scenario(
            name: "Config that partially overrides default summary max_age and a default options mapping",
            config: """
                ---
                defaults:
                 summary_options:
                   quantiles:
                     - quantile: 0.9
                       error: 0.1
                     - quantile: 0.99
                       error: 0.01
                   max_age: 15m
                   age_buckets: 3
                   buf_cap: 100
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  summary_options:
                    max_age: 5m
                - match: test_default.*.*
                  observer_type: summary
                  name: "foo_default"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    quantiles: defaultsQuantiles,
                    maxAge: .seconds(300),
                    ageBuckets: 3,
                    bufCap: 100
                ),
                Expect(
                    metric: "test_default.*.*",
                    metricClass: .observer,
                    name: "foo_default",
                    quantiles: defaultsQuantiles,
                    maxAge: .seconds(900),
                    ageBuckets: 3,
                    bufCap: 100
                ),
            ]
        ),
        Scenario(
            name: "Config with histogram options",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: histogram
                  name: "foo"
                  labels: {}
                  histogram_options:
                    buckets: [0.1, 1, 10, 100, 1000]

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    buckets: [0.1, 1, 10, 100, 1000],
                    observerType: .histogram
                )
            ]
        ),
        Scenario(
            name: "Config with default histogram options",
            config: """
                ---
                defaults:
                  histogram_options:
                    buckets: [0.1, 1, 10, 100, 1000]
                mappings:
                - match: test.*.*
                  observer_type: histogram
                  name: "foo"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    buckets: [0.1, 1, 10, 100, 1000],
                    observerType: .histogram
                )
            ]
        ),
        Scenario(
            name: "Config with default histogram options without buckets",
            config: """
                ---
                defaults:
                  histogram_options:
                    buckets: []
                mappings:
                - match: test.*.*
                  observer_type: histogram
                  name: "foo"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    buckets: HistogramOptions.defaultBuckets,
                    observerType: .histogram
                )
            ]
        ),
        Scenario(
            name: "Config with default histogram options overrides buckets",
            config: """
                ---
                defaults:
                  buckets: [0.2, 2, 20, 200, 2000]
                  histogram_options:
                    buckets: [0.1, 1, 10, 100, 1000]
                mappings:
                - match: test.*.*
                  observer_type: histogram
                  name: "foo"
                  labels: {}

                """,
            bad: true  // defaults.buckets was removed on master
        ),
        Scenario(
            name: "Config that overrides default histogram configuration",
            config: """
                ---
                defaults:
                  histogram_options:
                    buckets: [0.2, 2, 20, 200, 2000]
                mappings:
                - match: test.*.*
                  observer_type: histogram
                  name: "foo"
                  labels: {}
                  histogram_options:
                    buckets: [0.1, 1, 10, 100, 1000]

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    buckets: [0.1, 1, 10, 100, 1000],
                    observerType: .histogram
                )
            ]
        ),
        Scenario(
            name: "Config that overrides default histogram configuration and a default options mapping",
            config: """
                ---
                defaults:
                  histogram_options:
                    buckets: [0.2, 2, 20, 200]
                mappings:
                - match: test.*.*
                  observer_type: histogram
                  name: "foo"
                  labels: {}
                  histogram_options:
                    buckets: [0.1, 1, 10, 100, 1000]
                - match: test_default.*.*
                  observer_type: histogram
                  name: "foo_default"
                  labels: {}

                """,
            expectations: [
                Expect(
                    metric: "test.*.*",
                    metricClass: .observer,
                    name: "foo",
                    buckets: [0.1, 1, 10, 100, 1000],
                    observerType: .histogram
                ),
                Expect(
                    metric: "test_default.*.*",
                    metricClass: .observer,
                    name: "foo_default",
                    buckets: [0.2, 2, 20, 200],
                    observerType: .histogram
                ),
            ]
        ),
        Scenario(
            name: "Duplicate quantiles are bad",
            config: """
                ---
                mappings:
                - match: test.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  quantiles:
                    - quantile: 0.42
                      error: 0.04
                  summary_options:
                    quantiles:
                      - quantile: 0.42
                        error: 0.04
                  
                """,
            bad: true
        ),
        Scenario(
            name: "Config with good metric type",
            config: """
                ---
                mappings:
                - match: test.*.*
                  match_metric_type: counter
                  name: "foo"
                  labels: {}
                    
                """,
            expectations: [
                Expect(metric: "test.a.b", metricClass: .counter, name: "foo"),
                Expect(metric: "test.a.b", metricClass: .gauge),
            ]
        ),
        Scenario(
            name: "Config with good metric type observer",
            config: """
                ---
                mappings:
                - match: test.*.*
                  match_metric_type: observer
                  name: "foo"
                  labels: {}
                    
                """,
            expectations: [
                Expect(metric: "test.a.b", metricClass: .observer, name: "foo"),
                Expect(metric: "test.a.b", metricClass: .counter),
            ]
        ),
        Scenario(
            name: "Config with good metric type timer",
            config: """
                ---
                mappings:
                - match: test.*.*
                  match_metric_type: timer
                  name: "foo"
                  labels: {}
                    
                """,
            bad: true  // the timer alias was removed on master
        ),
        Scenario(
            name: "Config with bad metric type matcher",
            config: """
                ---
                mappings:
                - match: test.*.*
                  match_metric_type: wrong
                  name: "foo"
                  labels: {}
                    
                """,
            bad: true
        ),
        Scenario(
            name: "Config with multiple explicit metric types",
            config: """
                ---
                mappings:
                - match: test.foo.*
                  name: "test_foo_sum"
                  match_metric_type: counter
                - match: test.foo.*
                  name: "test_foo_current"
                  match_metric_type: gauge
                    
                """,
            expectations: [
                Expect(metric: "test.foo.test", metricClass: .counter, name: "test_foo_sum"),
                Expect(metric: "test.foo.test", metricClass: .gauge, name: "test_foo_current"),
                Expect(metric: "test.foo.test", metricClass: .observer),
            ]
        ),
        Scenario(
            name: "Config with uncompilable regex",
            config: """
                ---
                mappings:
                - match: "*\\\\.foo"
                  match_type: regex
                  name: "foo"
                  labels: {}
                    
                """,
            bad: true
        ),
        Scenario(
            name: "Config with non-matched metric",
            config: """
                ---
                mappings:
                - match: foo.*.*
                  observer_type: summary
                  name: "foo"
                  labels: {}
                  
                """,
            expectations: [Expect(metric: "test.1.2")]
        ),
        Scenario(
            name: "Config with no name",
            config: """
                ---
                mappings:
                - match: *\\.foo
                  match_type: regex
                  labels:
                    bar: "foo"
                    
                """,
            bad: true
        ),
        Scenario(
            name: "Config with labels from glob",
            config: """
                ---
                mappings:
                - match: p.*.*.c.*
                  match_type: glob
                  name: issue_256
                  labels:
                    one: $1
                    two: $2
                    three: $3

                """,
            expectations: [
                Expect(
                    metric: "p.one.two.c.three",
                    name: "issue_256",
                    labels: ["one": "one", "two": "two", "three": "three"]
                )
            ]
        ),
        Scenario(
            name: "Example from the README",
            config: """

                mappings:
                - match: test.dispatcher.*.*.*
                  name: "dispatcher_events_total"
                  labels:
                    processor: "$1"
                    action: "$2"
                    outcome: "$3"
                    job: "test_dispatcher"
                - match: "*.signup.*.*"
                  name: "signup_events_total"
                  labels:
                    provider: "$2"
                    outcome: "$3"
                    job: "${1}_server"

                """,
            expectations: [
                Expect(
                    metric: "test.dispatcher.FooProcessor.send.success",
                    name: "dispatcher_events_total",
                    labels: [
                        "processor": "FooProcessor", "action": "send", "outcome": "success", "job": "test_dispatcher",
                    ]
                ),
                Expect(
                    metric: "foo_product.signup.facebook.failure",
                    name: "signup_events_total",
                    labels: ["provider": "facebook", "outcome": "failure", "job": "foo_product_server"]
                ),
                Expect(metric: "test.web-server.foo.bar"),
            ]
        ),
        Scenario(
            name: "Config that drops all",
            config: """
                mappings:
                - match: .
                  match_type: regex
                  name: "drop"
                  action: drop
                """,
            expectations: [
                Expect(metric: "test.a", name: "drop", action: .drop),
                Expect(metric: "abc", name: "drop", action: .drop),
            ]
        ),
        Scenario(
            name: "Config that has a catch-all to drop all",
            config: """
                mappings:
                - match: web.*
                  name: "web"
                  labels:
                    site: "$1"
                - match: .
                  match_type: regex
                  name: "drop"
                  action: drop
                """,
            expectations: [
                Expect(metric: "test.a", name: "drop", action: .drop),
                Expect(metric: "web.localhost", name: "web", labels: ["site": "localhost"]),
            ]
        ),
        Scenario(
            name: "Config that has a ttl",
            config: """
                mappings:
                - match: web.*
                  name: "web"
                  ttl: 10s
                  labels:
                    site: "$1"
                """,
            expectations: [
                Expect(metric: "test.a"),
                Expect(metric: "web.localhost", name: "web", labels: ["site": "localhost"], ttl: .seconds(10)),
            ]
        ),
        Scenario(
            name: "Config that has a default ttl",
            config: """
                defaults:
                  ttl: 1m2s
                mappings:
                - match: web.*
                  name: "web"
                  labels:
                    site: "$1"
                """,
            expectations: [
                Expect(metric: "test.a"),
                Expect(metric: "web.localhost", name: "web", labels: ["site": "localhost"], ttl: .seconds(62)),
            ]
        ),
        Scenario(
            name: "Config that override a default ttl",
            config: """
                defaults:
                  ttl: 1m2s
                mappings:
                - match: web.*
                  name: "web"
                  ttl: 5s
                  labels:
                    site: "$1"
                """,
            expectations: [
                Expect(metric: "test.a"),
                Expect(metric: "web.localhost", name: "web", labels: ["site": "localhost"], ttl: .seconds(5)),
            ]
        ),
    ]

    static let action: [Scenario] = [
        Scenario(
            name: "no action set",
            config: """
                ---
                mappings:
                - match: test.*.*
                  name: "foo"

                """,
            expectations: [Expect(metric: "test.a.b", name: "foo", action: .map)]
        ),
        Scenario(
            name: "map action set",
            config: """
                ---
                mappings:
                - match: test.*.*
                  name: "foo"
                  action: map

                """,
            expectations: [Expect(metric: "test.a.b", name: "foo", action: .map)]
        ),
        Scenario(
            name: "drop action set",
            config: """
                ---
                mappings:
                - match: test.*.*
                  name: "foo"
                  action: drop

                """,
            expectations: [Expect(metric: "test.a.b", name: "foo", action: .drop)]
        ),
        Scenario(
            name: "invalid action set",
            config: """
                ---
                mappings:
                - match: test.*.*
                  name: "foo"
                  action: xyz

                """,
            bad: true
        ),
        Scenario(
            name: "valid yaml example",
            config: """
                ---
                mappings:
                - match: "test\\\\.(\\\\w+)\\\\.(\\\\w+)\\\\.counter"
                  match_type: regex
                  name: "${2}_total"
                  labels:
                    provider: "$1"

                """,
            expectations: [
                Expect(metric: "test.aws.requests.counter", name: "requests_total", labels: ["provider": "aws"])
            ]
        ),
        Scenario(
            name: "invalid yaml example",
            config: """
                ---
                mappings:
                - match: "test\\.(\\w+)\\.(\\w+)\\.counter"
                  match_type: regex
                  name: "${2}_total"
                  labels:
                    provider: "$1"

                """,
            bad: true
        ),
    ]

    /// `TestMultipleMatches` (issue #273): one rule, many names, results must not bleed into each other. The Go
    /// config indents `app` under `labels:` wrongly, which master's strict parsing rejects; the intended config
    /// is used here.
    static let multipleMatches: [Scenario] = [
        Scenario(
            name: "Multiple matches of one rule",
            config: """
                ---
                mappings:
                - match: aa.bb.*.*
                  name: "aa_bb_${1}_total"
                  labels:
                    app: "$2"

                """,
            expectations: ["aa", "bb", "cc", "dd"].map {
                Expect(metric: "aa.bb.\($0).myapp", name: "aa_bb_\($0)_total", labels: ["app": "myapp"])
            }
        ),
        Scenario(
            name: "Multiple matches, config as written in Go",
            config: """
                ---
                mappings:
                - match: aa.bb.*.*
                  name: "aa_bb_${1}_total"
                  labels:
                  app: "$2"

                """,
            bad: true
        ),
    ]
}
