import Foundation
import MoodMusicProtos
import MoodMusicWire

/// The human-readable summary of a video analysis: the clip, its tracks, its emotion
/// distribution and the timeline of segments. Works on the message, so the in-process tool and
/// the service client print the same thing.
public enum VideoTimelineText {
    public static func render(_ analysis: Moodmusic_V1_VideoAnalysis) -> String {
        var lines: [String] = []
        let stats = analysis.stats
        lines.append("video \(analysis.width)x\(analysis.height), \(seconds(analysis.durationSeconds)), "
            + "\(analysis.frames.count) frames sampled every \(seconds(analysis.sampleIntervalSeconds))"
            + " (\(stats.decodedFrames) decoded, \(stats.seeks) seeks)")
        if analysis.tracks.isEmpty {
            lines.append("no faces")
        } else {
            lines.append("faces: \(analysis.tracks.count) track\(analysis.tracks.count == 1 ? "" : "s"), dominant track \(analysis.dominantTrackID)")
            for track in analysis.tracks {
                lines.append("  track \(track.trackID): \(seconds(track.firstSeenSeconds))–\(seconds(track.lastSeenSeconds)), "
                    + "\(track.frameCount) frames, \(track.emotion.label)")
            }
            lines.append("emotion: " + topEmotions(analysis.distribution))
        }
        lines.append("timeline:")
        for segment in analysis.segments {
            let name = segment.emotion == .unspecified ? "(no face)" : segment.emotion.label
            let span = "\(pad(seconds(segment.startSeconds), 8))–\(pad(seconds(segment.endSeconds), 8))"
            let bar = String(repeating: "█", count: max(1, Int((segment.endSeconds - segment.startSeconds).rounded())))
            lines.append("  \(span)  \(pad(name, 9, left: false))  \(segment.emotion == .unspecified ? "" : String(bar.prefix(60)))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "happy 61%, sad 22%, neutral 9%": the three most likely emotions.
    static func topEmotions(_ distribution: [Float]) -> String {
        let order = Moodmusic_V1_Emotion.ferOrder
        guard distribution.count == order.count else { return "-" }
        return distribution.indices.sorted { distribution[$0] > distribution[$1] }.prefix(3)
            .map { "\(order[$0].label) \(Int((distribution[$0] * 100).rounded()))%" }
            .joined(separator: ", ")
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    static func pad(_ text: String, _ width: Int, left: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return left ? fill + text : text + fill
    }
}
