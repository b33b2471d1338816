# syntax=docker/dockerfile:1

# Build stage: the Go minor version matches go.mod's `go` line.
FROM golang:1.26 AS build
WORKDIR /src
ENV CGO_ENABLED=0

# Modules in their own layer: rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download && go mod verify

COPY . .
ARG VERSION=""
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/prc ./cmd/prc \
    && mkdir -p /out/data

# Final stage: a static binary on distroless, as the nonroot user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/prc /prc
# /data exists and belongs to nonroot, so a fresh named volume is writable.
COPY --from=build --chown=65532:65532 /out/data /data
ENV PRC_DATA_DIR=/data
VOLUME ["/data"]
# Numeric, so Kubernetes can verify runAsNonRoot without a runAsUser.
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/prc"]
CMD ["serve"]
