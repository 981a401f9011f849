"""The notifier's benchmark: from a lead's creation in the CRM to its post in the groups."""
