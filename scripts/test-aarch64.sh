#!/usr/bin/env bash
# Cross-compiles the Rust core for 64-bit ARM Linux and runs its unit tests under
# qemu-aarch64 (user-mode emulation), so the NEON kernels are checked on an x86-64
# machine: every kernel against the scalar one, the int8 codes, the HNSW build and
# search. Then cross-builds the Node addon for arm64 Linux (built, not loaded: that needs
# an arm64 Node).
#
#   npm run test:aarch64            # or: bash scripts/test-aarch64.sh [cargo test filter]
#
# Needs (Debian): gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user, and the Rust
# target: rustup target add aarch64-unknown-linux-gnu. Missing ones are named, exit 2.
set -euo pipefail
cd "$(dirname "$0")/.."
target=aarch64-unknown-linux-gnu
filter="${1:-}"

missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=("aarch64-linux-gnu-gcc (apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross)")
command -v qemu-aarch64 >/dev/null || missing+=("qemu-aarch64 (apt-get install qemu-user)")
rustc --print target-libdir --target "$target" 2>/dev/null | xargs -I{} test -d {} ||
  missing+=("the Rust standard library for $target (rustup target add $target)")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'test-aarch64: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar

echo "== cargo test --target $target -p sochdb-core --lib $filter (under qemu-aarch64)"
cargo test --release --target "$target" -p sochdb-core --lib -- $filter
echo "== cargo build --target $target -p sochdb-node (the addon, cross-built)"
cargo build --release --target "$target" -p sochdb-node
lib="target/$target/release/libsochdb_bulk.so"
file "$lib" 2>/dev/null || ls -l "$lib"
