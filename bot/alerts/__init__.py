"""Draw alerts: who gets which alert, the personal line, the outbox and its delivery."""
