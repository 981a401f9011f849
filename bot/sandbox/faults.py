"""The faults the sandbox plays when a test (or a demo) asks for them with `fail_next`: a CRM
that does not answer, a proxy's 502 page, a PHP error page sent with 200, and a request the
CRM refuses («Неверный request», answered by the server as any refusal)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Literal, Protocol

from aiohttp import web

FaultKind = Literal["timeout", "http_502", "bad_json", "refused"]
FAULT_KINDS = ("timeout", "http_502", "bad_json", "refused")
TIMEOUT_FAULT_SECONDS = 3600.0
BAD_GATEWAY_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    "</body>\r\n</html>\r\n"
)
BAD_JSON_BODY = (
    "<br />\n<b>Fatal error</b>:  Allowed memory size exhausted in <b>index.php</b><br />\n"
)


class Answered(Protocol):
    status: int


async def play(kind: FaultKind, call: Answered, closing: asyncio.Event) -> web.Response:
    """The answer of a fault other than "refused" (a timeout waits until the server stops)."""
    if kind == "timeout":
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(closing.wait(), TIMEOUT_FAULT_SECONDS)
        raise web.HTTPServiceUnavailable()
    call.status = 502 if kind == "http_502" else 200
    body = BAD_GATEWAY_HTML if kind == "http_502" else BAD_JSON_BODY
    return web.Response(status=call.status, text=body, content_type="text/html")
