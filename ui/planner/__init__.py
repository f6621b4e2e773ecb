"""The inspection planner workspace and field mode (issue 8)."""
