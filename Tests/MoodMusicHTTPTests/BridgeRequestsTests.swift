import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing
@testable import MoodMusicHTTP

@Suite struct BridgeRequestsTests {
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]

    func multipart(_ parts: [(String, String?, String?, [UInt8])]) -> (String, [UInt8]) {
        ("multipart/form-data; boundary=XyZ", MultipartFormTests.body(parts))
    }

    func code(_ body: () throws -> Void) -> StatusCode? {
        do { try body(); return nil } catch let error as RPCError { return error.code } catch { return .unknown }
    }

    @Test func detectFromRawBodyOrForm() throws {
        #expect(try BridgeRequests.detect(contentType: "image/png", body: png).image == Data(png))
        let (type, body) = multipart([("image", "a.png", "image/png", png), ("options", nil, nil, Array(#"{"minSize": 30}"#.utf8))])
        let request = try BridgeRequests.detect(contentType: type, body: body)
        #expect(request.image == Data(png))
        #expect(request.options.minSize == 30)
    }

    @Test func detectRefusesWrongInput() {
        #expect(code { _ = try BridgeRequests.detect(contentType: "text/plain", body: png) } == .invalidArgument)
        #expect(code { _ = try BridgeRequests.detect(contentType: nil, body: png) } == .invalidArgument)
        #expect(code { _ = try BridgeRequests.detect(contentType: "image/jpeg", body: []) } == .invalidArgument)
        let (type, body) = multipart([("photo", nil, nil, png)])
        #expect(code { _ = try BridgeRequests.detect(contentType: type, body: body) } == .invalidArgument)
        #expect(code { _ = try BridgeRequests.detect(contentType: "multipart/form-data", body: body) } == .invalidArgument)
    }

    @Test func recommendFromProtobufJSON() throws {
        let json = #"{"emotion": "EMOTION_SAD", "policy": "MOOD_POLICY_UPLIFT", "k": 12, "playlist": [{"trackId": "abc", "addedUnix": "100"}]}"#
        let request = try BridgeRequests.recommend(contentType: "application/json; charset=utf-8", body: Array(json.utf8))
        #expect(request.emotion == .sad && request.policy == .uplift && request.k == 12)
        #expect(request.playlist.first?.trackID == "abc" && request.playlist.first?.addedUnix == 100)
        #expect(try BridgeRequests.recommend(contentType: nil, body: Array("{}".utf8)) == Moodmusic_V1_RecommendRequest())
    }

    @Test func recommendRefusesBadJSON() {
        for bad in [#"{"emotion": "EMOTION_BORED"}"#, #"{"k": -1}"#, #"{"k": 1e99}"#, #"{"unknownField": 1}"#, "[", #"{"k": "x"}"#] {
            #expect(code { _ = try BridgeRequests.recommend(contentType: "application/json", body: Array(bad.utf8)) } == .invalidArgument, "\(bad)")
        }
        #expect(code { _ = try BridgeRequests.recommend(contentType: "text/csv", body: Array("{}".utf8)) } == .invalidArgument)
    }

    @Test func forImageTakesOptionsPart() throws {
        let options = #"{"recommend": {"k": 7, "policy": "MOOD_POLICY_UPLIFT"}, "detection": {"minNeighbors": 3}}"#
        let (type, body) = multipart([("options", nil, "application/json", Array(options.utf8)), ("image", "x.jpg", "image/jpeg", png)])
        let request = try BridgeRequests.recommendForImage(contentType: type, body: body)
        #expect(request.image == Data(png) && request.recommend.k == 7 && request.detection.minNeighbors == 3)
        #expect(try BridgeRequests.recommendForImage(contentType: "image/png", body: png).recommend.k == 0)
    }

    @Test func forImageRefusesImageInOptions() {
        let options = #"{"image": "AAEC"}"#
        let (type, body) = multipart([("options", nil, nil, Array(options.utf8)), ("image", nil, nil, png)])
        #expect(code { _ = try BridgeRequests.recommendForImage(contentType: type, body: body) } == .invalidArgument)
    }
}
