#!/usr/bin/env bash
# Install the Debian packages the tests need, when missing and running as root.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)  # evidence tests make a real video
ldconfig -p 2>/dev/null | grep -q "libmagic.so.1 " || need+=(libmagic1)  # python-magic
# 执法文书: DOCX → PDF with LibreOffice headless; pdftoppm renders pages for the tests.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# 年报 PDF: WeasyPrint needs Pango (and HarfBuzz subsetting for embedded CJK fonts).
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0 " || need+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so.0 " || need+=(libharfbuzz-subset0)
# The independent RFC 6962 / signed-note verifier of the ledger tests: Go's x/mod sumdb packages.
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb/tlog ] || need+=(golang-golang-x-mod-dev)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "缺少系统软件包 (missing Debian packages): ${need[*]} — 请以 root 运行或手工安装 (run as root or install them)" >&2
  exit 1
fi
echo "installing: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
