"""``python -m bench.child_bot``: the real bot (bot/app.py ``App``) in a process of its own,
on the fake Telegram server and the sandbox CRM that the world process runs; started and
stopped by bench/bot_phase.py (bench/child.py says how)."""

from __future__ import annotations

import sys

from bench.child import ChildArgs, main
from bot.app import App
from bot.config import load_settings
from bot.sandbox import SANDBOX_API_KEY


def bot(args: ChildArgs) -> App:
    """The bot as deployed on an Envybox CRM (the sandbox speaks its API)."""
    settings = load_settings(
        _env_file=None,
        bot_token=args.token,
        telegram_api_url=args.telegram_url,
        crm_kind="envybox",
        crm_url=args.crm_url,
        crm_api_key=SANDBOX_API_KEY,
        database_path=args.database,
    )
    return App(settings)


if __name__ == "__main__":
    sys.exit(main(bot))
