"""Envybox answers copied from the API reference's examples (values the OCR lost filled in).

Older endpoints send ids as strings, newer ones as numbers; both are kept as printed.
"""

from __future__ import annotations

from typing import Any

Json = dict[str, Any]

KEY = "s3cr3t-KEY-0123456789abcdef"

MAIN_DATA: Json = {
    "id": "2119",
    "user_id": "3844",
    "callback_id": "106",
    "name": "Тестовая CRM",
    "api_key": KEY,
    "created_at": "2017-03-27 11:07:52",
    "updated_at": "2017-05-26 18:43:19",
    "deleted_at": None,
    "inbox_types": [
        {"id": "13045", "crm_id": "2119", "name": "Добавлен вручную", "edit": "0", "type": "1"},
        {"id": "67", "crm_id": "2119", "name": "Заявка с сайта", "edit": "0", "type": "1"},
    ],
    "employees": [
        {
            "id": "182",
            "user_id": "3844",
            "name": "Диана",
            "surname": "Гусева",
            "email": "Guseva.Chat@callbackkiller.com",
            "profession": "основатель",
            "user_logo": "",
            "crm_phone_number": "8 (999) 123-45-67",
        },
        {"id": 183, "name": "Олег", "surname": None, "email": None, "profession": None},
    ],
    "lead": {
        "pipelines": [
            {
                "id": "3585",
                "name": "Стартовая",
                "allow_manual_change_stage": "0",
                "primary": "1",
                "stages": {
                    "15017": {
                        "id": "15017",
                        "pipeline_id": "3585",
                        "status_id": "1",
                        "name": "Новая",
                        "position": "0",
                    },
                    "13901": {
                        "id": "13901",
                        "pipeline_id": "3585",
                        "status_id": "3",
                        "name": "Существующий клиент",
                        "position": "2",
                    },
                },
            }
        ],
        "custom_fields": [],
    },
    "client": {"custom_fields": []},
    "deal": {
        "pipelines": [
            {
                "id": "3689",
                "name": "Для вебинара",
                "allow_manual_change_stage": "1",
                "primary": "1",
                "stages": {
                    "6471": {
                        "id": "6471",
                        "pipeline_id": "3689",
                        "status_id": "2002",
                        "name": "Уточнение",
                        "position": "1",
                    },
                    "5635": {
                        "id": "5635",
                        "pipeline_id": "3689",
                        "status_id": "2001",
                        "name": "Новая",
                        "position": "0",
                    },
                    "5638": {
                        "id": "5638",
                        "pipeline_id": "3689",
                        "status_id": "2003",
                        "name": "Успешно",
                        "position": "2",
                    },
                    "5639": {
                        "id": "5639",
                        "pipeline_id": "3689",
                        "status_id": "2004",
                        "name": "Провал",
                        "position": "3",
                    },
                },
            }
        ],
        "custom_fields": [],
    },
    "status_code": 200,
    "message": "success",
}

LEAD_GET: Json = {
    "result": {
        "id": "1643973",
        "parent_id": "0",
        "crm_id": "14",
        "stage_id": "13901",
        "user_id": "0",
        "employee_id": "0",
        "old_employee_id": None,
        "department_id": "0",
        "pipeline_id": "2413",
        "deal_pipeline_id": "12",
        "deal_stage_id": "0",
        "status": "1",
        "inbox_type_id": "67",
        "link_client_id": None,
        "created_at": "2017-11-06 17:38:04",
        "updated_at": "2017-11-06 17:38:04",
        "deleted_at": None,
        "stage": "Существующий клиент",
        "name": "Денис",
        "phone": "79674402685",
        "mask": "",
        "email": None,
        "values": {
            "service": {
                "name": {"id": "7126083", "input_id": "1", "value": "Денис", "name_id": "name"},
                "phone": {
                    "id": "7126084",
                    "input_id": "2",
                    "value": "79674402685",
                    "created_at": "2017-11-06 17:38:?",
                    "name_id": "phone",
                },
            },
            "custom": [],
        },
        "deals": ["261920"],
    },
    "status_code": 200,
    "message": "success",
}

LEAD_SEARCH_FOUND: Json = {
    "leads": {
        "lead_id": "979190",
        "id": "979190",
        "parent_id": "0",
        "crm_id": "2119",
        "stage_id": "15017",
        "user_id": "3844",
        "employee_id": "0",
        "pipeline_id": "3585",
        "deal_pipeline_id": "3689",
        "deal_stage_id": "0",
        "status": "2",
        "inbox_type_id": "13045",
        "created_at": "2017-07-04 13:26:47",
        "updated_at": "2017-07-04 13:26:47",
        "deleted_at": None,
    },
    "status_code": 200,
    "message": "success",
}

LEAD_SEARCH_NONE: Json = {"leads": None, "status_code": 200, "message": "success"}


def listed_lead(lead_id: str, created_at: str, name: str = "Сергей") -> Json:
    return {
        "id": lead_id,
        "parent_id": "0",
        "stage_id": "15017",
        "user_id": "0",
        "employee_id": "0",
        "pipeline_id": "3585",
        "inbox_type_id": "67",
        "created_at": created_at,
        "stage": "Новая",
        "name": name,
        "phone": None,
        "email": None,
        "values": {"service": {"comment": {"value": "Доп информация"}}, "custom": []},
        "deals": [],
    }


def lead_list(leads: list[Json], offset: int = -1, count: str = "5885") -> Json:
    return {
        "leads": {
            "keyword": None,
            "dateType": "period",
            "dateSelectType": "created",
            "offset": offset,
            "limit": 50,
            "result": leads,
            "count": count,
        },
        "status_code": 200,
        "message": "success",
    }


LEAD_START: Json = {
    "result": {
        "lead_id": 979190,
        "user_id": 3844,
        "employee_id": 182,
        "client_id": 549342,
        "deal_id": 326622,
    },
    "status_code": 200,
    "message": "success",
}

LEAD_LOG_LIST: Json = {
    "result": [
        {
            "id": 77,
            "crm_id": 2119,
            "crm_element_id": 1,
            "element_id": 3151,
            "type_id": 14,
            "data": {
                "text": "Прикреплен к клиенту",
                "client_name": "Test",
                "client_id": 5,
                "deal_id": 9,
                "user": {"img": "/x.jpg", "name": "Log", "profession": "Log"},
            },
            "user_id": 3844,
            "employee_id": 0,
            "level": 1,
            "created_at": "2020-07-10 13:42:29",
            "updated_at": None,
            "deleted_at": None,
        },
    ],
    "count": 1,
    "limit": 50,
    "offset": -1,
    "status_code": 200,
    "message": "success",
}

LEAD_LOG_CREATE: Json = {
    "result": {
        "log": {
            "crm_id": 2119,
            "crm_element_id": 1,
            "element_id": 979190,
            "user_id": 3844,
            "employee_id": 182,
            "type_id": 10,
            "data": {
                "comment": "Перезвонить",
                "user": {
                    "img": "/img/avatars/nophoto.png",
                    "name": "Диана Гусева",
                    "profession": "x",
                },
            },
            "level": 1,
            "updated_at": "2020-05-12 15:05:01",
            "created_at": "2020-05-12 15:05:01",
            "id": 340337,
        }
    },
    "status_code": 200,
    "message": "success",
}

DEAL_GET: Json = {
    "result": {
        "id": "326622",
        "crm_id": "5417",
        "pipeline_id": "3689",
        "client_id": "549342",
        "stage_id": "6471",
        "user_id": "3844",
        "employee_id": "0",
        "department_id": "0",
        "inbox_type_id": "13045",
        "created_at": "2017-11-06 18:01:41",
        "updated_at": None,
        "deleted_at": None,
        "stage_name": "Уточнение",
        "status_id": "2002",
        "name": "Сделка",
        "connected_lead_id": [],
    },
    "status_code": 200,
    "message": "success",
}

DEAL_SEARCH: Json = {
    "clients": [
        {
            "id": "38155",
            "crm_id": "2119",
            "created_at": "2017-06-05 14:42:10",
            "name": "CallbackKILLER",
            "deals_for_event": [
                {
                    "id": "40052",
                    "crm_id": "2119",
                    "pipeline_id": "3689",
                    "client_id": "38155",
                    "stage_id": "5638",
                    "user_id": "3844",
                    "employee_id": "182",
                    "inbox_type_id": "13045",
                    "created_at": "2017-06-05 14:42:10",
                }
            ],
        }
    ],
    "status_code": 200,
    "message": "success",
}

DEAL_LIST: Json = {
    "dateType": "period",
    "dateSelectType": "created",
    "offset": 1,
    "limit": 1,
    "result": [
        {
            "id": "78107",
            "inbox_type_id": "67",
            "client_id": "63953",
            "pipeline_id": "3689",
            "stage_id": "915",
            "stage": "В работе",
            "user_id": "3458",
            "employee_id": "0",
            "status_id": "2004",
            "created_at": "2017-07-10 10:10:42",
            "client_name": None,
            "values": {"service": {"name": {"value": "Сделка", "name_id": "name"}}, "custom": []},
            "connected_lead_id": [],
        }
    ],
    "count": "2",
    "inputs_sum": [],
    "status_code": 200,
    "message": "success",
}

DEAL_UPDATE_EMPLOYEE: Json = {
    "result": {
        "deal": {
            "pipeline_id": 3689,
            "client_id": 2661,
            "stage_id": 5635,
            "user_id": 0,
            "employee_id": 183,
            "old_employee_id": 64,
            "department_id": 0,
            "inbox_type_id": 426,
            "created_at": "2021-04-16 10:55:28",
            "updated_at": "2021-04-20 14:38:43",
            "deleted_at": None,
        }
    },
    "status_code": 200,
    "message": "success",
}

TASK: Json = {
    "id": 186144928,
    "crm_element_id": 3,
    "element_id": 761939,
    "crm_id": 100000,
    "type_id": 1,
    "time": "2035-05-12 09:00:48",
    "user_id": 180,
    "from_employee_id": 0,
    "to_employee_id": 17059,
    "to_department_id": 0,
    "comment": "комментарий задачи",
    "success": 0,
    "is_overdue": 1,
    "created_at": "2023-11-24 16:45:56",
}

DEAL_UPDATETASK: Json = {"result": {"task": TASK}, "message": "success", "status_code": 200}


def get_task(task: Any) -> Json:
    return {"result": {"task": task}, "status_code": 200, "message": "success"}


DEAL_GETTASKS: Json = {
    "result": [
        {**TASK, "id": 253259, "element_id": 570389, "comment": "", "is_overdue": 0},
        {**TASK, "id": 253261, "element_id": 570389, "to_employee_id": 0, "success": "1"},
    ],
    "message": "success",
    "status_code": 200,
}

TASK_LIST: Json = {
    "result": [{**TASK, "comment": "Связаться с клиентом"}],
    "count": "3",
    "limit": 1,
    "offset": 1,
    "status_code": 200,
    "message": "success",
}

OK: Json = {"status_code": 200, "message": "success"}


def error(message: str, status_code: int = 400) -> Json:
    return {"status_code": status_code, "message": message}


HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
