"""careerpath user add|roles|list|unlock — logins with roles, linked to employees, without a shell."""

from __future__ import annotations

import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.table import Table

from careerpath.accounts.models import Role
from careerpath.accounts.selectors import user_rows
from careerpath.accounts.services import roles_parse, user_add, user_get, user_set_roles, user_unlock
from careerpath.errors import ServiceError
from careerpath.terminal import is_terminal, render

EXIT_BAD_INPUT = 2
ROLE_CHOICES = ", ".join(r.value for r in Role)


class Command(BaseCommand):
    help = "用户与角色 users and roles: add, roles, list, unlock"
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="添加用户：密码从标准输入读取（管道），否则生成一次性显示的密码 "
                                         "add a user; password from piped stdin, else generated and shown once")
        add.add_argument("username")
        add.add_argument("--employee", help="关联员工的工号 the 工号 of the employee to link")
        add.add_argument("--role", nargs="+", default=[], metavar="ROLE", help=f"角色 roles: {ROLE_CHOICES}")
        roles = sub.add_parser("roles", help="设置用户的角色 replace a user's roles")
        roles.add_argument("username")
        roles.add_argument("--set", nargs="*", required=True, dest="roles", metavar="ROLE",
                           help=f"新的角色（空为无角色）the new roles (none to clear): {ROLE_CHOICES}")
        sub.add_parser("list", help="列出用户 list users: username, employee, roles, staff/active")
        unlock = sub.add_parser("unlock", help="解锁因多次登录失败而被锁定的账号 unlock a login locked out "
                                               "by failed passwords")
        unlock.add_argument("username")

    def handle(self, *args: object, action: str, **options: Any) -> None:
        try:
            if action == "add":
                self._add(options)
            elif action == "roles":
                user = user_set_roles(user=user_get(username=options["username"]), roles=roles_parse(options["roles"]))
                names = ", ".join(r.value for r in Role if r.value in set(user.groups.values_list("name", flat=True)))
                self.stdout.write(f"{user.get_username()}: {names or '无角色 no roles'}"
                                  f"{'（可进入管理后台 admin site）' if user.is_staff else ''}")
            elif action == "unlock":
                cleared = user_unlock(actor=None, username=options["username"])
                self.stdout.write(f"已解锁 unlocked {options['username']}" if cleared else
                                  f"{options['username']} 未被锁定 was not locked out")
            else:
                self._list()
        except ServiceError as exc:
            raise CommandError(exc.message, returncode=EXIT_BAD_INPUT) from None

    def _add(self, options: dict[str, Any]) -> None:
        stdin: IO[str] = options.get("stdin") or sys.stdin
        password = None
        if not is_terminal(stdin):  # piped: the first line is the password
            password = stdin.readline().rstrip("\r\n") or None
        added = user_add(actor=None, username=options["username"], roles=roles_parse(options["role"]),
                         employee_no=options["employee"], password=password)
        user = added.user
        emp = f"，关联员工 linked to {options['employee']}" if options["employee"] else ""
        self.stdout.write(f"已添加用户 added user {user.get_username()}{emp}")
        if added.generated_password:
            self.stdout.write(f"初始密码（只显示这一次）initial password (shown once): {added.generated_password}")

    def _list(self) -> None:
        table = Table("用户名 username", "工号 employee", "姓名 name", "角色 roles", "后台 staff", "启用 active",
                      box=None, pad_edge=False, header_style="bold")
        for r in user_rows():
            table.add_row(r.username, r.employee_no or "—", r.employee_name or "",
                          ", ".join(r.roles) + (" (superuser)" if r.is_superuser else ""),
                          "是 yes" if r.is_staff else "否 no", "是 yes" if r.is_active else "否 no")
        self.stdout.write(render(table, color=is_terminal(self.stdout._out)))  # type: ignore[attr-defined]
