import ArgumentParser
import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation

struct HealthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Shows whether each service has live workers (exit 1 unless SERVING).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A service, e.g. moodmusic.v1.EmotionService; omit for the whole system.")
    var service = ""

    @Option(help: "Keep asking for up to this many seconds until SERVING (for start-up scripts).")
    var wait: Double = 0

    func run() throws {
        let giveUp = Date().addingTimeInterval(wait)
        var response = try global.withClient { client throws(RPCError) in try client.health(service: service) }
        while response.status != .serving && Date() < giveUp {
            usleep(100_000)
            response = try global.withClient { client throws(RPCError) in try client.health(service: service) }
        }
        if global.json {
            print(try response.jsonString())
        } else {
            var table = TextTable(columns: ["SERVICE", "STATUS", "WORKERS", "QUEUED", "IN FLIGHT"])
            for s in response.services {
                table.add([s.service, Self.name(s.status), "\(s.liveWorkers)", "\(s.queued)", "\(s.inFlight)"])
            }
            print(table.render())
            print("overall: \(Self.name(response.status))")
        }
        if response.status != .serving { throw ExitCode(1) }
    }

    static func name(_ status: Moodmusic_V1_HealthCheckResponse.ServingStatus) -> String {
        switch status {
        case .serving: "SERVING"
        case .notServing: "NOT_SERVING"
        case .serviceUnknown: "SERVICE_UNKNOWN"
        default: "UNKNOWN"
        }
    }
}
