"""The SalesMan emulator's records and demo data: users (with phones and mobiles), leads,
clients, deals in stages, and tasks (due around the moment the emulator starts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

API_KEY = "salesman-test-key"
LIST_PAGE = 200
MOSCOW = ZoneInfo("Europe/Moscow")  # the CRM server's time zone
BOT_LOGIN = "bot"


@dataclass
class User:
    iduser: int
    login: str
    title: str
    phone: str = ""
    mob: str = ""
    email: str = ""
    post: str = "Менеджер продаж"
    active: bool = True
    boss: bool = False  # sees every user's deals and tasks (everyone is a subordinate)


USERS = (
    User(1, BOT_LOGIN, "Бот CRM", post="Руководитель с доступом", boss=True),
    User(2, "anna", "Анна Смирнова", phone="+7 (916) 111-00-01", email="anna@demo.ru"),
    User(3, "ivan", "Иван Петров", phone="", mob="8 916 111-00-02", email="ivan@demo.ru"),
    User(4, "olga", "Ольга Гусева", phone="79161110009", active=False),
)


@dataclass
class Lead:
    id: int
    title: str
    phone: str = ""
    email: str = ""
    description: str = ""
    datum: str = "2026-11-30 10:15:00"  # the CRM's time zone (Moscow)
    status: int = 0
    rezult: int = 0
    iduser: int = 0
    clientpath: str = ""
    did: int = 0


LEADS = (
    Lead(
        501,
        "Сергей Орлов",
        "79031234501",
        "orlov@example.ru",
        "Хочу узнать цены",
        clientpath="Сайт",
    ),
    Lead(
        502, "Нина Белова", "79031234502", "", "Перезвоните", status=2, rezult=3, iduser=2, did=7001
    ),
)
STATUS_NAMES = {0: "Открыт", 1: "В работе", 2: "Обработан", 3: "Закрыт"}
REZULT_NAMES = {0: "", 1: "Спам", 2: "Дубль", 3: "Другое", 4: "Не целевой"}


@dataclass
class Client:
    clid: int
    title: str  # as the CRM rewrites it ("Ромашка, ООО")
    phone: str = ""
    mail_url: str = ""


CLIENTS = (
    Client(3001, "Ромашка, ООО", "+7 (495) 100-20-30", "info@romashka.ru"),
    Client(3002, "Вектор, АО", "8 (916) 200-30-40, 7 (495) 200-30-41", "zakup@vektor.ru"),
)


@dataclass
class Deal:
    did: int
    title: str  # the CRM prefixes it with a number
    clid: int
    iduser: int  # 0: nobody (an unknown login was given)
    step: str  # a percentage
    datum: str = "2026-11-02"
    datum_plan: str = "2026-12-20"
    kol: str = "0.00"
    close: bool = False
    status_close: str = ""  # a `sid` of STATUS_CLOSE once closed
    kol_fact: str = "0.00"
    des_fact: str = ""


DEALS = (
    Deal(7001, "СД7001: Поставка оборудования", 3001, 2, "20", kol="150000.00"),
    Deal(7002, "СД7002: Годовой контракт", 3002, 2, "40", datum_plan="2027-01-31", kol="480000.50"),
    Deal(7003, "СД7003: Монтаж", 3002, 3, "60", kol="90000.00"),
)
STEPS = (  # steplist: id, percentage (as text), name
    ("10", "0", "Проявлен/Выявлен интерес"),
    ("2", "20", "Подтвержден интерес"),
    ("11", "40", "Отправлено КП"),
    ("5", "60", "Обсуждение деталей - продукты, услуги, оплата"),
    ("6", "80", "Согласован договор, Выставлен счет"),
    ("7", "90", "Получена предоплата, Выполнение договора"),
    ("8", "100", "Закрытие сделки, Подписание документов"),
)
STATUS_CLOSE = (("1", "Победа полная"), ("3", "Проигрыш по цене"), ("5", "Отменена Заказчиком"))


@dataclass
class Task:
    tid: int
    iduser: int
    did: int
    title: str
    datum: str  # YYYY-MM-DD, Moscow
    totime: str  # HH:MM
    des: str = ""
    active: bool = True
    status: str = ""  # the outcome once done: "1" successful, "2" not
    result: str = ""


def demo_tasks(now: datetime) -> list[Task]:
    """Anna's task tomorrow and her overdue one from yesterday; Ivan's tomorrow."""
    today = now.astimezone(MOSCOW).date()
    tomorrow, yesterday = today + timedelta(days=1), today - timedelta(days=1)
    return [
        Task(9001, 2, 7001, "Позвонить по КП", str(tomorrow), "10:00", "Уточнить сроки"),
        Task(9002, 2, 7002, "Отправить договор", str(yesterday), "15:00"),
        Task(9003, 3, 7003, "Согласовать монтаж", str(tomorrow), "12:00"),
    ]


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def error(code: int | str, text: str, *, result: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {"error": {"code": code, "text": text}}
    return {"result": "Error", **body} if result else body
