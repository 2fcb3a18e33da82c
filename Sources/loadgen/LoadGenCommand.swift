import ArgumentParser
import MoodMusicClient
import MoodMusicLoadGen
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation

@main
struct LoadGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loadgen",
        abstract: "Load-tests a moodmusic gateway and prints a ghz-style report.",
        discussion: """
            Closed loop (default): -c calls in flight, the next sent as soon as one returns.
            Open loop: --rate calls per second on a fixed schedule, latency counted from the schedule.
            Stop after -n calls or -z seconds (after --warmup seconds that are not counted).
            Examples:
              loadgen --mix echo -c 64 -z 10
              loadgen --mix detect=3,recommend=1 --images data/faces -c 4 -n 200
              loadgen --mix recommend --rate 200 -z 10 --format json
            """
    )

    @Option(help: "The gateway's client endpoint. Env: MOODMUSIC_GATEWAY.")
    var gateway = EnvironmentDefault.string(EnvironmentVariable.gateway, "tcp://127.0.0.1:5555")

    @Option(help: "Methods and weights: echo, detect, recommend, recommend-for-image (e.g. detect=3,recommend=1).")
    var mix = "echo"

    @Option(name: .short, help: "Calls in flight (closed loop).")
    var concurrency = 1

    @Option(help: "Calls per second (open loop); overrides closed loop.")
    var rate: Double?

    @Option(name: .short, help: "Total calls to count.")
    var n: Int?

    @Option(name: .short, help: "Duration in seconds.")
    var z: Double?

    @Option(help: "Seconds of load before measuring starts.")
    var warmup: Double = 0

    @Option(help: "Connections (threads); calls in flight are spread across them.")
    var connections = 1

    @Option(help: "Images for detect / recommend-for-image: files or folders, comma-separated.")
    var images: String?

    @Option(help: "Echo payload size in bytes.")
    var payloadBytes = 64

    @Option(help: "Songs per recommend call.")
    var k: UInt32 = 40

    @Option(help: "Per-call deadline in ms.")
    var timeoutMs: UInt32 = 10_000

    @Option(help: "summary, json or csv.")
    var format = "summary"

    func validate() throws {
        guard n != nil || z != nil else { throw ValidationError("give -n COUNT or -z SECONDS") }
        if let n { guard n > 0 else { throw ValidationError("-n must be positive") } }
        if let z { guard z > 0 else { throw ValidationError("-z must be positive") } }
        if let rate { guard rate > 0 else { throw ValidationError("--rate must be positive") } }
        guard concurrency >= 1, connections >= 1, connections <= max(concurrency, 1) || rate != nil else {
            throw ValidationError("need 1 <= --connections <= -c")
        }
        guard ["summary", "json", "csv"].contains(format) else { throw ValidationError("--format must be summary, json or csv") }
    }

    func run() throws {
        let imageBytes = try loadImages()
        let requestMix: RequestMix
        do { requestMix = try RequestMix(spec: mix, images: imageBytes, echoBytes: payloadBytes, k: k) } catch {
            throw ValidationError("\(error)")
        }
        let plan = LoadRunner.Plan(gateway: gateway, connections: connections, concurrency: concurrency, rate: rate,
                                   totalRequests: n, duration: z, warmupSeconds: warmup, timeoutMs: timeoutMs, keepSamples: format == "csv")
        let runner = LoadRunner(plan: plan, mix: requestMix)
        let progress = ProgressBar()
        let started = Date()
        let total = n, duration = z, warm = warmup
        progress.start { [runner] in
            let done = runner.completed.load(ordering: .relaxed)
            if let total { return (Double(done) / Double(total), "\(done)/\(total)") }
            let elapsed = Date().timeIntervalSince(started)
            return (elapsed / ((duration ?? 1) + warm), "\(done) calls")
        }
        let (result, seconds) = try runner.run()
        progress.finish()
        let settings = ["gateway": gateway, "mix": mix, "concurrency": "\(concurrency)", "connections": "\(connections)",
                        "rate": rate.map { "\($0)" } ?? "closed-loop", "n": n.map(String.init) ?? "", "z": z.map { "\($0)" } ?? "",
                        "warmup": "\(warmup)"]
        let report = LoadReport(result: result, seconds: seconds, settings: settings)
        switch format {
        case "json": print(try report.json())
        case "csv": print(report.csv())
        default: print(report.summary())
        }
        if result.latency.totalCount == 0 { throw ExitCode(1) }
    }

    private func loadImages() throws -> [[UInt8]] {
        guard let images else { return [] }
        var paths: [String] = []
        for item in images.split(separator: ",").map(String.init) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: item, isDirectory: &isDirectory) else { throw ValidationError("no such file: \(item)") }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: item).sorted()
                paths += names.filter { ["jpg", "jpeg", "png"].contains(($0 as NSString).pathExtension.lowercased()) }.map { "\(item)/\($0)" }
            } else {
                paths.append(item)
            }
        }
        guard !paths.isEmpty else { throw ValidationError("--images has no .jpg/.jpeg/.png files") }
        return try paths.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
    }
}
