"""Sending signed requests in bulk: threads of keep-alive httpx clients, here or in a spawned
load process (so client-side work does not share a GIL with the fakes).

Each request is ``(body, headers)``, already signed (``tests.e2e.harness.SlackSide.headers``).
Each result is ``(sent, seconds, status)``: ``sent`` is ``time.time()`` when it was sent, to be
compared with the fake Slack's ``Call.time`` / response times (which are ``time.time()`` too);
``seconds`` is the client-side response time (``perf_counter``).
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import httpx

Request = tuple[bytes, dict[str, str]]
Result = tuple[float, float, int]


def post_all(url: str, requests: list[Request],
             concurrency: int) -> tuple[list[Result], float]:
    """POST every request to ``url``/slack/events with ``concurrency`` threads, one keep-alive
    client per thread. Returns the results in order and the wall time of the whole batch."""
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    def one(request: Request) -> Result:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=url, timeout=30)
            with lock:
                clients.append(client)
        body, headers = request
        sent = time.time()
        t0 = time.perf_counter()
        answer = client.post("/slack/events", content=body, headers=headers)
        return sent, time.perf_counter() - t0, answer.status_code

    try:
        with ThreadPoolExecutor(max_workers=concurrency) as threads:
            started = time.perf_counter()
            results = list(threads.map(one, requests))
            wall = time.perf_counter() - started
    finally:
        for client in clients:
            client.close()
    return results, wall


def fire(url: str, requests: list[Request], concurrency: int) -> dict[str, Any]:
    """What the load process runs (importable by name for the spawned process)."""
    results, wall = post_all(url, requests, concurrency)
    return {"results": results, "wall": wall}


class LoadProcess:
    """One spawned process that runs :func:`fire` on request."""

    def __init__(self) -> None:
        self.pool = ProcessPoolExecutor(max_workers=1,
                                        mp_context=multiprocessing.get_context("spawn"))
        self.pool.submit(time.sleep, 0).result()  # pay the spawn before anything is measured

    def fire(self, url: str, requests: list[Request], concurrency: int) -> dict[str, Any]:
        return self.pool.submit(fire, url, requests, concurrency).result()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
