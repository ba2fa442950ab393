"""The people side of Netcurate: the address book, how-we-met categories, the triage inbox of
connection requests and recognition, one feature package each (see README, "Where things
are")."""
