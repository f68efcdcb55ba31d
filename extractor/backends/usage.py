"""The model's traffic: the answer cache (SQLite), per-block usage and cost, and the document's token budget."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:
    from extractor.models import Document


class Cache:
    """Answers keyed by model, prompt version, messages and schema (SQLite; thread-safe)."""

    def __init__(self, path: Optional[str]):
        self.lock = threading.Lock()
        self.conn = None
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, check_same_thread=False)
            self.conn.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, model TEXT, prompt TEXT, "
                              "content TEXT, usage TEXT, created_at TEXT)")
            self.conn.commit()

    @staticmethod
    def key(model: str, prompt: str, messages: list[dict], schema: dict) -> str:
        blob = json.dumps({"model": model, "prompt": prompt, "messages": messages, "schema": schema},
                          ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> Optional[tuple[str, dict]]:
        if not self.conn:
            return None
        with self.lock:
            row = self.conn.execute("SELECT content, usage FROM responses WHERE key = ?", [key]).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def put(self, key: str, model: str, prompt: str, content: str, usage: dict) -> None:
        if not self.conn:
            return
        with self.lock:
            self.conn.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, datetime('now'))",
                              [key, model, prompt, content, json.dumps(usage)])
            self.conn.commit()


@dataclass
class Usage:
    """One block's traffic: every request it made (cached answers cost nothing)."""

    block: str
    prompt: str
    model: str
    requests: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    seconds: float = 0.0
    mode: Optional[str] = None

    def add(self, usage: dict, prices: dict) -> None:
        pt, ct = usage.get("prompt_tokens") or 0, usage.get("completion_tokens") or 0
        self.prompt_tokens += pt
        self.completion_tokens += ct
        price = prices.get(self.model)
        if price:
            self.cost += pt / 1e6 * price.get("prompt", 0) + ct / 1e6 * price.get("completion", 0)


class Budget:
    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0
        self.lock = threading.Lock()

    def allows(self) -> bool:
        return self.used < self.limit

    def spend(self, n: int) -> None:
        with self.lock:
            self.used += n


@dataclass
class Result:
    """A checked document and what it cost: the usage of every block a model was asked about."""

    document: "Document"
    usage: list[Usage] = field(default_factory=list)
    prompt: Optional[str] = None  # NAME@VERSION the blocks were asked with
    model: Optional[str] = None
    layout: Optional[str] = None  # the registered layout that read it (None: the model read the pages)

    def totals(self) -> dict:
        return {"requests": sum(u.requests for u in self.usage), "cached": sum(u.cached for u in self.usage),
                "prompt_tokens": sum(u.prompt_tokens for u in self.usage),
                "completion_tokens": sum(u.completion_tokens for u in self.usage),
                "cost": round(sum(u.cost for u in self.usage), 6)}
