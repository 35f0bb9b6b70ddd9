import Aggregation
import Exposition

extension WriteRequestEncoder {
    /// The request being written and those finished, with the buffers reused from series to series.
    struct EncodingState {
        let limit: Int
        let timestamp: Int64
        var batches: [Batch] = []
        var body: [UInt8] = []
        var samples = 0
        /// The labels of the series being written (its own and the external ones), before `__name__`.
        var labels = LabelScratch()
        var layout = NativeBucketLayout()

        init(limit: Int, timestamp: Int64) {
            self.limit = limit
            self.timestamp = timestamp
        }

        /// WriteRequest field 3, `MetricMetadata`: type 1, metric_family_name 2, help 4.
        mutating func metadata(_ type: MetadataType, name: [UInt8], help: [UInt8]) {
            let message = ProtobufWriter.beginMessage(3, in: &self.body)
            ProtobufWriter.uint(1, type.rawValue, to: &self.body)
            name.withUnsafeBytes { ProtobufWriter.bytes(2, $0, to: &self.body) }
            if !help.isEmpty {
                help.withUnsafeBytes { ProtobufWriter.bytes(4, $0, to: &self.body) }
            }
            ProtobufWriter.endMessage(message, in: &self.body)
        }

        /// One `TimeSeries` with one float `Sample` (value 1, timestamp 2), named `name` + `suffix`, with the
        /// current labels plus `extra` (`le` or `quantile`) when given.
        mutating func sample(
            _ name: [UInt8],
            suffix: [UInt8],
            _ value: Double,
            extra: [UInt8] = [],
            _ extraValue: [UInt8] = []
        ) {
            let series = self.beginSeries(name, suffix: suffix, extra: extra, extraValue)
            let sample = ProtobufWriter.beginMessage(2, in: &self.body)
            ProtobufWriter.double(1, value, to: &self.body)
            ProtobufWriter.int(2, self.timestamp, to: &self.body)
            ProtobufWriter.endMessage(sample, in: &self.body)
            self.endSeries(series)
        }

        /// One `TimeSeries` with one native `Histogram` (field 4): count_int 1, sum 3, schema 4, zero_threshold 5,
        /// zero_count_int 6, negative spans 8 and deltas 9, positive spans 11 and deltas 12, timestamp 15.
        mutating func histogram(
            _ name: [UInt8],
            _ native: ExpositionSnapshot.NativeHistogram,
            _ series: ExpositionSnapshot.Series,
            _ snapshot: ExpositionSnapshot
        ) {
            let start = self.beginSeries(name, suffix: [], extra: [], [])
            let histogram = ProtobufWriter.beginMessage(4, in: &self.body)
            ProtobufWriter.uint(1, series.count, to: &self.body)
            ProtobufWriter.double(3, series.value, to: &self.body)
            ProtobufWriter.sint(4, Int64(native.schema), to: &self.body)
            ProtobufWriter.double(5, NativeHistogramSettings.zeroThreshold, to: &self.body)
            ProtobufWriter.uint(6, native.zeroCount, to: &self.body)
            self.layout.layOut(native.negative, of: snapshot)
            self.layout.write(spanField: 8, deltaField: 9, into: &self.body)
            self.layout.layOut(native.positive, of: snapshot)
            self.layout.write(spanField: 11, deltaField: 12, into: &self.body)
            ProtobufWriter.int(15, self.timestamp, to: &self.body)
            ProtobufWriter.endMessage(histogram, in: &self.body)
            self.endSeries(start)
        }

        /// Starts WriteRequest field 1, `TimeSeries`, with its `Label` messages (name 1, value 2) sorted by name.
        private mutating func beginSeries(
            _ name: [UInt8],
            suffix: [UInt8],
            extra: [UInt8],
            _ extraValue: [UInt8]
        ) -> Int {
            let series = ProtobufWriter.beginMessage(1, in: &self.body)
            self.labels.write(metricName: name, suffix: suffix, extra: extra, extraValue, into: &self.body)
            return series
        }

        /// Ends a `TimeSeries`, finishing the request when it holds `limit` samples.
        private mutating func endSeries(_ series: Int) {
            ProtobufWriter.endMessage(series, in: &self.body)
            self.samples &+= 1
            if self.samples >= self.limit {
                self.finishBatch()
            }
        }

        /// Compresses the request written so far into a ``Batch``; nothing when it holds no series.
        mutating func finishBatch() {
            guard self.samples > 0 else { return }
            self.batches.append(Batch(body: Snappy.compress(self.body), samples: self.samples))
            self.body.removeAll(keepingCapacity: true)
            self.samples = 0
        }
    }
}
