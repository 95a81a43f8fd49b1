"""Checks an `adopter check --format=json` document against the README schema."""
import json
import sys

doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1, doc["version"]
for f in doc["files"]:
    assert set(f) == {"file", "parsed", "errors"}, f
FINDING = {"rule", "pack", "check", "file", "line", "column", "class", "function",
           "ops", "selected", "fixable", "reason", "benefit", "message"}
assert doc["findings"], "no findings"
for f in doc["findings"]:
    missing = FINDING - set(f)
    assert not missing, "finding lacks %s" % missing
    assert f["check"] == "adopter-" + f["rule"]
    assert isinstance(f["line"], int) and f["line"] > 0
    assert f["ops"], "a finding without ops"
    for o in f["ops"]:
        assert {"op", "file", "line", "column"} <= set(o), o
print("json ok: %d findings" % len(doc["findings"]))
