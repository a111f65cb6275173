"""`storyline serve`: the stored stories as a web app, an HTTP API and Atom feeds.

`app.create_app(db)` builds the FastAPI app; `library.Library` reads the store
through `storyline.api` and keeps rendered pages per (story id, revision), so
a request never re-analyses anything; `atom.py` writes the feeds.
"""
