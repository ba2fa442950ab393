"""Taking the team's data out: contacts as CSV and vCard 3.0 for any address book, and the
whole team as one JSON backup that restores into an empty team without loss."""
