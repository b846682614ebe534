"""The alert pages: sign-up at /alerts, confirmation, and unsubscribe (RFC 8058 one-click).

- The sign-up page answers the same whatever the archive knows about the address, so it
  cannot tell anyone who subscribes; floods are cut per client (429) and per address
  (silently).
- Link scanners follow GET links, so a GET never changes anything here: the confirm
  and unsubscribe pages show one button, which POSTs.
- Forms carry a CSRF value that must equal the `marsad_csrf` cookie (SameSite=Strict,
  HttpOnly), which another site can neither read nor send. The unsubscribe POST is the
  exception RFC 8058 requires: a mail client POSTs it with no cookie, and the secret
  in the link is what authorises it.
"""

from __future__ import annotations

import secrets
from typing import ClassVar
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from marsad.alerts import tokens
from marsad.alerts.delivery import mail_confirmation
from marsad.alerts.subscriptions import (
    RateLimited, SignupError, TokenError, confirm, pending_confirmation, resolver, subscribe,
)
from marsad.alerts.subscriptions import get as get_subscription
from marsad.alerts.subscriptions import unsubscribe as end_subscription
from marsad.errors import NotFound, QueryError
from marsad.web.errors import BadRequest, Forbidden, WebError
from marsad.web.templating import render

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
COOKIE = "marsad_csrf"
MAX_FIELDS = 10
DONE = "إن كان هذا العنوان يستقبل البريد فستصله رسالة تأكيد. لن يصله أي تنبيه قبل الضغط على زر التأكيد فيها."


class TooManyRequests(WebError):
    """Too many sign-ups from one client."""

    status = 429
    headers: ClassVar[dict[str, str]] = {"Retry-After": "3600"}


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise BadRequest("the form could not be read") from None
    return dict(pairs)


def _csrf_value(request: Request) -> str:
    known = request.cookies.get(COOKIE, "")
    return known if 20 <= len(known) <= 64 and known.replace("-", "").replace("_", "").isalnum() else secrets.token_urlsafe(24)


def _page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    """A page with a form: the CSRF cookie is (re)set and nothing is cached (the URL holds a secret)."""
    csrf = _csrf_value(request)
    response = render(name, status, csrf=csrf, **context)
    response.set_cookie(COOKIE, csrf, httponly=True, samesite="strict", path="/alerts",
                        secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


def _check_csrf(request: Request, form: dict[str, str]) -> None:
    cookie, given = request.cookies.get(COOKIE), form.get("csrf")
    if not cookie or not given or not tokens.same(cookie, given):
        raise Forbidden("this form has expired or was sent from another site: reload the page and try again")


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, q: str | None = None, entity: str | None = None) -> HTMLResponse:
    """The sign-up form, prefilled from a search (`q`) or an entity page (`entity`)."""
    values = {"kind": "entity" if entity and not q else "query", "watch": entity if entity and not q else (q or ""),
              "every": "instant", "email": ""}
    return _page(request, "alerts.html", values=values)


@router.post("/alerts", response_class=HTMLResponse)
async def alerts_signup(request: Request) -> HTMLResponse:
    """A sign-up: one answer for every address; the form again, with the reason, for bad input."""
    form = await _form(request)
    _check_csrf(request, form)
    values = {key: form.get(key, "") for key in ("email", "kind", "watch", "every")}
    client = request.client.host if request.client else None
    try:
        await run_in_threadpool(_sign_up, request.app.state.archives, values, client)
    except RateLimited as error:
        raise TooManyRequests(str(error)) from None
    except (SignupError, QueryError) as error:
        return _page(request, "alerts.html", 400, values=values, error=str(error))
    return _page(request, "alerts.html", values={**values, "email": ""}, done=DONE)


def _sign_up(archives, values: dict[str, str], client: str | None) -> None:
    kind = values["kind"] if values["kind"] in ("query", "entity") else "query"
    watch = {kind: values["watch"]}
    with archives.writer() as archive:
        signup = subscribe(archive.store, values["email"], every=values["every"] or "instant",
                           resolve=resolver(archive), client=client, **watch)
    if signup.token is not None:
        with archives.writer() as archive:
            mail_confirmation(archive.store, signup.token)


@router.get("/alerts/confirm/{token}", response_class=HTMLResponse)
def confirm_page(request: Request, token: str) -> HTMLResponse:
    """What the link would confirm, and the one button that does it (a GET changes nothing)."""
    try:
        address, waiting = pending_confirmation(request.app.state.archives.reader().store, token)
    except TokenError as error:
        return _page(request, "alert_confirm.html", 400, error=str(error))
    return _page(request, "alert_confirm.html", address=address, waiting=waiting,
                 ids=",".join(str(s.id) for s in waiting))


@router.post("/alerts/confirm/{token}", response_class=HTMLResponse)
async def confirm_press(request: Request, token: str) -> HTMLResponse:
    """The button: confirm the subscriptions the page showed; the link is used up."""
    form = await _form(request)
    _check_csrf(request, form)
    ids = [int(i) for i in form.get("ids", "").split(",") if i.strip().isdigit()]

    def run() -> list:
        with request.app.state.archives.writer() as archive:
            return confirm(archive.store, token, ids)

    try:
        confirmed = await run_in_threadpool(run)
    except TokenError as error:
        return _page(request, "alert_confirm.html", 400, error=str(error))
    return _page(request, "alert_confirm.html", confirmed=confirmed)


def _subscription_of(request: Request, token: str):
    store = request.app.state.archives.reader().store
    found = tokens.unsubscribed_id(tokens.archive_secret(store), token)
    subscription = get_subscription(store, found) if found is not None else None
    if subscription is None:
        raise NotFound("this unsubscribe link is not valid")
    return subscription


@router.get("/alerts/unsubscribe/{token}", response_class=HTMLResponse)
def unsubscribe_page(request: Request, token: str) -> HTMLResponse:
    """What the link would end, and the button that ends it."""
    return _page(request, "alert_unsubscribe.html", sub=_subscription_of(request, token))


@router.post("/alerts/unsubscribe/{token}", response_class=HTMLResponse)
async def unsubscribe_press(request: Request, token: str) -> HTMLResponse:
    """RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click`; the page's button does the same."""
    await _form(request)

    def run():
        with request.app.state.archives.writer() as archive:
            return end_subscription(archive.store, token)

    ended = await run_in_threadpool(run)
    if ended is None:
        raise NotFound("this unsubscribe link is not valid")
    return _page(request, "alert_unsubscribe.html", sub=ended, done=True)
