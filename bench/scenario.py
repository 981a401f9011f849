"""What each simulated staff member does: the action mix of the benchmark.

The bot: ``/lead <phone>`` → Comment (button) → the comment text → Take into work (button);
then, when ``/deal`` is served: Open deal (button on the taken card) → ``/deal <id>`` (even
users) or ``/deal <phone>`` (odd users) → Comment (button on the deal card) → the comment
text. The bare bot: the same number of plain messages, each answered with a fixed text.
"""

from __future__ import annotations

from bench.crew import Member
from bench.driver import Driver
from handlers.ui.callbacks import DealComment, DealOpen, LeadComment, LeadTake
from tests.fakes.telegram import FakeUser

LEAD_ACTIONS = 4
DEAL_ACTIONS = 4


def actions_per_user(*, deals: bool) -> int:
    """The actions in one run of ``work``."""
    return LEAD_ACTIONS + (DEAL_ACTIONS if deals else 0)


def prefix(factory: type[LeadTake | LeadComment | DealOpen | DealComment]) -> str:
    return factory.__prefix__ + factory.__separator__


async def work(d: Driver, member: Member, *, deals: bool) -> None:
    """One staff member's script (StepFailed when the bot's answer does not let it go on)."""
    user, lead = member.user, member.lead
    take = LeadTake(lead=lead.id).pack()
    action = await d.send(user, "/lead", f"/lead +{lead.phone}")
    card = d.need(action, user, take)
    before = len(d.tg.sent(user.id))
    action = await d.press(user, "Comment (lead)", card, LeadComment(lead=lead.id).pack())
    d.need_new(action, user, before)
    before = len(d.tg.sent(user.id))
    action = await d.send(user, "comment text (lead)", f"Перезвонил, клиент {lead.phone} ждёт КП")
    d.need_new(action, user, before)
    action = await d.press(user, "Take into work", card, take)
    taken = d.need(action, user, prefix(DealOpen))
    if not deals:
        return
    deal = DealOpen.unpack(d.button(taken, prefix(DealOpen))).deal
    comment = DealComment(deal=deal).pack()
    action = await d.press(user, "Open deal", taken, DealOpen(deal=deal).pack())
    deal_card = d.need(action, user, comment)
    query = deal if user.id % 2 == 0 else f"+{lead.phone}"
    before = len(d.tg.sent(user.id))
    action = await d.send(user, "/deal", f"/deal {query}")
    d.need_new(action, user, before)
    before = len(d.tg.sent(user.id))
    action = await d.press(user, "Comment (deal)", deal_card, comment)
    d.need_new(action, user, before)
    before = len(d.tg.sent(user.id))
    action = await d.send(user, "comment text (deal)", "Клиент согласовал договор")
    d.need_new(action, user, before)


async def chat(d: Driver, user: FakeUser, messages: int) -> None:
    """The bare bot's user: ``messages`` plain messages, one after the other."""
    for n in range(messages):
        before = len(d.tg.sent(user.id))
        action = await d.send(user, "plain message", f"hello {n}")
        d.need_new(action, user, before)
