"""Reusable widgets: they know nothing of the app, its store or its workspaces.

Rule for every widget under ``ui/``: text that comes from data (paths, names,
server messages — anything that is not our own translated literal) is shown
with :class:`ui.widgets.plain.PlainLabel` and tooltips through
:func:`ui.widgets.plain.plain_tooltip`, never through Qt's rich-text guess.
``tests/ui/test_main_window.py`` checks every label of the main window.
"""
