"""The CRM domain's errors: what any adapter raises, whatever its vendor says.

Error tree::

    CRMError                      any failure talking to the CRM
    ├── BadCredentials            the CRM refused the API key
    ├── NotFound                  the lead / deal / task asked for does not exist
    ├── AlreadyTaken              the lead was taken into work before (maybe by `by`)
    ├── Rejected                  the CRM refused the input; `reason` is its own words
    ├── Forbidden                 the CRM does not let the acting user see or change it
    ├── NotSupported              the configured CRM cannot do this operation
    ├── Unavailable               network error, timeout, 5xx without a readable answer
    │   └── TimedOut              the CRM did not answer in time
    └── UnexpectedPayload         the answer does not have the documented shape
        └── UnknownOutcome        a write answered with something unreadable

A write's outcome is unknown (`outcome_unknown`) when its request may have reached the CRM
and no answer said what became of it: an `UnknownOutcome`, or an `Unavailable` (`TimedOut`
included) whose `write_sent` is true. `write_sent` is false for a read (a read changes
nothing, so a failed one leaves nothing unknown) and for a write the transport saw never
leave this machine (a connect error, a connect or pool timeout, the action's deadline gone
before the request was handed over): such a write was surely not done. A timeout or a
broken connection while a write's answer was awaited, and a 5xx answer to a write, leave
it unknown; so does an `Unavailable` whose maker could not tell (the default).
"""

from __future__ import annotations

from bot.crm.capabilities import Capability


class CRMError(Exception):
    """Base of every CRM failure. The text never carries a secret."""


class BadCredentials(CRMError):
    """The CRM refused the configured credentials; `settings` names them for the admin."""

    def __init__(self, message: str, settings: str = "CRM_API_KEY") -> None:
        self.settings = settings
        super().__init__(message)


class NotFound(CRMError):
    """The object asked for does not exist in the CRM."""

    def __init__(self, what: str, ident: str | None = None) -> None:
        self.what = what
        self.ident = ident
        super().__init__(f"{what} {ident} not found" if ident else f"{what} not found")


class AlreadyTaken(CRMError):
    """The lead was already taken into work; `by` names who, when the CRM tells."""

    def __init__(self, lead_id: str, by: str | None = None) -> None:
        self.lead_id = lead_id
        self.by = by
        super().__init__(f"lead {lead_id} already taken" + (f" by {by}" if by else ""))


class Rejected(CRMError):
    """The CRM refused the input; `reason` is the CRM's own sentence."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class FormRejected(Rejected):
    """The CRM refused some fields of a new record: `fields` maps each field's key to the
    CRM's reason (its own words)."""

    def __init__(self, fields: dict[str, str], reason: str = "validation error") -> None:
        super().__init__(reason)
        self.fields = fields


class Forbidden(CRMError):
    """The CRM's access rules keep the acting employee from this record."""


class NotSupported(CRMError):
    """The configured CRM has no such operation."""

    def __init__(self, capability: Capability) -> None:
        self.capability = capability
        super().__init__(f"the CRM does not support {capability.value}")


class Unavailable(CRMError):
    """The CRM could not be reached or answered with a server error. `write_sent`: the
    request was a write that may have reached the CRM (False for a read, or a write that
    surely never left this machine)."""

    def __init__(self, message: str, *, write_sent: bool = True) -> None:
        self.write_sent = write_sent
        super().__init__(message)


class TimedOut(Unavailable):
    """The CRM did not answer within the timeout."""


class UnexpectedPayload(CRMError):
    """The CRM answered with a shape the adapter does not know."""


class UnknownOutcome(UnexpectedPayload):
    """A write was answered with something unreadable (an error page sent as a success), or
    its answer was lost and what the adapter did next could not tell: the CRM may or may
    not have done it, so it is neither reported done nor retried."""


def outcome_unknown(exc: CRMError) -> bool:
    """Whether a write that failed with `exc` may have been done all the same (see above)."""
    return isinstance(exc, UnknownOutcome) or (isinstance(exc, Unavailable) and exc.write_sent)
