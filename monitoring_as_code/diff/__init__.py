"""`mac diff`: compare two Projects semantically and render the changes.

`compare.py` pairs definitions section by section into the change types of
`model.py`. `git.py` and `sides.py` load the base ref from a temporary
worktree. `render_text.py`, `render_markdown.py` and `render_json.py` turn
the result into output.
"""
