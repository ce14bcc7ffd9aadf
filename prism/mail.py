"""Templated e-mail: one plain-text and one HTML rendering of the same template."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_mail(*, to: str, subject: str, template: str, context: dict[str, Any]) -> None:
    """Send `{template}.txt` with `{template}.html` as its alternative to one recipient.

    Raises on delivery failure so the calling task is recorded as failed (and retried by
    the queue) instead of silently dropping the mail.
    """
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
