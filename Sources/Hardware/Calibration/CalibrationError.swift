/// A question the calibrated performance model cannot answer from its data.
public enum CalibrationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No GPU of that name in gpus.csv.
    case unknownGPU(String, known: [String])
    /// The GPU has no fitted value of a parameter (no measurements of that kind for it).
    case missingParameter(gpu: String, parameter: String, calibrated: [String])
    /// A bad input file.
    case data(CalibrationDataError)
    /// The fit cannot be done from the given rows (e.g. the two GEMV rows give a negative overhead).
    case fit(String)

    public var description: String {
        switch self {
        case .unknownGPU(let name, let known):
            return "unknown GPU \"\(name)\"; gpus.csv knows: \(known.joined(separator: ", "))"
        case .missingParameter(let gpu, let parameter, let calibrated):
            return "no calibrated \(parameter) for \(gpu)"
                + (calibrated.isEmpty ? "" : "; calibrated for: \(calibrated.joined(separator: ", "))")
        case .data(let error):
            return error.description
        case .fit(let reason):
            return "calibration fit failed: \(reason)"
        }
    }
}
