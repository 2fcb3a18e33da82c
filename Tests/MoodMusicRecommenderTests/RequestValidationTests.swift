@testable import MoodMusicRecommender
import MoodMusicVocabulary
import Testing

/// Numbers a request carries are refused before any arithmetic uses them (issue L, D1: Int64
/// extremes once trapped in the recency weight and killed the worker).
@Suite struct RequestValidationTests {
    static let extremes: [Int64] = [.min, RecommendationQuery.minUnixTime - 1, RecommendationQuery.maxUnixTime + 1, .max]

    @Test(arguments: extremes)
    func nowUnixOutsideTheCalendarIsRefused(_ now: Int64) {
        let query = RecommendationQuery(emotionProbabilities: Emotion.happy.oneHot, playlist: [.init(trackId: "x", addedUnix: 1)],
                                        policy: .match, k: 10, nowUnix: now)
        #expect(throws: RecommenderError.timeOutOfRange(field: "now_unix", value: now)) { try query.validate() }
    }

    @Test(arguments: extremes)
    func addedUnixOutsideTheCalendarIsRefused(_ added: Int64) {
        let query = RecommendationQuery(emotionProbabilities: Emotion.sad.oneHot, playlist: [.init(trackId: "x", addedUnix: added)],
                                        policy: .match, k: 10, nowUnix: 1_700_000_000)
        #expect(throws: RecommenderError.timeOutOfRange(field: "playlist added_unix", value: added)) { try query.validate() }
    }

    @Test func anOverlongPlaylistIsRefused() {
        let playlist = (0...RecommendationQuery.maxPlaylistEntries).map { RecommendationQuery.PlaylistEntry(trackId: "t\($0)") }
        let query = RecommendationQuery(emotion: .neutral, playlist: playlist)
        #expect(throws: RecommenderError.playlistTooLong(playlist.count)) { try query.validate() }
    }

    @Test func theRecencyWeightCannotTrapEvenOnExtremes() {
        let index = RealCatalog.index
        for (added, now) in [(Int64(1), Int64.min), (.max, .min), (.min, .max)] {
            let weight = index.recencyWeight(addedUnix: added, now: now)
            #expect(weight.isFinite && weight > 0)
        }
    }
}
