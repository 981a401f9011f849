"""The retry policy: reads retry on transport errors and unexplained 5xx; writes only unsent.
A write's failure says whether its request may have reached the CRM (`write_sent`)."""

from __future__ import annotations

import httpx
import pytest

from bot.crm.deadline import within
from bot.crm.envybox import EnvyboxCRM
from bot.crm.errors import (
    CRMError,
    Rejected,
    TimedOut,
    Unavailable,
    UnexpectedPayload,
    UnknownOutcome,
    outcome_unknown,
)
from bot.crm.models import NewLead
from bot.crm.transport.retry import backoff_delay
from tests.adapter import payloads as p
from tests.adapter.conftest import MSK, Sleeps
from tests.adapter.mock_crm import MockEnvybox


def bad_gateway() -> httpx.Response:
    return httpx.Response(502, content=p.HTML_502, headers={"content-type": "text/html"})


def test_backoff_grows_is_jittered_and_capped() -> None:
    for attempt in range(1, 12):
        delay = backoff_delay(attempt, base=0.25, cap=4.0)
        ceiling = min(4.0, 0.25 * 2 ** (attempt - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert len({backoff_delay(3) for _ in range(20)}) > 1


@pytest.mark.parametrize(
    "failure",
    [
        bad_gateway(),
        httpx.ReadTimeout("slow"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("hung up"),
        httpx.Response(503, json={"oops": 1}),
    ],
)
async def test_reads_are_retried_then_succeed(
    crm: EnvyboxCRM, mock: MockEnvybox, sleeps: Sleeps, failure: httpx.Response | Exception
) -> None:
    mock.on("lead/get", failure, p.LEAD_GET)
    lead = await crm.get_lead("1643973")
    assert lead.name == "Денис"
    assert len(mock.calls("lead/get")) == 2 and len(sleeps.delays) == 1


async def test_reads_give_up_after_the_attempts(
    crm: EnvyboxCRM, mock: MockEnvybox, sleeps: Sleeps
) -> None:
    mock.on("deal/getTasks", bad_gateway())
    with pytest.raises(Unavailable):
        await crm.deal_tasks("1")
    assert len(mock.calls("deal/getTasks")) == 3
    assert len(sleeps.delays) == 2 and sleeps.delays[0] <= 0.25 < sleeps.delays[1] * 4


async def test_read_timeouts_exhausted_are_timed_out(
    crm: EnvyboxCRM, mock: MockEnvybox, sleeps: Sleeps
) -> None:
    mock.on("main/data", httpx.ReadTimeout("slow"))
    with pytest.raises(TimedOut):
        await crm.crm_info()
    assert len(mock.calls("main/data")) == 3


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (bad_gateway(), Unavailable),
        (httpx.ReadTimeout("slow"), TimedOut),
        (httpx.WriteTimeout("slow"), TimedOut),
        (httpx.RemoteProtocolError("hung up"), Unavailable),
    ],
)
async def test_writes_that_may_have_arrived_are_not_retried(
    crm: EnvyboxCRM,
    mock: MockEnvybox,
    sleeps: Sleeps,
    failure: httpx.Response | Exception,
    error: type[CRMError],
) -> None:
    mock.on("lead/start", failure, p.LEAD_START)
    with pytest.raises(error) as raised:
        await crm.take_lead("1", as_employee="182")
    assert len(mock.calls("lead/start")) == 1 and sleeps.delays == []
    assert outcome_unknown(raised.value)  # the CRM may have taken it: nobody can tell


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")],
)
async def test_a_write_that_never_left_is_known_not_done(
    crm: EnvyboxCRM, mock: MockEnvybox, failure: Exception
) -> None:
    mock.on("lead/start", failure)
    with pytest.raises(Unavailable) as raised:
        await crm.take_lead("1", as_employee="182")
    assert len(mock.calls("lead/start")) == 3
    assert raised.value.write_sent is False and not outcome_unknown(raised.value)


@pytest.mark.parametrize("failure", [httpx.ReadTimeout("slow"), bad_gateway()])
async def test_a_failed_read_leaves_no_outcome_unknown(
    crm: EnvyboxCRM, mock: MockEnvybox, failure: httpx.Response | Exception
) -> None:
    """A read changes nothing: its failure inside a write says nothing of the write."""
    mock.on("lead/get", failure)
    with pytest.raises(Unavailable) as raised:
        await crm.get_lead("1")
    assert not outcome_unknown(raised.value)


async def test_a_write_with_no_time_left_is_known_not_done(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    mock.on("lead/start", p.LEAD_START)
    await crm.crm_info()
    with within(0), pytest.raises(TimedOut) as raised:
        await crm.take_lead("1", as_employee="182")
    assert mock.calls("lead/start") == [] and not outcome_unknown(raised.value)


async def test_a_lost_lead_set_then_a_failed_workset_is_an_unknown_outcome(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    """lead/set may have made the lead before its answer was lost: whatever lead/workset
    says after it, nobody knows whether the lead exists."""
    mock.on("lead/set", httpx.ReadTimeout("slow"))
    mock.on("lead/workset", httpx.ConnectError("refused"))
    with pytest.raises(UnknownOutcome):
        await crm.create_lead(NewLead(name="Игорь", phone="+79997654321"), as_employee="182")
    mock.on("lead/set", httpx.ConnectError("refused"))  # never left: nothing to make up for
    with pytest.raises(Unavailable) as raised:
        await crm.create_lead(NewLead(name="Игорь", phone="+79997654321"), as_employee="182")
    assert raised.value.write_sent is False and len(mock.calls("lead/workset")) == 3


@pytest.mark.parametrize(
    "failure",
    [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("busy")],
)
async def test_writes_that_never_left_are_retried(
    crm: EnvyboxCRM, mock: MockEnvybox, sleeps: Sleeps, failure: Exception
) -> None:
    mock.on("deal/createComment", failure, p.OK)
    await crm.comment_deal("1", "text", as_employee="182")
    assert len(mock.calls("deal/createComment")) == 2 and len(sleeps.delays) == 1


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (httpx.Response(404, content=b"nope"), UnexpectedPayload),
        (httpx.Response(500, json=p.error("Неверный request", 500)), Rejected),
    ],
)
async def test_4xx_and_explained_5xx_are_never_retried(
    crm: EnvyboxCRM,
    mock: MockEnvybox,
    sleeps: Sleeps,
    answer: httpx.Response,
    error: type[CRMError],
) -> None:
    mock.on("lead/get", answer, p.LEAD_GET)
    with pytest.raises(error):
        await crm.get_lead("1")
    assert len(mock.calls("lead/get")) == 1 and sleeps.delays == []


async def test_retries_setting_is_the_number_of_attempts(mock: MockEnvybox) -> None:
    mock.on("lead/get", bad_gateway())
    sleeps = Sleeps()
    async with mock.client() as client:
        crm = EnvyboxCRM(
            "https://x.envycrm.com", p.KEY, timezone=MSK, client=client, retries=5, sleep=sleeps
        )
        await crm.crm_info()
        with pytest.raises(Unavailable):
            await crm.get_lead("1")
    assert len(mock.calls("lead/get")) == 5 and len(sleeps.delays) == 4
