# The suite's commands. Variables: HOUSING_CACHE, ODOO_SRC (see README.rst).
SHELL := /bin/bash
.PHONY: setup test demo bench bench-scale cron-check lint screenshots

setup:
	@bash tools/setup.sh

test: setup
	@bash tools/test.sh

demo: setup
	@bash tools/demo.sh

bench: setup
	@bash tools/bench.sh

bench-scale: setup
	@bash tools/bench_scale.sh

cron-check: setup
	@bash tools/cron_check.sh

screenshots: setup
	@bash tools/screenshots.sh

lint: setup
	@bash tools/lint.sh
