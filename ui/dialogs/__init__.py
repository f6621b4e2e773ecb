"""The shell's dialogs and the first-run page (sign-in, settings, conflicts, diagnostics).

Each module is imported where its dialog is opened, not at start-up: none of
them is needed for the first paint.
"""
