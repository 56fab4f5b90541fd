# Nastavnik — the two commands a newcomer needs: `make demo` and `make test`.
# Without DATABASE_URL / REDIS_URL the project starts its own PostgreSQL and Redis (devservices).

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVICES := $(PY) -m nastavnik.devservices run
DEMO_DATA := .devdata/demo

.PHONY: install demo worker test test-fast lint format bench browser-deps messages clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p $(DEMO_DATA)
	DJANGO_SETTINGS_MODULE=nastavnik.settings.local $(SERVICES) --data $(DEMO_DATA) -- $(PY) manage.py rundemo

worker: install
	@mkdir -p $(DEMO_DATA)
	DJANGO_SETTINGS_MODULE=nastavnik.settings.local $(SERVICES) --data $(DEMO_DATA) -- \
		$(PY) -m celery -A nastavnik worker --beat --loglevel=info --schedule .devdata/celerybeat-schedule

test: install
	DJANGO_SETTINGS_MODULE=nastavnik.settings.test $(SERVICES) -- $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=nastavnik.settings.test $(SERVICES) -- $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	DJANGO_SETTINGS_MODULE=nastavnik.settings.test $(SERVICES) -- $(PY) -m bench

# Headless Chromium and Cyrillic fonts for the browser tests (Debian/Ubuntu; needs root or sudo).
browser-deps:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium fonts-dejavu-core fonts-liberation >/dev/null; fi

# Recompile the English catalogue after editing locale/en/LC_MESSAGES/django.po (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.devdata
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) .devdata
