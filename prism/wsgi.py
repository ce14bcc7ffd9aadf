"""WSGI entry point for servers other than Lambda (gunicorn, runserver)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prism.settings")

application = get_wsgi_application()
