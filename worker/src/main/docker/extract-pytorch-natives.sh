#!/bin/sh
# Lays out DJL's PyTorch native libraries in one directory, which the worker image points
# PYTORCH_LIBRARY_PATH at: DJL then loads them from there and extracts nothing at run time (the
# root filesystem is read-only, and a CUDA build is several GB to copy per pod). The directory
# holds libtorch's libraries and DJL's JNI library (libdjl_torch.so) of the same flavor. Used by
# the worker Dockerfiles and by PyTorchNativesLayoutTest (docs/containers.md).
#
#   extract-pytorch-natives.sh jar LIB_DIR OUT_DIR
#       from the Maven-packaged pytorch-native-<flavor> jar in LIB_DIR (worker/target/lib)
#   extract-pytorch-natives.sh libtorch ZIP LIB_DIR OUT_DIR FLAVOR
#       from a LibTorch 2.7.1 zip (libtorch/lib/...) of FLAVOR, e.g. cu128
#
# Either way the pytorch-native-*.jar is removed from LIB_DIR afterwards: its libraries are in
# OUT_DIR now. Needs a JDK's `jar` tool (it reads zips too) and a POSIX shell.
set -eu

fail() {
  echo "extract-pytorch-natives: $*" >&2
  exit 1
}

# The one file matching a glob, or a failure naming what was expected.
one() {
  [ "$#" -eq 1 ] && [ -f "$1" ] || fail "expected exactly one file $1"
  echo "$1"
}

mode=${1:-}
case "$mode" in
  jar) [ "$#" -eq 3 ] || fail "usage: $0 jar LIB_DIR OUT_DIR"; zip=; lib=$2; out=$3; flavor= ;;
  libtorch) [ "$#" -eq 5 ] || fail "usage: $0 libtorch ZIP LIB_DIR OUT_DIR FLAVOR"
    zip=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); lib=$3; out=$4; flavor=$5 ;;
  *) fail "usage: $0 jar LIB_DIR OUT_DIR | $0 libtorch ZIP LIB_DIR OUT_DIR FLAVOR" ;;
esac
lib=$(cd "$lib" && pwd)
native=$(one "$lib"/pytorch-native-*.jar)
jni=$(one "$lib"/pytorch-jni-*.jar)
classifier=linux-x86_64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

if [ "$mode" = jar ]; then
  (cd "$tmp" && jar xf "$native")
  props=$tmp/native/lib/pytorch.properties
  [ -f "$props" ] || fail "$native has no native/lib/pytorch.properties"
  flavor=$(sed -n 's/^flavor=//p' "$props")
  classifier=$(sed -n 's/^classifier=//p' "$props")
  for name in $(sed -n 's/^libraries=//p' "$props" | tr ',' ' '); do
    mv "$tmp/pytorch/$flavor/$classifier/$name" "$out/"
  done
else
  (cd "$tmp" && jar xf "$zip")
  [ -f "$tmp/libtorch/lib/libtorch.so" ] || fail "$zip has no libtorch/lib/libtorch.so"
  # The libraries DJL's own pytorch-native jars take from a LibTorch zip (its build.gradle.kts):
  # libtorch, c10, their CUDA parts, and the CUDA, cuDNN and OpenMP runtimes bundled with them.
  # Test and Python libraries stay out: DJL loads every library in the directory.
  for path in "$tmp"/libtorch/lib/*; do
    case "$(basename "$path")" in
      libc10.so | libc10_cuda.so | libcaffe2_nvrtc.so | libtorch.so | libtorch_cpu.so | \
        libtorch_cuda*.so | libcu* | libnv* | libgomp* | libiomp* | libgfortran-* | \
        libopenblasp-* | libarm_compute*)
        case "$path" in *.a) continue ;; esac
        mv "$path" "$out/"
        ;;
    esac
  done
fi

# DJL looks for its JNI library next to libtorch first (LibUtils.findJniLibrary).
(cd "$tmp" && jar xf "$jni" "jnilib/$classifier/$flavor/libdjl_torch.so")
[ -f "$tmp/jnilib/$classifier/$flavor/libdjl_torch.so" ] ||
  fail "$jni has no JNI library for flavor $flavor ($classifier)"
mv "$tmp/jnilib/$classifier/$flavor/libdjl_torch.so" "$out/"
rm "$native"
echo "PyTorch natives ($flavor, $classifier) in $out: $(ls "$out" | tr '\n' ' ')"
