"""Schemathesis hooks for fuzzing Kassa (loaded through SCHEMATHESIS_HOOKS=kassa_hooks).

Kassa's custom scalars get strategies that produce both valid and hostile values, and one
check replaces schemathesis' GraphQL `not_a_server_error`, which counts every error in a
response as a failure. Kassa answers random input with contract errors (NOT_FOUND,
BAD_USER_INPUT, INSUFFICIENT_FUNDS...), which are correct; what must never come back is an
HTTP 5xx, INTERNAL_SERVER_ERROR, or an error without a code.
"""

import json

import schemathesis
from hypothesis import strategies as st
from schemathesis.graphql import nodes

MONEY = st.one_of(
    st.from_regex(r"\A[0-9]{1,7}\.[0-9]{2}\Z"),
    st.from_regex(r"\A-?[0-9]{1,30}(\.[0-9]{0,5})?\Z"),
    st.text(max_size=20),
)
DATE_TIME = st.one_of(
    st.datetimes().map(lambda moment: moment.isoformat() + "Z"),
    st.text(max_size=30),
)
schemathesis.graphql.scalar("Money", MONEY.map(nodes.String))
schemathesis.graphql.scalar("DateTime", DATE_TIME.map(nodes.String))


@schemathesis.check
def kassa_no_server_error(ctx, response, case):
    """No 5xx, and every error carries a contract code other than INTERNAL_SERVER_ERROR."""
    if response.status_code >= 500:
        raise AssertionError(f"HTTP {response.status_code}: {response.text[:500]}")
    try:
        body = json.loads(response.text)
    except ValueError as error:
        raise AssertionError(f"the response is not JSON: {response.text[:200]}") from error
    for error in body.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        if code is None:
            raise AssertionError(f"an error without extensions.code: {error}")
        if code == "INTERNAL_SERVER_ERROR":
            raise AssertionError(f"INTERNAL_SERVER_ERROR: {error}")
