"""Entry bodies become safe Telegram HTML (and plain text for `ask --json`)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from bot.faq.markup import html_to_plain, links, to_html, to_plain, word_count

BODY = """Yes, if you applied **before** it expired.

- keep the <same> job & employer
- see [how to extend](https://www.canada.ca/extend.html?a=1&b=2)

Read [maintained status](kb:maintained-status-basics) too.
A second line of the same paragraph."""


def test_markup_becomes_telegram_html() -> None:
    assert to_html(BODY) == (
        "Yes, if you applied <b>before</b> it expired.\n\n"
        "• keep the &lt;same&gt; job &amp; employer\n"
        '• see <a href="https://www.canada.ca/extend.html?a=1&amp;b=2">how to extend</a>\n\n'
        "Read maintained status too. A second line of the same paragraph."
    )


def test_plain_text_strips_markup_and_keeps_web_addresses() -> None:
    assert to_plain(BODY) == (
        "Yes, if you applied before it expired.\n\n"
        "• keep the <same> job & employer\n"
        "• see how to extend (https://www.canada.ca/extend.html?a=1&b=2)\n\n"
        "Read maintained status too. A second line of the same paragraph."
    )


def test_html_of_a_body_reads_as_its_plain_text() -> None:
    assert html_to_plain(to_html(BODY)) == to_plain(BODY)


def test_only_https_links_become_anchors() -> None:
    html = to_html("[click](javascript:alert) [x](http://a.b/) ok")
    assert html == "click x ok"


def test_a_quote_in_a_link_target_cannot_break_out_of_the_attribute() -> None:
    html = to_html('[x](https://a.b/"onclick="y)')
    assert html == '<a href="https://a.b/&quot;onclick=&quot;y">x</a>'


def test_links_and_word_count() -> None:
    assert [link.target for link in links(BODY)] == [
        "https://www.canada.ca/extend.html?a=1&b=2",
        "kb:maintained-status-basics",
    ]
    assert [link.entry_id for link in links(BODY)] == [None, "maintained-status-basics"]
    assert word_count("see [the page](https://www.canada.ca/a/very/long/url.html) now") == 4


ALLOWED_TAG = re.compile(r'^</?b>$|^<a href="https://[^"<>]*">$|^</a>$')


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_no_text_can_smuggle_a_tag_into_the_html(body: str) -> None:
    for tag in re.findall(r"<[^>]*>", to_html(body)):
        assert ALLOWED_TAG.match(tag), tag


@given(
    st.lists(
        st.sampled_from(
            ["**", "[", "]", "(", ")", "kb:", "https://x", "<", ">", "&", '"', "- ", "\n", "a", " "]
        ),
        max_size=40,
    )
)
def test_markup_fragments_never_produce_unbalanced_or_foreign_tags(parts: list[str]) -> None:
    html = to_html("".join(parts))
    for tag in re.findall(r"<[^>]*>", html):
        assert ALLOWED_TAG.match(tag), tag
    assert html.count("<b>") == html.count("</b>")
    assert html.count("<a ") == html.count("</a>")
