"""The floor: a minimal Django + DRF + apig-wsgi project with one trivial endpoint.

Measured beside PRism in the same run, so the ratio cancels machine noise. Settings, URLs,
view and Lambda handler in one module, as small as such a project gets.
"""

import os

SECRET_KEY = "floor-app-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "rest_framework"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
ROOT_URLCONF = "floor_app"
DATABASES = {}
USE_TZ = True
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
}

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "floor_app")

import django  # noqa: E402

django.setup()

from apig_wsgi import make_lambda_handler  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402


class PingView(APIView):
    def get(self, request):
        return Response({"success": True, "status": 200, "data": {"pong": True}})


urlpatterns = [path("ping", PingView.as_view())]

handler = make_lambda_handler(get_wsgi_application(), binary_support=True)
