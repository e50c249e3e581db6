#!/usr/bin/env python3
"""Validates every YAML document of an OpenSLO file against the OpenSLO v1 JSON Schema.

Usage: openslo_validate.py SCHEMA_DIR FILE. Every schema file is registered under its `$id`,
so nothing is fetched. Prints the documents as one JSON array on stdout when all are valid;
exits 1 with the errors otherwise.
"""
import json
import pathlib
import sys

import jsonschema
import yaml
from referencing import Registry, Resource


def main():
    schema_dir = pathlib.Path(sys.argv[1])
    resources = []
    for path in [schema_dir / "openslo.schema.json", *sorted((schema_dir / "parts").glob("*.json"))]:
        contents = json.loads(path.read_text())
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    root = json.loads((schema_dir / "openslo.schema.json").read_text())
    validator = jsonschema.Draft7Validator(root, registry=registry)
    docs = [d for d in yaml.safe_load_all(pathlib.Path(sys.argv[2]).read_text()) if d is not None]
    errors = []
    for i, doc in enumerate(docs):
        for e in validator.iter_errors(doc):
            # A failed `oneOf` only says "not valid under any"; its context says why.
            causes = sorted({c.message for c in e.context if c.validator != "const"})
            errors.append(f"document {i} at {list(e.absolute_path)}: {'; '.join(causes) or e.message}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    json.dump(docs, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
