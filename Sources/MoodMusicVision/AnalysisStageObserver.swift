/// Told about each stage of a photo analysis ("decode", "detect", "classify"), for example to
/// record trace spans; it runs the stage and returns its result. `NoStageObserver` does nothing.
public protocol AnalysisStageObserver {
    func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T
}

public struct NoStageObserver: AnalysisStageObserver {
    public init() {}
    public func measure<T>(_ stage: String, _ body: () throws -> T) rethrows -> T { try body() }
}
