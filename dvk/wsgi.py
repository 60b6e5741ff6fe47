"""WSGI entry point (gunicorn dvk.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dvk.settings")
application = get_wsgi_application()
