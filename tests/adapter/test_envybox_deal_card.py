"""What a deal card needs from Envybox: the client (client/get), the deal through its client,
and the last comment (deal/log/list), on captured payloads and against the sandbox."""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.crm.envybox import EnvyboxCRM
from bot.crm.errors import NotFound
from bot.crm.models import Client, Contact, ContactKind
from bot.sandbox import SandboxServer, seed
from tests.adapter import payloads as p
from tests.adapter.conftest import MSK, SANDBOX_KEY, Sleeps
from tests.adapter.mock_crm import MockEnvybox

Json = dict[str, Any]

# client/get as the reference prints it (§3.28): contacts with the same id twice (sic), the
# name only in values.service.name; its one deal is made the deal of p.DEAL_GET here.
CLIENT_GET: Json = {
    "result": {
        "id": "549342",
        "crm_id": "244",
        "created_at": "2020-06-01 14:51:42",
        "updated_at": None,
        "deleted_at": None,
        "values": {
            "service": {
                "name": {
                    "id": "16014",
                    "client_id": "549342",
                    "input_id": "1001",
                    "type_id": "1",
                    "value": "Тестовый клиент",
                    "mask": None,
                    "name": "Имя",
                    "name_id": "name",
                }
            },
            "custom": [],
        },
        "contacts": [
            {
                "id": "14805",
                "client_id": "549342",
                "primary": "0",
                "deleted_at": None,
                "type_id": "4",
                "value": "TestClient@Net.Local",
                "group_id": "2",
            },
            {
                "id": "14805",
                "client_id": "549342",
                "primary": "1",
                "deleted_at": None,
                "type_id": "1",
                "value": "89161234567",
                "group_id": "1",
            },
            {
                "id": "14806",
                "client_id": "549342",
                "primary": "0",
                "deleted_at": "2021-01-01 10:00:00",
                "type_id": "1",
                "value": "79990000000",
                "group_id": "1",
            },
        ],
        "deals": [
            {
                "id": "326622",
                "crm_id": "5417",
                "pipeline_id": "3689",
                "client_id": "549342",
                "stage_id": "6471",
                "user_id": "3844",
                "employee_id": "182",
                "department_id": "0",
                "inbox_type_id": "13045",
                "created_at": "2017-11-06 18:01:41",
                "updated_at": None,
                "deleted_at": None,
                "name": "Сделка",
                "stage": "Уточнение",
                "stage_color": "rgb(245,58,255)",
                "status_id": "2002",
            }
        ],
    },
    "status_code": 200,
    "message": "success",
}
CLIENT = Client(
    id="549342",
    name="Тестовый клиент",
    contacts=(
        Contact(kind=ContactKind.PHONE, value="+79161234567"),
        Contact(kind=ContactKind.EMAIL, value="testclient@net.local"),
    ),
)


def _without_deals() -> Json:
    answer = copy.deepcopy(CLIENT_GET)
    answer["result"]["deals"] = []
    return answer


def _log(log_id: int, type_id: int, text: str) -> Json:
    return {
        "id": log_id,
        "crm_element_id": 3,
        "element_id": 326622,
        "type_id": type_id,
        "data": {"comment": text, "user": {"name": "Анна Смирнова"}},
        "employee_id": 182,
        "created_at": "2021-04-21 17:37:24",
    }


def _logs(logs: list[Json], count: int, offset: int) -> Json:
    return {"result": logs, "count": count, "limit": 50, "offset": offset, **p.OK}


async def test_get_client_reads_contacts_primary_first(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    mock.on("client/get", CLIENT_GET)
    assert await crm.get_client("549342") == CLIENT
    assert mock.calls("client/get")[0].body == {"request": {"client_id": 549342}}


async def test_a_known_client_gives_the_deal_in_one_call(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    mock.on("deal/get", p.DEAL_GET)
    mock.on("client/get", CLIENT_GET)
    first = await crm.deal_with_client("326622")
    assert [s.endpoint for s in mock.seen[1:]] == ["deal/get", "client/get"]
    assert first.client == CLIENT and first.name == "Сделка"
    before = len(mock.seen)
    again = await crm.deal_with_client("326622")
    assert [s.endpoint for s in mock.seen[before:]] == ["client/get"]
    assert (again.id, again.name, again.stage_name, again.employee_key) == (
        "326622",
        "Сделка",
        "Уточнение",
        "182",  # client/get is fresher than the first deal/get ("0")
    )
    assert again.client == CLIENT and again.pipeline_id == "3689"


async def test_a_deal_gone_from_its_client_is_read_again(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    """The link deal → client is a memory: when client/get no longer lists the deal (moved,
    deleted), the deal is read by id."""
    mock.on("deal/get", p.DEAL_GET)
    mock.on("client/get", CLIENT_GET, _without_deals(), _without_deals())
    await crm.deal_with_client("326622")
    before = len(mock.seen)
    deal = await crm.deal_with_client("326622")
    assert [s.endpoint for s in mock.seen[before:]] == ["client/get", "deal/get", "client/get"]
    assert deal.id == "326622" and deal.client == CLIENT


async def test_a_deleted_deal_in_client_get_is_not_used(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    deleted = copy.deepcopy(CLIENT_GET)
    deleted["result"]["deals"][0]["deleted_at"] = "2021-05-01 10:00:00"
    mock.on("deal/get", p.DEAL_GET)
    mock.on("client/get", CLIENT_GET, deleted)
    await crm.deal_with_client("326622")
    mock.on("deal/get", p.error("Сделка не найдена", 404))
    with pytest.raises(NotFound):
        await crm.deal_with_client("326622")


async def test_last_comment_of_a_short_log(crm: EnvyboxCRM, mock: MockEnvybox) -> None:
    """Logs come oldest first; a stage change after the comment is not a comment."""
    logs = [_log(1, 2010, "первый"), _log(2, 2010, "второй"), _log(3, 2012, "Этап изменён")]
    mock.on("deal/log/list", _logs(logs, 3, -1))
    entry = await crm.last_deal_comment("326622")
    assert entry is not None
    assert (entry.text, entry.author, entry.is_comment) == ("второй", "Анна Смирнова", True)
    assert len(mock.calls("deal/log/list")) == 1
    mock.on("deal/log/list", _logs([_log(3, 2012, "Этап изменён")], 1, -1))
    assert await crm.last_deal_comment("326622") is None


async def test_last_comment_of_a_long_log_reads_its_last_page(
    crm: EnvyboxCRM, mock: MockEnvybox
) -> None:
    first = [_log(n, 2010, f"№{n}") for n in range(50)]
    last = [_log(n, 2010, f"№{n}") for n in range(70, 120)]
    mock.on("deal/log/list", _logs(first, 120, 50), _logs(last, 120, -1))
    entry = await crm.last_deal_comment("326622")
    assert entry is not None and entry.text == "№119"
    queries = [s.query for s in mock.calls("deal/log/list")]
    assert [(q["offset"], q["limit"]) for q in queries] == [("0", "50"), ("70", "50")]


# --------------------------------------------------------------------------- the sandbox


@pytest.fixture
async def live(srv: SandboxServer) -> AsyncIterator[EnvyboxCRM]:
    client = EnvyboxCRM(srv.url, SANDBOX_KEY, timezone=MSK, timeout=5.0, sleep=Sleeps())
    yield client
    await client.close()


async def test_sandbox_client_and_deal_through_it(live: EnvyboxCRM, srv: SandboxServer) -> None:
    kozlov = seed.CLIENTS[0]
    client = Client(
        id=str(kozlov.id),
        name="Андрей Козлов",
        contacts=(
            Contact(kind=ContactKind.PHONE, value="+79265550001"),
            Contact(kind=ContactKind.EMAIL, value="kozlov@example.ru"),
        ),
    )
    deal_id = str(seed.DEALS[0].id)
    await live.pipelines()  # warm-up: reference data
    before = len(srv.calls)
    deal = await live.deal_with_client(deal_id)
    assert [c.path for c in srv.calls[before:]] == ["deal/get", "client/get"]
    assert (deal.name, deal.stage_name, deal.client) == (
        "Поставка оборудования",
        "Квалификация",
        client,
    )
    before = len(srv.calls)
    assert await live.deal_with_client(deal_id) == deal
    assert await live.get_client(str(kozlov.id)) == client
    # the client's other deal is known through client/get: one call for it too
    other = await live.deal_with_client(str(seed.DEALS[4].id))
    assert other.name == "Продление лицензии"
    assert [c.path for c in srv.calls[before:]] == ["client/get"] * 3
    with pytest.raises(NotFound):
        await live.get_client("1")
    with pytest.raises(NotFound):
        await live.deal_with_client("1")


async def test_sandbox_last_comment(live: EnvyboxCRM, srv: SandboxServer) -> None:
    deal_id = str(seed.DEALS[0].id)
    entry = await live.last_deal_comment(deal_id)
    assert entry is not None
    assert (entry.text, entry.author) == (seed.COMMENTS[0][2], "Иван Петров")
    assert await live.last_deal_comment(str(seed.DEALS[2].id)) is None
    for n in range(1, 61):
        await live.comment_deal(deal_id, f"n{n}", as_employee="182")
    await live.change_deal_stage(deal_id, str(seed.SALES_TALKS), as_employee="182")
    before = len(srv.calls)
    entry = await live.last_deal_comment(deal_id)
    # deal/createComment takes no employee: the key's owner is the author
    assert entry is not None and (entry.text, entry.author) == ("n60", "Администратор")
    assert [c.path for c in srv.calls[before:]] == ["deal/log/list", "deal/log/list"]
