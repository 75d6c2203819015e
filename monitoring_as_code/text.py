"""Small helpers for the text mac prints."""


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """Return `1 file`, `2 files`: the count with the noun in the right number."""
    if count == 1:
        return f"{count} {noun}"
    return f"{count} {plural_form or noun + 's'}"
