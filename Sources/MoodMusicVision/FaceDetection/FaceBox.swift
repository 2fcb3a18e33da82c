/// A detected face: an axis-aligned box in image pixels plus the detector's confidence.
public struct FaceBox: Sendable, Equatable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    /// How many raw cascade hits were grouped into this box (OpenCV's "neighbours").
    public var neighbors: Int

    public init(x: Int, y: Int, width: Int, height: Int, neighbors: Int = 0) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.neighbors = neighbors
    }

    public var area: Int { width * height }
}
