import Dispatch
import Foundation
import MoodMusicProcess
import MoodMusicProtos
import MoodMusicRecommender
import MoodMusicSpotify
import MoodMusicWire

/// Turns RecommendRequest.spotify_playlist into playlist entries for the ranking: reads the
/// playlist from Spotify (cached), keeps the tracks the catalog has, and reports the rest.
struct SpotifyPlaylistSeeding: Sendable {
    /// nil when the worker has no Spotify credentials; then `credentialProblem` says why.
    let source: CachedPlaylistSource?
    let credentialProblem: String?
    /// The longest a request waits for Spotify (paging and retries included).
    let timeoutSeconds: Double

    /// Default time a resolved playlist is kept: MOODMUSIC_SPOTIFY_PLAYLIST_CACHE_SECONDS overrides it.
    static let defaultCacheSeconds: Double = 600

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                cacheSeconds: Double? = nil) -> SpotifyPlaylistSeeding {
        let ttl = cacheSeconds ?? environment["MOODMUSIC_SPOTIFY_PLAYLIST_CACHE_SECONDS"].flatMap(Double.init).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
            ?? defaultCacheSeconds
        do {
            let reader = try SpotifyPlaylistReader.fromEnvironment(environment)
            return SpotifyPlaylistSeeding(source: CachedPlaylistSource(reader: reader, ttlSeconds: ttl), credentialProblem: nil, timeoutSeconds: 60)
        } catch {
            return SpotifyPlaylistSeeding(source: nil, credentialProblem: error.description, timeoutSeconds: 60)
        }
    }

    struct Seeds {
        var entries: [RecommendationQuery.PlaylistEntry]
        var report: Moodmusic_V1_SpotifyPlaylistReport
    }

    /// Blocks the calling job thread until Spotify answers, the deadline passes or the timeout does.
    func seeds(reference: String, catalog: Catalog, deadlineMs: Int64) throws(RPCError) -> Seeds {
        guard case .success = SpotifyID.playlist(reference) else {
            throw .invalidArgument(SpotifyID.playlist(reference).failureMessage ?? "bad playlist reference")
        }
        guard let source else {
            throw RPCError(.failedPrecondition, "this recommender worker cannot read Spotify playlists: \(credentialProblem ?? SpotifyCredentials.howToSet)")
        }
        let remainingMs = deadlineMs > 0 ? deadlineMs &- MonotonicClock.nowMs() : Int64(timeoutSeconds * 1000)
        let wait = min(timeoutSeconds, max(0.001, Double(remainingMs) / 1000))
        let resolved = try Self.blocking(seconds: wait) { () async throws(SpotifyError) in try await source.tracks(reference: reference) }
        let seed = PlaylistSeed.split(resolved.tracks) { catalog.index(ofId: $0) != nil }
        if let reason = PlaylistSeed.emptyReason(resolved.tracks, seed: seed) { throw RPCError(.failedPrecondition, reason) }
        var report = Moodmusic_V1_SpotifyPlaylistReport()
        report.playlistID = resolved.tracks.playlistID
        report.tracks = UInt32(clamping: resolved.tracks.entries.count)
        report.foundInCatalog = UInt32(clamping: seed.found.count)
        report.missingTrackIds = seed.missingTrackIDs
        report.localFiles = UInt32(clamping: resolved.tracks.localFiles)
        report.episodes = UInt32(clamping: resolved.tracks.episodes)
        report.unavailable = UInt32(clamping: resolved.tracks.unavailable)
        report.cached = resolved.cached
        return Seeds(entries: seed.found.map { .init(trackId: $0.trackID, addedUnix: $0.addedUnix) }, report: report)
    }

    /// Runs `work` on the cooperative pool and waits for it on this (job) thread.
    static func blocking<T: Sendable>(seconds: Double, _ work: @escaping @Sendable () async throws(SpotifyError) -> T) throws(RPCError) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task {
            do throws(SpotifyError) { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success, let result = box.get() else {
            task.cancel()
            throw RPCError(.deadlineExceeded, "Spotify did not return the playlist within \(Int(seconds.rounded(.up))) s")
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw rpcError(error)
        }
    }

    static func rpcError(_ error: SpotifyError) -> RPCError {
        switch error {
        case .badReference(let m): return .invalidArgument(m)
        case .playlistNotFound(let m): return RPCError(.notFound, m)
        case .noCredentials(let m), .badCredentials(let m), .unauthorized(let m), .notSignedIn(let m), .signInFailed(let m):
            return RPCError(.failedPrecondition, "Spotify: \(m)")
        case .unreachable(let m), .gaveUp(let m): return .unavailable(m)
        case .badResponse(let m): return .unavailable("Spotify: \(m)")
        }
    }
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<T, SpotifyError>?
    func set(_ result: Result<T, SpotifyError>) { lock.lock(); value = result; lock.unlock() }
    func get() -> Result<T, SpotifyError>? { lock.lock(); defer { lock.unlock() }; return value }
}

extension Result where Failure == SpotifyError {
    var failureMessage: String? { if case .failure(let error) = self { return error.description }; return nil }
}
