import MoodMusicProtos
import MoodMusicVocabulary
import MoodMusicWire
import Testing

/// Pins the vocabulary to the two outside orders it must match: FER2013's label ids, and the
/// numbers the protobuf enums carry on the wire. A change to either side fails here first.
@Suite struct VocabularyTests {
    @Test func emotionsFollowFER2013LabelIds() {
        // FER2013's README: 0=Angry, 1=Disgust, 2=Fear, 3=Happy, 4=Sad, 5=Surprise, 6=Neutral.
        let fer = ["angry", "disgust", "fear", "happy", "sad", "surprise", "neutral"]
        #expect(Emotion.allCases.map(\.description) == fer)
        for (id, name) in fer.enumerated() {
            #expect(Emotion(ferLabel: id)?.description == name)
            #expect(Emotion(name: name.uppercased())?.ferLabel == id)
        }
        #expect(Emotion(ferLabel: 7) == nil)
        #expect(Emotion(ferLabel: -1) == nil)
        #expect(Emotion(name: "contempt") == nil)
    }

    @Test func emotionsMapToTheirProtoNumbers() {
        // moodmusic.proto: EMOTION_UNSPECIFIED = 0, then FER order from 1.
        let expected: [(Emotion, Moodmusic_V1_Emotion, Int)] = [
            (.angry, .angry, 1), (.disgust, .disgust, 2), (.fear, .fear, 3), (.happy, .happy, 4),
            (.sad, .sad, 5), (.surprise, .surprise, 6), (.neutral, .neutral, 7),
        ]
        #expect(expected.count == Emotion.allCases.count)
        for (emotion, proto, number) in expected {
            #expect(Moodmusic_V1_Emotion(emotion) == proto)
            #expect(proto.rawValue == number)
            #expect(proto.emotion == emotion)
            #expect(proto.label == emotion.description)
        }
        #expect(Moodmusic_V1_Emotion.unspecified.emotion == nil)
        #expect(Moodmusic_V1_Emotion.UNRECOGNIZED(99).emotion == nil)
        #expect(Moodmusic_V1_Emotion.ferOrder.map(\.emotion) == Emotion.allCases)
    }

    @Test func musicMoodsMapToTheirProtoNumbersAndCSVLabels() {
        let expected: [(MusicMood, Moodmusic_V1_MusicMood, Int, String)] = [
            (.happy, .happy, 1, "Happy"), (.sad, .sad, 2, "Sad"), (.energetic, .energetic, 3, "Energetic"), (.calm, .calm, 4, "Calm"),
        ]
        #expect(expected.count == MusicMood.allCases.count)
        for (mood, proto, number, label) in expected {
            #expect(Moodmusic_V1_MusicMood(mood) == proto)
            #expect(proto.rawValue == number)
            #expect(proto.mood == mood)
            #expect(mood.description == label)
            #expect(MusicMood(label: label.lowercased()) == mood)
        }
        #expect(Moodmusic_V1_MusicMood.unspecified.mood == nil)
    }

    @Test func mostLikelyNeedsSevenValues() {
        #expect(Emotion.mostLikely([0, 0, 0, 0.9, 0.1, 0, 0]) == .happy)
        #expect(Emotion.mostLikely([0.5, 0.5, 0, 0, 0, 0, 0]) == .angry)
        #expect(Emotion.mostLikely([1, 0]) == nil)
        #expect(Emotion.happy.oneHot == [0, 0, 0, 1, 0, 0, 0])
    }
}
