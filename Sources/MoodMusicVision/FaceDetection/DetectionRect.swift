/// An axis-aligned rectangle in original-image pixels, used for raw hits and groups.
struct DetectionRect: Sendable, Equatable, Hashable {
    var x: Int
    var y: Int
    var width: Int
    var height: Int
}
