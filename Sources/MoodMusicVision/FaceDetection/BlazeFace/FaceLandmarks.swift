/// A point in image pixels (x right, y down).
public struct ImagePoint: Sendable, Equatable, Hashable {
    public var x: Float
    public var y: Float

    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}

/// The six BlazeFace keypoints, in the model's order (MediaPipe's FaceKeyPoint: right eye, left eye, nose tip,
/// mouth centre, right ear tragion, left ear tragion). "Left" and "right" are the subject's own, so in an
/// unmirrored photo the right eye appears on the viewer's left.
public struct FaceLandmarks: Sendable, Equatable, Hashable {
    public var rightEye: ImagePoint
    public var leftEye: ImagePoint
    public var noseTip: ImagePoint
    public var mouth: ImagePoint
    public var rightEar: ImagePoint
    public var leftEar: ImagePoint

    public init(points: [ImagePoint]) {
        precondition(points.count == 6, "BlazeFace has six keypoints")
        (rightEye, leftEye, noseTip, mouth, rightEar, leftEar) = (points[0], points[1], points[2], points[3], points[4], points[5])
    }

    /// In the model's order.
    public var points: [ImagePoint] { [rightEye, leftEye, noseTip, mouth, rightEar, leftEar] }
}
