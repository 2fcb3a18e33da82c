/// The window scales OpenCV's `detectMultiScale` searches, and the size of the image it scans at each.
struct CascadeScale {
    /// Factor by which the image is shrunk (and hits grown back); OpenCV keeps it as a float.
    var factor: Float
    /// Size of the shrunk image.
    var width: Int
    var height: Int
    /// Step between window positions: 1 pixel once the image is shrunk at least 2×, else 2.
    var step: Int
    /// Size of a hit at this scale in original-image pixels.
    var windowWidth: Int
    var windowHeight: Int

    /// Factors 1, s, s², … whose rounded window fits both the image and `maxSize`, skipping those below `minSize`.
    static func all(imageWidth: Int, imageHeight: Int, windowWidth: Int, windowHeight: Int,
                    options: FaceDetectionOptions) -> [CascadeScale] {
        let maxWidth = options.maxSize.map { $0.width > 0 && $0.height > 0 ? $0.width : imageWidth } ?? imageWidth
        let maxHeight = options.maxSize.map { $0.width > 0 && $0.height > 0 ? $0.height : imageHeight } ?? imageHeight
        var scales: [CascadeScale] = []
        var factor = 1.0
        while true {
            let w = roundToInt(Double(windowWidth) * factor), h = roundToInt(Double(windowHeight) * factor)
            if w > maxWidth || h > maxHeight || w > imageWidth || h > imageHeight { break }
            if w >= options.minSize.width && h >= options.minSize.height {
                let f = Float(factor)
                scales.append(CascadeScale(
                    factor: f,
                    width: roundToInt(Float(imageWidth) / f),
                    height: roundToInt(Float(imageHeight) / f),
                    step: f >= 2 ? 1 : 2,
                    windowWidth: roundToInt(Float(windowWidth) * f),
                    windowHeight: roundToInt(Float(windowHeight) * f)))
            }
            factor *= options.scaleFactor
        }
        return scales
    }
}

/// OpenCV's cvRound: nearest integer, ties to even.
@inline(__always) func roundToInt(_ value: Double) -> Int { Int(value.rounded(.toNearestOrEven)) }
@inline(__always) func roundToInt(_ value: Float) -> Int { Int(value.rounded(.toNearestOrEven)) }
