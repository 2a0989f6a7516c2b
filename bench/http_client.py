"""CPU per Bot API-sized call: PTB's default client (httpx) against aiohttp (bot/telegram/http.py).

Run:  .venv/bin/python bench/http_client.py [--calls 2000]

A local aiohttp server (another process) answers form-encoded POSTs with a small Bot API-like
JSON body; the client sends `--calls` requests one at a time and 16 at a time, and prints the
client process's CPU time per call and the calls per second.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from multiprocessing import Process

import aiohttp
import httpx
from aiohttp import web


def serve():
    async def h(request):
        await request.post()
        return web.json_response(
            {
                "ok": True,
                "result": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 1, "type": "private"},
                    "text": "hello",
                },
            }
        )

    app = web.Application()
    app.router.add_post("/{x}", h)
    web.run_app(app, host="127.0.0.1", port=18765, print=None)


URL = "http://127.0.0.1:18765/sendMessage"
FORM = {"chat_id": "1", "text": "hello world"}


async def measure(one, n, conc):
    """Warm up once, then `n` calls `conc` at a time: (ms of CPU per call, calls per second)."""
    await asyncio.gather(*(one() for _ in range(conc)))
    t0 = time.process_time()
    w0 = time.perf_counter()
    for _ in range(n // conc):
        await asyncio.gather(*(one() for _ in range(conc)))
    return (time.process_time() - t0) / n * 1000, n / (time.perf_counter() - w0)


async def run_httpx(n, conc):
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    async with httpx.AsyncClient(limits=limits) as c:

        async def one():
            return (await c.post(URL, data=FORM)).content

        return await measure(one, n, conc)


async def run_aiohttp(n, conc):
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as s:

        async def one():
            async with s.post(URL, data=FORM) as r:
                return await r.read()

        return await measure(one, n, conc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    server = Process(target=serve, daemon=True)
    server.start()
    time.sleep(1.5)
    try:
        for conc in (1, 16):
            for name, fn in (("httpx", run_httpx), ("aiohttp", run_aiohttp)):
                cpu_ms, rate = asyncio.run(fn(args.calls, conc))
                print(
                    f"{name:8} {conc:2} in flight: {cpu_ms:.3f} ms CPU per call, {rate:,.0f} calls/s"
                )
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
