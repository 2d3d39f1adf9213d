# script-version: 2.0
# A Catalyst script that calls sys.exit() at import: isvsim must not end with it.
import sys

sys.exit(5)
