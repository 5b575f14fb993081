"""Name knowledge shared by the article level (``pipeline``) and the corpus level (``stories``).

``gazetteer``: countries, capitals, demonyms and institutions with their folding keys;
``keys``: name keys, name words, short forms and slugs; ``roles``: role coverage and
ranking; ``merging``: how actors merge (union-find, initials and acronyms, kind, name,
aliases and ids); ``spans``: which actor a text span names.
"""
