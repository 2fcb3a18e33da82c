@testable import MoodMusicGateway
import MoodMusicProtos
import MoodMusicWire
import Testing

/// Deadlines, dead workers, retries, late replies, unknown workers and the drain.
@Suite struct BrokerCoreFailureTests {
    @Test func aQueuedCallExpiresAtItsDeadlineAndLeavesTheQueue() {
        var h = H()
        h.ready("busy", services: [echoService])
        _ = h.echo(bytes: 100)
        let waiting = h.echo(bytes: 50, timeoutMs: 100)
        _ = h.advance(ms: 99)
        #expect(H.answers(in: h.log).isEmpty)
        _ = h.advance(ms: 1)
        let answer = H.answers(in: h.log).first
        #expect(answer?.header.requestID == waiting)
        #expect(answer?.header.code == .deadlineExceeded)
        #expect(h.core.services[echoService]!.queue.count == 0)
        #expect(h.core.services[echoService]!.heldBytes == h.core.jobs.values.reduce(0) { $0 + $1.payload.count })
        #expect(h.core.heldBytes == h.core.services.values.reduce(0) { $0 + $1.heldBytes })
        #expect(h.core.heldBytes > 0)
    }

    @Test func answeredCallsWithFarDeadlinesDoNotAccumulate() {
        var h = H()
        h.ready("a", services: [echoService])
        // The longest deadline a client can ask for (about 50 days), answered at once, many times.
        for _ in 0..<3000 {
            _ = h.echo(timeoutMs: .max)
            let sent = H.requests(in: Array(h.log.suffix(8))).last!
            h.reply("a", job: sent.jobID)
        }
        #expect(H.answers(in: h.log).count == 3000)
        #expect(h.core.jobs.isEmpty)
        #expect(h.core.deadlines.count <= BrokerCore.deadlineSlack + 1)
    }

    @Test func theNextWakeIsTheEarliestDeadline() {
        var h = H()
        h.ready("a", services: [echoService])
        _ = h.advance(ms: 0)  // heartbeats sent: the next is an interval away
        _ = h.echo(timeoutMs: 40)
        #expect(h.core.nextWakeNs() == h.nowNs + 40_000_000)
    }

    @Test func aSilentWorkerIsDroppedAndItsCallRetriedOnce() {
        var h = H { $0.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 3) }
        h.ready("a", services: [echoService])
        h.ready("b", services: [echoService])
        let id = h.echo(timeoutMs: 10_000)
        #expect(H.requests(in: h.log).map(\.worker) == ["a"])
        // b keeps talking; a falls silent.
        for _ in 0..<4 {
            _ = h.advance(ms: 100)
            h.fromWorker("b", .heartbeat)
        }
        let sent = H.requests(in: h.log)
        #expect(sent.map(\.worker) == ["a", "b"])
        #expect(sent[1].jobID == sent[0].jobID)
        #expect(H.metrics(in: h.log).contains(.retried))
        #expect(H.metrics(in: h.log).contains(.heartbeatFailure))
        h.reply("b", job: sent[1].jobID)
        #expect(H.answers(in: h.log).map(\.header.requestID) == [id])
        #expect(H.answers(in: h.log)[0].header.code == .ok)
    }

    @Test func aCallThatKillsTwoWorkersIsAnsweredInternalAndNotSentAgain() {
        var h = H { $0.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 2) }
        for name in ["a", "b", "c"] { h.ready(name, services: [echoService]) }
        let poison = h.echo(timeoutMs: 60_000)
        func keepAlive(_ names: [String], _ h: inout H) {
            for _ in 0..<3 {
                _ = h.advance(ms: 100)
                for name in names { h.fromWorker(name, .heartbeat) }
            }
        }
        keepAlive(["b", "c"], &h)   // a dies with the call
        #expect(H.requests(in: h.log).map(\.worker) == ["a", "b"])
        keepAlive(["c"], &h)        // b dies with it too
        #expect(H.requests(in: h.log).count == 2)
        let answer = H.answers(in: h.log).first { $0.header.requestID == poison }
        #expect(answer?.header.code == .internal)
        #expect(answer?.header.message.contains(Contract.echo.path) == true)
        // The tier still serves other calls.
        let next = h.echo()
        #expect(H.requests(in: h.log).last?.worker == "c")
        h.reply("c", job: H.requests(in: h.log).last!.jobID)
        #expect(H.answers(in: h.log).last?.header.requestID == next)
    }

    /// Workers a and b serve echo; a falls silent with a call, which is re-sent to b. Returns the call and its job.
    private func callRetriedFromAToB(_ h: inout H) -> (id: UInt64, job: UInt64) {
        h.ready("a", services: [echoService])
        h.ready("b", services: [echoService])
        let id = h.echo(timeoutMs: 60_000)
        for _ in 0..<3 {
            _ = h.advance(ms: 100)
            h.fromWorker("b", .heartbeat)
        }
        return (id, H.requests(in: h.log)[0].jobID)
    }

    @Test func aLateReplyAfterARetryIsDroppedAndTheStrangerToldToRegister() {
        var h = H { $0.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 2) }
        let (id, job) = callRetriedFromAToB(&h)
        // a comes back from a network stall and answers the call b now runs.
        let late = h.reply("a", job: job)
        #expect(H.answers(in: late).isEmpty)
        #expect(H.commands(in: late, to: "a") == [.disconnect])
        h.reply("b", job: job)
        let answers = H.answers(in: h.log)
        #expect(answers.map(\.header.requestID) == [id])
    }

    @Test func aLateReplyFromAWorkerThatRegisteredAgainIsDropped() {
        var h = H { $0.heartbeat = HeartbeatPolicy(intervalMs: 100, liveness: 2) }
        let (id, job) = callRetriedFromAToB(&h)
        #expect(H.requests(in: h.log).map(\.worker) == ["a", "b"])
        // a comes back, registers again (it is known now), then answers the call b runs: not its call any more.
        h.ready("a", services: [echoService])
        let late = h.reply("a", job: job, payload: [1])
        #expect(H.answers(in: late).isEmpty)
        #expect(h.core.jobs[job]?.worker == Array("b".utf8))
        h.reply("b", job: job, payload: [2])
        let answers = H.answers(in: h.log)
        #expect(answers.map(\.header.requestID) == [id])
        #expect(answers.first?.payload == [2])
    }

    @Test func aReplyAfterTheDeadlineIsDroppedAndFreesTheSlot() {
        var h = H()
        h.ready("slow", services: [echoService])
        let first = h.echo(timeoutMs: 50)
        _ = h.advance(ms: 60)
        #expect(H.answers(in: h.log).map(\.header.code) == [.deadlineExceeded])
        let second = h.echo()
        #expect(H.requests(in: h.log).count == 1)   // the slot is still taken by the running call
        h.reply("slow", job: H.requests(in: h.log)[0].jobID)
        #expect(H.answers(in: h.log).count == 1)
        #expect(H.requests(in: h.log).count == 2)
        #expect(first != second)
    }

    @Test func anUnknownWorkerIsAskedToRegisterAgain() {
        var h = H()
        let effects = h.fromWorker("ghost", .heartbeat)
        #expect(H.commands(in: effects, to: "ghost") == [.disconnect])
        #expect(H.commands(in: h.fromWorker("ghost", .disconnect), to: "ghost").isEmpty)
    }

    @Test func aDrainingWorkerGetsNothingNewAndLeavesWhenDone() {
        var h = H()
        h.ready("a", services: [echoService], capacity: 2)
        _ = h.echo()
        h.fromWorker("a", .disconnect)
        _ = h.echo()
        #expect(H.requests(in: h.log).count == 1)
        h.reply("a", job: H.requests(in: h.log)[0].jobID)
        #expect(h.core.workers.isEmpty)
    }

    @Test func theGatewayDrainFinishesQueuedWorkThenAnswersTheRest() {
        var h = H()
        h.ready("a", services: [echoService])
        let running = h.echo(timeoutMs: 60_000)
        let queued = h.echo(timeoutMs: 60_000)
        h.handle(.drain(graceNs: 1_000_000_000))
        let refused = h.echo()
        #expect(H.answers(in: h.log).first { $0.header.requestID == refused }?.header.code == .unavailable)
        h.reply("a", job: H.requests(in: h.log)[0].jobID)
        #expect(H.requests(in: h.log).count == 2)   // the queued call still runs
        _ = h.advance(ms: 1000)
        let answers = H.answers(in: h.log)
        #expect(answers.first { $0.header.requestID == running }?.header.code == .ok)
        #expect(answers.first { $0.header.requestID == queued }?.header.code == .unavailable)
        #expect(H.commands(in: h.log, to: "a").contains(.disconnect))
        #expect(h.core.stopped)
    }

    @Test func aDrainWithNothingPendingStopsAtOnce() {
        var h = H()
        h.ready("a", services: [echoService])
        h.handle(.drain(graceNs: 10_000_000_000))
        #expect(h.core.stopped)
    }
}

@Suite struct BrokerCoreDeadlineRaceTests {
    @Test func aReplyThatArrivesAtTheDeadlineIsDeadlineExceeded() {
        var h = H()
        h.ready("a", services: [echoService])
        let id = h.echo(timeoutMs: 100)
        h.nowNs += 100_000_000   // the reply is read in the same turn as the deadline, before the tick
        h.reply("a", job: H.requests(in: h.log)[0].jobID)
        let answer = H.answers(in: h.log).first { $0.header.requestID == id }
        #expect(answer?.header.code == .deadlineExceeded)
        #expect(H.answers(in: h.log).count == 1)
    }
}
