"""Record ids: lowercase slugs made from names ("Cofact Thailand" ->
"cofact-thailand"), for `ctkb new` and for the id a bad-id problem suggests."""

from __future__ import annotations

import re
import unicodedata

from civictech_kb.model.text import describe, invisible_in_name

MAX_SLUG = 100
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """A record id from a name: lowercase ASCII letters and digits joined by
    single hyphens, at most 100 characters ("Cofact Thailand" -> "cofact-thailand").

    Raises ValueError for a name that looks like a path (holds / or \\ or ..),
    holds an invisible or control character, or has no letters or digits in
    the Latin alphabet to make an id from.
    """
    if "/" in text or "\\" in text or ".." in text:
        raise ValueError(f"{text!r} looks like a path, not a name")
    hidden = invisible_in_name(text)
    if hidden:
        raise ValueError(f"{text!r} holds an invisible or control character, {describe(hidden)}")
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(c for c in decomposed if c.isascii())
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rstrip("-")
    if not slug:
        raise ValueError(f"cannot make an id from {text!r}; give one with --id")
    return slug
