"""The JSON Schema of a dataset file, as text.

spacetalks/data/schema.json is this module's output; regenerate it after changing the model:

    python -m spacetalks.dataset.schema > spacetalks/data/schema.json
"""

from __future__ import annotations

import json
import sys

from spacetalks.dataset.model import dataset_schema


def schema_text() -> str:
    return json.dumps(dataset_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.stdout.write(schema_text())
