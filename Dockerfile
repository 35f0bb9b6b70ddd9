# statsd-bridge container image.
#   build: docker build -t statsd-bridge .
#   run:   docker run -p 8125:8125/udp -p 9102:9102 statsd-bridge
# The default command listens for StatsD on :8125 (Airflow's default statsd_port) with mappings/airflow.yml.
# Arguments given to `docker run` (or a Helm chart's `args`) replace that command, so the image also works as a
# drop-in for prom/statsd-exporter: with only --statsd.mapping-config it listens on :9125 like the reference.
# /run/statsd belongs to the image's user, for --statsd.listen-unix=/run/statsd/statsd.sock on a shared volume.

FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g-dev libcrypt-dev libsnappy-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
# Not built here, but SwiftPM refuses a manifest whose test targets have no directory, even with --product.
COPY Tests ./Tests
RUN swift build -c release --static-swift-stdlib --product statsd-bridge \
    && install -D -s .build/release/statsd-bridge /out/statsd-bridge

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends zlib1g libcrypt1 libsnappy1v5 libstdc++6 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --no-create-home --uid 65532 statsd \
    && install -d -o statsd -g statsd /run/statsd
COPY --from=build /out/statsd-bridge /usr/local/bin/statsd-bridge
COPY mappings /etc/statsd-bridge/mappings
USER 65532
EXPOSE 8125/udp 8125/tcp 9102
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://127.0.0.1:9102/-/healthy || exit 1
ENTRYPOINT ["/usr/local/bin/statsd-bridge"]
CMD ["--statsd.listen-udp=:8125", "--statsd.listen-tcp=:8125", "--statsd.mapping-config=/etc/statsd-bridge/mappings/airflow.yml"]
