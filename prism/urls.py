"""The URL table is the API's table of contents: each app lists its own routes."""

import re

from django.conf import settings
from django.urls import URLResolver, path, re_path
from django.urls.resolvers import RoutePattern

from prism import exception_handler
from prism.admin_site import lazy_admin_urls
from prism.views import ApiDocsView, HealthcheckView, SwaggerUiView, local_media

# `<id:…>` in the apps' URL tables is registered in PrismConfig.ready (prism/apps.py).


def app_routes(prefix: str, urlconf: str) -> URLResolver:
    """`path(prefix, include(urlconf))`, except that the app's URL table (its views,
    serializers and services) is imported when a request first reaches it, not with this
    table: a cold start's first request loads only the app it asks for (issue 17). Django
    imports ROOT_URLCONF the same way, from its dotted name on first use."""
    return URLResolver(RoutePattern(prefix), urlconf)


urlpatterns = [
    path("healthcheck", HealthcheckView.as_view(), name="healthcheck"),
    path("api-docs", ApiDocsView.as_view(), name="api-docs"),
    path("swagger-ui.html", SwaggerUiView.as_view(), name="swagger-ui"),
    # Django takes any object with `urlpatterns` here; the stubs want a sequence of routes.
    path("admin/", lazy_admin_urls()),  # type: ignore[arg-type]
    app_routes("api/v1/", "accounts.urls"),
    app_routes("api/v1/", "screens.account_life.urls"),
    app_routes("api/v1/", "projects.urls"),
    app_routes("api/v1/", "reviews.urls"),
    app_routes("api/v1/", "posts.urls"),
    app_routes("api/v1/", "screens.project_pages.urls"),
]

if not settings.AWS_STORAGE_BUCKET_NAME and settings.MEDIA_URL.startswith("/"):
    # Media on local disk (no bucket): the app serves them, DEBUG on or off; with a bucket
    # they are presigned S3 URLs.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.+)$", local_media))

# Last: any other path is the contract's 404 envelope, in DEBUG too (no technical page).
urlpatterns.append(re_path(r"^", exception_handler.route_not_found))

handler400 = exception_handler.bad_request
handler403 = exception_handler.permission_denied
handler404 = exception_handler.route_not_found
handler500 = exception_handler.server_error
