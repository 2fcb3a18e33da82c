import ArgumentParser

/// Offline tools for the Vision module: face detection on files, benchmarks, accuracy.
@main
struct VisionTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vision-tool",
        abstract: "Offline tools for the Vision module.",
        subcommands: [DetectCommand.self, BenchCommand.self, AccuracyCommand.self, AnalyzeCommand.self, VideoCommand.self]
    )
}
