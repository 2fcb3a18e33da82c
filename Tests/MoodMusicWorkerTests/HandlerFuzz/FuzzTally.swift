import MoodMusicWire

/// What a fuzz run saw: how many calls ended with each status, and the cases that broke the
/// contract (a code outside it, a failure without a message, INTERNAL for bad input, or an OK
/// whose payload is not the response message).
struct FuzzTally: CustomStringConvertible {
    var counts: [String: Int] = [:]
    var violations: [String] = []

    /// Codes a handler may answer a hostile request with.
    static let allowedFailures: Set<StatusCode> = [
        .invalidArgument, .deadlineExceeded, .unimplemented, .unavailable, .notFound, .resourceExhausted,
        .failedPrecondition, .outOfRange,
    ]

    mutating func record(code: StatusCode, message: String, responseDecodes: Bool, payload: [UInt8], label: String) {
        counts[code.name, default: 0] += 1
        let problem: String?
        if code == .ok {
            problem = responseDecodes ? nil : "OK with an unreadable response"
        } else if !Self.allowedFailures.contains(code) {
            problem = "status \(code.name) (\(message))"
        } else if message.isEmpty {
            problem = "\(code.name) without a message"
        } else {
            problem = nil
        }
        if let problem, violations.count < 20 {
            violations.append("\(label): \(problem); payload (\(payload.count) B) \(payload.prefix(64).map { String($0, radix: 16) }.joined(separator: " "))")
        }
    }

    var description: String { counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
}
