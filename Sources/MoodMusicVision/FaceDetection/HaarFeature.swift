/// One weighted rectangle of a Haar feature, in window coordinates.
struct HaarRect: Sendable, Equatable {
    var x: Int32
    var y: Int32
    var width: Int32
    var height: Int32
    var weight: Float
}

/// A Haar-like feature: two or three weighted rectangle sums (the third has weight 0 when absent).
struct HaarFeature: Sendable, Equatable {
    var rects: [HaarRect]
}

/// A depth-one decision tree: feature value below `threshold` votes `left`, otherwise `right`.
struct HaarStump: Sendable, Equatable {
    var featureIndex: Int
    var threshold: Float
    var left: Float
    var right: Float
}

/// A boosted stage: the sum of its stumps' votes must reach `threshold` for a window to go on.
struct HaarStage: Sendable, Equatable {
    var stumpCount: Int
    var threshold: Float
}
