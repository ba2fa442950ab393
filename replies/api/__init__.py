"""The phrase library through the REST API (``/api/v1/phrases/``)."""
