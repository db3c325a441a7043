# Bits & Nats
#
#   make lab     set up .venv if needed (the learner's set), then open JupyterLab at the start notebook
#   make test    the whole suite: tests, doctests, every notebook under nbval (strict); adds the test tools
#   make test-fast   what is not marked slow: units, properties, doctests (under a minute)
#   make present        the classroom dashboard (notebooks/classroom.ipynb) in Voila
#   make present NB=03  any one notebook as a Voila dashboard, code hidden
#   make site    the static site of the collection, explorers live without a kernel, in _site/ (offline)
#   make serve-site     serve _site/ on http://127.0.0.1:8000 (PORT=8001 for another port)
#   make bench   time the measures (python benchmarks/measures.py)
#   make install     only create or update .venv, with the test tools (what make test needs)
#   make clean   remove caches and build leftovers (keeps .venv)
#   make distclean   clean, and remove .venv too
#
# Extra options go through ARGS, to JupyterLab for `lab`, to pytest for `test` and `test-fast`,
# to Voila for `present`:
#   make lab ARGS="--no-browser --ip=127.0.0.1 --port=8899"
#   make present NB=04 ARGS="--no-browser --port=8867"
#   make test ARGS="-k entropy -x"

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV   ?= .venv
ARGS   ?=
NB     ?= classroom

# pyproject.toml's extras each command installs: the learner's set for `lab`
# and `present` (JupyterLab, Voila, scipy, scikit-learn, Keras on JAX); the
# test tools too for `test`, `test-fast`, `bench` and `install`.
LAB_EXTRAS  ?= lab,frameworks
TEST_EXTRAS ?= lab,frameworks,test

BIN := $(VENV)/bin

# One stamp file per set of extras, named by it (.venv/.installed-lab+frameworks).
comma := ,
stamp = $(VENV)/.installed-$(or $(subst $(comma),+,$(strip $(1))),none)
LAB_STAMP  := $(call stamp,$(LAB_EXTRAS))
TEST_STAMP := $(call stamp,$(TEST_EXTRAS))

# Notebook 04 calls Keras; the notebooks set this themselves too.
export KERAS_BACKEND ?= jax

# Jupyter refuses to run as root unless told it is on purpose.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help lab test test-fast present site serve-site bench install clean distclean

help:  # the comment block at the top of this file
	@awk 'NR > 2 && /^#/ { sub(/^# ?/, ""); print; next } NR > 2 { exit }' $(firstword $(MAKEFILE_LIST))

# ---------------------------------------------------------------------------
# The environment: one venv for the lab and the tests.  The stamp of a set of
# extras says that set is installed; it is remade when pyproject.toml is newer.
# A newer stamp of a larger set will do: `make lab` after `make test` installs
# nothing (and pip never removes a package); `make test` after `make lab`
# adds the test tools.

install: $(TEST_STAMP)

$(VENV)/.installed-%: pyproject.toml
	@extras='$(subst +,$(comma),$(patsubst none,,$*))'; \
	for done in $(VENV)/.installed-*; do \
	    [ -f "$$done" ] && [ "$$done" -nt pyproject.toml ] || continue; \
	    covered="+$${done#$(VENV)/.installed-}+"; \
	    for extra in $${extras//,/ }; do \
	        [ "$${covered/+$$extra+/}" != "$$covered" ] || continue 2; \
	    done; \
	    echo "+ .[$$extras] is installed already (stamp $$done)"; \
	    touch $@; exit 0; \
	done; \
	if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	    rm -rf $(VENV); \
	    $(MAKE_VENV); \
	    $(BIN)/python -m pip install --upgrade pip; \
	fi; \
	echo "+ pip install --editable .$${extras:+[$$extras]}"; \
	$(BIN)/python -m pip install --editable ".$${extras:+[$$extras]}"; \
	touch $@

# Create $(VENV) with $(PYTHON), whatever this machine is missing:
#  1. the standard `python3 -m venv`;
#  2. as root on Debian/Ubuntu, where venv fails for want of python3-venv
#     (ensurepip), install that package with apt-get and try again;
#  3. otherwise virtualenv, installed for this user with pip if needed
#     (PEP 668 systems need --break-system-packages for a --user install).
define MAKE_VENV
{ $(PYTHON) -m venv $(VENV) \
  || { rm -rf $(VENV); \
       [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
       && echo "** $(PYTHON) -m venv failed: installing python3-venv with apt-get" \
       && export DEBIAN_FRONTEND=noninteractive \
       && apt-get update -q \
       && { apt-get install -y -q "python$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv" \
            || apt-get install -y -q python3-venv; } \
       && $(PYTHON) -m venv $(VENV); } \
  || { rm -rf $(VENV); \
       echo "** $(PYTHON) -m venv failed: using virtualenv instead"; \
       { $(PYTHON) -m virtualenv --version >/dev/null 2>&1 \
         || $(PYTHON) -m pip install --user virtualenv \
         || $(PYTHON) -m pip install --user --break-system-packages virtualenv; } \
       && $(PYTHON) -m virtualenv $(VENV); } \
  || { rm -rf $(VENV); echo "** could not create $(VENV) with $(PYTHON)" >&2; exit 1; }; }
endef

# ---------------------------------------------------------------------------
# The two commands.

lab: $(LAB_STAMP)
	$(BIN)/jupyter lab $(ALLOW_ROOT) \
	    --ServerApp.root_dir=notebooks \
	    --LabApp.default_url=/lab/tree/00_start_here.ipynb \
	    $(ARGS)

# pytest's exit status is the recipe's.  Everything the tools would write to
# $HOME (matplotlib's font cache, Jupyter's runtime files, IPython's history,
# keras.json, Hypothesis's caches) goes to a fresh directory removed afterwards;
# bytecode and pytest's cache are not written at all (see also pyproject.toml).
#
# Both targets share the recipe; test-fast adds TIER: the tests marked slow
# left out (the notebooks, the browser, real kernels, Node.js, Keras, the
# storms: see tests/conftest.py), nbval not even loaded, so its options leave
# addopts (the others are pyproject.toml's: tests/test_setup.py checks),
# tests/browser, all slow, not even imported (seconds of collection), and
# Hypothesis's fast profile (25 examples a property instead of 100).
TIER :=
test-fast: TIER := -p no:nbval -o 'addopts=--doctest-modules --strict-markers -p no:cacheprovider' \
                   -m 'not slow' --ignore=tests/browser --hypothesis-profile=bitsandnats-fast

test test-fast: $(TEST_STAMP)
	@scratch="$$(mktemp -d)"; trap 'rm -rf "$$scratch"' EXIT; \
	export PYTHONDONTWRITEBYTECODE=1 \
	    MPLCONFIGDIR="$$scratch/matplotlib" \
	    JUPYTER_CONFIG_DIR="$$scratch/jupyter/config" \
	    JUPYTER_DATA_DIR="$$scratch/jupyter/data" \
	    JUPYTER_RUNTIME_DIR="$$scratch/jupyter/runtime" \
	    JUPYTER_PLATFORM_DIRS=1 \
	    IPYTHONDIR="$$scratch/ipython" \
	    KERAS_HOME="$$scratch/keras" \
	    HYPOTHESIS_STORAGE_DIRECTORY="$$scratch/hypothesis" \
	    XDG_CACHE_HOME="$$scratch/cache" \
	    XDG_CONFIG_HOME="$$scratch/config" \
	    XDG_DATA_HOME="$$scratch/data"; \
	echo "+ pytest $(TIER) $(ARGS)   (scratch directory: $$scratch)"; \
	$(BIN)/pytest $(TIER) $(ARGS)

# The classroom view: a notebook rendered by Voila as a dashboard, its code
# hidden (strip_sources), its widgets live.  By default the classroom
# notebook, which holds only the explorers; NB=03 (a number or a file name)
# shows one notebook instead.  The browser tests start the server this way too.
present: $(LAB_STAMP)
	@notebook=; \
	for candidate in notebooks/$(NB) notebooks/$(NB)*.ipynb; do \
	    if [ -z "$$notebook" ] && [ -f "$$candidate" ] && [ "$${candidate%.ipynb}" != "$$candidate" ]; then \
	        notebook="$$candidate"; \
	    fi; \
	done; \
	if [ -z "$$notebook" ]; then \
	    echo "make present: no notebook matches NB=$(NB) (try NB=03)" >&2; exit 2; \
	fi; \
	echo "+ voila $$notebook $(ARGS)"; \
	exec $(BIN)/voila "$$notebook" --strip_sources=True $(ARGS)

# The static site: every notebook as a page from its stored outputs (nothing is
# executed), its explorers and predictions live with no kernel, everything the
# pages load copied into _site/ (npm's packages are kept in build/site-assets
# between builds).  See tools/site/build.py.  Any static host serves _site/ as it is.
PORT ?= 8000

site: $(LAB_STAMP)
	$(BIN)/python tools/site/build.py --out _site --assets build/site-assets $(ARGS)

serve-site:
	@[ -f _site/index.html ] || { echo "make serve-site: no _site/ yet: run make site first" >&2; exit 2; }
	@echo "+ the site on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@exec $(PYTHON) -m http.server --bind 127.0.0.1 --directory _site $(PORT)

# ---------------------------------------------------------------------------

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/measures.py $(ARGS)

clean:
	rm -rf .pytest_cache .hypothesis build dist artifacts _site src/*.egg-info
	find . -path ./$(VENV) -prune -o \
	    \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
