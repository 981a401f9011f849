"""The emulator's `deal` method, as the vendor's running code answers (6.4, 6.10, 6.11):

- `list`: pages of 200 with `count`; `word` (title), `filter[phone]` (the client's phone,
  by digits), `filter[clid]`, `active` yes (default) / no; no rows is `{"count": 0}` with
  no `data`;
- `info`: the deal's own fields come back null (`did`, `title`, `clid`, `datum`, `kol`,
  `close`; `status_close` false) unless the server was made with `info_nulls=False`;
  `client` only with `client=yes`; 403 for a deal the caller may not see, 404 unknown;
- `steplist`, `statusclose`;
- `change.step`: the current step again is error 302; a step not in the list is taken and
  leaves the deal with no stage name;
- `change.user`: any login is taken (an unknown one leaves no owner); the reply is
  "Успешно. " with `client.send`/`person.send` = yes, with a `<br>` note otherwise;
- `change.close`: `{"result": "Ok", "data": "Сделка закрыта со статусом …"}`, 407 when
  closed already; it checks no access (6.10).
"""

from __future__ import annotations

from typing import Any

from tests.fakes.salesman.data import LIST_PAGE, STATUS_CLOSE, STEPS, Client, Deal, User, digits
from tests.fakes.salesman.data import error as _error

_DENIED = "Сделка с указанным did не найдена в пределах аккаунта указанного пользователя"


class DealHandlers:
    deals: dict[int, Deal]
    clients: dict[int, Client]
    users: dict[str, User]
    info_nulls: bool

    def _by_id(self, iduser: int) -> User | None:
        raise NotImplementedError

    def _deal(self, action: str, params: dict[str, Any], user: User) -> dict[str, Any]:
        if action == "steplist":
            rows = [{"idcategory": i, "title": pct, "content": name} for i, pct, name in STEPS]
            return {"data": rows}
        if action == "statusclose":
            return {"data": [{"sid": sid, "title": title} for sid, title in STATUS_CLOSE]}
        if action == "list":
            return self._deal_list(params, user)
        if action not in ("info", "change.step", "change.user", "change.close"):
            return _error(402, "Неизвестный метод", result=False)
        raw = str(params.get("did") or "").strip()
        if not raw:
            return _error(406 if action != "info" else 405, "Отсутствуют параметры - did сделки")
        deal = self.deals.get(int(raw)) if raw.isdigit() else None
        if action == "change.close":  # the code checks no access here
            return self._close(deal, params) if deal else _error(404, "Не найдено")
        if deal is None:
            return _error(404, "Не найдено")
        if not (user.boss or deal.iduser == user.iduser):
            return _error(403, _DENIED)
        if action == "info":
            return {"data": self._info(deal, params)}
        if action == "change.step":
            return self._step(deal, params)
        return self._hand_over(deal, params)

    def _deal_list(self, params: dict[str, Any], user: User) -> dict[str, Any]:
        filters = params.get("filter") if isinstance(params.get("filter"), dict) else {}
        assert isinstance(filters, dict)
        word = str(params.get("word") or "").lower()
        phone = digits(str(filters.get("phone") or ""))
        clid = str(filters.get("clid") or "")
        active = str(params.get("active") or "yes") != "no"
        chosen = []
        for deal in sorted(self.deals.values(), key=lambda d: (d.datum, d.did), reverse=True):
            client = self.clients.get(deal.clid)
            if not (user.boss or deal.iduser == user.iduser) or deal.close == active:
                continue
            if word and word not in deal.title.lower():
                continue
            if phone and (client is None or phone not in digits(client.phone)):
                continue
            if clid and clid != str(deal.clid):
                continue
            chosen.append(deal)
        page = int(params.get("offset") or 0)
        rows = [self._row(d) for d in chosen[page * LIST_PAGE : (page + 1) * LIST_PAGE]]
        return {"data": rows, "count": len(chosen)} if rows else {"count": 0}

    def _row(self, deal: Deal) -> dict[str, Any]:
        owner = self._by_id(deal.iduser)
        step = next((s for s in STEPS if s[1] == deal.step), None)
        client = self.clients.get(deal.clid)
        return {
            "did": str(deal.did),
            "uid": "",
            "datum": deal.datum,
            "title": deal.title,
            "clid": str(deal.clid),
            "client": client.title if client else "",
            "iduser": str(deal.iduser),
            "user": owner.login if owner else "",
            "datum_plan": deal.datum_plan,
            "step": deal.step,
            "stepID": step[0] if step else None,
            "stepTitle": step[2] if step else None,
            "kol": deal.kol,
            "close": "yes" if deal.close else "no",
            "status_close": deal.status_close or None,
            "kol_fact": deal.kol_fact,
        }

    def _info(self, deal: Deal, params: dict[str, Any]) -> dict[str, Any]:
        data = self._row(deal)
        data.pop("client")
        if self.info_nulls:  # 6.11: these come back null from `info`
            data.update(did=None, title=None, clid=None, datum=None, kol=None, close=None)
            data["status_close"] = False
        client = self.clients.get(deal.clid)
        if str(params.get("client") or "no") == "yes" and client is not None:
            data["client"] = {
                "clid": str(client.clid),
                "title": client.title,
                "phone": client.phone,
                "mail_url": client.mail_url,
            }
        return data

    def _step(self, deal: Deal, params: dict[str, Any]) -> dict[str, Any]:
        step = str(params.get("step") or "").strip()
        if not step:
            return _error(405, "Отсутствуют параметры - Новый этап")
        if step == deal.step:
            return _error(302, "Данные корректны, но идентичны имеющимся")
        before, deal.step = deal.step, step
        return {
            "result": f"Этап сделки изменен на {step}%. Предыдущий этап {before}%",
            "data": deal.did,
        }

    def _hand_over(self, deal: Deal, params: dict[str, Any]) -> dict[str, Any]:
        to = self.users.get(str(params.get("user") or ""))
        deal.iduser = to.iduser if to is not None else 0  # an unknown login: no owner
        moved = all(str(params.get(f) or "no") == "yes" for f in ("client.send", "person.send"))
        text = "Успешно. " if moved else "Успешно.<br>Клиент и контакты не переданы"
        return {"result": text, "data": deal.did}

    def _close(self, deal: Deal, params: dict[str, Any]) -> dict[str, Any]:
        if deal.close:
            return _error(407, "Сделка уже закрыта")
        sid = str(params.get("status_close") or "")
        title = next((t for s, t in STATUS_CLOSE if s == sid), "")
        deal.close, deal.status_close = True, sid
        deal.kol_fact = str(params.get("kol_fact") or deal.kol)
        deal.des_fact = str(params.get("des_fact") or "")
        return {"result": "Ok", "data": f"Сделка закрыта со статусом {title}"}
