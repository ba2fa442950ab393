"""English dates that no reader can take for another day: Django's English short format is
American (12/05/2026), which a British or French reader reads as the 12th of May. Netcurate
spells the month instead, the same in every view, toast and email."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
