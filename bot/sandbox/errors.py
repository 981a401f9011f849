"""The sandbox's error answers: one exception carrying the HTTP status and the Russian message.

Every error is answered as ``{"status_code": N, "message": "<text>"}`` with HTTP status N.

Documented messages (envybox-openapi-v1 §1.4), with the status codes this sandbox chose where
the document lost them:

* wrong or missing ``api_key`` on any request → 401 «Неправильный ключ api»
* lead/start, lead/log/list, unknown lead → 404 «Лид с данным id не найден»
* lead/start on a lead already taken → 400 «Лид уже взят в работу»
* lead/log/list without ``lead_id`` → 400 «Не указан lead_id»
* deal/updateDealStage, unknown deal (or the deal is not of the given ``client_id``)
  → 404 «Сделка не найдена»
* deal/log/list, unknown deal → 404 «Сделка с данным id не найдена»; without ``deal_id``
  → 400 «Не указан deal_id»
* malformed body, missing or ill-typed required parameter → 500 «Неверный request»
  (the code the document prints for lead/updateLeadValue)

Undocumented cases, chosen here:

* lead/get, lead/update_employee, lead/log/create, unknown lead → 404 «Лид с данным id не найден»
* every other deal endpoint, unknown deal → 404 «Сделка не найдена»
* client/get, client/getContacts, unknown client → 404 «Клиент не найден»
* an ``employee_id`` (non-zero) that names no employee → 404 «Сотрудник не найден»
* deal/updateDealStage on a pipeline with ``allow_manual_change_stage`` "0"
  → 400 «Смена этапа вручную запрещена в настройках воронки»
* deal/updateDealStage to a stage that is not of the deal's pipeline → 400 «Этап не найден»
* lead/start with ``employee_id`` but no ``user_id`` → 500 «Неверный request»
* an unknown path → 404 «Метод не найден»; a known path with the wrong HTTP method
  → 405 «Метод не поддерживается»
"""

from __future__ import annotations

WRONG_KEY = "Неправильный ключ api"
LEAD_NOT_FOUND = "Лид с данным id не найден"
LEAD_TAKEN = "Лид уже взят в работу"
NO_LEAD_ID = "Не указан lead_id"
DEAL_NOT_FOUND = "Сделка не найдена"
DEAL_ID_NOT_FOUND = "Сделка с данным id не найдена"
NO_DEAL_ID = "Не указан deal_id"
BAD_REQUEST = "Неверный request"
CLIENT_NOT_FOUND = "Клиент не найден"
EMPLOYEE_NOT_FOUND = "Сотрудник не найден"
MANUAL_STAGE_FORBIDDEN = "Смена этапа вручную запрещена в настройках воронки"
STAGE_NOT_FOUND = "Этап не найден"
UNKNOWN_METHOD = "Метод не найден"
WRONG_HTTP_METHOD = "Метод не поддерживается"


class ApiError(Exception):
    """An error answer: HTTP ``status``, body ``{"status_code": status, "message": ...}``."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = message
        super().__init__(f"{status} {message}")


def bad_request() -> ApiError:
    """The documented «Неверный request» (500)."""
    return ApiError(500, BAD_REQUEST)
