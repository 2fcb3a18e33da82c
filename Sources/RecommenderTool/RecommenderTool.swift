import ArgumentParser

@main
struct RecommenderTool: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommender-tool",
        abstract: "Offline tools for the Recommender module: catalog loading, mood-classifier accuracy, local queries, speed.",
        subcommands: [CrossValidateCommand.self, LoadReportCommand.self, RecommendCommand.self, BenchCommand.self, BenchShardsCommand.self, GenerateCatalogCommand.self, EvalCommand.self]
    )
}
