"""FEEDS.toml: valid files load, every wrong one names the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import ConfigError
from communique.watch import load_sources, parse_sources

GOOD = """
# agencies
[[source]]
name = "Kazinform"
url = "https://www.inform.kz/rss/eng.xml"
language = "en"

[[source]]
name = "MFA"
url = "https://www.gov.kz/memleket/entities/mfa/press/news"
kind = "html"
link_pattern = "/press/news/details/\\\\d+"
publisher = "MFA of Kazakhstan"
"""


def test_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(GOOD)
    specs = load_sources(path)
    assert [s.name for s in specs] == ["Kazinform", "MFA"]
    assert specs[0].kind is None and specs[0].language == "en"
    assert specs[1].kind == "html" and specs[1].link_pattern == "/press/news/details/\\d+"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[[source]]\nname = "a"\n', "line 1: [[source]] url: Field required"),
        ('[[source]]\nname = "a"\nurl = "https://a/"\n\n[[source]]\nurl = "https://b/"\n',
         "line 5: [[source]] name: Field required"),
        ('[[source]]\nname = "a"\nurl = "ftp://a/"\n',
         "line 1: [[source]] url: Value error, url must"),
        ('[[source]]\nname = "a"\nurl = "https://a/"\nkind = "json"\n', "line 1: [[source]] kind"),
        ('[[source]]\nname = "a"\nurl = "https://a/"\nkind = "html"\n', "needs link_pattern"),
        ('[[source]]\nname = "a"\nurl = "https://a/"\nlink_pattern = "("\n',
         "link_pattern is not a regular expression"),
        ('[[source]]\nname = "a"\nurl = "https://a/"\ncolour = "red"\n', "unknown key 'colour'"),
        ('[[source]]\nname = "a"\nurl = "https://a/"\n[[source]]\nname = "a"\nurl = "https://b/"\n',
         "line 4: source name 'a' already used at line 1"),
        ('[[source]\nname = "a"\n', "not valid TOML"),
        ('title = "x"\n', "unknown top-level key 'title'"),
        ("", "no [[source]] tables"),
    ],
)
def test_bad_file_names_file_and_line(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_sources(text, "feeds.toml")
    assert str(caught.value).startswith("feeds.toml")
    assert expected in str(caught.value)
