import Logging
import Shared

struct RecommenderHandler: ServiceHandler {
    var service: String { Contract.Services.recommender }
    static func load(options: RecommenderRoleOptions, logger: Logger) throws -> RecommenderHandler { throw RPCError.unimplemented("recommender role is being wired") }
    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] { throw .unimplemented("x") }
}
