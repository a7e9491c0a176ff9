"""The explorer: who, people, orgs, topics, show, quotes, sources, search, between."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, NoReturn, TypeVar

import typer

from spacetalks.answers.contract import Output
from spacetalks.answers.documents import (
    between_document,
    candidates_listing,
    event_document,
    person_document,
    topic_document,
)
from spacetalks.answers.ordering import ListingOrder
from spacetalks.answers.rows import (
    organizations_listing,
    people_listing,
    quotes_listing,
    search_listing,
    sources_listing,
    topics_listing,
)
from spacetalks.cli.completion import complete_event, complete_person, complete_topic
from spacetalks.cli.output import (
    OutputRequest,
    chosen_format,
    emit,
    several_match,
    with_listing_order,
    with_output_options,
)
from spacetalks.cli.program import (
    Settings,
    app,
    load_from,
    load_selection_from,
    settings_of,
    whole_dataset,
)
from spacetalks.dataset.model import Dataset, Event, Person, Topic, WantedEvents
from spacetalks.dataset.problems import quoted
from spacetalks.errors import EXIT_NOT_FOUND, SpacetalksError, usage_error
from spacetalks.output.render import Format
from spacetalks.query.arguments import check_values, read_date, resolve_ids
from spacetalks.query.records import (
    SEARCH_TYPES,
    AnyRecord,
    citations,
    event_index,
    find_events,
    full_text_search,
    sorted_quotes,
    summarize_topics,
    time_between,
)
from spacetalks.query.records import search as search_dataset
from spacetalks.query.selection import NoMatchError, organization_index, people_index, topic_index
from spacetalks.store.full_text import FullTextQueryError, check_query, is_full_text_query


def not_found(error: NoMatchError) -> NoReturn:
    hint = f"; did you mean {' or '.join(error.suggestions)}?" if error.suggestions else ""
    raise SpacetalksError(f"no {error.kind} matches {quoted(error.query)}{hint}", EXIT_NOT_FOUND)


AnyRecordT = TypeVar("AnyRecordT", bound=AnyRecord | Topic)


def emit_match(
    settings: Settings,
    request: OutputRequest,
    dataset: Dataset,
    query: str,
    kind: str,
    found: Sequence[AnyRecordT],
    suggest: Callable[[], list[str]],
    one: Callable[[AnyRecordT], Output],
) -> None:
    """The one record a lookup found, in full; exit 1 with the closest names when it
    found none, and exit 2 listing the candidates (on stderr) when it found several:
    a single-record command gives one record, whatever the data."""
    emit(settings, one(the_one(dataset, query, kind, found, suggest)), request)


def the_one(
    dataset: Dataset,
    query: str,
    kind: str,
    found: Sequence[AnyRecordT],
    suggest: Callable[[], list[str]],
) -> AnyRecordT:
    """The one record a name found: none exits 1 suggesting the closest names; several
    exit 2, listing them with their ids on stderr."""
    if not found:
        not_found(NoMatchError(kind, query, suggest()))
    if len(found) > 1:
        raise several_match(
            query, PLURALS.get(kind, f"{kind}s"), candidates_listing(dataset, found, query)
        )
    return found[0]


PLURALS = {"person": "people"}


def ids_of(records: Sequence[Person] | Sequence[Topic]) -> frozenset[str]:
    return frozenset(record.id for record in records)


def require_text(value: str, what: str) -> None:
    if not value.strip():
        raise usage_error(f"{what} is empty; give a name or part of one", what)


@app.command()
@with_output_options
def who(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="A name, alias or native-script name, or part of one.",
            autocompletion=complete_person,
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Show only the roles held on this date."),
    ] = None,
    *,
    output: OutputRequest,
) -> None:
    """One person's profile: roles over time, events, quotes, people met, sources.

    Example: spacetalks who Bakanov

    A name that matches several people exits with 2, listing them with their ids; no
    match exits with 1 and suggests the closest names.
    """
    require_text(name, "NAME")
    settings = settings_of(ctx)
    day = read_date(as_of, "--as-of") if as_of is not None else None
    dataset = load_selection_from(
        settings, lambda known: WantedEvents(people=ids_of(people_index(known).find(name)))
    )
    index = people_index(dataset)
    emit_match(
        settings,
        output,
        dataset,
        name,
        "person",
        index.find(name),
        lambda: index.suggest(name),
        lambda person: person_document(dataset, person, day),
    )


@app.command()
@with_listing_order
@with_output_options
def people(
    ctx: typer.Context,
    org: Annotated[
        list[str] | None,
        typer.Option(metavar="ORG", help="Only people who held a role at this organization."),
    ] = None,
    *,
    order: ListingOrder,
    output: OutputRequest,
) -> None:
    """Everyone in the dataset: name, latest role, organization, number of events.

    Example: spacetalks people --org Roscosmos
    """
    settings = settings_of(ctx)
    dataset = load_from(settings)
    org_ids = resolve_ids(organization_index, dataset, org, "--org")
    chosen = [
        person
        for person in dataset.people.values()
        if not org_ids or any(role.organization in org_ids for role in person.roles)
    ]
    emit(settings, people_listing(dataset, chosen, order), output)


@app.command()
@with_listing_order
@with_output_options
def orgs(
    ctx: typer.Context,
    *,
    order: ListingOrder,
    output: OutputRequest,
) -> None:
    """Every organization: name, abbreviation, country, people, number of events.

    Example: spacetalks orgs --format csv
    """
    settings = settings_of(ctx)
    emit(settings, organizations_listing(load_from(settings), order), output)


@app.command()
@with_listing_order
@with_output_options
def topics(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="[TOPIC]",
            help="A topic to tell in full (id, name or part of one).",
            autocompletion=complete_topic,
            is_eager=True,  # read before --fields, whose help lists one topic's fields
        ),
    ] = None,
    *,
    order: ListingOrder,
    output: OutputRequest,
) -> None:
    """Topics with their events, dates and people; or one topic in full.

    Example: spacetalks topics cross-flights

    Without TOPIC: one row a topic (events, first and last date, the people most
    involved, latest status). With it: its summary, its events as a timeline, its
    quotes and related topics.
    """
    settings = settings_of(ctx)
    if topic is None:
        dataset = load_selection_from(settings, lambda _: WantedEvents(topic_summaries=True))
        emit(settings, topics_listing(dataset, summarize_topics(dataset), order), output)
        return
    dataset = load_selection_from(
        settings, lambda known: WantedEvents(topics=ids_of(topic_index(known).find(topic)))
    )
    for name, given in (
        ("--limit", order.limit is not None),
        ("--sort", order.sort),
        ("--reverse", order.reverse),
    ):
        if given:
            raise usage_error(f"{name} is for the list of topics; TOPIC gives one topic", name)
    require_text(topic, "TOPIC")
    index = topic_index(dataset)
    emit_match(
        settings,
        output,
        dataset,
        topic,
        "topic",
        index.find(topic),
        lambda: index.suggest(topic),
        lambda match: topic_document(dataset, match),
    )


@app.command()
@with_output_options
def show(
    ctx: typer.Context,
    event: Annotated[
        str,
        typer.Argument(
            metavar="EVENT", help="An event id or part of its title.", autocompletion=complete_event
        ),
    ],
    *,
    output: OutputRequest,
) -> None:
    """Everything about one event: dates, participants and their roles, disputes, sources.

    Example: spacetalks show crew-11-launch

    EVENT is the handle a listing shows (``crew-11-launch``), an id, or part of a
    title. A title that matches several events exits with 2, listing them with their ids; no
    match exits with 1.
    """
    require_text(event, "EVENT")
    settings = settings_of(ctx)

    dataset = load_selection_from(settings, lambda _: WantedEvents(texts=(event,)))
    emit_match(
        settings,
        output,
        dataset,
        event,
        "event",
        find_events(dataset, event),
        lambda: event_index(whole_dataset(settings, dataset)).suggest(event),
        lambda match: event_document(dataset, match),
    )


@app.command()
@with_listing_order
@with_output_options
def quotes(
    ctx: typer.Context,
    person: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PERSON", help="Quotes by this person.", autocompletion=complete_person
        ),
    ] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(metavar="TOPIC", help="Quotes on this topic.", autocompletion=complete_topic),
    ] = None,
    *,
    order: ListingOrder,
    output: OutputRequest,
) -> None:
    """Quotes, verbatim, with speaker, date and sources.

    Example: spacetalks quotes --person Bakanov
    """
    settings = settings_of(ctx)
    dataset = load_from(settings)
    speakers = resolve_ids(people_index, dataset, person, "--person")
    on_topics = resolve_ids(topic_index, dataset, topic, "--topic")
    chosen = sorted_quotes(
        quote
        for quote in dataset.quotes.values()
        if (not speakers or quote.speaker in speakers)
        and (not on_topics or not on_topics.isdisjoint(quote.topics))
    )
    emit(settings, quotes_listing(dataset, chosen, order), output)


@app.command()
@with_listing_order
@with_output_options
def sources(
    ctx: typer.Context,
    *,
    order: ListingOrder,
    output: OutputRequest,
) -> None:
    """Every source, with the records that cite it.

    Example: spacetalks sources --fields id,url,cited_by
    """
    settings = settings_of(ctx)
    dataset = load_from(settings)
    emit(settings, sources_listing(dataset, citations(dataset), order), output)


@app.command()
@with_listing_order
@with_output_options
def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="Text to look for, in any text field.")
    ],
    record_type: Annotated[
        list[str] | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Only these record types: event, person, quote, topic, org, source.",
        ),
    ] = None,
    *,
    order: ListingOrder,
    output: OutputRequest,
) -> None:
    """Search every text field, case- and accent-insensitively.

    Example: spacetalks search deorbit --type event

    Each result names the record type, its id and the field that matched. No result
    exits with 1. SQLite FTS5 syntax searches whole words instead, best matches first,
    the matched words [bracketed] in the snippet: "Crew Dragon" (a phrase), Soyu* (a
    prefix), Bakanov AND NOT Duffy, Crew OR Soyuz. An unbalanced quote is a usage error.
    """
    require_text(text, "TEXT")
    settings = settings_of(ctx)
    types = check_values(record_type, SEARCH_TYPES, "--type")
    chosen = [kind for kind in SEARCH_TYPES if not types or kind in types]
    if is_full_text_query(text):
        try:
            check_query(text)
        except FullTextQueryError as error:
            raise usage_error(f"cannot read the search {quoted(text)}: {error}") from None
        queries = (text,) if "event" in chosen else ()
        dataset = load_selection_from(settings, lambda _: WantedEvents(full_text=queries))
        hits = full_text_search(dataset, text, chosen)
    else:
        texts = (text,) if "event" in chosen else ()
        dataset = load_selection_from(settings, lambda _: WantedEvents(texts=texts))
        hits = search_dataset(dataset, text, chosen)
    if hits or chosen_format(settings, output) is not Format.table:
        # A table of nothing says less than the message below.
        emit(settings, search_listing(dataset, hits, text, order), output)
    if not hits:
        raise SpacetalksError(f"nothing matches {quoted(text)}", EXIT_NOT_FOUND)


def one_event(settings: Settings, dataset: Dataset, query: str, argument: str) -> Event:
    """The one event an argument names: none exits 1 (suggesting the closest titles of
    the whole dataset), several exit 2 listing them."""
    require_text(query, argument)
    return the_one(
        dataset,
        query,
        "event",
        find_events(dataset, query),
        lambda: event_index(whole_dataset(settings, dataset)).suggest(query),
    )


@app.command()
@with_output_options
def between(
    ctx: typer.Context,
    first: Annotated[
        str,
        typer.Argument(
            metavar="A", help="An event id or title part.", autocompletion=complete_event
        ),
    ],
    second: Annotated[
        str, typer.Argument(metavar="B", help="Another event.", autocompletion=complete_event)
    ],
    *,
    output: OutputRequest,
) -> None:
    """The time between two events, in years, months and days, and in days.

    Example: spacetalks between "Bridenstine and Rogozin" "Bakanov and Duffy"

    "about" marks an interval where either date is known only to the month or year.
    """
    settings = settings_of(ctx)
    dataset = load_selection_from(settings, lambda _: WantedEvents(texts=(first, second)))
    a = one_event(settings, dataset, first, "A")
    b = one_event(settings, dataset, second, "B")
    emit(settings, between_document(dataset, a, b, time_between(dataset, a, b)), output)
