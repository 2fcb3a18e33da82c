import Logging
import Shared

struct EmotionHandler: ServiceHandler {
    var service: String { Contract.Services.emotion }
    static func load(options: EmotionRoleOptions, logger: Logger) throws -> EmotionHandler { throw RPCError.unimplemented("emotion role is being wired") }
    func handle(payload: [UInt8], context: CallContext) throws(RPCError) -> [UInt8] { throw .unimplemented("x") }
}
