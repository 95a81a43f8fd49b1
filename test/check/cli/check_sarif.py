"""Checks a SARIF 2.1.0 log from `adopter check --format=sarif`: the
properties GitHub code scanning and other SARIF consumers require. argv[2] is
the expected number of results."""
import json
import sys

log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
assert log["$schema"].endswith("sarif-2.1.0.json")
assert len(log["runs"]) == 1
run = log["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "adopter" and driver["version"]
ids = [r["id"] for r in driver["rules"]]
assert len(ids) == len(set(ids)), "duplicate rule ids"
for r in driver["rules"]:
    assert r["id"].startswith("adopter-")
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
results = run["results"]
assert len(results) == int(sys.argv[2]), len(results)
for res in results:
    assert res["level"] in ("warning", "error", "note", "none")
    assert res["message"]["text"]
    idx = res["ruleIndex"]
    assert driver["rules"][idx]["id"] == res["ruleId"], res["ruleId"]
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] and not loc["artifactLocation"]["uri"].startswith("/")
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
    for rel in res.get("relatedLocations", []):
        assert rel["physicalLocation"]["region"]["startLine"] >= 1
assert run["invocations"][0]["executionSuccessful"] is True
print("sarif ok: %d results" % len(results))
