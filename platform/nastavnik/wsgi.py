import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nastavnik.settings.local")
application = get_wsgi_application()

# Everything loaded so far (modules, URLconfs, templates' loaders) lives as long as the process: move it
# out of the collector's reach, so a full collection during a request scans only that request's objects
# (a pause of tens of milliseconds otherwise, measured in bench/consultations.py). With gunicorn's
# preload the frozen pages also stay shared between the forked workers.
gc.collect()
gc.freeze()
