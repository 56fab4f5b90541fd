"""Developer machine and `make demo`."""

from .base import *  # noqa: F403
from .env import env_bool

# Off by default, as in production: the demo must show the product's own Russian error pages, never
# Django's technical 404 listing every URL or its traceback page (DJANGO_DEBUG=1 brings them back
# for debugging). With DEBUG off runserver stops serving static files, so WhiteNoise serves them
# straight from the source folders (no collectstatic) and picks up edits.
DEBUG = env_bool("DJANGO_DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
