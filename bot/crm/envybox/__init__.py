"""Envybox CRM, OpenAPI v1: the adapter and everything that knows its wire format."""

from bot.crm.envybox.adapter import EnvyboxCRM

__all__ = ["EnvyboxCRM"]
