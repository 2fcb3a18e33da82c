import Foundation
import Testing
@testable import MoodMusicVision

@Suite("Face detection")
struct FaceDetectorTests {
    static let cascade: HaarCascade? = try? HaarCascade.load(path: HaarCascade.systemDefaultPath)

    private func detector() throws -> FaceDetector {
        FaceDetector(cascade: try #require(Self.cascade, "cascade at \(HaarCascade.systemDefaultPath) (apt-get install opencv-data)"))
    }

    @Test("the frontal-face cascade loads with all its stages and stumps")
    func cascadeShape() throws {
        let cascade = try #require(Self.cascade)
        #expect(cascade.windowWidth == 24 && cascade.windowHeight == 24)
        #expect(cascade.stageCount == 25)
        #expect(cascade.stumps.count == 2913)
        #expect(cascade.stages.map(\.stumpCount).reduce(0, +) == 2913)
        #expect(cascade.stages.first?.stumpCount == 9)
        // stageThreshold -5.0425500869750977 lowered by OpenCV's 1e-5.
        #expect(cascade.stages.first?.threshold == Float(-5.0425500869750977) - 1e-5)
    }

    @Test("boxes match OpenCV's detectMultiScale on photos and FER2013 composites")
    func parityWithOpenCV() throws {
        let reference = try ParityReference.load()
        let detector = try detector()
        let decoder = ImageDecoder()
        #expect(reference.cases.filter { $0.image.contains("composite-") && $0.options == .init() }.count >= 20)
        #expect(reference.cases.reduce(0) { $0 + $1.boxes.count } >= 40)

        var worstIoU = 1.0
        for testCase in reference.cases {
            let image = try decoder.decodeGray(FixturePaths.bytes(testCase.image))
            let found = detector.detect(image, options: testCase.options)
            let label = "\(testCase.image) \(testCase.options)"
            try #require(found.count == testCase.boxes.count, "\(label): \(found) vs OpenCV \(testCase.boxes)")
            for expected in testCase.boxes {
                let best = found.map { iou($0, expected) }.max() ?? 0
                worstIoU = min(worstIoU, best)
                #expect(best >= 0.9, "\(label): OpenCV box \(expected) best IoU \(best)")
            }
        }
        print("parity: \(reference.cases.count) cases, worst IoU \(worstIoU)")
    }

    @Test("pyramid resampling is bit-identical to cv2.resize INTER_LINEAR_EXACT")
    func resampling() throws {
        struct Reference: Decodable {
            struct Size: Decodable { var width: Int; var height: Int; var fnv1a64: String }
            var source: String
            var sizes: [Size]
        }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(FixturePaths.face("resize-reference.json")))
        let image = try ImageDecoder().decodeGray(FixturePaths.bytes(reference.source))
        #expect(reference.sizes.count >= 6)
        for size in reference.sizes {
            let resizer = LinearResizer(sourceWidth: image.width, sourceHeight: image.height, width: size.width, height: size.height)
            var output = [UInt8](repeating: 0, count: size.width * size.height)
            var scratch = [Int32](repeating: 0, count: 2 * size.width)
            image.pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { out in
                    scratch.withUnsafeMutableBufferPointer { resizer.resize(source.baseAddress!, into: out.baseAddress!, rowScratch: $0.baseAddress!) }
                }
            }
            let hash = output.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
            #expect(String(hash, radix: 16).leftPadded(to: 16) == size.fnv1a64, "\(size.width)×\(size.height)")
        }
    }

    @Test("scales follow OpenCV: first factor whose rounded 24-px window reaches minSize")
    func scales() {
        let scales = CascadeScale.all(imageWidth: 640, imageHeight: 480, windowWidth: 24, windowHeight: 24, options: .init())
        // 24·1.1^7 = 46.8 < 50 ≤ 24·1.1^8 = 51.4; the last is 24·1.1^31 = 460 ≤ 480 < 24·1.1^32.
        #expect(scales.count == 24)
        #expect(scales.first?.factor == Float(pow(1.1, 8.0)))
        #expect(scales.first.map { ($0.width, $0.height, $0.step, $0.windowWidth) } ?? (0, 0, 0, 0) == (299, 224, 1, 51))
        let small = CascadeScale.all(imageWidth: 640, imageHeight: 480, windowWidth: 24, windowHeight: 24,
                                     options: .init(minSize: PixelSize(width: 0, height: 0), maxSize: PixelSize(width: 40, height: 40)))
        #expect(small.map(\.windowWidth) == [24, 26, 29, 32, 35, 39])
        #expect(small.map(\.step) == [2, 2, 2, 2, 2, 2])
    }

    @Test("grouping merges similar hits, counts them and drops weak or nested groups")
    func grouping() {
        let cluster = (0..<6).map { DetectionRect(x: 100 + $0 % 3, y: 50 + $0 % 2, width: 60 + $0 % 2, height: 60) }
        let lone = [DetectionRect(x: 400, y: 300, width: 50, height: 50)]
        let groups = RectangleGrouping.group(cluster + lone, minNeighbors: 5)
        #expect(groups == [.init(rect: DetectionRect(x: 101, y: 50, width: 60, height: 60), members: 6)])
        #expect(RectangleGrouping.group(Array(cluster.prefix(5)), minNeighbors: 5).isEmpty)
        // A 7-hit group inside a 20-hit group is dropped; the reverse nesting would not be.
        let big = (0..<20).map { _ in DetectionRect(x: 0, y: 0, width: 200, height: 200) }
        let inner = (0..<7).map { _ in DetectionRect(x: 50, y: 50, width: 60, height: 60) }
        #expect(RectangleGrouping.group(big + inner, minNeighbors: 5).map(\.members) == [20])
        #expect(RectangleGrouping.group(cluster, minNeighbors: 0).count == 6)
    }

    @Test("blank, tiny and flat images give no faces")
    func emptyImages() throws {
        let detector = try detector()
        #expect(detector.detect(GrayImage(width: 640, height: 480, pixels: .init(repeating: 128, count: 640 * 480))).isEmpty)
        #expect(detector.detect(GrayImage(width: 10, height: 10, pixels: .init(repeating: 0, count: 100))).isEmpty)
        #expect(detector.detect(GrayImage(width: 0, height: 0, pixels: [])).isEmpty)
    }

    @Test("boxes come largest first with their neighbour counts")
    func ordering() throws {
        let image = try ImageDecoder().decodeGray(FixturePaths.face("composite-05.png"))
        let faces = try detector().detect(image)
        #expect(faces.count >= 2)
        #expect(faces.map(\.area) == faces.map(\.area).sorted(by: >))
        #expect(faces.allSatisfy { $0.neighbors > 5 })
    }

    @Test("cascade files that are missing, malformed or of another kind are refused")
    func cascadeErrors() {
        #expect(throws: HaarCascadeError.unreadable(path: "/nonexistent/cascade.xml")) {
            try HaarCascade.load(path: "/nonexistent/cascade.xml")
        }
        #expect(throws: HaarCascadeError.self) { try HaarCascade.parse(xml: Array("<opencv_storage><cascade>".utf8)) }
        let lbp = "<?xml version=\"1.0\"?><opencv_storage><cascade><stageType>BOOST</stageType><featureType>LBP</featureType></cascade></opencv_storage>"
        #expect(throws: HaarCascadeError.unsupported("feature type LBP")) { try HaarCascade.parse(xml: Array(lbp.utf8)) }
    }

    private func iou(_ a: FaceBox, _ b: [Int]) -> Double {
        let (bx, by, bw, bh) = (b[0], b[1], b[2], b[3])
        let w = max(0, min(a.x + a.width, bx + bw) - max(a.x, bx))
        let h = max(0, min(a.y + a.height, by + bh) - max(a.y, by))
        let intersection = Double(w * h)
        return intersection / (Double(a.area + bw * bh) - intersection)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String { String(repeating: "0", count: max(0, length - count)) + self }
}

/// Tests/MoodMusicVisionTests/Fixtures/faces/faces-reference.json, written by scripts/make-face-fixtures.
struct ParityReference: Decodable {
    struct Options: Decodable {
        var scaleFactor: Double
        var minNeighbors: Int
        var minSize: Int
    }

    struct Case: Decodable {
        var image: String
        var optionsFile: Options
        /// [x, y, width, height, neighbors] as cv2.CascadeClassifier.detectMultiScale2 returned them.
        var boxes: [[Int]]

        var options: FaceDetectionOptions {
            FaceDetectionOptions(scaleFactor: optionsFile.scaleFactor, minNeighbors: optionsFile.minNeighbors,
                                 minSize: PixelSize(width: optionsFile.minSize, height: optionsFile.minSize))
        }

        enum CodingKeys: String, CodingKey { case image, optionsFile = "options", boxes }
    }

    var cases: [Case]

    static func load() throws -> ParityReference {
        try JSONDecoder().decode(ParityReference.self, from: Data(FixturePaths.face("faces-reference.json")))
    }
}
