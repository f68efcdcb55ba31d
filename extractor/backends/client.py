"""The transport: chat completions returning JSON from any OpenAI-compatible server.

Transport faults are retried by one policy (tenacity; the client's own retries are off):
429 honouring Retry-After, 5xx, timeouts and connection errors, with exponential backoff and
jitter. The response format falls back json_schema → json_object → text when a server refuses
one. Answers are cached (`backends.usage.Cache`), so a repeated run makes no request.
`ask_json` validates an answer against its schema and feeds validation errors back.
"""

from __future__ import annotations

import json
import re
import threading
import time
from typing import Any, Optional

import openai
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from extractor.backends.config import LLMConfig
from extractor.backends.prompts import Prompt
from extractor.backends.usage import Budget, Cache, Usage
from extractor.source.page import InputError


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

    def _create(self, messages, schema: dict, mode: str, usage: Usage):
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

    def chat(self, usage: Usage, **kwargs):
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
             usage: Usage, budget: Budget, ground=None) -> BaseModel:
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
