"""Write a valid synthetic spacetalks dataset with N events to stdout, for benchmarks.

Usage: python benchmarks/make_dataset.py N [--seed S] > big.json

The output is one JSON object (see spacetalks/model.py), streamed one record per
line so that a million events take seconds and little memory. The same N and seed
always give the same bytes.

Events have no ``end``, so the jq filter ``select(.date >= "2020")`` keeps exactly
the events that ``spacetalks timeline --since 2020`` shows: for the four date forms
(``1999``, ``1999-04``, ``1999-04-12``, ``1999-04-12T08:40:00Z``) comparing the text
with "2020" is the same as asking whether the year is 2020 or later.
"""

from __future__ import annotations

import argparse
import calendar
import gc
import io
import itertools
import json
import random
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TextIO

Record = dict[str, object]

FIRST_YEAR = 1957
LAST_YEAR = 2030
FIRST_BIRTH_YEAR = 1900
LAST_BIRTH_YEAR = 1995
FIRST_EVENT_DATE = str(FIRST_YEAR)
"""A year sorts before every date within it."""
LAST_EVENT_DATE = f"{LAST_YEAR}-12-31T23:59:00Z"
"""The latest date the generator can give."""
PRESENT_YEAR = 2026
"""Events after this year are scheduled or planned rather than happened."""
PEOPLE_COUNT = 300
SOURCE_COUNT = 50
CHUNK_SIZE = 5000
"""Records encoded per write to stdout."""

KINDS = (
    "meeting",
    "launch",
    "docking",
    "landing",
    "appointment",
    "agreement",
    "announcement",
    "statement",
    "milestone",
    "plan",
)
PAST_STATUSES = ("happened", "scheduled", "planned", "scrubbed", "cancelled")
PAST_STATUS_WEIGHTS = (88, 3, 3, 4, 2)
FUTURE_STATUSES = ("scheduled", "planned", "cancelled")
FUTURE_STATUS_WEIGHTS = (40, 55, 5)

ORGANIZATIONS: tuple[tuple[str, str, str, str | None, str], ...] = (
    # id, name, abbreviation, native name, country
    ("astra-agency", "Astra Space Agency", "ASA", None, "United States"),
    ("volna", "Volna State Space Corporation", "VSSC", "Госкорпорация «Волна»", "Russia"),
    ("meridian-labs", "Meridian Orbital Laboratories", "MOL", None, "Germany"),
    ("kestrel", "Kestrel Launch Services", "KLS", None, "United States"),
    ("zarya-institute", "Zarya Institute of Spaceflight", "ZIS", "Институт «Заря»", "Russia"),
    ("polaris-council", "Polaris Intergovernmental Council", "PIC", None, "Canada"),
)

TOPICS: tuple[tuple[str, str], ...] = (
    ("station-extension", "Station life extension"),
    ("cross-flights", "Integrated crew cross-flights"),
    ("lunar-gateway", "Lunar gateway"),
    ("crew-rescue", "Crew rescue capability"),
    ("sanctions", "Export controls and sanctions"),
    ("deorbit", "Station deorbit"),
    ("cargo-resupply", "Cargo resupply"),
    ("space-debris", "Orbital debris"),
    ("mars-sample", "Mars sample return"),
    ("launch-sites", "Launch site access"),
    ("science-exchange", "Science data exchange"),
    ("commercial-stations", "Commercial space stations"),
)

FIRST_NAMES = (
    "James", "Maria", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Thomas",
    "Nancy", "Daniel", "Laura", "Paul", "Helen", "Mark", "Sandra", "Steven", "Donna",
    "Andrew", "Carol", "Kenneth", "Ruth", "Kevin", "Sharon", "Brian", "Amy", "George",
    "Anna", "Edward", "Julia",
)  # fmt: skip
LAST_NAMES = (
    "Hartley", "Okafor", "Lindqvist", "Moreau", "Castillo", "Brennan", "Nakamura", "Duarte",
    "Whitfield", "Osei", "Kowalczyk", "Haddad", "Ferreira", "Gallagher", "Iverson", "Tanaka",
    "Mbeki", "Rasmussen", "Delacroix", "Abernathy", "Quinlan", "Sorensen", "Vasquez",
    "Holloway", "Achebe", "Lombardi", "Strand", "Carrington", "Novak", "Bishop",
)  # fmt: skip
RUSSIAN_FIRST_NAMES: tuple[tuple[str, str, str], ...] = (
    # Latin, Cyrillic, another transliteration
    ("Dmitry", "Дмитрий", "Dmitri"),
    ("Sergey", "Сергей", "Sergei"),
    ("Aleksey", "Алексей", "Alexei"),
    ("Yuri", "Юрий", "Yury"),
    ("Mikhail", "Михаил", "Mihail"),
    ("Pavel", "Павел", "Paul"),
)
RUSSIAN_LAST_NAMES: tuple[tuple[str, str], ...] = (
    ("Volkov", "Волков"),
    ("Sokolov", "Соколов"),
    ("Lebedev", "Лебедев"),
    ("Morozov", "Морозов"),
    ("Belov", "Белов"),
    ("Zaitsev", "Зайцев"),
)
ROLE_TITLES = (
    "Administrator",
    "Deputy Administrator",
    "Director General",
    "Flight Director",
    "Cosmonaut",
    "Astronaut",
    "Chief Engineer",
    "Program Manager",
    "Press Secretary",
    "Ambassador",
)
PLACES = (
    "Baikonur Cosmodrome, Kazakhstan",
    "Houston, Texas",
    "Moscow, Russia",
    "Cape Canaveral, Florida",
    "Vienna, Austria",
    "Star City, Russia",
    "Washington, D.C.",
    "Paris, France",
    "low Earth orbit",
)
PUBLISHERS = (
    "Orbital Gazette",
    "The Launch Review",
    "Space Policy Weekly",
    "Cosmos Wire",
    "Northern Telegraph",
    "Агентство «Орбита»",
)
SUMMARY_OPENINGS = (
    "Officials of both agencies",
    "The two delegations",
    "Mission controllers",
    "Agency spokespeople",
    "Senior managers",
)
SUMMARY_ACTIONS = (
    "reviewed the schedule for",
    "confirmed their commitment to",
    "reported progress on",
    "disagreed in public about",
    "signed a protocol covering",
    "discussed the next steps for",
)
SUMMARY_CLOSINGS = (
    "Reports of the exact date differ between outlets.",
    "Neither side released a joint statement.",
    "A follow-up meeting was announced for later in the year.",
    "The account rests mainly on one agency's press release.",
    "",
)
QUOTE_TEXTS = (
    "We will keep flying together as long as the station flies.",
    "Cooperation in orbit has always outlasted politics on the ground.",
    "The schedule is tight, but the hardware is ready.",
    "We have not received any formal proposal yet.",
    "Our crews trust each other with their lives every day.",
    "This agreement gives both sides the certainty they need.",
    "Мы продолжим совместную работу на станции.",
)

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Catalog:
    """The ids that events and quotes refer to."""

    people: tuple[str, ...]
    organizations: tuple[str, ...]
    topics: tuple[str, ...]
    topic_names: tuple[str, ...]
    sources: tuple[str, ...]


class DateMaker:
    """Random valid dates at mixed precision, between two years."""

    def __init__(self, rng: random.Random, first_year: int, last_year: int) -> None:
        self._random = rng.random
        self._first_year = first_year
        self._year_span = last_year - first_year + 1
        self._month_days = tuple(
            calendar.monthrange(year, month)[1]
            for year in range(first_year, last_year + 1)
            for month in range(1, 13)
        )
        """Days in each month, from January of the first year on."""

    def event_date(self) -> str:
        """About 5% years, 10% months, 70% days and 15% UTC times."""
        choice = self._random()
        if choice < 0.05:
            return self.year()
        if choice < 0.15:
            return self.month()
        if choice < 0.85:
            return self.day()
        return self.time()

    def year(self) -> str:
        return str(self._first_year + int(self._random() * self._year_span))

    def month(self) -> str:
        return f"{self.year()}-{1 + int(self._random() * 12):02d}"

    def day(self) -> str:
        random = self._random
        year_index = int(random() * self._year_span)
        month_index = int(random() * 12)
        day = 1 + int(random() * self._month_days[year_index * 12 + month_index])
        return f"{self._first_year + year_index}-{month_index + 1:02d}-{day:02d}"

    def time(self) -> str:
        minutes = int(self._random() * 24 * 60)
        return f"{self.day()}T{minutes // 60:02d}:{minutes % 60:02d}:00Z"

    def any_precision(self) -> str:
        """A year, a month or a day, equally likely (for roles and births)."""
        return (self.year, self.month, self.day)[int(self._random() * 3)]()


def pick(rng: random.Random, items: tuple[str, ...], most: int) -> list[str]:
    """One to ``most`` different items (a repeat draw is dropped, so rarely fewer).

    Cheaper than ``random.sample``, which matters a million times over.
    """
    random = rng.random
    count = len(items)
    chosen = [items[int(random() * count)]]
    for _ in range(int(random() * most)):
        item = items[int(random() * count)]
        if item not in chosen:
            chosen.append(item)
    return chosen


def weighted_table(values: tuple[str, ...], weights: tuple[int, ...]) -> tuple[str, ...]:
    """Each value repeated by its weight, so that a uniform index draws by weight."""
    return tuple(
        value for value, weight in zip(values, weights, strict=True) for _ in range(weight)
    )


def make_sources(rng: random.Random, dates: DateMaker) -> list[Record]:
    return [
        {
            "id": f"source-{number:03d}",
            "title": f"Synthetic report number {number}",
            "publisher": rng.choice(PUBLISHERS),
            "date": dates.day(),
            "url": f"https://example.org/reports/{number}",
        }
        for number in range(1, SOURCE_COUNT + 1)
    ]


def make_organizations(source_ids: tuple[str, ...], rng: random.Random) -> list[Record]:
    records: list[Record] = []
    for org_id, name, abbreviation, native_name, country in ORGANIZATIONS:
        record: Record = {"id": org_id, "name": name, "abbreviation": abbreviation}
        if native_name is not None:
            record["native_name"] = native_name
        record["country"] = country
        record["sources"] = pick(rng, source_ids, 2)
        records.append(record)
    return records


def make_topics(source_ids: tuple[str, ...], rng: random.Random) -> list[Record]:
    return [
        {
            "id": topic_id,
            "name": name,
            "summary": f"Synthetic topic: {name.lower()}.",
            "sources": pick(rng, source_ids, 2),
        }
        for topic_id, name in TOPICS
    ]


def person_names(rng: random.Random, count: int) -> Iterator[tuple[str, str | None, list[str]]]:
    """(name, native name, aliases) for ``count`` people, every 15th one Russian."""
    western = rng.sample(list(itertools.product(FIRST_NAMES, LAST_NAMES)), count)
    russian = list(itertools.product(RUSSIAN_FIRST_NAMES, RUSSIAN_LAST_NAMES))
    rng.shuffle(russian)
    for number in range(count):
        if number % 15 == 7 and russian:
            (first, first_native, first_variant), (last, last_native) = russian.pop()
            aliases = [f"{first_variant} {last}", f"{first[0]}. {last}"]
            yield f"{first} {last}", f"{first_native} {last_native}", aliases
        else:
            first, last = western[number]
            yield f"{first} {last}", None, []


def make_people(catalog: Catalog, rng: random.Random, dates: DateMaker) -> list[Record]:
    births = DateMaker(rng, FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR)
    records: list[Record] = []
    names = person_names(rng, len(catalog.people))
    for person_id, (name, native_name, aliases) in zip(catalog.people, names, strict=True):
        record: Record = {"id": person_id, "name": name}
        if native_name is not None:
            record["native_name"] = native_name
        if aliases:
            record["aliases"] = aliases
        if rng.random() < 0.5:
            record["born"] = births.any_precision()
        record["roles"] = [make_role(catalog, rng, dates) for _ in range(1 + int(rng.random() * 2))]
        record["sources"] = pick(rng, catalog.sources, 2)
        records.append(record)
    return records


def make_role(catalog: Catalog, rng: random.Random, dates: DateMaker) -> Record:
    return {
        "title": rng.choice(ROLE_TITLES),
        "organization": rng.choice(catalog.organizations),
        "from": dates.any_precision(),
        "sources": pick(rng, catalog.sources, 2),
    }


def event_id(number: int, width: int) -> str:
    return f"event-{number:0{width}d}"


class EventMaker:
    """Makes events from tables built once, since it is called a million times."""

    def __init__(
        self, catalog: Catalog, rng: random.Random, dates: DateMaker, event_count: int
    ) -> None:
        self._catalog = catalog
        self._rng = rng
        self._random = rng.random
        self._dates = dates
        self._event_count = event_count
        self._id_width = event_id_width(event_count)
        names = [name.lower() for name in catalog.topic_names]
        self._titles = tuple(
            tuple(f"{kind.capitalize()} on {name}" for name in names) for kind in KINDS
        )
        self._summaries = tuple(summaries_about(name) for name in names)
        self._past_statuses = weighted_table(PAST_STATUSES, PAST_STATUS_WEIGHTS)
        self._future_statuses = weighted_table(FUTURE_STATUSES, FUTURE_STATUS_WEIGHTS)

    def make(self, number: int) -> Record:
        random, catalog, rng = self._random, self._catalog, self._rng
        date = self._date_of(number)
        kind_index = int(random() * len(KINDS))
        topic_index = int(random() * len(catalog.topics))
        statuses = self._future_statuses if int(date[:4]) > PRESENT_YEAR else self._past_statuses
        record: Record = {
            "id": event_id(number, self._id_width),
            "date": date,
            "title": f"{self._titles[kind_index][topic_index]} ({number})",
            "kind": KINDS[kind_index],
            "status": statuses[int(random() * len(statuses))],
        }
        if random() < 0.7:
            record["place"] = PLACES[int(random() * len(PLACES))]
        record["people"] = pick(rng, catalog.people, 3)
        record["organizations"] = pick(rng, catalog.organizations, 2)
        topics = [catalog.topics[topic_index]]
        if random() < 0.5:
            other = catalog.topics[int(random() * len(catalog.topics))]
            if other not in topics:
                topics.append(other)
        record["topics"] = topics
        record["sources"] = pick(rng, catalog.sources, 2)
        summaries = self._summaries[topic_index]
        record["summary"] = summaries[int(random() * len(summaries))]
        return record

    def _date_of(self, number: int) -> str:
        """A random date, except that the first event of the file is the first of the
        timeline and the last is the last (equal dates sort by id), so that benchmarks
        can name both without reading the file."""
        if number == 1:
            return FIRST_EVENT_DATE
        if number == self._event_count:
            return LAST_EVENT_DATE
        return self._dates.event_date()


def boundary_event_ids(event_count: int) -> tuple[str, str]:
    """The ids of the first and the last event in date order (see EventMaker._date_of)."""
    width = event_id_width(event_count)
    return event_id(1, width), event_id(event_count, width)


def summaries_about(topic_name: str) -> tuple[str, ...]:
    """Every summary sentence the generator can give an event on a topic."""
    return tuple(
        f"{opening} {action} {topic_name}. {closing}".rstrip()
        for opening in SUMMARY_OPENINGS
        for action in SUMMARY_ACTIONS
        for closing in SUMMARY_CLOSINGS
    )


def make_quote(
    number: int, event_count: int, catalog: Catalog, rng: random.Random, dates: DateMaker
) -> Record:
    record: Record = {
        "id": f"quote-{number:06d}",
        "speaker": rng.choice(catalog.people),
        "text": rng.choice(QUOTE_TEXTS),
        "date": dates.day(),
    }
    if event_count and rng.random() < 0.5:
        width = event_id_width(event_count)
        record["event"] = event_id(1 + int(rng.random() * event_count), width)
    record["topics"] = pick(rng, catalog.topics, 2)
    record["sources"] = pick(rng, catalog.sources, 2)
    return record


def event_id_width(event_count: int) -> int:
    return max(6, len(str(event_count)))


def write_array(out: TextIO, name: str, records: Iterable[Record], last: bool = False) -> None:
    """Write ``"name": [...]`` one record per line, encoding a chunk at a time."""
    out.write(f'"{name}":[\n')
    separator = ""
    iterator = iter(records)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        out.write(separator + ",\n".join(map(_ENCODER.encode, chunk)))
        separator = ",\n"
    out.write("\n]}\n" if last else "\n],\n")


def write_dataset(out: TextIO, event_count: int, seed: int) -> None:
    rng = random.Random(seed)
    dates = DateMaker(rng, FIRST_YEAR, LAST_YEAR)
    sources = make_sources(rng, dates)
    catalog = Catalog(
        people=tuple(f"person-{number:04d}" for number in range(1, PEOPLE_COUNT + 1)),
        organizations=tuple(org[0] for org in ORGANIZATIONS),
        topics=tuple(topic[0] for topic in TOPICS),
        topic_names=tuple(topic[1] for topic in TOPICS),
        sources=tuple(str(source["id"]) for source in sources),
    )
    meta: Record = {
        "version": f"synthetic-{event_count}-seed-{seed}",
        "as_of": f"{LAST_YEAR}-12-31",
        "title": "spacetalks synthetic benchmark dataset",
        "description": f"{event_count} generated events; not real history.",
    }
    out.write('{"meta":' + _ENCODER.encode(meta) + ",\n")
    write_array(out, "sources", sources)
    write_array(out, "organizations", make_organizations(catalog.sources, rng))
    write_array(out, "topics", make_topics(catalog.sources, rng))
    write_array(out, "people", make_people(catalog, rng, dates))
    events = EventMaker(catalog, rng, dates, event_count)
    write_array(out, "events", (events.make(number) for number in range(1, event_count + 1)))
    quote_count = event_count // 100 if event_count >= 100 else min(event_count, 1)
    quotes = (
        make_quote(number, event_count, catalog, rng, dates) for number in range(1, quote_count + 1)
    )
    write_array(out, "quotes", quotes, last=True)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Write a synthetic spacetalks dataset with N events to stdout."
    )
    parser.add_argument("events", metavar="N", type=int, help="number of events")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    arguments = parser.parse_args(argv)
    if arguments.events < 0:
        parser.error("N must be 0 or more")
    return arguments


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    # The records hold no reference cycles; the collector would only rescan the
    # chunk being encoded, again and again (about a third of the run time).
    gc.disable()
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(encoding="utf-8")
    write_dataset(sys.stdout, arguments.events, arguments.seed)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
