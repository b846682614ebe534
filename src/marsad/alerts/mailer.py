"""Confirmation and alert mails, plain text plus right-to-left HTML, and the SMTP link.

Every piece of an article is escaped before it goes into the HTML part (snippets are
made with HTML_MARKS, which escapes first), and no header is built from anything a
sign-up could smuggle a line break into: addresses and queries with control
characters are refused at sign-up, and the email package refuses them again here.
"""

from __future__ import annotations

import html
import re
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate

from marsad import settings

__all__ = ["Item", "MailError", "Mailer", "alert_mail", "confirmation_mail", "public_url"]

SMTP_TIMEOUT_S = 10
_BREAK = re.compile(r"[\r\n]")
_STYLE = "font-family: 'Noto Sans Arabic', Tahoma, Arial, sans-serif; line-height: 1.7"


class MailError(Exception):
    """A mail that did not go out; the message says why (never the password)."""


def public_url() -> str:
    """Where the web app is reached, without a trailing slash."""
    return str(settings.get("public_url")).rstrip("/")


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of an alert: a new matching article, standing also for the copies of its text
    and the other articles of its story that the same message would list."""

    article_id: str
    title: str | None
    source: str | None
    published: str | None
    snippet_text: str
    snippet_html: str
    copies: tuple[tuple[str, str | None], ...] = ()  # (id, source) of other articles with the same text
    related: tuple[tuple[str, str | None], ...] = ()  # (id, source) of other articles of the same story
    story: str | None = None  # set when the item stands for several articles

    @property
    def link(self) -> str:
        """The article's page under public_url."""
        return f"{public_url()}/articles/{self.article_id}"

    def more(self) -> str:
        """"and N copies", "and M more articles of this story" (Arabic, then English), or ""."""
        arabic, english = [], []
        if self.copies:
            arabic.append(f"و{len(self.copies)} نسخ أخرى من النص نفسه")
            english.append(f"and {len(self.copies)} cop{'y' if len(self.copies) == 1 else 'ies'}")
        if self.related:
            arabic.append(f"و{len(self.related)} مقالات أخرى عن الخبر نفسه")
            english.append(f"and {len(self.related)} more article{'s' if len(self.related) > 1 else ''} of this story")
        return f"{' · '.join(arabic)} [{', '.join(english)}]" if arabic else ""

    def others(self) -> list[tuple[str, str]]:
        """(source or id, link) of each article this item stands for besides its own."""
        return [(source or article_id, f"{public_url()}/articles/{article_id}")
                for article_id, source in self.copies + self.related]

    @property
    def story_link(self) -> str | None:
        """The story's page, when the item stands for several articles."""
        return f"{public_url()}/stories/{self.story}" if self.story else None


def _message(to: str, subject: str, text: str, body_html: str, message_id: str | None = None) -> Message:
    """multipart/alternative: text, then HTML. Built with the email package's MIME classes, which
    flatten about four times faster than EmailMessage (it counts: one mail per subscription)."""
    sender = str(settings.get("smtp_from"))
    headers = {"From": sender, "To": to, "Date": formatdate(localtime=False, usegmt=True),
               "Auto-Submitted": "auto-generated"}
    if message_id:
        headers["Message-ID"] = f"<{message_id}@{sender.rpartition('@')[2] or 'marsad'}>"
    message = MIMEMultipart("alternative")
    _headers(message, headers)
    message["Subject"] = Header(subject, "utf-8")
    message.attach(MIMEText(text, "plain", "utf-8"))
    page = f'<!doctype html><html lang="ar" dir="rtl"><body dir="rtl" style="{_STYLE}">{body_html}</body></html>'
    message.attach(MIMEText(page, "html", "utf-8"))
    return message


def _headers(message: Message, values: dict[str, str]) -> None:
    for name, value in values.items():
        if _BREAK.search(value):  # refused at sign-up already; never let one through to the wire
            raise MailError(f"refusing to write a {name} header with a line break in it")
        message[name] = value


def confirmation_mail(to: str, token: str, watched: list[str]) -> Message:
    """The one mail an unconfirmed address gets: what was asked for, and the link to confirm it."""
    link = f"{public_url()}/alerts/confirm/{token}"
    days = settings.get("alert_token_days")
    lines = "\n".join(f"  - {w}" for w in watched)
    text = (f"طُلب اشتراك هذا العنوان في تنبيهات مرصد:\n{lines}\n\nلتأكيد الاشتراك افتح الرابط واضغط زر التأكيد:\n{link}\n\n"
            f"الرابط صالح {days} أيام ولمرة واحدة. إن لم تطلب ذلك فتجاهل هذه الرسالة: لن يصلك شيء آخر.\n\n"
            f"Confirm your marsad alerts: {link}\nIf you did not ask for them, ignore this mail.")
    items = "".join(f"<li><bdi>{html.escape(w)}</bdi></li>" for w in watched)
    body = (f"<p>طُلب اشتراك هذا العنوان في تنبيهات مرصد:</p><ul>{items}</ul>"
            f'<p><a href="{html.escape(link)}">تأكيد الاشتراك</a></p>'
            f"<p>الرابط صالح {days} أيام ولمرة واحدة. إن لم تطلب ذلك فتجاهل هذه الرسالة: لن يصلك شيء آخر.</p>")
    return _message(to, "أكّد اشتراكك في تنبيهات مرصد", text, body)


def alert_mail(to: str, what: str, items: list[Item], message_id: str, unsubscribe: str) -> Message:
    """One alert: every new matching article of the batch, with one-click unsubscribe (RFC 8058)."""
    label = what if len(what) <= 80 else what[:79] + "…"
    text_items, html_items = [], []
    for item in items:
        meta = " · ".join(p for p in (item.source, (item.published or "")[:10]) if p)
        more, others = item.more(), item.others()
        text_items.append(f"{item.title or '(بلا عنوان)'}\n{meta}\n{item.snippet_text}\n{item.link}"
                          + (f"\n{more}: {item.story_link}" if more else "")
                          + "".join(f"\n  - {name}: {link}" for name, link in others))
        extra = ""
        if more:
            links = "، ".join(f'<a href="{html.escape(link)}"><bdi>{html.escape(name)}</bdi></a>' for name, link in others)
            extra = (f'<br><small><a href="{html.escape(item.story_link or item.link)}">{html.escape(more)}</a>: '
                     f"{links}</small>")
        html_items.append(
            f'<li><a href="{html.escape(item.link)}"><strong>{html.escape(item.title or "(بلا عنوان)")}</strong></a>'
            f"<br><small><bdi>{html.escape(meta)}</bdi></small><br>{item.snippet_html}{extra}</li>")
    count = f"{len(items)} مقالة جديدة"
    text = (f"{count} تطابق «{what}»:\n\n" + "\n\n".join(text_items)
            + f"\n\n--\nلإلغاء هذا التنبيه: {unsubscribe}\n")
    body = (f"<p>{count} تطابق «<bdi>{html.escape(what)}</bdi>»:</p><ol>{''.join(html_items)}</ol>"
            f'<hr><p><small><a href="{html.escape(unsubscribe)}">إلغاء هذا التنبيه</a></small></p>')
    message = _message(to, f"مرصد: {count} عن «{label}»", text, body, message_id)
    _headers(message, {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    return message


class Mailer:
    """One SMTP connection for a run of mails, from the smtp_* settings.

    After a failed connect every later `send` of the run fails at once with the same
    reason, so a server that is down costs one timeout, not one per mail.
    """

    def __init__(self, host: str | None = None, port: int | None = None) -> None:
        self.host = str(settings.get("smtp_host", host))
        self.port = int(settings.get("smtp_port", port))
        self._conn: smtplib.SMTP | None = None
        self._down: str | None = None

    @property
    def configured(self) -> bool:
        """True when smtp_host is set."""
        return bool(self.host)

    def _connect(self) -> smtplib.SMTP:
        if self._down:
            raise MailError(self._down)
        try:
            if self.port == 465:
                conn = smtplib.SMTP_SSL(self.host, self.port, timeout=SMTP_TIMEOUT_S,
                                        context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_S)
                if settings.get("smtp_starttls"):
                    conn.starttls(context=ssl.create_default_context())
            # Each SMTP command waits for its reply: without this, Nagle's algorithm and delayed
            # ACKs hold every small write ~40 ms (1,000 mails took 130 s on loopback, not 5).
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if settings.get("smtp_user"):
                conn.login(str(settings.get("smtp_user")), str(settings.get("smtp_password")))
        except (OSError, smtplib.SMTPException) as error:
            self._down = f"cannot reach SMTP server {self.host}:{self.port}: {error}"
            raise MailError(self._down) from None
        return conn

    def send(self, message: Message) -> None:
        """Send one mail; MailError if it did not go out."""
        if not self.configured:
            raise MailError("mail is not set up: set smtp_host (MARSAD_SMTP_HOST)")
        if self._conn is None:
            self._conn = self._connect()
        try:
            self._conn.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            self.close()
            raise MailError(f"SMTP server {self.host}:{self.port} did not take the mail: {error}") from None

    def close(self) -> None:
        """End the SMTP session, if one is open."""
        if self._conn is not None:
            try:
                self._conn.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self._conn = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
