"""The knowledge base: typed entries from `knowledge/`, a lexical index, answers or abstention.

Domain package: it never imports `bot.chat`, `bot.telegram` or `bot.console`.
"""
