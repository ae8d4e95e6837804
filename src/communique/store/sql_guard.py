"""The statement-level checks of `communique sql` (the second line of its sandbox).

The first line is the connection: DuckDB read-only (or a rolled-back transaction) with external
access disabled, so no file, COPY, ATTACH or extension can be reached; PostgreSQL a READ ONLY
transaction with a statement timeout. These checks refuse, with a clear message, what the sandbox
would refuse anyway or what it cannot see: more than one statement, anything but a query,
EXPLAIN ANALYZE of a non-query, and the file, extension and server functions of either engine.

SQL is tokenised, not matched with regular expressions over the raw text: string literals
('a;b', E'..', $tag$..$tag$), quoted identifiers and comments are skipped, so `SELECT 'a;b'` is
one statement and `SELECT 'COPY'` is a query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.errors import StoreError

#: What a statement may start with (SHOW/DESCRIBE/SUMMARIZE read the catalog or a table).
QUERY_STARTS = frozenset(
    {"SELECT", "WITH", "VALUES", "TABLE", "SHOW", "DESCRIBE", "SUMMARIZE", "FROM", "EXPLAIN"}
)
#: What EXPLAIN ANALYZE may run: queries only (EXPLAIN ANALYZE executes its statement).
ANALYZABLE = frozenset({"SELECT", "WITH", "VALUES", "TABLE", "FROM"})
#: Words that never appear in a read-only query outside a string or quoted name.
FORBIDDEN_WORDS = frozenset(
    {
        "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT", "CREATE", "DROP", "ALTER", "TRUNCATE",
        "GRANT", "REVOKE", "COPY", "ATTACH", "DETACH", "INSTALL", "LOAD", "PRAGMA", "SET",
        "RESET", "CALL", "EXPORT", "IMPORT", "CHECKPOINT", "VACUUM", "USE", "DO", "LISTEN",
        "NOTIFY", "LOCK", "PREPARE", "EXECUTE", "DEALLOCATE", "COMMIT", "ROLLBACK", "BEGIN",
    }
)  # fmt: skip
#: Functions that reach files, the network, extensions or the server (DuckDB and PostgreSQL).
FORBIDDEN_FUNCTIONS = re.compile(
    r"^(read_\w+|glob|parquet_\w+|sniff_csv|query|query_table|getenv|duckdb_secrets|"
    r"pg_read_\w+|pg_ls_\w+|pg_stat_file|pg_file_\w+|lo_\w+|dblink\w*|pg_terminate_backend|"
    r"pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|set_config|pg_sleep\w*|"
    r"pg_logical_\w+|pg_export_snapshot|pg_promote|pg_switch_wal|current_setting)$",
    re.IGNORECASE,
)

_HINT = "write one read-only query (SELECT/WITH ...); use `communique ingest` to change data"
_DOLLAR = re.compile(r"\$([A-Za-z_]\w*)?\$")


@dataclass(frozen=True)
class Token:
    text: str
    kind: str  # "word", "symbol"


def tokenize(sql: str) -> list[Token]:
    """Words and symbols of `sql` outside literals, quoted names and comments.

    Raises StoreError for an unterminated literal or comment (the engine would refuse it too).
    """
    tokens: list[Token] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c.isspace():
            i += 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end < 0 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            if end < 0:
                raise StoreError("unterminated /* comment", hint=_HINT)
            i = end + 2
        elif c in "'\"`":
            i = _skip_quoted(sql, i, c)
            tokens.append(Token("''", "literal"))
        elif c == "$" and (match := _DOLLAR.match(sql, i)):
            tag = match.group(0)
            end = sql.find(tag, match.end())
            if end < 0:
                raise StoreError("unterminated $-quoted string", hint=_HINT)
            i = end + len(tag)
            tokens.append(Token("''", "literal"))
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (sql[j].isalnum() or sql[j] in "_$"):
                j += 1
            tokens.append(Token(sql[i:j], "word"))
            i = j
        else:
            tokens.append(Token(c, "symbol"))
            i += 1
    return tokens


def _skip_quoted(sql: str, i: int, quote: str) -> int:
    """Index after the literal or quoted name starting at `i` (a doubled quote escapes it)."""
    j = i + 1
    backslash = quote == "'" and i > 0 and sql[i - 1] in "eE"
    while j < len(sql):
        if backslash and sql[j] == "\\":
            j += 2
            continue
        if sql[j] == quote:
            if j + 1 < len(sql) and sql[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    raise StoreError("unterminated quoted string or name", hint=_HINT)


def check_read_only(query: str) -> str:
    """The query, if it is one read-only statement; StoreError (saying why) otherwise."""
    tokens = tokenize(query)
    while tokens and tokens[-1].text == ";":
        tokens.pop()
    if not tokens:
        raise StoreError("the query is empty", hint=_HINT)
    if any(t.text == ";" for t in tokens):
        raise StoreError("only one statement is allowed", hint=_HINT)
    words = [t.text.upper() for t in tokens if t.kind == "word"]
    first = tokens[0].text.upper()
    if tokens[0].kind != "word" or first not in QUERY_STARTS:
        raise StoreError(
            f"{tokens[0].text!r} is not a query; only read-only queries run", hint=_HINT
        )
    if first == "EXPLAIN" and len(words) > 1 and words[1] in ("ANALYZE", "ANALYSE"):
        rest = [w for w in words[2:] if w not in ("VERBOSE",)]
        if not rest or rest[0] not in ANALYZABLE:
            raise StoreError("EXPLAIN ANALYZE runs its statement: only of a query", hint=_HINT)
    for word in words:
        if word in FORBIDDEN_WORDS:
            raise StoreError(f"{word} is not allowed in a read-only query", hint=_HINT)
    for index, token in enumerate(tokens):
        if token.kind != "word" or not FORBIDDEN_FUNCTIONS.match(token.text):
            continue
        following = tokens[index + 1].text if index + 1 < len(tokens) else ""
        if following == "(":
            raise StoreError(
                f"{token.text}() reaches files, extensions or the server; it is not allowed",
                hint="query the store's tables (docs/STORE.md)",
            )
    return query
