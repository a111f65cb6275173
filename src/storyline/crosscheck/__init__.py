"""Across outlets: aligned sentences, statements, figures, conflicts, quotes."""
