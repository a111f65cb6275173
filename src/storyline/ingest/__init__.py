"""Reading articles in: files and their encodings, language, cleaning, duplicates."""
