"""The widgets: each module builds its figure once and updates artists in place."""
