#!/usr/bin/env bash
# graph_vs_parse.sh - how much does `adopter graph` (or `adopter check` with
# the whole rule catalog, --command check) cost on top of parsing?
#
# For every model source bench/models/*/*.cpp (main.cpp excluded; --model
# restricts the folders) this times
#   (a) clang++-19 -fsyntax-only FLAGS FILE
#   (b) adopter graph|check FILE -- FLAGS
# N times each, interleaved a b a b ..., and reports the median wall time of
# each and the ratio b/a per file, plus an overall line. FLAGS are the ones
# adopter assumes when it is given no compilation database:
#   -std=c++17 -isystem <torch>/torch/csrc/api/include [-isystem <torch>]
#   -D_GLIBCXX_USE_CXX11_ABI=1 -I<model dir>
# (<torch> itself is left out when it is /usr/include or /usr/local/include:
# the compiler searches it already, and `-isystem /usr/include` breaks
# libstdc++'s #include_next <stdlib.h>.)
#
# Needs only bash (>= 5, for $EPOCHREALTIME), coreutils and python3 (stdlib,
# for the medians and the tables).
#
# Exit status: 0 all runs succeeded; 1 some run failed (the table marks it);
# 2 bad usage or a missing tool (adopter, clang, python3).

set -euo pipefail
export LC_ALL=C  # '.' as decimal separator in $EPOCHREALTIME

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd -- "$script_dir/../.." && pwd)

usage() {
  cat <<EOF
Usage: ${0##*/} [options] [ADOPTER]

Times 'clang++ -fsyntax-only' against 'adopter graph' (or check) on
bench/models/*/*.cpp.

Options:
  --adopter PATH        adopter binary (default: \$ADOPTER or
                        <repo>/build/bin/adopter); may also be given as the
                        only positional argument
  -n, --runs N          runs per file and tool (default: 5)
  -o, --output FILE     also write the results as a markdown file
  --clang PATH          clang driver to time (default: clang++-19)
  --torch-include DIR   LibTorch include root, the folder holding
                        torch/csrc/api/include (default: \$LIBTORCH/include
                        when \$LIBTORCH is set, else /usr/include)
  --models DIR          models folder (default: <repo>/bench/models)
  --model NAME          only this model folder (repeatable; default: all)
  --command graph|check the adopter command to time (default: graph);
                        check runs every shipped pack
  --timeout SEC         kill a single run after SEC seconds (default: 600)
  -h, --help            show this help
EOF
}

die_usage() {
  echo "${0##*/}: error: $*" >&2
  echo "Try '${0##*/} --help'." >&2
  exit 2
}

die() {
  echo "${0##*/}: error: $*" >&2
  exit 2
}

# --- Arguments ---------------------------------------------------------------

adopter="${ADOPTER:-}"
runs=5
output=""
clang="clang++-19"
torch_include=""
models_dir="$repo_root/bench/models"
run_timeout=600
command_name=graph
only_models=()
positional=()

# Fails unless the option "$1" is followed by a value ($2: arguments left).
need_value() {
  if [[ $2 -lt 2 ]]; then die_usage "option '$1' needs a value"; fi
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --adopter) need_value "$1" $#; adopter="$2"; shift 2 ;;
    --adopter=*) adopter="${1#*=}"; shift ;;
    -n | --runs) need_value "$1" $#; runs="$2"; shift 2 ;;
    --runs=*) runs="${1#*=}"; shift ;;
    -o | --output) need_value "$1" $#; output="$2"; shift 2 ;;
    --output=*) output="${1#*=}"; shift ;;
    --clang) need_value "$1" $#; clang="$2"; shift 2 ;;
    --clang=*) clang="${1#*=}"; shift ;;
    --torch-include) need_value "$1" $#; torch_include="$2"; shift 2 ;;
    --torch-include=*) torch_include="${1#*=}"; shift ;;
    --models) need_value "$1" $#; models_dir="$2"; shift 2 ;;
    --models=*) models_dir="${1#*=}"; shift ;;
    --model) need_value "$1" $#; only_models+=("$2"); shift 2 ;;
    --command) need_value "$1" $#; command_name="$2"; shift 2 ;;
    --timeout) need_value "$1" $#; run_timeout="$2"; shift 2 ;;
    --timeout=*) run_timeout="${1#*=}"; shift ;;
    --) shift; positional+=("$@"); break ;;
    -*) die_usage "unknown option '$1'" ;;
    *) positional+=("$1"); shift ;;
  esac
done

if [[ ${#positional[@]} -gt 1 ]]; then
  die_usage "expected at most one positional argument (the adopter binary)," \
    "got ${#positional[@]}: ${positional[*]}"
fi
if [[ ${#positional[@]} -eq 1 ]]; then
  if [[ -n "$adopter" && "$adopter" != "${ADOPTER:-}" ]]; then
    die_usage "adopter given twice ('$adopter' and '${positional[0]}')"
  fi
  adopter="${positional[0]}"
fi

if ! [[ "$runs" =~ ^[0-9]+$ ]] || [[ "$runs" -lt 1 ]]; then
  die_usage "-n/--runs wants a positive integer, got '$runs'"
fi
if ! [[ "$run_timeout" =~ ^[0-9]+$ ]] || [[ "$run_timeout" -lt 1 ]]; then
  die_usage "--timeout wants a positive integer (seconds), got '$run_timeout'"
fi

# --- Tools -------------------------------------------------------------------

if [[ "${BASH_VERSINFO[0]}" -lt 5 ]]; then
  die "bash >= 5 is needed (for \$EPOCHREALTIME); this is $BASH_VERSION"
fi

# The adopter binary: default relative to the repository, a given relative
# path relative to the current directory, a bare name looked up in $PATH.
if [[ -z "$adopter" ]]; then
  adopter="$repo_root/build/bin/adopter"
elif [[ "$adopter" != */* ]] && command -v -- "$adopter" >/dev/null 2>&1; then
  adopter=$(command -v -- "$adopter")
fi
if [[ -d "$adopter" ]]; then
  die "adopter path '$adopter' is a directory, not the adopter binary"
fi
if [[ ! -e "$adopter" ]]; then
  die "adopter binary not found at '$adopter'." \
    "Build it first (cmake -S . -B build -G Ninja && cmake --build build" \
    "--target adopter) or pass --adopter PATH."
fi
if [[ ! -x "$adopter" ]]; then
  die "adopter binary '$adopter' is not executable"
fi
adopter=$(cd -- "$(dirname -- "$adopter")" && pwd)/$(basename -- "$adopter")

if ! clang_path=$(command -v -- "$clang"); then
  die "clang driver '$clang' not found (install clang-19 or pass --clang PATH)"
fi
command -v python3 >/dev/null 2>&1 || die "python3 not found"
command -v timeout >/dev/null 2>&1 || die "'timeout' (coreutils) not found"

# --- Flags -------------------------------------------------------------------

if [[ -z "$torch_include" ]]; then
  if [[ -n "${LIBTORCH:-}" ]]; then
    torch_include="$LIBTORCH/include"
  else
    torch_include=/usr/include
  fi
fi
torch_include=${torch_include%/}
torch_api="$torch_include/torch/csrc/api/include"
if [[ ! -f "$torch_api/torch/nn/module.h" ]]; then
  die "no LibTorch headers under '$torch_include'" \
    "(expected $torch_api/torch/nn/module.h); pass --torch-include DIR"
fi
common_flags=(-std=c++17 -isystem "$torch_api")
case "$torch_include" in
  /usr/include | /usr/local/include) ;;  # searched anyway; see the top
  *) common_flags+=(-isystem "$torch_include") ;;
esac
common_flags+=(-D_GLIBCXX_USE_CXX11_ABI=1)

# --- Inputs ------------------------------------------------------------------

[[ -d "$models_dir" ]] || die "models folder '$models_dir' not found"
models_dir=$(cd -- "$models_dir" && pwd)
[[ "$command_name" == graph || "$command_name" == check ]] ||
  die_usage "--command must be graph or check"
files=()
while IFS= read -r -d '' f; do
  if [[ ${#only_models[@]} -gt 0 ]]; then
    keep=0
    for m in "${only_models[@]}"; do
      [[ "$(basename -- "$(dirname -- "$f")")" == "$m" ]] && keep=1
    done
    [[ $keep -eq 1 ]] || continue
  fi
  files+=("$f")
done < <(find "$models_dir" -mindepth 2 -maxdepth 2 -type f -name '*.cpp' \
           ! -name main.cpp -print0 | sort -z)
[[ ${#files[@]} -gt 0 ]] || die "no model sources (*/*.cpp) under '$models_dir'"

if [[ -n "$output" ]]; then
  out_dir=$(dirname -- "$output")
  [[ -d "$out_dir" ]] || die "output folder '$out_dir' does not exist"
  # Checked now, written at the end: an old results file survives a failure.
  if [[ -e "$output" && ! -w "$output" ]] ||
     [[ ! -e "$output" && ! -w "$out_dir" ]]; then
    die "cannot write '$output'"
  fi
fi

# --- Timing ------------------------------------------------------------------

work=$(mktemp -d "${TMPDIR:-/tmp}/graph_vs_parse.XXXXXX")
trap 'rm -rf -- "$work"' EXIT
samples="$work/samples.tsv"  # file, tool, run, rc, start, end
: >"$samples"

# run_timed TOOL FILE RUN CMD...: runs CMD with its output discarded (stderr
# kept in $work/TOOL.err for diagnostics) and appends one sample line. The
# status of CMD is returned in $last_rc; the script never stops on it.
last_rc=0
run_timed() {
  local tool=$1 file=$2 run=$3
  shift 3
  local start end
  start=$EPOCHREALTIME
  set +e
  timeout --kill-after=10 "$run_timeout" "$@" >/dev/null 2>"$work/$tool.err"
  last_rc=$?
  set -e
  end=$EPOCHREALTIME
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$file" "$tool" "$run" "$last_rc" "$start" "$end" >>"$samples"
}

# Prints a short diagnostic for a failed run on stderr.
report_failure() {  # $1 tool, $2 file
  local what="$1"
  if [[ $last_rc -eq 124 || $last_rc -eq 137 ]]; then
    echo "  $what timed out after ${run_timeout}s on ${2#"$models_dir"/}" >&2
  else
    echo "  $what failed (exit $last_rc) on ${2#"$models_dir"/}; last lines:" >&2
  fi
  tail -n 5 "$work/$what.err" | sed 's/^/    /' >&2
}

echo "Timing ${#files[@]} files x $runs runs: clang = $clang_path," \
  "adopter = $adopter" >&2
echo "Flags: ${common_flags[*]} -I<model dir>" >&2

for file in "${files[@]}"; do
  rel=${file#"$models_dir"/}
  flags=("${common_flags[@]}" -I"$(dirname -- "$file")")
  echo "$rel" >&2
  clang_ok=1
  adopter_ok=1
  for ((i = 1; i <= runs; ++i)); do
    # A tool that failed on this file is not run again on it: the table
    # reports the failure and the timing would be meaningless.
    if [[ $clang_ok -eq 1 ]]; then
      run_timed clang "$rel" "$i" "$clang_path" -fsyntax-only "${flags[@]}" "$file"
      if [[ $last_rc -ne 0 ]]; then clang_ok=0; report_failure clang "$file"; fi
    fi
    if [[ $adopter_ok -eq 1 ]]; then
      run_timed adopter "$rel" "$i" "$adopter" "$command_name" "$file" -- "${flags[@]}"
      if [[ $last_rc -ne 0 ]]; then adopter_ok=0; report_failure adopter "$file"; fi
    fi
  done
done

# --- Report ------------------------------------------------------------------

cpu_model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo \
              2>/dev/null | head -n 1)
clang_version=$("$clang_path" --version 2>/dev/null | head -n 1 || true)
adopter_version=$("$adopter" --version 2>/dev/null | head -n 1 || true)

# The conditions of the measurement go to python through the environment, so
# that no quoting can break its source.
export GVP_DATE GVP_MACHINE GVP_CLANG GVP_ADOPTER GVP_RUNS GVP_FLAGS GVP_COMMAND
GVP_COMMAND=$command_name
GVP_DATE=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
GVP_MACHINE="$(uname -m), $(nproc) CPUs, ${cpu_model:-unknown CPU}"
GVP_CLANG=${clang_version:-unknown}
GVP_ADOPTER="${adopter_version:-unknown version} ($adopter)"
GVP_RUNS=$runs
GVP_FLAGS="${common_flags[*]} -I<model dir>"

set +e
python3 - "$samples" "$output" <<'PYEOF'
import csv, math, os, statistics, sys

samples_path, output_path = sys.argv[1], sys.argv[2]
meta = {key: os.environ["GVP_" + key.upper()]
        for key in ("date", "machine", "clang", "adopter", "runs", "flags",
                    "command")}

# file -> tool -> list of (rc, seconds); files in the order they were run.
data = {}
with open(samples_path, newline="") as f:
    for file, tool, _run, rc, start, end in csv.reader(f, delimiter="\t"):
        data.setdefault(file, {}).setdefault(tool, []).append(
            (int(rc), float(end) - float(start)))

def median_or_status(runs):
    """Median seconds of the runs, or an error string if one failed."""
    if not runs:
        return None, "not run"
    bad = [rc for rc, _ in runs if rc != 0]
    if bad:
        return None, "timeout" if bad[0] in (124, 137) else f"FAIL (exit {bad[0]})"
    return statistics.median(t for _, t in runs), None

rows, ratios, total_a, total_b, failures = [], [], 0.0, 0.0, 0
for file, tools in data.items():
    a, a_err = median_or_status(tools.get("clang", []))
    b, b_err = median_or_status(tools.get("adopter", []))
    failures += (a_err is not None) + (b_err is not None)
    ratio = None
    if a is not None and b is not None and a > 0:
        ratio = b / a
        ratios.append(ratio)
        total_a += a
        total_b += b
    rows.append((file,
                 a_err or f"{a:.3f}",
                 b_err or f"{b:.3f}",
                 f"{ratio:.2f}" if ratio is not None else "-"))

if ratios:
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    overall = (f"overall ({len(ratios)}/{len(rows)} files)",
               f"{total_a:.3f}", f"{total_b:.3f}", f"{total_b / total_a:.2f}")
    overall_note = (f"Overall: sums of the per-file medians; ratio of the sums. "
                    f"Geometric mean of the per-file ratios: {geomean:.2f}.")
else:
    overall = ("overall (no file timed by both)", "-", "-", "-")
    overall_note = "Overall: no file was timed successfully by both tools."

header = ("file", "clang -fsyntax-only (s)", f"adopter {meta['command']} (s)",
          "ratio b/a")

# Plain, aligned table on stdout.
table = [header] + rows + [overall]
widths = [max(len(r[i]) for r in table) for i in range(len(header))]
def line(r):
    return "  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                     for i, (c, w) in enumerate(zip(r, widths)))
print(f"median of {meta['runs']} runs, seconds of wall time")
print(line(header))
print("  ".join("-" * w for w in widths))
for r in rows:
    print(line(r))
print("  ".join("-" * w for w in widths))
print(line(overall))
print(overall_note.replace("Overall: ", "overall: "))

# The same as markdown, with the conditions of the measurement.
if output_path:
    md = [
        f"# adopter {meta['command']} vs. clang -fsyntax-only",
        "",
        f"- date: {meta['date']}",
        f"- machine: {meta['machine']}",
        f"- clang: {meta['clang']}",
        f"- adopter: {meta['adopter']}",
        f"- runs: {meta['runs']} per file and tool, interleaved (a b a b ...); "
        "medians of wall time",
        f"- flags: `{meta['flags']}`",
        "",
        "| " + " | ".join(header) + " |",
        "|---|---:|---:|---:|",
    ]
    md += ["| `" + r[0] + "` | " + " | ".join(r[1:]) + " |" for r in rows]
    md += ["| **" + overall[0] + "** | " + " | ".join(f"**{c}**" for c in overall[1:]) + " |",
           "", overall_note, ""]
    with open(output_path, "w") as f:
        f.write("\n".join(md))
    print(f"wrote {output_path}", file=sys.stderr)

sys.exit(1 if failures else 0)
PYEOF
status=$?
set -e
exit "$status"
