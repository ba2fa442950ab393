"""Contacts, how-we-met categories, connection requests, recognition, import and export."""
