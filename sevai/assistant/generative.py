"""Optional generative answers through an OpenAI-compatible chat-completions endpoint.

When an admin configures an endpoint (Settings → Assistant: base URL, model, key), the
assistant may let a language model write the answer from the passages retrieval found. The
model only ever sees those passages, numbered [1]..[n], and must cite one after every
sentence. A reply is rejected when a sentence cites nothing, cites a number it was not given,
or states a number (a price, a count of days) that its cited passages do not contain: what
the model adds on its own does not reach a customer. A reply of exactly NO_ANSWER is a
refusal: the passages do not cover the question.

`generate_answer` returns a GeneratedAnswer (an answer, or a refusal), or None when the
endpoint failed or the reply broke the rules; the caller then falls back to the extractive
answer or hands off. `endpoint_check` is the settings page's "Test the endpoint" button.

The key is decrypted only to build the Authorization header: it is never logged, never put
in an error text (provider messages are scrubbed of it) and never shown back.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from sevai.assistant.models import AssistantSettings
from sevai.lib.crypto import decrypt
from sevai.lib.log import redact

logger = logging.getLogger("sevai.assistant")

NO_ANSWER = "NO_ANSWER"
MAX_ERROR_CHARS = 300

SYSTEM_PROMPT = """You are the customer-support assistant of a help desk.
Answer the customer's question using ONLY the numbered help-center passages you are given.
Rules:
1. Use only facts stated in the passages. Add nothing else, not even general knowledge.
2. Write in {language}, the customer's language, in short plain sentences (at most four).
3. End every sentence with the number of the passage it comes from in square brackets, \
for example [1] or [1][3].
4. If the passages do not answer the question, reply exactly NO_ANSWER and nothing else."""

# Sentence ends: Latin/Tamil/Tagalog ". ! ?", Armenian full stop "։", Devanagari "।", CJK "。".
_END = ".!?։।。"
_CITATION = re.compile(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]")
_CITATIONS_AFTER_END = re.compile(rf"([{_END}]+)((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_SENTENCE_BREAK = re.compile(rf"(?<=[{_END}])\s+")
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_SPACE_BEFORE_PUNCT = re.compile(rf"\s+([{_END},;:])")
_DIGITS = re.compile(r"\d+")
_REFUSAL = re.compile(rf"(?m)^\W*{NO_ANSWER}\W*$")


@dataclass(frozen=True)
class EndpointConfig:
    """Where and how to call the model; built from AssistantSettings (or a form's values)."""

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = 20.0

    @property
    def chat_url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"

    @property
    def is_complete(self) -> bool:
        return bool(self.base_url and self.model)


@dataclass(frozen=True)
class CitedSentence:
    text: str  # without its [n] markers
    passages: tuple[int, ...]  # ids of the passages it cites, in the order cited


@dataclass(frozen=True)
class GeneratedAnswer:
    """A model-written answer (every sentence cites a passage), or a refusal."""

    sentences: tuple[CitedSentence, ...]
    refused: bool
    model: str
    latency_ms: float

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def passage_ids(self) -> list[int]:
        """Every cited passage id, in the order first cited."""
        ids = [pid for sentence in self.sentences for pid in sentence.passages]
        return list(dict.fromkeys(ids))

    def spans(self) -> list[dict[str, Any]]:
        """[{"passages": [ids], "text": sentence}] for Turn.spans."""
        return [{"passages": list(s.passages), "text": s.text} for s in self.sentences]


class EndpointError(Exception):
    """The endpoint could not be used. `detail` is safe to log and show (no key)."""

    def __init__(self, kind: str, detail: str = "", status: int | None = None) -> None:
        super().__init__(kind, detail)
        self.kind = kind  # "timeout", "unreachable", "http", "malformed", "incomplete"
        self.detail = detail
        self.status = status

    def describe(self) -> str:
        """The error in words for the settings page."""
        if self.kind == "incomplete":
            return _("Enter the endpoint address and the model first.")
        if self.kind == "timeout":
            return _("The endpoint did not answer within the timeout (%(detail)s).") % {
                "detail": self.detail
            }
        if self.kind == "unreachable":
            return _("Could not reach the endpoint: %(detail)s") % {"detail": self.detail}
        if self.kind == "http" and self.status == 401:
            return _("The endpoint refused the key (401): %(detail)s") % {"detail": self.detail}
        if self.kind == "http":
            return _("The endpoint answered with an error (%(status)s): %(detail)s") % {
                "status": self.status,
                "detail": self.detail,
            }
        return _("The endpoint's reply is not an OpenAI-style chat completion: %(detail)s") % {
            "detail": self.detail
        }

    def log_text(self) -> str:
        status = f" {self.status}" if self.status else ""
        return f"{self.kind}{status}: {self.detail}"


def endpoint_config(settings: AssistantSettings | EndpointConfig) -> EndpointConfig:
    if isinstance(settings, EndpointConfig):
        return settings
    try:
        key = decrypt(settings.generative_key_encrypted)
    except ValueError:
        logger.warning("the stored language-model key cannot be decrypted; calling without it")
        key = ""
    return EndpointConfig(
        base_url=settings.generative_base_url.strip(),
        model=settings.generative_model.strip(),
        api_key=key,
        timeout=settings.generative_timeout,
    )


def _scrub(text: str, key: str) -> str:
    """Provider text made safe to log and show: no key, no secrets, not too long."""
    if key:
        text = text.replace(key, "[redacted]")
    text = redact(" ".join(text.split()))
    return text[:MAX_ERROR_CHARS]


def _provider_message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text or response.reason_phrase
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])
    if isinstance(error, str):
        return error
    if isinstance(body, dict) and body.get("message"):
        return str(body["message"])
    return response.reason_phrase


def complete(config: EndpointConfig, messages: list[dict[str, str]]) -> str:
    """POST {base_url}/chat/completions; the first choice's text. Raises EndpointError."""
    if not config.is_complete:
        raise EndpointError("incomplete")
    headers = {"Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    payload = {"model": config.model, "messages": messages, "temperature": 0, "stream": False}
    try:
        response = httpx.post(
            config.chat_url, json=payload, headers=headers, timeout=config.timeout
        )
    except httpx.TimeoutException:
        raise EndpointError("timeout", f"{config.timeout:g} s") from None
    except httpx.HTTPError as exc:
        detail = _scrub(f"{type(exc).__name__}: {exc}", config.api_key)
        raise EndpointError("unreachable", detail) from None
    if response.status_code >= 400:
        detail = _scrub(_provider_message(response), config.api_key)
        raise EndpointError("http", detail, status=response.status_code)
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise EndpointError("malformed", _scrub(response.text, config.api_key)) from None
    if not isinstance(content, str):
        raise EndpointError("malformed", "choices[0].message.content is not text")
    return content


def language_label(code: str) -> str:
    """The language's English name for the prompt ("Tamil"); the code when unknown."""
    try:
        return str(get_language_info(code)["name"])
    except KeyError:
        return code or "the language of the question"


def build_messages(
    question: str, passages: list[tuple[int, str]], language: str
) -> list[dict[str, str]]:
    numbered = "\n".join(
        f"[{n}] {' '.join(text.split())}" for n, (_id, text) in enumerate(passages, 1)
    )
    return [
        {"role": "system", "content": SYSTEM_PROMPT.format(language=language_label(language))},
        {
            "role": "user",
            "content": f"Passages:\n{numbered}\n\nCustomer's question:\n{question.strip()}",
        },
    ]


def _sentences(content: str) -> list[str]:
    found: list[str] = []
    for line in content.splitlines():
        line = _LIST_MARKER.sub("", line).strip()
        if not line:
            continue
        # "... days. [1]" cites like "... days [1]." so the citation stays with its sentence.
        line = _CITATIONS_AFTER_END.sub(r"\2\1", line)
        found.extend(part.strip() for part in _SENTENCE_BREAK.split(line) if part.strip())
    return found


def _numbers(text: str) -> set[int]:
    return {int(run) for run in _DIGITS.findall(text)}


def parse_reply(content: str, passages: list[tuple[int, str]]) -> tuple[CitedSentence, ...] | None:
    """The reply's sentences with the ids of the passages they cite, or None (the reply is
    rejected) when a sentence cites nothing, cites a number it was not given, or states a
    number (a price, a count of days) that none of its cited passages contains."""
    sentences: list[CitedSentence] = []
    for raw in _sentences(content):
        cites = [int(n) for group in _CITATION.findall(raw) for n in re.split(r"[,;]", group)]
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", _CITATION.sub("", raw)).strip()
        if not any(ch.isalnum() for ch in text):
            continue  # a stray marker or punctuation on its own
        if not cites or any(not 1 <= n <= len(passages) for n in cites):
            return None
        cited = [passages[n - 1] for n in dict.fromkeys(cites)]
        if not _numbers(text) <= _numbers(" ".join(t for _id, t in cited)):
            return None
        sentences.append(CitedSentence(text=text, passages=tuple(pid for pid, _t in cited)))
    return tuple(sentences) or None


def is_refusal(content: str) -> bool:
    """NO_ANSWER on a line of its own (quotes, backticks or a full stop around it allowed),
    or at the start of the reply."""
    return bool(_REFUSAL.search(content)) or content.lstrip(" `\"'*").startswith(NO_ANSWER)


def generate_answer(
    question: str,
    passages: list[tuple[int, str]],
    *,
    language: str,
    settings: AssistantSettings | EndpointConfig,
) -> GeneratedAnswer | None:
    """Let the configured model answer `question` from `passages` ((passage id, text) pairs).

    A GeneratedAnswer whose every sentence cites a passage, or one with refused=True when the
    model says the passages do not cover the question; None when generative answers are off,
    the endpoint fails (logged as a warning) or the reply breaks the citation rule.
    """
    if isinstance(settings, AssistantSettings) and not settings.generative_enabled:
        return None
    config = endpoint_config(settings)
    if not config.is_complete:
        return None
    if not passages:
        return GeneratedAnswer(sentences=(), refused=True, model=config.model, latency_ms=0.0)
    started = time.perf_counter()
    try:
        content = complete(config, build_messages(question, passages, language))
    except EndpointError as exc:
        logger.warning("generative answer failed (%s): %s", config.model, exc.log_text())
        return None
    latency_ms = (time.perf_counter() - started) * 1000
    if is_refusal(content):
        return GeneratedAnswer(
            sentences=(), refused=True, model=config.model, latency_ms=latency_ms
        )
    sentences = parse_reply(content, passages)
    if sentences is None:
        logger.warning(
            "generative answer rejected (%s): a sentence is not backed by a cited passage",
            config.model,
        )
        return None
    return GeneratedAnswer(
        sentences=sentences, refused=False, model=config.model, latency_ms=latency_ms
    )


def endpoint_check(settings: AssistantSettings | EndpointConfig) -> str | None:
    """Call the endpoint with a tiny prompt: None when it answers, else the error in words."""
    messages = [{"role": "user", "content": "Reply with the single word OK."}]
    try:
        complete(endpoint_config(settings), messages)
    except EndpointError as exc:
        return exc.describe()
    return None
