@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicWire
import Testing

/// Workers in either framing share one gateway; each is answered in the framing its READY used.
@Suite struct BrokerCoreFramingTests {
    /// The framing of every message the core sent to `worker`.
    static func framings(in effects: [BrokerEffect], to worker: String) -> [WorkerFraming] {
        effects.compactMap { effect in
            guard case .send(.backend, let frames) = effect, frames[0] == Array(worker.utf8),
                  case .success(let decoded) = WorkerCommand.decodeWithFraming(frames[1...]) else { return nil }
            return decoded.framing
        }
    }

    mutating func readyInMMW1(_ h: inout BrokerHarness, _ worker: String) {
        var ready = Moodmusic_V1_WorkerReady()
        ready.services = [echoService]
        ready.capacity = 1
        ready.name = worker
        h.handle(.worker(identity: Array(worker.utf8), frames: try! WorkerCommand.ready(ready).encode(.mmw1)[...]))
    }

    @Test mutating func anMMW1WorkerIsAnsweredInMMW1AndAnMMW2WorkerInMMW2() throws {
        var h = BrokerHarness()
        readyInMMW1(&h, "old")
        h.ready("new", services: [echoService])
        let first = h.echo()
        let second = h.echo()
        _ = h.advance(ms: 2_000)  // heartbeats to both
        #expect(Self.framings(in: h.log, to: "old") == [.mmw1, .mmw1])
        #expect(Self.framings(in: h.log, to: "new") == [.mmw2, .mmw2])
        #expect(BrokerHarness.requests(in: h.log).map(\.worker) == ["old", "new"])

        // An MMW1 reply completes its call like an MMW2 one.
        let oldJob = BrokerHarness.requests(in: h.log).first { $0.worker == "old" }!.jobID
        h.handle(.worker(identity: Array("old".utf8), frames: try WorkerCommand.reply(jobID: oldJob, header: .init(), payload: [1]).encode(.mmw1)[...]))
        let newJob = BrokerHarness.requests(in: h.log).first { $0.worker == "new" }!.jobID
        h.reply("new", job: newJob, payload: [2])
        let answers = BrokerHarness.answers(in: h.log)
        #expect(answers.map(\.header.requestID).sorted() == [first, second].sorted())
        #expect(answers.allSatisfy { $0.header.code == .ok })
    }

    @Test func anUnknownWorkerIsToldToDisconnectInItsOwnFraming() throws {
        var h = BrokerHarness()
        h.handle(.worker(identity: Array("stranger".utf8), frames: try WorkerCommand.heartbeat.encode(.mmw1)[...]))
        h.handle(.worker(identity: Array("other".utf8), frames: try WorkerCommand.heartbeat.encode(.mmw2)[...]))
        #expect(Self.framings(in: h.log, to: "stranger") == [.mmw1])
        #expect(Self.framings(in: h.log, to: "other") == [.mmw2])
        #expect(BrokerHarness.commands(in: h.log, to: "stranger") == [.disconnect])
    }

    /// The framing of every answer the core sent to clients, in order.
    static func clientFramings(in effects: [BrokerEffect]) -> [ClientFraming] {
        effects.compactMap { effect in
            guard case .send(.frontend, let frames) = effect else { return nil }
            return ClientEnvelope.framing(of: frames[1...])
        }
    }

    @Test func eachCallIsAnsweredInTheClientFramingItCameIn() throws {
        var h = BrokerHarness()
        h.ready("w", services: [echoService], capacity: 2)
        let old = h.call("old", Contract.echo, framing: .mmc1)
        let new = h.call("new", Contract.echo, framing: .mmc2)
        for request in BrokerHarness.requests(in: h.log) { h.reply("w", job: request.jobID, payload: [9]) }
        _ = h.call("new", Contract.healthCheck, framing: .mmc2)  // answered by the gateway itself
        let answers = BrokerHarness.answers(in: h.log)
        #expect(answers.map(\.client) == ["old", "new", "new"])
        #expect(answers.map(\.header.requestID).prefix(2) == [old, new])
        #expect(answers.prefix(2).allSatisfy { $0.payload == [9] })
        #expect(Self.clientFramings(in: h.log) == [.mmc1, .mmc2, .mmc2])
        // The exact frames: identity, then the two MMC2 frames.
        guard case .send(.frontend, let frames) = h.log.last(where: { if case .send(.frontend, _) = $0 { true } else { false } }) else {
            Issue.record("no answer")
            return
        }
        #expect(frames.count == 3 && frames[0] == Array("new".utf8) && frames[1].starts(with: Array("MMC2".utf8)))
    }

    @Test func aMalformedMMC2MessageIsRefusedInMMC2() throws {
        var h = BrokerHarness()
        let truncated: [[UInt8]] = [Array("MMC2".utf8) + [40, 0] + Array("/x".utf8), []]  // says 40 path bytes, has 2
        h.handle(.client(identity: Array("c".utf8), frames: truncated[...]))
        let answers = BrokerHarness.answers(in: h.log)
        #expect(answers.count == 1)
        #expect(answers.first?.header.code == .invalidArgument)
        #expect(answers.first?.header.message.contains("runs past") == true)
        #expect(Self.clientFramings(in: h.log) == [.mmc2])
    }
}
