"""spaCy component `communique_actors_ru`: the actor recogniser for a Russian Doc.

Requires the Russian front end's parse (nlp/russian.py: lemmas, UD dependencies, PER/LOC/ORG
entities); assigns `doc._.actors` (list[Actor], sorted by span, non-overlapping), the same
contract as `communique_actors`, every Actor built by actors/build.py.

What it reads, and where the knowledge lives (all data, read once per process):
- countries in every case, adjectives in every form, pair adjectives ("туркмено-грузинский"),
  abbreviations, capitals and cities: geo/data/names_ru.tsv (geo/russian.py);
- titles (ru_titles.tsv), sector nouns (ru_sector_nouns.tsv), collective references
  (ru_collectives.tsv), international organisations (ru_organizations.tsv) and the head nouns
  of named institutions (ru_institution_heads.tsv), all under actors/data;
- people: the NER's PER spans, named in the nominative (token lemmas: "Романа Василенко" ->
  "Роман Василенко"), with the title before them or the title they stand in apposition to;
  their country from the title ("министр иностранных дел Грузии"), the delegation they head
  ("Казахстанскую делегацию возглавил ..."), a fuller mention of the same surname, the actor
  knowledge base under a Latin transliteration ("Токаев" -> "Tokayev"), and last the
  dateline's country, in that order (as the English recogniser, docs/ACTORS.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from communique.actors.build import make_actor, state_actor
from communique.actors.component import link_organizations
from communique.actors.context import dateline_country
from communique.actors.knowledge import knowledge_base
from communique.actors.knowledge import lookup as kb_lookup
from communique.actors.schemas import read_actor_table
from communique.geo.russian import MAX_NAME_WORDS, RussianForm, normal, russian_names
from communique.geo.russian import transliterations as latin_spellings
from communique.models import Actor, PersonRef
from communique.nlp.extensions import register_extensions

#: Candidate priorities: where two readings overlap the higher wins (then the longer).
PRIORITY_PERSON = 50
PRIORITY_KNOWN = 40
PRIORITY_INSTITUTION = 30
PRIORITY_SECTOR = 20
PRIORITY_COLLECTIVE = 20
PRIORITY_PLAIN = 10
#: Most words of a title before a name ("заместитель Премьер-министра – министр иностранных
#: дел Республики Казахстан" is 10).
MAX_TITLE_WORDS = 14
#: Dependency labels under which a capital acts for its state (subject, object, possessor,
#: agent), never in a place phrase ("в Анкаре").
ACTING_DEPS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "nmod", "conj", "appos"})
#: Dashes inside a title ("заместитель Премьер-министра – министр иностранных дел").
TITLE_DASHES = frozenset({"–", "—", "-"})
#: Prepositions that continue an institution's name ("Академия ... при Президенте РК", "Комитет
#: по делам ...", "Дирекция по двусторонним делам").
INSTITUTION_PREPOSITIONS = frozenset({"при", "по"})
#: Prepositions that make a capital a place ("в Анкаре", "из Москвы", "на ... в Брюссель").
PLACE_PREPOSITIONS = frozenset({"в", "во", "из", "на", "до", "через", "под", "около", "у"})


@dataclass(frozen=True)
class Lexicon:
    titles: dict[tuple[str, ...], str]
    sector_nouns: dict[str, tuple[str, bool]]
    collectives: dict[str, str]
    organizations: dict[tuple[str, ...], tuple[str, str | None, str | None, str]]
    abbreviations: dict[str, tuple[str, str | None, str | None, str]]
    institution_heads: dict[str, str]


def _lemmas(text: str) -> tuple[str, ...]:
    """Lemmas of a data entry written in the nominative (pymorphy3's first reading)."""
    from communique.nlp.russian import russian_lemmatizer

    analyzer = russian_lemmatizer().analyzer
    return tuple(normal(analyzer.parse(w)[0].normal_form) for w in text.split())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    titles = {tuple(normal(r["title"]).split()): r.get("sector") for r in read_actor_table(
        "ru_titles.tsv")}
    nouns = {
        normal(r["noun"]): (r["sector"], r["bare"] == "yes")
        for r in read_actor_table("ru_sector_nouns.tsv")
    }
    collectives = {normal(r["lemma"]): r["name"] for r in read_actor_table("ru_collectives.tsv")}
    organizations: dict[tuple[str, ...], tuple[str, str | None, str | None, str]] = {}
    abbreviations: dict[str, tuple[str, str | None, str | None, str]] = {}
    for r in read_actor_table("ru_organizations.tsv"):
        value = (r["name"], r.get("country") or None, r.get("sector") or None, r["kind"])
        alias = r["alias"]
        if alias.isupper():
            abbreviations[alias] = value
        else:
            organizations[_lemmas(alias)] = value
    heads = {normal(r["head"]): r["sector"] for r in read_actor_table("ru_institution_heads.tsv")}
    return Lexicon(
        {k: v or "" for k, v in titles.items()}, nouns, collectives, organizations,
        abbreviations, heads,
    )


@dataclass(frozen=True)
class Hit:
    """A country form in the text: tokens [start, end) or, in a pair adjective, a part of one
    token (char span)."""

    start: int
    end: int
    chars: tuple[int, int]
    iso3: str
    kind: str


@dataclass
class Candidate:
    actor: Actor
    priority: int


def _lemma(token: Token) -> str:
    return normal(token.lemma_)


def _feat(token: Token, name: str) -> str:
    """One morphological feature of a token ("Case" -> "Gen"), "" when unset."""
    value: str = token.morph.to_dict().get(name, "")
    return value


class Reader:
    """One Doc's actors: the passes below add candidates, `select` keeps the best."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.lex = lexicon()
        self.candidates: list[Candidate] = []
        self.name_tokens: set[int] = set()
        self.hits = self.country_hits()
        self.hit_at: dict[int, list[Hit]] = {}
        for hit in self.hits:
            for i in range(hit.start, hit.end):
                self.hit_at.setdefault(i, []).append(hit)

    # --- countries -----------------------------------------------------------------------

    def country_hits(self) -> list[Hit]:
        names = russian_names()
        doc = self.doc
        words = [t for t in doc if not t.is_space]
        hits: list[Hit] = []
        k = 0
        while k < len(words):
            found = None
            longest = min(MAX_NAME_WORDS, len(words) - k, names.longest_from(words[k].text))
            for n in range(longest, 0, -1):
                group = words[k : k + n]
                if any(group[j + 1].i != group[j].i + 1 for j in range(n - 1)):
                    continue
                text = " ".join(t.text for t in group)
                forms = [f for f in names.lookup(text) if f.kind != "prefix"
                         and (f.kind == "adjective" or group[0].text[:1].isupper())]
                if forms:
                    found = (n, forms[0])
                    break
            if found is not None:
                n, form = found
                first, last = words[k], words[k + n - 1]
                hits.append(Hit(first.i, last.i + 1, (first.idx, last.idx + len(last)),
                                form.iso3, form.kind))
                k += n
                continue
            hits.extend(self.pair_adjective(words[k]))
            k += 1
        return hits

    def pair_adjective(self, token: Token) -> list[Hit]:
        """"казахстанско-бельгийский", "туркмено-грузинские": one hit per part."""
        if "-" not in token.text:
            return []
        names = russian_names()
        parts = token.text.split("-")
        found: list[Hit] = []
        offset = token.idx
        for j, part in enumerate(parts):
            forms: tuple[RussianForm, ...] = names.lookup(part)
            wanted = "adjective" if j == len(parts) - 1 else "prefix"
            match = next((f for f in forms if f.kind == wanted), None)
            if match is None:
                return []
            found.append(Hit(token.i, token.i + 1, (offset, offset + len(part)), match.iso3,
                             "adjective"))
            offset += len(part) + 1
        return found if len(found) >= 2 else []

    def countries_under(self, token: Token, *, skip: set[int] | None = None) -> list[Hit]:
        """Countries named in the phrase of `token`: its adjectives, its genitive and
        appositive dependents and their conjuncts (not clauses, not other people's titles)."""
        out: list[Hit] = []
        for node in self._phrase(token):
            if skip and node.i in skip:
                continue
            for hit in self.hit_at.get(node.i, []):
                if hit not in out:
                    out.append(hit)
        return out

    def _phrase(self, token: Token, *, conjuncts: bool = True,
                preps: frozenset[str] = frozenset()) -> list[Token]:
        """The noun phrase of `token`: adjectives, genitive and appositive dependents, and
        (with `conjuncts`) what is coordinated with them; a dependent with a preposition
        only when the preposition is one of `preps`."""
        deps = {"amod", "nmod", "flat", "flat:name", "appos", "case", "det", "nummod", "fixed",
                "compound"}
        if conjuncts:
            deps |= {"conj", "cc"}
        nodes = [token]
        out: list[Token] = []
        while nodes:
            node = nodes.pop()
            out.append(node)
            for child in node.children:
                if child.dep_ in deps:
                    if child.dep_ == "nmod" and _has_case_preposition(child) and \
                            not _has_case_preposition(child, preps):
                        continue
                    nodes.append(child)
        return sorted(out, key=lambda t: t.i)

    # --- candidates ----------------------------------------------------------------------

    def add(self, actor: Actor, priority: int) -> None:
        self.candidates.append(Candidate(actor, priority))

    def plain_countries(self) -> None:
        doc = self.doc
        whole = doc.text  # Doc.text joins every token: once
        for hit in self.hits:
            text = whole[hit.chars[0] : hit.chars[1]]
            if hit.kind == "city":
                continue
            if hit.kind == "capital":
                if self.capital_acts(doc[hit.start]):
                    self.add(state_actor(text, hit.chars, hit.iso3, "GOV"), PRIORITY_PLAIN)
                continue
            sector = None
            if hit.kind == "adjective":
                # an adjective names its state ("с бельгийским капиталом": Belgian capital), as
                # in English; beside an actor noun it is that role (read by `sector_nouns`)
                head = doc[hit.start].head
                sector = "GOV" if _lemma(head) in self.lex.sector_nouns else None
            self.add(state_actor(text, hit.chars, hit.iso3, sector), PRIORITY_PLAIN)

    @staticmethod
    def capital_acts(token: Token) -> bool:
        while token.dep_ == "conj" and token.head != token:
            token = token.head
        if _has_case_preposition(token, PLACE_PREPOSITIONS):
            return False
        if token.dep_ == "nmod" and _lemma(token.head) in ("город", "столица"):
            return False
        return token.dep_ in ACTING_DEPS

    def known_organizations(self) -> None:
        doc = self.doc
        tokens = [t for t in doc if not t.is_space]
        lemmas = [_lemma(t) for t in tokens]
        longest = max((len(k) for k in self.lex.organizations), default=0)
        k = 0
        while k < len(tokens):
            tok = tokens[k]
            value = self.lex.abbreviations.get(tok.text)
            n = 1
            if value is None:
                for n in range(min(longest, len(tokens) - k), 0, -1):
                    value = self.lex.organizations.get(tuple(lemmas[k : k + n]))
                    if value is not None:
                        break
            if value is not None:
                span = doc[tok.i : tokens[k + n - 1].i + 1]
                name, country, sector, kind = value
                self.add(make_actor(span.text, (span.start_char, span.end_char), name=name,
                                    country=country, sector=sector, kind=kind,  # type: ignore[arg-type]
                                    organization=name), PRIORITY_KNOWN)
                k += n
                continue
            k += 1

    def institutions(self) -> None:
        """Named institutions: the NER's ORG spans and capitalised institution heads
        ("Академию государственного управления", "МИД Бельгии", "МИД РК"), named in the
        nominative, with the country named in or right after them."""
        doc = self.doc
        heads = self.lex.institution_heads
        seen: set[int] = set()
        spans: list[Span] = [e for e in doc.ents if e.label_ == "ORG"]
        for tok in doc:
            if _lemma(tok) in heads and tok.text[:1].isupper() and not any(
                e.start <= tok.i < e.end for e in spans
            ):
                spans.append(doc[tok.i : tok.i + 1])
        for ent in sorted(spans, key=lambda s: s.start):
            head = ent.root
            if _lemma(head) not in heads or head.i in seen:
                continue  # "Делегации министерств ...": a delegation is not an institution
            seen.update(range(ent.start, ent.end))
            end = ent.end
            # the phrase goes on with genitive words and names ("МИД Бельгии", "Академию
            # государственного управления при Президенте РК")
            phrase = self._phrase(head, conjuncts=False, preps=INSTITUTION_PREPOSITIONS)
            end = max(end, max(t.i for t in phrase) + 1)
            start = min(ent.start, head.i)
            end = self._named_continuation(end)
            if any(doc[i].is_sent_start for i in range(start + 1, end)):
                end = next(i for i in range(start + 1, end) if doc[i].is_sent_start)
            while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            span = doc[start:end]
            countries = [h for h in self.hits if start <= h.start < end]
            country = countries[0].iso3 if countries else None
            if country is None and _lemma(head) in ("мид", "министерство", "правительство"):
                continue  # a ministry of no named state: a sector noun, not an institution
            name = _nominative_phrase(span, head)
            self.add(make_actor(span.text, (span.start_char, span.end_char), name=name,
                                country=country, sector=heads[_lemma(head)],
                                kind="organization", organization=name),
                     PRIORITY_INSTITUTION)

    def _named_continuation(self, end: int) -> int:
        """"... при Президенте Республики Казахстан": a preposition of INSTITUTION_PREPOSITIONS
        followed by capitalised words continues the name, whatever the parse attached it to."""
        doc = self.doc
        j = end
        while j < len(doc) and doc[j].is_space:
            j += 1
        if j + 1 >= len(doc) or doc[j].lower_ not in INSTITUTION_PREPOSITIONS:
            return end
        k = j + 1
        while k < len(doc) and (doc[k].text[:1].isupper() or k in self.hit_at):
            k += 1
        return k if k > j + 1 else end

    def sector_nouns(self) -> None:
        """"Казахстанская сторона", "делегацию Бельгии", "белорусского замминистра": the
        state in that role; the same noun in the plural without a country of its own is a
        collective reference to the article's two parties ("стороны", "собеседники")."""
        doc = self.doc
        for tok in doc:
            lemma = _lemma(tok)
            if lemma not in self.lex.sector_nouns and lemma not in self.lex.collectives:
                continue
            if tok.pos_ in ("VERB", "AUX", "ADP", "PUNCT"):
                continue  # (the tagger may call a capitalised plural noun an adjective)
            sector, _bare = self.lex.sector_nouns.get(lemma, ("GOV", False))
            hits = self.countries_under(tok)
            if hits:
                adjacent = [h for h in hits if h.kind == "adjective" and abs(h.start - tok.i) <= 2]
                for hit in hits:
                    if hit in adjacent and len(adjacent) == 1:
                        lo, hi = min(hit.start, tok.i), max(hit.end, tok.i + 1)
                        span = doc[lo:hi]
                        self.add(state_actor(span.text, (span.start_char, span.end_char),
                                             hit.iso3, sector), PRIORITY_SECTOR)
                    else:
                        text = doc.text[hit.chars[0] : hit.chars[1]]
                        self.add(state_actor(text, hit.chars, hit.iso3, sector), PRIORITY_SECTOR)
                continue
            if lemma in self.lex.collectives and _feat(tok, "Number") == "Plur":
                name = self.lex.collectives[lemma]
                span = doc[tok.i : tok.i + 1]
                self.add(make_actor(span.text, (span.start_char, span.end_char), name=name,
                                    kind="group"), PRIORITY_COLLECTIVE)

    # --- people --------------------------------------------------------------------------

    def people(self) -> None:
        doc = self.doc
        mentions: list[dict[str, Any]] = []
        spans = self.name_spans()
        self.name_tokens = {i for s in spans for i in range(s.start, s.end)}
        for ent in spans:
            name = _person_name(ent)
            t_start, title_head = self.title_before(ent)
            title = None
            sector = None
            country = None
            if title_head is not None:
                title_span = doc[t_start : ent.start]
                title = _nominative_phrase(title_span, title_head).strip(" ,–-")
                sector = self.title_sector(title_span)
                hits = [h for h in self.hits if t_start <= h.start < ent.start]
                country = hits[0].iso3 if hits else None
            if country is None:
                country = self.clause_country(ent)
            mentions.append({"start": t_start, "end": ent.end, "name": name, "title": title,
                             "sector": sector, "country": country})
        _link_surnames(mentions)
        on = _article_date(doc)
        home = dateline_country(doc)
        for m in mentions:
            if m["country"] is None:
                m["country"] = _known_country(m["name"], on)
            span = doc[m["start"] : m["end"]]
            self.add(make_actor(span.text, (span.start_char, span.end_char), name=m["name"],
                                country=m["country"] or home, sector=m["sector"] or "GOV",
                                kind="person", person=PersonRef(name=m["name"], title=m["title"])),
                     PRIORITY_PERSON)

    def name_spans(self) -> list[Span]:
        """The NER's PER spans as names: leading title words and country names moved out
        ("Елбасы Нурсултана Назарбаева", "Турецкой Республики Реджепом"), adjacent pieces of
        one name joined ("Реджепом" + "Тайипом Эрдоганом")."""
        doc = self.doc
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ != "PER":
                continue
            start = ent.start
            while start < ent.end and (
                start in self.hit_at or self._title_word(doc[start])
                or not doc[start].text[:1].isupper()
            ):
                start += 1
            if start >= ent.end:
                continue
            while start > 0 and _name_like(doc[start - 1]) and (start - 1) not in self.hit_at \
                    and not self._title_word(doc[start - 1]) and not doc[start].is_sent_start:
                start -= 1  # "То Ань Зунг": a first part the NER left out
            if spans and spans[-1].end == start:
                spans[-1] = doc[spans[-1].start : ent.end]
            else:
                spans.append(doc[start : ent.end])
        return spans

    def title_before(self, ent: Span) -> tuple[int, Token | None]:
        """Where the title of a name starts, and its head word: the leftmost title word in the
        run of words right before the name ("заместитель министра иностранных дел Роман
        Василенко", "Президентом Турецкой Республики Реджепом ..."), read on the surface
        because the parse often hangs titles elsewhere. The run stops at a verb, a
        punctuation mark other than a dash ("заместитель Премьер-министра – министр ..."), a
        conjunction ("министр А и министр Б X"), another name and the sentence start; the
        adjectives right before the title word belong to it ("официальный представитель")."""
        doc = self.doc
        best: int | None = None
        k = ent.start - 1
        while k >= 0 and ent.start - k <= MAX_TITLE_WORDS:
            t = doc[k]
            if k in self.name_tokens or not self._title_part(k):
                break
            if self._title_word(t):
                best = k
            if t.is_sent_start:
                break
            k -= 1
        if best is None:
            return ent.start, None
        head = next((t for t in doc[best : ent.start] if t.pos_ in ("NOUN", "PROPN")
                     and self._title_word(t)), doc[best])
        start = best
        while (start > 0 and not doc[start].is_sent_start and doc[start - 1].pos_ == "ADJ"
               and (start - 1) not in self.hit_at):
            start -= 1
        return start, head

    def _title_part(self, k: int) -> bool:
        """Whether token k can stand inside a title: a title word, a dash, an adjective, a
        genitive ("министра иностранных дел Республики Казахстан"), a country, a preposition
        and the noun of a prepositional phrase that hangs from a genitive or title
        ("Дирекции по двусторонним делам", "посол Туркменистана в Грузии"), a conjunction
        between two genitives ("министр торговли и внешнеэкономических связей"), never a
        verb, another punctuation mark, a name or the word before a sentence start."""
        doc = self.doc
        t = doc[k]
        if self._title_word(t) or t.text in TITLE_DASHES or k in self.hit_at:
            return True
        if t.is_space or t.is_punct or t.pos_ in ("VERB", "AUX", "SCONJ", "NUM", "PRON") or \
                any(ch.isdigit() for ch in t.text):
            return False
        if t.pos_ == "CCONJ":
            return k > 0 and (k - 1) not in self.name_tokens and _feat(doc[k - 1], "Case") == "Gen"
        if t.pos_ in ("ADJ", "ADP", "DET"):
            return True
        if _feat(t, "Case") == "Gen" or t.text.isupper():
            return True
        for j in (k - 1, k - 2):  # the noun of a prepositional phrase inside the title
            if j > 0 and doc[j].pos_ == "ADP":
                before = doc[j - 1]
                return _feat(before, "Case") == "Gen" or self._title_word(before) or \
                    (j - 1) in self.hit_at
        return False

    def _title_word(self, token: Token) -> bool:
        lemma = _lemma(token)
        if (normal(token.text),) in self.lex.titles:
            return True
        return any(t[0] == lemma for t in self.lex.titles) or any(
            t[-1] == lemma and len(t) > 1 for t in self.lex.titles
        )

    def title_sector(self, span: Span) -> str | None:
        lemmas = [_lemma(t) for t in span if not t.is_punct]
        best: tuple[int, str] | None = None
        for title, sector in self.lex.titles.items():
            n = len(title)
            for k in range(len(lemmas) - n + 1):
                if tuple(lemmas[k : k + n]) == title and (best is None or n > best[0]):
                    best = (n, sector)
        if best is None or not best[1]:
            institutions = [self.lex.institution_heads[x] for x in lemmas
                            if x in self.lex.institution_heads]
            return institutions[0] if institutions else "GOV"
        return best[1]

    def clause_country(self, ent: Span) -> str | None:
        """"Казахстанскую делегацию возглавил X": the country of the delegation (or side) the
        person's verb governs."""
        verb = ent.root
        while verb.dep_ in ("appos", "flat", "flat:name", "conj") and verb.head != verb:
            verb = verb.head
        if verb.dep_ not in ("nsubj", "nsubj:pass"):
            return None
        verb = verb.head
        for child in verb.children:
            if child.dep_ in ("obj", "obl") and _lemma(child) in self.lex.sector_nouns:
                hits = self.countries_under(child) + [
                    h for i in (child.i - 1, child.i + 1) for h in self.hit_at.get(i, [])
                ]  # "Туркменскую делегацию" even when the parse hangs the adjective elsewhere
                if len({h.iso3 for h in hits}) == 1:
                    return hits[0].iso3
        return None

    # --- selection -----------------------------------------------------------------------

    def actors(self) -> list[Actor]:
        self.people()
        self.known_organizations()
        self.institutions()
        self.sector_nouns()
        self.plain_countries()
        ranked = sorted(self.candidates,
                        key=lambda c: (-c.priority, -(c.actor.span[1] - c.actor.span[0])))
        chosen: list[Actor] = []
        for c in ranked:
            s, e = c.actor.span
            if any(s < o.span[1] and o.span[0] < e for o in chosen):
                continue
            chosen.append(c.actor)
        return link_organizations(sorted(chosen, key=lambda a: a.span))


def _name_like(token: Token) -> bool:
    """A capitalised word the tagger may misread as a pronoun or noun ("То" of "То Ань
    Зунг")."""
    return token.text[:1].isupper() and token.pos_ in ("PROPN", "PRON", "NOUN", "X") and \
        not token.text.isupper()


def _has_case_preposition(token: Token, preps: frozenset[str] | None = None) -> bool:
    for child in token.children:
        if child.dep_ == "case" and (preps is None or child.lower_ in preps):
            return True
    return False


def _nominative_phrase(span: Span, head: Token) -> str:
    """The phrase with its head noun and the adjectives agreeing with it in the nominative
    ("Академию государственного управления" -> "Академия государственного управления")."""
    out: list[str] = []
    for t in span:
        if t.i == head.i or (t.head.i == head.i and t.dep_ == "amod" and t.i < head.i):
            word = t.lemma_ if t.pos_ != "ADJ" else _adjective_agreeing(t, head)
            if t.text[:1].isupper():
                word = word[:1].upper() + word[1:]
            if t.text.isupper() and len(t.text) > 1:
                word = t.text
            out.append(word + t.whitespace_)
        else:
            out.append(t.text_with_ws)
    return "".join(out).strip()


def _adjective_agreeing(adjective: Token, noun: Token) -> str:
    """The nominative of an adjective in its noun's gender and number."""
    from communique.nlp.russian import russian_lemmatizer

    gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(
        _feat(noun, "Gender"), "masc"
    )
    number = "plur" if _feat(noun, "Number") == "Plur" else "sing"
    parse = russian_lemmatizer().analyzer.parse(adjective.text.lower())[0]
    grams = {"nomn", "plur"} if number == "plur" else {"nomn", "sing", gender}
    form = parse.inflect(grams)
    return str(form.word) if form is not None else adjective.lemma_


def _person_name(ent: Span) -> str:
    """A name in the nominative, initials dropped when a full name follows ("М. Тлеуберди" ->
    "Тлеуберди"), hyphenated parts kept ("Касым-Жомарта" -> "Касым-Жомарт")."""
    words: list[str] = []
    tokens = list(ent)
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.is_space:
            k += 1
            continue
        if len(t.text) <= 2 and t.text[:1].isupper() and k + 1 < len(tokens) and \
                tokens[k + 1].text == ".":
            k += 2  # an initial
            continue
        if t.text == "-" and words:
            words[-1] += "-"
            k += 1
            continue
        lemma = _name_lemma(t)
        word = "-".join(p[:1].upper() + p[1:] for p in lemma.split("-"))
        if words and words[-1].endswith("-"):
            words[-1] += word
        else:
            words.append(word)
        k += 1
    return " ".join(words) or ent.text


#: The endings a declined Russian first name or surname can have in each case (masculine and
#: feminine); a name in another case without one of them does not decline ("Мевлюта
#: Чавушоглу", "Мурата Нуртлеу") and is kept as written.
CASE_ENDINGS = {
    "Gen": ("а", "я", "ой", "ей", "ы", "и"),
    "Dat": ("у", "ю", "ой", "ей", "е", "и"),
    "Acc": ("а", "я", "у", "ю"),
    "Ins": ("ом", "ем", "ым", "им", "ой", "ей", "ою", "ею"),
    "Loc": ("е", "и", "ом", "ой"),
}
#: The tagger's cases as pymorphy3 (OpenCorpora) writes them.
_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def _name_lemma(token: Token) -> str:
    """A word of a personal name in the nominative: as written when the tagger reads it as
    nominative; else pymorphy3's reading as a first name, surname or patronymic in the
    tagger's case, put in the nominative of the same gender ("Захаровой" -> "Захарова",
    "Романа" -> "Роман"); else the tagger's lemma."""
    from communique.nlp.russian import russian_lemmatizer

    case = _feat(token, "Case")
    if case in ("", "Nom") or not token.text.lower().endswith(CASE_ENDINGS.get(case, ())):
        return token.text  # nominative, or a name that does not decline ("Чавушоглу")
    parses = russian_lemmatizer().analyzer.parse(token.text)
    wanted = _CASES.get(case)
    for p in parses:
        if {"Name", "Surn", "Patr"} & set(p.tag.grammemes) and p.tag.case == wanted:
            form = p.inflect({"nomn"})
            if form is not None:
                return str(form.word)
    return token.lemma_ or token.text


def _link_surnames(mentions: list[dict[str, Any]]) -> None:
    """A short mention ("Василенко") takes the country, sector and name of the one fuller
    mention of the same surname."""
    full = [m for m in mentions if len(m["name"].split()) > 1]
    for m in full:  # a fuller mention without a country takes the country of a titled one
        if m["country"] is None:
            same = [f for f in full if f["name"] == m["name"] and f["country"]]
            if same:
                m["country"] = same[0]["country"]
                m["title"] = m["title"] or same[0]["title"]
                m["sector"] = m["sector"] or same[0]["sector"]
    for m in mentions:
        if len(m["name"].split()) > 1:
            continue
        same = sorted((f for f in full if f["name"].split()[-1] == m["name"]),
                      key=lambda f: f["country"] is None)
        if len({f["name"] for f in same}) == 1:
            m["name"] = same[0]["name"]
            m["country"] = m["country"] or same[0]["country"]
            m["sector"] = m["sector"] or same[0]["sector"]


def _article_date(doc: Doc) -> Any:
    from communique.actors.component import article_date

    return article_date(doc)


def _known_country(name: str, on: Any) -> str | None:
    """The knowledge base's country for a Cyrillic name under any of its Latin spellings,
    when the candidates agree on one."""
    for spelling in latin_spellings(name):
        found = {k.country for k in kb_lookup(spelling, on) if k.kind == "person" and k.country}
        if len(found) == 1:
            return found.pop()
    return None


class RussianActorComponent:
    def __init__(self) -> None:
        register_extensions()
        lexicon()
        russian_names()
        knowledge_base()  # people's countries by transliterated name: loaded with the model

    def __call__(self, doc: Doc) -> Doc:
        doc._.actors = Reader(doc).actors()
        return doc


@Language.factory(
    "communique_actors_ru",
    requires=["token.dep", "token.lemma", "doc.ents"],
    assigns=["doc._.actors"],
)
def make_russian_actor_component(nlp: Language, name: str) -> RussianActorComponent:
    return RussianActorComponent()
