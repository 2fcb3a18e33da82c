@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite("Health report")
struct HealthReportTests {
    let report = HealthReport(states: [
        Contract.Services.emotion: .init(liveWorkers: 2, queued: 3, inFlight: 1),
        Contract.Services.diagnostics: .init(liveWorkers: 2, queued: 0, inFlight: 0),
    ])

    @Test("the whole system serves only when every worker service has a live worker")
    func overall() throws {
        let response = try report.response(for: .init())
        #expect(response.status == .notServing)
        #expect(response.services.map(\.service) == Contract.workerServices)
        let emotion = response.services[0]
        #expect(emotion.status == .serving && emotion.liveWorkers == 2 && emotion.queued == 3 && emotion.inFlight == 1)
        #expect(response.services[1].status == .notServing)
    }

    @Test("one service, gateway services, and unknown names")
    func perService() throws {
        var request = Moodmusic_V1_HealthCheckRequest()
        request.service = Contract.Services.emotion
        #expect(try report.response(for: request).status == .serving)
        request.service = Contract.Services.health
        #expect(try report.response(for: request).status == .serving)
        request.service = Contract.Services.moodMusic
        #expect(try report.response(for: request).status == .notServing) // no recommender
        request.service = "nope"
        #expect(throws: RPCError.self) { try report.response(for: request) }
    }
}
