import Foundation
import MoodMusicRecommender
import MoodMusicVocabulary

/// The mood-fit ceiling: per emotion and policy, the best recall@40 any list with 100 % mood fit
/// could reach (`MoodFitCeiling`), averaged over the playlists of a kind as recall is, printed next
/// to plain cosine's recall and plain cosine − 5 points (the continuation target).
extension EvalReport {
    func ceiling(emotion: Emotion, policy: MoodPolicy, kind: EvalPlaylist.Kind) -> Double {
        let targets = Set(EvalFiles.targetMoods(emotion: emotion, policy: policy).compactMap { MusicMood(rawValue: $0) })
        let lists = playlists.filter { $0.kind == kind }
        guard !lists.isEmpty else { return 0 }
        let total = lists.reduce(0.0) { sum, p in
            sum + MoodFitCeiling.recall(relevantMoods: p.relevant.map { index.moods[$0] }, targetMoods: targets, k: 40)
        }
        return total / Double(lists.count)
    }

    func printCeiling(policy: MoodPolicy) {
        Swift.print("\n== policy \(policy.rawValue): recall@40 ceiling of any list with 100% mood fit "
            + "(relevant songs with a target mood, at most 40) next to plain cosine")
        Swift.print(header(["emotion", "ceiling artist", "genre", "plain cosine artist", "genre",
                            "plain cosine − 5 artist", "genre", "ceiling ≥ plain − 5 (artist, genre)"]))
        let kinds: [EvalPlaylist.Kind] = [.artist, .genre]
        for emotion in Emotion.allCases {
            let ceilings = kinds.map { ceiling(emotion: emotion, policy: policy, kind: $0) }
            let plain = metrics[Key(method: Self.plain, emotion: emotion, policy: policy)]
            var cells = [emotion.description] + ceilings.map(Self.pct)
            if let plain {
                let targets = kinds.map { plain.recallMean($0) - 0.05 }
                cells += kinds.map { Self.pct(plain.recallMean($0)) } + targets.map(Self.pct)
                cells.append(zip(ceilings, targets).map { $0 >= $1 ? "yes" : "no" }.joined(separator: ", "))
            } else {
                cells += ["-", "-", "-", "-", "-"]
            }
            Swift.print(row(cells))
        }
    }
}
