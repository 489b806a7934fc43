"""Imports every module that registers a KindSpec (filled in kind by kind)."""
