"""Users, teams, memberships and invitations."""
