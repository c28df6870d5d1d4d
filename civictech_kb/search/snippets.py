"""Snippets: a short passage of a record around where the query matched."""

from __future__ import annotations

import unicodedata

from civictech_kb.model.data import YamlMapping
from civictech_kb.search.fields import SNIPPET_FIELDS, field_texts
from civictech_kb.search.text import chunks

SNIPPET_WIDTH = 110


def snippet(
    data: YamlMapping, terms_by_field: dict[str, set[str]], width: int = SNIPPET_WIDTH
) -> tuple[str, list[tuple[int, int]]]:
    """A short passage around the first match in the best text field, else
    the start of the summary, with the (start, end) spans of the words in it
    that matched."""
    for name in sorted(SNIPPET_FIELDS, key=lambda f: -len(terms_by_field.get(f, ()))):
        wanted = terms_by_field.get(name)
        if not wanted:
            continue
        for text in field_texts(data, [name])[name]:  # only the fields matched: no vocabulary read for others
            position = _first_match(text, wanted)
            if position is not None:
                passage = _window(unicodedata.normalize("NFKC", text), position, width)
                return passage, highlights(passage, set().union(*terms_by_field.values()))
    passage = _window(unicodedata.normalize("NFKC", data["summary"]), 0, width)
    return passage, highlights(passage, set().union(*terms_by_field.values()))


WRITTEN_FIELDS = ("name", "aliases", "summary", "landscape", "context", "lessons", "location")


def written_words(data: YamlMapping, fields: list[str], term: str) -> list[str]:
    """The words a record writes (casefolded) whose index term is `term`
    ("vaccine", "vaccination" for vaccin), in the given fields that need no
    vocabulary to read."""
    wanted = [name for name in WRITTEN_FIELDS if name in fields]
    texts = field_texts(data, wanted)
    found = [c.key for name in wanted for text in texts[name] for c in chunks(text) if c.whole == term]
    return list(dict.fromkeys(found))


def highlights(passage: str, wanted: set[str]) -> list[tuple[int, int]]:
    """The (start, end) spans of a passage's words whose terms are wanted; in
    an unspaced run, the span of the matched run or bigrams. Spans index the
    passage as given, though words are read from its NFKC form (where an
    ellipsis is three characters)."""
    spans: list[tuple[int, int]] = []
    for chunk in chunks(passage):
        if chunk.kind == "word":
            if any(term in wanted for term in chunk.terms):
                spans.append((chunk.start, chunk.end))
            continue
        for term in sorted((t for t in chunk.terms if t in wanted), key=len, reverse=True):
            at = chunk.key.find(term)
            while at != -1:
                spans.append((chunk.start + at, chunk.start + at + len(term)))
                at = chunk.key.find(term, at + 1)
    place = _original_offsets(passage)
    return _merged([(place[start], place[end]) for start, end in spans])


def _original_offsets(text: str) -> list[int]:
    """Offset in NFKC(text) -> the offset in text it comes from (one more
    entry than NFKC(text) has characters)."""
    place: list[int] = []
    for at, char in enumerate(text):
        place += [at] * len(unicodedata.normalize("NFKC", char))
    if len(place) != len(unicodedata.normalize("NFKC", text)):  # characters that compose: keep offsets
        return list(range(len(unicodedata.normalize("NFKC", text)) + 1))
    return [*place, len(text)]


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _first_match(text: str, wanted: set[str]) -> int | None:
    for chunk in chunks(text):
        hit = next((t for t in chunk.terms if t in wanted), None)
        if hit is not None:
            offset = chunk.key.find(hit) if chunk.kind == "run" else 0
            return chunk.start + max(offset, 0)
    return None


def _window(text: str, position: int, width: int) -> str:
    """About `width` characters of text around position, whitespace collapsed,
    cut at spaces where there are any, with ellipses where text was cut."""
    before = " ".join(text[:position].split())
    if before and text[:position][-1].isspace():
        before += " "
    flat = before + " ".join(text[position:].split())
    if len(flat) <= width:
        return flat
    at = len(before)
    start = max(0, min(at - width // 3, len(flat) - width))
    if start > 0:
        space = flat.find(" ", start, at)
        start = space + 1 if space != -1 else start
    end = start + width
    if end < len(flat):
        space = flat.rfind(" ", at, end)
        end = space if space > at else end
    cut_start = "…" if start > 0 else ""
    cut_end = "…" if end < len(flat) else ""
    return f"{cut_start}{flat[start:end].strip()}{cut_end}"
