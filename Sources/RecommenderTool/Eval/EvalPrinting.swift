import Foundation
import MoodMusicRecommender
import MoodMusicVocabulary

extension EvalMetrics {
    func combined(with other: EvalMetrics) -> EvalMetrics {
        var m = self
        m.lists += other.lists
        for (k, v) in other.continuationLists { m.continuationLists[k, default: 0] += v }
        for (k, v) in other.recall { m.recall[k, default: 0] += v }
        for (k, v) in other.ndcg { m.ndcg[k, default: 0] += v }
        m.moodFit += other.moodFit
        m.distinctArtists += other.distinctArtists
        m.duplicates += other.duplicates
        m.unknownYear += other.unknownYear
        m.years += other.years
        m.popularity += other.popularity
        return m
    }
}

extension EvalReport {
    func row(_ cells: [String]) -> String {
        markdown ? "| " + cells.joined(separator: " | ") + " |" : cells.map { $0.padding(toLength: max(10, $0.count), withPad: " ", startingAt: 0) }.joined(separator: " ")
    }

    func header(_ cells: [String]) -> String {
        row(cells) + (markdown ? "\n|" + String(repeating: " --- |", count: cells.count) : "")
    }

    static func pct(_ x: Double) -> String { String(format: "%.1f", x * 100) }

    func print() {
        let artistsN = playlists.filter { $0.kind == .artist }.count, genresN = playlists.count - artistsN
        Swift.print("playlists: \(artistsN) artist (half held out), \(genresN) genre (20 in, rest relevant); k = 40; "
            + "recall = hits / min(40, relevant), NDCG@40 binary; figures in %")
        let hasPeers = methods.contains(Self.moodFirst)
        for policy in EvalFiles.policies {
            Swift.print("\n== policy \(policy.rawValue): continuation (artist R@40 / NDCG, genre R@40 / NDCG) and mood fit")
            Swift.print(header(["emotion", "moodmusic artist", "genre", "fit", "mood-prioritised artist", "genre", "fit",
                                "plain cosine artist", "genre", "targets"]))
            for emotion in Emotion.allCases {
                guard let ours = metrics[Key(method: Self.ours, emotion: emotion, policy: policy)] else { continue }
                let orig = metrics[Key(method: Self.moodFirst, emotion: emotion, policy: policy)]
                let plain = metrics[Key(method: Self.plain, emotion: emotion, policy: policy)]
                func cont(_ m: EvalMetrics?, _ kind: EvalPlaylist.Kind) -> String {
                    guard let m else { return "-" }
                    return Self.pct(m.recallMean(kind)) + " / " + Self.pct(m.ndcgMean(kind))
                }
                var verdict = "-"
                if let orig, let plain {
                    let kinds: [EvalPlaylist.Kind] = [.artist, .genre]
                    let beatsOrig = kinds.allSatisfy { ours.recallMean($0) >= orig.recallMean($0) }
                    let nearPlain = kinds.allSatisfy { ours.recallMean($0) >= plain.recallMean($0) - 0.05 }
                    let fit = ours.moodFitMean >= orig.moodFitMean
                    verdict = [beatsOrig ? "≥orig" : "<orig", nearPlain ? "≤5pt" : ">5pt", fit ? "fit≥" : "fit<"].joined(separator: " ")
                }
                Swift.print(row([emotion.description, cont(ours, .artist), cont(ours, .genre), Self.pct(ours.moodFitMean),
                                 cont(orig, .artist), cont(orig, .genre), orig.map { Self.pct($0.moodFitMean) } ?? "-",
                                 cont(plain, .artist), cont(plain, .genre), verdict]))
            }
            printCeiling(policy: policy)
        }
        Swift.print("\n== all methods, all emotions and policies: diversity and bias (catalog unknown-year share "
            + Self.pct(catalogUnknownYear) + "%)")
        Swift.print(header(["method", "artist R@40", "genre R@40", "mood fit", "distinct artists", "duplicates",
                            "unknown year %", "year q1/med/q3", "popularity q1/med/q3"]))
        Swift.print(row(["(the playlists)", "", "", "", "", "", "", EvalMetrics.quartiles(playlistYears), EvalMetrics.quartiles(playlistPopularity)]))
        for method in methods where !method.hasPrefix("λ=") {
            guard let m = merged(method) else { continue }
            let continuation = m.continuationLists.isEmpty
            Swift.print(row([method, continuation ? "-" : Self.pct(m.recallMean(.artist)), continuation ? "-" : Self.pct(m.recallMean(.genre)),
                             Self.pct(m.moodFitMean), String(format: "%.1f", m.distinctArtistsMean), String(format: "%.2f", m.duplicatesMean),
                             Self.pct(m.unknownYearShare), EvalMetrics.quartiles(m.years), EvalMetrics.quartiles(m.popularity)]))
        }
        Swift.print("\n== fidelity/mood balance (policy match, mean over emotions; mood_weight = λ)")
        Swift.print(header(["λ", "artist R@40", "genre R@40", "mood fit", "lowest fit − mood-prioritised fit"]))
        for lambda in sweep {
            guard let m = merged("λ=\(lambda)", policies: [.match]) else { continue }
            var margin = "-"
            if hasPeers {
                let gaps = Emotion.allCases.compactMap { e -> Double? in
                    guard let a = metrics[Key(method: "λ=\(lambda)", emotion: e, policy: .match)],
                          let b = metrics[Key(method: Self.moodFirst, emotion: e, policy: .match)] else { return nil }
                    return a.moodFitMean - b.moodFitMean
                }
                margin = gaps.min().map(Self.pct) ?? "-"
            }
            Swift.print(row([String(lambda), Self.pct(m.recallMean(.artist)), Self.pct(m.recallMean(.genre)), Self.pct(m.moodFitMean), margin]))
        }
    }

    var catalogUnknownYear: Double {
        let c = index.catalog
        return Double((0..<c.count).filter { c.wasFilled($0, .releaseYear) }.count) / Double(c.count)
    }
}
