"""Differential run, outside CI: the apps/wasi programs in `portable` mode on shheap's CLI
and on wasmtime (through the `wasmtime` Python package, `pip install wasmtime`), their
outputs compared line by line. Build the CLI first (`cargo build -p cli`); run from anywhere:

    python3 wasi/differential/compare_wasmtime.py
"""
import difflib
import os
import subprocess
import tempfile

import wasmtime

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APPS = os.path.join(ROOT, "apps", "wasi")
SHHEAP = os.path.join(ROOT, "target", "debug", "shheap")


def run(name, argv, env=(), stdin=None, sandbox=None, read_only=False):
    """Runs apps/wasi/NAME on wasmtime; returns (exit status or trap text, stdout)."""
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    cfg = wasmtime.WasiConfig()
    cfg.argv = argv
    cfg.env = list(env)
    out = tempfile.NamedTemporaryFile(delete=False)
    out.close()
    cfg.stdout_file = out.name
    if stdin is not None:
        inp = tempfile.NamedTemporaryFile(delete=False)
        inp.write(stdin)
        inp.close()
        cfg.stdin_file = inp.name
    if sandbox:
        if read_only:
            cfg.preopen_dir(sandbox, "/sandbox", False)
        else:
            cfg.preopen_dir(sandbox, "/sandbox")
    store.set_wasi(cfg)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, os.path.join(APPS, name))
    instance = linker.instantiate(store, module)
    status = 0
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        status = e.code
    except Exception as e:
        status = "trap: " + str(e)
    return status, open(out.name).read()


def sandbox():
    """A scratch directory with the two symlinks fs.c tries to escape through."""
    d = tempfile.mkdtemp()
    os.symlink("/", os.path.join(d, "outside"))
    os.symlink("loop", os.path.join(d, "loop"))
    return d


def main():
    """Runs each program on both runtimes and prints where their outputs differ."""

    def shheap(args, stdin=b"", env=None):
        p = subprocess.run([SHHEAP, "run"] + args, input=stdin, capture_output=True, env=env or {})
        return p.returncode, p.stdout.decode(), p.stderr.decode()

    def compare(label, ours, theirs, ignore=()):
        a = [l for l in ours.splitlines() if not l.startswith(ignore)]
        b = [l for l in theirs.splitlines() if not l.startswith(ignore)]
        same = sum(1 for x, y in zip(a, b) if x == y)
        print(f"== {label}: {same}/{max(len(a), len(b))} lines agree" + (f" (ignoring {ignore})" if ignore else ""))
        for line in difflib.unified_diff(a, b, "shheap", "wasmtime", lineterm="", n=0):
            if not line.startswith(("---", "+++")):
                print("   ", line)

    d1, d2 = sandbox(), sandbox()
    code, ours, err = shheap(["--dir", d1 + "::/sandbox", APPS + "/fs.wasm", "portable"])
    status, theirs = run("fs.wasm", ["fs.wasm", "portable"], sandbox=d2)
    print("fs status", code, status, err)
    compare("fs.wasm portable", ours, theirs)

    d1, d2 = sandbox(), sandbox()
    code, ours, err = shheap(["--dir", d1 + "::/sandbox:ro", APPS + "/fs.wasm", "portable"])
    status, theirs = run("fs.wasm", ["fs.wasm", "portable"], sandbox=d2, read_only=True)
    print("fs read-only status", code, status, err)
    compare("fs.wasm portable read-only", ours, theirs)

    code, ours, err = shheap(["--env", "GREETING=hi", APPS + "/misc.wasm", "a", "b c", "portable"], stdin=b"hello stdin\n")
    status, theirs = run("misc.wasm", ["misc.wasm", "a", "b c", "portable"], env=[("GREETING", "hi")], stdin=b"hello stdin\n")
    print("misc status", code, status, err)
    compare("misc.wasm portable", ours, theirs, ignore=("random:",))

    code, ours, err = shheap([APPS + "/misc.wasm", "raise", "portable"])
    status, theirs = run("misc.wasm", ["misc.wasm", "raise", "portable"], stdin=b"")
    print("misc raise: shheap status", code, repr(err.strip()), "| wasmtime", status)
    compare("misc.wasm raise portable", ours, theirs, ignore=("random:",))

    code, ours, err = shheap([APPS + "/exit3.wasm"])
    status, theirs = run("exit3.wasm", ["exit3.wasm"])
    print("exit3: shheap", code, "wasmtime", status, ours == theirs)
    code, ours, err = shheap([APPS + "/hello.wasm", "one", "two words"])
    status, theirs = run("hello.wasm", ["hello.wasm", "one", "two words"])
    print("hello: shheap", code, "wasmtime", status, ours == theirs)


if __name__ == "__main__":
    main()
