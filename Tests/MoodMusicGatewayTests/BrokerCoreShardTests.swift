@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicWire
import Testing
import Foundation

private let recommender = Contract.Services.recommender

/// Recommend over recommender workers that each serve one shard: scatter, gather, merge,
/// missing shards, errors and retries, with a manual clock and no sockets.
@Suite struct BrokerCoreShardTests {
    static func request(k: UInt32 = 3, allowPartial: Bool = false) -> [UInt8] {
        var request = Moodmusic_V1_RecommendRequest()
        request.emotion = .happy
        request.k = k
        request.allowPartial = allowPartial
        return try! request.serializedBytes()
    }

    /// A shard's answer: tracks (catalog index, score, artist), best first, capped at 3 per artist.
    static func reply(_ tracks: [(UInt32, Float, String)], candidates: UInt32 = 10, shard: String) -> [UInt8] {
        var response = Moodmusic_V1_RecommendResponse()
        response.tracks = tracks.map { index, score, artist in
            var track = Moodmusic_V1_Recommendation()
            track.catalogIndex = index
            track.score = score
            track.id = "t\(index)"
            track.artists = [artist]
            return track
        }
        response.maxPerArtist = 3
        response.candidates = candidates
        response.shard = shard
        return try! response.serializedBytes()
    }

    static func twoShards(_ h: inout H) {
        h.ready("s0", services: [recommender], shard: "0/2")
        h.ready("s1", services: [recommender], shard: "1/2")
    }

    @Test func eachShardGetsTheCallAndTheAnswersMergeIntoOneReply() throws {
        var h = H()
        Self.twoShards(&h)
        let id = h.call("client", Contract.recommend, payload: Self.request(k: 3))
        let sent = H.requests(in: h.log)
        #expect(Set(sent.map(\.worker)) == ["s0", "s1"])
        for request in sent {
            let forwarded = try Moodmusic_V1_RecommendRequest(serializedBytes: request.payload)
            #expect(forwarded.shardFetch == 12 && forwarded.k == 3)
        }
        #expect(H.answers(in: h.log).isEmpty)
        let s0 = sent.first { $0.worker == "s0" }!, s1 = sent.first { $0.worker == "s1" }!
        h.reply("s1", job: s1.jobID, payload: Self.reply([(1, 0.9, "a"), (3, 0.5, "b")], candidates: 7, shard: "1/2"))
        #expect(H.answers(in: h.log).isEmpty)
        h.reply("s0", job: s0.jobID, payload: Self.reply([(0, 0.95, "c"), (2, 0.5, "d"), (4, 0.1, "e")], candidates: 8, shard: "0/2"))
        let answers = H.answers(in: h.log)
        #expect(answers.count == 1 && answers[0].header.requestID == id && answers[0].header.code == .ok)
        let merged = try Moodmusic_V1_RecommendResponse(serializedBytes: answers[0].payload)
        // Best first; the 0.5 tie goes to the lower catalog index.
        #expect(merged.tracks.map(\.catalogIndex) == [0, 1, 2])
        #expect(merged.candidates == 15 && merged.shard.isEmpty && merged.missingShards.isEmpty)
        #expect(h.core.scatters.isEmpty && h.core.jobs.isEmpty && h.core.pendingCalls == 0)
    }

    /// As a single worker does, the gateway asks again with 4× the fetch when the artist cap left
    /// fewer than k songs and a shard may hold more.
    @Test func aCapThatLeavesTooFewSongsAsksEveryShardAgainForMore() throws {
        var h = H()
        Self.twoShards(&h)
        let id = h.call("client", Contract.recommend, payload: Self.request(k: 5))
        let first = H.requests(in: h.log)
        for request in first {
            let base: UInt32 = request.worker == "s0" ? 0 : 1
            // 20 candidates each (a full fetch), all by one artist: the cap keeps 3.
            let tracks = (0..<20).map { (base + 2 * UInt32($0), Float(1) - Float($0) / 100, "same") }
            h.reply(request.worker, job: request.jobID, payload: Self.reply(tracks, shard: ""))
        }
        #expect(H.answers(in: h.log).isEmpty)
        let second = Array(H.requests(in: h.log).dropFirst(2))
        #expect(Set(second.map(\.worker)) == ["s0", "s1"])
        for request in second {
            #expect(try Moodmusic_V1_RecommendRequest(serializedBytes: request.payload).shardFetch == 80)
            let base: UInt32 = request.worker == "s0" ? 0 : 1
            var tracks = (0..<20).map { (base + 2 * UInt32($0), Float(1) - Float($0) / 100, "same") }
            tracks.append((base + 100, 0.1, "other-\(request.worker)"))
            h.reply(request.worker, job: request.jobID, payload: Self.reply(tracks, shard: ""))
        }
        let answer = try #require(H.answers(in: h.log).first)
        #expect(answer.header.requestID == id && answer.header.code == .ok)
        let merged = try Moodmusic_V1_RecommendResponse(serializedBytes: answer.payload)
        #expect(merged.tracks.map(\.catalogIndex) == [0, 1, 2, 100, 101])
        #expect(H.requests(in: h.log).count == 4)
    }

    @Test func aWholeCatalogWorkerIsPreferredOverShards() throws {
        var h = H()
        Self.twoShards(&h)
        h.ready("whole", services: [recommender])
        let payload = Self.request()
        _ = h.call("client", Contract.recommend, payload: payload)
        let sent = H.requests(in: h.log)
        #expect(sent.map(\.worker) == ["whole"] && sent[0].payload == payload)
    }

    @Test func aShardWithNoLiveWorkerMakesTheCallUnavailable() {
        var h = H()
        h.ready("s0", services: [recommender], shard: "0/2")
        _ = h.call("client", Contract.recommend, payload: Self.request())
        #expect(H.requests(in: h.log).isEmpty)
        let answer = H.answers(in: h.log).first
        #expect(answer?.header.code == .unavailable)
        #expect(answer?.header.message.contains("shard 1/2") == true)
        #expect(h.core.scatters.isEmpty && h.core.jobs.isEmpty)
    }

    @Test func allowPartialAnswersWithTheLiveShardsAndNamesTheMissingOne() throws {
        var h = H()
        h.ready("s0", services: [recommender], shard: "0/2")
        _ = h.call("client", Contract.recommend, payload: Self.request(allowPartial: true))
        let sent = H.requests(in: h.log)
        #expect(sent.map(\.worker) == ["s0"])
        h.reply("s0", job: sent[0].jobID, payload: Self.reply([(0, 0.9, "a")], shard: "0/2"))
        let answer = try #require(H.answers(in: h.log).first)
        #expect(answer.header.code == .ok)
        let merged = try Moodmusic_V1_RecommendResponse(serializedBytes: answer.payload)
        #expect(merged.tracks.map(\.catalogIndex) == [0] && merged.missingShards == ["1/2"])
    }

    @Test func aShardThatMissesTheDeadlineIsLeftOutOnlyWhenPartialIsAllowed() throws {
        for allowPartial in [false, true] {
            var h = H()
            Self.twoShards(&h)
            _ = h.call("client", Contract.recommend, payload: Self.request(allowPartial: allowPartial), timeoutMs: 100)
            let s0 = H.requests(in: h.log).first { $0.worker == "s0" }!
            h.reply("s0", job: s0.jobID, payload: Self.reply([(0, 0.9, "a")], shard: "0/2"))
            _ = h.advance(ms: 100)
            let answer = try #require(H.answers(in: h.log).first)
            if allowPartial {
                #expect(answer.header.code == .ok)
                #expect(try Moodmusic_V1_RecommendResponse(serializedBytes: answer.payload).missingShards == ["1/2"])
            } else {
                #expect(answer.header.code == .deadlineExceeded && answer.header.message.hasPrefix("shard 1/2: "))
            }
        }
    }

    @Test func aWaitForReadyCallWaitsForAShardThatHasNoWorkerYet() throws {
        var h = H()
        h.ready("s0", services: [recommender], shard: "0/2")
        _ = h.call("client", Contract.recommend, payload: Self.request(), waitForReady: true)
        #expect(H.requests(in: h.log).map(\.worker) == ["s0"])
        h.ready("s1", services: [recommender], shard: "1/2")
        let sent = H.requests(in: h.log)
        #expect(sent.map(\.worker) == ["s0", "s1"])
        for (request, index) in zip(sent, [UInt32(0), 1]) {
            h.reply(request.worker, job: request.jobID, payload: Self.reply([(index, 0.5, request.worker)], shard: ""))
        }
        #expect(H.answers(in: h.log).map(\.header.code) == [.ok])
    }

    @Test func aShardsErrorFailsTheCallEvenWhenPartialIsAllowed() throws {
        var h = H()
        Self.twoShards(&h)
        _ = h.call("client", Contract.recommend, payload: Self.request(allowPartial: true))
        let sent = H.requests(in: h.log)
        for request in sent where request.worker == "s0" { h.reply("s0", job: request.jobID, payload: Self.reply([(0, 0.9, "a")], shard: "0/2")) }
        for request in sent where request.worker == "s1" { h.reply("s1", job: request.jobID, code: .invalidArgument) }
        let answer = try #require(H.answers(in: h.log).first)
        #expect(answer.header.code == .invalidArgument && answer.header.message.hasPrefix("shard 1/2: "))
    }

    @Test func aDrainWaitsForAScatteredCallThenAnswersItOnce() throws {
        var h = H()
        Self.twoShards(&h)
        _ = h.call("client", Contract.recommend, payload: Self.request())
        h.handle(.drain(graceNs: 1_000_000_000))
        #expect(h.core.pendingCalls == 1 && !h.core.stopped)
        let s0 = try #require(H.requests(in: h.log).first { $0.worker == "s0" })
        h.reply("s0", job: s0.jobID, payload: Self.reply([(0, 0.9, "a")], shard: "0/2"))
        _ = h.advance(ms: 1_000)
        #expect(h.core.stopped)
        let answers = H.answers(in: h.log)
        #expect(answers.count == 1 && answers[0].header.code == .unavailable)
        #expect(h.core.scatters.isEmpty && h.core.jobs.isEmpty)
    }

    @Test func aMalformedRecommendIsRefusedBeforeAnyShardIsAsked() {
        var h = H()
        Self.twoShards(&h)
        _ = h.call("client", Contract.recommend, payload: [0xFF, 0xFF, 0xFF])
        #expect(H.requests(in: h.log).isEmpty)
        #expect(H.answers(in: h.log).first?.header.code == .invalidArgument)
    }

    @Test func aDeadShardWorkersCallIsRetriedWithinItsShard() throws {
        var h = H { $0.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 3) }
        h.ready("s0a", services: [recommender], shard: "0/2")
        h.ready("s0b", services: [recommender], shard: "0/2")
        h.ready("s1", services: [recommender], shard: "1/2")
        _ = h.call("client", Contract.recommend, payload: Self.request(), timeoutMs: 10_000)
        #expect(Set(H.requests(in: h.log).map(\.worker)) == ["s0a", "s1"])
        for _ in 0..<4 {
            _ = h.advance(ms: 100)
            h.fromWorker("s0b", .heartbeat)
            h.fromWorker("s1", .heartbeat)
        }
        let sent = H.requests(in: h.log)
        #expect(sent.map(\.worker).sorted() == ["s0a", "s0b", "s1"])
        for request in sent where request.worker != "s0a" {
            h.reply(request.worker, job: request.jobID, payload: Self.reply([(request.worker == "s1" ? 1 : 0, 0.5, request.worker)], shard: ""))
        }
        let answer = try #require(H.answers(in: h.log).first)
        #expect(answer.header.code == .ok)
        #expect(try Moodmusic_V1_RecommendResponse(serializedBytes: answer.payload).tracks.map(\.catalogIndex) == [0, 1])
    }

    @Test func healthSaysServingOnlyWhenEveryShardHasALiveWorker() throws {
        var h = H()
        var request = Moodmusic_V1_HealthCheckRequest()
        request.service = recommender
        func status(_ h: H) throws -> Moodmusic_V1_HealthCheckResponse {
            try HealthReport(states: h.core.serviceStates()).response(for: request)
        }
        h.ready("s0", services: [recommender], shard: "0/2")
        #expect(try status(h).status == .notServing)
        h.ready("s1", services: [recommender], shard: "1/2")
        let served = try status(h)
        #expect(served.status == .serving && served.services.first?.liveWorkers == 2)
        // Calls waiting in the shards' pools count as the service's queue.
        _ = h.call("client", Contract.recommend, payload: Self.request())
        _ = h.call("client", Contract.recommend, payload: Self.request())
        let busy = try status(h)
        #expect(busy.services.first?.queued == 2 && busy.services.first?.inFlight == 2)
        #expect(h.core.queuedCount(serving: recommender) == 2)
    }

    @Test func aMalformedShardIsRefusedWithDisconnect() {
        var h = H()
        h.ready("bad", services: [recommender], shard: "2/2")
        #expect(H.commands(in: h.log, to: "bad") == [.disconnect])
        #expect(h.core.workers.isEmpty)
    }

    @Test func theRecommendStepOfAnImageFlowIsScatteredToo() throws {
        var h = H()
        h.ready("emotion", services: [Contract.Services.emotion])
        Self.twoShards(&h)
        var image = Moodmusic_V1_RecommendForImageRequest()
        image.image = Data([0xFF, 0xD8])
        _ = h.call("client", Contract.recommendForImage, payload: try image.serializedBytes())
        #expect(H.answers(in: h.log).isEmpty)
        let detect = try #require(H.requests(in: h.log).first)
        var detected = Moodmusic_V1_DetectEmotionsResponse()
        var face = Moodmusic_V1_Face()
        face.probabilities = [0, 0, 0, 1, 0, 0, 0]
        detected.faces = [face]
        h.reply("emotion", job: detect.jobID, payload: try detected.serializedBytes())
        #expect(Set(H.requests(in: h.log).dropFirst().map(\.worker)) == ["s0", "s1"])
    }
}

@Suite struct ShardLayoutTests {
    func spec(_ text: String) -> ShardSpec { ShardSpec(text)! }

    @Test func aFullyCoveredLayoutWinsAndTheLargestOfThose() {
        #expect(ShardLayout.choose(live: [:]) == nil)
        #expect(ShardLayout.choose(live: [spec("0/2"): 0]) == nil)
        #expect(ShardLayout.choose(live: [spec("0/2"): 1, spec("1/2"): 1, spec("0/4"): 3]) == 2)
        let four = Dictionary(uniqueKeysWithValues: (0..<4).map { (ShardSpec(index: $0, count: 4)!, 1) })
        #expect(ShardLayout.choose(live: four.merging([spec("0/2"): 1, spec("1/2"): 1]) { a, _ in a }) == 4)
        // None complete: the best covered share.
        #expect(ShardLayout.choose(live: [spec("0/2"): 1, spec("0/4"): 1, spec("1/4"): 1, spec("2/4"): 1]) == 4)
    }

    @Test func shardRequestsAskForTheCandidatesBeforeTheCap() throws {
        var request = Moodmusic_V1_RecommendRequest()
        request.emotion = .sad
        var plan = try RecommendScatter.shardRequest(from: try request.serializedBytes())
        #expect(plan.k == 40 && !plan.allowPartial)
        #expect(try Moodmusic_V1_RecommendRequest(serializedBytes: plan.payload).shardFetch == 160)
        request.noArtistCap = true
        request.k = 7
        plan = try RecommendScatter.shardRequest(from: try request.serializedBytes())
        #expect(try Moodmusic_V1_RecommendRequest(serializedBytes: plan.payload).shardFetch == 7)
        request.k = 501
        plan = try RecommendScatter.shardRequest(from: try request.serializedBytes())
        #expect(try Moodmusic_V1_RecommendRequest(serializedBytes: plan.payload).shardFetch == 0)
    }
}
