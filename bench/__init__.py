"""A load benchmark of the bot: B bound staff, N of them working at once against a slow
sandbox CRM, the bot measured alone in a process of its own.

``python -m bench --staff 200 --bound 1000 --latency-ms 50 --soak 600`` runs two kinds of
process, one after the other never side by side:

- the world process (``python -m bench``): the fake Telegram Bot API server (tests/fakes),
  the sandbox CRM with L ms added to every request, and the simulated users (driver.py,
  scenario.py); it binds the staff in the bot's store file before the bot starts (crew.py);
- a bot process: the real bot (child_bot.py: bot/app.py ``App``, logging as deployed) or a
  bare aiogram bot (child_bare.py), spawned and always stopped by spawn.py; its probe
  (probe.py) reports every handled update with its CRM requests on a pipe (remote.py).

It prints latency, the bot's own overhead, CRM calls and round trips per action, the bot
process's CPU per action, peak memory, start-up time and memory growth over a soak, the
same for the bare aiogram bot, and one line per target of the speed issue, met or not.
Nothing here is imported by the bot.
"""
