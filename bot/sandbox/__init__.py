"""An embedded Envybox-compatible CRM (OpenAPI v1 wire format) for demos and tests.

srv = SandboxServer("data/sandbox.sqlite3", SANDBOX_API_KEY)
await srv.start()   # srv.url → "http://127.0.0.1:<port>", the API under /openapi/v1/
...
await srv.stop()
"""

from bot.sandbox.faults import FaultKind
from bot.sandbox.server import SandboxCall, SandboxServer

SANDBOX_API_KEY = "sandbox-key"

__all__ = ["SANDBOX_API_KEY", "FaultKind", "SandboxCall", "SandboxServer"]
