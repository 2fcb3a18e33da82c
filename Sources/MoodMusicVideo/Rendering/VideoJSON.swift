import Foundation
import MoodMusicProtos
import SwiftProtobuf

/// The whole analysis as protobuf JSON (field names in lowerCamelCase, as every protobuf JSON
/// printer writes them), so the in-process tool and the service client print the same document.
/// proto3 JSON leaves out zero values; every frame entry here still carries its `index` and
/// `timeSeconds` (the first frame's are 0), so a reader never has to know that rule.
public enum VideoJSON {
    public static func render(_ analysis: Moodmusic_V1_VideoAnalysis) throws -> String {
        try render(message: analysis, framesAt: [])
    }

    /// `message` holds a VideoAnalysis at the key path `framesAt` (e.g. ["analysis"] for a
    /// RecommendForVideoResponse); its frames get explicit zero times.
    public static func render(message: some SwiftProtobuf.Message, framesAt path: [String]) throws -> String {
        var options = JSONEncodingOptions()
        options.alwaysPrintEnumsAsInts = false
        let json = try message.jsonUTF8Data(options: options)
        guard var document = try JSONSerialization.jsonObject(with: json) as? [String: Any] else { return String(decoding: json, as: UTF8.self) }
        document = withExplicitFrameTimes(document, path: path[...])
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    private static func withExplicitFrameTimes(_ object: [String: Any], path: ArraySlice<String>) -> [String: Any] {
        var object = object
        if let key = path.first {
            if let inner = object[key] as? [String: Any] { object[key] = withExplicitFrameTimes(inner, path: path.dropFirst()) }
            return object
        }
        if let frames = object["frames"] as? [[String: Any]] {
            object["frames"] = frames.map { frame in
                var frame = frame
                if frame["index"] == nil { frame["index"] = 0 }
                if frame["timeSeconds"] == nil { frame["timeSeconds"] = 0.0 }
                return frame
            }
        }
        return object
    }
}
