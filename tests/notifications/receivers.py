"""Local receivers for the delivery tests, on loopback only: a fake SMTP server (aiosmtpd) and an HTTP
receiver standing in for the WeCom, DingTalk and Feishu robot endpoints."""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str


@dataclass
class SmtpInbox:
    port: int
    mails: list[Mail] = field(default_factory=list)


class _Handler:
    def __init__(self, inbox: SmtpInbox) -> None:
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd's hook
        msg = message_from_bytes(envelope.original_content)
        part = msg.get_payload(decode=True) if not msg.is_multipart() else msg.get_payload(0).get_payload(decode=True)
        self.inbox.mails.append(Mail(list(envelope.rcpt_tos), str(make_header(decode_header(msg["Subject"]))),
                                     part.decode(msg.get_content_charset() or "utf-8")))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings):  # noqa: ANN001, ANN201
    """A fake SMTP server on 127.0.0.1; Django's SMTP backend sends to it."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (aiosmtpd's start-up check cannot use port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = SmtpInbox(port=port)
    controller = Controller(_Handler(inbox), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", inbox.port, 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


@dataclass
class Hit:
    vendor: str
    path: str
    body: dict


@dataclass
class RobotReceiver:
    base: str
    hits: list[Hit] = field(default_factory=list)
    fail: set[str] = field(default_factory=set)  # vendors answering 500

    def of(self, vendor: str) -> list[Hit]:
        return [h for h in self.hits if h.vendor == vendor]


@pytest.fixture
def robot_receiver(settings):  # noqa: ANN001, ANN201
    """An HTTP server on 127.0.0.1 answering like the three vendors; CAREERPATH_ROBOT_BASE_URLS points at it."""
    receiver = RobotReceiver(base="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's hook
            vendor = self.path.split("/")[1]
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.hits.append(Hit(vendor, self.path, json.loads(data or b"{}")))
            status = 500 if vendor in receiver.fail else 200
            reply = json.dumps({"errcode": 0, "errmsg": "ok", "code": 0, "msg": "success"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    receiver.base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CAREERPATH_ROBOT_BASE_URLS = {v: f"{receiver.base}/{v}" for v in ("wecom", "dingtalk", "feishu")}
    yield receiver
    server.shutdown()
    server.server_close()
