"""The LLM writer against the scripted chat endpoint on loopback (the OpenAI chat API).

A good reply becomes a verified draft citing articles; unusable replies are tried again,
then the extractive writer takes over; planted faults (a wrong citation, an invented
name, a changed number, a swapped place, an invented quote) are left out with their
reason; the reply cache holds only accepted replies.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from llm_loopback import ChatServer, Reply, articles, story_prompt
from newsdesk.models import Article
from newsdesk.write import (
    DraftRejected,
    ExtractiveWriter,
    LLMWriter,
    MemoryReplies,
    WriterError,
    write_verified,
)


def number_of(writer: LLMWriter, fragment: str) -> int:
    """The number the prompt gives the source sentence containing ``fragment``."""
    for n in writer.number_sentences(articles()):
        if fragment in n.text:
            return n.number
    raise AssertionError(fragment)


HEADLINE = "Mexico Rejects U.S. Request to Land Military Plane Carrying Migrants"
LEAD = (
    "Mexico rejected the US request to land a military plane deporting immigrants, "
    "while two similar flights went to Guatemala on Friday."
)
GOOD_BODY = [
    (
        "Each of the two flights to Guatemala carried about 80 migrants.",
        "two similar flights to Guatemala",
    ),
    (
        "Trump has already deployed 1,500 additional US troops.",
        "1,500 additional US troops",
    ),
    (
        "Mexican President Claudia Sheinbaum said such an action requires the consent of "
        "the host country.",
        "Claudia Sheinbaum said on Wednesday",
    ),
]


def story(writer: LLMWriter, body: list[tuple[str, str]], **changes: Any) -> str:
    """A reply whose body sentences cite the source sentences holding each key."""
    reply: dict[str, Any] = {
        "headline": HEADLINE,
        "summary": {
            "text": LEAD,
            "sources": [
                number_of(writer, "Informed sources confirmed"),
                number_of(writer, "two similar flights to Guatemala"),
            ],
        },
        "paragraphs": [[{"text": text, "sources": [number_of(writer, key)]} for text, key in body]],
    }
    reply.update(changes)
    return json.dumps(reply)


def writer_for(url: str, **kwargs: Any) -> LLMWriter:
    options: dict[str, Any] = {"timeout": 3.0, "retries": 1, "api_key": "k"}
    options.update(kwargs)
    return LLMWriter(url, "scripted-model", **options)


def test_good_reply_becomes_a_verified_draft_citing_articles(chat: ChatServer) -> None:
    writer = writer_for(chat.url)
    chat.script.add(story(writer, GOOD_BODY))
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert draft.writer == "llm" and not report.fell_back and not report.rejected
    assert draft.headline == HEADLINE
    assert draft.summary.sources == (1,)
    assert [s.sources for s in draft.paragraphs[0]] == [(1,), (2,), (1,)]
    assert report.checked_claims == report.supported_claims == 5
    assert report.dropped == () and report.reasons == ()
    request = chat.script.requests[0]
    assert request["model"] == "scripted-model" and request["max_tokens"] == writer.max_tokens
    assert request["temperature"] == 0 and request["response_format"] == {"type": "json_object"}
    prompt = story_prompt(request)
    assert "Article 1 | outlet: RCO NEWS | published: unknown" in prompt
    assert "Title: Mexico opposes the landing of the American plane" in prompt
    assert "end of message" not in prompt
    assert chat.script.headers[0]["authorization"] == "Bearer k"


def test_the_cache_keeps_accepted_replies_only(chat: ChatServer) -> None:
    cache = MemoryReplies()
    writer = writer_for(chat.url, cache=cache)
    chat.script.add(story(writer, GOOD_BODY))
    first = writer.write(articles())
    second = writer.write(articles())
    assert first == second and len(chat.script.requests) == 1 and len(cache.replies) == 1
    # A reply the verifier rejects is not kept: the next run asks again.
    changed = [*articles()[:1], Article("https://x.example/c", "More", ("New text here.",), id=3)]
    rejected = story(writer, GOOD_BODY, headline="Pete Hegseth Resigns")
    chat.script.add(rejected)
    with pytest.raises(DraftRejected) as caught:
        writer.write(changed)
    assert caught.value.reason == "headline_unsupported"
    assert len(cache.replies) == 1
    chat.script.add(rejected)
    with pytest.raises(DraftRejected):
        writer.write(changed)
    assert len(chat.script.requests) == 3


def test_malformed_json_is_tried_again(chat: ChatServer) -> None:
    writer = writer_for(chat.url)
    chat.script.add('{"headline": "Mexico", "summary": ')
    chat.script.add("```json\n" + story(writer, GOOD_BODY) + "\n```")
    draft = writer.write(articles())
    assert len(chat.script.requests) == 2 and draft.headline == HEADLINE


def test_malformed_json_every_time_falls_back_with_the_reason(chat: ChatServer) -> None:
    writer = writer_for(chat.url)
    for _ in range(2):
        chat.script.add("Sure! Here is your story: Mexico...")
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert report.fell_back and draft.writer == "extractive" and report.rejected == "not_json"
    assert report.notes[0].startswith("llm failed (not_json): reply is not JSON")


def test_a_server_error_is_tried_again(chat: ChatServer) -> None:
    writer = writer_for(chat.url)
    chat.script.replies.append(Reply('{"error": {"message": "loading model"}}', 503))
    chat.script.add(story(writer, GOOD_BODY))
    assert writer.write(articles()).writer == "llm"
    assert len(chat.script.requests) == 2


def test_a_timeout_falls_back_to_the_default_writer(chat: ChatServer) -> None:
    writer = writer_for(chat.url, timeout=0.3, retries=0)
    chat.script.replies.append(Reply(delay=1.0))
    draft, report = write_verified(articles(), writer, ExtractiveWriter())
    assert report.fell_back and draft.writer == "extractive" and report.rejected == "timeout"
    assert "no complete reply within 0.3 s" in report.notes[0]


def planted(chat: ChatServer, text: str, key: str) -> tuple[str, str]:
    """Write with one planted sentence; the reason and note the report gives it."""
    writer = writer_for(chat.url)
    chat.script.add(story(writer, [*GOOD_BODY, (text, key)]))
    draft, report = writer.write_checked(articles())
    assert text not in [s.text for s in draft.sentences()]
    assert len(draft.sentences()) == 4 and report.dropped == (text,)
    return report.reasons[0], report.notes[-1]


def test_wrong_citation_is_caught(chat: ChatServer) -> None:
    # The troops are in the Wire article; the reply cites an RCO sentence.
    reason, note = planted(
        chat,
        "Trump has deployed 1,500 additional US troops to the border, officials said.",
        "Mexico’s foreign ministry said",
    )
    assert reason == "number" and "number 1500" in note


def test_invented_name_is_caught(chat: ChatServer) -> None:
    reason, note = planted(
        chat,
        "Defense Secretary Pete Hegseth said 1,500 additional US troops were deployed.",
        "1,500 additional US troops",
    )
    assert reason == "name" and ("name Pete" in note or "name Hegseth" in note)


def test_changed_number_is_caught(chat: ChatServer) -> None:
    reason, note = planted(
        chat,
        "Trump has already deployed 15,000 additional US troops.",
        "1,500 additional US troops",
    )
    assert reason == "number" and "number 15000" in note


def test_swapped_name_is_caught(chat: ChatServer) -> None:
    reason, note = planted(
        chat,
        "Each of the two flights to Honduras carried about 80 migrants.",
        "two similar flights to Guatemala",
    )
    assert reason == "name" and "name Honduras" in note


def test_invented_quote_is_caught(chat: ChatServer) -> None:
    reason, note = planted(
        chat,
        'Mexico\'s foreign ministry said it "will never accept military deportation flights".',
        "Mexico’s foreign ministry said",
    )
    assert reason == "quote" and "quote" in note


def test_a_citation_of_an_unknown_number_is_left_out_and_noted(chat: ChatServer) -> None:
    writer = writer_for(chat.url)
    reply = json.loads(story(writer, GOOD_BODY))
    reply["paragraphs"][0].append({"text": "An extra sentence.", "sources": [999, "x"]})
    chat.script.add(json.dumps(reply))
    draft, report = writer.write_checked(articles())
    assert "An extra sentence." not in [s.text for s in draft.sentences()]
    assert report.dropped == ("An extra sentence.",) and report.reasons == ("uncited",)
    assert any("cites [999] that were not sent" in n for n in report.notes)


def test_the_headline_takes_the_sites_case(chat: ChatServer) -> None:
    reply = story(
        writer_for(chat.url),
        GOOD_BODY,
        headline="Mexico rejects U.S. request to land military plane carrying migrants.",
    )
    chat.script.add(reply)
    chat.script.add(reply)
    title = writer_for(chat.url).write(articles()).headline
    sentence = writer_for(chat.url, case="sentence").write(articles()).headline
    assert title == HEADLINE
    assert sentence == "Mexico rejects U.S. request to land military plane carrying migrants"


def test_the_token_budget_limits_the_prompt() -> None:
    writer = LLMWriter("http://127.0.0.1:9/v1", "m", max_input_tokens=60)
    numbered = writer.number_sentences(articles())
    assert sum(len(n.text) for n in numbered) <= 60 * 4 + 200
    assert {n.article_id for n in numbered} == {1, 2}  # round-robin: both outlets
    assert [n.number for n in numbered] == list(range(1, len(numbered) + 1))


def test_no_source_sentence_is_an_error_not_a_request(chat: ChatServer) -> None:
    writer = writer_for(chat.url)
    empty = [Article("https://x.example/e", "", ("RCO NEWS",), id=1)]
    with pytest.raises(WriterError, match="no source sentences"):
        writer.write(empty)
    assert chat.script.requests == []
