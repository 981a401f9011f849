"""Who may use the bot, and as which CRM employee: the rules of binding and admin rights.

Every change is checked against the store at the moment it is made and written to the
audit log. Handlers call these operations and render what they return; the error tree is
in `bot.staff.errors`.
"""

from __future__ import annotations

from bot.staff.contact import ContactBinding
from bot.staff.invites import Invites
from bot.staff.requests import Requests
from bot.staff.roster import Roster


class Access(ContactBinding, Requests, Invites, Roster):
    """Identity, binding by contact, access requests, invites and the staff list."""
