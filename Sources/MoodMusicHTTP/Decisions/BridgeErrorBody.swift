import Foundation
import MoodMusicWire

/// The JSON every failed HTTP call answers: `{"code": "INVALID_ARGUMENT", "message": "..."}`.
public enum BridgeErrorBody {
    public static func json(_ error: RPCError) -> String {
        let object: [String: String] = ["code": error.code.name, "message": error.message]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
              let text = String(data: data, encoding: .utf8)
        else { return #"{"code":"INTERNAL","message":"cannot encode the error"}"# }
        return text
    }
}
