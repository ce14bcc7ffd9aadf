"""The URL table is the API's table of contents: each app lists its own routes."""

from django.conf import settings
from django.urls import include, path, re_path, register_converter
from django.views.static import serve as serve_media

from prism import exceptions
from prism.admin_site import lazy_admin_urls
from prism.converters import IntegerIdConverter
from prism.views import ApiDocsView, HealthcheckView, SwaggerUiView

# `<id:…>` in the apps' URL tables: a bounded positive integer (see prism/converters.py).
register_converter(IntegerIdConverter, "id")

urlpatterns = [
    path("healthcheck", HealthcheckView.as_view(), name="healthcheck"),
    path("api-docs", ApiDocsView.as_view(), name="api-docs"),
    path("swagger-ui.html", SwaggerUiView.as_view(), name="swagger-ui"),
    path("admin/", lazy_admin_urls()),
    path("api/v1/", include("accounts.urls")),
    path("api/v1/", include("projects.urls")),
    path("api/v1/", include("reviews.urls")),
]

if settings.DEBUG and not settings.AWS_STORAGE_BUCKET_NAME:
    # Local development only; production media live in S3.
    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})
    )

# Last: any other path is the contract's 404 envelope, in DEBUG too (no technical page).
urlpatterns.append(re_path(r"^", exceptions.route_not_found))

handler400 = exceptions.bad_request
handler403 = exceptions.permission_denied
handler404 = exceptions.route_not_found
handler500 = exceptions.server_error
