"""Rendering helpers shared by every area: callback data, keyboards, texts, sending."""
