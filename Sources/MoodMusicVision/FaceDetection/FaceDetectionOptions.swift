/// A width and height in pixels.
public struct PixelSize: Sendable, Equatable, Hashable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// Parameters of one ``FaceDetector/detect(_:options:)`` call, with the meanings of OpenCV's
/// `CascadeClassifier.detectMultiScale`. The defaults are the project's: scale 1.1,
/// 5 neighbours, faces at least 50×50, no upper bound.
public struct FaceDetectionOptions: Sendable, Equatable {
    /// How much the search window grows from one scale to the next; must be greater than 1.
    public var scaleFactor: Double
    /// A face is reported only where more than this many raw hits were grouped together.
    /// Zero or less returns every raw hit, ungrouped, with `neighbors == 1`.
    public var minNeighbors: Int
    /// Smaller windows are not searched.
    public var minSize: PixelSize
    /// Larger windows are not searched; nil means up to the image size.
    public var maxSize: PixelSize?

    public init(scaleFactor: Double = 1.1, minNeighbors: Int = 5,
                minSize: PixelSize = PixelSize(width: 50, height: 50), maxSize: PixelSize? = nil) {
        precondition(scaleFactor > 1, "scaleFactor must be greater than 1")
        self.scaleFactor = scaleFactor
        self.minNeighbors = minNeighbors
        self.minSize = minSize
        self.maxSize = maxSize
    }
}
