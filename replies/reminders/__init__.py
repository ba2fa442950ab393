"""Follow-up reminders: when a clarification stays unanswered, the member who asked is
reminded (by email, in the app, or both), then offered to close the loop."""
