"""Grouping articles into stories, in one run and across runs."""
