import MoodMusicVision

/// Why a live-session call was refused.
public enum LiveSessionError: Error, Equatable, CustomStringConvertible {
    /// RESOURCE_EXHAUSTED: the table is full.
    case tooManySessions(limit: Int)
    /// ALREADY_EXISTS.
    case duplicate(String)
    /// NOT_FOUND: never opened, closed, or ended by the idle timeout.
    case unknown(String)

    public var description: String {
        switch self {
        case .tooManySessions(let limit): "too many live sessions (limit \(limit)); close one or retry later"
        case .duplicate(let id): "live session \(id) is already open"
        case .unknown(let id): "no live session \(id): it was never opened, was closed, or timed out"
        }
    }
}

/// The open live sessions of one process, by id, with a bound on their number. The owner calls
/// `expire(now:)` when `nextDeadline` passes; a frame for a session past its deadline is refused
/// even before that. Removing a session drops all its state.
public struct LiveSessionTable: Sendable {
    public let maxSessions: Int
    private var sessions: [String: LiveSession] = [:]

    public init(maxSessions: Int) { self.maxSessions = maxSessions }

    public var count: Int { sessions.count }
    public func contains(_ id: String) -> Bool { sessions[id] != nil }
    /// Frames the session has answered; nil when it is not open.
    public func framesSeen(id: String) -> Int? { sessions[id]?.framesSeen }

    public mutating func open(id: String, settings: LiveSessionSettings, now: UInt64) throws(LiveSessionError) {
        _ = expire(now: now)
        guard sessions[id] == nil else { throw .duplicate(id) }
        guard sessions.count < maxSessions else { throw .tooManySessions(limit: maxSessions) }
        sessions[id] = LiveSession(settings: settings, now: now)
    }

    public mutating func frame(id: String, faces: [EmotionPipeline.ScoredFace], now: UInt64) throws(LiveSessionError) -> LiveFrameResult {
        guard var session = sessions[id] else { throw .unknown(id) }
        guard !session.isExpired(at: now) else {
            sessions[id] = nil
            throw .unknown(id)
        }
        let result = session.add(faces: faces, at: now)
        sessions[id] = session
        return result
    }

    /// True when the session was open.
    @discardableResult
    public mutating func close(id: String) -> Bool { sessions.removeValue(forKey: id) != nil }

    /// Removes every session whose idle deadline has passed; returns their ids, sorted.
    public mutating func expire(now: UInt64) -> [String] {
        let ended = sessions.filter { $0.value.isExpired(at: now) }.keys.sorted()
        for id in ended { sessions[id] = nil }
        return ended
    }

    /// The earliest idle deadline, for the owner's timer; nil when no session is open.
    public var nextDeadline: UInt64? { sessions.values.map(\.deadline).min() }
}
