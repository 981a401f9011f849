"""A load benchmark of the bot: N bound staff working at once against a slow sandbox CRM.

``python -m bench --staff 200 --latency-ms 50`` runs the real bot (bot/app.py ``App``) in
this process against the fake Telegram Bot API server (tests/fakes) and the sandbox CRM with
an added latency, drives a mix of commands, button presses and comments, and prints latency,
the bot's own overhead, CRM calls per action, peak memory, and the same latency figures for
a bare aiogram bot on the same fake server. Nothing here is imported by the bot.
"""
