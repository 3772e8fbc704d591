"""A loopback TCP proxy that holds every request for a fixed delay before passing it on, so a benchmark
can measure edcert against an API that answers in, say, 100 ms, as a vendor's staging API does.

    python benchmarks/latency_proxy.py --upstream 127.0.0.1:8000 --delay 0.1   # prints its own address

The first bytes of each request on a connection (the first after the previous answer) wait `delay`
seconds, however many pieces the request arrives in; answers pass through at once. Host headers are
left alone, so absolute URLs the target builds from them point back at the proxy.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading


class LatencyProxy:
    """Runs in a background thread; `address` is where clients connect."""

    def __init__(self, upstream_host: str, upstream_port: int, delay: float) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.delay = delay
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self) -> LatencyProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop)
        self._thread.join(5)

    def __enter__(self) -> LatencyProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            writer.close()
            return
        answered = asyncio.Event()
        answered.set()  # the first request of a connection waits too
        with contextlib.suppress(asyncio.CancelledError):  # the proxy is stopping
            await asyncio.gather(self._requests(reader, up_writer, answered), self._answers(up_reader, writer, answered))

    async def _requests(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                        answered: asyncio.Event) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                if answered.is_set():  # a new request begins: it waits once
                    answered.clear()
                    await asyncio.sleep(self.delay)
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(OSError):
            writer.close()

    @staticmethod
    async def _answers(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, answered: asyncio.Event) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            while data := await reader.read(65536):
                answered.set()
                writer.write(data)
                await writer.drain()
        with contextlib.suppress(OSError):
            writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--upstream", required=True, help="host:port of the API")
    parser.add_argument("--delay", type=float, default=0.1, help="seconds each request waits (default 0.1)")
    args = parser.parse_args()
    host, port = args.upstream.rsplit(":", 1)
    with LatencyProxy(host, int(port), args.delay) as proxy:
        print(f"latency proxy on {proxy.address} -> {args.upstream}, {args.delay * 1000:.0f} ms per request", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
