# The suite's commands. Variables: HOUSING_CACHE, ODOO_SRC (see README.rst).
SHELL := /bin/bash
.PHONY: setup test demo bench lint

setup:
	@bash tools/setup.sh

test: setup
	@bash tools/test.sh

demo: setup
	@bash tools/demo.sh

bench: setup
	@bash tools/bench.sh

lint: setup
	@bash tools/lint.sh
