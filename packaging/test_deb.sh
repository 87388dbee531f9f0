#!/bin/sh
# Builds the .deb with CPack, unpacks it into a scratch root and runs the packaged CLI from there.
# usage: test_deb.sh CPACK BUILD_DIR WORK_DIR EXPECTED_VERSION GUI(ON/OFF) APP_ID
# Exit 77 (CTest: skipped) where the Debian tools are missing (e.g. the GPU machine).
set -u
cpack=$1 build=$2 work=$3 version=$4 gui=$5 appid=$6
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not found"; exit 77; }
done
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$work" && mkdir -p "$work/out" "$work/root" || fail "cannot create $work"
"$cpack" -G DEB -B "$work/out" --config "$build/CPackConfig.cmake" >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack failed"; }
set -- "$work"/out/*.deb
[ $# -eq 1 ] && [ -f "$1" ] || fail "expected exactly one .deb in $work/out, found: $*"
deb=$1
echo "package: $deb"
dpkg-deb -f "$deb"
[ "$(dpkg-deb -f "$deb" Package)" = bitdelta-studio ] || fail "package name"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "version $(dpkg-deb -f "$deb" Version) != $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6; do
  echo "$depends" | grep -q "$lib" || fail "Depends lacks $lib (shlibdeps did not run?): $depends"
done
if [ "$gui" = ON ]; then
  for p in qt6-qpa-plugins libqt6svg6; do
    echo "$depends" | grep -q "$p" || fail "Depends lacks $p: $depends"
  done
fi
dpkg-deb -x "$deb" "$work/root" || fail "dpkg-deb -x"
root=$work/root
bin=$root/usr/bin/bitdelta
[ -x "$bin" ] || fail "$bin missing"
out=$(LD_LIBRARY_PATH="$root/usr/lib:$root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      "$bin" --version 2>&1) || fail "bitdelta --version exited non-zero: $out"
echo "bitdelta --version: $out"
expect="bitdelta ${version%-*}"
[ "$out" = "$expect" ] || fail "expected '$expect'"
for f in usr/share/bitdelta-studio/demo/base/model.safetensors usr/share/bitdelta-studio/demo/README.md \
         usr/share/doc/bitdelta-studio/copyright usr/share/doc/bitdelta-studio/changelog.Debian.gz \
         usr/share/man/man1/bitdelta.1.gz; do
  [ -s "$root/$f" ] || fail "$f missing from the package"
done
if [ "$gui" = ON ]; then
  [ -x "$root/usr/bin/bitdelta-studio" ] || fail "bitdelta-studio missing"
  for f in "usr/share/applications/$appid.desktop" "usr/share/metainfo/$appid.metainfo.xml" \
           "usr/share/icons/hicolor/scalable/apps/$appid.svg"; do
    [ -s "$root/$f" ] || fail "$f missing from the package"
  done
  if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$root/usr/share/applications/$appid.desktop" || fail "installed .desktop invalid"
  fi
  if command -v appstreamcli >/dev/null 2>&1; then
    appstreamcli validate --no-net "$root/usr/share/metainfo/$appid.metainfo.xml" ||
      fail "installed metainfo invalid"
  fi
fi
echo "PASS"
