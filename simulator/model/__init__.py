"""What each file kind may say (pydantic models): shared field types, treaties (members, chair on a day,
bodies, articles, procedure), scenarios, instructors' injects, outcome classes."""
