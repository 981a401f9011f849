"""The sandbox's deterministic demo data: the facts tests and the README rely on.

Written once into an empty database by :mod:`bot.sandbox.seeding`; times are relative to the
moment of seeding (overdue tasks lie in the past, future ones ahead).
"""

from __future__ import annotations

from dataclasses import dataclass

CRM_ID = 2119
ADMIN_USER_ID = 3844
CALLBACK_ID = 106
CRM_NAME = "Демо CRM"

INBOX_MANUAL, INBOX_SITE, INBOX_CALLBACK = 13045, 13046, 13047
INBOX_TYPES = {
    INBOX_MANUAL: "Добавлен вручную",
    INBOX_SITE: "Заявка с сайта",
    INBOX_CALLBACK: "Обратный звонок",
}

LEAD_PIPELINE_ID = 3585
LEAD_STAGE_NEW, LEAD_STAGE_NEW_CLIENT, LEAD_STAGE_EXISTING_CLIENT = 15017, 15018, 15019

SALES_PIPELINE_ID = 3689
SERVICE_PIPELINE_ID = 3690
SALES_NEW, SALES_QUALIFY, SALES_TALKS, SALES_WON, SALES_LOST = 5635, 5636, 5637, 5638, 5639
SERVICE_NEW, SERVICE_WORK, SERVICE_DONE = 5640, 5641, 5642

# (id, pipeline_id, status_id, name, color); position = order within the pipeline
STAGES = (
    (LEAD_STAGE_NEW, LEAD_PIPELINE_ID, 1, "Новая", "rgb(35, 148, 254)"),
    (LEAD_STAGE_NEW_CLIENT, LEAD_PIPELINE_ID, 2, "Новый клиент", "rgb(44, 190, 78)"),
    (LEAD_STAGE_EXISTING_CLIENT, LEAD_PIPELINE_ID, 3, "Существующий клиент", "rgb(249,146,203)"),
    (SALES_NEW, SALES_PIPELINE_ID, 2001, "Новая", "rgb(35, 148, 254)"),
    (SALES_QUALIFY, SALES_PIPELINE_ID, 2002, "Квалификация", "rgb(199, 238, 30)"),
    (SALES_TALKS, SALES_PIPELINE_ID, 2002, "Переговоры", "rgb(245,58,255)"),
    (SALES_WON, SALES_PIPELINE_ID, 2003, "Успешно реализована", "rgb(44, 190, 78)"),
    (SALES_LOST, SALES_PIPELINE_ID, 2004, "Не реализована", "rgb(240, 80, 80)"),
    (SERVICE_NEW, SERVICE_PIPELINE_ID, 2001, "Обращение", "rgb(35, 148, 254)"),
    (SERVICE_WORK, SERVICE_PIPELINE_ID, 2002, "В работе", "rgb(199, 238, 30)"),
    (SERVICE_DONE, SERVICE_PIPELINE_ID, 2003, "Закрыто", "rgb(44, 190, 78)"),
)


@dataclass(frozen=True)
class SeedEmployee:
    id: int
    name: str
    surname: str
    email: str
    phone: str
    profession: str
    internal_number: str


@dataclass(frozen=True)
class SeedLead:
    id: int
    name: str
    phone: str
    email: str
    inbox_type_id: int
    deal_pipeline_id: int = SALES_PIPELINE_ID
    employee_id: int = 0
    comment: str = ""


@dataclass(frozen=True)
class SeedClient:
    id: int
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class SeedDeal:
    id: int
    name: str
    client_id: int
    pipeline_id: int
    stage_id: int
    employee_id: int  # 0 = the administrator is responsible


@dataclass(frozen=True)
class SeedTask:
    id: int
    deal_id: int
    to_employee_id: int
    comment: str
    hours_from_now: int  # negative = overdue
    success: int = 0


EMPLOYEES = (
    SeedEmployee(
        182,
        "Анна",
        "Смирнова",
        "a.smirnova@demo-crm.ru",
        "79161110001",
        "Руководитель отдела продаж",
        "101",
    ),
    SeedEmployee(
        183, "Иван", "Петров", "i.petrov@demo-crm.ru", "79161110002", "Менеджер по продажам", "102"
    ),
    SeedEmployee(
        184,
        "Мария",
        "Кузнецова",
        "m.kuznetsova@demo-crm.ru",
        "79161110003",
        "Менеджер по продажам",
        "103",
    ),
    SeedEmployee(
        185, "Дмитрий", "Соколов", "d.sokolov@demo-crm.ru", "79161110004", "Инженер сервиса", "104"
    ),
    SeedEmployee(
        186, "Елена", "Волкова", "e.volkova@demo-crm.ru", "79161110005", "Оператор", "105"
    ),
)

CLIENTS = (
    SeedClient(38155, "Андрей Козлов", "79265550001", "kozlov@example.ru"),
    SeedClient(38156, "ООО «Вектор»", "79265550002", "info@vector.example"),
    SeedClient(38157, "Екатерина Белова", "79265550003", "belova@example.com"),
    SeedClient(38158, "Михаил Зайцев", "79265550004", "zaytsev@example.ru"),
)

# Leads not yet taken, oldest first (each created one hour after the previous one).
LEADS = (
    SeedLead(
        979190,
        "Сергей Орлов",
        "79031234501",
        "orlov@example.ru",
        INBOX_SITE,
        comment="Хочу узнать цены",
    ),
    SeedLead(979191, "Ольга Васильева", "79031234502", "vasilieva@example.ru", INBOX_CALLBACK),
    SeedLead(979192, "Тест <b>&", "79031234503", "test-html@example.ru", INBOX_SITE),
    SeedLead(
        979193, "Павел Никитин", "79031234504", "nikitin@example.com", INBOX_MANUAL, employee_id=183
    ),
    SeedLead(
        979194,
        "Наталья Морозова",
        "79031234505",
        "morozova@example.org",
        INBOX_SITE,
        deal_pipeline_id=SERVICE_PIPELINE_ID,
        comment="Не включается прибор",
    ),
    SeedLead(979195, "Алексей Фёдоров", "79031234506", "fedorov@example.ru", INBOX_CALLBACK),
    # same phone as client 38155: taking it into work reuses that client («Существующий клиент»)
    SeedLead(979196, "Андрей Козлов", "79265550001", "", INBOX_SITE),
)
LEAD_OF_EXISTING_CLIENT = LEADS[-1]
HTML_LEAD = LEADS[2]

DEALS = (
    SeedDeal(40052, "Поставка оборудования", 38155, SALES_PIPELINE_ID, SALES_QUALIFY, 183),
    SeedDeal(40053, "Годовой контракт", 38156, SALES_PIPELINE_ID, SALES_TALKS, 184),
    SeedDeal(40054, "Консультация", 38157, SALES_PIPELINE_ID, SALES_NEW, 0),
    SeedDeal(40055, "Ремонт по гарантии", 38158, SERVICE_PIPELINE_ID, SERVICE_WORK, 185),
    SeedDeal(40056, "Продление лицензии", 38155, SALES_PIPELINE_ID, SALES_WON, 183),
)

TASKS = (
    SeedTask(6850, 40052, 183, "Перезвонить клиенту", -26),
    SeedTask(6851, 40053, 184, "Отправить договор", 50),
    SeedTask(6852, 40054, 0, "Связаться с клиентом", 3),
    SeedTask(6853, 40055, 185, "Забрать прибор из ремонта", -5),
    SeedTask(6854, 40055, 185, "Диагностика", -72, success=1),
    SeedTask(6855, 40053, 182, "Проверить условия договора", 28),
)

# (deal_id, employee_id, text)
COMMENTS = (
    (40052, 183, "Клиент просил коммерческое предложение до пятницы"),
    (40053, 184, "Согласовали скидку 5%"),
)

CONTACT_PHONE, CONTACT_EMAIL = 1, 4
DAY = 86400
