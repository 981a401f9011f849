"""The endpoint table: path under /openapi/v1/ (without slashes) → (HTTP method, handler)."""

from __future__ import annotations

from bot.sandbox import clients, deals, lead_start, leads, logs, main_data, tasks
from bot.sandbox.context import Handler

ROUTES: dict[str, tuple[str, Handler]] = {
    "main/data": ("GET", main_data.main_data),
    "lead/set": ("POST", leads.lead_set),
    "lead/workset": ("POST", leads.lead_workset),
    "lead/get": ("POST", leads.lead_get),
    "lead/search": ("POST", leads.lead_search),
    "lead/list": ("POST", leads.lead_list),
    "lead/start": ("POST", lead_start.lead_start),
    "lead/log/list": ("GET", logs.lead_log_list),
    "lead/log/create": ("POST", logs.lead_log_create),
    "lead/update_employee": ("POST", leads.lead_update_employee),
    "deal/get": ("POST", deals.deal_get_handler),
    "deal/search": ("POST", deals.deal_search),
    "deal/list": ("POST", deals.deal_list),
    "deal/updateDealStage": ("POST", deals.deal_update_stage),
    "deal/updateEmployee": ("POST", deals.deal_update_employee),
    "deal/createComment": ("POST", logs.deal_create_comment),
    "deal/updatetask": ("POST", tasks.deal_update_task),
    "deal/getTask": ("POST", tasks.deal_get_task),
    "deal/getTasks": ("POST", tasks.deal_get_tasks),
    "deal/tag/addDealTags": ("POST", deals.deal_add_tags),
    "deal/log/list": ("GET", logs.deal_log_list),
    "task/list": ("POST", tasks.task_list),
    "client/get": ("POST", clients.client_get),
    "client/getContacts": ("POST", clients.client_get_contacts),
}
