"""`python -m bot`: read settings, run the bot, exit with a meaningful code."""

from __future__ import annotations

import time

STARTED_AT = time.monotonic()  # before the imports: the start line counts them too

import asyncio  # noqa: E402
import sys  # noqa: E402

from bot.config import SettingsError, load_settings  # noqa: E402


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    # Imported after the settings check: a typo in .env is reported without the
    # seconds it takes to import aiogram.
    from bot.app import run
    from bot.runtime.logs import setup_logging

    secrets = [settings.bot_token.get_secret_value()]
    if settings.crm_api_key is not None:
        secrets.append(settings.crm_api_key.get_secret_value())
    setup_logging(settings.log_level.value, secrets)
    settings.database_path.parent.mkdir(parents=True, exist_ok=True)
    return asyncio.run(run(settings, started_at=STARTED_AT))


if __name__ == "__main__":
    sys.exit(main())
