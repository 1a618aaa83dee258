"""Views of this app; see urls.py."""
