"""The kiosk page (取号机): static HTML, CSS and JS, no Python.

A package only so that the folder installs with hall (``pip install .``) and is found
through ``importlib.resources`` both in the source tree and in an installed wheel."""
