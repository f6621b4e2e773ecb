"""The domain: entities, state machines, deadlines and rules. No I/O, no Qt."""
