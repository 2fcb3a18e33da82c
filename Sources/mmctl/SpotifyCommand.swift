import ArgumentParser
import Foundation
import MoodMusicSpotify

/// mmctl spotify login|logout|whoami: the signed-in user's token (docs/spotify.md).
struct SpotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spotify", abstract: "Signs in to Spotify (for --save-to-spotify), signs out, shows who is signed in.",
        subcommands: [Login.self, Logout.self, WhoAmI.self])

    struct Login: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Signs in through the browser (authorization code + PKCE) and stores the token (mode 0600).")
        @OptionGroup var sign: SignInOptions

        func run() throws {
            let session = try SpotifyCLI.session()
            try SpotifyCLI.signIn(session, options: sign)
            let user = try SpotifyCLI.perform { () async throws(SpotifyError) in try await session.writer.me() }
            print("signed in to Spotify as \(user.display_name ?? user.id) (\(user.id)); token in \(session.store.path)")
        }
    }

    struct Logout: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes the stored Spotify token.")
        func run() throws {
            let store = TokenStore(path: SpotifyPaths.tokenFile())
            print(store.remove() ? "signed out: removed \(store.path)" : "not signed in (no \(store.path))")
        }
    }

    struct WhoAmI: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Shows the signed-in Spotify user.")
        func run() throws {
            let session = try SpotifyCLI.session()
            let user = try SpotifyCLI.perform { () async throws(SpotifyError) in try await session.writer.me() }
            print("\(user.display_name ?? user.id) (\(user.id))")
        }
    }
}

/// How the sign-in reaches the user.
struct SignInOptions: ParsableArguments {
    @Option(help: "Port of the sign-in redirect listener on 127.0.0.1; register http://127.0.0.1:PORT/callback with the app. Env: MOODMUSIC_SPOTIFY_REDIRECT_PORT.")
    var redirectPort: Int = Int(ProcessInfo.processInfo.environment["MOODMUSIC_SPOTIFY_REDIRECT_PORT"] ?? "") ?? SpotifySignIn.defaultPort

    @Option(help: "Seconds to wait for the sign-in.")
    var signInTimeout: Double = 300
}

/// The glue between the synchronous commands and the async Spotify client.
enum SpotifyCLI {
    static func session() throws -> SpotifyUserSession {
        do { return try SpotifyUserSession.fromEnvironment() } catch { fail(error) }
    }

    static func signIn(_ session: SpotifyUserSession, options: SignInOptions) throws {
        guard (1...65535).contains(options.redirectPort) else { throw ValidationError("--redirect-port must be 1...65535") }
        _ = try perform { () async throws(SpotifyError) in
            try await session.signIn(port: options.redirectPort, timeoutSeconds: options.signInTimeout) { url in
                presentSignIn(url)
            }
        }
    }

    /// Prints the URL and opens it with MOODMUSIC_SPOTIFY_BROWSER (a command; the URL is appended)
    /// or BROWSER, else xdg-open when there is one.
    static func presentSignIn(_ url: String) {
        FileHandle.standardError.write(Data("Open this page to sign in to Spotify:\n  \(url)\n".utf8))
        let environment = ProcessInfo.processInfo.environment
        let command = environment["MOODMUSIC_SPOTIFY_BROWSER"] ?? environment["BROWSER"]
        var words = command.map { $0.split(separator: " ").map(String.init) } ?? []
        if words.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/xdg-open") else { return }
            words = ["xdg-open"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = words + [url]
        process.standardOutput = FileHandle.nullDevice
        try? process.run()
    }

    /// Runs async Spotify work from a synchronous command; a Spotify error is printed and exits 1.
    static func perform<T: Sendable>(_ work: @escaping @Sendable () async throws(SpotifyError) -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do throws(SpotifyError) { box.result = .success(try await work()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        switch box.result! {
        case .success(let value): return value
        case .failure(let error): fail(error)
        }
    }

    static func fail(_ error: SpotifyError) -> Never {
        FileHandle.standardError.write(Data("mmctl: Spotify: \(error.description)\n".utf8))
        exit(1)
    }

    private final class Box<T: Sendable>: @unchecked Sendable {
        var result: Result<T, SpotifyError>?
    }
}
