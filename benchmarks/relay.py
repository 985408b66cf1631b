"""A TCP relay that delays every chunk, to measure the page as a far-away learner feels it.

Per connection and direction, a reader stamps each chunk "deliver at now + delay/2" and a
writer sleeps until then and writes it: order kept, latency only, no bandwidth limit. HTTP
and websockets pass through alike, so a browser opening JupyterLab through the relay's
port sees a server `delay` milliseconds of round trip away.

    with Relay(target_port=8888, delay_ms=100) as relay:
        page.goto(f"http://127.0.0.1:{relay.port}/lab")
"""
from __future__ import annotations

import asyncio
import threading


class Relay:
    """127.0.0.1:<port> -> 127.0.0.1:<target_port>, adding delay_ms of round trip."""

    def __init__(self, target_port, delay_ms=100.0):
        self.target_port = target_port
        self.one_way = delay_ms / 2000.0   # seconds each way
        self.port = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._connect, "127.0.0.1", 0), self._loop).result(timeout=10)
        self._server = server
        self.port = server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc):
        async def stop():
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        asyncio.run_coroutine_threadsafe(stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    async def _connect(self, client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(self._pipe(client_reader, server_writer),
                                 self._pipe(server_reader, client_writer), return_exceptions=True)
        except asyncio.CancelledError:
            pass   # the relay is stopping: this connection ends with it

    async def _pipe(self, reader, writer):
        """Copy reader to writer, each chunk delivered one_way seconds after it was read."""
        loop = asyncio.get_running_loop()
        queue = asyncio.Queue()

        async def read():
            while True:
                data = await reader.read(65536)
                await queue.put((loop.time() + self.one_way, data))
                if not data:
                    return

        async def write():
            while True:
                due, data = await queue.get()
                await asyncio.sleep(max(0.0, due - loop.time()))
                if not data:
                    writer.close()
                    return
                writer.write(data)
                await writer.drain()

        await asyncio.gather(read(), write(), return_exceptions=True)
