"""The OpenAI-compatible client, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from sevai.assistant.generative import (
    EndpointConfig,
    endpoint_check,
    generate_answer,
    is_refusal,
    parse_reply,
)
from sevai.assistant.models import AssistantSettings
from sevai.assistant.tests.chat_server import ChatServer, chat_server, payload
from sevai.lib.crypto import encrypt

PASSAGES = [
    (101, "Parcels within the city arrive in 1 to 2 working days."),
    (102, "Parcels to other regions take 3 to 5 working days."),
    (103, "Follow your parcel with the tracking number in the confirmation email."),
]
QUESTION = "how long does delivery take??"
KEY = "sk-local-test-key-7f3a"
WRONG_KEY = "sk-wrong-key-0001"  # the recorded 401 payload echoes it, as OpenAI does


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with chat_server() as running:
        yield running


def config(server: ChatServer, *, key: str = KEY, timeout: float = 5.0) -> EndpointConfig:
    return EndpointConfig(
        base_url=server.base_url, model="qwen2.5:3b-instruct", api_key=key, timeout=timeout
    )


class TestCitedAnswers:
    def test_a_cited_answer_comes_back_sentence_by_sentence_with_its_passages(
        self, server: ChatServer
    ) -> None:
        answer = generate_answer(QUESTION, PASSAGES, language="en", settings=config(server))
        assert answer is not None
        assert not answer.refused
        assert [s.passages for s in answer.sentences] == [(101,), (102,), (103,)]
        assert answer.text == (
            "Parcels within the city arrive in 1 to 2 working days. "
            "Other regions take 3 to 5 working days. "
            "You can follow your parcel with the tracking number in the confirmation email."
        )
        assert answer.passage_ids == [101, 102, 103]
        assert answer.spans()[1] == {
            "passages": [102],
            "text": "Other regions take 3 to 5 working days.",
        }
        assert answer.model == "qwen2.5:3b-instruct"

    def test_the_request_is_a_chat_completion_with_numbered_passages(
        self, server: ChatServer
    ) -> None:
        generate_answer(QUESTION, PASSAGES, language="ta", settings=config(server))
        (request,) = server.received
        assert request.path == "/v1/chat/completions"
        assert request.body["model"] == "qwen2.5:3b-instruct"
        assert request.body["temperature"] == 0
        system, user = request.body["messages"]
        assert system["role"] == "system"
        assert "Tamil" in system["content"]
        assert "NO_ANSWER" in system["content"]
        assert user["role"] == "user"
        assert "[1] Parcels within the city arrive in 1 to 2 working days." in user["content"]
        assert "[3] Follow your parcel" in user["content"]
        assert user["content"].endswith(QUESTION)

    def test_the_key_is_sent_as_a_bearer_token(self, server: ChatServer) -> None:
        server.required_key = KEY
        answer = generate_answer(QUESTION, PASSAGES, language="en", settings=config(server))
        assert answer is not None
        assert server.received[0].headers["authorization"] == f"Bearer {KEY}"

    def test_no_authorization_header_without_a_key(self, server: ChatServer) -> None:
        generate_answer(QUESTION, PASSAGES, language="en", settings=config(server, key=""))
        assert "authorization" not in server.received[0].headers

    def test_an_answer_in_tamil_keeps_its_citations(self, server: ChatServer) -> None:
        server.reply = payload("ollama_tamil_answer.json")
        answer = generate_answer(QUESTION, PASSAGES, language="ta", settings=config(server))
        assert answer is not None
        assert [s.passages for s in answer.sentences] == [(101,), (102,)]
        assert answer.text.startswith("நகரத்திற்குள் பார்சல்கள்")
        assert "[" not in answer.text

    def test_the_settings_row_gives_the_endpoint_and_the_decrypted_key(
        self, server: ChatServer
    ) -> None:
        server.required_key = KEY
        settings = AssistantSettings(
            generative_enabled=True,
            generative_base_url=server.base_url,
            generative_model="qwen2.5:3b-instruct",
            generative_key_encrypted=encrypt(KEY),
            generative_timeout=5,
        )
        answer = generate_answer(QUESTION, PASSAGES, language="en", settings=settings)
        assert answer is not None
        assert not answer.refused

    def test_nothing_is_called_while_generative_answers_are_off(self, server: ChatServer) -> None:
        settings = AssistantSettings(
            generative_enabled=False,
            generative_base_url=server.base_url,
            generative_model="qwen2.5:3b-instruct",
        )
        assert generate_answer(QUESTION, PASSAGES, language="en", settings=settings) is None
        assert server.received == []


class TestRefusals:
    def test_no_answer_is_a_refusal(self, server: ChatServer) -> None:
        server.reply = payload("ollama_no_answer.json")
        answer = generate_answer(
            "can I pay in bitcoin", PASSAGES, language="en", settings=config(server)
        )
        assert answer is not None
        assert answer.refused
        assert answer.sentences == ()
        assert answer.text == ""

    def test_no_passages_is_a_refusal_without_a_call(self, server: ChatServer) -> None:
        answer = generate_answer(QUESTION, [], language="en", settings=config(server))
        assert answer is not None
        assert answer.refused
        assert server.received == []

    @pytest.mark.parametrize("content", ["NO_ANSWER", "`NO_ANSWER`", "NO_ANSWER.", '"NO_ANSWER"'])
    def test_no_answer_with_decoration_is_still_a_refusal(self, content: str) -> None:
        assert is_refusal(content)

    def test_the_words_no_answer_in_a_sentence_are_not_a_refusal(self) -> None:
        assert not is_refusal("If there is no answer at the door, we try again [1].")


class TestRejectedReplies:
    def test_an_uncited_sentence_rejects_the_whole_reply(
        self, server: ChatServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        server.reply = payload("ollama_uncited_sentence.json")
        with caplog.at_level(logging.WARNING, logger="sevai.assistant"):
            answer = generate_answer(QUESTION, PASSAGES, language="en", settings=config(server))
        assert answer is None
        assert "not backed by a cited passage" in caplog.text

    def test_a_citation_of_a_passage_not_given_rejects_the_reply(self, server: ChatServer) -> None:
        server.reply = payload("ollama_out_of_range_citation.json")
        assert generate_answer(QUESTION, PASSAGES, language="en", settings=config(server)) is None

    def test_a_number_no_cited_passage_states_rejects_the_reply(self, server: ChatServer) -> None:
        server.reply = payload("ollama_invented_price.json")
        assert generate_answer(QUESTION, PASSAGES, language="en", settings=config(server)) is None


class TestEndpointFailures:
    def test_a_server_error_gives_none_and_a_warning(
        self, server: ChatServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        server.status, server.reply = 500, payload("vllm_internal_error_500.json")
        with caplog.at_level(logging.WARNING, logger="sevai.assistant"):
            answer = generate_answer(QUESTION, PASSAGES, language="en", settings=config(server))
        assert answer is None
        assert "http 500: CUDA out of memory" in caplog.text

    def test_a_timeout_gives_none(
        self, server: ChatServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        server.hang = True
        with caplog.at_level(logging.WARNING, logger="sevai.assistant"):
            answer = generate_answer(
                QUESTION, PASSAGES, language="en", settings=config(server, timeout=0.3)
            )
        assert answer is None
        assert "timeout" in caplog.text

    def test_a_wrong_key_gives_none_and_the_key_is_never_logged(
        self, server: ChatServer, caplog: pytest.LogCaptureFixture
    ) -> None:
        server.required_key = KEY
        with caplog.at_level(logging.DEBUG):
            answer = generate_answer(
                QUESTION, PASSAGES, language="en", settings=config(server, key=WRONG_KEY)
            )
        assert answer is None
        assert "http 401" in caplog.text
        assert WRONG_KEY not in caplog.text
        assert server.received[0].headers["authorization"] == f"Bearer {WRONG_KEY}"


class TestEndpointCheck:
    def test_a_working_endpoint_gives_no_error(self, server: ChatServer) -> None:
        server.required_key = KEY
        assert endpoint_check(config(server)) is None
        assert server.received[0].body["messages"][0]["content"]

    def test_a_wrong_key_is_reported_without_the_key(self, server: ChatServer) -> None:
        server.required_key = KEY
        error = endpoint_check(config(server, key=WRONG_KEY))
        assert error is not None
        assert "401" in error
        assert "Incorrect API key provided" in error
        assert WRONG_KEY not in error

    def test_a_server_error_is_reported(self, server: ChatServer) -> None:
        server.status, server.reply = 500, payload("vllm_internal_error_500.json")
        error = endpoint_check(config(server))
        assert error is not None
        assert "500" in error

    def test_a_wrong_address_is_reported(self, server: ChatServer) -> None:
        wrong = EndpointConfig(base_url=server.base_url + "/nothing", model="m", timeout=5)
        error = endpoint_check(wrong)
        assert error is not None
        assert "404" in error

    def test_a_missing_model_is_reported_without_a_call(self, server: ChatServer) -> None:
        error = endpoint_check(EndpointConfig(base_url=server.base_url, model=""))
        assert error == "Enter the endpoint address and the model first."
        assert server.received == []

    def test_a_closed_port_is_reported(self) -> None:
        with chat_server() as stopped:
            url = stopped.base_url
        error = endpoint_check(EndpointConfig(base_url=url, model="m", timeout=2))
        assert error is not None
        assert error.startswith("Could not reach the endpoint")


class TestParsingReplies:
    GIVEN = [(7, "Delivery takes 2 days."), (8, "Returns are free."), (9, "Track it online.")]

    def test_a_citation_after_the_full_stop_belongs_to_that_sentence(self) -> None:
        sentences = parse_reply("First fact. [1] Second fact. [2][3]", self.GIVEN)
        assert sentences is not None
        assert [(s.text, s.passages) for s in sentences] == [
            ("First fact.", (7,)),
            ("Second fact.", (8, 9)),
        ]

    def test_list_items_are_sentences(self) -> None:
        sentences = parse_reply("1. Open the portal [3]\n2. Choose Returns [2]", self.GIVEN)
        assert sentences is not None
        assert [s.text for s in sentences] == ["Open the portal", "Choose Returns"]

    def test_several_numbers_in_one_bracket(self) -> None:
        sentences = parse_reply("Both say so [1, 3].", self.GIVEN)
        assert sentences is not None
        assert sentences[0].passages == (7, 9)

    def test_armenian_full_stop_ends_a_sentence(self) -> None:
        sentences = parse_reply("Առաքումը տևում է 2 օր [1]։ Հետևեք ծանրոցին [3]։", self.GIVEN)
        assert sentences is not None
        assert [s.passages for s in sentences] == [(7,), (9,)]

    def test_a_number_must_come_from_the_cited_passage(self) -> None:
        assert parse_reply("Delivery takes 2 days [1].", self.GIVEN) is not None
        assert parse_reply("Delivery takes 3 days [1].", self.GIVEN) is None
        assert parse_reply("Returns are free for 2 days [2].", self.GIVEN) is None

    def test_an_empty_reply_is_rejected(self) -> None:
        assert parse_reply("  \n ", self.GIVEN) is None
