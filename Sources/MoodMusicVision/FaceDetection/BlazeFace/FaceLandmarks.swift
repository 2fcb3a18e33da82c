/// A point in image pixels (x right, y down).
public struct ImagePoint: Sendable, Equatable, Hashable {
    public var x: Float
    public var y: Float

    public init(x: Float, y: Float) {
        self.x = x
        self.y = y
    }
}

/// The six BlazeFace keypoints, in the model's order. "Left" and "right" are the subject's own, so the left eye
/// appears on the right of an unmirrored photo.
public struct FaceLandmarks: Sendable, Equatable, Hashable {
    public var leftEye: ImagePoint
    public var rightEye: ImagePoint
    public var noseTip: ImagePoint
    public var mouth: ImagePoint
    public var leftEar: ImagePoint
    public var rightEar: ImagePoint

    public init(points: [ImagePoint]) {
        precondition(points.count == 6, "BlazeFace has six keypoints")
        (leftEye, rightEye, noseTip, mouth, leftEar, rightEar) = (points[0], points[1], points[2], points[3], points[4], points[5])
    }

    public var points: [ImagePoint] { [leftEye, rightEye, noseTip, mouth, leftEar, rightEar] }
}
