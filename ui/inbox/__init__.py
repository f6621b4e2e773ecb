"""The inbox workspace: the department's review tasks (list) and one task (detail).

``workspace.InboxWorkspace`` puts the list (``view.InboxList`` over
``model.InboxModel``) beside the task detail (``detail.TaskDetail``).
"""
