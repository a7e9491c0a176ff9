"""Formats for other tools: calendars, web timelines, graphs, references, data packages,
JSON-LD."""
