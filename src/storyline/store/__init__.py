"""The persistent store of articles, parses and stories."""
