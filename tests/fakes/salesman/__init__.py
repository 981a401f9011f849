"""A SalesMan CRM API 2.0 emulator on loopback (`server.SalesmanServer`), its demo data
(`data`) and its handlers by method (`leads`, `deals`, `tasks`)."""

from tests.fakes.salesman.data import API_KEY, BOT_LOGIN, MOSCOW, Deal, Task, User
from tests.fakes.salesman.server import Call, SalesmanServer

__all__ = ["API_KEY", "BOT_LOGIN", "MOSCOW", "Call", "Deal", "SalesmanServer", "Task", "User"]
