"""Reading and writing files: safe YAML with line numbers, pydantic errors as located problems,
variant drafts (dotted paths into YAML), atomic and contained writes."""
