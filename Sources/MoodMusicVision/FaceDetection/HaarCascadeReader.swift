/// Turns the element tree of an OpenCV cascade file into a ``HaarCascade``, reading numbers the
/// way OpenCV's FileStorage does (decimal text → Double → Float) so thresholds match bit for bit.
enum HaarCascadeReader {
    /// OpenCV lowers every stage threshold by this much when it loads a cascade.
    static let stageThresholdEpsilon: Float = 1e-5

    static func read(_ document: CascadeXMLElement) throws -> HaarCascade {
        guard let storage = document.children.first, let cascade = storage.children.first else {
            throw HaarCascadeError.malformed("no top-level cascade node")
        }
        guard let stageType = cascade.child("stageType")?.tokens.first else {
            throw HaarCascadeError.malformed("missing stageType (old-format cascades are not supported)")
        }
        guard stageType == "BOOST" else { throw HaarCascadeError.unsupported("stage type \(stageType)") }
        let featureType = cascade.child("featureType")?.tokens.first ?? ""
        guard featureType == "HAAR" else { throw HaarCascadeError.unsupported("feature type \(featureType)") }
        let width = try integer(cascade, "width"), height = try integer(cascade, "height")
        guard width > 2, height > 2 else { throw HaarCascadeError.malformed("window \(width)×\(height)") }
        if let maxCat = cascade.child("featureParams")?.child("maxCatCount"), try integer(maxCat) != 0 {
            throw HaarCascadeError.unsupported("categorical features")
        }

        guard let stageNodes = cascade.child("stages")?.children, !stageNodes.isEmpty else {
            throw HaarCascadeError.malformed("no stages")
        }
        var stages: [HaarStage] = []
        var stumps: [HaarStump] = []
        for (stageIndex, stageNode) in stageNodes.enumerated() {
            guard let weak = stageNode.child("weakClassifiers")?.children, !weak.isEmpty else {
                throw HaarCascadeError.malformed("stage \(stageIndex) has no weak classifiers")
            }
            let threshold = try float(stageNode, "stageThreshold") - stageThresholdEpsilon
            for tree in weak {
                let nodes = tree.child("internalNodes")?.tokens ?? []
                let leaves = tree.child("leafValues")?.tokens ?? []
                guard nodes.count == 4, leaves.count == 2 else {
                    throw HaarCascadeError.unsupported("stage \(stageIndex): only single-node (stump) trees are supported")
                }
                guard let featureIndex = Int(nodes[2]), let nodeThreshold = Double(nodes[3]),
                      let left = Double(leaves[0]), let right = Double(leaves[1]) else {
                    throw HaarCascadeError.malformed("stage \(stageIndex): bad numbers in a weak classifier")
                }
                stumps.append(HaarStump(featureIndex: featureIndex, threshold: Float(nodeThreshold),
                                        left: Float(left), right: Float(right)))
            }
            stages.append(HaarStage(stumpCount: weak.count, threshold: threshold))
        }

        guard let featureNodes = cascade.child("features")?.children, !featureNodes.isEmpty else {
            throw HaarCascadeError.malformed("no features")
        }
        var features: [HaarFeature] = []
        features.reserveCapacity(featureNodes.count)
        for (index, node) in featureNodes.enumerated() {
            if let tilted = node.child("tilted"), try integer(tilted) != 0 {
                throw HaarCascadeError.unsupported("tilted feature \(index)")
            }
            guard let rectNodes = node.child("rects")?.children, (1...3).contains(rectNodes.count) else {
                throw HaarCascadeError.malformed("feature \(index) needs 1 to 3 rects")
            }
            var rects: [HaarRect] = []
            for rectNode in rectNodes {
                let t = rectNode.tokens
                guard t.count == 5, let x = Int32(t[0]), let y = Int32(t[1]), let w = Int32(t[2]), let h = Int32(t[3]),
                      let weight = Double(t[4]) else {
                    throw HaarCascadeError.malformed("feature \(index): bad rect")
                }
                guard x >= 0, y >= 0, w >= 0, h >= 0, Int(x + w) <= width, Int(y + h) <= height else {
                    throw HaarCascadeError.malformed("feature \(index): rect outside the \(width)×\(height) window")
                }
                rects.append(HaarRect(x: x, y: y, width: w, height: h, weight: Float(weight)))
            }
            features.append(HaarFeature(rects: rects))
        }
        if let bad = stumps.first(where: { $0.featureIndex < 0 || $0.featureIndex >= features.count }) {
            throw HaarCascadeError.malformed("feature index \(bad.featureIndex) out of range")
        }
        return HaarCascade(windowWidth: width, windowHeight: height, stages: stages, stumps: stumps, features: features)
    }

    private static func integer(_ parent: CascadeXMLElement, _ name: String) throws -> Int {
        guard let node = parent.child(name) else { throw HaarCascadeError.malformed("missing \(name)") }
        return try integer(node)
    }

    private static func integer(_ node: CascadeXMLElement) throws -> Int {
        guard let token = node.tokens.first, let value = Int(token) else {
            throw HaarCascadeError.malformed("\(node.name) is not an integer")
        }
        return value
    }

    private static func float(_ parent: CascadeXMLElement, _ name: String) throws -> Float {
        guard let token = parent.child(name)?.tokens.first, let value = Double(token) else {
            throw HaarCascadeError.malformed("missing or bad \(name)")
        }
        return Float(value)
    }
}
