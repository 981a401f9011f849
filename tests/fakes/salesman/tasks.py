"""The emulator's `task` method, as the running code answers (6.6, 6.10, 6.11):

- `list`: nothing at all without `active` (a bare `[]`, also when nothing matches); `user`
  (a login), `did`, `dateStart`/`dateEnd` on the reminder's date (without them: today);
  without `user` the caller's and, for a boss, everyone's; every field a string, `datum` and
  `totime` apart, in the CRM's time zone;
- `add`: `user` (default the caller), `datum`, `totime`, `title`, `des`, `did`; an unknown
  `user` login answers PHP's fatal-error page (HTTP 200);
- `update`: `id`; without `user` the task goes to the caller;
- `doit`: `id`, `status` 1/2, `description`; it succeeds twice on the same task; 403 (a
  number) on someone else's task; `info` answers its 403 as a string.
"""

from __future__ import annotations

from typing import Any

from bot import clock
from tests.fakes.salesman.data import MOSCOW, Task, User
from tests.fakes.salesman.data import error as _error

FATAL = "fatal"  # a handler's answer that the server turns into PHP's fatal-error page


class TaskHandlers:
    tasks: dict[int, Task]
    users: dict[str, User]

    def _by_id(self, iduser: int) -> User | None:
        raise NotImplementedError

    def _task(self, action: str, params: dict[str, Any], user: User) -> Any:
        if action == "list":
            return self._task_list(params, user)
        if action == "add":
            return self._task_add(params, user)
        if action not in ("info", "update", "doit"):
            return _error(402, "Неизвестный метод", result=False)
        raw = str(params.get("id") or "")
        task = self.tasks.get(int(raw)) if raw.isdigit() else None
        if task is None:
            return _error(405, "Отсутствуют параметры - id напоминания")
        if not (user.boss or task.iduser == user.iduser):
            return _error("403" if action == "info" else 403, "Доступ запрещен")
        if action == "info":
            return {"data": self._record(task)}
        if action == "doit":  # done again is done: the code does not check
            task.active = False
            task.status = str(params.get("status") or "1")
            task.result = str(params.get("description") or "")
            return {"result": "Успешно", "data": task.tid, "message": "Выполнено", "historyID": 1}
        to = self.users.get(str(params.get("user") or "")) or user  # no `user`: the caller
        task.iduser = to.iduser
        task.datum = str(params.get("datum") or task.datum)
        task.totime = str(params.get("totime") or task.totime)
        return {"result": "Успешно", "data": task.tid}

    def _task_add(self, params: dict[str, Any], user: User) -> Any:
        login = str(params.get("user") or user.login)
        to = self.users.get(login)
        if to is None:
            return FATAL
        now = clock.now(MOSCOW)
        tid = max(self.tasks, default=9000) + 1
        self.tasks[tid] = Task(
            tid,
            to.iduser,
            int(params.get("did") or 0),
            str(params.get("title") or ""),
            str(params.get("datum") or now.date()),
            str(params.get("totime") or now.strftime("%H:%M")),
            str(params.get("des") or ""),
        )
        return {"result": "Успешно", "data": tid}

    def _task_list(self, params: dict[str, Any], user: User) -> Any:
        active = str(params.get("active") or "")
        if active not in ("yes", "no"):
            return []  # PHP 8.2 without `active`
        today = str(clock.now(MOSCOW).date())
        start = str(params.get("dateStart") or "")
        end = str(params.get("dateEnd") or "")
        if not start and not end:
            start = end = today
        login = str(params.get("user") or "")
        owner = self.users.get(login) if login else None
        did = str(params.get("did") or "")
        rows = []
        for task in sorted(self.tasks.values(), key=lambda t: (t.datum, t.totime, t.tid)):
            if task.active != (active == "yes"):
                continue
            if login and (owner is None or task.iduser != owner.iduser):
                continue
            if not login and not (user.boss or task.iduser == user.iduser):
                continue
            if did and did != str(task.did):
                continue
            if (start and task.datum < start) or (end and task.datum > end):
                continue
            rows.append(self._record(task))
        return rows

    def _record(self, task: Task) -> dict[str, Any]:
        owner = self._by_id(task.iduser)
        return {
            "tid": str(task.tid),
            "datum": task.datum,
            "totime": task.totime,
            "title": task.title,
            "des": task.des,
            "tip": "Звонок",
            "active": "yes" if task.active else "no",
            "priority": "0",
            "speed": "0",
            "iduser": str(task.iduser),
            "user": owner.title if owner else "",
            "autor": "0",
            "did": str(task.did),
            "status": task.status,
        }
