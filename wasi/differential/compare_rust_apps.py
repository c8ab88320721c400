"""Differential run, outside CI: the Rust WASI programs of apps/rust-wasi on shheap's CLI and
on wasmtime (the `wasmtime` Python package, `pip install wasmtime`; or the `wasmtime` CLI when
WASMTIME_CLI names its binary), with the same arguments, environment, stdin and a fresh
sandbox each. Prints, per program, the exit statuses and every line where stdout or stderr
differ. Build the CLI first (`cargo build -p cli`); run from anywhere:

    python3 wasi/differential/compare_rust_apps.py
"""
import difflib
import os
import subprocess
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APPS = os.path.join(ROOT, "apps", "rust-wasi")
SHHEAP = os.path.join(ROOT, "target", "debug", "shheap")

# (label, program, arguments, environment, stdin, give a sandbox)
CASES = [
    ("fs_tour", "fs_tour", [], [], b"", True),
    ("env_clock_random", "env_clock_random", ["x", "y z"], [("GREETING", "hi"), ("B", "2")], b"", False),
    ("stdio_exit returns", "stdio_exit", [], [], b"hello\nworld\n", False),
    ("stdio_exit exit 7", "stdio_exit", ["exit", "7"], [], b"abc", False),
    ("stdio_exit panic", "stdio_exit", ["panic"], [], b"", False),
]


def wasm(program):
    return os.path.join(APPS, program, program + ".wasm")


def sandbox():
    d = tempfile.mkdtemp()
    with open(os.path.join(d, "keep.txt"), "w") as f:
        f.write("kept\n")
    return d


def on_cli(binary, program, args, env, stdin, box):
    """Runs a program with `BINARY run`: shheap's CLI and wasmtime's take the same flags."""
    argv = [binary, "run"]
    for name, value in env:
        argv += ["--env", f"{name}={value}"]
    if box:
        argv += ["--dir", box + "::/sandbox"]
    p = subprocess.run(argv + [wasm(program)] + args, input=stdin, capture_output=True, env={})
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def on_wasmtime_py(program, args, env, stdin, box):
    import wasmtime

    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    cfg = wasmtime.WasiConfig()
    cfg.argv = [wasm(program)] + args
    cfg.env = list(env)
    files = {}
    for stream in ("stdout", "stderr", "stdin"):
        f = tempfile.NamedTemporaryFile(delete=False)
        if stream == "stdin":
            f.write(stdin)
        f.close()
        files[stream] = f.name
    cfg.stdout_file = files["stdout"]
    cfg.stderr_file = files["stderr"]
    cfg.stdin_file = files["stdin"]
    if box:
        cfg.preopen_dir(box, "/sandbox")
    store.set_wasi(cfg)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, wasm(program))
    instance = linker.instantiate(store, module)
    status = 0
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as e:
        status = e.code
    except wasmtime.Trap as e:
        # The CLI's status for a trap (128 + SIGABRT); the message itself is not compared.
        status = 134
    return status, open(files["stdout"]).read(), open(files["stderr"]).read()


def compare(label, ours, theirs):
    a, b = ours.splitlines(), theirs.splitlines()
    same = sum(1 for x, y in zip(a, b) if x == y)
    print(f"   {label}: {same}/{max(len(a), len(b))} lines agree")
    for line in difflib.unified_diff(a, b, "shheap", "wasmtime", lineterm="", n=0):
        if not line.startswith(("---", "+++", "@@")):
            print("     ", line)


def before_trap_report(stderr):
    """The lines of `stderr` before the runtime's own trap report."""
    kept = []
    for line in stderr.splitlines():
        if line.startswith(("error: wasm trap", "Error:")):
            break
        kept.append(line)
    return "\n".join(kept)


def main():
    cli = os.environ.get("WASMTIME_CLI")
    print("wasmtime:", cli or "Python package")
    for label, program, args, env, stdin, give_box in CASES:
        ours_box = sandbox() if give_box else None
        theirs_box = sandbox() if give_box else None
        code, out, err = on_cli(SHHEAP, program, args, env, stdin, ours_box)
        if cli:
            status, tout, terr = on_cli(cli, program, args, env, stdin, theirs_box)
        else:
            status, tout, terr = on_wasmtime_py(program, args, env, stdin, theirs_box)
        print(f"== {label}: status shheap {code}, wasmtime {status}")
        compare("stdout", out, tout)
        # A trap's own report differs by design (each runtime words it; the Python package
        # prints none): compare what the program wrote before it.
        compare("stderr", before_trap_report(err), before_trap_report(terr))
        if give_box:
            print("   sandbox left:", sorted(os.listdir(ours_box)), sorted(os.listdir(theirs_box)))


if __name__ == "__main__":
    main()
