"""Emotions and songs against a real gateway with an emotion and a recommender worker."""

import math

import pytest

import moodmusic
from moodmusic.proto import emotion_pb2, health_pb2

emotion = pytest.mark.emotion
recommender = pytest.mark.recommender


def _check_face(face, width, height):
    assert len(face.probabilities) == 7
    assert all(0.0 <= p <= 1.0 for p in face.probabilities)
    assert math.isclose(sum(face.probabilities), 1.0, abs_tol=1e-3)
    best = max(range(7), key=lambda i: face.probabilities[i])
    assert face.emotion == best + 1  # Emotion numbers are the FER2013 ids plus one
    assert face.emotion != emotion_pb2.EMOTION_UNSPECIFIED
    assert math.isclose(face.confidence, face.probabilities[best], abs_tol=1e-5)
    box = face.box
    assert box.width > 0 and box.height > 0
    assert 0 <= box.x and box.x + box.width <= width
    assert 0 <= box.y and box.y + box.height <= height


@emotion
@recommender
def test_health_is_serving(full_client):
    assert full_client.health().status == health_pb2.HealthCheckResponse.SERVING
    assert full_client.health("moodmusic.v1.MoodMusic").status == health_pb2.HealthCheckResponse.SERVING


@emotion
def test_detect_emotions_on_the_astronaut(emotion_client, astronaut_png):
    result = emotion_client.detect_emotions(astronaut_png)
    assert isinstance(result, emotion_pb2.DetectEmotionsResponse)
    assert result.image_width > 0 and result.image_height > 0
    assert len(result.faces) == 1
    face = result.faces[0]
    _check_face(face, result.image_width, result.image_height)
    assert result.dominant_emotion == face.emotion
    assert len(result.mean_probabilities) == 7
    for a, b in zip(result.mean_probabilities, face.probabilities):
        assert math.isclose(a, b, abs_tol=1e-5)


@emotion
def test_detector_options_are_sent(emotion_client, astronaut_png):
    # The face (about 100 px) is smaller than the minimum size: no face, which is not an error.
    result = emotion_client.detect_emotions(astronaut_png, min_size=500)
    assert len(result.faces) == 0
    assert result.dominant_emotion == emotion_pb2.EMOTION_UNSPECIFIED
    assert len(result.mean_probabilities) == 0


@emotion
def test_the_default_detector_gives_landmarks_and_haar_is_on_request(emotion_client, astronaut_png):
    default = emotion_client.detect_emotions(astronaut_png)
    assert default.detector == emotion_pb2.FACE_DETECTOR_BLAZEFACE_FULL
    face = default.faces[0]
    assert face.HasField("landmarks") and 0.5 <= face.score <= 1.0
    assert face.box.x < face.landmarks.right_eye.x < face.box.x + face.box.width

    haar = emotion_client.detect_emotions(astronaut_png, detector="haar")
    assert haar.detector == emotion_pb2.FACE_DETECTOR_HAAR and len(haar.faces) == 1
    assert not haar.faces[0].HasField("landmarks") and haar.faces[0].neighbors >= 5

    aligned = emotion_client.detect_emotions(astronaut_png, align_faces=True)
    assert len(aligned.faces) == 1 and list(aligned.faces[0].probabilities) != list(face.probabilities)
    with pytest.raises(moodmusic.InvalidArgument, match="landmarks"):
        emotion_client.detect_emotions(astronaut_png, detector="haar", align_faces=True)
    with pytest.raises(ValueError, match="unknown detector"):
        emotion_client.detect_emotions(astronaut_png, detector="dlib")


@emotion
@pytest.mark.parametrize("image", [b"", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, b"\xff\xd8\xff\xe0 not a jpeg",
                                   b"GIF89a......"], ids=["empty", "corrupt-png", "corrupt-jpeg", "gif"])
def test_bad_image_is_invalid_argument_and_the_next_call_succeeds(emotion_client, astronaut_png, image):
    with pytest.raises(moodmusic.InvalidArgument) as info:
        emotion_client.detect_emotions(image)
    assert info.value.code == moodmusic.StatusCode.INVALID_ARGUMENT
    assert info.value.message
    assert len(emotion_client.detect_emotions(astronaut_png).faces) == 1


@recommender
def test_recommend_sad_returns_40_distinct_tracks(recommender_client):
    result = recommender_client.recommend(emotion="sad")
    assert len(result.tracks) == 40
    assert len({t.id for t in result.tracks}) == 40
    assert result.emotion == emotion_pb2.EMOTION_SAD
    for t in result.tracks:
        assert t.id and t.name
        assert t.url.endswith(t.id)
    scores = [t.score for t in result.tracks]
    assert scores == sorted(scores, reverse=True)  # best first
    assert math.isclose(sum(m.weight for m in result.target_moods), 1.0, abs_tol=1e-3)


@recommender
def test_recommend_options(recommender_client):
    probabilities = [0.0, 0.0, 0.0, 0.9, 0.1, 0.0, 0.0]
    result = recommender_client.recommend(emotion_probabilities=probabilities, k=7, policy="uplift",
                                   year_min=1990, year_max=2010)
    assert len(result.tracks) == 7
    assert result.emotion == emotion_pb2.EMOTION_HAPPY
    assert all(1990 <= t.year <= 2010 for t in result.tracks)
    with pytest.raises(moodmusic.InvalidArgument):
        recommender_client.recommend(emotion="sad", k=501)
    with pytest.raises(moodmusic.InvalidArgument):
        recommender_client.recommend()  # neither emotion field
    with pytest.raises(moodmusic.InvalidArgument):
        recommender_client.recommend(emotion_probabilities=[0.5, 0.5])


@recommender
def test_recommend_leaves_out_the_playlist(recommender_client):
    first = recommender_client.recommend(emotion="happy", k=10)
    playlist = [t.id for t in first.tracks[:5]] + ["not-a-catalog-id"]
    again = recommender_client.recommend(emotion="happy", k=40, playlist=playlist)
    assert len(again.tracks) == 40
    assert not set(playlist) & {t.id for t in again.tracks}
    assert list(again.unknown_track_ids) == ["not-a-catalog-id"]


@emotion
@recommender
def test_recommend_for_image(full_client, astronaut_png):
    result = full_client.recommend_for_image(astronaut_png)
    assert len(result.emotions.faces) == 1
    _check_face(result.emotions.faces[0], result.emotions.image_width, result.emotions.image_height)
    assert not result.used_neutral_fallback
    tracks = result.recommendations.tracks
    assert len(tracks) == 40
    assert len({t.id for t in tracks}) == 40
    assert result.recommendations.emotion == result.emotions.faces[0].emotion


@emotion
@recommender
def test_recommend_for_image_without_a_face_falls_back_to_neutral(full_client, astronaut_png):
    result = full_client.recommend_for_image(astronaut_png, min_size=500, k=5)
    assert len(result.emotions.faces) == 0
    assert result.used_neutral_fallback
    assert result.recommendations.emotion == emotion_pb2.EMOTION_NEUTRAL
    assert len(result.recommendations.tracks) == 5


@emotion
@recommender
def test_recommend_for_image_with_a_corrupt_image_is_invalid_argument(full_client):
    with pytest.raises(moodmusic.InvalidArgument):
        full_client.recommend_for_image(b"\x89PNG\r\n\x1a\n broken")
