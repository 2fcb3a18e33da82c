import MoodMusicWire

/// How far each video call's analysis has come, for `VideoProgress.Get`. The gateway tags a
/// video worker's job with a token (`Contract.videoProgressMetadataKey` in its metadata); the
/// worker passes the token on with every frame it sends to DetectEmotions, so the gateway counts
/// frames sent and answered without knowing anything about video. One record per video job in
/// progress: opened when the upload becomes a job, closed when that job is answered.
struct VideoProgressTable {
    struct Counts: Equatable {
        var decoded: UInt32 = 0
        var analysed: UInt32 = 0
    }

    private var tokens: [UploadKey: UInt64] = [:]
    private var records: [UInt64: (key: UploadKey, counts: Counts)] = [:]
    private var nextToken: UInt64 = 1

    var count: Int { records.count }

    /// Starts counting for an upload that became a job; returns the token to tag it with.
    mutating func open(_ key: UploadKey) -> UInt64 {
        if let stale = tokens[key] { records[stale] = nil }
        let token = nextToken
        nextToken &+= 1
        tokens[key] = token
        records[token] = (key, Counts())
        return token
    }

    mutating func close(token: UInt64) {
        guard let record = records.removeValue(forKey: token) else { return }
        if tokens[record.key] == token { tokens[record.key] = nil }
    }

    mutating func frameSent(token: UInt64) {
        guard records[token] != nil else { return }
        records[token]!.counts.decoded &+= 1
    }

    mutating func frameAnswered(token: UInt64) {
        guard records[token] != nil else { return }
        records[token]!.counts.analysed &+= 1
    }

    func counts(for key: UploadKey) -> Counts? {
        tokens[key].flatMap { records[$0]?.counts }
    }

    /// The token a call's metadata carries, if it carries a well-formed one.
    static func token(in header: [String: String]) -> UInt64? {
        header[Contract.videoProgressMetadataKey].flatMap { UInt64($0) }
    }
}
