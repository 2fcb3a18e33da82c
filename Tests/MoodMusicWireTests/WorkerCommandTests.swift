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

    @Test("every command survives encode and decode, in both framings")
    func roundTrip() throws {
        for command in Self.samples {
            let compact = try command.encode()
            #expect(compact[0].starts(with: Array("MMW2".utf8)))
            #expect(compact.count == (command.isRequestOrReply ? 2 : 1))
            #expect(try WorkerCommand.decodeWithFraming(compact[...]).get() == (command, .mmw2))
            let legacy = try command.encode(.mmw1)
            #expect(legacy[0] == Array("MMW1".utf8))
            #expect(try WorkerCommand.decodeWithFraming(legacy[...]).get() == (command, .mmw1))
        }
    }

    @Test("MMW2 lays out a request as documented: job id, path length, path, header; then the payload")
    func compactLayout() throws {
        var header = Moodmusic_V1_RequestHeader()
        header.requestID = 5
        let frames = try WorkerCommand.request(jobID: 1, method: "/a/b", header: header, payload: [7, 7]).encode()
        #expect(frames == [Array("MMW2".utf8) + [2, 1, 0, 0, 0, 0, 0, 0, 0, 4, 0] + Array("/a/b".utf8) + header.headerFrame(), [7, 7]])
        let reply = try WorkerCommand.reply(jobID: 2, header: .init(), payload: []).encode()
        #expect(reply == [Array("MMW2".utf8) + [3, 2, 0, 0, 0, 0, 0, 0, 0], []])
        #expect(try WorkerCommand.heartbeat.encode() == [Array("MMW2".utf8) + [4]])
    }

    @Test("job ids are 8 bytes, little-endian")
    func jobIDLayout() throws {
        let frames = try WorkerCommand.request(jobID: 1, method: "/a/b", header: .init(), payload: []).encode(.mmw1)
        #expect(frames[2] == [1, 0, 0, 0, 0, 0, 0, 0])
    }

    static func mmw1(_ frames: [UInt8]...) -> [[UInt8]] { [Array("MMW1".utf8)] + frames }
    static func mmw2(_ first: [UInt8], _ rest: [UInt8]...) -> [[UInt8]] { [Array("MMW2".utf8) + first] + rest }

    static let malformedCases: [[[UInt8]]] = [
        [],
        mmw1(),
        [Array("MMW2".utf8), [4]],
        mmw1([99]),
        mmw1([4], [1]),
        mmw1([3], [1, 2, 3], [], []),
        mmw1([1], [0xFF, 0xFF]),
        mmw2([9]),                                          // unknown command
        mmw2([4], []),                                      // a heartbeat with a payload frame
        mmw2([4, 0]),                                       // a heartbeat with a body
        mmw2([2, 1, 0, 0, 0, 0, 0, 0, 0]),                  // a request without its payload frame
        mmw2([2, 1, 0, 0, 0, 0, 0, 0], []),                 // job id cut short
        mmw2([2, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0x2F], []),  // path longer than the frame
        mmw2([2, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0xC3, 0x28], []),  // path not UTF-8
        mmw2([3, 1, 0, 0, 0, 0, 0, 0, 0, 0x08], []),        // header cut short
        mmw2([1, 0xFF, 0xFF]),                              // READY that is not a WorkerReady
    ]

    @Test("malformed commands are rejected", arguments: malformedCases)
    func malformed(frames: [[UInt8]]) {
        guard case .failure(let error) = WorkerCommand.decode(frames[...]) else {
            Issue.record("accepted \(frames)")
            return
        }
        #expect(error.code == .invalidArgument)
    }
}

extension WorkerCommand {
    var isRequestOrReply: Bool {
        switch self {
        case .request, .reply: true
        default: false
        }
    }
}
