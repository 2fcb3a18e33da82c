import Foundation
import MoodMusicRecommender
import MoodMusicVocabulary

/// The files the Python peers read and write (tab-separated, one record a line).
enum EvalFiles {
    static let policies: [MoodPolicy] = [.match, .uplift, .affect]

    /// playlists.tsv: id, kind, playlist track ids (comma-separated).
    /// moods.tsv: track id, classifier mood (0 happy, 1 sad, 2 energetic, 3 calm).
    /// targets.tsv: emotion, policy, target moods (comma-separated mood numbers).
    static func write(directory: String, index: RecommenderIndex, playlists: [EvalPlaylist]) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let catalog = index.catalog
        var text = playlists.map { p in "\(p.id)\t\(p.kind.rawValue)\t" + p.playlist.map { catalog.id(at: $0) }.joined(separator: ",") }
        try (text.joined(separator: "\n") + "\n").write(toFile: directory + "/playlists.tsv", atomically: true, encoding: .utf8)
        text = (0..<catalog.count).map { "\(catalog.id(at: $0))\t\(index.moods[$0].rawValue)" }
        try (text.joined(separator: "\n") + "\n").write(toFile: directory + "/moods.tsv", atomically: true, encoding: .utf8)
        text = []
        for emotion in Emotion.allCases {
            for policy in policies {
                let moods = targetMoods(emotion: emotion, policy: policy).sorted().map(String.init).joined(separator: ",")
                text.append("\(emotion)\t\(policy.rawValue)\t\(moods)")
            }
        }
        try (text.joined(separator: "\n") + "\n").write(toFile: directory + "/targets.tsv", atomically: true, encoding: .utf8)
    }

    /// The moods (by raw value) with weight > 0 in the policy's row for the emotion.
    static func targetMoods(emotion: Emotion, policy: MoodPolicy) -> Set<Int> {
        Set(policy.table[emotion.rawValue].indices.filter { policy.table[emotion.rawValue][$0] > 0 })
    }

    /// One peer list: method, playlist id, emotion ("-" when the method ignores it), policy, ids.
    struct PeerList {
        let method: String
        let playlist: Int
        let emotion: Emotion?
        let policy: MoodPolicy?
        let ranked: [Int]
    }

    static func readPeers(directory: String, index: RecommenderIndex) throws -> [PeerList] {
        let text = try String(contentsOfFile: directory + "/peers.tsv", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let id = Int(f[1]) else { return nil }
            let emotion = Emotion.allCases.first { $0.description == f[2] }
            let ranked = f[4].split(separator: ",").compactMap { index.catalog.index(ofId: String($0)) }
            return PeerList(method: f[0], playlist: id, emotion: emotion, policy: MoodPolicy(rawValue: f[3]), ranked: ranked)
        }
    }
}
