import Foundation
import MoodMusicProtos

/// One row per sampled frame and face: time, frame, track, box and the seven probabilities.
/// A frame without faces still gets a row, with the face columns empty, so every sampled
/// instant is in the file.
public enum VideoCSV {
    public static let header = "time,frame,track,x,y,width,height,angry,disgust,fear,happy,sad,surprise,neutral"

    public static func render(_ analysis: Moodmusic_V1_VideoAnalysis) -> String {
        var rows = [header]
        for frame in analysis.frames {
            let lead = String(format: "%.3f,%d", frame.timeSeconds, frame.index)
            if frame.faces.isEmpty {
                rows.append(lead + String(repeating: ",", count: 12))
                continue
            }
            for tracked in frame.faces {
                let box = tracked.face.box
                let probabilities = tracked.face.probabilities.map { String(format: "%.4f", $0) }
                rows.append(([lead, "\(tracked.trackID)", "\(box.x)", "\(box.y)", "\(box.width)", "\(box.height)"] + probabilities)
                    .joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
