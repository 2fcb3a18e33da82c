import MoodMusicProtos
import MoodMusicWire
import Testing

@Suite("Worker commands")
struct WorkerCommandTests {
    static var samples: [WorkerCommand] {
        var ready = Moodmusic_V1_WorkerReady()
        ready.services = [Contract.Services.emotion, Contract.Services.diagnostics]
        ready.capacity = 4
        ready.name = "w1"
        var request = Moodmusic_V1_RequestHeader()
        request.requestID = 17
        request.timeoutMs = 250
        var response = Moodmusic_V1_ResponseHeader()
        response.requestID = 17
        response.code = .unavailable
        response.message = "x"
        return [
            .ready(ready),
            .request(jobID: 0x0102_0304_0506_0708, method: "/moodmusic.v1.Diagnostics/Echo", header: request, payload: [9, 9]),
            .reply(jobID: UInt64.max, header: response, payload: []),
            .heartbeat,
            .disconnect,
        ]
    }

    @Test("every command survives encode and decode")
    func roundTrip() throws {
        for command in Self.samples {
            let frames = try command.encode()
            #expect(frames[0] == Array("MMW1".utf8))
            #expect(try WorkerCommand.decode(frames[...]).get() == command)
        }
    }

    @Test("job ids are 8 bytes, little-endian")
    func jobIDLayout() throws {
        let frames = try WorkerCommand.request(jobID: 1, method: "/a/b", header: .init(), payload: []).encode()
        #expect(frames[2] == [1, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test("malformed commands are rejected", arguments: [
        [[UInt8]](),
        [Array("MMW1".utf8)],
        [Array("MMW2".utf8), [4]],
        [Array("MMW1".utf8), [99]],
        [Array("MMW1".utf8), [4], [1]],
        [Array("MMW1".utf8), [3], [1, 2, 3], [], []],
        [Array("MMW1".utf8), [1], [0xFF, 0xFF]],
    ])
    func malformed(frames: [[UInt8]]) {
        guard case .failure(let error) = WorkerCommand.decode(frames[...]) else {
            Issue.record("accepted \(frames)")
            return
        }
        #expect(error.code == .invalidArgument)
    }
}
