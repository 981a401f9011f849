"""New leads in the team groups: the poller turns the CRM's new leads into outbox rows (one
per matching group, in one transaction with the cursor), the sender drains the outbox within
Telegram's limits, and `posts` keeps the group messages true once a lead is claimed."""
