"""The URL table is the API's table of contents: each app lists its own routes."""

import re

from django.conf import settings
from django.urls import include, path, re_path

from prism import exception_handler
from prism.admin_site import lazy_admin_urls
from prism.views import ApiDocsView, HealthcheckView, SwaggerUiView, local_media

# `<id:…>` in the apps' URL tables is registered in PrismConfig.ready (prism/apps.py).

urlpatterns = [
    path("healthcheck", HealthcheckView.as_view(), name="healthcheck"),
    path("api-docs", ApiDocsView.as_view(), name="api-docs"),
    path("swagger-ui.html", SwaggerUiView.as_view(), name="swagger-ui"),
    path("admin/", lazy_admin_urls()),
    path("api/v1/", include("accounts.urls")),
    path("api/v1/", include("screens.account_life_urls")),
    path("api/v1/", include("projects.urls")),
    path("api/v1/", include("reviews.urls")),
    path("api/v1/", include("posts.urls")),
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
