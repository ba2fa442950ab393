"""What the team says: the phrase library, the composer, messages sent and replies received."""
