"""From recorded actions and the fake server's call log to per-action timings.

An action's latency runs from the moment the fake server's getUpdates answer carried its
update to the arrival of the last reply the bot sent for it while handling it (a
sendMessage or edit to the user's chat, or the answer to its callback query). The CRM wait
is the time within that span during which a CRM request of that update was open; the bot's
own overhead is the latency minus that wait. Its CRM round trips are its requests in groups
of those open at overlapping times (bench/crm_clock.py ``Tally.round_trips``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.driver import Action
from tests.fakes.telegram import FakeTelegram

REPLY_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"}
)


@dataclass(frozen=True)
class Timing:
    kind: str
    latency: float  # seconds
    crm_wait: float  # seconds
    crm_calls: int
    crm_round_trips: int

    @property
    def overhead(self) -> float:
        return self.latency - self.crm_wait


@dataclass
class Measured:
    timings: list[Timing] = field(default_factory=list)
    unanswered: list[Action] = field(default_factory=list)
    problems: list[Action] = field(default_factory=list)


def _replies(tg: FakeTelegram) -> dict[tuple[str, str], list[float]]:
    """Arrival times of the bot's replies, by ("chat", chat id) or ("query", query id)."""
    index: dict[tuple[str, str], list[float]] = defaultdict(list)
    for call in tg.calls:
        if not call.ok or call.method not in REPLY_METHODS:
            continue
        if "callback_query_id" in call.params:
            index[("query", str(call.params["callback_query_id"]))].append(call.received)
        elif "chat_id" in call.params:
            index[("chat", str(call.params["chat_id"]))].append(call.received)
    return index


def measure(tg: FakeTelegram, actions: list[Action]) -> Measured:
    replies = _replies(tg)
    result = Measured()
    for action in actions:
        if action.problem:
            result.problems.append(action)
        delivered = tg.updates.delivered_at.get(action.update_id)
        handled = action.handled
        if delivered is None or handled is None:
            result.unanswered.append(action)
            continue
        keys = [("chat", str(action.user_id)), ("query", str(action.query_id))]
        times = [t for key in keys for t in replies.get(key, ()) if delivered <= t <= handled.ended]
        if not times:
            result.unanswered.append(action)
            continue
        last = max(times)
        tally = handled.tally
        wait = tally.waited(delivered, last)
        timing = Timing(action.kind, last - delivered, wait, tally.calls, tally.round_trips)
        result.timings.append(timing)
    return result


def by_kind(timings: list[Timing]) -> dict[str, list[Timing]]:
    """The timings by the kind of their action, in the order the kinds first appear."""
    kinds: dict[str, list[Timing]] = defaultdict(list)
    for t in timings:
        kinds[t.kind].append(t)
    return kinds


def mean_by_kind(timings: list[Timing], value: Callable[[Timing], float]) -> dict[str, float]:
    """The mean of ``value`` over the timings of each kind of action."""
    return {kind: sum(map(value, group)) / len(group) for kind, group in by_kind(timings).items()}
