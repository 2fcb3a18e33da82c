#!/usr/bin/env python3
"""scikit-learn peers for `recommender-tool cv`: 10-fold stratified CV on data_moods.csv with
min-max scaling, on scikit-learn's own StratifiedKFold(shuffle, random_state=SEED) and on the exact
folds the Swift run used (one fold number per row, from `cv --folds-out`).

Usage: bench_recommender_cv_sklearn.py MOODS_CSV SWIFT_FOLDS_TXT SWIFT_ACCURACY [SEED]"""
import sys
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import PredefinedSplit, StratifiedKFold, cross_val_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler

moods_csv, folds_txt, swift_accuracy = sys.argv[1], sys.argv[2], float(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
columns = ["length", "danceability", "acousticness", "energy", "instrumentalness",
           "liveness", "valence", "loudness", "speechiness", "tempo"]
df = pd.read_csv(moods_csv)
X, y = df[columns].values, df["mood"].values
swift_folds = PredefinedSplit(np.loadtxt(folds_txt, dtype=int))
models = {
    "logistic regression": LogisticRegression(max_iter=5000),
    "MLP(8)": MLPClassifier((8,), max_iter=3000, random_state=seed),
    "MLP(64)": MLPClassifier((64,), max_iter=3000, random_state=seed),
    "random forest": RandomForestClassifier(random_state=seed),
    "hist gradient boosting": HistGradientBoostingClassifier(random_state=seed),
}
print(f"{'model':26s}{'sklearn folds':>15s}{'Swift folds':>13s}")
best = 0.0
for name, model in models.items():
    pipe = make_pipeline(MinMaxScaler(), model)
    own = cross_val_score(pipe, X, y, cv=StratifiedKFold(10, shuffle=True, random_state=seed)).mean()
    same = cross_val_score(pipe, X, y, cv=swift_folds).mean()
    best = max(best, same)
    print(f"{name:26s}{own:15.4f}{same:13.4f}")
print(f"{'Swift RBF kernel LR':26s}{'':>15s}{swift_accuracy:13.4f}")
print(f"ratio Swift / best peer on the same folds: {swift_accuracy / best:.3f}")
