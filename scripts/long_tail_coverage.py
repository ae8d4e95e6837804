#!/usr/bin/env python3
"""How PETRARCH2's verb patterns meet the parse on a corpus: a diagnostic, not a test.

For every verb token whose lemma only the long tail knows (not verbs.yaml), it counts whether the
verb states an act (LONG_TAIL_CLAUSES), and then whether a pattern of its block fired, only the
verb's bare code applied, or nothing matched. It then asks, for the patterns of its blocks that
are more specific than the reading found, which single relaxation would have let them fire:

- object-elsewhere: the pattern's object noun is in the verb's clause, but not as its object;
- prep-deeper: the pattern's preposition (with its noun) is deeper in the clause than the verb,
  its object or their prepositional phrases;
- particle-far: the pattern's particle follows the verb in the sentence but is not tied to it.

Large counts under a relaxation say where the matcher loses PETRARCH's knowledge; the examples
(--examples N) say whether relaxing it would be right. Lemmas of verbs that no dictionary knows
are listed by frequency (lemma failures and missing verbs).

Usage: PYTHONPATH=src scripts/long_tail_coverage.py [CORPUS.jsonl ...] [--examples N]
(default corpus: ../shared/corpus/voa_stories.jsonl)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Token

from communique.events.coder import EventCoder
from communique.events.verb_dictionary import (
    NO_EVENT,
    BlockPattern,
    VerbDictionary,
    _follow,
    _Frame,
    _pobj,
    _states_act,
)
from communique.nlp import load_nlp
from communique.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "voa_stories.jsonl"
PREP_DEPS = ("prep", "agent", "dative")


def texts(paths: list[Path]) -> list[str]:
    out: list[str] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            out.extend(json.loads(line)["text"] for line in handle if line.strip())
    return out


def relaxations(lt: VerbDictionary, bp: BlockPattern, frame: _Frame, verb: Token) -> list[str]:
    """The relaxations that together let a failing pattern fit (empty: it fails otherwise)."""
    pattern = bp.pattern
    clause = [t for t in verb.subtree if t.sent == verb.sent]
    nouns = [t for t in clause if t.pos_ in ("NOUN", "PROPN") and t != frame.obj]
    why: list[str] = []
    if pattern.subject is not None and not lt._noun_fits(pattern.subject, frame.subject):
        return []
    if pattern.obj is not None and not lt._noun_fits(pattern.obj, frame.obj):
        if not any(lt._noun_fits(pattern.obj, n) for n in nouns):
            return []
        why.append("object-elsewhere")
    for phrase in pattern.preps:
        def fits(prep: Token, phrase=phrase) -> bool:  # type: ignore[no-untyped-def]
            inner = _pobj(prep)
            return prep.lower_ == phrase.prep and (
                phrase.noun is None or (inner is not None and lt._noun_fits(phrase.noun, inner))
            )
        if any(fits(p) for p in frame.preps):
            continue
        if not any(t.dep_ in PREP_DEPS and fits(t) for t in clause):
            return []
        why.append("prep-deeper")
    if pattern.particles and _follow(verb, pattern.particles) is None:
        after = {t.lower_ for t in verb.sent if t.i > verb.i}
        if not all(p in after for p in pattern.particles):
            return []
        why.append("particle-far")
    return why


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--examples", type=int, default=0, help="examples per relaxation")
    args = parser.parse_args()
    nlp = load_nlp(Settings().model)
    coder = EventCoder()
    lt, lex = coder.long_tail, coder.lexicon
    counts: Counter[str] = Counter()
    relaxed: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    unknown: Counter[str] = Counter()
    for doc in nlp.pipe(texts(args.corpus), batch_size=16):
        for verb in (t for t in doc if t.pos_ == "VERB"):
            lemma = coder._verb_lemma(verb)
            if lemma in lex.verbs:
                counts["verbs.yaml lemma"] += 1
                continue
            if not lt.knows(lemma):
                if lemma not in lex.light_verbs and lemma not in lex.reporting_verbs:
                    unknown[lemma] += 1
                counts["lemma no dictionary knows"] += 1
                continue
            counts["long-tail lemma"] += 1
            if not _states_act(verb, lex):
                counts["  not a stated act (not read)"] += 1
                continue
            found = lt.match(verb, lemma)
            if found is None:
                counts["  no reading"] += 1
                continue
            kind = "bare verb code" if found.specificity == 0 else "pattern"
            counts[f"  {kind}{' (---, no event)' if found.code == NO_EVENT else ''}"] += 1
            frame = _Frame.of(verb)
            seen: set[int] = set()
            for entry in lt.verbs[lemma]:
                for bps in lt.patterns.get(entry.block, {}).values():
                    for bp in bps:
                        if bp.order in seen or bp.pattern.size <= found.specificity:
                            continue
                        seen.add(bp.order)
                        why = relaxations(lt, bp, frame, verb)
                        if not why:
                            continue
                        key = "+".join(sorted(set(why)))
                        relaxed[key] += 1
                        if len(examples[key]) < args.examples:
                            examples[key].append(
                                f"{verb.text} | {bp.origin} {bp.code} (read {found.code}) | "
                                f"{verb.sent.text[:140]}"
                            )
    for name, value in counts.items():
        print(f"{name}\t{value}")
    print("one relaxation away (pattern, verb token):")
    for name, value in relaxed.most_common():
        print(f"  {name}\t{value}")
        for line in examples[name]:
            print(f"    {line}")
    print("verbs no dictionary knows:", ", ".join(f"{w} {n}" for w, n in unknown.most_common(40)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
