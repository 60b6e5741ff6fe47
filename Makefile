# DVK — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv deps dev-deps migrate messages makemessages lint bench clean vnu

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Reinstall only when the requirement files change.
$(VENV)/.deps: requirements.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt $(VENV)/bin/activate
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.deps

deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# The compiled .mo files are committed; recompile only when a .po is newer and gettext is here.
messages:
	@if command -v msgfmt >/dev/null 2>&1; then \
		for po in locale/*/LC_MESSAGES/django.po; do \
			[ -f "$$po" ] || continue; mo="$${po%.po}.mo"; \
			if [ ! -f "$$mo" ] || [ "$$po" -nt "$$mo" ]; then msgfmt --check -o "$$mo" "$$po"; fi; \
		done; \
	fi

# After adding or changing user-facing strings: refresh both catalogs from the code, then translate
# the new English entries (Vietnamese msgstr = msgid), clear "fuzzy", and `make messages`.
# tests/test_translations.py fails until every entry is translated and compiled.
makemessages: deps
	DVK_TESTING=1 $(PY) manage.py makemessages -l vi -l en --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=.cache --ignore=static/vendor \
		--ignore=bench --ignore=tests --ignore=test-artifacts

# The web server and one task worker (exports, mail) together: Ctrl-C stops both. `set -m` gives the
# worker a process group of its own, so that stopping it also stops the child its autoreloader starts.
run: deps messages
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@# The housekeeping task (expired files, old task results and logs) re-enqueues itself; this starts it once.
	DEBUG=1 $(PY) manage.py housekeeping --schedule
	@echo "== web server on http://$(HOST):$(PORT) and one task worker (db_worker); Ctrl-C stops both"
	@set -m; DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill -TERM -- -$$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The Nu HTML checker for the HTML validity tests, fetched once from the npm registry (its install
# script, which would download a Java runtime, is not run: Debian's Java is used). Without npm or
# Java the HTML tests are skipped and say why; the rest of the suite still runs.
VNU_VERSION := 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix .cache/vnu --ignore-scripts --no-audit --no-fund --loglevel=error vnu-jar@$(VNU_VERSION) \
		|| echo "WARNING: could not fetch vnu-jar@$(VNU_VERSION) from npm: the HTML validity tests will be skipped."; \
	else \
		echo "WARNING: npm is missing (apt-get install npm): vnu-jar cannot be fetched, the HTML validity tests will be skipped."; \
	fi

vnu: $(VNU_JAR)

CHROMIUM := /usr/lib/chromium/chromium

# Says up front which checks will run; `-rs` lists every skipped test with its reason at the end.
test: dev-deps messages vnu
	@if [ -x $(CHROMIUM) ]; then echo "== browser tests: Debian's Chromium at $(CHROMIUM)"; \
	else echo "== browser tests will be SKIPPED: Chromium is not installed at $(CHROMIUM) (apt-get install chromium)"; fi
	@if ! command -v java >/dev/null 2>&1; then echo "== HTML validity tests will be SKIPPED: Java is missing (apt-get install default-jre-headless)"; \
	elif [ ! -f $(VNU_JAR) ]; then echo "== HTML validity tests will be SKIPPED: $(VNU_JAR) is missing (npm could not fetch vnu-jar)"; \
	else echo "== HTML validity: Nu HTML checker $(VNU_VERSION)"; fi
	DVK_TESTING=1 $(PY) -m pytest -rs $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: that is a failure here."; exit 1; fi; exit $$status

lint: dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DVK_TESTING=1 $(PY) manage.py makemigrations --check --dry-run

bench: dev-deps
	DVK_TESTING=1 $(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
