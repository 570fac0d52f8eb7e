# 两条命令：make run（建索引并启动问答服务）与 make test（运行全部测试）。
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-scale

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[test,ocr]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/gongkai serve --corpus corpus

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) tests/benchmark.py

bench-scale: $(STAMP)
	$(PY) tests/bench_scale.py
