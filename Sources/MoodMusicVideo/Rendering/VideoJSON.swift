import MoodMusicProtos
import SwiftProtobuf

/// The whole analysis as protobuf JSON (field names in lowerCamelCase, as every protobuf JSON
/// printer writes them), so the in-process tool and the service client print the same document.
public enum VideoJSON {
    public static func render(_ analysis: Moodmusic_V1_VideoAnalysis) throws -> String {
        var options = JSONEncodingOptions()
        options.alwaysPrintEnumsAsInts = false
        return try analysis.jsonString(options: options)
    }
}
