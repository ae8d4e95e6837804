"""Tables for the agency layout: datelines, date lines, title/date/body split, published dates."""

from __future__ import annotations

import pytest

from communique.errors import InputError
from communique.ingest.dates import normalise_published, parse_date_line, published_option
from communique.ingest.layout import dateline_place, find_dateline, place_name, split_layout

# (body start, place as written, agency, first words left of the story)
DATELINES = [
    ("ASTANA. KAZINFORM Delegations met", "ASTANA", "Kazinform", "Delegations met"),
    ("ALMATY. KAZINFORM – The forum opened", "ALMATY", "Kazinform", "The forum opened"),
    ("MOSCOW, Oct 17 (Reuters) - Russia said", "MOSCOW", "Reuters", "Russia said"),
    ("WASHINGTON (AP) — The Senate voted", "WASHINGTON", "AP", "The Senate voted"),
    ("BEIJING, Oct. 3 (Xinhua) -- China and Laos", "BEIJING", "Xinhua", "China and Laos"),
    ("KYIV — Ukraine's president said", "KYIV", None, "Ukraine's president said"),
    ("KYIV—Ukraine's president said", "KYIV", None, "Ukraine's president said"),
    ("LONDON, Oct 17 (Reuters) – Britain will", "LONDON", "Reuters", "Britain will"),
    ("NEW YORK (Reuters) - Stocks fell", "NEW YORK", "Reuters", "Stocks fell"),
    ("UNITED NATIONS (AP) — The Security Council", "UNITED NATIONS", "AP", "The Security Council"),
    ("ST. PETERSBURG, Russia (AP) — Putin met", "ST. PETERSBURG", "AP", "Putin met"),
    ("WASHINGTON, D.C. — Lawmakers agreed", "WASHINGTON", None, "Lawmakers agreed"),
    ("MOSCOW, October 17. /TASS/. Russia and Iran", "MOSCOW", "TASS", "Russia and Iran"),
    ("BAKU, Azerbaijan, Oct. 17 (Trend) - Baku hosts", "BAKU", "Trend", "Baku hosts"),
    ("BRUSSELS, 17 October 2022 (AFP) - NATO ministers", "BRUSSELS", "AFP", "NATO ministers"),
    ("Tokyo (Kyodo) -- Japan and China", "Tokyo", "Kyodo", "Japan and China"),
    ("NUR-SULTAN, October 17, 2022 (Kazinform) - The", "NUR-SULTAN", "Kazinform", "The"),
    ("KUALA LUMPUR, Oct 5 (Bernama) -- Malaysia", "KUALA LUMPUR", "Bernama", "Malaysia"),
    ("ISLAMABAD, Pakistan — Pakistan's army", "ISLAMABAD", None, "Pakistan's army"),
    ("GENEVA (Associated Press) - Talks resumed", "GENEVA", "AP", "Talks resumed"),
]


@pytest.mark.parametrize(("body", "place", "agency", "rest"), DATELINES)
def test_dateline_shapes(body: str, place: str, agency: str | None, rest: str) -> None:
    found = find_dateline(body)
    assert found is not None
    assert (found.place, found.agency) == (place, agency)
    assert body[found.end :].lstrip() == rest


@pytest.mark.parametrize(
    "body",
    [
        "Delegations of Kazakhstan and Belgium met on Monday.",
        "US — China talks resumed on Monday.",  # an actor, not a place line
        "EU - Turkey deal holds",
        "ASTANA. The capital hosted the forum.",  # no known agency after the period
        "NATO leaders met in Brussels.",
        "BREAKING: Russia says talks are over.",  # a kicker, not a place
        "Washington - the capital of the United States - said nothing.",
    ],
)
def test_no_dateline(body: str) -> None:
    assert find_dateline(body) is None


@pytest.mark.parametrize(
    ("written", "name"),
    [("ASTANA", "Astana"), ("NUR-SULTAN", "Nur-Sultan"), ("ST. PETERSBURG", "St. Petersburg"),
     ("NEW YORK", "New York"), ("Tokyo", "Tokyo")],
)
def test_place_name_case(written: str, name: str) -> None:
    assert place_name(written) == name


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("18 October 2022, 11:30", "2022-10-18T11:30:00"),
        ("18 October 2022", "2022-10-18"),
        ("October 18, 2022", "2022-10-18"),
        ("Tuesday, 18 October 2022, 11:30", "2022-10-18T11:30:00"),
        ("2022-10-18", "2022-10-18"),
        ("18.10.2022 11:30", "2022-10-18T11:30:00"),
        ("Oct 18, 2022 at 9:05 pm", "2022-10-18T21:05:00"),
        ("Kazakhstan and Belgium, 18 October 2022", None),  # other words: a headline
        ("Belgium 2022", None),
        ("Talks held", None),
        ("October 2022", None),  # no day: not a publication stamp
    ],
)
def test_parse_date_line(line: str, iso: str | None) -> None:
    assert parse_date_line(line) == iso


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2025-03-14 20:30:26Z", "2025-03-14T20:30:26+00:00"),
        ("2024-05-02T09:15:00+0200", "2024-05-02T09:15:00+02:00"),
        ("2022-10-18T11:30", "2022-10-18T11:30:00"),
        ("2000-01-01", "2000-01-01"),
        ("Tue, 14 Mar 2025 20:30:26 GMT", "2025-03-14T20:30:26+00:00"),
        ("Fri, 14 Mar 2025 20:30:26 +0300", "2025-03-14T20:30:26+03:00"),
        ("18 October 2022", "2022-10-18"),
        ("2022-13-45", None),
        ("soon", None),
        ("", None),
    ],
)
def test_normalise_published(value: str, iso: str | None) -> None:
    assert normalise_published(value) == iso


def test_published_option_rejects_a_non_date() -> None:
    with pytest.raises(InputError, match="--published"):
        published_option("next week-ish")


SEED_LIKE = (
    "18 October 2022, 11:30\n\n"
    "Kazakhstan-Belgium consultations held\n\n"
    "ASTANA. KAZINFORM Delegations met on October 17.\n\n"
    "The parties discussed trade.\n"
)


@pytest.mark.parametrize(
    ("text", "title", "published", "body"),
    [
        (
            SEED_LIKE,
            "Kazakhstan-Belgium consultations held",
            "2022-10-18T11:30:00",
            "ASTANA. KAZINFORM Delegations met on October 17.\n\nThe parties discussed trade.",
        ),
        (
            "Ministers meet\n\n18 October 2022\n\nThe ministers met.\n\nThey talked.",
            "Ministers meet",
            "2022-10-18",
            "The ministers met.\n\nThey talked.",
        ),
        (SEED_LIKE.replace("\n", "\r\n"), "Kazakhstan-Belgium consultations held",
         "2022-10-18T11:30:00",
         "ASTANA. KAZINFORM Delegations met on October 17.\n\nThe parties discussed trade."),
        ("The ministers met on Monday.\n\nThey talked.", None, None,
         "The ministers met on Monday.\n\nThey talked."),
        ("\u201cWe agreed,\u201d he said.\u201d\n\nThey talked.", None, None,
         "\u201cWe agreed,\u201d he said.\u201d\n\nThey talked."),
        ("One paragraph only, no title", None, None, "One paragraph only, no title"),
        ("Title line\nsecond line of the same paragraph\n\nBody.", None, None,
         "Title line\nsecond line of the same paragraph\n\nBody."),
    ],
)
def test_split_layout(text: str, title: str | None, published: str | None, body: str) -> None:
    layout = split_layout(text)
    assert (layout.title, layout.published, layout.body) == (title, published, body)


@pytest.mark.parametrize(
    ("body", "name", "country"),
    [
        ("ASTANA. KAZINFORM Talks began.", "Astana", "KAZ"),
        ("NUR-SULTAN, Oct 17 (Kazinform) - Talks began.", "Astana", "KAZ"),  # former name
        ("KYIV — Talks began.", "Kyiv", "UKR"),
        ("GENEVA (Reuters) - Talks began.", "Geneva", "CHE"),
        ("ST. PETERSBURG, Russia (AP) — Talks began.", "Saint Petersburg", "RUS"),
        ("SAN JUAN, Puerto Rico (AP) — Talks began.", "San Juan", "PRI"),
        ("UNITED NATIONS (AP) — Talks began.", "United Nations", None),  # no city: name only
    ],
)
def test_dateline_place_is_resolved(body: str, name: str, country: str | None) -> None:
    found = find_dateline(body)
    assert found is not None
    place = dateline_place(found.place, found.region)
    assert (place.name, place.country, place.origin) == (name, country, "dateline")
    assert place.span is None
    assert (place.lat is None) == (country is None)
