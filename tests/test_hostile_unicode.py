"""Property: any Unicode at all, lone surrogates and controls included, comes out of `process`
and of POST /api/articles as an article or a quarantine entry, never an exception (issue 15)."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import marsad
from marsad.service import Archive

# Every code point, with surrogates and controls made likely rather than left to chance,
# mixed into Arabic words so that the text also reaches the stages after cleaning.
HOSTILE = st.sampled_from(["\ud83d", "\udcff", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\r", "\x85", "\u2028"])
WORDS = st.sampled_from(["قال", "الأمين العام", "غوتيريش", "السودان", "يوم الخميس", "«", "»", "\n\n", " "])
TEXT = st.lists(st.one_of(st.text(), HOSTILE, WORDS), max_size=40).map("".join)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=TEXT)
def test_process_never_raises(text):
    assume(not text.strip() or not os.path.lexists(text) if "\x00" not in text and len(text) < 4096 else True)
    article = marsad.process(text)
    assert isinstance(article, marsad.Article)
    if article.error is None:
        assert article.id and article.text
        article.to_json().encode("utf-8")  # what would be stored can be stored
    else:
        assert article.error.reason


@pytest.fixture(scope="module")
def poster(tmp_path_factory, token):
    from fastapi.testclient import TestClient

    from marsad.web import create_app

    db = tmp_path_factory.mktemp("prop") / "a.db"
    Archive(db).close()
    with TestClient(create_app(db, token=token), raise_server_exceptions=True) as client:
        yield client, db


@SETTINGS
@given(text=TEXT, title=st.one_of(st.none(), TEXT))
def test_web_post_answers_with_an_article_or_a_quarantine_entry(poster, token, text, title):
    client, db = poster
    url = f"https://prop.example/{abs(hash((text, title)))}"
    body = json.dumps({"text": text, "title": title, "url": url})  # ASCII: lone surrogates as \\ud83d
    response = client.post("/api/articles", content=body,
                           headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    assert response.status_code in (200, 201, 400, 422), response.text
    if response.status_code == 422:
        with Archive(db, readonly=True) as archive:
            assert url in {entry.origin for entry in archive.quarantine()}
    elif response.status_code == 400:
        assert not text.strip()  # only an empty article is refused outright
    else:
        assert response.json()["id"]


def test_process_of_a_path_like_text_that_is_no_file_is_text(tmp_path):
    assert marsad.process(str(tmp_path / "nope\ud83d")).error.reason.endswith("(a lone surrogate, U+D83D, at character "
                                                                            f"{len(str(tmp_path)) + 5})")
    assert Path(tmp_path).exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_process_of_empty_text_is_empty_input_not_the_current_folder(text):
    assert marsad.process(text).error.reason == "empty input"


def test_process_of_text_too_long_to_be_a_file_name_is_text():
    article = marsad.process("خبر " * 100 + "ن" * 200)  # one "file name" of 1,000 bytes
    assert article.url == "<text>" and article.error is None and article.text.endswith("ن" * 200)
