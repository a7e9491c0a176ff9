"""The interactive explorer (``spacetalks browse``), built with Textual.

Only ``spacetalks browse`` imports this package, and Textual with it: it comes with the
``tui`` extra (``pip install 'spacetalks[tui]'``), and nothing else needs it.
"""
