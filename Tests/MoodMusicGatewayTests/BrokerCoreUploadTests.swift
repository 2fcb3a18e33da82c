@testable import MoodMusicGateway
import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// Client-streaming uploads through the core: chunks acked, assembled within the byte budget,
/// one job for a video worker on the last chunk; bad chunks and deadlines free the bytes.
@Suite struct BrokerCoreUploadTests {
    typealias H = BrokerHarness

    static func chunk(_ uploadID: UInt64, offset: Int, _ bytes: [UInt8], last: Bool = false, total: UInt64 = 0) -> [UInt8] {
        var chunk = Moodmusic_V1_VideoUploadChunk()
        chunk.uploadID = uploadID
        chunk.offset = UInt64(offset)
        chunk.data = Data(bytes)
        chunk.last = last
        chunk.totalBytes = total
        if offset == 0 { chunk.options.fps = 4 }
        return try! chunk.serializedBytes()
    }

    @Test func chunksAreAckedThenAssembledIntoOneJobWithTheFirstChunksDeadline() throws {
        var h = H()
        h.ready("video", services: [Contract.Services.video])
        let first = h.call("c", Contract.analyzeVideo, payload: Self.chunk(9, offset: 0, [1, 2, 3]), timeoutMs: 5000)
        let ack = try #require(H.answers(in: h.log).last)
        #expect(ack.header.requestID == first && ack.header.code == .ok)
        #expect(try Moodmusic_V1_VideoUploadAck(serializedBytes: ack.payload).receivedBytes == 3)
        #expect(h.core.heldBytes == 3 && H.requests(in: h.log).isEmpty)

        _ = h.advance(ms: 1000)
        let last = h.call("c", Contract.analyzeVideo, payload: Self.chunk(9, offset: 3, [4, 5], last: true), timeoutMs: 60_000)
        let job = try #require(H.requests(in: h.log).first)
        #expect(job.worker == "video" && job.method == Contract.analyzeVideo.path)
        let sent = try Moodmusic_V1_AnalyzeVideoRequest(serializedBytes: job.payload)
        #expect(sent.video == Data([1, 2, 3, 4, 5]) && sent.options.fps == 4)
        // The whole call's deadline counts from the first chunk: 5 s, of which 1 s has passed.
        #expect(job.header.timeoutMs == 4000)
        #expect(h.core.openUploads == 0 && h.core.uploadBytes == 0)

        var reply = Moodmusic_V1_AnalyzeVideoResponse()
        reply.analysis.width = 640
        h.reply("video", job: job.jobID, payload: try reply.serializedBytes())
        let answer = try #require(H.answers(in: h.log).last)
        #expect(answer.header.requestID == last && answer.header.code == .ok)
        #expect(try Moodmusic_V1_AnalyzeVideoResponse(serializedBytes: answer.payload).analysis.width == 640)
        #expect(h.core.heldBytes == 0)
    }

    @Test func aVideoOverTheLimitIsRefusedAndItsBytesAreFreed() throws {
        var h = H { $0.maxVideoBytes = 10 }
        h.ready("video", services: [Contract.Services.video])
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(1, offset: 0, [UInt8](repeating: 0, count: 8)))
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(1, offset: 8, [UInt8](repeating: 0, count: 8)))
        let refused = try #require(H.answers(in: h.log).last)
        #expect(refused.header.code == .resourceExhausted && refused.header.message.contains("limit of 10 bytes"))
        #expect(h.core.openUploads == 0 && h.core.heldBytes == 0)
        // Declared too large on the first chunk: refused before any byte is kept.
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(2, offset: 0, [1], total: 11))
        #expect(H.answers(in: h.log).last?.header.code == .resourceExhausted && h.core.openUploads == 0)
    }

    @Test func aGapAReusedIdAndAnUnknownUploadAreRefused() throws {
        var h = H()
        h.ready("video", services: [Contract.Services.video])
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(1, offset: 0, [1, 2]))
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(1, offset: 5, [3]))
        #expect(H.answers(in: h.log).last?.header.code == .invalidArgument)
        #expect(h.core.openUploads == 0)
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(1, offset: 2, [3], last: true))
        #expect(H.answers(in: h.log).last?.header.code == .notFound)
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(2, offset: 0, [1]))
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(2, offset: 0, [1]))
        #expect(H.answers(in: h.log).last?.header.code == .alreadyExists && h.core.openUploads == 0)
        // The same id on another connection is another upload.
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(3, offset: 0, [1]))
        _ = h.call("d", Contract.analyzeVideo, payload: Self.chunk(3, offset: 0, [1]))
        #expect(H.answers(in: h.log).suffix(2).allSatisfy { $0.header.code == .ok } && h.core.openUploads == 2)
        _ = h.call("c", Contract.analyzeVideo, payload: [0xFF, 0xFF])
        #expect(H.answers(in: h.log).last?.header.code == .invalidArgument)
    }

    @Test func anUploadWhoseDeadlinePassesIsDroppedAndItsBytesFreed() throws {
        var h = H()
        h.ready("video", services: [Contract.Services.video])
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(4, offset: 0, [1, 2, 3]), timeoutMs: 100)
        #expect(h.core.heldBytes == 3)
        _ = h.advance(ms: 101)
        #expect(h.core.openUploads == 0 && h.core.heldBytes == 0)
        _ = h.call("c", Contract.analyzeVideo, payload: Self.chunk(4, offset: 3, [4], last: true))
        #expect(H.answers(in: h.log).last?.header.code == .notFound)
    }

    @Test func withoutAVideoWorkerTheFirstChunkIsUnavailable() {
        var h = H()
        _ = h.call("c", Contract.recommendForVideo, payload: Self.chunk(1, offset: 0, [1]))
        #expect(H.answers(in: h.log).last?.header.code == .unavailable && h.core.openUploads == 0)
    }
}
