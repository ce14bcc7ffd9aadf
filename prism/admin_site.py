"""The Django admin, discovered on first use instead of at start-up.

Registering the ModelAdmins imports every app's `admin` module with its forms and widgets.
Only staff open the admin, yet Django's default `AdminConfig` pays for it in every cold
start of the API. Here discovery waits for the first request under `/admin/` (or the
first `reverse()`, or the system checks), and happens once per process.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks
from django.urls import URLPattern, URLResolver
from django.utils.functional import cached_property


class PrismAdminSite(AdminSite):
    """The admin, whose index starts with the staff dashboard (prism/dashboard.py)."""

    index_template = "admin/prism_index.html"

    def index(self, request, extra_context=None):
        # Imported here: the dashboard reaches every app's models, and only staff pay for it.
        from prism.dashboard import staff_dashboard

        # `admin_view` already refused anyone who is not active staff.
        context = {"dashboard": staff_dashboard(), **(extra_context or {})}
        return super().index(request, extra_context=context)


class LazyAdminConfig(SimpleAdminConfig):
    """`django.contrib.admin` without discovery in `ready()`."""

    default_site = "prism.admin_site.PrismAdminSite"

    def ready(self) -> None:
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_admin_after_discovery, checks.Tags.admin)


def check_admin_after_discovery(app_configs: Any = None, **kwargs: Any) -> list:
    """The admin's own checks, run on the registrations they would otherwise miss."""
    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)


class _AdminUrlconf:
    """Stands in for a URLconf module: the admin's routes, built when first resolved."""

    @cached_property
    def urlpatterns(self) -> list[URLPattern | URLResolver]:
        admin.autodiscover()
        return admin.site.get_urls()


def lazy_admin_urls() -> tuple[_AdminUrlconf, str, str]:
    """For `path("admin/", …)`: what `admin.site.urls` gives, without building it now."""
    return _AdminUrlconf(), "admin", admin.site.name
