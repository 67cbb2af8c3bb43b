"""Metric math expressions of an alarm's `Metrics`, evaluated one period at a time.

CloudWatch alarms may watch an expression over other metrics (`Metrics`: MetricStat queries
and one expression with ReturnData). moto 5.2.1 stores them and evaluates nothing;
alarm_evaluation.py computes each MetricStat query's value for a period and this module the
expression's. The grammar covers what Ballast synthesizes and the arithmetic around it:

    expression := term (("+" | "-") term)*
    term       := factor (("*" | "/") factor)*
    factor     := NUMBER | ID | "(" expression ")" | "-" factor | FUNC "(" "[" expression ("," expression)* "]" ")"

with FUNC one of MAX, MIN, SUM, AVG over an array of time series, and ID the Id of another
query (a metric or an expression). Per period: an arithmetic operator on a missing value
gives a missing value; a function over an array takes the values present (missing when none
is); dividing by zero gives a missing value. Anything else (a function over one series,
METRICS(), FILL, SEARCH, …) is refused with UnsupportedExpression, and the alarm is not
evaluated.
"""
import re
from typing import Callable

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<symbol>[-+*/()\[\],]))")
_FUNCTIONS: dict[str, Callable[[list[float]], float]] = {
    "MAX": max, "MIN": min, "SUM": sum, "AVG": lambda values: sum(values) / len(values),
}


class UnsupportedExpression(ValueError):
    """An expression outside the grammar above, or naming an Id no query has."""


def _tokens(expression: str) -> list[tuple[str, str]]:
    found, position = [], 0
    while position < len(expression.rstrip()):
        match = _TOKEN.match(expression, position)
        if match is None:
            raise UnsupportedExpression(f"cannot read {expression!r} at {position}")
        kind = match.lastgroup or "symbol"
        found.append((kind, match.group(kind)))
        position = match.end()
    return found


def evaluate(expression: str, values: Callable[[str], float | None]) -> float | None:
    """The expression's value for one period; `values(id)` gives another query's value then
    (None: no data in that period)."""
    tokens = _tokens(expression)
    position = 0

    def peek() -> str | None:
        return tokens[position][1] if position < len(tokens) else None

    def take(wanted: str | None = None) -> tuple[str, str]:
        nonlocal position
        if position >= len(tokens) or (wanted is not None and tokens[position][1] != wanted):
            raise UnsupportedExpression(f"expected {wanted or 'more'} in {expression!r}")
        position += 1
        return tokens[position - 1]

    def arithmetic(left: float | None, operator: str, right: float | None) -> float | None:
        if left is None or right is None:
            return None
        if operator == "/":
            return None if right == 0 else left / right
        return {"+": left + right, "-": left - right, "*": left * right}[operator]

    def expression_() -> float | None:
        value = term()
        while peek() in ("+", "-"):
            operator = take()[1]
            value = arithmetic(value, operator, term())
        return value

    def term() -> float | None:
        value = factor()
        while peek() in ("*", "/"):
            operator = take()[1]
            value = arithmetic(value, operator, factor())
        return value

    def factor() -> float | None:
        kind, text = take()
        if kind == "number":
            return float(text)
        if text == "-":
            operand = factor()
            return None if operand is None else -operand
        if text == "(":
            value = expression_()
            take(")")
            return value
        if kind == "name" and text in _FUNCTIONS and peek() == "(":
            take("(")
            take("[")
            items = [expression_()]
            while peek() == ",":
                take(",")
                items.append(expression_())
            take("]")
            take(")")
            present = [v for v in items if v is not None]
            return _FUNCTIONS[text](present) if present else None
        if kind == "name" and text[0].islower():
            return values(text)
        raise UnsupportedExpression(f"{text!r} in {expression!r} is not supported by the emulator")

    result = expression_()
    if position != len(tokens):
        raise UnsupportedExpression(f"unexpected {tokens[position][1]!r} in {expression!r}")
    return result
