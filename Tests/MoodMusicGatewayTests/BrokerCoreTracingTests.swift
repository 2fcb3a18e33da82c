@testable import MoodMusicGateway
import Foundation
import MoodMusicProtos
import MoodMusicWire
import Testing

/// The gateway's spans and the traceparent it passes on, decided by the core alone.
@Suite struct BrokerCoreTracingTests {
    static let callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let caller = TraceParent(header: "00-\(callerTrace)-00f067aa0ba902b7-01")!

    @Test func theWorkerGetsTheCallersTraceUnderTheDispatchSpan() throws {
        let spans = CountingSpans()
        var h = BrokerHarness { $0.spans = spans }
        h.ready("w", services: [Contract.Services.diagnostics])
        call(&h, Contract.echo, payload: try Moodmusic_V1_EchoRequest().serializedBytes(), trace: Self.caller)
        h.nowNs += 3_000_000
        let sent = try #require(BrokerHarness.requests(in: h.log).first)
        let forwarded = try #require(TraceParent(metadata: sent.header.metadata))
        #expect(forwarded.traceID == Self.callerTrace)
        h.reply("w", job: sent.jobID, payload: try Moodmusic_V1_EchoResponse().serializedBytes())

        let records = Self.spans(in: h.log)
        #expect(records.map(\.name).sorted() == ["dispatch Echo", "moodmusic.v1.Diagnostics/Echo", "queue wait Echo"])
        let call = try #require(records.first { $0.name == "moodmusic.v1.Diagnostics/Echo" })
        let dispatch = try #require(records.first { $0.name == "dispatch Echo" })
        let wait = try #require(records.first { $0.name == "queue wait Echo" })
        #expect(call.parentID == Self.caller.parentID)
        #expect(dispatch.parentID == call.context.parentID && wait.parentID == call.context.parentID)
        #expect(dispatch.context == forwarded, "the worker's parent is the dispatch span")
        #expect(Set(records.map(\.context.traceID)) == [Self.callerTrace])
        #expect(dispatch.endNs - dispatch.startNs == 3_000_000 && call.endNs - call.startNs == 3_000_000)
        #expect(call.error == nil && dispatch.attributes["worker"] == "w")
        #expect(spans.begun.count == 3 && spans.unfinished(records).isEmpty)
    }

    @Test func aCallWithoutTraceparentGetsANewTraceEvenWhenNothingIsRecorded() throws {
        var h = BrokerHarness()
        h.ready("w", services: [Contract.Services.diagnostics])
        call(&h, Contract.echo, payload: try Moodmusic_V1_EchoRequest().serializedBytes(), trace: nil)
        let sent = try #require(BrokerHarness.requests(in: h.log).first)
        #expect(TraceParent(metadata: sent.header.metadata) != nil)
        #expect(Self.spans(in: h.log).isEmpty)
    }

    @Test func withNothingRecordedTheCallersTraceGoesOnUnchanged() throws {
        var h = BrokerHarness()
        h.ready("w", services: [Contract.Services.diagnostics])
        call(&h, Contract.echo, payload: try Moodmusic_V1_EchoRequest().serializedBytes(), trace: Self.caller)
        let sent = try #require(BrokerHarness.requests(in: h.log).first)
        #expect(TraceParent(metadata: sent.header.metadata) == Self.caller)
    }

    @Test func recommendForImageIsOneCallSpanWithADispatchPerWorkerCall() throws {
        let spans = CountingSpans()
        var h = BrokerHarness { $0.spans = spans }
        h.ready("eyes", services: [Contract.Services.emotion])
        h.ready("ears", services: [Contract.Services.recommender])
        var request = Moodmusic_V1_RecommendForImageRequest()
        request.image = Data([1, 2, 3])
        call(&h, Contract.recommendForImage, payload: try request.serializedBytes(), trace: nil)
        let detect = try #require(BrokerHarness.requests(in: h.log).first)
        h.reply("eyes", job: detect.jobID, payload: try Moodmusic_V1_DetectEmotionsResponse().serializedBytes())
        let recommend = try #require(BrokerHarness.requests(in: h.log).last)
        h.reply("ears", job: recommend.jobID, payload: try Moodmusic_V1_RecommendResponse().serializedBytes())
        #expect(BrokerHarness.answers(in: h.log).map(\.header.code) == [.ok])

        let records = Self.spans(in: h.log)
        let flow = try #require(records.first { $0.name == "moodmusic.v1.MoodMusic/RecommendForImage" })
        #expect(flow.parentID == nil, "the client sent no trace: the gateway's span is the root")
        let dispatches = records.filter { $0.name.hasPrefix("dispatch ") }
        #expect(dispatches.map(\.name) == ["dispatch DetectEmotions", "dispatch Recommend"])
        #expect(dispatches.allSatisfy { $0.parentID == flow.context.parentID })
        #expect(dispatches.map(\.context) == [detect, recommend].map { TraceParent(metadata: $0.header.metadata)! })
        #expect(records.filter { $0.name.hasPrefix("queue wait ") }.count == 2)
        #expect(Set(records.map(\.context.traceID)).count == 1)
        #expect(spans.unfinished(records).isEmpty)
    }

    @Test func aLostWorkerEndsItsDispatchSpanWithAnErrorAndTheRetryGetsANewOne() throws {
        let spans = CountingSpans()
        var h = BrokerHarness { $0.spans = spans }
        h.ready("a", services: [Contract.Services.diagnostics])
        call(&h, Contract.echo, payload: try Moodmusic_V1_EchoRequest().serializedBytes(), trace: Self.caller)
        h.ready("b", services: [Contract.Services.diagnostics])
        h.fromWorker("a", .disconnect)
        // A draining worker keeps its job; a worker that vanishes loses it: expire "a" by silence.
        for _ in 0..<12 {
            _ = h.advance(ms: 1000)
            h.fromWorker("b", .heartbeat)
        }
        let sent = BrokerHarness.requests(in: h.log)
        #expect(sent.map(\.worker) == ["a", "b"])
        let lost = try #require(Self.spans(in: h.log).first { $0.name == "dispatch Echo" })
        #expect(lost.error?.contains("lost") == true)
        #expect(TraceParent(metadata: sent[1].header.metadata) != lost.context)
    }

    private func call(_ h: inout BrokerHarness, _ method: MethodDescriptor, payload: [UInt8], trace: TraceParent?) {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = 1
        header.timeoutMs = 60_000
        if let trace { header.metadata[TraceParent.metadataKey] = trace.description }
        let frames = try! ClientEnvelope.encode(.init(method: method.path, header: header, payload: payload))
        h.handle(.client(identity: Array("client".utf8), frames: frames[...]))
    }

    static func spans(in effects: [BrokerEffect]) -> [SpanRecord] {
        effects.compactMap { if case .span(let record) = $0 { record } else { nil } }
    }
}

/// A sink that names spans 0000000000000001, 2, ... in the parent's trace (or a fixed new one).
final class CountingSpans: SpanSink, @unchecked Sendable {
    private(set) var begun: [TraceParent] = []
    var isRecording: Bool { true }

    func begin(_ name: String, parent: TraceParent?, startNs: Int64) -> TraceParent {
        let trace = parent?.traceID ?? "0af7651916cd43dd8448eb211c80319c"
        let id = String(begun.count + 1, radix: 16)
        let span = TraceParent(header: "00-\(trace)-\(String(repeating: "0", count: 16 - id.count) + id)-01")!
        begun.append(span)
        return span
    }

    func finish(_ record: SpanRecord) {}

    /// Begun spans with no record among `records`.
    func unfinished(_ records: [SpanRecord]) -> [TraceParent] {
        begun.filter { span in records.filter { $0.context == span }.count != 1 }
    }
}
