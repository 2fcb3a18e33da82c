import MoodMusicWire
import SwiftProtobuf

/// Responses in protobuf's JSON mapping (lowerCamelCase names, enums by name). Fields at their
/// default value are left out, as the mapping says; clients treat a missing field as its default.
public enum BridgeJSON {
    public static func encode(_ message: some SwiftProtobuf.Message) throws(RPCError) -> [UInt8] {
        do { return try message.jsonUTF8Bytes() } catch {
            throw .internalError("cannot encode \(type(of: message).protoMessageName) as JSON: \(error)")
        }
    }
}
