# moodmusic-proto-sha256: f4097a3e219a28ee41517482c01e2e5d8737c3050a883984f7c3cc43fb9b953c Protos/recommender.proto
from . import emotion_pb2 as _emotion_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Iterable as _Iterable, Mapping as _Mapping, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor
MOOD_POLICY_AFFECT: MoodPolicy
MOOD_POLICY_MATCH: MoodPolicy
MOOD_POLICY_UNSPECIFIED: MoodPolicy
MOOD_POLICY_UPLIFT: MoodPolicy
MUSIC_MOOD_CALM: MusicMood
MUSIC_MOOD_ENERGETIC: MusicMood
MUSIC_MOOD_HAPPY: MusicMood
MUSIC_MOOD_SAD: MusicMood
MUSIC_MOOD_UNSPECIFIED: MusicMood

class MoodWeight(_message.Message):
    __slots__ = ["mood", "weight"]
    MOOD_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    mood: MusicMood
    weight: float
    def __init__(self, mood: _Optional[_Union[MusicMood, str]] = ..., weight: _Optional[float] = ...) -> None: ...

class PlaylistEntry(_message.Message):
    __slots__ = ["added_unix", "track_id"]
    ADDED_UNIX_FIELD_NUMBER: _ClassVar[int]
    TRACK_ID_FIELD_NUMBER: _ClassVar[int]
    added_unix: int
    track_id: str
    def __init__(self, track_id: _Optional[str] = ..., added_unix: _Optional[int] = ...) -> None: ...

class RankingBalance(_message.Message):
    __slots__ = ["mood_weight"]
    MOOD_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    mood_weight: float
    def __init__(self, mood_weight: _Optional[float] = ...) -> None: ...

class RecommendRequest(_message.Message):
    __slots__ = ["affect_uplift", "allow_partial", "balance", "emotion", "emotion_probabilities", "exclude_explicit", "k", "keep_duplicates", "max_per_artist", "no_artist_cap", "now_unix", "playlist", "policy", "shard_fetch", "spotify_playlist", "year_max", "year_min"]
    AFFECT_UPLIFT_FIELD_NUMBER: _ClassVar[int]
    ALLOW_PARTIAL_FIELD_NUMBER: _ClassVar[int]
    BALANCE_FIELD_NUMBER: _ClassVar[int]
    EMOTION_FIELD_NUMBER: _ClassVar[int]
    EMOTION_PROBABILITIES_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_EXPLICIT_FIELD_NUMBER: _ClassVar[int]
    KEEP_DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    K_FIELD_NUMBER: _ClassVar[int]
    MAX_PER_ARTIST_FIELD_NUMBER: _ClassVar[int]
    NOW_UNIX_FIELD_NUMBER: _ClassVar[int]
    NO_ARTIST_CAP_FIELD_NUMBER: _ClassVar[int]
    PLAYLIST_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    SHARD_FETCH_FIELD_NUMBER: _ClassVar[int]
    SPOTIFY_PLAYLIST_FIELD_NUMBER: _ClassVar[int]
    YEAR_MAX_FIELD_NUMBER: _ClassVar[int]
    YEAR_MIN_FIELD_NUMBER: _ClassVar[int]
    affect_uplift: bool
    allow_partial: bool
    balance: RankingBalance
    emotion: _emotion_pb2.Emotion
    emotion_probabilities: _containers.RepeatedScalarFieldContainer[float]
    exclude_explicit: bool
    k: int
    keep_duplicates: bool
    max_per_artist: int
    no_artist_cap: bool
    now_unix: int
    playlist: _containers.RepeatedCompositeFieldContainer[PlaylistEntry]
    policy: MoodPolicy
    shard_fetch: int
    spotify_playlist: str
    year_max: int
    year_min: int
    def __init__(self, emotion_probabilities: _Optional[_Iterable[float]] = ..., emotion: _Optional[_Union[_emotion_pb2.Emotion, str]] = ..., playlist: _Optional[_Iterable[_Union[PlaylistEntry, _Mapping]]] = ..., policy: _Optional[_Union[MoodPolicy, str]] = ..., k: _Optional[int] = ..., exclude_explicit: bool = ..., year_min: _Optional[int] = ..., year_max: _Optional[int] = ..., now_unix: _Optional[int] = ..., balance: _Optional[_Union[RankingBalance, _Mapping]] = ..., keep_duplicates: bool = ..., max_per_artist: _Optional[int] = ..., affect_uplift: bool = ..., shard_fetch: _Optional[int] = ..., allow_partial: bool = ..., no_artist_cap: bool = ..., spotify_playlist: _Optional[str] = ...) -> None: ...

class RecommendResponse(_message.Message):
    __slots__ = ["candidates", "compute_micros", "deduplicated", "emotion", "max_per_artist", "missing_shards", "mood_weight", "shard", "spotify_playlist", "target_moods", "tracks", "unknown_track_ids"]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    COMPUTE_MICROS_FIELD_NUMBER: _ClassVar[int]
    DEDUPLICATED_FIELD_NUMBER: _ClassVar[int]
    EMOTION_FIELD_NUMBER: _ClassVar[int]
    MAX_PER_ARTIST_FIELD_NUMBER: _ClassVar[int]
    MISSING_SHARDS_FIELD_NUMBER: _ClassVar[int]
    MOOD_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    SHARD_FIELD_NUMBER: _ClassVar[int]
    SPOTIFY_PLAYLIST_FIELD_NUMBER: _ClassVar[int]
    TARGET_MOODS_FIELD_NUMBER: _ClassVar[int]
    TRACKS_FIELD_NUMBER: _ClassVar[int]
    UNKNOWN_TRACK_IDS_FIELD_NUMBER: _ClassVar[int]
    candidates: int
    compute_micros: int
    deduplicated: bool
    emotion: _emotion_pb2.Emotion
    max_per_artist: int
    missing_shards: _containers.RepeatedScalarFieldContainer[str]
    mood_weight: float
    shard: str
    spotify_playlist: SpotifyPlaylistReport
    target_moods: _containers.RepeatedCompositeFieldContainer[MoodWeight]
    tracks: _containers.RepeatedCompositeFieldContainer[Recommendation]
    unknown_track_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, tracks: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., unknown_track_ids: _Optional[_Iterable[str]] = ..., target_moods: _Optional[_Iterable[_Union[MoodWeight, _Mapping]]] = ..., emotion: _Optional[_Union[_emotion_pb2.Emotion, str]] = ..., candidates: _Optional[int] = ..., compute_micros: _Optional[int] = ..., mood_weight: _Optional[float] = ..., max_per_artist: _Optional[int] = ..., deduplicated: bool = ..., shard: _Optional[str] = ..., missing_shards: _Optional[_Iterable[str]] = ..., spotify_playlist: _Optional[_Union[SpotifyPlaylistReport, _Mapping]] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ["artists", "by_playlist_artist", "catalog_index", "id", "mood", "mood_confidence", "mood_fit", "name", "reason", "score", "similarity", "top_terms", "url", "year"]
    ARTISTS_FIELD_NUMBER: _ClassVar[int]
    BY_PLAYLIST_ARTIST_FIELD_NUMBER: _ClassVar[int]
    CATALOG_INDEX_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    MOOD_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    MOOD_FIELD_NUMBER: _ClassVar[int]
    MOOD_FIT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    TOP_TERMS_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    YEAR_FIELD_NUMBER: _ClassVar[int]
    artists: _containers.RepeatedScalarFieldContainer[str]
    by_playlist_artist: bool
    catalog_index: int
    id: str
    mood: MusicMood
    mood_confidence: float
    mood_fit: float
    name: str
    reason: str
    score: float
    similarity: float
    top_terms: _containers.RepeatedCompositeFieldContainer[ScoreTerm]
    url: str
    year: int
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., artists: _Optional[_Iterable[str]] = ..., year: _Optional[int] = ..., mood: _Optional[_Union[MusicMood, str]] = ..., similarity: _Optional[float] = ..., score: _Optional[float] = ..., url: _Optional[str] = ..., reason: _Optional[str] = ..., mood_confidence: _Optional[float] = ..., catalog_index: _Optional[int] = ..., mood_fit: _Optional[float] = ..., top_terms: _Optional[_Iterable[_Union[ScoreTerm, _Mapping]]] = ..., by_playlist_artist: bool = ...) -> None: ...

class ScoreTerm(_message.Message):
    __slots__ = ["name", "value"]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    value: float
    def __init__(self, name: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...

class SpotifyPlaylistReport(_message.Message):
    __slots__ = ["cached", "episodes", "found_in_catalog", "local_files", "missing_track_ids", "playlist_id", "tracks", "unavailable"]
    CACHED_FIELD_NUMBER: _ClassVar[int]
    EPISODES_FIELD_NUMBER: _ClassVar[int]
    FOUND_IN_CATALOG_FIELD_NUMBER: _ClassVar[int]
    LOCAL_FILES_FIELD_NUMBER: _ClassVar[int]
    MISSING_TRACK_IDS_FIELD_NUMBER: _ClassVar[int]
    PLAYLIST_ID_FIELD_NUMBER: _ClassVar[int]
    TRACKS_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_FIELD_NUMBER: _ClassVar[int]
    cached: bool
    episodes: int
    found_in_catalog: int
    local_files: int
    missing_track_ids: _containers.RepeatedScalarFieldContainer[str]
    playlist_id: str
    tracks: int
    unavailable: int
    def __init__(self, playlist_id: _Optional[str] = ..., tracks: _Optional[int] = ..., found_in_catalog: _Optional[int] = ..., missing_track_ids: _Optional[_Iterable[str]] = ..., local_files: _Optional[int] = ..., episodes: _Optional[int] = ..., unavailable: _Optional[int] = ..., cached: bool = ...) -> None: ...

class MusicMood(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []

class MoodPolicy(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = []
