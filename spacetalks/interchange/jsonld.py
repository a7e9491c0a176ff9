"""``export jsonld``: events as schema.org JSON-LD, for search engines, CMSs and archives.

Each event is a schema.org ``Event``: ``startDate``/``endDate`` at the precision the
dataset knows, ``eventStatus``, ``location``, its organizations as ``organizer`` and
its people as ``attendee`` (``sameAs`` their Wikidata item where the dataset has it),
its topics as ``about`` and its sources as ``citation``. Disputed fields and one-side
claims are ``comment``s, so the doubt travels with the fact; so are values only reports
written before the event give ("reported before the event") and an event overdue
(still scheduled or planned after its date).

Status: an event that happened, or is scheduled or planned, is ``EventScheduled``
(schema.org's word for "takes or took place as scheduled"), or ``EventRescheduled``
with ``previousStartDate`` where the dataset keeps the date first announced; a scrub is
``EventPostponed``; a cancellation ``EventCancelled``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from spacetalks.answers.rows import event_evidence
from spacetalks.dataset.model import Dataset, Event, Organization, Person, Source
from spacetalks.output.cells import (
    ADVANCE_STANCE,
    advance_alternatives,
    contested_alternatives,
    overdue_text,
)
from spacetalks.output.safe_link import link_target
from spacetalks.output.safe_text import json_safe
from spacetalks.query.reporting import event_overdue

SCHEMA = "https://schema.org/"
CONTEXT = "https://schema.org"
WIKIDATA = "https://www.wikidata.org/wiki/"

JsonObject = dict[str, object]


def record_iri(kind: str, record_id: str) -> str:
    """A stable identifier for a record of the dataset (a URN, as it has no web address)."""
    return f"urn:spacetalks:{kind}:{record_id}"


def event_status(event: Event) -> str:
    if event.status == "cancelled":
        return SCHEMA + "EventCancelled"
    if event.status == "scrubbed":
        return SCHEMA + "EventPostponed"
    if event.scheduled is not None and event.scheduled != event.date:
        return SCHEMA + "EventRescheduled"
    return SCHEMA + "EventScheduled"


def _same_as(wikidata: str | None) -> JsonObject:
    return {"sameAs": WIKIDATA + wikidata} if wikidata else {}


def person_node(person: Person) -> JsonObject:
    return {
        "@type": "Person",
        "@id": record_iri("person", person.id),
        "name": person.name,
        **_same_as(person.wikidata),
    }


def organization_node(organization: Organization) -> JsonObject:
    node: JsonObject = {
        "@type": "Organization",
        "@id": record_iri("organization", organization.id),
        "name": organization.name,
    }
    if organization.abbreviation:
        node["alternateName"] = organization.abbreviation
    return {**node, **_same_as(organization.wikidata)}


def citation_node(source: Source) -> JsonObject:
    node: JsonObject = {
        "@type": "CreativeWork",
        "@id": record_iri("source", source.id),
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher},
    }
    if source.date:
        node["datePublished"] = source.date
    if target := link_target(source.url):
        node["url"] = target
    return node


def _publishers(dataset: Dataset, source_ids: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(dataset.sources[source].publisher for source in source_ids))


def evidence_comments(dataset: Dataset, event: Event) -> list[JsonObject]:
    """Which sources state which field, what sources disagree on (values only reports
    written before the event give marked so), whether it is overdue, and whose claim
    alone the event is, as comments."""
    comments = [
        f"Sources for the {entry.field}: {_publishers(dataset, entry.sources)}"
        + (f". {entry.note}" if entry.note else "")
        for entry in event.evidence
    ]
    for dispute in event_evidence(dataset, event)["disputes"]:
        contested = contested_alternatives(dispute)
        text = ("Disputed " if len(contested) > 1 else "") + dispute.field + ": "
        text += "; or ".join(
            f"{alternative.value} ({_publishers(dataset, alternative.sources)})"
            for alternative in contested
        )
        advance = advance_alternatives(dispute)
        if advance:
            text += f"; {ADVANCE_STANCE}: " + "; or ".join(
                f"{alternative.value} ({_publishers(dataset, alternative.sources)})"
                for alternative in advance
            )
        comments.append(text + (f". {dispute.note}" if dispute.note else ""))
    if event_overdue(dataset, event):
        comments.append(overdue_text(event.date).capitalize() + ".")
    if event.claimed_by:
        claimants = [
            (dataset.organizations.get(claimant) or dataset.people[claimant]).name
            for claimant in event.claimed_by
        ]
        comments.append(
            f"Claimed by {', '.join(claimants)} alone; not confirmed by the other side."
        )
    return [{"@type": "Comment", "text": text} for text in comments]


def event_node(dataset: Dataset, event: Event) -> JsonObject:
    node: JsonObject = {
        "@type": "Event",
        "@id": record_iri("event", event.id),
        "identifier": event.id,
        "name": event.title,
        "startDate": event.date,
        "eventStatus": event_status(event),
    }
    if event.summary:
        node["description"] = event.summary
    if event.end:
        node["endDate"] = event.end
    if node["eventStatus"] == SCHEMA + "EventRescheduled":
        node["previousStartDate"] = event.scheduled
    if event.place:
        node["location"] = {"@type": "Place", "name": event.place}
    if event.organizations:
        node["organizer"] = [
            organization_node(dataset.organizations[org]) for org in event.organizations
        ]
    if event.people:
        node["attendee"] = [person_node(dataset.people[person]) for person in event.people]
    if event.topics:
        node["about"] = [
            {
                "@type": "Thing",
                "@id": record_iri("topic", topic),
                "name": dataset.topics[topic].name,
            }
            for topic in event.topics
        ]
    node["citation"] = [citation_node(dataset.sources[source]) for source in event.sources]
    comments = evidence_comments(dataset, event)
    if comments:
        node["comment"] = comments
    return node


def jsonld_document(dataset: Dataset, events: Sequence[Event]) -> JsonObject:
    return {
        "@context": CONTEXT,
        "@graph": [event_node(dataset, event) for event in events],
    }


def script_safe(json_text: str) -> str:
    """JSON text that a page can hold in a ``<script>`` element: ``<``, ``>`` and ``&``
    written as JSON escapes (``\\u003c``...), so no dataset text can close the element
    (``</script>``) or open a comment (``<!--``); a JSON reader gets the same values."""
    return json_text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def jsonld_text(dataset: Dataset, events: Sequence[Event]) -> str:
    """The JSON-LD file; pasted into pages, so it is script_safe as the HTML export's is."""
    document = json.dumps(jsonld_document(dataset, events), ensure_ascii=False, indent=2)
    return script_safe(json_safe(document)) + "\n"


def jsonld_script(dataset: Dataset, events: Sequence[Event]) -> str:
    """The JSON-LD as an HTML ``<script>`` element (see script_safe)."""
    text = script_safe(json_safe(json.dumps(jsonld_document(dataset, events), ensure_ascii=False)))
    return f'<script type="application/ld+json">{text}</script>'
