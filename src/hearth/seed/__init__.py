"""Sample organisations for demos and benchmarks (`hearth seed`).

``demo`` is a small, hand-shaped organisation that tells a story: one person per
role, spaces of every visibility, an access request waiting for approval, and
about 150 conversations and questions with replies, likes and fresh notifications
for the sign-ins. It is idempotent, so `make demo` may run it on every start.

``large`` is the organisation Hearth is designed for (200,000 people, 27 business
units, 64 countries, thousands of spaces, a million posts), scaled down or up, written
with bulk inserts. It is for benchmarks and expects a database without it.

Both rebuild the search index at the end when the search app is installed.
"""
