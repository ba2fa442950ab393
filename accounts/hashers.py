"""Argon2id tuned for a small server: 19 MiB of memory, two passes, one lane.

These are OWASP's minimum recommended Argon2id parameters; they keep a login at a few tens of
milliseconds on one core while making each guess costly for an attacker with a GPU.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
