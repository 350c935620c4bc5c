#!/usr/bin/env bash
# How often a model's top-1 answer survives lossy compression: every selected dev clip is encoded by ffmpeg as
# MP3 128 kbit/s and Opus 64 kbit/s (Ogg), and the copies are classified by the worker's `classify` (the service's own
# decoder and model) next to the WAV. Prints the agreement per codec; the last line is JSON.
#
#   tools/codec-agreement/run.sh [--model DIR|NAME] [--data DIR] [--esc10] [--fold K]
#
# --esc10 / --fold K pick the ESC-10 clips / one fold (e.g. the fold a cross-validation model never saw).
# Build first: dotnet build MelMage.Worker.Gpu -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
model=esc50 data=../shared/data/esc50-dev esc10=any fold=any
while [ $# -gt 0 ]; do
  case "$1" in
    --model) model=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --esc10) esc10=True; shift ;;
    --fold) fold=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
worker=MelMage.Worker.Gpu/bin/Release/net10.0/melmage-worker.dll
[ -f "$worker" ] || { echo "build the worker first: dotnet build MelMage.Worker.Gpu -c Release" >&2; exit 69; }
command -v ffmpeg >/dev/null || { echo "ffmpeg is missing: apt-get install ffmpeg" >&2; exit 69; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
awk -F, -v e="$esc10" -v f="$fold" 'NR > 1 && (e == "any" || $5 == e) && (f == "any" || $2 == f) { print $1 }' \
  "$data/meta/esc50.csv" | sort > "$work/clips"
[ -s "$work/clips" ] || { echo "no clips match" >&2; exit 65; }
mkdir "$work/mp3" "$work/opus"
xargs -P "$(nproc)" -I{} sh -c 'n=$(basename {} .wav)
  ffmpeg -v error -nostdin -i "$1/audio/{}" -c:a libmp3lame -b:a 128k "$2/mp3/$n.mp3"
  ffmpeg -v error -nostdin -i "$1/audio/{}" -c:a libopus -b:a 64k "$2/opus/$n.ogg"' _ "$data" "$work" < "$work/clips"

# file -> top-1 label, one line per clip, keyed by the clip's name without extension
top1() { dotnet "$worker" classify --model "$model" "$@" | sed -n 's/.*"file":"\([^"]*\)","predictions":\[{"label":"\([^"]*\)".*/\1 \2/p' \
  | while read -r file label; do echo "$(basename "${file%.*}") $label"; done | sort; }
mapfile -t wavs < <(sed "s|^|$data/audio/|" "$work/clips")
top1 "${wavs[@]}" > "$work/wav.top"
total=$(wc -l < "$work/wav.top")
json="{\"model\":\"$model\",\"clips\":$total"
for codec in mp3 opus; do
  top1 "$work/$codec"/* > "$work/$codec.top"
  same=$(join "$work/wav.top" "$work/$codec.top" | awk '$2 == $3' | wc -l)
  echo "$codec: top-1 agrees with the WAV on $same of $total clips ($(awk -v s="$same" -v t="$total" 'BEGIN { printf "%.1f", 100 * s / t }') %)"
  json+=",\"$codec\":$(awk -v s="$same" -v t="$total" 'BEGIN { printf "%.4f", s / t }')"
done
echo "$json}"
