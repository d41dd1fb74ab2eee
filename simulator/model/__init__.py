"""What each file kind may say (pydantic models): shared field types, treaties (members, chair on a day,
bodies, articles, procedure), scenarios, variants, lessons and answers, instructors' injects, outcome
classes; their JSON Schemas (schemas.py)."""

# The file kinds `treaty-sim schema` knows, here so that the CLI lists them without loading a model.
FILE_KINDS = ("scenario", "variant", "injects", "lesson", "answers", "treaty")
