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
}
