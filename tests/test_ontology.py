"""The committed ontology table is exactly what scripts/build_ontology.py produces."""

from __future__ import annotations

import pytest

from communique.ontology import PLOVER_TYPES, cameo_entry, cameo_table
from tests.conftest import SHARED, assert_generated_current


def test_committed_table_matches_the_script() -> None:
    assert_generated_current("build_ontology.py", "--reference", str(SHARED / "reference"))


@pytest.mark.parametrize(
    ("code", "plover", "mode", "quad", "goldstein"),
    [
        ("040", "CONSULT", None, 1, 1.0),
        ("042", "CONSULT", "visit", 1, 1.9),
        ("057", "SUPPORT", None, 1, 8.0),
        ("0211", "REQUEST", None, 1, 3.4),
        ("036", "AGREE", None, 1, 4.0),
        ("0841", "RETREAT", "release", 2, 7.0),
        ("112", "ACCUSE", "disapprove", 3, -2.0),
        ("163", "SANCTION", "discontinue", 4, -8.0),  # the manual over the crosswalk
        ("0831", "RETREAT", "resign", 2, 5.0),  # resignations: the manual over the crosswalk
        ("0813", "CONCEDE", None, 2, 5.0),  # easing a curfew: the manual over the crosswalk
        ("0814", "CONCEDE", None, 2, 5.0),  # easing martial law: the manual over the crosswalk
        ("1721", "COERCE", "restrict", 4, -5.0),
        ("190", "ASSAULT", None, 4, -10.0),
    ],
)
def test_known_rows(code: str, plover: str, mode: str | None, quad: int, goldstein: float) -> None:
    entry = cameo_entry(code)
    assert (entry.plover, entry.plover_mode, entry.quad_class, entry.goldstein) == (
        plover, mode, quad, goldstein,
    )  # fmt: skip


def test_every_typed_code_maps_to_a_plover_2021_type() -> None:
    typed = [e for e in cameo_table().values() if e.plover]
    assert len(typed) > 280
    assert {e.plover for e in typed} <= set(PLOVER_TYPES)
    assert {e.root for e in cameo_table().values() if not e.plover} == {"01"}
