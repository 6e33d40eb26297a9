"""WSGI entry point: `gunicorn industriedialog.wsgi:application`."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "industriedialog.settings")
application = get_wsgi_application()

# What is loaded now (Django, the apps, their modules and models) lives as long as the
# process. Freezing it takes it out of the garbage collector's sight, so a full collection
# in the middle of a request walks the request's own objects only, not some 140,000 more:
# the early-warning list of 2,000 firms measured p95 170 ms before, 80 ms after, its median
# unchanged (bench/outreach.py; docs/benchmarks.md, Outreach).
gc.collect()
gc.freeze()
