"""Everything that runs: the stages and the chain that joins them (``stages``), Celery
(``queue``), the database (``storage``), what a process is made of (``runtime``), operations
(``ops``) and the command line (``cli``). The errors an operator can act on are in ``errors``.

``documents`` and ``evaluation`` read single documents and score the engine on a
labelled corpus (``earnwatch read``, ``diff``, ``eval``).
"""
