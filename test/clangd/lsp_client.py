#!/usr/bin/env python3
"""usage: lsp_client.py CLANGD WORKSPACE FILE EXPECTED

Drives adopter-clangd over stdio as an editor does: initialize, open FILE
(in WORKSPACE, which holds its .clangd and compile_flags.txt), wait for the
adopter diagnostics, ask for the code actions of each, apply the quick-fix's
workspace edit to the text, and compare the result with EXPECTED. Then sends
half-typed code (a forward body with syntax errors) and checks that the
server still answers (diagnostics arrive, no crash), and shuts it down.
Prints what it saw; exits 1 on any mismatch.
"""
import json
import os
import subprocess
import sys
import time


class Server:
    def __init__(self, cmd, cwd):
        self.p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=open(os.path.join(cwd, "clangd.log"), "w"))
        self.next_id = 1
        self.pending = []  # notifications read while waiting for a reply

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        headers = {}
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("adopter-clangd closed its output (crashed?)")
            line = line.strip()
            if not line:
                break
            k, v = line.decode().split(":", 1)
            headers[k.lower()] = v.strip()
        return json.loads(self.p.stdout.read(int(headers["content-length"])))

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == rid and "method" not in m:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result")
            if "method" in m and "id" in m:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            else:
                self.pending.append(m)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version, timeout=120):
        """The first publishDiagnostics for uri at version."""
        end = time.time() + timeout
        while time.time() < end:
            m = self.pending.pop(0) if self.pending else self.read()
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p["diagnostics"]
        raise RuntimeError("no diagnostics within %d s" % timeout)


def offset(text, pos):
    lines = text.split("\n")
    # LSP positions count UTF-16 code units; the fixtures are ASCII.
    return sum(len(l) + 1 for l in lines[:pos["line"]]) + pos["character"]


def apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: offset(text, e["range"]["start"]),
                    reverse=True):
        b, en = offset(text, e["range"]["start"]), offset(text, e["range"]["end"])
        text = text[:b] + e["newText"] + text[en:]
    return text


def main():
    clangd, ws, name, expected = sys.argv[1:5]
    clangd = os.path.abspath(clangd) if os.sep in clangd else clangd
    ws = os.path.abspath(ws)
    path = os.path.join(ws, name)
    uri = "file://" + path
    text = open(path).read()
    s = Server([clangd, "--log=error", "--pretty=false", "-j=2"], ws)
    s.request("initialize", {"processId": os.getpid(), "rootUri": "file://" + ws,
                             "capabilities": {"textDocument": {
                                 "codeAction": {"codeActionLiteralSupport": {
                                     "codeActionKind": {"valueSet": ["quickfix"]}}},
                                 "publishDiagnostics": {"versionSupport": True}}}})
    s.notify("initialized", {})
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1, "text": text}})
    diags = s.diagnostics(uri, 1)
    ours = [d for d in diags if str(d.get("code", "")).startswith("adopter-")]
    for d in diags:
        print("diagnostic: %d:%d %s [%s] %s" % (
            d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1,
            d.get("source"), d.get("code"), d["message"].splitlines()[0]))
    ok = True
    if not ours:
        print("lsp_client: no adopter diagnostic")
        sys.exit(1)
    # The quick-fix of each adopter diagnostic, applied one at a time (as a
    # user would), each to the text the previous one produced.
    version = 1
    for d in ours:
        actions = s.request("textDocument/codeAction", {
            "textDocument": {"uri": uri}, "range": d["range"],
            "context": {"diagnostics": [d], "only": ["quickfix"]}}) or []
        fixes = [a for a in actions if a.get("kind") == "quickfix" and "edit" in a]
        print("code actions for [%s]: %s" % (d["code"], [a["title"] for a in fixes]))
        if len(fixes) != 1:
            print("lsp_client: expected one quick-fix")
            ok = False
            continue
        changes = fixes[0]["edit"].get("changes", {})
        text = apply_edits(text, changes.get(uri, []))
        version += 1
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": text}]})
        after = s.diagnostics(uri, version)
        left = [x for x in after if str(x.get("code", "")).startswith("adopter-")]
        print("after the fix: %d adopter diagnostics, %d errors" % (
            len(left), sum(1 for x in after if x.get("severity") == 1)))
        if any(x.get("severity") == 1 for x in after):
            print("lsp_client: the fixed code does not compile:",
                  [x["message"] for x in after if x.get("severity") == 1])
            ok = False
        break  # one finding in the fixture; the loop shape is for clarity
    want = open(expected).read()
    if text != want:
        print("lsp_client: the fixed text differs from", expected)
        import difflib
        sys.stdout.writelines(difflib.unified_diff(
            want.splitlines(True), text.splitlines(True), "expected", "got"))
        ok = False
    else:
        print("fixed text == %s" % os.path.basename(expected))

    # clangd's own tweaks are linked in too (whole archive): a refactoring
    # is offered on a selected expression.
    line = text.split("\n").index(next(l for l in text.split("\n") if "return fc(x);" in l))
    col = text.split("\n")[line].index("fc(x)")
    acts = s.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": {"line": line, "character": col},
                  "end": {"line": line, "character": col + len("fc(x)")}},
        "context": {"diagnostics": []}}) or []
    tweaks = sorted(a["title"] for a in acts if a.get("kind", "").startswith("refactor"))
    print("clangd tweaks on 'fc(x)':", tweaks)
    if not tweaks:
        ok = False

    # Half-typed code: the server answers with the compiler's errors.
    broken = text.replace("return fc(x);", "return torch::relu(fc(x).")
    version += 1
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": broken}]})
    errs = [x for x in s.diagnostics(uri, version) if x.get("severity") == 1]
    print("half-typed code: %d errors, server alive" % len(errs))
    if not errs:
        ok = False
    s.request("shutdown", None)
    s.notify("exit", None)
    rc = s.p.wait(timeout=30)
    print("adopter-clangd exited with", rc)
    sys.exit(0 if ok and rc == 0 else 1)


if __name__ == "__main__":
    main()
