"""Sentences the bot says for CRM failures, as the tests of several CRMs expect them."""

UNCONFIRMED = (
    "⚠️ CRM не подтвердила изменение: неизвестно, сохранилось ли оно. Проверьте в CRM"
    " (карточку и её историю), прежде чем повторять."
)
UNCONFIRMED_DIALOG = (  # a write that ended a dialog
    "⚠️ CRM не подтвердила изменение: неизвестно, сохранилось ли оно. Чтобы ничего не"
    " записалось дважды, диалог закрыт. Проверьте в CRM (карточку и её историю), прежде чем"
    " повторять."
)
UNAVAILABLE = "CRM сейчас не отвечает. Попробуйте ещё раз через минуту."
NOT_HERE = "Этого нет в вашей CRM: её API так не умеет."
