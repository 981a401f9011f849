"""Sentences the bot says for CRM failures, as the tests of several CRMs expect them."""

UNKNOWN_OUTCOME = (
    "CRM ответила непонятно, и неизвестно, сохранилось ли изменение. "
    "Проверьте в CRM, прежде чем повторять."
)
UNAVAILABLE = "CRM сейчас не отвечает. Попробуйте ещё раз через минуту."
NOT_HERE = "Этого нет в вашей CRM: её API так не умеет."
