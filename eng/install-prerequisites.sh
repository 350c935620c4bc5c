#!/usr/bin/env bash
# Installs what MelMage needs on Debian 12 (as root, or with sudo) and nothing that is already there.
#   build:   g++ and patchelf (the TorchSharp compat step), Node.js + npm (the web page's build)
#   run:     PostgreSQL, Redis, RabbitMQ servers (started as plain processes by the AppHost and by the tests);
#            ffmpeg (the API and the worker decode MP3, Ogg/Opus, WebM, FLAC, AAC/M4A ... uploads with it)
#   test:    Chromium (headless browser tests) and a colour emoji font (the page's class icons in its screenshots)
# The .NET 10 SDK must already be installed: see README.md.
set -euo pipefail

packages=(g++ patchelf postgresql redis-server rabbitmq-server ffmpeg chromium fonts-noto-color-emoji nodejs npm ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A Node.js that is already on PATH (from nodesource, nvm, or the image) is good enough.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))

if ((${#missing[@]})); then
  echo "Installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's packages try to start their system services; MelMage runs its own instances on free ports instead.
  policy=/usr/sbin/policy-rc.d; created_policy=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null; $sudo chmod +x "$policy"; created_policy=1; fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ "$created_policy" -eq 0 ] || $sudo rm -f "$policy"
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is not installed. Install it (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again." >&2
  exit 1
fi
echo "Prerequisites present: dotnet $(dotnet --version), $(patchelf --version), postgres $(/usr/lib/postgresql/*/bin/postgres --version | awk '{print $3}'), redis $(redis-server --version | awk '{print $3}' | cut -d= -f2), ffmpeg $(ffmpeg -hide_banner -version | awk 'NR==1{print $3}')."
