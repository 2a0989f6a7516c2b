"""The draw-alert pipeline, above `bot.draws` and `bot.alerts` (neither imports it, and
`draws` never imports `alerts`): poll the feed, record each new round once and, in the same
transaction, write its outbox rows; the admin's `/recorddraw` takes the same path. It also
serves `python -m bot draws ...`."""
