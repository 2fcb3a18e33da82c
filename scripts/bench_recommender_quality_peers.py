#!/usr/bin/env python3
"""Python peers for `recommender-tool eval` (run by scripts/bench-recommender-quality).

Reads DIR/playlists.tsv, DIR/moods.tsv, DIR/targets.tsv (written by `eval --write-queries DIR`)
and the catalog, and writes DIR/peers.tsv: one ranked list of 40 track ids per method and
playlist (and emotion/policy where the method uses them):
  random                      40 random tracks not in the playlist (seed 0)
  most popular                the 40 most popular tracks not in the playlist
  original, plain cosine      the original project's method in pandas + scikit-learn: cosine_similarity
                              of every track to the playlist's summed vector over genre TF-IDF, one-hot
                              release year (x0.5), popularity in buckets of 5 (x0.15) and min-max
                              scaled audio features (x0.2); missing year/popularity give no one-hot
  original, mood-prioritised  the same cosine within the tracks whose mood suits the emotion (the
                              policy's target moods; moods from the Swift classifier, moods.tsv)

Usage: bench_recommender_quality_peers.py DIR TRACKS_CSV ARTISTS_CSV"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_env  # noqa: E402

python_env.ensure("quality-peers", ["pandas", "sklearn", "numpy"], ["pandas", "scikit-learn", "numpy"])

import ast  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.metrics.pairwise import cosine_similarity  # noqa: E402
from sklearn.preprocessing import MinMaxScaler  # noqa: E402

directory, tracks_csv, artists_csv = sys.argv[1], sys.argv[2], sys.argv[3]
K = 40
started = time.time()
tracks = pd.read_csv(tracks_csv, dtype={"id_artists": str, "release_date": str})
artists = pd.read_csv(artists_csv)
artist_genres = dict(zip(artists["id"], artists["genres"].apply(ast.literal_eval)))


def genres_of(id_artists):
    if not isinstance(id_artists, str):
        return []
    out = []
    for a in ast.literal_eval(id_artists):
        out.extend(artist_genres.get(a, []))
    return sorted(set(out))


tracks["genre_list"] = tracks["id_artists"].apply(genres_of)
tracks["year"] = pd.to_numeric(tracks["release_date"].astype(str).str[:4], errors="coerce")
tracks["popularity_red"] = (tracks["popularity"] // 5)


def one_hot(column, prefix, weight):
    dummies = pd.get_dummies(tracks[column], prefix=prefix, dtype=float)  # NaN rows: all zero
    return dummies.values * weight


tfidf = TfidfVectorizer(analyzer=lambda genres: genres)
genre_matrix = tfidf.fit_transform(tracks["genre_list"]).toarray()
audio_columns = ["danceability", "energy", "key", "loudness", "mode", "speechiness", "acousticness",
                 "instrumentalness", "liveness", "valence", "tempo"]
audio = tracks[audio_columns].astype(float)
audio = audio.fillna(audio.median())
features = np.hstack([genre_matrix, one_hot("year", "year", 0.5), one_hot("popularity_red", "pop", 0.15),
                      MinMaxScaler().fit_transform(audio) * 0.2])
print(f"original method: {features.shape[0]} tracks x {features.shape[1]} features "
      f"(built in {time.time() - started:.1f} s)", file=sys.stderr)

ids = tracks["id"].values
position = {t: i for i, t in enumerate(ids)}
moods = pd.read_csv(os.path.join(directory, "moods.tsv"), sep="\t", header=None, names=["id", "mood"])
mood_by_id = dict(zip(moods["id"], moods["mood"]))
mood_of = np.array([mood_by_id[t] for t in ids])
targets = []
for line in open(os.path.join(directory, "targets.tsv")):
    emotion, policy, target = line.rstrip("\n").split("\t")
    targets.append((emotion, policy, np.isin(mood_of, [int(m) for m in target.split(",")])))
popularity = tracks["popularity"].fillna(-1).values
popular_order = np.argsort(-popularity, kind="stable")
rng = np.random.default_rng(0)

out = open(os.path.join(directory, "peers.tsv"), "w")


def write(method, playlist_id, emotion, policy, indices):
    out.write(f"{method}\t{playlist_id}\t{emotion}\t{policy}\t{','.join(ids[i] for i in indices)}\n")


cosine_seconds = []
for line in open(os.path.join(directory, "playlists.tsv")):
    playlist_id, kind, members = line.rstrip("\n").split("\t")
    members = [position[t] for t in members.split(",")]
    inside = np.zeros(len(ids), dtype=bool)
    inside[members] = True
    outside = np.flatnonzero(~inside)
    write("random", playlist_id, "-", "-", rng.choice(outside, K, replace=False))
    write("most popular", playlist_id, "-", "-", [i for i in popular_order if not inside[i]][:K])
    t0 = time.perf_counter()
    playlist_vector = features[members].sum(axis=0, keepdims=True)
    similarity = cosine_similarity(features[outside], playlist_vector)[:, 0]
    order = outside[np.argsort(-similarity, kind="stable")]
    cosine_seconds.append(time.perf_counter() - t0)
    write("original, plain cosine", playlist_id, "-", "-", order[:K])
    for emotion, policy, suits in targets:
        write("original, mood-prioritised", playlist_id, emotion, policy, order[suits[order]][:K])
out.close()
cosine_seconds.sort()
print(f"original method: cosine_similarity per playlist p50 {cosine_seconds[len(cosine_seconds) // 2] * 1000:.0f} ms; "
      f"total {time.time() - started:.1f} s", file=sys.stderr)
