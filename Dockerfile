# One image for every moodmusic process; compose.yaml and deploy/kubernetes pick the command.
#   docker build -t moodmusic .
# scripts/check-dockerfile checks both package lists against Package.swift and the binaries'
# shared libraries, and runs the binaries in a copy of this image's file layout (no engine needed).
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      libzmq3-dev libmimalloc-dev libturbojpeg0-dev libjpeg62-turbo-dev libspng-dev libhdf5-dev libopenblas-dev zlib1g-dev \
      libavformat-dev libavcodec-dev libswscale-dev libavutil-dev \
      pkg-config python3-pip unzip ca-certificates \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN swift build -c release --static-swift-stdlib \
      --product gateway --product worker --product mmctl --product loadgen --product http-gateway \
    && bin="$(swift build -c release --show-bin-path)" && mkdir -p /out/bin \
    && for tool in gateway worker mmctl loadgen http-gateway; do cp "$bin/$tool" /out/bin/; done
RUN PIP_BREAK_SYSTEM_PACKAGES=1 scripts/fetch-models && mkdir -p /out/models \
    && cp models/emotion_model.hdf5 models/face_detection_full_range.tflite models/face_detection_short_range.tflite /out/models/

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libzmq5 libmimalloc2.0 libturbojpeg0 libspng0 libhdf5-103-1 libopenblas0-pthread zlib1g opencv-data libstdc++6 ca-certificates \
      libavformat59 libavcodec59 libswscale6 libavutil57 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/bin/ /usr/local/bin/
COPY --from=build /out/models/ /app/models/
COPY data/ /app/data/
COPY web/ /app/web/
ENV MOODMUSIC_MODEL=/app/models/emotion_model.hdf5 \
    MOODMUSIC_BLAZEFACE_DIR=/app/models \
    MOODMUSIC_WEB_ROOT=/app/web \
    MOODMUSIC_HTTP_LISTEN=0.0.0.0:8080
USER nobody
EXPOSE 5555 5556 8080 9100
ENTRYPOINT []
CMD ["gateway"]
