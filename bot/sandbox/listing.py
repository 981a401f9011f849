"""Filters shared by lead/list and deal/list: period on a chosen date, stage ids, keyword."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.clock import Clock
from bot.sandbox.errors import bad_request
from bot.sandbox.params import Params, normalize_phone, opt_ids, opt_str

PHONE_LIKE = re.compile(r"[\d\s()+\-]+")


def period_sql(
    params: Params, clock: Clock, columns: dict[str, str]
) -> tuple[list[str], list[Any]]:
    """``date_start``/``date_end`` on the column ``columns[date_type]`` (``created`` by default)."""
    date_type = opt_str(params, "date_type") or "created"
    if date_type not in columns:
        raise bad_request()
    column = columns[date_type]
    where: list[str] = []
    args: list[Any] = []
    start, end = opt_str(params, "date_start"), opt_str(params, "date_end")
    if start:
        where.append(f"{column} >= ?")
        args.append(clock.parse(start))
    if end:
        where.append(f"{column} <= ?")
        args.append(clock.parse(end, end_of_day=True))
    return where, args


def ids_sql(params: Params, key: str, column: str) -> tuple[list[str], list[Any]]:
    ids = opt_ids(params, key)
    if ids is None:
        return [], []
    return [f"{column} IN ({', '.join('?' for _ in ids)})"], list(ids)


def list_meta(params: Params) -> tuple[str, str]:
    """``dateType`` and ``dateSelectType`` as the list responses echo them."""
    period = opt_str(params, "date_start") or opt_str(params, "date_end")
    return ("period" if period else "all"), (opt_str(params, "date_type") or "created")


def keyword_matches(keyword: str, texts: list[str], phones: list[str]) -> bool:
    """Case-insensitive substring of any text; a phone-like keyword also matches phone digits."""
    needle = keyword.strip().casefold()
    if not needle:
        return True
    if any(needle in (t or "").casefold() for t in texts):
        return True
    if PHONE_LIKE.fullmatch(needle):
        digits = normalize_phone(needle)
        return bool(digits) and any(digits in p for p in phones if p)
    return False
