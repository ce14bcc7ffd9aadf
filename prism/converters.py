"""URL converters shared by the apps."""


class IntegerIdConverter:
    """A positive database id that fits a 32-bit column; anything else matches no route.

    Without the bound, `/projects/99999999999` would reach the database and fail there.
    """

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= 2**31 - 1:
            raise ValueError("id out of range")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
