import Foundation
import MoodMusicRecommender
import MoodMusicVocabulary

/// Runs this project's ranking over the harness's playlists, collects the peers' lists, and prints
/// the tables (docs/recommender.md shows them).
struct EvalReport {
    struct Key: Hashable {
        let method: String
        let emotion: Emotion
        let policy: MoodPolicy
    }

    let index: RecommenderIndex
    let playlists: [EvalPlaylist]
    let markdown: Bool
    var metrics: [Key: EvalMetrics] = [:]
    var methods: [String] = []
    var sweep: [Float] = []
    /// The playlists' own year and popularity (for the distribution columns).
    var playlistYears: [Double] = []
    var playlistPopularity: [Double] = []

    static let ours = "moodmusic"
    static let oursNoPlaylist = "moodmusic, no playlist"
    static let plain = "original, plain cosine"
    static let moodFirst = "original, mood-prioritised"

    init(index: RecommenderIndex, playlists: [EvalPlaylist], markdown: Bool) {
        self.index = index
        self.playlists = playlists
        self.markdown = markdown
        for p in playlists {
            for i in p.playlist {
                if let y = index.catalog.releaseYear(at: i) { playlistYears.append(Double(y)) }
                if !index.catalog.wasFilled(i, .popularity) { playlistPopularity.append(Double(index.catalog.column(.popularity)[i])) }
            }
        }
    }

    mutating func record(_ method: String, _ emotion: Emotion, _ policy: MoodPolicy, _ ranked: [Int], _ playlist: EvalPlaylist?) {
        if !methods.contains(method) { methods.append(method) }
        let key = Key(method: method, emotion: emotion, policy: policy)
        metrics[key, default: EvalMetrics()].add(ranked, playlist: playlist,
                                                  targetMoods: EvalFiles.targetMoods(emotion: emotion, policy: policy), index: index)
    }

    func query(_ playlist: EvalPlaylist?, _ emotion: Emotion, _ policy: MoodPolicy, moodWeight: Float? = nil) -> RecommendationQuery {
        var q = RecommendationQuery(emotion: emotion, playlist: (playlist?.playlist ?? []).map { .init(trackId: index.catalog.id(at: $0)) },
                                    policy: policy, k: 40)
        q.nowUnix = 1_700_000_000
        q.moodWeight = moodWeight
        return q
    }

    mutating func runOurs() {
        for policy in EvalFiles.policies {
            for emotion in Emotion.allCases {
                for p in playlists {
                    let ranked = (try? index.recommend(query(p, emotion, policy)))?.tracks.map(\.catalogIndex) ?? []
                    record(Self.ours, emotion, policy, ranked, p)
                }
                let alone = (try? index.recommend(query(nil, emotion, policy)))?.tracks.map(\.catalogIndex) ?? []
                record(Self.oursNoPlaylist, emotion, policy, alone, nil)
            }
        }
    }

    mutating func runSweep(_ values: [Float]) {
        sweep = values
        for lambda in values {
            for emotion in Emotion.allCases {
                for p in playlists {
                    let ranked = (try? index.recommend(query(p, emotion, .match, moodWeight: lambda)))?.tracks.map(\.catalogIndex) ?? []
                    record("λ=\(lambda)", emotion, .match, ranked, p)
                }
            }
        }
    }

    mutating func addPeers(_ lists: [EvalFiles.PeerList]) {
        let byId = Dictionary(uniqueKeysWithValues: playlists.map { ($0.id, $0) })
        for list in lists {
            let playlist = list.playlist >= 0 ? byId[list.playlist] : nil
            if list.playlist >= 0 && playlist == nil { continue }
            let emotions = list.emotion.map { [$0] } ?? Emotion.allCases
            let policies = list.policy.map { [$0] } ?? EvalFiles.policies
            for e in emotions { for p in policies { record(list.method, e, p, list.ranked, playlist) } }
        }
    }

    func merged(_ method: String, policies: [MoodPolicy] = EvalFiles.policies) -> EvalMetrics? {
        var out: EvalMetrics?
        for e in Emotion.allCases {
            for p in policies {
                guard let m = metrics[Key(method: method, emotion: e, policy: p)] else { continue }
                out = out.map { $0.combined(with: m) } ?? m
            }
        }
        return out
    }
}
