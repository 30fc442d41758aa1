"""The processes the Slack bench starts and watches: ``calbot run``, a bare Bolt app, /proc.

* :class:`CalbotProcess`: ``calbot run`` as a subprocess (the production entry point: settings
  from the environment, ``bot.runtime.build``, waitress), healthy once ``GET /healthz`` is 200.
* :class:`BareProcess`: a Bolt app that only acks, in a subprocess, on calbot's own stack
  (``bot.web.Web``, waitress with ``bot.runtime.HTTP_THREADS``, a 64-worker listener executor
  like ``bot.app.create_app``): the floor calbot's ack latency is compared with.
* :func:`proc_memory`, :func:`proc_cpu`: what Linux's /proc says about a process.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.harness import wait_until

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proc_memory(pid: int) -> dict[str, float]:
    """VmRSS / VmHWM of a process in MiB (Linux /proc; empty once the process is gone)."""
    found: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return found


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc; NaN once gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str], timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if it has not exited within ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


class CalbotProcess:
    """``calbot run`` as a subprocess on a free port; returns once /healthz answers 200.

    It reads the real clock (a subprocess takes no clock argument): whatever it books must lie
    ahead of the real clock, see ``bench_slack.later``.
    """

    def __init__(self, env: dict[str, str], cwd: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        exe = Path(sys.executable).parent / "calbot"
        self.argv = ([str(exe), "run"] if exe.exists()
                     else [sys.executable, "-m", "bot.cli", "run"])
        self.env = {**env, "PORT": str(self.port)}
        self.log_path = log
        started = time.perf_counter()
        self.log = log.open("ab")
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=cwd, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        with httpx.Client(timeout=1) as http:
            wait_until(lambda: self._healthy(http), 30, "calbot /healthz", poll=0.005)
        self.start_s = time.perf_counter() - started

    def _healthy(self, http: httpx.Client) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"calbot exited with {self.proc.returncode}; see {self.log_path}")
        try:
            return http.get(f"{self.url}/healthz").status_code == 200
        except httpx.HTTPError:
            return False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def memory(self) -> dict[str, float]:
        return proc_memory(self.proc.pid)

    def stop(self) -> None:
        stop(self.proc)
        self.log.close()


def serve_bare(api_url: str, signing_secret: str, bot_token: str) -> None:
    """The bare app, run in the subprocess: a Bolt app that only acks, on calbot's stack.
    Prints its port, then serves until SIGTERM."""
    from concurrent.futures import ThreadPoolExecutor

    from slack_bolt import App
    from slack_sdk import WebClient
    from waitress.server import create_server

    from bot.runtime import HTTP_THREADS
    from bot.web import Web

    app = App(client=WebClient(token=bot_token, base_url=api_url, timeout=10),
              signing_secret=signing_secret,
              listener_executor=ThreadPoolExecutor(max_workers=64,
                                                   thread_name_prefix="bare-listener"))
    app.command(re.compile("^/"))(lambda ack: ack())
    web = Web(app, None, mode="http")
    # the same server settings as bot.runtime.build
    server = create_server(web, host="127.0.0.1", port=0, threads=HTTP_THREADS, ident="bare",
                           asyncore_loop_timeout=1)
    web.ready.set()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print(server.effective_port, flush=True)
    server.run()


_BARE = ("import sys; sys.path.insert(0, sys.argv[1]); from bench.procs import serve_bare;"
         " serve_bare(*sys.argv[2:])")


class BareProcess:
    """:func:`serve_bare` in a subprocess; returns once it has printed its port."""

    def __init__(self, api_url: str, signing_secret: str, bot_token: str, cwd: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BARE, str(ROOT), api_url, signing_secret, bot_token],
            stdout=subprocess.PIPE, text=True, cwd=cwd)
        assert self.proc.stdout is not None
        self.url = f"http://127.0.0.1:{int(self.proc.stdout.readline())}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        stop(self.proc)
