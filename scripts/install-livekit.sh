#!/usr/bin/env bash
# Builds livekit-server from the Go module proxy (no prebuilt download is reachable here) and caches
# the binary. v1.13.5 is the newest tag whose go.mod has no replace directives, which `go install`
# requires. Prints the binary's path.
set -euo pipefail
LIVEKIT_VERSION="v1.13.5"
CACHE="${MOCKROOM_CACHE:-$HOME/.cache/mockroom}/livekit-$LIVEKIT_VERSION"
if [ -x "$CACHE/server" ]; then exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "[install-livekit] Go is not installed: LiveKit-mode tests need it (apt-get install golang or https://go.dev)." >&2
  exit 1
fi
echo "[install-livekit] building livekit-server $LIVEKIT_VERSION (a few minutes, once)"
mkdir -p "$CACHE"
GOBIN="$CACHE" GOFLAGS=-mod=mod go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
