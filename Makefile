# Nastavnik — the two commands a newcomer needs: `make demo` and `make test`.
# Without DATABASE_URL / REDIS_URL the project starts its own PostgreSQL and Redis (devservices).

PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SERVICES := $(PY) -m nastavnik.devservices run
DEMO_DATA := .devdata/demo

.PHONY: install demo worker test test-dates test-fast lint format bench test-deps browser-deps messages clean

# Development installs both locks (requirements-dev.lock includes the runtime one); the production
# image installs requirements.lock only (deploy/Containerfile).
$(STAMP): pyproject.toml requirements.lock requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
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

# The suite at awkward real dates, faked by Debian's libfaketime: 31 August 23:30, New Year's night 00:30
# and 29 February of a leap year, Moscow time. The tests keep their own clock (tests/support/clock.py), so
# nothing may change; then the demo's tests run *on* each of those days, since the demo follows today.
FAKE_DATES := 2027-08-31T23:30:00+03:00 2028-01-01T00:30:00+03:00 2028-02-29T12:00:00+03:00
DEMO_TESTS := tests/tenants/test_demo_calendar.py tests/tenants/test_demo.py tests/school_programs/test_demo_programmes.py tests/analytics/test_demo_dashboards.py
# What reads dates: the apps' tests (the generated access matrix, the API fuzzing and the layout checks read none).
DATE_TESTS := tests/school_programs tests/tenants tests/regional_center tests/consultation_points tests/analytics
test-dates: install
	@command -v faketime >/dev/null 2>&1 || { echo "faketime is not installed: run 'make test-deps'"; exit 1; }
	DJANGO_SETTINGS_MODULE=nastavnik.settings.test $(SERVICES) -- sh -c 'set -e; for at in $(FAKE_DATES); do \
		echo "== the suite with the real clock at $$at"; \
		TZ=UTC faketime "$$(date -u -d "$$at" "+%Y-%m-%d %H:%M:%S")" $(PY) -m pytest -q -m "not browser" $(DATE_TESTS); \
		echo "== the demo on $$at"; \
		NASTAVNIK_TEST_NOW=$$at $(PY) -m pytest -q $(DEMO_TESTS); done'

# What the tests need from the system (Debian/Ubuntu; needs root or sudo): headless Chromium and
# Cyrillic fonts for the browser tests, libfaketime for `make test-dates`.
test-deps:
	@if command -v chromium >/dev/null 2>&1 && command -v faketime >/dev/null 2>&1; then \
		echo "chromium: $$(command -v chromium), faketime: $$(command -v faketime)"; else \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
			chromium fonts-dejavu-core fonts-liberation faketime >/dev/null; fi

browser-deps: test-deps

# Recompile the English catalogue after editing locale/en/LC_MESSAGES/django.po (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=.devdata
	$(PY) manage.py compilemessages -l en --ignore=.venv

clean:
	rm -rf $(VENV) .devdata
