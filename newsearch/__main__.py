"""``python -m newsearch``: the same as the ``newsearch`` command."""

from .cli import main

if __name__ == "__main__":
    main()
