import ArgumentParser
import MoodMusicWorker

struct RecommenderRoleOptions: ParsableArguments {
    @Option(help: "Catalog tracks.csv (Kaggle 600k schema; .csv or .csv.gz). Env: MOODMUSIC_CATALOG. Default: data/spotify/tracks.csv.gz.")
    var catalog: String?

    @Option(help: "Catalog artists.csv for genres (optional). Env: MOODMUSIC_ARTISTS. Default: data/spotify/artists.csv.gz when --catalog is not given.")
    var artists: String?

    @Option(help: "Labelled moods for the classifier (data_moods.csv). Env: MOODMUSIC_MOODS. Default: data/spotify/data_moods.csv.")
    var moods: String?
}

extension RecommenderRoleOptions {
    var settings: RecommenderRoleSettings { RecommenderRoleSettings(catalog: catalog, artists: artists, moods: moods) }
}
