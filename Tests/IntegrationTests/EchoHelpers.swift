import MoodMusicClient
import MoodMusicProcess
import MoodMusicTransport
import MoodMusicWire
import Foundation
import MoodMusicTesting

/// Sends `count` echoes on one connection without waiting, then collects every answer.
/// Returns the answers by request id.
func pipelinedEchoes(_ cluster: TestCluster, count: Int, delayMs: UInt32 = 0, timeoutMs: UInt32 = 10_000) throws -> [UInt64: ClientEnvelope.Response] {
    let context = ZMQContext()
    defer { context.terminate() }
    let connection = try GatewayConnection(endpoint: cluster.frontend, context: context)
    defer { connection.close() }
    for id in 1...count {
        var request = Moodmusic_V1_EchoRequest()
        request.payload = Data("m\(id)".utf8)
        request.delayMs = delayMs
        try connection.send(method: Contract.echo, payload: try request.serializedBytes(), requestID: UInt64(id), timeoutMs: timeoutMs)
    }
    var answers: [UInt64: ClientEnvelope.Response] = [:]
    let giveUp = Date().addingTimeInterval(Double(timeoutMs) / 1000 + 5)
    while answers.count < count, Date() < giveUp {
        if let response = try connection.receive(timeoutMs: 200) { answers[response.header.requestID] = response }
    }
    return answers
}

func echoResponse(_ response: ClientEnvelope.Response) throws -> Moodmusic_V1_EchoResponse {
    try Moodmusic_V1_EchoResponse(serializedBytes: response.payload)
}
