/// A measurement and the calibrated model's prediction of it.
public struct CalibrationResult: Sendable, Equatable {
    public let measurement: Measurement
    /// The prediction, in the measurement's unit.
    public let predicted: Double

    public init(measurement: Measurement, predicted: Double) {
        self.measurement = measurement
        self.predicted = predicted
    }

    /// Relative error (predicted / measured - 1); positive means the model predicts more time
    /// (for time rows) or more bandwidth/throughput (for rate rows) than measured.
    public var relativeError: Double { predicted / measurement.value - 1 }
}
