#!/usr/bin/env bash
# Builds the JNI clock helper for the os/arch this machine is, into OUT/io/github/vdsoagent/native/linux-ARCH/.
# Usage: build-native.sh SRC_DIR OUT_DIR JAVA_HOME
# A missing C compiler is not an error: the agent then runs on its fallback clock backend (the JVM's own calls).
set -euo pipefail
src=$1 out=$2 java_home=$3
cc=${CC:-cc}

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "[WARNING] vdso-agent: no C compiler ('$cc') found: the agent jar will carry no native helper and will fall back to the JVM's own clock calls (backend 'jvm')."
  exit 0
fi
if [ "$(uname -s)" != Linux ]; then
  echo "[WARNING] vdso-agent: the native helper is built on Linux only; this is $(uname -s)."
  exit 0
fi

case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  riscv64) arch=riscv64 ;;
  *) echo "[WARNING] vdso-agent: no native helper for architecture $(uname -m)."; exit 0 ;;
esac

jni_include=$java_home/include
if [ ! -f "$jni_include/jni.h" ]; then
  echo "[WARNING] vdso-agent: no jni.h under $jni_include (a JRE, not a JDK?): building without the native helper."
  exit 0
fi

dest=$out/io/github/vdsoagent/native/linux-$arch
mkdir -p "$dest"
"$cc" -std=c11 -O2 -fPIC -shared -Wall -Wextra -Werror -fvisibility=hidden \
  -I"$jni_include" -I"$jni_include/linux" \
  -o "$dest/libvdsoagent.so" "$src"/*.c
echo "[INFO] vdso-agent: built native helper $dest/libvdsoagent.so"
