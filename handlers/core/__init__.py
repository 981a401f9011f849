"""What every user meets whatever the area: /start, /help, /whoami, /cancel, the command
menu, the last-resort fallback and the central error handlers."""
