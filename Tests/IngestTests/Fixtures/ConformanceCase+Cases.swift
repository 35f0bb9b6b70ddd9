// Generated from ../shared/conformance/cases (expected.prom was recorded from statsd_exporter).
// Quantile series are left out: the reference's quantiles are approximate, so its recorded values are ranges.
extension ConformanceCase {
    /// Every conformance case that exercises the line protocol without a mapping file.
    static let all: [ConformanceCase] = [
        ConformanceCase(
            name: #"upstream_line_all_batch1"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz"#,
                #"foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz"#,
                #"foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo_distribution_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_distribution_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_histogram_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_histogram_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_test_count"#: 6.0,
                #"foo_test_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
                #"foo_test_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_all_influx_no_tags_with_invalid_datadog_style_extended"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo.test:0.5:120:3000:10:20000:0.01|ms"#
            ],
            series: [
                #"foo_test_count"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_batch1"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz"#,
                #"foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz"#,
                #"foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo:100|c|@0.1|#tag:\xc3\x28invalid"#,
                #"foo:100|c|@0.1|#tag1:valid,tag2:\xc3\x28invalid"#,
                #"foo#tag1=bar,tag2=baz:100|c"#,
                #"foo#09digits=0,tag.with.dots=1:100|c"#,
                #"foo.[tag1=bar,tag2=baz]test:100|c"#,
                #"foo.[]test:100|c"#,
                #"[tag1=bar,tag2=bazfoo.test:100|c"#,
                #"tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#tag1:bar,tag2:baz"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz"#,
                #"foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz"#,
                #"foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz"#,
            ],
            series: [
                #"_tag1_bar_tag2_bazfoo_test"#: 100.0,
                #"foo"#: 100.0,
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_distribution_count"#: 6.0,
                #"foo_distribution_sum"#: 23130.51,
                #"foo_histogram_count"#: 6.0,
                #"foo_histogram_sum"#: 23130.51,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
                #"tag1_bar_tag2_baz_foo_test"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_batch2"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo,tag1=bar,tag2=baz:100|c"#,
                #"foo.test[tag1=bar,tag2=baz]:100|c"#,
                #"foo.[tag1,tag2]test:100|c"#,
                #"foo,09digits=0,tag.with.dots=1:100|c"#,
                #"foo:100|c|#tag1:bar,#tag2:baz"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_batch3"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"[tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#09digits:0,tag.with.dots:1"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_batch4"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|#tag_without_a_value"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo_test_count"#: 6.0,
                #"foo_test_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
                #"foo_test_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_batch5"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|#tag_without_a_value,tag:value"#,
                #"foo.test:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo_test_count"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_datadog_tag_extension_with_empty_tags_edge_case"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|#tag:value,,"#
            ],
            series: [
                #"foo"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_datadog_tag_extension_with_multiple_colons"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:foo:bar"#
            ],
            series: [
                #"foo"#: 1000.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nodogstatsd_datadog_tag_extension_with_sampling"#,
            arguments: [#"--no-statsd.parse-dogstatsd-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo"#: 1000.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noinfluxdb_batch1"#,
            arguments: [#"--no-statsd.parse-influxdb-tags"#],
            transport: .udp,
            input: [
                #"foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz"#,
                #"foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz"#,
                #"foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo:100|c|@0.1|#tag:\xc3\x28invalid"#,
                #"foo:100|c|@0.1|#tag1:valid,tag2:\xc3\x28invalid"#,
                #"foo#tag1=bar,tag2=baz:100|c"#,
                #"foo#09digits=0,tag.with.dots=1:100|c"#,
                #"foo,tag1=bar,tag2=baz:100|c"#,
                #"foo.[tag1=bar,tag2=baz]test:100|c"#,
                #"foo.[]test:100|c"#,
                #"[tag1=bar,tag2=bazfoo.test:100|c"#,
                #"tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo,09digits=0,tag.with.dots=1:100|c"#,
                #"foo:100|c|#tag_without_a_value"#,
                #"foo:100|c|#tag_without_a_value,tag:value"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz"#,
                #"foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz"#,
                #"foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo:100|c|@0.1|#tag1:foo:bar"#,
            ],
            series: [
                #"_tag1_bar_tag2_bazfoo_test"#: 100.0,
                #"foo"#: 100.0,
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo{tag1="foo:bar"}"#: 1000.0,
                #"foo_09digits_0_tag_with_dots_1"#: 100.0,
                #"foo_distribution_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_distribution_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_histogram_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_histogram_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_tag1_bar_tag2_baz"#: 100.0,
                #"foo_tag1_foo_tag3_bing{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
                #"tag1_bar_tag2_baz_foo_test"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noinfluxdb_batch2"#,
            arguments: [#"--no-statsd.parse-influxdb-tags"#],
            transport: .udp,
            input: [
                #"foo.test[tag1=bar,tag2=baz]:100|c"#,
                #"foo.[tag1,tag2]test:100|c"#,
                #"foo:100|c|#tag1:bar,tag2:baz"#,
                #"foo:100|c|#09digits:0,tag.with.dots:1"#,
                #"foo:100|c|#tag:value,,"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz"#,
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noinfluxdb_batch3"#,
            arguments: [#"--no-statsd.parse-influxdb-tags"#],
            transport: .udp,
            input: [
                #"[tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#tag1:bar,#tag2:baz"#,
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noinfluxdb_batch4"#,
            arguments: [#"--no-statsd.parse-influxdb-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 1000.0,
                #"foo_test_count"#: 6.0,
                #"foo_test_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
                #"foo_test_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noinfluxdb_influx_no_tags_with_invalid_datadog_style_extended"#,
            arguments: [#"--no-statsd.parse-influxdb-tags"#],
            transport: .udp,
            input: [
                #"foo.test:0.5:120:3000:10:20000:0.01|ms"#
            ],
            series: [
                #"foo_test_count"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nolibrato_batch1"#,
            arguments: [#"--no-statsd.parse-librato-tags"#],
            transport: .udp,
            input: [
                #"foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz"#,
                #"foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz"#,
                #"foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo:100|c|@0.1|#tag:\xc3\x28invalid"#,
                #"foo:100|c|@0.1|#tag1:valid,tag2:\xc3\x28invalid"#,
                #"foo#tag1=bar,tag2=baz:100|c"#,
                #"foo#09digits=0,tag.with.dots=1:100|c"#,
                #"foo,tag1=bar,tag2=baz:100|c"#,
                #"foo.[tag1=bar,tag2=baz]test:100|c"#,
                #"foo.[]test:100|c"#,
                #"[tag1=bar,tag2=bazfoo.test:100|c"#,
                #"tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo,09digits=0,tag.with.dots=1:100|c"#,
                #"foo:100|c|#tag_without_a_value"#,
                #"foo:100|c|#tag_without_a_value,tag:value"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz"#,
                #"foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz"#,
                #"foo:100|c|@0.1|#tag1:foo:bar"#,
            ],
            series: [
                #"_tag1_bar_tag2_bazfoo_test"#: 100.0,
                #"foo"#: 100.0,
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo{tag1="foo:bar"}"#: 1000.0,
                #"foo_09digits_0{tag_with_dots="1"}"#: 100.0,
                #"foo_distribution_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_distribution_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_histogram_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_histogram_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_tag1_bar{tag2="baz"}"#: 100.0,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
                #"tag1_bar_tag2_baz_foo_test"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nolibrato_batch2"#,
            arguments: [#"--no-statsd.parse-librato-tags"#],
            transport: .udp,
            input: [
                #"foo.test[tag1=bar,tag2=baz]:100|c"#,
                #"foo.[tag1,tag2]test:100|c"#,
                #"foo:100|c|#tag1:bar,tag2:baz"#,
                #"foo:100|c|#09digits:0,tag.with.dots:1"#,
                #"foo:100|c|#tag:value,,"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz"#,
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nolibrato_batch3"#,
            arguments: [#"--no-statsd.parse-librato-tags"#],
            transport: .udp,
            input: [
                #"[tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#tag1:bar,#tag2:baz"#,
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nolibrato_batch4"#,
            arguments: [#"--no-statsd.parse-librato-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 1000.0,
                #"foo_test_count"#: 6.0,
                #"foo_test_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
                #"foo_test_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nolibrato_influx_no_tags_with_invalid_datadog_style_extended"#,
            arguments: [#"--no-statsd.parse-librato-tags"#],
            transport: .udp,
            input: [
                #"foo.test:0.5:120:3000:10:20000:0.01|ms"#
            ],
            series: [
                #"foo_test_count"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noparse_batch1"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz"#,
                #"foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo:100|c|@0.1|#tag:\xc3\x28invalid"#,
                #"foo:100|c|@0.1|#tag1:valid,tag2:\xc3\x28invalid"#,
                #"[tag1=bar,tag2=bazfoo.test:100|c"#,
                #"tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#tag1:bar,#tag2:baz"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz"#,
                #"foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz"#,
                #"foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz"#,
            ],
            series: [
                #"_tag1_bar_tag2_bazfoo_test"#: 100.0,
                #"foo"#: 100.0,
                #"foo___test_count"#: 6.0,
                #"foo___test_sum"#: 23.130509999999997,
                #"foo__tag1_bar_tag2_baz_test_count"#: 6.0,
                #"foo__tag1_bar_tag2_baz_test_sum"#: 23.130509999999997,
                #"foo_distribution_count"#: 6.0,
                #"foo_distribution_sum"#: 23130.51,
                #"foo_histogram_count"#: 6.0,
                #"foo_histogram_sum"#: 23130.51,
                #"foo_tag1_foo_tag3_bing"#: 100.0,
                #"foo_tag1_foo_tag3_bing_"#: 100.0,
                #"foo_test_count"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
                #"tag1_bar_tag2_baz_foo_test"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noparse_batch2"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo:100|c|#09digits:0,tag.with.dots:1"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo_tag1_foo_tag3_bing"#: 100.0,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noparse_batch3"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo:100|c|#tag_without_a_value"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5"#,
                #"foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo_tag1_foo_tag3_bing"#: 1000.0,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noparse_batch4"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo:100|c|#tag_without_a_value,tag:value"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz"#,
            ],
            series: [
                #"foo"#: 100.0,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noparse_datadog_tag_extension_with_empty_tags_edge_case"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo:100|c|#tag:value,,"#
            ],
            series: [
                #"foo"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_noparse_datadog_tag_extension_with_multiple_colons"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:foo:bar"#
            ],
            series: [
                #"foo"#: 1000.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nosignalfx_batch1"#,
            arguments: [#"--no-statsd.parse-signalfx-tags"#],
            transport: .udp,
            input: [
                #"foo_counter:0.5:120:3000:10:20000:0.01|c|#tag1:bar,tag2:baz"#,
                #"foo_gauge:0.5:120:3000:10:20000:0.01|g|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|c"#,
                #"foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz"#,
                #"foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo:100|c|@0.1|#tag:\xc3\x28invalid"#,
                #"foo:100|c|@0.1|#tag1:valid,tag2:\xc3\x28invalid"#,
                #"foo#tag1=bar,tag2=baz:100|c"#,
                #"foo#09digits=0,tag.with.dots=1:100|c"#,
                #"foo.[tag1=bar,tag2=baz]test:100|c"#,
                #"foo.test[tag1=bar,tag2=baz]:100|c"#,
                #"[tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo.[]test:100|c"#,
                #"foo.[tag1,tag2]test:100|c"#,
                #"[tag1=bar,tag2=bazfoo.test:100|c"#,
                #"tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#tag_without_a_value"#,
                #"foo:100|c|#tag_without_a_value,tag:value"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo_histogram:0.5:120:3000:10:20000:0.01|h|#tag1:bar,tag2:baz"#,
                #"foo_distribution:0.5:120:3000:10:20000:0.01|d|#tag1:bar,tag2:baz"#,
                #"foo.test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo:100|c|@0.1|#tag1:foo:bar"#,
            ],
            series: [
                #"_tag1_bar{tag2="baz]foo.test"}"#: 100.0,
                #"_tag1_bar{tag2="bazfoo.test"}"#: 100.0,
                #"foo"#: 100.0,
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo{tag1="foo:bar"}"#: 1000.0,
                #"foo___test"#: 100.0,
                #"foo__tag1"#: 100.0,
                #"foo__tag1_bar{tag2="baz]test"}"#: 100.0,
                #"foo_distribution_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_distribution_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_histogram_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_histogram_sum{tag1="bar",tag2="baz"}"#: 23130.51,
                #"foo_test_count"#: 6.0,
                #"foo_test_sum"#: 23.130509999999997,
                #"foo_test_tag1_bar{tag2="baz]"}"#: 100.0,
                #"foo_timing_count"#: 6.0,
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
                #"tag1_bar{tag2="baz]foo.test"}"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nosignalfx_batch2"#,
            arguments: [#"--no-statsd.parse-signalfx-tags"#],
            transport: .udp,
            input: [
                #"foo,tag1=bar,tag2=baz:100|c"#,
                #"foo,09digits=0,tag.with.dots=1:100|c"#,
                #"foo:100|c|#tag:value,,"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5"#,
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz"#,
                #"foo.[tag1=bar,tag2=baz]test:0.5:120:3000:10:20000:0.01|ms"#,
                #"foo.[]test:0.5:120:3000:10:20000:0.01|ms"#,
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo___test_count"#: 6.0,
                #"foo___test_sum"#: 23.130509999999997,
                #"foo__tag1_bar_count{tag2="baz]test"}"#: 6.0,
                #"foo__tag1_bar_sum{tag2="baz]test"}"#: 23.130509999999997,
                #"foo_timing_count"#: 12.0,
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nosignalfx_batch3"#,
            arguments: [#"--no-statsd.parse-signalfx-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:bar,tag2:baz"#,
                #"foo:100|c|#09digits:0,tag.with.dots:1"#,
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nosignalfx_datadog_tag_extension_with_in_all_keys_as_sent_by_datadog"#,
            arguments: [#"--no-statsd.parse-signalfx-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_line_nosignalfx_datadog_tag_extension_with_sampling"#,
            arguments: [#"--no-statsd.parse-signalfx-tags"#],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 1000.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_combined_multiline_metrics"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:200|ms:300|ms:5|c|@0.1:6|g\nbar:1|c:5|ms"#
            ],
            series: [
                #"bar"#: 1.0,
                #"foo_count"#: 2.0,
                #"foo_sum"#: 0.5,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_container_id"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:value|c:container123"#
            ],
            series: [
                #"foo{container_id="container123",tag1="value"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_container_id_complex_value"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:value|c:sha256:abcd1234efgh5678"#
            ],
            series: [
                #"foo{container_id="sha256:abcd1234efgh5678",tag1="value"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_container_id_gauge"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:50|g|#tag1:value|c:gauge_container"#
            ],
            series: [
                #"foo{container_id="gauge_container",tag1="value"}"#: 50.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_container_id_histogram"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:500|h|#tag1:value|c:hist_container"#
            ],
            series: [
                #"foo_count{container_id="hist_container",tag1="value"}"#: 1.0,
                #"foo_sum{container_id="hist_container",tag1="value"}"#: 500.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_container_id_timer"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:1000|ms|#tag1:value|c:timer_container"#
            ],
            series: [
                #"foo_count{container_id="timer_container",tag1="value"}"#: 1.0,
                #"foo_sum{container_id="timer_container",tag1="value"}"#: 1.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_container_id_with_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:bar,tag2:baz|c:container456"#
            ],
            series: [
                #"foo{container_id="container456",tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_empty_tags_edge"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag:value,,"#
            ],
            series: [
                #"foo{tag="value"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_tag_multiple_colons"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:foo:bar"#
            ],
            series: [
                #"foo{tag1="foo:bar"}"#: 1000.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:bar,tag2:baz"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_tags_hash_in_all_keys"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_tags_unsupported_keys"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#09digits:0,tag.with.dots:1"#
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_tags_with_sampling"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|@0.1|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 1000.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_valueless_tag_edge"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag_without_a_value,tag:value"#
            ],
            series: [
                #"foo{tag="value"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_datadog_valueless_tag_ignored"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:100|c|#tag_without_a_value"#
            ],
            series: [
                #"foo"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_disabled_parsing_batch1"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo#tag1=bar,tag2=baz:100|c"#,
                #"foo#09digits=0,tag.with.dots=1:100|c"#,
                #"foo.[tag1=bar,tag2=baz]test:100|c"#,
                #"foo.test[tag1=bar,tag2=baz]:100|c"#,
                #"[tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo.[]test:100|c"#,
                #"foo.[tag1,tag2]test:100|c"#,
                #"foo:100|c|#tag1:bar,tag2:baz"#,
            ],
            series: [
                #"_tag1_bar_tag2_baz_foo_test"#: 100.0,
                #"foo"#: 100.0,
                #"foo_09digits_0_tag_with_dots_1"#: 100.0,
                #"foo___test"#: 100.0,
                #"foo__tag1_bar_tag2_baz_test"#: 100.0,
                #"foo__tag1_tag2_test"#: 100.0,
                #"foo_tag1_bar_tag2_baz"#: 100.0,
                #"foo_test_tag1_bar_tag2_baz_"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_disabled_parsing_batch2"#,
            arguments: [
                #"--no-statsd.parse-dogstatsd-tags"#, #"--no-statsd.parse-influxdb-tags"#,
                #"--no-statsd.parse-librato-tags"#, #"--no-statsd.parse-signalfx-tags"#,
            ],
            transport: .udp,
            input: [
                #"foo,tag1=bar,tag2=baz:100|c"#,
                #"foo,09digits=0,tag.with.dots=1:100|c"#,
                #"foo:100|c|@0.1|#tag1:bar,#tag2:baz"#,
            ],
            series: [
                #"foo"#: 1000.0,
                #"foo_09digits_0_tag_with_dots_1"#: 100.0,
                #"foo_tag1_bar_tag2_baz"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_distinct_counters_batch"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:2|c"#,
                #"foo#tag1=bar,tag2=baz:100|c"#,
                #"foo#09digits=0,tag.with.dots=1:100|c"#,
                #"foo:100|c|#tag_without_a_value,tag:value"#,
                #"foo:100|c|@0.1|#tag1:foo:bar"#,
                #"foo.[tag1=bar,tag2=baz]test:100|c"#,
                #"foo.[]test:100|c"#,
                #"[tag1=bar,tag2=bazfoo.test:100|c"#,
                #"tag1=bar,tag2=baz]foo.test:100|c"#,
                #"foo:100|c|#tag1:value|c:container123"#,
            ],
            series: [
                #"_tag1_bar_tag2_bazfoo_test"#: 100.0,
                #"foo"#: 2.0,
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0,
                #"foo{container_id="container123",tag1="value"}"#: 100.0,
                #"foo{tag="value"}"#: 100.0,
                #"foo{tag1="bar",tag2="baz"}"#: 100.0,
                #"foo{tag1="foo:bar"}"#: 1000.0,
                #"foo_test"#: 100.0,
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0,
                #"tag1_bar_tag2_baz_foo_test"#: 100.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_distribution_with_sampling"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:0.01|d|@0.2|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo_count{tag1="bar",tag2="baz"}"#: 5.0,
                #"foo_sum{tag1="bar",tag2="baz"}"#: 0.05,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_ext_agg_timings"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms"#
            ],
            series: [
                #"foo_timing_count"#: 6.0,
                #"foo_timing_sum"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_ext_agg_timings_sampling"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5"#
            ],
            series: [
                #"foo_timing_count"#: 12.0,
                #"foo_timing_sum"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_ext_agg_timings_sampling_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|@0.5|#tag1:bar,tag2:baz"#
            ],
            series: [
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 12.0,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 46.26102,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_ext_agg_timings_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo_timing:0.5:120:3000:10:20000:0.01|ms|#tag1:bar,tag2:baz"#
            ],
            series: [
                #"foo_timing_count{tag1="bar",tag2="baz"}"#: 6.0,
                #"foo_timing_sum{tag1="bar",tag2="baz"}"#: 23.130509999999997,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_gauge_decrement"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:-10|g"#
            ],
            series: [
                #"foo"#: -10.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_gauge_with_sampling"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:3|g|@0.2"#
            ],
            series: [
                #"foo"#: 3.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_histogram_with_sampling"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:0.01|h|@0.2|#tag1:bar,#tag2:baz"#
            ],
            series: [
                #"foo_count{tag1="bar",tag2="baz"}"#: 5.0,
                #"foo_sum{tag1="bar",tag2="baz"}"#: 0.05,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_illegal_sampling_factor"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:1|c|@bar"#
            ],
            series: [
                #"foo"#: 1.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_influxdb_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo,tag1=bar,tag2=baz:100|c"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_influxdb_tags_unsupported_keys"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo,09digits=0,tag.with.dots=1:100|c"#
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_librato_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo#tag1=bar,tag2=baz:100|c"#
            ],
            series: [
                #"foo{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_librato_tags_unsupported_keys"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo#09digits=0,tag.with.dots=1:100|c"#
            ],
            series: [
                #"foo{_09digits="0",tag_with_dots="1"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_multiple_metrics_invalid_utf8_tag"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:200|c|#tag:value\nfoo:300|c|#tag:\xc3\x28invalid"#
            ],
            series: [
                #"foo{tag="value"}"#: 200.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_rejected_rows_batch"#,
            arguments: [],
            transport: .udp,
            input: [
                #""#,
                #"foo#tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo[tag1=foo,tag3=bing]:100|c|#tag1:bar,#tag2:baz"#,
                #"foo,tag1=foo,tag3=bing:100|c|#tag1:bar,#tag2:baz"#,
                #"foo#tag1=foo,tag3=bing:100|c|@0.1|#tag1:bar,#tag2:baz"#,
                #"foo:100|c|@0.1|#tag:\xc3\x28invalid"#,
                #"foo:100|c|@0.1|#tag1:valid,tag2:\xc3\x28invalid"#,
                #"foo"#,
                #"foo:1"#,
                #"foo:1o|c"#,
                #"foo:2|t"#,
                #":100|ms"#,
                #"foo:1|c|"#,
                #"invalid\xc3\x28utf8:1|c"#,
                #"karafka.consumer.consume.cpu_idle_second:  0.111090  -0.055903  -0.195390 (  2.419002)"#,
                #"|h|#consumer:Kafka::SharedConfigurationConsumer,topic:shared_configuration_update,partition:1,consumer_group:tc_rc_us"#,
                #"foo:100|c|#tag1:value|c"#,
                #"foo:100|c|#tag1:value|c:"#,
                #"valid_utf8:1|c\ninvalid\xc3\x28utf8:1|c"#,
            ],
            series: [
                #"valid_utf8"#: 1.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_missing_closing_bracket"#,
            arguments: [],
            transport: .udp,
            input: [
                #"[tag1=bar,tag2=bazfoo.test:100|c"#
            ],
            series: [
                #"_tag1_bar_tag2_bazfoo_test"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_missing_opening_bracket"#,
            arguments: [],
            transport: .udp,
            input: [
                #"tag1=bar,tag2=baz]foo.test:100|c"#
            ],
            series: [
                #"tag1_bar_tag2_baz_foo_test"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_no_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo.[]test:100|c"#
            ],
            series: [
                #"foo_test"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_non_kv_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo.[tag1,tag2]test:100|c"#
            ],
            series: [
                #"foo_test"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo.[tag1=bar,tag2=baz]test:100|c"#
            ],
            series: [
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_tags_beginning"#,
            arguments: [],
            transport: .udp,
            input: [
                #"[tag1=bar,tag2=baz]foo.test:100|c"#
            ],
            series: [
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_signalfx_tags_end"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo.test[tag1=bar,tag2=baz]:100|c"#
            ],
            series: [
                #"foo_test{tag1="bar",tag2="baz"}"#: 100.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_simple_counter"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:2|c"#
            ],
            series: [
                #"foo"#: 2.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_simple_distribution"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:200|d"#
            ],
            series: [
                #"foo_count"#: 1.0,
                #"foo_sum"#: 200.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_simple_gauge"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:3|g"#
            ],
            series: [
                #"foo"#: 3.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_simple_histogram"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:200|h"#
            ],
            series: [
                #"foo_count"#: 1.0,
                #"foo_sum"#: 200.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_simple_timer"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:200|ms"#
            ],
            series: [
                #"foo_count"#: 1.0,
                #"foo_sum"#: 0.2,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_some_invalid_utf8"#,
            arguments: [],
            transport: .udp,
            input: [
                #"valid_utf8:1|c\ninvalid\xc3\x28utf8:1|c"#
            ],
            series: [
                #"valid_utf8"#: 1.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_timings_with_sampling_factor"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo.timing:0.5|ms|@0.1"#
            ],
            series: [
                #"foo_timing_count"#: 10.0,
                #"foo_timing_sum"#: 0.005000000000000001,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"upstream_packet_zero_sampling_factor"#,
            arguments: [],
            transport: .udp,
            input: [
                #"foo:2|c|@0"#
            ],
            series: [
                #"foo"#: 2.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"counter_sampling"#,
            arguments: [],
            transport: .udp,
            input: [
                #"hits:1|c|@0.1"#,
                #"hits:2|c|@0.5"#,
                #"hits:3|c"#,
            ],
            series: [
                #"hits"#: 17.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"dogstatsd_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"http.requests:1|c|#method:get,code:200"#,
                #"http.requests:1|c|#method:get,code:200"#,
                #"http.requests:1|c|#method:post,code:500"#,
                #"queue.depth:12|g|#queue:emails"#,
            ],
            series: [
                #"http_requests{code="200",method="get"}"#: 2.0,
                #"http_requests{code="500",method="post"}"#: 1.0,
                #"queue_depth{queue="emails"}"#: 12.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"influxdb_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"http.requests,method=get,code=200:1|c"#,
                #"http.requests,method=put,code=201:4|c"#,
            ],
            series: [
                #"http_requests{code="200",method="get"}"#: 1.0,
                #"http_requests{code="201",method="put"}"#: 4.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"librato_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"jobs.done#queue=fast,region=eu:2|c"#
            ],
            series: [
                #"jobs_done{queue="fast",region="eu"}"#: 2.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"signalfx_tags"#,
            arguments: [],
            transport: .udp,
            input: [
                #"jobs.[queue=slow,region=us]done:3|c"#
            ],
            series: [
                #"jobs_done{queue="slow",region="us"}"#: 3.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"container_id_label"#,
            arguments: [],
            transport: .udp,
            input: [
                #"ctr.hits:1|c|c:abc123"#,
                #"ctr.hits:1|c|#env:dev|c:abc123"#,
            ],
            series: [
                #"ctr_hits{container_id="abc123",env="dev"}"#: 1.0
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"multi_value_line"#,
            arguments: [],
            transport: .udp,
            input: [
                #"multi:1|c:2|c:3|c"#,
                #"packed:100:200:300|ms|#env:prod"#,
            ],
            series: [
                #"multi"#: 6.0,
                #"packed_count{env="prod"}"#: 3.0,
                #"packed_sum{env="prod"}"#: 0.6000000000000001,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"invalid_lines_are_counted"#,
            arguments: [],
            transport: .udp,
            input: [
                #"good:1|c"#,
                #"nocolon"#,
                #":1|c"#,
                #"foo:1"#,
                #"foo:1o|c"#,
                #"foo:1|t"#,
                #"foo:1|s"#,
                #"foo:1|c|"#,
                #"good:1|c"#,
            ],
            series: [
                #"good"#: 2.0
            ],
            selfMetrics: [
                #"statsd_exporter_sample_errors_total{reason="illegal_event"}"#: 2.0,
                #"statsd_exporter_sample_errors_total{reason="malformed_component"}"#: 1.0,
                #"statsd_exporter_sample_errors_total{reason="malformed_line"}"#: 2.0,
                #"statsd_exporter_sample_errors_total{reason="malformed_value"}"#: 1.0,
                #"statsd_exporter_sample_errors_total{reason="not_enough_parts_after_colon"}"#: 1.0,
            ]
        ),
        ConformanceCase(
            name: #"name_escaping"#,
            arguments: [],
            transport: .udp,
            input: [
                #"test.web-server.foo.bar:1|c"#,
                #"0abc:1|c"#,
                #"with--doubledash:1|c"#,
                #"with.*.multiple:1|c"#,
                #"withñaccent:1|c"#,
                #"tag.keys:1|c|#tag.with.dots:a,09x:b"#,
            ],
            series: [
                #"_0abc"#: 1.0,
                #"tag_keys{_09x="b",tag_with_dots="a"}"#: 1.0,
                #"test_web_server_foo_bar"#: 1.0,
                #"with___multiple"#: 1.0,
                #"with_accent"#: 1.0,
                #"with_doubledash"#: 1.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"negative_counter_rejected"#,
            arguments: [],
            transport: .udp,
            input: [
                #"neg:-1|c"#,
                #"neg:2|c"#,
            ],
            series: [
                #"neg"#: 2.0
            ],
            selfMetrics: [
                #"statsd_exporter_events_error_total{reason="illegal_negative_counter"}"#: 1.0
            ]
        ),
        ConformanceCase(
            name: #"gauge_set_and_delta"#,
            arguments: [],
            transport: .udp,
            input: [
                #"temp:3|g"#,
                #"temp:+2|g"#,
                #"temp:-10|g"#,
                #"fresh:+7|g"#,
                #"load:0.25|g|@0.5"#,
            ],
            series: [
                #"fresh"#: 7.0,
                #"load"#: 0.25,
                #"temp"#: -5.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"multi_line_datagram"#,
            arguments: [],
            transport: .udp,
            input: [
                #"a.one:1|c\na.two:2|c\na.three:3|g"#
            ],
            series: [
                #"a_one"#: 1.0,
                #"a_three"#: 3.0,
                #"a_two"#: 2.0,
            ],
            selfMetrics: [:]
        ),
        ConformanceCase(
            name: #"tcp_lines"#,
            arguments: [],
            transport: .tcp,
            input: [
                #"tcp.count:1|c"#,
                #"tcp.count:2|c"#,
                #"tcp.gauge:9|g"#,
            ],
            series: [
                #"tcp_count"#: 3.0,
                #"tcp_gauge"#: 9.0,
            ],
            selfMetrics: [:]
        ),
    ]
}
