"""The reference tables in ``data/vocab/``, loaded once and shared.

Every other module reads document types, issuer codes and levels, provinces
and relation names from here; no table is written twice in code.

>>> VOCAB.type_for_code("QĐ")
'Quyết định'
>>> VOCAB.level_of_code("UBND")
'province_committee'
>>> VOCAB.is_provincial_code("TW")
False
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
VOCAB_DIR = DATA_DIR / "vocab"


def code_key(code: str) -> str:
    """Case-insensitive key of a code, with Đ and D kept apart.

    >>> code_key("CTr") == code_key("CTR")
    True
    """
    return code.upper()


@dataclass(frozen=True, slots=True)
class DocType:
    name: str
    codes: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Body:
    """An issuing body: its clean name, level, the codes it issues under."""

    name: str
    level: str
    codes: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelationType:
    """A relation kind: its name, what a reader sees, its inverse, the cues
    that state it, and its names in Cypher and RDF (a CURIE: "eli:amends")."""

    name: str
    label: str
    inverse: str
    cues: tuple[str, ...]
    scored: bool
    cypher_type: str
    rdf_property: str
    trailing: tuple[str, ...] = ()  # cues after the document acted on ("… hết hiệu lực")


def _load(name: str) -> dict:
    with open(VOCAB_DIR / name, "rb") as handle:
        return tomllib.load(handle)


class Vocabulary:
    """Lazy view over the TOML tables, with the look-ups the pipeline needs."""

    @cached_property
    def _types(self) -> dict:
        return _load("document_types.toml")

    @cached_property
    def _issuers(self) -> dict:
        return _load("issuers.toml")

    @cached_property
    def doc_types(self) -> tuple[DocType, ...]:
        return tuple(
            DocType(t["name"], tuple(t["codes"]), tuple(t["words"])) for t in self._types["type"]
        )

    @cached_property
    def type_words(self) -> dict[str, str]:
        """Every word naming a document type ("kế hoạch", "KH") → the type's name."""
        return {word: t.name for t in self.doc_types for word in t.words}

    @cached_property
    def type_qualifiers(self) -> tuple[str, ...]:
        return tuple(self._types["qualifiers"])

    @cached_property
    def default_type_without_code(self) -> str:
        return self._types["default_without_type_code"]

    def type_of_bare_issuer_code(self, code: str) -> str | None:
        """The type of a number whose code is only an issuer ("193/2025/QH15")."""
        table = {code_key(k): v for k, v in self._types["type_of_bare_issuer_code"].items()}
        return table.get(code_key(code))

    @cached_property
    def type_codes(self) -> dict[str, str]:
        """Code key → canonical code spelling, for document-type codes."""
        return {code_key(c): c for t in self.doc_types for c in t.codes}

    def type_for_code(self, code: str) -> str | None:
        return self._type_by_code.get(code_key(code))

    @cached_property
    def _type_by_code(self) -> dict[str, str]:
        """Code key → the first document type issued under it."""
        types: dict[str, str] = {}
        for t in self.doc_types:
            for c in t.codes:
                types.setdefault(code_key(c), t.name)
        return types

    @cached_property
    def bodies(self) -> tuple[Body, ...]:
        return tuple(
            Body(b["name"], b["level"], tuple(b["codes"]), tuple(b["aliases"]))
            for b in self._issuers["body"]
        )

    @cached_property
    def issuer_codes(self) -> dict[str, str]:
        """Code key → canonical code spelling, for issuer codes."""
        return {code_key(c): c for b in self.bodies for c in b.codes}

    @cached_property
    def head_titles(self) -> tuple[str, ...]:
        return tuple(self._issuers["titles"])

    @cached_property
    def issuer_phrases(self) -> dict[str, Body]:
        """Every way a text names a body (name and aliases) → the body."""
        phrases: dict[str, Body] = {}
        for body in self.bodies:
            for phrase in (body.name, *body.aliases):
                phrases.setdefault(phrase, body)
        return phrases

    @cached_property
    def unit_codes(self) -> dict[str, str]:
        return {code_key(c): c for c in self._issuers["unit_codes"]}

    @cached_property
    def numbered_suffix_codes(self) -> frozenset[str]:
        return frozenset(code_key(c) for c in self._issuers["numbered_suffix"])

    def bodies_for_code(self, code: str) -> tuple[Body, ...]:
        return self._bodies_by_code.get(code_key(code), ())

    @cached_property
    def _bodies_by_code(self) -> dict[str, tuple[Body, ...]]:
        """Code key → the bodies issuing under it, in the order of issuers.toml."""
        bodies: dict[str, list[Body]] = {}
        for b in self.bodies:
            for key in dict.fromkeys(code_key(c) for c in b.codes):
                bodies.setdefault(key, []).append(b)
        return {key: tuple(found) for key, found in bodies.items()}

    def level_of_code(self, code: str) -> str | None:
        bodies = self.bodies_for_code(code)
        if bodies:
            return bodies[0].level
        if len(code) > 1 and code[0] == "S" and code[1:2].isupper():
            return "department"  # "Sở …": SKHCN, SCT, STC and any not listed
        if len(code) > 1 and code[0] == "B" and code[1:2].isupper():
            return "ministry"  # "Bộ …": BKHCN, BCT and any not listed
        return None

    @cached_property
    def _levels(self) -> dict[str, dict]:
        return {lvl["name"]: lvl for lvl in _load("levels.toml")["level"]}

    def is_provincial_level(self, level: str | None) -> bool:
        return bool(level and self._levels.get(level, {}).get("provincial"))

    def is_yearly_level(self, level: str | None) -> bool:
        """Does numbering at ``level`` restart each year (levels.toml)?"""
        return bool(level and self._levels.get(level, {}).get("yearly"))

    def is_provincial_code(self, code: str) -> bool:
        return self.is_provincial_level(self.level_of_code(code))

    @cached_property
    def levels(self) -> tuple[tuple[str, str], ...]:
        """(name, label) of every level, from the top."""
        return tuple((lvl["name"], lvl["label"]) for lvl in self._levels.values())

    @cached_property
    def view_style(self) -> dict:
        """views.toml: colours of levels and relations in the HTML views."""
        return _load("views.toml")

    @cached_property
    def provinces(self) -> tuple[str, ...]:
        return tuple(_load("provinces.toml")["names"])

    @cached_property
    def relation_types(self) -> tuple[RelationType, ...]:
        return tuple(
            RelationType(r["name"], r["label"], r["inverse"], tuple(r["cues"]), r["scored"],
                         r["cypher"], r["rdf"], tuple(r.get("trailing", ())))
            for r in _load("relations.toml")["relation"]
        )

    @cached_property
    def relation_words(self) -> dict[str, tuple[str, ...]]:
        """The phrase lists of relations.toml [between]: fillers, passive, …"""
        return {k: tuple(v) for k, v in _load("relations.toml")["between"].items()}

    @cached_property
    def relation_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.relation_types)

    @cached_property
    def graph_names(self) -> dict:
        """graph.toml: the node label in Cypher, the RDF class, prefixes and
        properties of the exporters."""
        return _load("graph.toml")


VOCAB = Vocabulary()
