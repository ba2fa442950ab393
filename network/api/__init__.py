"""The REST API of the network app (``/api/v1/``): connection requests, contacts and
who-is-this. Reads and writes go through the same selectors, services and model verbs as
the screens."""
