# marsad: two commands do all the set-up.
#   make demo   install into .venv, clean and ingest the sample corpus, run searches
#   make test   install into .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MARSAD := $(VENV)/bin/marsad
DEMO_DB := demo.db
SEED    := ../shared/seeds/000_022d3e44706ecb06.txt

.PHONY: demo test venv bench quality clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@echo "== marsad process samples/news/autoblog/un-regional-partners.txt"
	$(MARSAD) process samples/news/autoblog/un-regional-partners.txt
	@echo "== marsad ingest samples/news"
	$(MARSAD) ingest samples/news --db $(DEMO_DB)
	@echo "== marsad ingest samples/news (again: nothing new)"
	$(MARSAD) ingest samples/news --db $(DEMO_DB)
	@echo "== marsad search 'الأمطار الغزيرة'  (finds أمطارا غزيرة: clitic and inflection variants)"
	$(MARSAD) search 'الأمطار الغزيرة' --db $(DEMO_DB)
	@echo "== marsad search '\"الطاقة الشمسية\" OR مهرجان' --json"
	$(MARSAD) search '"الطاقة الشمسية" OR مهرجان' --json --db $(DEMO_DB)
	@echo "== marsad entities --type PER"
	$(MARSAD) entities --type PER --db $(DEMO_DB)
	@echo "== marsad search --entity جوتيريس  (any spelling finds PER:antonio-guterres)"
	$(MARSAD) search --entity جوتيريس --db $(DEMO_DB)
	@if [ -f $(SEED) ]; then \
		echo "== marsad ingest $(SEED)  (the canonical machine-translated repost, from ../shared)"; \
		$(MARSAD) ingest $(SEED) --db $(DEMO_DB); \
		echo "== marsad story a779caea01195e5a  (our English original: the seed joins it as its translation)"; \
		$(MARSAD) story a779caea01195e5a --db $(DEMO_DB); \
	fi
	@echo "== marsad stories --limit 3"
	$(MARSAD) stories --limit 3 --db $(DEMO_DB)
	@echo "== browse it: $(MARSAD) serve --db $(DEMO_DB)   (then open http://127.0.0.1:8000/)"

test: venv
	$(PY) -m pytest -q

quality: venv
	$(PY) bench/quality.py

bench: venv
	$(PY) bench/speed.py

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm .pytest_cache
