# The two front doors: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test eval eval-scans eval-styles bench schema fixtures clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Extract the bundled sample into out/budget.db and out/sample.json, then list the findings.
demo: $(STAMP)
	mkdir -p out
	$(BIN)/extractor extract fixtures/conghua-hrss-2024-grid.pdf --db out/budget.db --json out/sample.json
	$(BIN)/extractor check --db out/budget.db

# Test files run on every core (pytest-xdist), one file per worker at a time: its fixtures are built once.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile

# Score the rules backend on every gold fixture; fail if any field's F1 is under 0.99.
eval: $(STAMP)
	$(BIN)/extractor eval run --backend rules --fail-under 0.99
	$(BIN)/extractor eval qa --fail-under 0.9

# The OCR path (needs the ocr extra, in dev): the committed scans, then seeded scans made here
# (scripts/scangen.py: 120-300 dpi, blur, noise, skew, JPEG, toner, lighting, bilevel) read by our
# extractor and by a plain RapidOCR script, scored by resolution band and font. Slow (every page is
# OCR'd twice): reports in out/scans/report.json, no gate. EVAL_SCANS_ARGS chooses the sample,
# e.g. EVAL_SCANS_ARGS="--split test --n 6 --renderings out/styles" (default: the small fixed CI set).
# The OCR sample (6 golds x 3 fonts, one ruled style; first page of each, 42 test scans):
#   python scripts/ocr_renderings.py && make eval-scans EVAL_SCANS_ARGS="--split test \
#     --renderings out/ocr-renderings --n 6 --pages 1 --bands 150-199 200-300"
# then `python scripts/ocr_cer.py out/scans/report.json`: char errors by stage, ours against plain RapidOCR.
EVAL_SCANS_ARGS ?= --sample ci
eval-scans: $(STAMP)
	$(BIN)/extractor eval run --fixtures eval/fixtures-scans.json
	$(BIN)/python scripts/eval_scans.py $(EVAL_SCANS_ARGS)

# Seeded random-style renderings of every gold (scripts/layoutgen.py): our extractor against two
# user baselines (pdfplumber text strategy, camelot stream), per style knob. Report in out/styles/report.json;
# no gate here (add STYLES_ARGS='--fail-under 0.9' for one). `make eval-styles STYLES_ARGS='--sample ci'`: 12 documents.
STYLES_N ?= 200
STYLES_ARGS ?=
eval-styles: $(STAMP)
	$(BIN)/pip install --quiet -e '.[render,baselines]'
	$(BIN)/python scripts/eval_styles.py --n $(STYLES_N) $(STYLES_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_batch.py --copies 20

schema: $(STAMP)
	$(BIN)/extractor schema --out schemas/document.schema.json

# Re-render the fixture PDFs from the gold (needs reportlab and a CJK TrueType font).
fixtures: $(STAMP)
	$(BIN)/pip install --quiet -e '.[render]'
	$(BIN)/python scripts/render_fixtures.py
	$(BIN)/python scripts/build_forms_gold.py
	$(BIN)/python scripts/render_forms.py
	$(BIN)/python scripts/make_bad_inputs.py

clean:
	rm -rf $(VENV) out
