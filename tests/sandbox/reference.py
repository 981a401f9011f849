"""Response examples of the Envybox OpenAPI v1 reference (§3), copied for shape tests.

Values keep the reference's typing ("2119" vs 2119); ``LOST`` marks a value the source lost
(the key must exist, its type is not checked); ``ANY_KEY`` stands for an object keyed by id.
``status_code``/``message`` are checked separately and left out here.
"""

from __future__ import annotations

from typing import Any

LOST: Any = object()
ANY_KEY = "<any id>"

_LEAD_BASE = {
    "id": "1643973", "parent_id": "0", "crm_id": "14", "stage_id": "13901", "user_id": "0",
    "employee_id": "0", "old_employee_id": None, "department_id": "0", "pipeline_id": "2413",
    "deal_pipeline_id": "12", "deal_stage_id": "0", "status": "1", "inbox_type_id": "67",
    "it_reaction": "0", "in_call": "0", "link_client_id": None,
    "stage_updated_at": "2017-11-06 17:38:04", "created_at": "2017-11-06 17:38:04",
    "updated_at": "2017-11-06 17:38:04", "deleted_at": None,
}  # fmt: skip

_LEAD_VALUE = {
    "id": "7126083", "crm_id": "14", "lead_id": "1643973", "input_id": "1", "type_id": "1",
    "value": "Денис", "mask": None, "generated": "0", "created_at": "2017-11-06 17:38:04",
    "updated_at": None, "deleted_at": None, "name": "Имя", "name_id": "name",
}  # fmt: skip

_LEAD_TAIL = {
    "stage": "Существующий клиент", "stage_color": "rgb(249,146,203)", "name": "Денис",
    "phone": "79674402685", "mask": "", "email": None,
    "values": {"service": {ANY_KEY: _LEAD_VALUE}, "custom": []},
    "deals": ["261920"],
}  # fmt: skip

_DEAL_BASE = {
    "id": "40052", "crm_id": "2119", "pipeline_id": "3689", "client_id": "38155",
    "stage_id": "6471", "user_id": "3844", "employee_id": "0", "old_employee_id": None,
    "department_id": "0", "inbox_type_id": "13051", "it_reaction": "0", "with_event": "0",
    "stage_updated_at": "2017-06-05 14:42:10", "created_at": "2017-06-05 14:42:10",
    "updated_at": "2017-06-05 14:42:10", "deleted_at": None,
}  # fmt: skip

_TASK = {
    "id": 186144928, "crm_element_id": 3, "element_id": 761939, "crm_id": 100000, "type_id": 1,
    "priority": 0, "time": "2035-05-12 09:00:48", "end_time": None, "duration": None,
    "user_id": 180, "from_employee_id": 0, "to_employee_id": 17059, "to_department_id": 0,
    "comment": "комментарий задачи", "success": 0, "required": 1, "no_time": 0,
    "it_reaction": 0, "is_overdue": 0, "created_at": "2023-11-24 16:45:56",
    "updated_at": "2023-12-03 05:58:53", "deleted_at": None,
}  # fmt: skip

_LOG = {
    "id": LOST, "crm_id": LOST, "crm_element_id": 1, "element_id": LOST, "type_id": 14,
    "data": LOST, "user_id": LOST, "employee_id": 0, "level": 1,
    "created_at": "2020-07-10 13:42:29", "updated_at": None, "deleted_at": None,
}  # fmt: skip

_CONTACT = {
    "id": "762", "crm_id": "1", "client_id": "2661", "birthday": None, "primary": "1",
    "created_at": "2017-10-10 15:19:00", "updated_at": None, "deleted_at": None,
    "type_id": "4", "value": "test@mail.ru", "addon": "", "element_note": "", "group_id": "2",
}  # fmt: skip

MAIN_DATA: dict[str, Any] = {
    "id": "2119", "user_id": "3844", "callback_id": "106", "name": "Тестовая CRM",
    "api_key": "Ваш_ключ_апи", "created_at": "2017-03-27 11:07:52",
    "updated_at": "2017-05-26 18:43:19", "deleted_at": None,
    "inbox_types": [{
        "id": "13045", "crm_id": "2119", "name": "Добавлен вручную", "edit": "0", "type": "1",
        "created_at": "2017-03-27 11:07:52", "updated_at": "2017-05-11 14:13:27",
        "deleted_at": None, "editing": "0", "edit_id": "13045",
    }],
    "employees": [{
        "id": "182", "user_id": "3844", "name": "Диана", "surname": "Гусева",
        "email": "guseva.chat@callbackkiller.com", "photo": "", "profession": "основатель",
        "internal_number": LOST, "user_logo": LOST, "crm_phone_number": "79161234567",
    }],
    "lead": {
        "pipelines": [{
            "id": "3585", "crm_id": "2119", "name": "Стартовая", "allow_manual_change_stage": "0",
            "primary": "1", "created_at": "2017-05-23 11:27:49", "updated_at": None,
            "deleted_at": None,
            "stages": {ANY_KEY: {
                "id": "15017", "pipeline_id": "3585", "status_id": "1", "name": "Новая",
                "position": "0", "color": "rgb(35, 148, 254)", "no_delete": "1",
                "created_at": "2017-05-23 11:27:49", "updated_at": None, "deleted_at": None,
                "type_id": "0",
            }},
        }],
        "custom_fields": [],
    },
    "client": {"custom_fields": []},
    "deal": {
        "pipelines": [{
            "id": "3689", "crm_id": "2119", "crm_element_id": "3", "name": "Для вебинара",
            "allow_manual_change_stage": "1", "primary": "1", "created_at": "2017-05-26 16:11:46",
            "updated_at": "2017-06-05 15:34:57", "deleted_at": None,
            "stages": {ANY_KEY: {
                "id": "5635", "pipeline_id": "3689", "status_id": "2001", "name": "Новая",
                "position": "0", "color": "rgb(35, 148, 254)", "no_delete": "1",
                "created_at": "2017-05-26 16:11:46", "updated_at": "2017-06-05 15:34:57",
                "deleted_at": None,
            }},
        }],
        "custom_fields": [{
            "id": "3444", "crm_id": "2119", "crm_element_id": "3", "pipeline_id": None,
            "group_id": "2348", "name": "Сумма", "name_id": "crm_3444", "type_id": "9",
            "required": "0", "required_stage_id": "0", "show_in_card": None,
            "show_all_pipelines": "0", "use_in_pipeline": "1", "value": None, "addon": "руб",
            "description": "", "position": "0", "transfer_type_id": None,
            "transfer_input_id": None, "created_at": "2017-03-27 11:07:52",
            "updated_at": "2017-05-23 11:27:49", "deleted_at": None, "id_group": "2348",
            "group_name": "", "group_position": "0", "edit_variant": "0",
            "group_pipeline_id": None,
        }],
    },
}  # fmt: skip

LEAD_SET = {"id": LOST, "parent_id": LOST}
LEAD_GET = {"result": _LEAD_BASE | _LEAD_TAIL}
LEAD_SEARCH = {"leads": {"lead_id": "979190"} | _LEAD_BASE}
LEAD_LIST = {
    "leads": {
        "keyword": None, "dateType": "period", "dateSelectType": "created", "offset": -1,
        "limit": LOST, "result": [_LEAD_BASE | {"status_id": "1"} | _LEAD_TAIL | {"deals": []}],
        "count": "5885",
    }
}  # fmt: skip
LEAD_START = {
    "result": {"lead_id": LOST, "user_id": LOST, "employee_id": 0, "client_id": LOST,
               "deal_id": LOST}
}  # fmt: skip
LEAD_LOG_LIST = {"result": [_LOG], "count": 1, "limit": 50, "offset": -1}
LEAD_LOG_CREATE = {
    "result": {"log": {
        "crm_id": LOST, "crm_element_id": 1, "element_id": LOST, "user_id": LOST,
        "employee_id": 0, "type_id": 9,
        "data": {
            "direction": 1, "status": 1, "comment": "Комментарий", "from": "79875034433",
            "to": "79875034434", "duration_bill": 5, "record_link": "http://test.ru",
            "inbox_name": "Добавлен вручную",
            "user": {"img": "/img/avatars/nophoto.png", "name": "Бууу12345",
                     "profession": "робот2346546"},
        },
        "level": 1, "updated_at": "2020-05-12 15:05:01", "created_at": "2020-05-12 15:05:01",
        "id": LOST,
    }}
}  # fmt: skip
LEAD_UPDATE_EMPLOYEE = {"lead_id": 96364859, "employee_id": 965612, "crm_id": 30912}
DEAL_GET = {
    "result": _DEAL_BASE | {
        "stage_name": "Уточнение", "stage_color": "rgb(245,58,255)", "status_id": "2002",
        "name": "Сделка", "connected_lead_id": [],
    }
}  # fmt: skip
DEAL_SEARCH = {
    "clients": [{
        "id": "38155", "crm_id": "2119", "created_at": "2017-06-05 14:42:10", "updated_at": None,
        "deleted_at": None, "name": "CallbackKILLER", "deals_for_event": [_DEAL_BASE],
    }]
}  # fmt: skip
DEAL_LIST = {
    "dateType": "period", "dateSelectType": "created", "offset": -1, "limit": LOST,
    "result": [{
        "id": "78107", "inbox_type_id": "67", "stage_updated_at": "2017-07-10 10:10:42",
        "client_id": "63953", "pipeline_id": "12", "stage_id": "915", "stage": "В работе",
        "user_id": "3458", "employee_id": "0", "department_id": "0", "status_id": "2002",
        "stage_color": "rgb(199, 238, 30)", "created_at": "2017-07-10 10:10:42",
        "client_name": None,
        "values": {"service": {"name": {
            "id": "322525", "crm_id": "14", "deal_id": "78107", "input_id": "2001",
            "type_id": "1", "value": "Сделка", "mask": None, "created_at": "2017-07-10 10:10:00",
            "updated_at": None, "deleted_at": None, "name": "Название сделки", "name_id": "name",
        }}, "custom": []},
        "connected_lead_id": [],
    }],
    "count": "1", "inputs_sum": [],
}  # fmt: skip
DEAL_UPDATE_STAGE = {"result": {"stage_id": LOST}}
DEAL_UPDATE_EMPLOYEE = {
    "result": {"deal": {
        "id": LOST, "crm_id": LOST, "pipeline_id": 229, "client_id": 2661, "stage_id": 2463,
        "user_id": 0, "employee_id": 0, "old_employee_id": 64, "department_id": 1,
        "inbox_type_id": 426, "it_reaction": 1, "with_event": 0,
        "stage_updated_at": "2021-04-19 16:04:00", "created_at": "2021-04-16 10:55:28",
        "updated_at": "2021-04-20 14:38:43", "deleted_at": None,
    }}
}  # fmt: skip
EMPTY: dict[str, Any] = {}  # createComment, addDealTags: only status_code + message
DEAL_UPDATE_TASK = {"result": {"task": _TASK}}
DEAL_GET_TASK = {
    "result": {"task": {
        "crm_id": 1, "crm_element_id": 3, "element_id": 5572, "user_id": 3481,
        "from_employee_id": None, "to_employee_id": 0, "to_department_id": 0,
        "comment": "Связаться с клиентом", "time": "2021-04-26 08:04:12",
        "updated_at": "2021-04-21 17:37:24", "created_at": "2021-04-21 17:37:24", "id": 6850,
    }}
}  # fmt: skip
DEAL_GET_TASKS = {"result": [_TASK]}
DEAL_LOG_LIST = {"result": [_LOG | {"crm_element_id": 3}], "count": 2, "limit": 50, "offset": -1}
TASK_LIST = {"result": [_TASK], "count": LOST, "limit": LOST, "offset": LOST}
CLIENT_GET = {
    "result": {
        "id": "18062", "crm_id": "244", "created_at": "2020-06-01 14:51:42", "updated_at": None,
        "deleted_at": None,
        "values": {"service": {"name": {
            "id": "16014", "crm_id": "244", "client_id": "18062", "input_id": "1001",
            "type_id": "1", "value": "Тестовый клиент", "mask": None,
            "created_at": "2020-06-01 14:51:42", "updated_at": None, "deleted_at": None,
            "name": "Имя", "name_id": "name",
        }}, "custom": []},
        "contacts": [{k: v for k, v in _CONTACT.items() if k != "birthday"}
                     | {"addon": None, "element_note": None}],
        "deals": [_DEAL_BASE | {"name": "Сделка", "stage": "В работе",
                                "stage_color": "rgb(245,58,255)", "status_id": "2002"}],
    }
}  # fmt: skip
CLIENT_GET_CONTACTS = {"result": {"contacts": [_CONTACT]}}
