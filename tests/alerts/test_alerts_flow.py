"""The whole e-mail flow over real HTTP and real SMTP on loopback.

Sign up twice, one confirmation mail, nothing before confirming, confirm through the
link's button, one alert per batch listing each new match, nothing again on a rerun,
one-click unsubscribe (RFC 8058), silence after.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from conftest import PUBLIC, html_of, link_in, text_of
from marsad.alerts import deliver
from marsad.alerts.subscriptions import listed
from marsad.service import Archive

QUERY = "الفيضانات"


def _write(folder: Path, name: str, title: str, body: str) -> str:
    path = folder / f"{name}.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return str(path)


def _flood(folder: Path, n: int) -> str:
    return _write(folder, f"flood-{n}", f"الفيضانات تغمر القرية رقم {n}",
                  f"غمرت الفيضانات القرية رقم {n} بعد أمطار غزيرة استمرت ثلاثة أيام، وقال مسؤول محلي إن "
                  f"فرق الإنقاذ أجلت مئات السكان من المنازل المنخفضة في الحي رقم {n}.")


def _other(folder: Path, n: int) -> str:
    return _write(folder, f"fair-{n}", f"معرض الكتاب يفتح أبوابه للمرة {n}",
                  f"افتتح معرض الكتاب دورته رقم {n} بمشاركة دور نشر عربية كثيرة، وقالت مديرة المعرض إن "
                  f"عدد الزوار في اليوم الأول تجاوز التوقعات في الدورة {n}.")


def _csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _sign_up(base: str, address: str, client_headers: dict | None = None) -> httpx.Response:
    with httpx.Client(base_url=base) as browser:
        form = browser.get("/alerts")
        return browser.post("/alerts", data={"csrf": _csrf(form.text), "email": address, "kind": "query",
                                             "watch": QUERY, "every": "instant"})


def _ingest(db: Path, *paths: str) -> None:
    with Archive(db) as archive:
        report = archive.ingest(list(paths))
        assert not report.failed


def _local(base: str, url: str) -> str:
    assert url.startswith(PUBLIC + "/")
    return base + url.removeprefix(PUBLIC)


def _without_csrf(page: str) -> str:
    return re.sub(r'value="[^"]{20,64}"', "", page)


def test_alerts_whole_flow_by_mail(alert_server, mailbox, tmp_path):
    base, db = alert_server
    first = _sign_up(base, "Reader@Example.org")
    second = _sign_up(base, "reader@example.org")
    stranger = _sign_up(base, "someone-else@example.org")
    assert first.status_code == second.status_code == stranger.status_code == 200
    # The page says the same whether the address was known: nothing to enumerate.
    assert _without_csrf(first.text) == _without_csrf(second.text) == _without_csrf(stranger.text)

    mails = mailbox.wait(2)
    mailbox.quiet(2)
    mine = [m for m in mails if m["To"] == "reader@example.org"]
    assert len(mine) == 1, "the second sign-up within the hour must not mail again"
    confirm_link = link_in(mine[0], "confirm")
    assert QUERY in text_of(mine[0]) and 'dir="rtl"' in html_of(mine[0])

    _ingest(db, _flood(tmp_path, 1))  # before confirming: never sent, not even later
    mailbox.quiet(2)

    with httpx.Client() as browser:
        page = browser.get(_local(base, confirm_link))
        assert page.status_code == 200 and "أكّد الاشتراك" in page.text
        assert [s.status for s in _subs(db, "reader@example.org")] == ["pending"]  # a GET changes nothing
        ids = re.search(r'name="ids" value="([^"]*)"', page.text).group(1)
        done = browser.post(_local(base, confirm_link), data={"csrf": _csrf(page.text), "ids": ids})
        assert done.status_code == 200 and "تم التأكيد" in done.text
        again = browser.post(_local(base, confirm_link), data={"csrf": _csrf(page.text), "ids": ids})
        assert again.status_code == 400 and "already used" in again.text
    assert [s.status for s in _subs(db, "reader@example.org")] == ["active"]

    _ingest(db, _flood(tmp_path, 2), _flood(tmp_path, 3), _other(tmp_path, 1))
    alert = mailbox.wait(3)[-1]
    assert alert["To"] == "reader@example.org"
    body = text_of(alert)
    assert "رقم 2" in body and "معرض" not in body
    # flood 3 tells flood 2's story again: one entry for both, flood 3 listed under it
    assert body.count("الفيضانات تغمر القرية") == 1 and "[and 1 " in body
    links = set(re.findall(rf"{re.escape(PUBLIC)}/articles/(\w+)", body))
    assert links == _ids(db, "الفيضانات تغمر القرية رقم 2", "الفيضانات تغمر القرية رقم 3")
    assert "[الفيضانات]" in body  # the snippet marks the matched words
    assert "<mark>" in html_of(alert) and 'dir="rtl"' in html_of(alert)
    unsubscribe = alert["List-Unsubscribe"].strip().strip("<>")  # a long header may be folded
    assert unsubscribe.startswith(f"{PUBLIC}/alerts/unsubscribe/")
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    with Archive(db) as archive:  # a rerun of delivery and of the same ingest sends nothing more
        deliver(archive)
    _ingest(db, _flood(tmp_path, 2), _flood(tmp_path, 3))
    mailbox.quiet(3)

    one_click = httpx.post(_local(base, unsubscribe), content=b"List-Unsubscribe=One-Click",
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert one_click.status_code == 200
    assert [s.status for s in _subs(db, "reader@example.org")] == ["removed"]

    _ingest(db, _flood(tmp_path, 4))
    with Archive(db) as archive:
        deliver(archive)
    mailbox.quiet(3)


def _ids(db: Path, *titles: str) -> set[str]:
    with Archive(db) as archive:
        rows = archive.store.read(f"SELECT id FROM articles WHERE title IN ({', '.join('?' * len(titles))})", titles)
    assert len(rows) == len(titles)
    return {row[0] for row in rows}


def _subs(db: Path, address: str):
    with Archive(db) as archive:
        return [s for s in listed(archive.store) if s.target == address]


def test_alerts_unsubscribe_get_only_shows_a_button(alert_server, mailbox):
    base, db = alert_server
    from marsad.alerts import tokens
    from marsad.alerts.subscriptions import confirm, subscribe

    with Archive(db) as archive:
        signup = subscribe(archive.store, "button@example.org", query=QUERY)
        confirm(archive.store, signup.token)
        link = f"{base}/alerts/unsubscribe/{tokens.unsubscribe_token(tokens.archive_secret(archive.store), signup.subscription.id)}"
    page = httpx.get(link)
    assert page.status_code == 200 and "ألغِ التنبيه" in page.text
    assert [s.status for s in _subs(db, "button@example.org")] == ["active"]
    assert httpx.get(link[:-3] + "abc").status_code == 404
