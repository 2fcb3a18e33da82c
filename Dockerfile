# One image for every moodmusic process; compose.yaml picks the command.
#   docker build -t moodmusic .
FROM swift:6.2-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libzmq3-dev libturbojpeg0-dev libjpeg62-turbo-dev libspng-dev libhdf5-dev zlib1g-dev \
      pkg-config python3-pip unzip ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib \
      --product gateway --product worker --product mmctl --product loadgen \
    && mkdir -p /out/bin && cp "$(swift build -c release --show-bin-path)"/{gateway,worker,mmctl,loadgen} /out/bin/
RUN PIP_BREAK_SYSTEM_PACKAGES=1 scripts/fetch-models && cp -r models /out/models

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libzmq5 libturbojpeg0 libspng0 libhdf5-103-1 zlib1g opencv-data libstdc++6 ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/bin/ /usr/local/bin/
COPY --from=build /out/models/ /app/models/
COPY data/ /app/data/
ENV MOODMUSIC_MODEL=/app/models/emotion_model.hdf5
USER nobody
EXPOSE 5555 5556 9100
ENTRYPOINT []
CMD ["gateway"]
