"""The Go-CRM Public API v3 adapter."""

from bot.crm.gocrm.adapter import GoCrmCRM

__all__ = ["GoCrmCRM"]
