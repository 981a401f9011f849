"""Drives simulated users through the fake Telegram server, one update (= one action) at a
time per user, and records each action for measuring afterwards."""

from __future__ import annotations

from dataclasses import dataclass

from bench.probe import Handled
from bench.remote import RemoteProbe
from tests.fakes.telegram import FakeTelegram, FakeUser, SentMessage


@dataclass
class Action:
    """One user action: the update it became and what became of it."""

    kind: str
    user_id: int
    update_id: int
    query_id: str | None = None
    handled: Handled | None = None
    problem: str = ""  # the bot answered, but not with what the next action needs


class StepFailed(Exception):
    """The user cannot go on with their script (no answer, or not the expected one)."""


class Driver:
    def __init__(self, tg: FakeTelegram, probe: RemoteProbe, timeout: float) -> None:
        self.tg = tg
        self.probe = probe
        self.timeout = timeout
        self.actions: list[Action] = []

    def _last_update_id(self) -> int:
        return int(self.tg.updates.pending[-1]["update_id"])

    async def _finish(self, action: Action) -> Action:
        self.actions.append(action)
        action.handled = await self.probe.wait(action.update_id, self.timeout)
        if action.handled is None:
            raise StepFailed(f"{action.kind}: not handled within {self.timeout} s")
        return action

    async def send(self, user: FakeUser, kind: str, text: str) -> Action:
        self.tg.send_text(user, text)
        return await self._finish(Action(kind, user.id, self._last_update_id()))

    async def press(self, user: FakeUser, kind: str, message: SentMessage, data: str) -> Action:
        query_id = self.tg.press(user, message, data)
        return await self._finish(Action(kind, user.id, self._last_update_id(), query_id))

    def message_with(self, user: FakeUser, prefix: str) -> SentMessage | None:
        """The newest message in the user's chat with a button whose data starts so."""
        for message in reversed(self.tg.sent(user.id)):
            if not message.deleted and any(
                (data or "").startswith(prefix) for _, data in message.buttons()
            ):
                return message
        return None

    def need(self, action: Action, user: FakeUser, prefix: str) -> SentMessage:
        """The message with that button, or the action is marked and the script stops."""
        found = self.message_with(user, prefix)
        if found is None:
            action.problem = f"no button {prefix!r} after {action.kind}"
            raise StepFailed(action.problem)
        return found

    def button(self, message: SentMessage, prefix: str) -> str:
        return next(d for _, d in message.buttons() if d is not None and d.startswith(prefix))

    def need_new(self, action: Action, user: FakeUser, before: int) -> SentMessage:
        """The first message sent to the user after ``before`` messages, or the script stops."""
        sent = self.tg.sent(user.id)
        if len(sent) <= before:
            action.problem = f"no new message after {action.kind}"
            raise StepFailed(action.problem)
        return sent[before]
