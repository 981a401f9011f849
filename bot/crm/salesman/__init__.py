"""The SalesMan CRM adapter (API 2.0)."""

from bot.crm.salesman.adapter import SalesmanCRM

__all__ = ["SalesmanCRM"]
