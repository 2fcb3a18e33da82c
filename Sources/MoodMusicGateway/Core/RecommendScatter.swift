import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicWire

/// One Recommend scattered over the shards of a catalog: the request each shard gets, what each
/// answered, and the single reply they make together. Pure; `BrokerCore+Shards.swift` sends the
/// calls and routes the answers.
struct RecommendScatter {
    /// The call as its caller made it (its payload is not kept); answered through
    /// `BrokerCore.complete` once every shard has answered.
    let parent: Job
    let k: Int
    let allowPartial: Bool
    /// Shards not asked because no live worker serves them (only when partial results are allowed).
    let skipped: [ShardSpec]
    /// What each shard was sent, and the `shard_fetch` in it.
    private(set) var request: Moodmusic_V1_RecommendRequest
    private(set) var waiting: Set<ShardSpec>
    /// Each shard's answer, decoded when it arrives.
    private(set) var answers: [ShardSpec: Result<Moodmusic_V1_RecommendResponse, RPCError>] = [:]

    /// The most candidates one shard may be asked for (the worker's limit).
    static let maxFetch = 2_000

    init(parent: Job, request: Moodmusic_V1_RecommendRequest, k: Int, allowPartial: Bool, asked: [ShardSpec], skipped: [ShardSpec]) {
        self.parent = parent
        self.request = request
        self.k = k
        self.allowPartial = allowPartial
        self.skipped = skipped
        waiting = Set(asked)
    }

    var isComplete: Bool { waiting.isEmpty }

    /// Records a shard's answer; a second answer for the same shard is ignored.
    mutating func record(_ shard: ShardSpec, _ result: Result<[UInt8], RPCError>) {
        guard waiting.remove(shard) != nil else { return }
        answers[shard] = result.flatMap { bytes in
            guard let reply = try? Moodmusic_V1_RecommendResponse(serializedBytes: bytes) else {
                return .failure(.internalError("answered with bytes that are not a RecommendResponse"))
            }
            return .success(reply)
        }
    }

    /// The request each shard gets: the caller's, asking for the best candidates before the artist
    /// cap (`shard_fetch`), so that their union holds the whole catalog's best. Also the k and
    /// partial flag the merge needs.
    static func shardRequest(from payload: [UInt8]) throws(RPCError) -> (request: Moodmusic_V1_RecommendRequest, payload: [UInt8], k: Int, allowPartial: Bool) {
        guard var request = try? Moodmusic_V1_RecommendRequest(serializedBytes: payload) else {
            throw .invalidArgument("payload is not a valid moodmusic.v1.RecommendRequest protobuf")
        }
        let k = request.k == 0 ? 40 : Int(request.k)
        // An out-of-range k is left for the shards to refuse, with the worker's own message.
        let cap = request.noArtistCap ? 0 : 1  // any cap > 0 asks for the same 4k
        request.shardFetch = k <= 500 ? UInt32(ShardedRecommendMerge.fetchSize(k: k, maxPerArtist: cap)) : 0
        guard let bytes: [UInt8] = try? request.serializedBytes() else { throw .internalError("cannot re-encode a RecommendRequest") }
        return (request, bytes, k, request.allowPartial)
    }

    /// Failures that mean "this shard's answer is missing" rather than "the request is wrong".
    static func meansMissing(_ code: StatusCode) -> Bool {
        [.unavailable, .deadlineExceeded, .resourceExhausted, .cancelled].contains(code)
    }

    enum Conclusion {
        case reply(Result<[UInt8], RPCError>)
        /// Ask these shards again, with this payload.
        case askAgain(payload: [UInt8], shards: [ShardSpec])
    }

    /// What to do once every shard has answered. A shard's error that is not about a missing
    /// answer fails the call; a missing answer fails it too unless partial results were allowed and
    /// some shard answered. Otherwise the merge of every answer, naming the missing shards — unless
    /// the artist cap left fewer than k songs while a shard answered a full `shard_fetch`: then every
    /// shard is asked again with 4× the fetch (at most `maxFetch`), the rule a single worker follows.
    mutating func conclude() -> Conclusion {
        var replies: [Moodmusic_V1_RecommendResponse] = []
        var missing = skipped
        var firstMissing: RPCError?
        for (shard, result) in answers.sorted(by: { $0.key.index < $1.key.index }) {
            switch result {
            case .failure(let error) where Self.meansMissing(error.code):
                missing.append(shard)
                firstMissing = firstMissing ?? RPCError(error.code, "shard \(shard): \(error.message)")
            case .failure(let error):
                return .reply(.failure(RPCError(error.code, "shard \(shard): \(error.message)")))
            case .success(let reply):
                replies.append(reply)
            }
        }
        if !missing.isEmpty && (!allowPartial || replies.isEmpty) {
            return .reply(.failure(firstMissing ?? .unavailable(
                "no live worker serves shard \(missing.map(\.description).joined(separator: ", ")) of the catalog; set allow_partial to accept the other shards' songs")))
        }
        let fetch = Int(request.shardFetch)
        var merged = ShardedRecommendMerge.merge(replies, k: k, fetch: fetch)
        if merged.tracks.count < k, replies.count == answers.count, fetch > 0, fetch < Self.maxFetch,
           replies.contains(where: { $0.tracks.count >= fetch }) {
            request.shardFetch = UInt32(min(Self.maxFetch, 4 * fetch))
            if let payload: [UInt8] = try? request.serializedBytes() {
                let shards = Array(answers.keys)
                answers = [:]
                waiting = Set(shards)
                return .askAgain(payload: payload, shards: shards)
            }
        }
        merged.missingShards = missing.sorted { $0.index < $1.index }.map(\.description)
        guard let bytes: [UInt8] = try? merged.serializedBytes() else { return .reply(.failure(.internalError("cannot encode the merged RecommendResponse"))) }
        return .reply(.success(bytes))
    }
}
