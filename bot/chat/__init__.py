"""The conversation core: an `Event` in, `Reply` objects out, with no transport code."""

from bot.chat.app import build_router
from bot.chat.context import ChatContext
from bot.chat.events import Event
from bot.chat.router import Command, Router
from bot.replies import Button, Reply

__all__ = ["Button", "ChatContext", "Command", "Event", "Reply", "Router", "build_router"]
