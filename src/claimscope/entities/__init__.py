"""Entities: canonical speakers and names, from the knowledge in data files.

Resolution (claimscope.entities.resolve) needs spaCy; the knowledge base and the gazetteer do not,
and read-only commands load only them: this package imports nothing by itself.
"""
