"""Markdown and HTML reports of a brief."""
