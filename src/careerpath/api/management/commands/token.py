"""careerpath token create|list|revoke — personal API tokens, on the server side."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.table import Table

from careerpath.accounts.services import user_get
from careerpath.api.selectors import api_tokens_of
from careerpath.api.services import api_token_create, api_token_revoke
from careerpath.errors import ServiceError
from careerpath.terminal import is_terminal, render

EXIT_BAD_INPUT = 2


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class Command(BaseCommand):
    help = "API 令牌 API tokens: create one for a user (shown once), list a user's, revoke one"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户创建令牌，只显示一次 create a token for a user, shown once")
        create.add_argument("username")
        create.add_argument("--name", default="cli", help="令牌名称 a name for the token (default: cli)")
        create.add_argument("--expires-days", type=int, default=None, dest="expires_days",
                            help="有效天数 days until it expires (default: API_TOKEN_EXPIRY_DAYS)")
        listing = sub.add_parser("list", help="列出用户的令牌（不含密钥）list a user's tokens (never the secret)")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="吊销令牌 revoke a token by its id (see list)")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: object, action: str, **options: Any) -> None:
        try:
            if action == "create":
                self._create(options)
            elif action == "list":
                self._list(options["username"])
            else:
                tok = api_token_revoke(actor=None, token_id=options["token_id"])
                self.stdout.write(f"已吊销令牌 revoked token {tok.pk} ({tok.name}, {tok.prefix}…) "
                                  f"of {tok.user.get_username()}")
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=EXIT_BAD_INPUT) from None

    def _create(self, options: dict[str, Any]) -> None:
        user = user_get(username=options["username"])
        tok, raw = api_token_create(actor=user, name=options["name"], expires_days=options["expires_days"])
        self.stdout.write(f"已为 {user.get_username()} 创建令牌，{_when(tok.expires_at)} 到期（只显示这一次）"
                          f"token for {user.get_username()}, expires {_when(tok.expires_at)} (shown once):\n{raw}")

    def _list(self, username: str) -> None:
        now = timezone.now()
        table = Table("编号 id", "名称 name", "前缀 prefix", "创建 created", "最近使用 last used", "到期 expires",
                      "状态 status", box=None, pad_edge=False, header_style="bold")
        for t in api_tokens_of(actor=None, username=username):
            table.add_row(str(t.pk), t.name, t.prefix + "…", _when(t.created_at), _when(t.last_used_at),
                          _when(t.expires_at), f"{t.status_at(now).label} {t.status_at(now).value}")
        self.stdout.write(render(table, color=is_terminal(self.stdout._out)))  # type: ignore[attr-defined]
