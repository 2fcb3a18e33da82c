import MoodMusicVocabulary

/// The best recall@k that any list with 100 % mood fit can reach on one pseudo-playlist.
///
/// A list whose every track has one of the policy's target moods can only hit the relevant
/// tracks that have a target mood, and at most k of them; recall divides hits by min(k, relevant)
/// as the quality harness does. Comparing this with plain cosine's recall shows whether "mood fit
/// as high as a mood-only ranking" and "continuation within 5 points of plain cosine" can hold at
/// once.
public enum MoodFitCeiling {
    /// `relevantMoods`: the (classifier) mood of each relevant song, one entry per song.
    /// 0 when nothing is relevant.
    public static func recall(relevantMoods: [MusicMood], targetMoods: Set<MusicMood>, k: Int) -> Double {
        let denominator = min(k, relevantMoods.count)
        guard denominator > 0 else { return 0 }
        let reachable = relevantMoods.filter { targetMoods.contains($0) }.count
        return Double(min(k, reachable)) / Double(denominator)
    }
}
