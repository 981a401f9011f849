"""Numbers of the Envybox data model shared by the seed, the handlers and the renderers."""

from __future__ import annotations

from typing import Any

# crm_element_id: what a log or task belongs to
LEAD, CLIENT, DEAL = 1, 2, 3

# log type_id: documented ones, and the sandbox's choices for the undocumented ones
LEAD_CALL, LEAD_COMMENT, LEAD_ATTACHED = 9, 10, 14
DEAL_CALL, DEAL_COMMENT = 2009, 2010
DEAL_FROM_LEAD = 2011  # chosen: "deal created from a lead" (the source lost this type id)
DEAL_STAGE_CHANGED = 2012  # chosen: "stage changed by deal/updateDealStage"

# deal stage status_id
STATUS_NEW, STATUS_IN_WORK, STATUS_WON, STATUS_LOST = 2001, 2002, 2003, 2004
CLOSED_STATUSES = (STATUS_WON, STATUS_LOST)

NO_PHOTO = "/img/avatars/nophoto.png"
ADMIN_NAME = "Администратор"


def user_card(name: str, profession: str, photo: str) -> dict[str, Any]:
    """The ``data.user`` object of a log: who acted."""
    return {"img": photo or NO_PHOTO, "name": name, "profession": profession}
