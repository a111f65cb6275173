"""Per-article annotation: spaCy, entities, quotes, speakers, numbers, dates."""
