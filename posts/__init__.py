"""Team-recruitment posts: browse, write, view and bookmark (T1–T5).

A plain package, not a Django app: its models (Post, PostPosition, Bookmark) stay in the
`projects` app, whose migrations created them, and it has no admin, templates or commands of
its own. It sits above `reviews` because the post detail embeds the project's public detail
with its review facts.
"""
