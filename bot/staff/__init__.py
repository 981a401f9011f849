"""Staff identity and access: who may use the bot, and as which CRM employee."""
