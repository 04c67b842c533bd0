#!/usr/bin/env bash
# Kills a CPU training run with SIGKILL at random moments (during steps and during checkpoint saves), resumes it
# each time with --resume_from_checkpoint true, and checks that no checkpoint is ever corrupt and that the final
# model and metrics.jsonl equal an uninterrupted run's.
#   scripts/kill-resume.sh [KILLS=20] [SEED=1]
# Needs a Release build (dotnet build -c Release) and python3 (for the checks). Runs from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
kills=${1:-20}
RANDOM=${2:-1}
wpo=src/Wpo.Cli/bin/Release/net10.0/linux-x64/wpo
[[ -x $wpo ]] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
work=$(mktemp -d /tmp/wpo-kill-resume-XXXXXX)
trap 'rm -rf "$work"' EXIT

"$wpo" demo --output "$work/model" --sft-steps 1 --steps 1 > /dev/null
cat > "$work/recipe.yaml" <<YAML
model_name_or_path: $work/model
dataset_mixer:
  $work/model/demo_pairs.jsonl: 1.0
dataset_splits: [train]
learning_rate: 1.0e-4
lr_scheduler_type: cosine
warmup_ratio: 0.1
per_device_train_batch_size: 4
gradient_accumulation_steps: 2
max_steps: 480
logging_steps: 1
save_steps: 3
save_total_limit: 2
seed: 5
YAML

# Every complete checkpoint must hold a parseable trainer state and whole safetensors files.
check_checkpoints() {
  python3 - "$1" <<'PY'
import json, os, struct, sys
bad = 0
for name in sorted(os.listdir(sys.argv[1])):
    path = os.path.join(sys.argv[1], name)
    if not name.startswith("checkpoint-"):
        continue
    try:
        state = json.load(open(os.path.join(path, "trainer_state.json")))
        assert state["GlobalStep"] == int(name.split("-")[1])
        for tensors in ("model.safetensors", "optimizer.safetensors"):
            file = os.path.join(path, tensors)
            with open(file, "rb") as f:
                (n,) = struct.unpack("<Q", f.read(8))
                header = json.loads(f.read(n))
            end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
            assert os.path.getsize(file) == 8 + n + end, f"{file}: truncated"
    except Exception as e:
        print(f"CORRUPT {path}: {e}"); bad += 1
print(bad)
PY
}

strip_timing() { python3 -c 'import json,sys
for line in open(sys.argv[1]):
    row = json.loads(line); row.pop("tokens_per_second"); row.pop("elapsed_seconds"); print(json.dumps(row))' "$1"; }

start=$(date +%s.%N)
"$wpo" train "$work/recipe.yaml" --output_dir "$work/whole" > /dev/null
whole=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
echo "uninterrupted run: ${whole} s"

corrupt=0
during_save=0
rows() { [[ -f $work/killed/metrics.jsonl ]] && wc -l < "$work/killed/metrics.jsonl" || echo 0; }
# Each kill waits until the resumed run has logged a new step (so that every kill lands in training, not in start-up),
# then every fourth kill waits for a checkpoint save to begin (its hidden .partial folder) and the others sleep a
# random moment.
for ((i = 1; i <= kills; i++)); do
  before=$(rows)
  "$wpo" train "$work/recipe.yaml" --output_dir "$work/killed" --resume_from_checkpoint true > "$work/log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2> /dev/null && (( $(rows) <= before )); do sleep 0.05; done
  if (( i % 4 == 0 )); then
    moment="at the start of a save"
    while kill -0 "$pid" 2> /dev/null && ! compgen -G "$work/killed/.checkpoint-*" > /dev/null; do sleep 0.005; done
  else
    delay=$(python3 -c "import random; random.seed($RANDOM); print(round(random.uniform(0.0, 1.0), 2))")
    moment="${delay} s after a logged step"
    sleep "$delay"
  fi
  if kill -9 "$pid" 2> /dev/null; then wait "$pid" 2> /dev/null || true; else wait "$pid" || true; fi
  saving=""
  if compgen -G "$work/killed/.checkpoint-*" > /dev/null; then saving=" (during a save)"; during_save=$((during_save + 1)); fi
  latest=$( (ls -d "$work"/killed/checkpoint-* 2> /dev/null || true) | sed "s/.*checkpoint-//" | sort -n | tail -1)
  bad=$(check_checkpoints "$work/killed" | tail -1)
  corrupt=$((corrupt + bad))
  echo "kill $i, $moment${saving}: latest checkpoint ${latest:-none}, corrupt checkpoints $bad"
done
"$wpo" train "$work/recipe.yaml" --output_dir "$work/killed" --resume_from_checkpoint true > /dev/null

same_model=no; cmp -s "$work/whole/model.safetensors" "$work/killed/model.safetensors" && same_model=yes
same_metrics=no; [[ "$(strip_timing "$work/whole/metrics.jsonl")" == "$(strip_timing "$work/killed/metrics.jsonl")" ]] && same_metrics=yes
echo "kills: $kills ($during_save during a save), corrupt checkpoints: $corrupt, final model identical: $same_model, metrics.jsonl identical (timing columns aside): $same_metrics"
[[ $corrupt == 0 && $same_model == yes && $same_metrics == yes ]]
