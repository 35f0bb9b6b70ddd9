/// One target quantile of a summary and the rank error allowed for it (`summary_options.quantiles[]`).
package struct Quantile: Sendable, Hashable {
    package var quantile: Double
    package var error: Double

    package init(quantile: Double, error: Double) {
        self.quantile = quantile
        self.error = error
    }
}
