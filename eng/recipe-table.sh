#!/usr/bin/env bash
# The recipe table of docs/training.md: ESC-10 5-fold cross-validation of recipe r1 (bfloat16 passes), each variant
# changing one lever. A fold takes about 21 minutes on a 2-core machine (about 40 with the 44.1 kHz front end), so run a
# few folds per sitting: every fold checkpoints after each epoch and this script resumes it where it stopped (also
# after a crash of the process, up to five times per fold).
#
#   eng/recipe-table.sh VARIANT [FOLD ...]     e.g.  eng/recipe-table.sh no-mixup 1 2     (default: folds 1-5)
#   eng/recipe-table.sh esc50:VARIANT [FOLD ...]   the same lever on the 50-class grouped folds of the dev set, from
#                                              recipe r2 (r1 with --class-balance 0.5; esc50's until 2026-12-06): about 35 min
#                                              per fold; e.g. esc50:120-epochs -> runs/esc50-cb05-e120
#   eng/recipe-table.sh --list                 the variants and the commands they run (DRY=1 prints without running)
#
# Results land in runs/<name>/foldK/run.json (commit them); once all five folds are in, the last call also writes
# runs/<name>/evaluation.json. Run it from anywhere; it builds the worker once in Release.
set -euo pipefail
cd "$(dirname "$0")/.."

# Recipe r1 as docs/training.md spells it; a variant overrides single entries.
declare -A opt=(
  [epochs]=80 [batch]=32 [front-end]=22k [mixup]=1 [mixup-alpha]=0.3 [freq-mask]=20 [time-mask]=40
  [freq-masks]=2 [time-masks]=2 [gain]=6 [background]=0.3 [ema]=0.99 [tta]=4 [seed]=0 [precision]=bf16
  [class-balance]=0
)
shift_flag=--shift
variants="r1 seed-1 44k no-mixup one-mask no-shift no-gain no-background no-ema 40-epochs 120-epochs 120-epochs-seed-1 one-mask-seed-1 no-ema-seed-1 44k-seed-1 fp32 class-balance-1 no-mixup-seed-1 120-epochs-no-mixup 120-epochs-no-mixup-seed-1"

subset=(--classes esc10)
configure() {
  case "$1" in
    esc50:*)       configure "${1#esc50:}"   # the lever, then the 50-class split and r2's class sampling under it
                   local lever=${name#esc10-r1b}; [[ $lever == 44k* ]] && lever=-$lever
                   name=esc50-cb05$lever; subset=(--folds grouped)
                   if [ "${opt[class-balance]}" = 0 ]; then opt[class-balance]=0.5; else name=esc50${lever}; fi ;;
    r1)            name=esc10-r1b ;;
    seed-1)        name=esc10-r1b-s1;       opt[seed]=1 ;;  # r1 again from another seed: the table's noise floor
    44k)           name=esc10-r1b44k;       opt[front-end]=44k; opt[time-mask]=80 ;;  # the same masks in seconds
    no-mixup)      name=esc10-r1b-nomixup;  opt[mixup]=0 ;;
    one-mask)      name=esc10-r1b-onemask;  opt[freq-masks]=1; opt[time-masks]=1 ;;
    no-shift)      name=esc10-r1b-noshift;  shift_flag=--no-shift ;;
    no-gain)       name=esc10-r1b-nogain;   opt[gain]=0 ;;
    no-background) name=esc10-r1b-nobg;     opt[background]=0 ;;
    no-ema)        name=esc10-r1b-noema;    opt[ema]=0 ;;
    40-epochs)     name=esc10-r1b-e40;      opt[epochs]=40 ;;
    120-epochs)    name=esc10-r1b-e120;     opt[epochs]=120 ;;
    120-epochs-seed-1) name=esc10-r1b-e120-s1; opt[epochs]=120; opt[seed]=1 ;;  # is 120 epochs' lead more than seed noise?
    one-mask-seed-1) name=esc10-r1b-onemask-s1; opt[freq-masks]=1; opt[time-masks]=1; opt[seed]=1 ;;  # and one mask's?
    no-ema-seed-1) name=esc10-r1b-noema-s1; opt[ema]=0; opt[seed]=1 ;;  # is no-ema's loss more than seed noise?
    fp32)          name=esc10-r1;           opt[precision]=fp32 ;;  # float32 passes beside r1b's bfloat16 (74.5 min on 2026-12-06; docs/training.md, fourteenth row)
    class-balance-1) name=esc10-r1b-cb1;    opt[class-balance]=1 ;;  # every class equally often: for esc50:class-balance-1
    44k-seed-1)    name=esc10-r1b44k-s1;    opt[front-end]=44k; opt[time-mask]=80; opt[seed]=1 ;;  # and 44.1 kHz's?
    no-mixup-seed-1) name=esc10-r1b-nomixup-s1; opt[mixup]=0; opt[seed]=1 ;;  # for esc50:no-mixup-seed-1: is its lead on 50 classes more than seed noise?
    120-epochs-no-mixup) name=esc10-r1b-e120-nomixup; opt[epochs]=120; opt[mixup]=0 ;;  # for esc50:120-epochs-no-mixup: r4 without mixup, i.e. r5 (the shipped esc50's since 2026-12-07)
    120-epochs-no-mixup-seed-1) name=esc10-r1b-e120-nomixup-s1; opt[epochs]=120; opt[mixup]=0; opt[seed]=1 ;;  # and from seed 1: is its lead over r4 more than seed noise?
    *) echo "unknown variant '$1'; one of: $variants" >&2; exit 2 ;;
  esac
}

arguments() {
  local k
  printf '%s\n' --data ../shared/data/esc50-dev "${subset[@]}" --cv
  for k in epochs batch front-end mixup mixup-alpha freq-mask time-mask freq-masks time-masks gain background ema \
           tta seed precision class-balance; do
    printf '%s\n' "--$k" "${opt[$k]}"
  done
  printf '%s\n' "$shift_flag" --version "$name" --out "runs/$name"
}

if [ "${1:-}" = "--list" ]; then
  for v in $variants; do
    ( configure "$v"; echo "$v: train $(arguments | tr '\n' ' ')" )
  done
  echo "esc50:VARIANT (any of the above): e.g. esc50:120-epochs: train $(configure esc50:120-epochs; arguments | tr '\n' ' ')"
  echo "esc50:r1 is runs/esc50-cb05 itself, all five folds in"
  exit 0
fi
[ $# -ge 1 ] || { echo "usage: $0 VARIANT [FOLD ...]  (variants: $variants)" >&2; exit 2; }
configure "$1"; shift
folds=("$@"); [ ${#folds[@]} -gt 0 ] || folds=(1 2 3 4 5)
mapfile -t args < <(arguments)

worker=MelMage.Worker.Gpu/bin/Release/net10.0/melmage-worker.dll
if [ -z "${DRY:-}" ]; then dotnet build MelMage.Worker.Gpu -c Release -v q -nologo >/dev/null; fi
for fold in "${folds[@]}"; do
  resume=(); [ -f "runs/$name/fold$fold/checkpoint/state.json" ] && resume=(--resume)
  if [ -n "${DRY:-}" ]; then echo "train ${args[*]} --fold $fold ${resume[*]}"; continue; fi
  # A native crash (docs/training.md, "A native crash") costs at most one epoch: the fold goes on from its checkpoint.
  for attempt in 1 2 3 4 5; do
    echo "== $name fold $fold ($(date -u +%H:%M) UTC)${resume:+, resuming}"
    rc=0; dotnet "$worker" train "${args[@]}" --fold "$fold" "${resume[@]}" || rc=$?
    [ "$rc" -eq 0 ] && break
    if [ "$rc" -lt 128 ] || [ "$attempt" -eq 5 ]; then echo "fold $fold: train exited with $rc" >&2; exit "$rc"; fi
    resume=(--resume)
  done
done
# Pools the folds into runs/<name>/evaluation.json once all five are finished (trains nothing then).
if [ -z "${DRY:-}" ] && [ "$(ls runs/$name/fold*/run.json 2>/dev/null | wc -l)" -eq 5 ]; then
  dotnet "$worker" train "${args[@]}" --resume
fi
