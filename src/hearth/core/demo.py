"""The demo organisation's sign-ins, shared by `hearth seed` and `hearth rundemo`."""

DEMO_PASSWORD = "hearth-demo"

# (username, what they can do) — one per role, printed by `make demo`.
DEMO_SIGN_INS = [
    ("admin", "platform admin (IT solution manager)"),
    ("director", "director of collaboration"),
    ("unitlead", "business collaboration leader (Operations)"),
    ("leader", "community leader of several spaces"),
    ("facilitator", "facilitator / moderator"),
    ("champion", "champion / key user"),
    ("member", "member of a few spaces"),
    ("newcomer", "employee in no space yet"),
]
