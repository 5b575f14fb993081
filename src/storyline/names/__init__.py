"""Name knowledge shared by the article level (``pipeline``) and the corpus level (``stories``).

``gazetteer``: countries, capitals, demonyms and institutions with their folding keys;
``keys``: name keys, name words, short forms and slugs; ``roles``: role coverage.
"""
