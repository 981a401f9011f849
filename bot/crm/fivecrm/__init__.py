"""The 5CRM public API ("API for integrators") adapter."""

from bot.crm.fivecrm.adapter import FiveCrmCRM

__all__ = ["FiveCrmCRM"]
