"""Date formats per language, where Django's own would confuse (see ``en``)."""
