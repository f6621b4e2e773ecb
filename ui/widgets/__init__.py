"""Reusable widgets: they know nothing of the app, its store or its workspaces."""
