"""Short locks in the broker's Redis, so that work meant to happen once per tick happens once
even when two schedulers were started by mistake."""

from __future__ import annotations

from worker.runtime.context import Context


def once_per(ctx: Context, name: str, seconds: float) -> bool:
    """True for the first caller of ``name`` within ``seconds``; False for the others."""
    key = f"{ctx.settings.redis_prefix}earnwatch:lock:{name}"
    return bool(ctx.redis().set(key, "1", nx=True, px=max(int(seconds * 1000), 1)))
