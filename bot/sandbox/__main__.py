"""``python -m bot.sandbox --port N``: run the sandbox CRM until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys

from bot.sandbox import SANDBOX_API_KEY, SandboxServer


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.sandbox", description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--db", default="./data/sandbox.sqlite3")
    parser.add_argument("--api-key", default=SANDBOX_API_KEY)
    parser.add_argument("--timezone", default="Europe/Moscow")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    server = SandboxServer(
        args.db, args.api_key, host=args.host, port=args.port, timezone=args.timezone
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await server.start()
    try:
        print(
            f"Envybox sandbox CRM at {server.url}/openapi/v1/ api_key={server.api_key}", flush=True
        )
        await stop.wait()
    finally:
        await server.stop()


def main(argv: list[str] | None = None) -> int:
    asyncio.run(serve(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
