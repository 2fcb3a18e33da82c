import ArgumentParser
import MoodMusicClient

/// `mmctl keys generate NAME`: a CurveZMQ key pair for a gateway, a worker or a client.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manages CurveZMQ keys (docs/deploy.md, security).",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes DIR/NAME.key (key pair, mode 0600) and DIR/NAME.pub (public key).",
            discussion: "Put a worker's or client's .pub in the gateway's --worker-keys or --client-keys folder; give the gateway's .pub to workers and clients as --gateway-key.")

        @Argument(help: "A name for the pair, e.g. gateway, worker-1, web.")
        var name: String

        @Option(help: "Folder to write into.")
        var dir = "keys"

        func run() throws {
            let pair = try CurveKeyPair.generate()
            try pair.write(name: name, directory: dir)
            print("\(dir)/\(name).key (secret, 0600) and \(dir)/\(name).pub; public key \(pair.publicKey)")
        }
    }
}
