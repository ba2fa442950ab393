"""Code only developers need: demo data and benchmark generators for the replies app."""
