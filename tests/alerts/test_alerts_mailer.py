"""Mails as a mail client reads them: headers, both parts, escaping, no header injection."""

from __future__ import annotations

import email
import email.policy

import pytest

from marsad.alerts.mailer import Item, MailError, alert_mail, confirmation_mail


def _read(message):
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


def test_mailer_alert_has_both_parts_rtl_and_escapes_article_text(monkeypatch):
    monkeypatch.setenv("MARSAD_PUBLIC_URL", "https://news.example.test/")
    item = Item("a1", "عنوان <script>alert(1)</script>", "<b>site</b>", "2024-03-07T10:00:00", "نص [غزة]",
                "نص <mark>غزة</mark>")
    mail = _read(alert_mail("a@example.org", "غزة", [item], "7.abc", "https://news.example.test/alerts/unsubscribe/7.x"))
    text = mail.get_body(("plain",)).get_content()
    page = mail.get_body(("html",)).get_content()
    assert "https://news.example.test/articles/a1" in text and "2024-03-07" in text and "[غزة]" in text
    assert '<html lang="ar" dir="rtl">' in page and "&lt;script&gt;" in page and "<script>" not in page
    assert "&lt;b&gt;site&lt;/b&gt;" in page and "<mark>غزة</mark>" in page
    assert str(mail["Subject"]) == "مرصد: 1 مقالة جديدة عن «غزة»"
    assert mail["Message-ID"] == "<7.abc@localhost>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_mailer_confirmation_names_what_was_asked_and_the_link(monkeypatch):
    monkeypatch.setenv("MARSAD_PUBLIC_URL", "https://news.example.test")
    mail = _read(confirmation_mail("a@example.org", "tok-123", ['"الأمم المتحدة" OR غزة']))
    text = mail.get_body(("plain",)).get_content()
    assert "https://news.example.test/alerts/confirm/tok-123" in text and '"الأمم المتحدة" OR غزة' in text
    assert "List-Unsubscribe" not in mail


@pytest.mark.parametrize("to", ["a@example.org\r\nBcc: b@example.org", "a@example.org\nX: y"])
def test_mailer_never_writes_a_header_with_a_line_break(to):
    with pytest.raises(MailError, match="line break"):
        confirmation_mail(to, "tok", ["غزة"])
