"""The demo province as data (`province.py`, `initiatives.py`) and the loader that replays it (`loader.py`)."""
