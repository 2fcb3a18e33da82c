import Foundation
import MoodMusicClient
import MoodMusicTesting
import MoodMusicWorker
import Testing

/// The real gateway loop, worker runtime and client, on threads of this process over the
/// in-process transport: whole exchanges in milliseconds, with no ports and no child processes.
@Suite(.serialized) struct InProcessClusterTests {
    func echo(_ client: MoodMusicClient, _ text: String, delayMs: UInt32 = 0, timeoutMs: UInt32? = nil) throws -> Moodmusic_V1_EchoResponse {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = Data(text.utf8)
        request.delayMs = delayMs
        return try client.call(Contract.echo, request, as: Moodmusic_V1_EchoResponse.self, timeoutMs: timeoutMs, waitForReady: true)
    }

    @Test func callsSpreadOverWorkersAndComeBackWhole() throws {
        let cluster = try InProcessCluster()
        cluster.addWorker([EchoHandler(workerName: "w1")], name: "w1")
        cluster.addWorker([EchoHandler(workerName: "w2")], name: "w2")
        let client = try cluster.client()
        var servedBy: Set<String> = []
        for i in 0..<20 {
            let response = try echo(client, "call \(i)", delayMs: 1)
            #expect(response.payload == Data("call \(i)".utf8))
            servedBy.insert(response.servedBy)
        }
        #expect(servedBy == ["w1", "w2"])
        client.close()
        cluster.stop()
    }

    @Test func aWorkerThatLeavesFinishesItsCallAndTheOtherTakesOver() throws {
        let cluster = try InProcessCluster()
        let first = cluster.addWorker([EchoHandler(workerName: "first")], name: "first")
        let client = try cluster.client()
        #expect(try echo(client, "one").servedBy == "first")
        cluster.stopWorker(first)
        cluster.addWorker([EchoHandler(workerName: "second")], name: "second")
        #expect(try echo(client, "two").servedBy == "second")
        client.close()
        cluster.stop()
    }

    @Test func theDeadlineCapsWorkAndAnswersOnTime() throws {
        let cluster = try InProcessCluster()
        cluster.addWorker([EchoHandler(workerName: "slow")], name: "slow")
        let client = try cluster.client()
        #expect(throws: RPCError.self) { _ = try echo(client, "late", delayMs: 5000, timeoutMs: 100) }
        do { _ = try echo(client, "late", delayMs: 5000, timeoutMs: 100) } catch let error as RPCError {
            #expect(error.code == .deadlineExceeded)
        }
        // The worker stopped sleeping at the deadline, so it is free again at once.
        #expect(try echo(client, "next", timeoutMs: 2000).payload == Data("next".utf8))
        client.close()
        cluster.stop()
    }

    @Test func badInputGetsAStatusAndTheGatewayKeepsServing() throws {
        let cluster = try InProcessCluster()
        cluster.addWorker([EchoHandler(workerName: "w")], name: "w")
        let connection = try cluster.connection()
        try connection.sendRaw([[], Array("MMC1".utf8)])
        let answer = try #require(try connection.receive(timeoutMs: 2000))
        #expect(answer.header.code == .invalidArgument)
        connection.close()
        let client = try cluster.client()
        #expect(try echo(client, "still here").payload == Data("still here".utf8))
        client.close()
        cluster.stop()
    }
}
