"""The real floorwatchd for end-to-end tests: started with TCP listeners of given formats on free ports,
on the event clock, in its own directory; queried over its Unix socket (HTTP/1.1, what curl --unix-socket does).
Shared by the end-to-end tests so the way they start and read the daemon is written once."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("FLOORWATCHD_BINARY", REPO / ".build" / "debug" / "floorwatchd"))


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dechunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


def query(sock_path: str, path: str, timeout: float = 5.0):
    """GET over HTTP/1.1 on the Unix query socket; returns (status, parsed JSON body)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(sock_path)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = _dechunk(body)
    return status, json.loads(body) if body.strip() else None


class Daemon:
    """floorwatchd with one TCP listener per format in `formats` (its port in `ports[format]`)."""

    def __init__(self, workdir: str, formats: list, config: str | None = None):
        self.workdir = workdir
        self.formats = formats
        self.sock = os.path.join(workdir, "q.sock")
        self.state = os.path.join(workdir, "state")
        self.log_path = os.path.join(workdir, "floorwatchd.log")
        self.config = None
        if config:
            self.config = os.path.join(workdir, "floorwatchd.toml")
            Path(self.config).write_text(config)
        self.ports: dict = {}
        self.proc = None
        self.cmd: list = []

    def start(self, keep_ports: bool = False) -> None:
        """keep_ports: listen where the last start did (a restart: the sources keep their names)."""
        for udp in ("127.0.0.1:0", f"127.0.0.1:{free_port(socket.SOCK_DGRAM)}"):
            if not (keep_ports and self.ports):
                self.ports = {fmt: free_port() for fmt in self.formats}
            listeners = [arg for fmt, port in self.ports.items() for arg in ("--tcp", f"127.0.0.1:{port}={fmt}")]
            self.cmd = [str(BINARY)] + (["--config", self.config] if self.config else []) + [
                "--udp", udp, *listeners,
                "--query-socket", self.sock, "--state-dir", self.state, "--clock", "event"]
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(self.cmd, cwd=self.workdir, stdout=log, stderr=subprocess.STDOUT)
            if self._wait_ready():
                return
            self.stop()     # e.g. --udp 127.0.0.1:0 rejected: try a real free port
        raise RuntimeError(f"floorwatchd did not become healthy ({' '.join(self.cmd)}); log:\n{self.log()}")

    def _wait_ready(self, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            with contextlib.suppress(OSError, ValueError, IndexError):
                status, body = query(self.sock, "/v1/health", timeout=1.0)
                if status == 200 and body and body.get("status") in ("ok", "degraded"):
                    break
            time.sleep(0.1)
        else:
            return False
        for port in self.ports.values():
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1.0).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or self.proc.poll() is not None:
                        return False
                    time.sleep(0.05)
        return True

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.proc = None

    def log(self) -> str:
        with contextlib.suppress(OSError):
            return Path(self.log_path).read_text(errors="replace")[-4000:]
        return ""

    def get(self, path: str):
        status, body = query(self.sock, path)
        assert status == 200, f"GET {path} -> {status}: {body}"
        return body


@contextlib.contextmanager
def running_daemon(formats: list, config: str | None = None):
    """A started daemon; always stopped, and its temporary directory always removed."""
    if not BINARY.exists():
        pytest.skip(f"{BINARY} not built")
    workdir = tempfile.mkdtemp(prefix="fw-e2e-")
    d = Daemon(workdir, formats, config)
    try:
        d.start()
        yield d
    finally:
        d.stop()
        shutil.rmtree(workdir, ignore_errors=True)
