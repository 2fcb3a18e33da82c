import MoodMusicVocabulary
/// Emotion probabilities for detected faces, preprocessed exactly as fer 25.10.3 does (see
/// `FerFacePreprocessing`); all faces of one image go through the model as one batch.
public struct EmotionClassifier: Sendable {
    public let model: EmotionModel

    public init(model: EmotionModel) {
        precondition(model.inputChannels == 1, "the classifier feeds grayscale faces")
        self.model = model
    }

    /// One probability vector (indexed by `Emotion.rawValue`) per box, in order. A box whose fer crop is empty
    /// (entirely outside the padded image) gets an empty vector, where fer would drop the face.
    public func classify(faces: [FaceBox], in image: GrayImage) -> [[Float]] {
        guard !faces.isEmpty else { return [] }
        let border = FerFacePreprocessing.borderValue(of: image)
        let crops = faces.map { FerFacePreprocessing.face(for: $0, in: image, border: border, width: model.inputWidth, height: model.inputHeight) }
        let valid = crops.compactMap { $0 }
        var probabilities: [[Float]] = []
        var start = 0
        while start < valid.count {
            let count = min(EmotionModel.maxChunk, valid.count - start)
            probabilities += model.predict(count: count) { index, destination in
                FerFacePreprocessing.scale(valid[start + index], into: destination)
            }
            start += count
        }
        var next = probabilities.makeIterator()
        return crops.map { $0 == nil ? [] : next.next()! }
    }

    /// Probabilities for already-cropped faces (e.g. FER2013's 48 × 48 images): each is resized to the model
    /// input with `cv2.resize` INTER_LINEAR semantics and scaled like fer.
    public func classify(croppedFaces: [GrayImage]) -> [[Float]] {
        var probabilities: [[Float]] = []
        var start = 0
        while start < croppedFaces.count {
            let count = min(EmotionModel.maxChunk, croppedFaces.count - start)
            probabilities += model.predict(count: count) { index, destination in
                let face = FerFacePreprocessing.resized(croppedFaces[start + index], width: model.inputWidth, height: model.inputHeight)
                FerFacePreprocessing.scale(face, into: destination)
            }
            start += count
        }
        return probabilities
    }
}
