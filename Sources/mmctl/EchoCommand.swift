import ArgumentParser
import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation

struct EchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo", abstract: "Sends Diagnostics.Echo and prints the round-trip time.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Text to send.")
    var text = "hello"

    @Option(name: .shortAndLong, help: "How many echoes to send, one after another.")
    var count = 1

    func run() throws {
        for _ in 0..<max(1, count) {
            let started = MonotonicClock.nowNs()
            let response = try global.withClient { client throws(RPCError) in try client.echo(Array(text.utf8)) }
            let micros = Double(MonotonicClock.nowNs() - started) / 1000
            if global.json {
                print(try response.jsonString())
            } else {
                print("\(String(decoding: response.payload, as: UTF8.self))  served by \(response.servedBy)  \(String(format: "%.0f", micros)) µs")
            }
        }
    }
}
