#!/usr/bin/env bash
# docs/installing.md, tested: `cargo install --locked --path .` in a clean
# HOME (nothing of broadside's there: no cache, no config; the binary goes
# into that HOME's own .cargo/bin), then the installed binary is used as the guide says: --version names
# this commit, completions, man pages, and a story from `new` to `build`;
# then `cargo install --locked --git URL` from this repository's URL.
# Then a copy of the sources outside any git checkout (git archive) builds
# too, and its --version is the version alone.
#
# Cost: the toolchain and cargo's own home (its registry of fetched crates)
# stay the machine's, as a user installs Rust first, and the compiled
# crates are shared with the checkout's target/, so each install compiles
# only broadside itself; on a machine that never built broadside it is a
# full release build (minutes). It rewrites
# target/release/broadside with cargo's ordinary binary, so scripts/test
# runs it after the checks that judge the static one.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup}
rust_bin=$(dirname "$(command -v cargo)")
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export HOME=$work/home
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
mkdir -p "$HOME"
bin_root=$HOME/.cargo
export PATH="$bin_root/bin:$rust_bin:/usr/bin:/bin"

head=$(git -C "$repo" rev-parse --short=12 HEAD)
echo "== cargo install --locked --path . (HOME=$HOME, HEAD $head)"
cargo install --quiet --locked --path . --root "$bin_root"
installed=$(command -v broadside)
[ "$installed" = "$bin_root/bin/broadside" ] || fail "broadside is $installed, not in $bin_root/bin"

version=$(broadside --version)
case $version in
  "broadside $(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -1) ($head"*) ;;
  *) fail "--version says '$version'; HEAD is $head" ;;
esac
echo "ok $version"

# The guide's five minutes, with the installed binary.
cd "$work"
broadside init --quiet my-paper
cd my-paper
story=$(broadside new "Harbour Reopens After Storm")
[ "$story" = content/harbour-reopens-after-storm.md ] || fail "new printed '$story'"
printf 'Boats returned on Monday.\n' >> "$story"
broadside check > /dev/null
broadside build --quiet
[ -f dist/harbour-reopens-after-storm/index.html ] || fail "the new story was not built"
broadside completions bash | bash -n || fail "the bash completions do not parse"
broadside man --quiet "$HOME/.local/share/man/man1"
man -l "$HOME/.local/share/man/man1/broadside-new.1" | grep -q -- --draft || fail "man broadside-new"
echo "ok the installed binary: init, new, check, build, completions, man"

echo "== cargo install --locked --git <this repository> broadside"
# The repository's URL, as a user gives cargo; here a file:// URL of this
# checkout (its HEAD commit: commit before running this).
head=$(git -C "$repo" rev-parse --short=12 HEAD)
cargo install --quiet --locked --git "file://$repo" --root "$work/from-git" broadside
from_git=$("$work/from-git/bin/broadside" --version)
# Built from cargo's own checkout of the repository, the binary names the
# version; whether it names the commit there too is not checked yet (in
# this shared target folder the build script's output can be the one of
# an earlier build of the same package).
case $from_git in
  "broadside $(sed -n 's/^version = "\(.*\)"$/\1/p' "$repo/Cargo.toml" | head -1)"*) ;;
  *) fail "installed from git, --version says '$from_git'" ;;
esac
"$work/from-git/bin/broadside" init --quiet "$work/from-git-site" || fail "the binary installed from git does not run"
echo "ok from git: $from_git"

echo "== a build from the sources outside git (git archive)"
mkdir "$work/src"
git -C "$repo" archive HEAD | tar -x -C "$work/src"
# --release: the crates compiled above are reused. (The build script's
# output is shared with the builds above in this target folder, so whether
# it names a commit is not what this step can check: it checks that the
# sources alone build a binary that runs.)
(cd "$work/src" && GIT_CEILING_DIRECTORIES="$work" cargo build --quiet --locked --release)
outside=$(GIT_CEILING_DIRECTORIES="$work" "$CARGO_TARGET_DIR/release/broadside" --version)
case $outside in
  "broadside "[0-9]*.[0-9]*.[0-9]*) ;;
  *) fail "outside git: '$outside'" ;;
esac
echo "ok outside git: $outside"
