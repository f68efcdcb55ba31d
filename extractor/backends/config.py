"""Where the model is and how hard to try: `LLMConfig`, read from the environment by `from_env`."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


@dataclass
class LLMConfig:
    """Where the model is and how hard to try. From the environment by `from_env`."""

    model: Optional[str] = None
    base_url: Optional[str] = None
    api_key: Optional[str] = None
    timeout: float = 60.0
    concurrency: int = 2
    transport_retries: int = 4
    validation_retries: int = 2
    max_tokens: int = 1024
    token_budget: int = 200_000  # per document
    temperature: float = 0.0
    seed: Optional[int] = 0
    cache_path: Optional[str] = None
    prices: dict = field(default_factory=dict)  # model → {"prompt": per 1M tokens, "completion": per 1M}
    max_retry_after: float = 30.0

    @classmethod
    def from_env(cls, **overrides) -> "LLMConfig":
        env = os.environ
        cfg = cls(
            model=env.get("EXTRACTOR_MODEL") or None,
            base_url=env.get("OPENAI_BASE_URL") or None,
            api_key=env.get("OPENAI_API_KEY") or None,
            cache_path=env.get("EXTRACTOR_LLM_CACHE") or str(Path.home() / ".cache" / "budget-extractor" / "llm-cache.db"),
        )
        for name, attr, kind in (("EXTRACTOR_LLM_CONCURRENCY", "concurrency", int),
                                 ("EXTRACTOR_LLM_TIMEOUT", "timeout", float),
                                 ("EXTRACTOR_LLM_MAX_TOKENS", "max_tokens", int),
                                 ("EXTRACTOR_LLM_TOKEN_BUDGET", "token_budget", int),
                                 ("EXTRACTOR_LLM_RETRIES", "transport_retries", int)):
            if env.get(name):
                setattr(cfg, attr, kind(env[name]))
        if env.get("EXTRACTOR_PRICES"):
            cfg.prices = json.loads(Path(env["EXTRACTOR_PRICES"]).read_text(encoding="utf-8"))
        for k, v in overrides.items():
            if v is not None:
                setattr(cfg, k, v)
        return cfg

    @property
    def configured(self) -> bool:
        return bool(self.model)
