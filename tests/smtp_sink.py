"""A local SMTP server (aiosmtpd) for the suite: keeps what it accepts, refuses chosen
recipients with a 550, and can be pointed at by Django's real SMTP backend."""

import socket
from email import message_from_bytes, policy
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        # The default policy decodes headers (subjects in Arabic, Chinese…) to text.
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def part(message: Message, content_type: str) -> str:
    for piece in message.walk():
        if piece.get_content_type() == content_type:
            return piece.get_payload(decode=True).decode(piece.get_content_charset() or "utf-8")
    return ""


def start_sink() -> tuple[Sink, Controller]:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    return sink, controller
