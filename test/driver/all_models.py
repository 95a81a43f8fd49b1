"""Runs `adopter check` on every model folder of bench/models and fails when
one of them does not compile (exit 3) or the tool fails otherwise. The models
are the accuracy benchmark's input; this keeps them building."""
import os
import subprocess
import sys

adopter, root = sys.argv[1], sys.argv[2]
flags = sys.argv[3].split()
models = os.path.join(root, "bench", "models")
failed = []
count = 0
for name in sorted(os.listdir(models)):
    folder = os.path.join(models, name)
    if not os.path.isdir(folder):
        continue
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".cpp"))
    if not files:
        continue
    count += 1
    p = subprocess.run([adopter, "check", "--quiet", "--format=json"] + files + ["--"] + flags
                       + ["-I" + folder], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        failed.append(name)
        sys.stderr.write("%s: exit %d\n%s\n" % (name, p.returncode, p.stderr[-2000:]))
print("models checked: %d, failed: %d" % (count, len(failed)))
sys.exit(1 if failed else 0)
