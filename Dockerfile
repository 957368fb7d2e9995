# syntax=docker/dockerfile:1
#
# Kassa: one image, one binary. Build:   docker build -t kassa .
#                                   Run:     docker run -p 8080:8080 \
#                                              -e DATABASE_URL=postgres://postgres@db:5432/kassa kassa
# Needs BuildKit (the default builder since Docker 23) for the cache mounts below.

# --- 1. The server ------------------------------------------------------------------------
FROM rust:1.95-slim-bookworm AS builder
WORKDIR /src
COPY . .
# The crate registry and target/ live in BuildKit cache mounts: a rebuild after a change in
# src/ recompiles only Kassa itself, never its dependencies. The binary is copied out of
# the mount, which does not end up in the image.
RUN --mount=type=cache,id=kassa-cargo-registry,target=/usr/local/cargo/registry \
    --mount=type=cache,id=kassa-cargo-git,target=/usr/local/cargo/git \
    --mount=type=cache,id=kassa-target,target=/src/target \
    cargo build --release --locked --bin kassa \
    && cp target/release/kassa /usr/local/bin/kassa

# --- 2. Runtime -----------------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: the system trust store, for sslmode=verify-ca/verify-full and rediss://
# without a CA file of their own;
# curl: for the HEALTHCHECK.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 kassa \
    && useradd --system --uid 10001 --gid kassa --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin kassa
COPY --from=builder /usr/local/bin/kassa /usr/local/bin/kassa
WORKDIR /app
USER kassa:kassa
# The web app and GraphiQL are inside the binary (client-examples/web/dist, committed).
# /metrics on its own port: publish it only to where Prometheus runs.
ENV KASSA_LISTEN=0.0.0.0:8080 \
    KASSA_METRICS_LISTEN=0.0.0.0:9464
EXPOSE 8080 9464
# /healthz: the process answers. Readiness (database and broker) is /readyz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
# SIGTERM (docker stop) lets in-flight requests finish.
ENTRYPOINT ["kassa"]
CMD ["serve"]
