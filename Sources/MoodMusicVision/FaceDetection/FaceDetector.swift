/// Finds frontal faces with a Viola–Jones ``HaarCascade``, reproducing OpenCV 4's
/// `CascadeClassifier.detectMultiScale` (CPU path): for each scale the image is shrunk with
/// OpenCV-exact bilinear resampling, integral images are built, every window position is
/// classified, and the raw hits are grouped with `groupRectangles` (eps 0.2).
///
/// Single-threaded. Scratch memory is allocated once per call, sized for the largest scale.
public struct FaceDetector: Sendable {
    public let cascade: HaarCascade

    public init(cascade: HaarCascade) {
        self.cascade = cascade
    }

    /// Faces in `image`, largest first (ties: top to bottom, then left to right). Each box's
    /// ``FaceBox/neighbors`` is the number of raw hits merged into it.
    public func detect(_ image: GrayImage, options: FaceDetectionOptions = .init()) -> [FaceBox] {
        let hits = rawHits(image, options: options)
        let groups = RectangleGrouping.group(hits, minNeighbors: options.minNeighbors)
        return groups.compactMap { group -> FaceBox? in
            // Clip to the image as OpenCV does, dropping boxes left empty.
            let x0 = max(group.rect.x, 0), y0 = max(group.rect.y, 0)
            let x1 = min(group.rect.x + group.rect.width, image.width)
            let y1 = min(group.rect.y + group.rect.height, image.height)
            guard x1 > x0, y1 > y0 else { return nil }
            return FaceBox(x: x0, y: y0, width: x1 - x0, height: y1 - y0, neighbors: group.members)
        }
        .sorted { a, b in
            if a.area != b.area { return a.area > b.area }
            if a.y != b.y { return a.y < b.y }
            return a.x < b.x
        }
    }

    /// Every window the cascade accepts, before grouping, in original-image coordinates.
    func rawHits(_ image: GrayImage, options: FaceDetectionOptions) -> [DetectionRect] {
        let winW = cascade.windowWidth, winH = cascade.windowHeight
        let scales = CascadeScale.all(imageWidth: image.width, imageHeight: image.height,
                                      windowWidth: winW, windowHeight: winH, options: options)
        guard let first = scales.first else { return [] }
        // OpenCV splits rows into stripes sized from the first scale; where a stripe count does
        // not divide a scale's rows evenly, its last rows are never scanned. Kept for parity.
        let stripeCount = (max(first.width + 1 - winW, 0) + 31) / 32
        guard stripeCount > 0 else { return [] }

        let maxWidth = scales.map(\.width).max()!, maxHeight = scales.map(\.height).max()!
        let scaled = UnsafeMutablePointer<UInt8>.allocate(capacity: maxWidth * maxHeight)
        let rowScratch = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * maxWidth)
        let tableSize = (maxWidth + 1) * (maxHeight + 1)
        let sum = UnsafeMutablePointer<Int32>.allocate(capacity: tableSize)
        let squareSum = UnsafeMutablePointer<UInt32>.allocate(capacity: tableSize)
        defer { scaled.deallocate(); rowScratch.deallocate(); sum.deallocate(); squareSum.deallocate() }

        var scanner = CascadeScanner(cascade: cascade)
        var hits: [DetectionRect] = []
        hits.reserveCapacity(256)
        image.pixels.withUnsafeBufferPointer { source in
            for scale in scales {
                let resizer = LinearResizer(sourceWidth: image.width, sourceHeight: image.height,
                                            width: scale.width, height: scale.height)
                resizer.resize(source.baseAddress!, into: scaled, rowScratch: rowScratch)
                IntegralImages.compute(scaled, width: scale.width, height: scale.height, sum: sum, squareSum: squareSum)

                let stride = scale.width + 1
                let workingWidth = max(stride - winW, 0), workingHeight = max(scale.height + 1 - winH, 0)
                let stripeRows = max((workingHeight / scale.step + stripeCount - 1) / stripeCount, 1) * scale.step
                let rowLimit = min(stripeCount * stripeRows, workingHeight)
                scanner.prepare(stride: stride)
                scanner.scan(sum: sum, squareSum: squareSum, stride: stride, workingWidth: workingWidth,
                             rowLimit: rowLimit, scale: scale, into: &hits)
            }
        }
        return hits
    }
}
