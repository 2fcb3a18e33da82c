@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicWire
import Testing

typealias H = BrokerHarness
let echoService = Contract.Services.diagnostics

/// Routing decisions: least-recently-used workers, prefetch, queue and byte bounds.
@Suite struct BrokerCoreDispatchTests {
    @Test func leastRecentlyUsedFreeWorkerGetsTheNextCall() {
        var h = H()
        h.ready("a", services: [echoService])
        h.ready("b", services: [echoService])
        _ = h.echo()
        _ = h.echo()
        let sent = H.requests(in: h.log)
        #expect(sent.map(\.worker) == ["a", "b"])
        // Whatever order they answer in, a got its call before b: once both are free, a is
        // the least recently used.
        h.reply("b", job: sent[1].jobID)
        h.reply("a", job: sent[0].jobID)
        _ = h.echo()
        #expect(H.requests(in: h.log).last?.worker == "a")
        _ = h.echo()
        #expect(H.requests(in: h.log).last?.worker == "b")
    }

    @Test func prefetchLetsAWorkerHoldItsCapacityAndQueuesTheRest() {
        var h = H()
        h.ready("a", services: [echoService], capacity: 2)
        let ids = (0..<3).map { _ in h.echo() }
        let sent = H.requests(in: h.log)
        #expect(sent.count == 2)
        #expect(h.core.services[echoService]!.queue.count == 1)
        h.reply("a", job: sent[0].jobID)
        #expect(H.requests(in: h.log).count == 3)
        #expect(H.answers(in: h.log).map(\.header.requestID) == [ids[0]])
    }

    @Test func aFullQueueAnswersResourceExhausted() {
        var h = H { $0.maxQueuePerService = 2 }
        h.ready("a", services: [echoService])
        for _ in 0..<3 { _ = h.echo() }
        let refused = h.echo()
        let answer = H.answers(in: h.log).first { $0.header.requestID == refused }
        #expect(answer?.header.code == .resourceExhausted)
        #expect(h.core.services[echoService]!.queue.count == 2)
    }

    @Test func byteBudgetsRefuseBeyondTheBoundAndReleaseOnCompletion() {
        var h = H {
            $0.maxRequestBytes = 1100
            $0.maxHeldBytesPerService = 2500
            $0.maxHeldBytesTotal = 2500
        }
        h.ready("a", services: [echoService])
        let accepted = (0..<2).map { _ in h.echo(bytes: 1000) }
        let refused = h.echo(bytes: 1000)
        let answers = H.answers(in: h.log)
        #expect(answers.count == 1)
        #expect(answers[0].header.requestID == refused)
        #expect(answers[0].header.code == .resourceExhausted)
        #expect(answers[0].header.message.contains("budget"))
        // One finishes: its bytes are released and the next call fits again.
        h.reply("a", job: H.requests(in: h.log)[0].jobID)
        let later = h.echo(bytes: 1000)
        #expect(H.answers(in: h.log).filter { $0.header.requestID == later }.isEmpty)
        #expect(accepted.count == 2)
    }

    @Test func anOversizedPayloadIsRefusedAtOnce() {
        var h = H { $0.maxRequestBytes = 100 }
        h.ready("a", services: [echoService])
        let id = h.echo(bytes: 200)
        #expect(H.answers(in: h.log).first { $0.header.requestID == id }?.header.code == .resourceExhausted)
        #expect(H.requests(in: h.log).isEmpty)
    }

    @Test func noLiveWorkerIsUnavailableUnlessTheCallWaitsForReady() {
        var h = H()
        let id = h.echo()
        #expect(H.answers(in: h.log).first?.header.code == .unavailable)
        let waiting = h.echo(waitForReady: true)
        #expect(H.answers(in: h.log).count == 1)
        h.ready("late", services: [echoService])
        let sent = H.requests(in: h.log)
        #expect(sent.count == 1)
        h.reply("late", job: sent[0].jobID)
        #expect(H.answers(in: h.log).map(\.header.requestID) == [id, waiting])
    }

    @Test func theDeadlineTravelsToTheWorkerAsWhatIsLeft() {
        var h = H()
        h.ready("busy", services: [echoService])
        _ = h.echo(timeoutMs: 1000)
        _ = h.echo(timeoutMs: 1000)
        _ = h.advance(ms: 300)
        h.reply("busy", job: H.requests(in: h.log)[0].jobID)
        let second = H.requests(in: h.log)[1]
        #expect(second.header.timeoutMs == 700)
    }

    @Test func statusCodesOutsideTheContractBecomeInternal() {
        var h = H()
        h.ready("rogue", services: [echoService])
        let id = h.echo()
        h.reply("rogue", job: H.requests(in: h.log)[0].jobID, code: .UNRECOGNIZED(999))
        let answer = H.answers(in: h.log).first { $0.header.requestID == id }
        #expect(answer?.header.code == .internal)
        #expect(answer?.header.message.contains("999") == true)
    }

    @Test func malformedClientFramesGetInvalidArgumentAndAreCounted() {
        var h = H()
        h.handle(.client(identity: Array("x".utf8), frames: [[], Array("NOPE".utf8)][...]))
        #expect(H.answers(in: h.log).first?.header.code == .invalidArgument)
        #expect(H.metrics(in: h.log).contains(.malformedMessage))
        h.handle(.worker(identity: Array("w".utf8), frames: [Array("junk".utf8)][...]))
        #expect(H.metrics(in: h.log).filter { $0 == .malformedMessage }.count == 2)
    }
}
