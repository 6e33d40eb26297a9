"""Helpers for the Playwright browser tests (Debian chromium, no browser download).

`new_page` opens a fresh German browser context whose page records console errors and
failed requests, so that a test can assert that no stylesheet or font went missing.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_REASON = "Debian-Chromium (/usr/bin/chromium) fehlt: apt-get install chromium"
PASSWORD = "browser-test-passwort-2026"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}
SCREEN_DIR = Path("/tmp/screens")
# Failed loads are recorded with their URL from the "response" event instead.
LOAD_FAILED = "Failed to load resource"
# Chromium asks for /favicon.ico on its own; the site ships no favicon (yet).
IGNORED_URL_ENDINGS = ("/favicon.ico",)


def _aborted_by_navigation(request) -> bool:
    """The favicon still loading when the page moved on: Chromium cancels it
    (net::ERR_ABORTED). Not a failure of the site (seen once in CI on a fast login)."""
    return "favicon" in request.url and "ERR_ABORTED" in (request.failure or "")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@dataclass
class PageProblems:
    """Console errors and failed requests seen while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.console_errors or self.failed_requests)

    def __str__(self) -> str:
        return "\n".join(["Konsole:", *self.console_errors, "Anfragen:", *self.failed_requests])


def new_page(browser, *, width: int = 1280, height: int = 900, **options):
    """A page in a fresh German context; returns (context, page, problems). `options` go
    to the context as they are, e.g. is_mobile=True, has_touch=True for a phone."""
    context = browser.new_context(
        locale="de-DE", viewport={"width": width, "height": height}, **options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = PageProblems()
    page.on(
        "console",
        lambda msg: (
            problems.console_errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith(LOAD_FAILED)
            else None
        ),
    )
    page.on("pageerror", lambda exc: problems.console_errors.append(str(exc)))
    page.on(
        "response",
        lambda response: (
            problems.failed_requests.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith(IGNORED_URL_ENDINGS)
            else None
        ),
    )
    page.on(
        "requestfailed",
        lambda request: (
            problems.failed_requests.append(f"failed {request.url} {request.failure}")
            if not _aborted_by_navigation(request)
            else None
        ),
    )
    return context, page, problems


def make_user(
    *,
    username: str,
    role: str,
    organisation_slug: str | None = None,
    is_staff: bool = False,
    totp: bool = False,
    first_name: str = "Test",
    last_name: str = "Person",
):
    """A user who can log in with e-mail and PASSWORD (verified e-mail address, as the
    demo accounts in core/seed.py), optionally with an activated TOTP authenticator.
    Returns (user, totp_secret_or_None)."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from industriedialog.actors.models import Organisation
    from industriedialog.core.models import User

    organisation = Organisation.objects.get(slug=organisation_slug) if organisation_slug else None
    email = f"{username}@example.org"
    user = User(
        username=username,
        email=email,
        role=role,
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_staff,
    )
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    secret = None
    if totp:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    return user, secret


def current_totp_code(secret: str) -> str:
    """The code an authenticator app would show right now (allauth's own algorithm).
    Close to the end of a period it waits for the next one, so that the server (which
    accepts only the current period by default) does not see an expired code."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    remaining = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if remaining < 3:
        time.sleep(remaining + 0.1)
    counters = list(yield_hotp_counters_from_time())
    current = counters[len(counters) // 2]
    return format_hotp_value(hotp_value(secret, current))


def log_in(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/konto/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.locator("main form").get_by_role("button", name="Anmeldung").click()
    page.wait_for_load_state()


def enter_totp_code(page, secret: str) -> None:
    """Second login step: type the current authenticator code and wait to be logged in."""
    from playwright.sync_api import expect

    page.locator("input[name=code]").fill(current_totp_code(secret))
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".site-header__account")).to_contain_text("Angemeldet als")


def axe_violations(page) -> tuple[list[dict], str]:
    """Run axe with the WCAG 2.1 A/AA tags; returns the serious/critical violations and
    a readable report of all violations."""
    from axe_playwright_python.sync_playwright import Axe

    options = WCAG_AA
    extra_tags = [tag for tag in os.environ.get("AXE_EXTRA_TAGS", "").split(",") if tag]
    if extra_tags:  # e.g. AXE_EXTRA_TAGS=best-practice,wcag22aa for a stricter look
        options = {
            **WCAG_AA,
            "runOnly": {"type": "tag", "values": WCAG_AA["runOnly"]["values"] + extra_tags},
        }
    results = Axe().run(page, options=options)
    violations = results.response.get("violations", [])
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    report = "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node.get('failureSummary', '')}" for node in v["nodes"][:8]
        )
        for v in violations
    )
    if os.environ.get("AXE_VERBOSE"):
        print(f"\n### axe {page.url}: {len(violations)} Verstöße\n{report}")
    return blocking, report


def format_axe_failures(failures: dict[str, str]) -> str:
    return "\n\n".join(f"== {label}\n{report}" for label, report in failures.items())
