#!/usr/bin/env bash
# Builds, once, the Kubernetes binaries the tests run against, from the Go module proxy (no
# container engine and no release downloads needed), and caches them under
#   ${K8S_BIN_DIR:-$HOME/.cache/videogen/k8s/<k8s version>/bin}
# kube-apiserver, kube-controller-manager, kube-scheduler, kubectl  (k8s.io/kubernetes, through a
#   wrapper module that replaces every k8s.io/* staging module with its published v0.x version)
# etcd (go.etcd.io/etcd/server/v3), kwok and kwokctl (sigs.k8s.io/kwok).
#
# Idempotent: a binary that is present and reports the expected version is reused.
# Prints progress on stderr and the bin directory as the last line of stdout:
#   BIN=$(hack/k8s-bin.sh | tail -1)
set -euo pipefail

K8S_VERSION="${K8S_VERSION:-v1.35.4}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
KWOK_VERSION="${KWOK_VERSION:-v0.8.0}"

CACHE="${VIDEOGEN_CACHE:-$HOME/.cache/videogen}"
BIN="${K8S_BIN_DIR:-$CACHE/k8s/$K8S_VERSION/bin}"
WORK="$CACHE/k8s/$K8S_VERSION/build"
export GOMODCACHE="${GOMODCACHE:-$CACHE/go/mod}"
export GOCACHE="${GOCACHE:-$CACHE/go/build}"
export CGO_ENABLED=0 GOFLAGS="-mod=mod -buildvcs=false" GOTOOLCHAIN=local
mkdir -p "$BIN" "$WORK"

log() { echo "k8s-bin: $*" >&2; }
have() { [ -x "$BIN/$1" ] && "$BIN/$1" "${@:2}" 2>/dev/null | grep -q -- "${EXPECT}"; }

minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
staging_version="v0.${K8S_VERSION#v1.}"
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$now"
done

# wrapper_module DIR MODULE VERSION PREFIX SIBLING_VERSION PKG...
# Writes, in DIR, a module that requires MODULE@VERSION and replaces each module that MODULE's own
# go.mod points at a local directory (lines "PREFIX... => ./..." or "=> ../...") with its published
# SIBLING_VERSION, so that MODULE's commands build outside its repository; PKGs are imported.
wrapper_module() {
  local dir=$1 module=$2 version=$3 prefix=$4 sibling=$5
  shift 5
  log "preparing wrapper module for $module $version"
  mkdir -p "$dir"
  (
    cd "$dir"
    rm -f go.mod go.sum tools.go
    go mod init videogen.dev/wrapper >/dev/null 2>&1
    upstream=$(go mod download -json "$module@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    {
      echo "require $module $version"
      echo "replace ("
      sed -n "s#^[[:space:]]*\($prefix[^ ]*\) => \..*#\t\1 => \1 $sibling#p" "$upstream"
      echo ")"
    } >>go.mod
    {
      printf '//go:build tools\n\npackage tools\n\nimport (\n'
      printf '\t_ "%s"\n' "$@"
      printf ')\n'
    } >tools.go
    go mod tidy -e >/dev/null 2>&1 || true
    go mod download
  )
}

# Kubernetes: the staging modules (k8s.io/api, client-go, ...) are published as v0.<minor>.<patch>.
prepare_wrapper() {
  [ -f "$WORK/go.sum" ] && grep -q "k8s.io/kubernetes $K8S_VERSION" "$WORK/go.mod" && return 0
  wrapper_module "$WORK" k8s.io/kubernetes "$K8S_VERSION" k8s.io/ "$staging_version" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
}

build_k8s() {
  local name=$1
  EXPECT="$K8S_VERSION"
  if [ "$name" = kubectl ] && have kubectl version --client; then log "reused $name $K8S_VERSION"; return; fi
  if [ "$name" != kubectl ] && have "$name" --version; then log "reused $name $K8S_VERSION"; return; fi
  prepare_wrapper
  local start=$SECONDS
  (cd "$WORK" && go build -trimpath -ldflags "$ldflags" -o "$BIN/$name" "k8s.io/kubernetes/cmd/$name")
  log "built $name $K8S_VERSION in $((SECONDS - start))s"
}

# etcd's server module replaces its sibling modules with local paths, so "go install pkg@version"
# refuses it: build it from a wrapper module too.
build_etcd() {
  EXPECT="${ETCD_VERSION#v}"
  if have etcd --version; then log "reused etcd $ETCD_VERSION"; return; fi
  local start=$SECONDS dir="$CACHE/etcd/$ETCD_VERSION/build"
  wrapper_module "$dir" go.etcd.io/etcd/server/v3 "$ETCD_VERSION" go.etcd.io/etcd/ "$ETCD_VERSION" \
    go.etcd.io/etcd/server/v3
  (cd "$dir" && go build -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3)
  log "built etcd $ETCD_VERSION in $((SECONDS - start))s"
}

build_kwok() {
  local name=$1
  EXPECT="$KWOK_VERSION"
  if have "$name" --version; then log "reused $name $KWOK_VERSION"; return; fi
  local start=$SECONDS
  GOBIN="$BIN" go install -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=$K8S_VERSION" \
    "sigs.k8s.io/kwok/cmd/$name@$KWOK_VERSION"
  log "built $name $KWOK_VERSION in $((SECONDS - start))s"
}

total=$SECONDS
build_etcd
for b in kube-apiserver kubectl kube-controller-manager kube-scheduler; do build_k8s "$b"; done
build_kwok kwok
build_kwok kwokctl
log "binaries ready in $BIN ($((SECONDS - total))s)"
echo "$BIN"
