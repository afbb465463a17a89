"""careerpath token create USERNAME — a personal API token for a user, printed once (server side)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careerpath.accounts.services import user_get
from careerpath.api.services import api_token_create
from careerpath.errors import ServiceError

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "API 令牌 API tokens: create one for a user (shown once)"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌，只显示一次 create a token for a user, shown once")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="令牌名称 a name for the token (default: cli)")

    def handle(self, *args: object, action: str, **options: Any) -> None:
        try:
            user = user_get(username=options["username"])
            _, raw = api_token_create(actor=user, name=options["name"])
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=EXIT_BAD_INPUT) from None
        self.stdout.write(f"已为 {user.get_username()} 创建令牌（只显示这一次）token for {user.get_username()} "
                          f"(shown once):\n{raw}")
